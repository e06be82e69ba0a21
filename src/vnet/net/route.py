"""Route resolution for output and input (net/ipv4/route.c).

`output` is ip_route_output_key: local destinations go through `lo`; otherwise the FIB
decides the device, the next hop (the gateway, or the destination itself on a link
route) and the source address (the route's prefsrc or inet_select_addr). With an
output interface forced (SO_BINDTODEVICE, `ping -I`), a destination the tables do not
cover is assumed to be on-link, as the kernel assumes. `input` is ip_route_input_slow:
local, broadcast, forward or unreachable, and why. `update_pmtu` / `path_mtu` are the
next-hop exceptions an ICMP "fragmentation needed" leaves behind (RFC 1191;
__ip_rt_update_pmtu, ipv4_mtu): a lower path MTU to one destination for 10 minutes,
never below min_pmtu 552, used by locally generated traffic only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from vnet.net import fib as F

if TYPE_CHECKING:
    from vnet.link.device import Device
    from vnet.net.stack import Ipv4Stack

LIMITED_BROADCAST = 0xFFFFFFFF
IP_RT_MIN_PMTU = 552                        # net.ipv4.route.min_pmtu
IP_RT_MTU_EXPIRES_NS = 600 * 1_000_000_000   # net.ipv4.route.mtu_expires


class RouteResult(NamedTuple):
    type: str            # unicast, local, broadcast, multicast
    dev: Device
    nexthop: int
    src: int
    route: F.Route | None


class RouteError(Exception):
    def __init__(self, errno_name: str, reason: str) -> None:
        super().__init__(errno_name)
        self.errno_name = errno_name
        self.reason = reason


def _is_multicast(ip: int) -> bool:
    return ip >> 28 == 0xE


def output(stack: Ipv4Stack, dst: int, src: int = 0, oif: Device | None = None,
           tos: int = 0) -> RouteResult:
    ns = stack.ns
    if src and not stack.is_local_address(src) and not _is_multicast(src):
        raise RouteError("EINVAL", "IP_INVALID_SOURCE")
    if oif is not None and not oif.admin_up:
        raise RouteError("ENETUNREACH", "IP_OUTNOROUTES")
    if dst == LIMITED_BROADCAST or (_is_multicast(dst) and oif is not None):
        dev = oif
        if dev is None:
            raise RouteError("ENETUNREACH", "IP_OUTNOROUTES")
        rtype = F.BROADCAST if dst == LIMITED_BROADCAST else F.MULTICAST
        return RouteResult(rtype, dev, dst, src or stack.select_source(dev, 0, F.RT_SCOPE_LINK), None)
    route = stack.fib.lookup(dst)
    if oif is not None and route is not None and route.dev is not oif:
        # fib_table_lookup with flowi4_oif: a route through another device does not
        # match, local ones included (ping -I eth0 127.0.0.1 goes out of eth0)
        route = _lookup_via(stack, dst, oif)
    if route is None:
        if oif is not None:
            return RouteResult(F.UNICAST, oif, dst,
                               src or stack.select_source(oif, 0, F.RT_SCOPE_LINK), None)
        raise RouteError("ENETUNREACH", "IP_OUTNOROUTES")
    rtype = route.type
    if rtype in F.TYPE_ERRNO:
        raise RouteError(F.TYPE_ERRNO[rtype], "IP_OUTNOROUTES")
    if rtype == F.LOCAL:
        lo = ns.by_index.get(1)
        if lo is None or not lo.admin_up:
            # the kernel still routes through lo; with lo down the packet is lost there
            pass
        return RouteResult(F.LOCAL, lo, dst, src or route.prefsrc or dst, route)  # type: ignore[arg-type]
    dev = route.dev
    if dev is None:
        raise RouteError("ENETUNREACH", "IP_OUTNOROUTES")
    nexthop = route.gateway if route.gateway is not None else dst
    if not src:
        src = route.prefsrc or stack.select_source(
            dev, route.gateway or dst,
            F.RT_SCOPE_LINK if route.gateway is None and route.scope >= F.RT_SCOPE_LINK
            else F.RT_SCOPE_UNIVERSE)
    return RouteResult(rtype, dev, nexthop, src, route)


def _lookup_via(stack: Ipv4Stack, dst: int, oif: Device) -> F.Route | None:
    """Longest match among routes through `oif` (the fib lookup with flowi4_oif set)."""
    best: F.Route | None = None
    for table_id in stack.fib.rule_order:
        for route in stack.fib.tables[table_id].routes():
            if route.dev is not oif or route.dead:
                continue
            if (dst & F.mask(route.plen)) != route.dst:
                continue
            if best is None or route.plen > best.plen:
                best = route
        if best is not None:
            return best
    return None


def path_mtu(stack: Ipv4Stack, dst: int, dev: Device) -> int:
    """ipv4_mtu: the device MTU, or a live path MTU exception for `dst` below it."""
    mtu = dev.mtu
    entry = stack.pmtu.get(dst)
    if entry is not None:
        if stack.world.sched.now < entry[1]:
            return min(mtu, entry[0])
        del stack.pmtu[dst]
    return mtu


def update_pmtu(stack: Ipv4Stack, dst: int, mtu: int) -> None:
    """__ip_rt_update_pmtu after ICMP fragmentation needed: only ever lowers the path MTU;
    a value below min_pmtu is raised to it."""
    if not mtu:
        return
    try:
        res = output(stack, dst)
    except RouteError:
        return
    if res.type != F.UNICAST or res.dev is None:
        return
    old = path_mtu(stack, dst, res.dev)
    if mtu < IP_RT_MIN_PMTU:
        mtu = min(old, IP_RT_MIN_PMTU)
    if old < mtu:
        return
    stack.pmtu[dst] = (mtu, stack.world.sched.now + IP_RT_MTU_EXPIRES_NS)
