"""Writes to net.ipv6.conf.* that change the configuration (addrconf.c addrconf_sysctl_*).

Watches the namespace's sysctl tree. `disable_ipv6` on a device takes IPv6 down on it
(its addresses, routes and group loads go) or brings it back (dev_disable_change);
written to `all` it also sets `default` and every device. `forwarding` joins or leaves
the all-routers groups and subnet-router anycast addresses (dev_forward_change), `all`
again covering `default` and every device. `addr_gen_mode` accepts 0..3 (2 only with a
stable secret) and generates the link-local address of the new mode at once. `mtu`
stays within [1280, device MTU]. A refused value is put back and ValueError raised, so
the sysctl command reports "Invalid argument" as Linux does.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from vnet.net import ipv6_addr as A
from vnet.net import ipv6_devconf as C
from vnet.net.ipv6_anycast import join_anycast, leave_anycast
from vnet.net.ipv6_ifaddr import (
    GEN_MODE_NAMES,
    GEN_STABLE_PRIVACY,
    IFA_F_TENTATIVE,
    IPV6_MIN_MTU,
    WATCHED,
    Inet6Dev,
    flag,
)

if TYPE_CHECKING:
    from vnet.net.addrconf import Ipv6State


def store(state: Ipv6State, idev: Inet6Dev, name: str, value: int) -> None:
    """Set a device's cached conf value and its sysctl key together."""
    idev.cnf[name] = value
    state.ns.sysctl.values[C.key(idev.sysctl_name, name)] = str(value)


def sysctl_changed(state: Ipv6State, key: str, value: str) -> None:
    parts = C.split_key(key)
    if parts is None or parts[1] not in WATCHED:
        return
    scope, name = parts
    idev = None
    if scope in ("all", "default"):
        old = state.cnf[scope][name]
    else:
        idev = next((i for i in state.idevs.values() if i.sysctl_name == scope), None)
        if idev is None:
            return
        old = idev.cnf[name]
    tree = state.ns.sysctl

    def refuse() -> None:
        tree.values[key] = str(old)
        raise ValueError(value)

    try:
        new = int(value.split()[0])
    except (ValueError, IndexError):
        refuse()
        return
    if name == "addr_gen_mode":
        if new not in GEN_MODE_NAMES:
            refuse()
        if idev is not None and new == GEN_STABLE_PRIVACY and idev.secret is None \
                and state.dflt_secret is None:
            refuse()                                 # check_stable_privacy
    if name == "mtu" and (new < IPV6_MIN_MTU or idev is not None and new > idev.dev.mtu):
        refuse()
    if idev is not None:
        idev.cnf[name] = new
        _apply(state, idev, name, old, new)
        return
    state.cnf[scope][name] = new
    if scope == "default" or name == "mtu":
        return
    state.cnf["default"][name] = new                 # all: default and every device
    tree.values[C.key("default", name)] = str(new)
    for dev in state.ns.devices():
        other = state.idevs.get(dev)
        if other is None:
            continue
        prev = other.cnf[name]
        if name == "addr_gen_mode" and prev == new:
            continue
        store(state, other, name, new)
        _apply(state, other, name, prev, new)


def _apply(state: Ipv6State, idev: Inet6Dev, name: str, old: int, new: int) -> None:
    if name == "disable_ipv6" and bool(old) != bool(new):
        if new:                                      # dev_disable_change
            state.ifdown(idev.dev, unregister=False)
        else:
            state.notify_up(idev.dev)
    elif name == "forwarding" and bool(old) != bool(new):
        forward_change(state, idev)
    elif name == "addr_gen_mode" and old != new:
        state.init_auto_addrs(idev.dev)


def forward_change(state: Ipv6State, idev: Inet6Dev) -> None:
    """dev_forward_change: all-routers groups and subnet-router anycast addresses."""
    groups = (A.ALLROUTERS_LINK, A.ALLROUTERS_IFACE, A.ALLROUTERS_SITE)
    if flag(idev.dev, "MULTICAST"):
        for group in groups:
            if idev.forwarding:
                idev.mc.inc(group)
            else:
                idev.mc.dec(group)
    for ifa in [a for a in idev.addrs if not a.flags & IFA_F_TENTATIVE]:
        if idev.forwarding:
            join_anycast(state.fib, ifa)
        else:
            leave_anycast(state.fib, ifa)
