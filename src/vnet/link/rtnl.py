"""rtnetlink link operations: create, delete, move, rename and configure devices.

The one place commands (`ip link`, `brctl`, `ip tuntap`, the Python API, topology
files) change devices, as RTM_NEWLINK/RTM_DELLINK/RTM_SETLINK handlers do in
net/core/rtnetlink.c. Every refusal raises DeviceError with the kernel's message and
errno name so each front end can print it in its own tool's words.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from vnet.link import macvlan, vlan, vxlan
from vnet.link.bridge.bridge import Bridge
from vnet.link.device import Device, DeviceError
from vnet.link.macvlan import MacVlan
from vnet.link.tuntap import TunTap
from vnet.link.veth import create_pair
from vnet.wire.mac import random_local_mac

if TYPE_CHECKING:
    from vnet.core.netns import Namespace

IFNAMSIZ = 16


def check_name(name: str) -> None:
    """dev_valid_name."""
    if not name or len(name) >= IFNAMSIZ or name in (".", "..") or any(
            c in name for c in "/: \t\n"):
        raise DeviceError("Invalid argument", "EINVAL")


def _check_free(ns: Namespace, name: str) -> None:
    check_name(name)
    if ns.get(name) is not None:
        raise DeviceError("File exists", "EEXIST")


def _template_name(ns: Namespace, template: str) -> str:
    """dev_alloc_name: `veth%d` takes the lowest free number."""
    i = 0
    while ns.get(template % i) is not None:
        i += 1
    return template % i


def new_mac(ns: Namespace) -> bytes:
    return random_local_mac(ns.world.rng)


def add_veth(ns: Namespace, name: str | None, peer_name: str | None = None,
             peer_ns: Namespace | None = None, mac: bytes | None = None,
             peer_mac: bytes | None = None) -> tuple[Device, Device]:
    """veth_newlink: the peer is registered first, so it takes the lower ifindex."""
    peer_ns = peer_ns or ns
    if name is None:
        name = _template_name(ns, "veth%d")
    _check_free(ns, name)
    if peer_name is None:
        peer_name = _template_name(peer_ns, "veth%d")
        if peer_ns is ns and peer_name == name:
            i = int(name[4:]) + 1
            while ns.get(f"veth{i}") is not None:
                i += 1
            peer_name = f"veth{i}"
    if peer_ns is ns and peer_name == name:
        raise DeviceError("File exists", "EEXIST")
    _check_free(peer_ns, peer_name)
    given = (mac is not None, peer_mac is not None)
    peer_mac = peer_mac or new_mac(ns)
    mac = mac or new_mac(ns)
    dev, peer = create_pair(name, mac, peer_name, peer_mac)
    for d, set_by_user in zip((dev, peer), given, strict=True):
        if set_by_user:
            d.addr_assign_type = 3  # NET_ADDR_SET: rtnl_create_link got IFLA_ADDRESS
    peer_ns.register(peer)
    ns.register(dev)
    dev.linkwatch_down()            # veth_newlink turned both carriers off
    peer.linkwatch_down()
    if peer_ns is not ns:
        ns.peer_id(peer_ns)     # the new device's RTM_NEWLINK names its peer's netns
    return dev, peer


def add_bridge(ns: Namespace, name: str) -> Bridge:
    _check_free(ns, name)
    br = Bridge(name, new_mac(ns))
    ns.register(br)
    br.fdb.insert_local(br.mac, None, ns.world.sched.now)
    return br


def add_macvlan(ns: Namespace, name: str, lower: Device, mode: int,
                mac: bytes | None = None) -> MacVlan:
    """macvlan_common_newlink: a random address unless one is given (passthru takes the
    lower device's)."""
    _check_free(ns, name)
    given = mac is not None
    dev = macvlan.create(name, mac or new_mac(ns), lower, mode)
    if dev.port.passthru:
        dev.addr_assign_type = dev.lower.addr_assign_type     # eth_hw_addr_inherit
    elif given:
        dev.addr_assign_type = 3
    ns.register(dev)
    if dev.lower.netns is not ns:
        ns.peer_id(dev.lower.netns)     # the new device's RTM_NEWLINK names its link's netns
    return dev


def add_vlan(ns: Namespace, name: str | None, lower: Device, vid: int, proto: int,
             mac: bytes | None = None) -> vlan.VlanDev:
    """register_vlan_dev: made in `ns` on a lower device of the requester's namespace; the
    lower device's MAC unless one is given (vlan_dev_init: NET_ADDR_STOLEN)."""
    if name is None:
        name = _template_name(ns, "vlan%d")
    _check_free(ns, name)
    dev = vlan.create(name, mac or lower.mac, lower, vid, proto)
    dev.addr_assign_type = 3 if mac is not None else 2
    ns.register(dev)
    if lower.netns is not ns:
        ns.peer_id(lower.netns)     # the new device's RTM_NEWLINK names its link's netns
    return dev


def add_vxlan(ns: Namespace, name: str | None, vni: int, link_ns: Namespace, tunnel: object,
              mac: bytes | None = None) -> vxlan.Vxlan:
    """vxlan_newlink: made in `ns`, its socket and routes in `link_ns` (the requester's)."""
    if name is None:
        name = _template_name(ns, "vxlan%d")
    _check_free(ns, name)
    dev = vxlan.create(name, mac or new_mac(ns), vni, link_ns, tunnel)
    if mac is not None:
        dev.addr_assign_type = 3
    return dev


def add_tuntap(ns: Namespace, name: str | None, mode: str, **options: object) -> TunTap:
    if name is None:
        name = _template_name(ns, "tap%d" if mode == "tap" else "tun%d")
    _check_free(ns, name)
    dev = TunTap(name, new_mac(ns), mode, **options)  # type: ignore[arg-type]
    ns.register(dev)
    return dev


def delete(dev: Device) -> None:
    if dev.kind is None:
        raise DeviceError("Operation not supported", "EOPNOTSUPP")
    dev.unregister()


def set_netns(dev: Device, target: Namespace) -> None:
    """dev_change_net_namespace: down, leave the bridge, move, keep the index if free."""
    src = dev.netns
    if target is src:
        return
    if dev.kind is None or dev.kind == "bridge":    # NETIF_F_NETNS_LOCAL: lo, bridges
        raise DeviceError("The interface netns is immutable.", "EINVAL")
    if target.get(dev.name) is not None:
        raise DeviceError("An interface with the same name exists in the target netns.",
                          "EEXIST")
    if dev.admin_up:
        dev.set_down()
    if dev.master is not None:
        dev.master.del_port(dev)  # type: ignore[attr-defined]
    src.peer_id(target)             # RTM_DELLINK in the old namespace: IFLA_NEW_NETNSID
    src.notify("UNREGISTER", dev)
    dev.qdisc_attached = False      # dev_shutdown: back to noop until opened again
    src.unregister(dev)
    target.register(dev, dev.ifindex)
    peer = dev.iflink_dev()
    if peer is not None and peer.netns is not target:
        target.peer_id(peer.netns)  # RTM_NEWLINK in the new namespace: IFLA_LINK_NETNSID


def set_name(dev: Device, new: str) -> None:
    ns = dev.netns
    if new == dev.name:
        return
    _check_free(ns, new)            # renaming a device that is up is allowed (Linux >= 6.5)
    ns.rename(dev, new)
    ns.notify("CHANGENAME", dev)


def set_master(dev: Device, master: Device | None) -> None:
    if master is None:
        if dev.master is not None:
            dev.master.del_port(dev)  # type: ignore[attr-defined]
        return
    if not isinstance(master, Bridge):
        raise DeviceError("Operation not supported", "EOPNOTSUPP")
    if dev.master is not None and dev.master is not master:
        dev.master.del_port(dev)  # type: ignore[attr-defined]
    master.add_port(dev)
