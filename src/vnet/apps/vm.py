"""A simulated virtual machine attached to a TAP device, as qemu attaches a guest.

Seed 003 wires VMs to a bridge through TAP devices: qemu holds the tap's file
descriptor and moves frames between it and the guest's virtual NIC. Here the guest is
a network namespace named after the VM whose NIC (`eth0` by default) is itself the
other end of that relay: every frame the guest's stack sends on its NIC is written
into the host's tap (and received by the host side), and every frame the host sends
out of the tap reaches the guest's NIC. While the VM runs, the tap has carrier.

The real-kernel twin is vnet.backend.tapvm, which does the same with two real TAP
file descriptors and a relay process, so a script using `vnet vm add` runs in both.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from vnet.link import rtnl
from vnet.link.device import DeviceError
from vnet.link.tuntap import TunTap

if TYPE_CHECKING:
    from vnet.core.netns import Namespace


class VmError(Exception):
    pass


def add_vm(host_ns: Namespace, name: str, tap_name: str, ifname: str = "eth0",
           mac: bytes | None = None) -> TunTap:
    world = host_ns.world
    tap = host_ns.get(tap_name)
    if not isinstance(tap, TunTap) or tap.mode != "tap":
        raise VmError(f'"{tap_name}" is not a tap device')
    if name in world.named:
        raise VmError(f'a namespace "{name}" already exists')
    if tap.reader is not None:
        raise VmError(f"{tap_name} is already in use")
    guest = world.add_netns(name)
    try:
        nic = rtnl.add_tuntap(guest, ifname, "tap")
    except DeviceError as err:
        world.del_netns(name)
        raise VmError(str(err)) from None
    nic.persist = False
    if mac is not None:
        nic.mac = nic.perm_mac = mac
    tap.attach(nic.write)
    # the guest NIC is created already attached: carrier on from birth, so its
    # operstate stays UNKNOWN as a tun device's does (no linkwatch event)
    nic.reader = tap.write
    nic.carrier = True
    return nic


def del_vm(host_ns: Namespace, name: str) -> None:
    world = host_ns.world
    guest = world.named.get(name)
    if guest is None:
        raise VmError(f'no VM "{name}"')
    for dev in host_ns.devices():
        if isinstance(dev, TunTap) and dev.reader is not None:
            owner = getattr(dev.reader, "__self__", None)
            if owner is not None and getattr(owner, "netns", None) is guest:
                dev.detach()
    world.del_netns(name)
