"""`ip route add|del|replace|change|append|prepend|test` (iproute_modify in ip/iproute.c).

Client side as iproute2 (NODE_SPEC and INFO_SPEC keywords, type words, default table
and scope per type); kernel side as fib_create_info/fib_table_insert and
fib_table_delete (net/ipv4/fib_semantics.c, fib_trie.c): the gateway must be reachable
through a link-scope route ("Nexthop has invalid gateway"), a device-only route needs
its device up ("Device for nexthop is not up"), host-scope routes take no gateway, error
types take no nexthop, `add` refuses an existing (prefix, tos, metric), `append` an
identical route, `del` removes the first alias matching the given fields or fails with
ESRCH. IPv6 routes go to vnet.cli.ip.route6.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from vnet.cli.context import Context
from vnet.cli.ip import route6, usage
from vnet.cli.ip.errors import IpExit, duparg2, invarg, nodev, rtnl_error
from vnet.cli.ip.options import IpOptions
from vnet.cli.ip.util import (
    AF_INET,
    AF_INET6,
    AF_UNSPEC,
    RTN_TYPES,
    Args,
    Prefix,
    get_addr,
    get_prefix,
    get_unsigned,
    matches,
    name_to_index,
    proto_a2n,
    read_family,
    rtntype_a2n,
    scope_a2n,
    table_a2n,
)
from vnet.cli.shell.api import UnsupportedError
from vnet.net import fib as F
from vnet.net import ipv6_addr

if TYPE_CHECKING:
    from vnet.link.device import Device

ERROR_TYPES = {F.BLACKHOLE, F.UNREACHABLE, F.PROHIBIT, F.THROW}

@dataclass
class RouteReq:
    type: str = F.UNICAST
    type_given: bool = False
    family: int = AF_UNSPEC
    dst: Prefix | None = None
    gateway: Prefix | None = None
    prefsrc: Prefix | None = None
    dev: str | None = None
    table: int = F.RT_TABLE_MAIN
    table_given: bool = False
    proto: int = F.RTPROT_BOOT
    scope: int | None = None
    metric: int | None = None
    onlink: bool = False
    tos: int = 0


def parse_route(opts: IpOptions, argv: list[str], cmd: str) -> RouteReq:
    req = RouteReq(family=opts.family)
    if cmd == "delete":
        req.proto = 0
    args = Args(argv)
    while args:
        w = args.cur
        if w == "src":
            addr = get_addr(args.next(), req.family)
            if req.family == AF_UNSPEC:
                req.family = addr.family
            req.prefsrc = addr
        elif w == "as":
            raise UnsupportedError("ip route as (NAT)")
        elif w == "via":
            if req.gateway is not None:
                raise invarg("use nexthop syntax to specify multiple via\n", w)
            value = args.next()
            family = read_family(value)
            if family == AF_UNSPEC:
                family = req.family
            else:
                value = args.next()
            addr = get_addr(value, family)
            if req.family == AF_UNSPEC:
                req.family = addr.family
            if addr.family != req.family:
                raise UnsupportedError("ip route via another family")
            req.gateway = addr
        elif w == "from":
            raise UnsupportedError("ip route from (source routing)")
        elif w == "tos" or matches(w, "dsfield"):
            raise UnsupportedError("ip route tos")
        elif w == "expires":
            raise UnsupportedError("ip route expires")
        elif matches(w, "metric") or matches(w, "priority") or w == "preference":
            value = args.next()
            metric = get_unsigned(value)
            if metric is None:
                raise invarg('"metric" value is invalid\n', value)
            req.metric = metric
        elif w == "scope":
            value = args.next()
            scope = scope_a2n(value)
            if scope is None:
                raise invarg('invalid "scope" value\n', value)
            req.scope = scope
        elif w in ("mtu", "hoplimit", "advmss", "rtt", "rto_min", "rttvar") or any(
                matches(w, k) for k in ("reordering", "window", "cwnd", "initcwnd", "initrwnd",
                                        "features", "quickack", "congctl", "ssthresh",
                                        "realms", "fastopen_no_cookie")):
            raise UnsupportedError(f"ip route {w}")
        elif w == "onlink":
            req.onlink = True
        elif w in ("nexthop", "nhid", "encap", "ttl-propagate") or matches(w, "pref"):
            raise UnsupportedError(f"ip route {w}")
        elif matches(w, "protocol"):
            value = args.next()
            proto = proto_a2n(value)
            if proto is None:
                raise invarg('"protocol" value is invalid\n', value)
            req.proto = proto
        elif matches(w, "table"):
            value = args.next()
            tid = table_a2n(value)
            if tid is None:
                raise invarg('"table" value is invalid\n', value)
            req.table = tid
            req.table_given = True
        elif matches(w, "vrf"):
            raise invarg("Invalid VRF\n", args.next())
        elif w in ("dev", "oif"):
            req.dev = args.next()
        else:
            if w == "to":
                w = args.next()
            if not w[:1].isdigit():
                num = rtntype_a2n(w)
                if num is not None:
                    w = args.next()
                    req.type = RTN_TYPES[num] if num < len(RTN_TYPES) else str(num)
                    req.type_given = True
            if matches(w, "help"):
                raise IpExit(usage.ROUTE, 255)
            if req.dst is not None:
                raise duparg2("to", w)
            dst = get_prefix(w, req.family)
            if req.family == AF_UNSPEC:
                req.family = dst.family
            req.dst = dst
        args.advance()
    if req.dst is None:
        raise IpExit(usage.ROUTE, 255)
    return req


def _default_scope(req: RouteReq, cmd: str) -> int:
    if req.scope is not None:
        return req.scope
    if req.type == F.LOCAL or req.type == F.NAT:
        return F.RT_SCOPE_HOST
    if req.type in (F.BROADCAST, F.MULTICAST, F.ANYCAST):
        return F.RT_SCOPE_LINK
    if req.type == F.UNICAST:
        if cmd == "delete":
            return F.RT_SCOPE_NOWHERE
        if req.gateway is None:
            return F.RT_SCOPE_LINK
    return F.RT_SCOPE_UNIVERSE


def modify(ctx: Context, opts: IpOptions, cmd: str, argv: list[str]) -> int:
    req = parse_route(opts, argv, cmd)
    dev: Device | None = None
    if req.dev is not None:
        index = name_to_index(ctx.ns, req.dev)
        if not index:
            raise nodev(req.dev)
        dev = ctx.ns.by_index.get(index)
        if dev is None:
            raise rtnl_error("ENODEV")
    if req.family == AF_UNSPEC:
        req.family = AF_INET
    if req.family == AF_INET6:
        return _modify6(ctx, cmd, req, dev)
    if req.family != AF_INET:
        raise rtnl_error("EAFNOSUPPORT")
    if not req.table_given and req.type in (F.LOCAL, F.BROADCAST, F.NAT, F.ANYCAST):
        req.table = F.RT_TABLE_LOCAL
    scope = _default_scope(req, cmd)
    assert req.dst is not None
    dst_len = req.dst.bitlen
    dst = req.dst.as_int() & F.mask(dst_len) if dst_len else 0
    if req.dst.as_int() & ~F.mask(dst_len) & 0xFFFFFFFF:
        raise rtnl_error("EINVAL", "Invalid prefix for given prefix length")
    if cmd == "delete":
        return delete(ctx, req, dst, dst_len, scope, dev)
    return insert(ctx, cmd, req, dst, dst_len, scope, dev)


def _modify6(ctx: Context, cmd: str, req: RouteReq, dev: Device | None) -> int:
    assert req.dst is not None
    if req.prefsrc is not None or req.onlink or req.scope is not None:
        raise UnsupportedError("ip -6 route src/onlink/scope")
    plen = req.dst.bitlen
    dst = int.from_bytes(req.dst.data.ljust(16, b"\0"), "big") if req.dst.data else 0
    dst = ipv6_addr.prefix_of(dst, plen)     # ip6_route_info_create masks the host bits
    gateway = int.from_bytes(req.gateway.data, "big") if req.gateway is not None else None
    return route6.modify(ctx, cmd, req.type, dst, plen, gateway, dev, req.table, req.proto,
                         req.metric, req.type_given)


def delete(ctx: Context, req: RouteReq, dst: int, plen: int, scope: int,
           dev: Device | None) -> int:
    """fib_table_delete: the first alias of the prefix matching every given field."""
    fib = ctx.ns.ipv4.fib
    for r in fib.find(req.table, dst, plen):
        if r.tos != req.tos:
            continue
        if req.type_given and r.type != req.type:
            continue
        if scope != F.RT_SCOPE_NOWHERE and r.scope != scope:
            continue
        if req.prefsrc is not None and r.prefsrc != req.prefsrc.as_int():
            continue
        if req.proto and r.proto != req.proto:
            continue
        if req.metric is not None and req.metric and r.metric != req.metric:
            continue
        if dev is not None and r.dev is not dev:
            continue
        if req.gateway is not None and r.gateway != req.gateway.as_int():
            continue
        fib.remove(r)
        return 0
    raise rtnl_error("ESRCH")


def _nh_lookup(ctx: Context, gw: int, scope: int, oif: Device | None,
               table: int) -> F.Route | None:
    """fib_check_nh_v4_gw's lookup: link scope or narrower, through oif, any link state."""
    fib = ctx.ns.ipv4.fib
    want_scope = max(scope + 1, F.RT_SCOPE_LINK)
    order = ([table] if table not in (F.RT_TABLE_MAIN, 0) and table in fib.tables else []) \
        + fib.rule_order
    for table_id in order:
        t = fib.tables.get(table_id)
        if t is None:
            continue
        best: F.Route | None = None
        for plen in t.plens:
            for r in t.prefixes.get((gw & F.mask(plen), plen), ()):
                if r.scope < want_scope or r.dead:
                    continue
                if oif is not None and r.dev is not oif:
                    continue
                best = r
                break
            if best is not None:
                break
        if best is not None:
            if best.type == F.THROW:
                continue
            return best
    return None


