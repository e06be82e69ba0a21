"""Route resolution for output, next-hop exceptions and redirects (net/ipv4/route.c).

`output` is ip_route_output_key_hash_rcu + __mkroute_output: a source address must be
local (EINVAL for a multicast, broadcast or zero one, ENETUNREACH for a foreign one);
limited broadcast and multicast without an output interface leave by the device of
the source address; with one (SO_BINDTODEVICE, `ping -I`) link-local multicast and
limited broadcast need no route and an uncovered destination is assumed on-link;
local destinations go through `lo`; otherwise the FIB decides the device, the next hop
and the source (the route's prefsrc, else inet_select_addr on its device towards the
gateway within the route's scope). Limited broadcast is a broadcast and multicast a
multicast whatever route matched, without gateway when that route is shorter than /4.

Next-hop exceptions (`Fnhe`, fib_nh_exception) belong to the route they were learnt
under and hold what ICMP taught about one destination: a lower path MTU from
"fragmentation needed" (RFC 1191; __ip_rt_update_pmtu: lower only, min_pmtu 552,
10 minutes, used by locally generated traffic only) and a new gateway from an accepted
redirect (RFC 1122 3.2.2.2; __ip_do_redirect: 300 s, for local and forwarded traffic).
`do_redirect` applies the kernel's checks: the redirect must come from the current
gateway, the new one must be a unicast address, accept_redirects must allow it, and
the new gateway's neighbour entry must already be valid (the first redirect only
starts its resolution).

`devconf` is the per-device view of net.ipv4.conf.{all,DEV} the input path needs, as
the IN_DEV_* macros combine them; `validate_source` is fib_validate_source (reverse
path filtering, RFC 3704: strict 1, loose 2; a packet claiming one of our own
addresses as source is a martian).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from vnet.link.device import Device  # at run time: RouteResult's field type (mypyc)
from vnet.net import fib as F
from vnet.net import inetpeer

if TYPE_CHECKING:
    from vnet.net.stack import Ipv4Stack

LIMITED_BROADCAST = 0xFFFFFFFF
IGMP_ALL_HOSTS = 0xE0000001
IP_RT_MIN_PMTU = 552                        # net.ipv4.route.min_pmtu
IP_RT_MTU_EXPIRES_J = 600 * inetpeer.HZ     # net.ipv4.route.mtu_expires
IP_RT_GC_TIMEOUT_J = 300 * inetpeer.HZ      # ip_rt_gc_timeout: life of a redirect

#  rt_flags bits `ip route get` shows on its cache line (RTCF_* in route.h)
RTCF_REDIRECTED = 0x00040000
RTCF_MULTICAST = 0x20000000
RTCF_BROADCAST = 0x10000000
RTCF_LOCAL = 0x80000000


class RouteResult(NamedTuple):
    type: str            # unicast, local, broadcast, multicast
    dev: Device
    nexthop: int
    src: int
    route: F.Route | None
    flags: int = 0       # RTCF_* bits


class RouteError(Exception):
    def __init__(self, errno_name: str, reason: str) -> None:
        super().__init__(errno_name)
        self.errno_name = errno_name
        self.reason = reason


class Fnhe:
    """fib_nh_exception: what one destination learnt, valid under `route` until expiry."""

    __slots__ = ("route", "gw", "pmtu", "expires", "bound", "stale")

    def __init__(self, route: F.Route) -> None:
        self.route = route
        self.gw = 0
        self.pmtu = 0
        self.expires = 0      # jiffies
        self.bound = False    # a route lookup cached a dst on it (what a dump lists)
        self.stale = False    # fnhe_genid behind: reset when a lookup binds it again

    def bind(self) -> None:
        """rt_bind_exception: a stale exception (route cache flushed) starts afresh."""
        if self.stale:
            self.stale = False
            self.gw = self.pmtu = self.expires = 0
        self.bound = True


def _is_multicast(ip: int) -> bool:
    return ip >> 28 == 0xE


def _is_local_multicast(ip: int) -> bool:
    return ip >> 8 == 0xE00000


# -- per-device configuration (include/linux/inetdevice.h IN_DEV_*) --------------------------


class DevConf(NamedTuple):
    forwarding: bool
    rp_filter: int
    accept_local: bool
    send_redirects: bool
    accept_redirects: bool
    shared_media: bool
    secure_redirects: bool


def devconf(stack: Ipv4Stack, dev: Device) -> DevConf:
    """The IN_DEV_* view of `dev`, cached until the next sysctl write."""
    conf = stack.devconf.get(dev)
    if conf is not None:
        return conf
    values = stack.ns.sysctl.values

    def get(scope: str, key: str) -> int:
        return int(values.get(f"net.ipv4.conf.{scope}.{key}", "0").split()[0])

    def orconf(key: str) -> bool:
        return bool(get("all", key) or get(dev.name, key))

    forwarding = get(dev.name, "forwarding") != 0
    if forwarding:
        accept_redirects = bool(get("all", "accept_redirects") and
                                get(dev.name, "accept_redirects"))
    else:
        accept_redirects = orconf("accept_redirects")
    conf = DevConf(forwarding, max(get("all", "rp_filter"), get(dev.name, "rp_filter")),
                   orconf("accept_local"), orconf("send_redirects"), accept_redirects,
                   orconf("shared_media"), orconf("secure_redirects"))
    stack.devconf[dev] = conf
    return conf


# -- output ---------------------------------------------------------------------------------


def output(stack: Ipv4Stack, dst: int, src: int = 0, oif: Device | None = None,
           tos: int = 0) -> RouteResult:
    """ip_route_output_key: raises RouteError(errno, drop reason)."""
    if src:
        if _is_multicast(src) or src == LIMITED_BROADCAST or src >> 24 == 0:
            raise RouteError("EINVAL", "IP_INVALID_SOURCE")
        if oif is None and (_is_multicast(dst) or dst == LIMITED_BROADCAST):
            dev = dev_of_local(stack, src)
            if dev is None:
                raise RouteError("ENETUNREACH", "IP_OUTNOROUTES")
            return _mkroute(stack, None, F.UNICAST, dst, src, dev, 0)
        if not stack.is_local_address(src):
            raise RouteError("ENETUNREACH", "IP_OUTNOROUTES")
    if oif is not None:
        if not oif.admin_up:
            raise RouteError("ENETUNREACH", "IP_OUTNOROUTES")
        if _is_local_multicast(dst) or dst == LIMITED_BROADCAST:
            return _mkroute(stack, None, F.UNICAST, dst,
                            src or stack.select_source(oif, 0, F.RT_SCOPE_LINK), oif, 0)
        if not src and _is_multicast(dst):
            src = stack.select_source(oif, 0, F.RT_SCOPE_UNIVERSE)
    if not dst:
        lo = stack.ns.by_index[1]
        dst = src or 0x7F000001
        return RouteResult(F.LOCAL, lo, dst, src or dst, None, RTCF_LOCAL)
    route = stack.fib.lookup(dst)
    if oif is not None and route is not None and route.dev is not oif:
        # fib_table_lookup with flowi4_oif: a route through another device does not
        # match, local ones included (ping -I eth0 127.0.0.1 goes out of eth0)
        route = _lookup_via(stack, dst, oif)
    if route is None:
        if oif is not None:
            # "Apparently, routing tables are wrong. Assume, that the destination is on link."
            return _mkroute(stack, None, F.UNICAST, dst,
                            src or stack.select_source(oif, 0, F.RT_SCOPE_LINK), oif, 0)
        raise RouteError("ENETUNREACH", "IP_OUTNOROUTES")
    rtype = route.type
    if rtype in F.TYPE_ERRNO:
        raise RouteError(F.TYPE_ERRNO[rtype], "IP_OUTNOROUTES")
    if rtype == F.LOCAL:
        lo = stack.ns.by_index[1]
        return _mkroute(stack, route, F.LOCAL, dst, src or route.prefsrc or dst, lo,
                        RTCF_LOCAL)
    dev = route.dev
    if dev is None:
        raise RouteError("ENETUNREACH", "IP_OUTNOROUTES")
    if not src:
        src = route.prefsrc or stack.select_source(dev, route.gateway or 0, route.scope)
    return _mkroute(stack, route, rtype, dst, src, dev, 0)


def _mkroute(stack: Ipv4Stack, route: F.Route | None, rtype: str, dst: int, src: int,
             dev: Device, flags: int) -> RouteResult:
    """__mkroute_output: the type the destination forces, the flags, the next hop."""
    gateway = route.gateway if route is not None else None
    if src >> 24 == 127 and dev.link_type != "loopback":
        raise RouteError("EINVAL", "IP_INVALID_SOURCE")
    if dst == LIMITED_BROADCAST:
        rtype = F.BROADCAST
        gateway = None
    elif _is_multicast(dst):
        rtype = F.MULTICAST
        if route is not None and route.plen < 4:
            gateway = None
    elif dst >> 24 == 0:
        raise RouteError("EINVAL", "IP_INVALID_DEST")
    if dev.link_type == "loopback":
        flags |= RTCF_LOCAL
    if rtype == F.BROADCAST:
        flags |= RTCF_BROADCAST | RTCF_LOCAL
    elif rtype == F.MULTICAST:
        flags |= RTCF_MULTICAST
        if dst == IGMP_ALL_HOSTS and dev.admin_up:     # ip_check_mc_rcu
            flags |= RTCF_LOCAL
    nexthop = gateway if gateway is not None else dst
    if route is not None and stack.pmtu and rtype == F.UNICAST:
        fnhe = find_exception(stack, dst, route)
        if fnhe is not None:
            fnhe.bind()
            if fnhe.gw:
                nexthop = fnhe.gw
                flags |= RTCF_REDIRECTED
    return RouteResult(rtype, dev, nexthop, src, route, flags)


def dev_of_local(stack: Ipv4Stack, addr: int) -> Device | None:
    """__ip_dev_find: the device holding `addr`, else the device of its local route."""
    for dev in stack.ns.devices():
        for ifa in dev.ip4:
            if ifa.local == addr:
                return dev
    table = stack.fib.table(F.RT_TABLE_LOCAL)
    route = table.lookup(addr) if table is not None else None
    if route is not None and route.type == F.LOCAL:
        return route.dev
    return None


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


# -- next-hop exceptions --------------------------------------------------------------------


def find_exception(stack: Ipv4Stack, dst: int, route: F.Route) -> Fnhe | None:
    """find_exception: the live exception for `dst` learnt under `route`."""
    fnhe = stack.pmtu.get(dst)
    if fnhe is None:
        return None
    if fnhe.route is not route or route.dead or route not in stack.fib.find(
            route.table, route.dst, route.plen):
        del stack.pmtu[dst]
        return None
    if fnhe.expires and inetpeer.jiffies(stack.world.sched.now) - fnhe.expires > 0:
        del stack.pmtu[dst]
        if fnhe.gw:
            stack.fib.changed()     # cached output routes used its gateway
        return None
    return fnhe


def _update_or_create(stack: Ipv4Stack, dst: int, route: F.Route, gw: int, pmtu: int,
                      expires: int) -> None:
    """update_or_create_fnhe. Cached routes are invalidated (the kernel marks them
    obsolete) and, for a gateway, a timer forgets it at expiry."""
    fnhe = find_exception(stack, dst, route)
    if fnhe is None:
        fnhe = stack.pmtu[dst] = Fnhe(route)
    fnhe.stale = False
    if gw:
        fnhe.gw = gw
    if pmtu:
        fnhe.pmtu = pmtu
    fnhe.expires = expires or 1
    stack.fib.changed()
    if fnhe.gw:
        stack.world.sched.call_at((fnhe.expires + 1) * inetpeer.NS_PER_JIFFY,
                                  find_exception, stack, dst, route)


def path_mtu(stack: Ipv4Stack, dst: int, dev: Device) -> int:
    """ipv4_mtu: the device MTU, or a live path MTU exception for `dst` below it."""
    mtu = dev.mtu
    fnhe = stack.pmtu.get(dst)
    if fnhe is not None and fnhe.pmtu and not fnhe.stale:
        fnhe = find_exception(stack, dst, fnhe.route)
        if fnhe is not None and fnhe.pmtu and fnhe.route.dev is dev:
            return min(mtu, fnhe.pmtu)
    return mtu


def update_pmtu(stack: Ipv4Stack, dst: int, mtu: int) -> None:
    """__ip_rt_update_pmtu after ICMP fragmentation needed: only ever lowers the path MTU;
    a value below min_pmtu is raised to it; an unchanged value is refreshed only in the
    second half of its life."""
    if not mtu:
        return
    try:
        res = output(stack, dst)
    except RouteError:
        return
    if res.type != F.UNICAST or res.dev is None or res.route is None:
        return
    old = path_mtu(stack, dst, res.dev)
    if old < mtu:
        return
    if mtu < IP_RT_MIN_PMTU:
        mtu = min(old, IP_RT_MIN_PMTU)
    now = inetpeer.jiffies(stack.world.sched.now)
    fnhe = find_exception(stack, dst, res.route)
    if fnhe is not None and fnhe.pmtu == mtu and \
            now - (fnhe.expires - IP_RT_MTU_EXPIRES_J // 2) < 0:
        return
    _update_or_create(stack, dst, res.route, 0, mtu, now + IP_RT_MTU_EXPIRES_J)


def cache_info(stack: Ipv4Stack, res: RouteResult, dst: int) -> tuple[int, int, int]:
    """(remaining jiffies, path MTU, rt_flags) of the cached route `ip route get` shows."""
    if res.route is None or res.type != F.UNICAST or not stack.pmtu:
        return 0, 0, res.flags
    fnhe = find_exception(stack, dst, res.route)
    if fnhe is None or fnhe.stale:
        return 0, 0, res.flags
    remaining = max(fnhe.expires - inetpeer.jiffies(stack.world.sched.now), 0)
    return remaining, fnhe.pmtu if remaining else 0, res.flags


def exceptions(stack: Ipv4Stack) -> list[tuple[int, Fnhe]]:
    """The live exceptions a route lookup has bound a cached route to, which is what
    `ip route show cache` dumps (fib_dump_info_fnhe)."""
    out = []
    for dst in sorted(stack.pmtu):
        fnhe = stack.pmtu.get(dst)
        if fnhe is not None and fnhe.bound and not fnhe.stale and \
                find_exception(stack, dst, fnhe.route) is not None:
            out.append((dst, fnhe))
    return out


def flush_cache(stack: Ipv4Stack) -> None:
    """A write to net.ipv4.route.flush (`ip route flush cache`): rt_cache_flush and
    fnhe_genid_bump: every exception is stale, reset by the next lookup that finds it
    (and until then not dumped)."""
    for fnhe in stack.pmtu.values():
        fnhe.stale = True
    stack.fib.changed()


# -- redirects ------------------------------------------------------------------------------


def do_redirect(stack: Ipv4Stack, dev: Device, old_gw: int, new_gw: int, code: int,
                inner_src: int, inner_dst: int) -> None:
    """ipv4_redirect → __ip_do_redirect for a redirect received on `dev` from `old_gw`
    about a datagram from `inner_src` to `inner_dst`."""
    if code & 7 > 3:
        return
    try:
        res = output(stack, inner_dst, inner_src if stack.is_local_address(inner_src) else 0)
    except RouteError:
        return
    route = res.route
    if route is None or res.type != F.UNICAST or res.nexthop != old_gw or \
            (route.gateway is None and not res.flags & RTCF_REDIRECTED):
        return
    conf = devconf(stack, dev)
    if new_gw == old_gw or not conf.accept_redirects or _is_multicast(new_gw) or \
            new_gw == LIMITED_BROADCAST or new_gw >> 24 == 0:
        stack.ns.drop("ICMP_REDIRECT_REJECTED")
        return
    if not conf.shared_media:
        if not any(ifa.matches(new_gw) and ifa.matches(old_gw) for ifa in dev.ip4):
            stack.ns.drop("ICMP_REDIRECT_REJECTED")
            return
    else:
        target = stack.fib.lookup(new_gw)     # inet_addr_type(new_gw) == RTN_UNICAST
        if target is not None and target.type != F.UNICAST and \
                target.type not in F.TYPE_ERRNO:
            stack.ns.drop("ICMP_REDIRECT_REJECTED")
            return
    out_dev = res.dev
    entry = stack.arp_tbl.lookup(out_dev, new_gw)
    if entry is None or not entry.state & _NUD_VALID:
        stack.arp_tbl.event_send(out_dev, new_gw)
        return
    now = inetpeer.jiffies(stack.world.sched.now)
    _update_or_create(stack, inner_dst, route, new_gw, 0, now + IP_RT_GC_TIMEOUT_J)


_NUD_VALID = 0x80 | 0x40 | 0x02 | 0x10 | 0x04 | 0x08


# -- input ----------------------------------------------------------------------------------


def validate_source(stack: Ipv4Stack, src: int, dst: int, dev: Device,
                    oif: Device | None) -> int:
    """fib_validate_source: -1 for a martian (drop), 1 when `src` is directly reachable
    through `dev` (a link-scope route back), else 0."""
    conf = devconf(stack, dev)
    rpf = conf.rp_filter
    if not rpf and (oif is not dev or not conf.send_redirects):
        if conf.accept_local:
            return 0
        return -1 if src in stack.local_addrs else 0
    route = stack.fib.lookup(src)
    if route is None or route.type in F.TYPE_ERRNO:
        return -1 if rpf else 0
    if route.type != F.UNICAST:
        if route.type != F.LOCAL or not conf.accept_local:
            return -1
    if route.dev is dev or (route.type == F.LOCAL and dev.link_type == "loopback"):
        return 1 if route.gateway is None and route.type == F.UNICAST else 0
    if not dev.ip4:
        return -1 if rpf else 0
    if rpf == 1:
        return -1
    back = _lookup_via(stack, src, dev)
    if back is not None and back.type == F.UNICAST:
        return 1 if back.gateway is None else 0
    return 0
