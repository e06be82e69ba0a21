"""Subnet-router anycast addresses of a forwarding interface (net/ipv6/anycast.c).

While `net.ipv6.conf.DEV.forwarding` is on, every valid address joins the anycast
address of its prefix (RFC 4291 2.6.1, `fe80::` for a link-local address), which
installs `anycast PREFIX dev X table local proto kernel metric 0` and the solicited-node
group of that anycast address (ff02::1:ff00:0 for fe80::). No packet uses them yet.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from vnet.net import ipv6_addr as A
from vnet.net import ipv6_fib as F

if TYPE_CHECKING:
    from vnet.net.ipv6_ifaddr import Inet6Addr


def join_anycast(fib: F.Fib6, ifa: Inet6Addr) -> None:
    """addrconf_join_anycast -> __ipv6_dev_ac_inc."""
    if ifa.prefixlen >= 127:                       # RFC 6164: no anycast on /127
        return
    prefix = A.prefix_of(ifa.addr, ifa.prefixlen)
    if prefix == 0:
        return
    idev = ifa.idev
    if idev.dead:
        return
    entry = idev.anycast.get(prefix)
    if entry is not None:
        entry[0] += 1
        return
    route = F.host_route(prefix, idev.dev, anycast=True)
    idev.anycast[prefix] = [1, route]
    fib.add(route)
    idev.mc.inc(A.solicited_node(prefix))


def leave_anycast(fib: F.Fib6, ifa: Inet6Addr) -> None:
    """addrconf_leave_anycast -> __ipv6_dev_ac_dec."""
    if ifa.prefixlen >= 127:
        return
    prefix = A.prefix_of(ifa.addr, ifa.prefixlen)
    idev = ifa.idev
    entry = idev.anycast.get(prefix)
    if entry is None:
        return
    entry[0] -= 1
    if entry[0] > 0:
        return
    del idev.anycast[prefix]
    idev.mc.dec(A.solicited_node(prefix))
    route = entry[1]
    if any(r is route for r in fib.find(route.table, route.dst, route.plen)):
        fib.remove(route)