def _is_local(ctx: Context, addr: int) -> bool:
    return ctx.ns.ipv4.is_local_address(addr)


def insert(ctx: Context, cmd: str, req: RouteReq, dst: int, plen: int, scope: int,
           dev: Device | None) -> int:
    """fib_create_info + fib_table_insert."""
    fib = ctx.ns.ipv4.fib
    rtype = req.type
    if rtype not in {F.UNICAST, F.LOCAL, F.BROADCAST, F.MULTICAST, F.ANYCAST} | ERROR_TYPES:
        raise UnsupportedError(f"ip route type {rtype}")
    if rtype in (F.MULTICAST, F.ANYCAST):
        raise UnsupportedError(f"ip route type {rtype}")
    min_scope = {F.LOCAL: F.RT_SCOPE_HOST, F.BROADCAST: F.RT_SCOPE_LINK}.get(rtype, 0)
    if min_scope > scope:
        raise rtnl_error("EINVAL", "Invalid scope")
    gateway = req.gateway.as_int() if req.gateway is not None else None
    route_dev = dev
    if rtype in ERROR_TYPES:
        if gateway is not None or dev is not None:
            raise rtnl_error("EINVAL", "Gateway, device and multipath can not be specified "
                             "for this route type")
    elif scope == F.RT_SCOPE_HOST:
        if gateway is not None:
            raise rtnl_error("EINVAL", "Route with host scope can not have a gateway")
        if dev is None:
            raise rtnl_error("ENODEV")
    elif gateway is not None:
        if req.onlink:
            if scope >= F.RT_SCOPE_LINK:
                raise rtnl_error("EINVAL", "Nexthop has invalid scope")
            if dev is None:
                raise rtnl_error("ENODEV", "Nexthop device required for onlink")
            if not dev.admin_up:
                raise rtnl_error("ENETDOWN", "Nexthop device is not up")
            if _is_local(ctx, gateway) or gateway >> 28 == 0xE or gateway == 0xFFFFFFFF:
                raise rtnl_error("EINVAL", "Nexthop has invalid gateway")
        else:
            nh = _nh_lookup(ctx, gateway, scope, dev, req.table)
            if nh is None or nh.type not in (F.UNICAST, F.LOCAL):
                raise rtnl_error("EINVAL", "Nexthop has invalid gateway")
            route_dev = nh.dev
            if route_dev is None:
                raise rtnl_error("EINVAL", "No egress device for nexthop gateway")
            if not route_dev.admin_up:
                raise rtnl_error("ENETDOWN")
    else:
        if req.onlink:
            raise rtnl_error("EINVAL", "Invalid flags for nexthop - PERVASIVE and ONLINK "
                             "can not be set")
        if dev is None:
            raise rtnl_error("ENODEV")
        if not dev.admin_up:
            raise rtnl_error("ENETDOWN", "Device for nexthop is not up")
    prefsrc = req.prefsrc.as_int() if req.prefsrc is not None else None
    if prefsrc:
        if not (rtype == F.LOCAL and prefsrc == dst and plen == 32) and not _is_local(ctx, prefsrc):
            raise rtnl_error("EINVAL", "Invalid prefsrc address")
    metric = req.metric or 0
    route = F.Route(dst, plen, table=req.table, type=rtype, dev=route_dev, gateway=gateway,
                    prefsrc=prefsrc, proto=req.proto, scope=scope, metric=metric,
                    onlink=req.onlink)
    existing = [r for r in fib.find(req.table, dst, plen) if r.tos == req.tos
                and r.metric == metric]
    if cmd == "test":
        if existing:
            raise rtnl_error("EEXIST")
        return 0
    if existing:
        if cmd in ("add",):
            raise rtnl_error("EEXIST")
        if cmd in ("replace", "change"):
            fib.remove(existing[0])
            fib.add(route, append=False)
            return 0
        if cmd == "append" and any(_same(r, route) for r in existing):
            raise rtnl_error("EEXIST")
    elif cmd == "change":
        raise rtnl_error("ENOENT")
    fib.add(route, append=cmd == "append")
    return 0


def _same(a: F.Route, b: F.Route) -> bool:
    return (a.type, a.scope, a.dev, a.gateway, a.prefsrc, a.proto) == (
        b.type, b.scope, b.dev, b.gateway, b.prefsrc, b.proto)
