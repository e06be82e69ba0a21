"""`ip route show|flush|add|del|replace|change|append|prepend|get` (ip/iproute.c).

Listing applies iproute_list_flush_or_save's selectors (`table`, `dev`, `proto`, `scope`,
`type`, `metric`, `via`, `src`, `root|match|exact PREFIX`) to the FIB of vnet.net.fib
(IPv4; IPv6 routes come from the address configuration's table when it exists).
Changes follow the kernel's fib_table_insert/fib_table_delete and fib_create_info
(net/ipv4/fib_trie.c, fib_semantics.c): the nexthop gateway must be reachable through
a link-scope route ("Nexthop has invalid gateway"), a device-only route needs the device
up, `add` refuses an existing (prefix, tos, metric) and `del` finds the first matching
alias or fails with ESRCH. `get` asks vnet.net.route the way RTM_GETROUTE does.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from vnet.cli.context import Context
from vnet.cli.ip import route6, routefmt, usage
from vnet.cli.ip.errors import IpExit, duparg2, invarg, nodev, rtnl_error
from vnet.cli.ip.listing import printer
from vnet.cli.ip.options import IpOptions
from vnet.cli.ip.util import (
    AF_INET,
    AF_INET6,
    AF_UNSPEC,
    RTN_TYPES,
    Args,
    Prefix,
    format_ipv4,
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
from vnet.net import route as R

if TYPE_CHECKING:
    from vnet.link.device import Device

ERROR_TYPES = {F.BLACKHOLE, F.UNREACHABLE, F.PROHIBIT, F.THROW}


def main(ctx: Context, opts: IpOptions, argv: list[str]) -> int:
    if not argv:
        return list_or_flush(ctx, opts, [], flush=False)
    word, rest = argv[0], argv[1:]
    if matches(word, "add"):
        return modify(ctx, opts, "add", rest)
    if matches(word, "change") or word == "chg":
        return modify(ctx, opts, "change", rest)
    if matches(word, "replace"):
        return modify(ctx, opts, "replace", rest)
    if matches(word, "prepend"):
        return modify(ctx, opts, "prepend", rest)
    if matches(word, "append"):
        return modify(ctx, opts, "append", rest)
    if matches(word, "test"):
        return modify(ctx, opts, "test", rest)
    if matches(word, "delete"):
        return modify(ctx, opts, "delete", rest)
    if matches(word, "list") or matches(word, "show") or matches(word, "lst"):
        return list_or_flush(ctx, opts, rest, flush=False)
    if matches(word, "get"):
        return get(ctx, opts, rest)
    if matches(word, "flush"):
        return list_or_flush(ctx, opts, rest, flush=True)
    if matches(word, "save") or matches(word, "restore") or matches(word, "showdump"):
        raise UnsupportedError(f"ip route {word}")
    if matches(word, "help"):
        raise IpExit(usage.ROUTE, 255)
    raise IpExit(f'Command "{word}" is unknown, try "ip route help".\n', 255)


# -- listing --------------------------------------------------------------------------------


@dataclass
class Selectors:
    f: routefmt.RouteFilter
    protocol: int | None = None
    scope: int | None = None
    oif: int = 0
    metric: int | None = None
    rdst: Prefix | None = None     # root: routes inside this prefix
    mdst: Prefix | None = None     # match: routes covering this address
    via: Prefix | None = None
    prefsrc: Prefix | None = None
    cloned: bool = False


def _all_v6_routes(ctx: Context) -> list[Any]:
    ipv6 = getattr(ctx.ns, "ipv6", None)
    fib6 = getattr(ipv6, "fib", None) or getattr(ipv6, "fib6", None)
    if fib6 is None:
        return []
    return list(fib6.all_routes())


def _v4_routes(ctx: Context) -> list[F.Route]:
    """Every IPv4 route in dump order: tables by fib_table_hash bucket, then trie order."""
    fib = ctx.ns.ipv4.fib
    out: list[F.Route] = []
    for table_id in sorted(fib.tables, key=lambda t: (t & 255, t)):
        out += list(fib.tables[table_id].routes())
    return out


def _prefix_covers(outer: Prefix, dst: int, plen: int, width: int) -> bool:
    """inet_addr_match: the first outer.bitlen bits of dst equal outer's."""
    bits = outer.bitlen if outer.bitlen >= 0 else width
    if bits == 0:
        return True
    want = int.from_bytes(outer.data.ljust(width // 8, b"\0"), "big")
    return (want ^ dst) >> (width - bits) == 0


def _passes(s: Selectors, family: int, table: int, rtype: str, proto: int, scope: int,
            dst: int, plen: int, oif: int, metric: int, gateway: int | None,
            prefsrc: int | None) -> bool:
    width = 32 if family == AF_INET else 128
    if s.f.tb and s.f.tb != table:
        return False
    if s.protocol is not None and proto != s.protocol:
        return False
    if s.scope is not None and scope != s.scope:
        return False
    if s.f.typemask is not None and rtype not in s.f.typemask:
        return False
    if s.rdst is not None:
        if (s.rdst.family and s.rdst.family != family) or s.rdst.bitlen > plen:
            return False
        if not _prefix_covers(s.rdst, dst, plen, width):
            return False
    if s.mdst is not None:
        if s.mdst.family and s.mdst.family != family:
            return False
        if s.mdst.bitlen >= 0 and s.mdst.bitlen < plen:
            return False
        md = Prefix(s.mdst.family, s.mdst.data, plen)
        if not _prefix_covers(md, dst, plen, width):
            return False
    if s.oif and oif != s.oif:
        return False
    if s.metric is not None and metric != s.metric:
        return False
    if s.via is not None:
        if s.via.family != family:
            return False
        if s.via.bitlen > 0 and (gateway is None or not _prefix_covers(s.via, gateway, 0, width)):
            return False
    if s.prefsrc is not None:
        if s.prefsrc.family != family:
            return False
        if s.prefsrc.bitlen > 0 and (prefsrc is None or not _prefix_covers(s.prefsrc, prefsrc, 0, width)):
            return False
    return True


def _v4_passes(s: Selectors, r: F.Route) -> bool:
    return _passes(s, AF_INET, r.table, r.type, r.proto, r.scope, r.dst, r.plen,
                   r.dev.ifindex if r.dev is not None else 0, r.metric, r.gateway, r.prefsrc)


def _v6_passes(s: Selectors, r: Any) -> bool:
    return _passes(s, AF_INET6, r.table, r.type, r.proto, 0, r.dst, r.plen,
                   r.dev.ifindex if r.dev is not None else 0, r.metric, r.gateway,
                   getattr(r, "prefsrc", None))


def parse_selectors(ctx: Context, opts: IpOptions, argv: list[str]) -> tuple[Selectors, int]:
    s = Selectors(routefmt.RouteFilter())
    dump_family = opts.family
    od: str | None = None
    args = Args(argv)
    while args:
        w = args.cur
        if matches(w, "table"):
            value = args.next()
            tid = table_a2n(value)
            if tid is None:
                if value == "all":
                    s.f.tb = 0
                elif value == "cache":
                    s.cloned = True
                elif value == "help":
                    raise IpExit(usage.ROUTE, 255)
                else:
                    raise invarg("table id value is invalid\n", value)
            else:
                s.f.tb = tid
        elif matches(w, "vrf"):
            raise invarg("Invalid VRF\n", args.next())
        elif matches(w, "cached") or matches(w, "cloned"):
            s.cloned = True
        elif w == "tos" or matches(w, "dsfield"):
            raise UnsupportedError("ip route tos")
        elif matches(w, "protocol"):
            value = args.next()
            s.f.proto_set = True
            proto = proto_a2n(value)
            if proto is None:
                if value != "all":
                    raise invarg('invalid "protocol"\n', value)
                s.f.proto_set = False
            else:
                s.protocol = proto
        elif matches(w, "scope"):
            value = args.next()
            s.f.scope_set = True
            scope = scope_a2n(value)
            if scope is None:
                if value != "all":
                    raise invarg('invalid "scope"\n', value)
                s.f.scope_set = False
            else:
                s.scope = scope
        elif matches(w, "type"):
            value = args.next()
            num = rtntype_a2n(value)
            if num is None:
                raise invarg("node type value is invalid\n", value)
            s.f.typemask = {RTN_TYPES[num] if num < len(RTN_TYPES) else str(num)}
        elif w in ("dev", "oif"):
            od = args.next()
        elif w == "iif":
            raise UnsupportedError("ip route show iif")
        elif w == "mark":
            raise UnsupportedError("ip route show mark")
        elif matches(w, "metric") or matches(w, "priority") or w == "preference":
            value = args.next()
            metric = get_unsigned(value)
            if metric is None:
                raise invarg('"metric" value is invalid\n', value)
            s.metric = metric
            s.f.metric_set = True
        elif w == "via":
            value = args.next()
            family = read_family(value)
            if family == AF_UNSPEC:
                family = dump_family
            else:
                value = args.next()
            s.via = get_prefix(value, family)
            s.f.via_host = s.via.bitlen == (128 if s.via.family == AF_INET6 else 32)
        elif w == "src":
            s.prefsrc = get_prefix(args.next(), dump_family)
            s.f.src_host = s.prefsrc.bitlen == (128 if s.prefsrc.family == AF_INET6 else 32)
        elif matches(w, "realms"):
            raise UnsupportedError("ip route realms")
        elif matches(w, "from"):
            raise UnsupportedError("ip route show from")
        else:
            if matches(w, "to"):
                w = args.next()
            if matches(w, "root"):
                s.rdst = get_prefix(args.next(), dump_family)
            elif matches(w, "match"):
                s.mdst = get_prefix(args.next(), dump_family)
            else:
                if matches(w, "exact"):
                    w = args.next()
                s.mdst = get_prefix(w, dump_family)
                s.rdst = s.mdst
        args.advance()
    if dump_family == AF_UNSPEC and s.f.tb:
        dump_family = AF_INET
    if od is not None:
        s.oif = name_to_index(ctx.ns, od)
        if not s.oif:
            raise nodev(od)
        s.f.oif_set = True
    return s, dump_family


def list_or_flush(ctx: Context, opts: IpOptions, argv: list[str], flush: bool) -> int:
    if flush and not argv:
        raise IpExit('"ip route flush" requires arguments.\n', 1)
    s, family = parse_selectors(ctx, opts, argv)
    if s.cloned:
        if flush:
            if opts.stats and family != AF_INET6:
                ctx.out("*** IPv4 routing cache is flushed.\n")
            if family == AF_INET:
                return 0
        else:
            return _empty_listing(ctx, opts)
    if s.f.tb and family in (AF_UNSPEC, AF_INET) and not _table_exists(ctx, s.f.tb):
        raise IpExit("Error: ipv4: FIB table does not exist.\n"
                     + ("Flush terminated\n" if flush else "Dump terminated\n"), 2)
    if flush:
        return _flush(ctx, opts, s, family)
    p = printer(ctx, opts)
    p.begin()
    if family in (AF_UNSPEC, AF_INET):
        for r in _v4_routes(ctx):
            if _v4_passes(s, r):
                routefmt.print_route(p, routefmt.view_v4(r), s.f, opts.details, opts.numeric)
    if family in (AF_UNSPEC, AF_INET6):
        for r6 in _all_v6_routes(ctx):
            if _v6_passes(s, r6):
                routefmt.print_route(p, routefmt.view_v6(r6), s.f, opts.details, opts.numeric)
    p.end()
    return 0


def _table_exists(ctx: Context, table: int) -> bool:
    """fib_get_table: local and main always exist, others once a route was added to them
    (vnet keeps an empty `default` table from the start: treated as absent while empty)."""
    fib = ctx.ns.ipv4.fib
    if table in (F.RT_TABLE_LOCAL, F.RT_TABLE_MAIN):
        return True
    t = fib.tables.get(table)
    return t is not None and (table != F.RT_TABLE_DEFAULT or bool(t.prefixes))


def _empty_listing(ctx: Context, opts: IpOptions) -> int:
    p = printer(ctx, opts)
    p.begin()
    p.end()
    return 0


def _flush(ctx: Context, opts: IpOptions, s: Selectors, family: int) -> int:
    rounds = 0
    while True:
        victims = [r for r in _v4_routes(ctx) if _v4_passes(s, r)] \
            if family in (AF_UNSPEC, AF_INET) else []
        victims6 = [r for r in _all_v6_routes(ctx) if _v6_passes(s, r)] \
            if family in (AF_UNSPEC, AF_INET6) else []
        if victims6:
            route6.flush(ctx, victims6)
        if not victims and not victims6:
            if opts.stats:
                if rounds == 0:
                    ctx.out("Nothing to flush.\n")
                else:
                    ctx.out(f"*** Flush is complete after {rounds} round"
                            f"{'s' if rounds > 1 else ''} ***\n")
            return 0
        rounds += 1
        fib = ctx.ns.ipv4.fib
        for r in victims:
            if r in fib.find(r.table, r.dst, r.plen):
                fib.remove(r)
        if opts.stats:
            ctx.out(f"\n*** Round {rounds}, deleting {len(victims) + len(victims6)} entries ***\n")


# -- changes --------------------------------------------------------------------------------


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


# -- get ----------------------------------------------------------------------------------


def get(ctx: Context, opts: IpOptions, argv: list[str]) -> int:
    family = opts.family
    dst: Prefix | None = None
    src: Prefix | None = None
    odev: str | None = None
    args = Args(argv)
    while args:
        w = args.cur
        if w == "tos" or matches(w, "dsfield"):
            raise UnsupportedError("ip route get tos")
        if matches(w, "from"):
            value = args.next()
            if matches(value, "help"):
                raise IpExit(usage.ROUTE, 255)
            src = get_prefix(value, family)
            if family == AF_UNSPEC:
                family = src.family
        elif matches(w, "iif"):
            raise UnsupportedError("ip route get iif")
        elif matches(w, "mark") or matches(w, "uid") or matches(w, "sport") \
                or matches(w, "dport") or matches(w, "ipproto") or matches(w, "vrf") \
                or matches(w, "fibmatch") or matches(w, "connected") or matches(w, "notify") \
                or w == "as":
            raise UnsupportedError(f"ip route get {w}")
        elif matches(w, "oif") or w == "dev":
            odev = args.next()
        else:
            if w == "to":
                w = args.next()
            if matches(w, "help"):
                raise IpExit(usage.ROUTE, 255)
            dst = get_prefix(w, family)
            if family == AF_UNSPEC:
                family = dst.family
            host = 128 if dst.family == AF_INET6 else 32
            if dst.bitlen != host:
                ctx.err(f"Warning: /{dst.bitlen} as prefix is invalid, only /{host} (or none) "
                        "is supported.\n")
        args.advance()
    if dst is None:
        raise IpExit("need at least a destination address\n", 1)
    oif: Device | None = None
    if odev is not None:
        index = name_to_index(ctx.ns, odev)
        if not index:
            raise nodev(odev)
        oif = ctx.ns.by_index.get(index)
    if family == AF_INET6:
        raise UnsupportedError("ip -6 route get")
    stack = ctx.ns.ipv4
    daddr = dst.as_int()
    saddr = src.as_int() if src is not None else 0
    try:
        res = R.output(stack, daddr, saddr, oif)
    except R.RouteError as err:
        raise rtnl_error(err.errno_name) from None
    rtype = res.type
    cache: list[str] = []
    if rtype == F.LOCAL:
        cache = ["local"]
    elif rtype == F.BROADCAST:
        cache = ["local", "brd"]
    elif rtype == F.MULTICAST:
        cache = ["mc"]
    gateway = None
    if res.route is not None and res.route.gateway is not None and rtype == F.UNICAST:
        gateway = format_ipv4(res.nexthop)
    view = routefmt.RouteView(
        family=AF_INET, type=rtype, dst=format_ipv4(daddr), dst_len=32, table=0, proto=0,
        scope=0, gateway=gateway, dev=res.dev.name if res.dev is not None else None,
        prefsrc=format_ipv4(res.src) if res.src and res.src != saddr else None,
        metric=None, flags=[], src=format_ipv4(saddr) if src is not None else None,
        uid=0, cache=cache)
    p = printer(ctx, opts)
    p.begin()
    routefmt.print_route(p, view, routefmt.RouteFilter(tb=0), 0, opts.numeric)
    p.end()
    return 0
