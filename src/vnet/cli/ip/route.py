"""`ip route` (ip/iproute.c): dispatch, and `show|list|flush` with their selectors.

Listing applies iproute_list_flush_or_save's selectors (`table`, `dev`, `proto`, `scope`,
`type`, `metric`, `via`, `src`, `root|match|exact PREFIX`) to the FIB of vnet.net.fib and,
for IPv6 (`-6`, `table all`), to the address configuration's table; a selector that pins
a field hides it from the lines. Tables dump in fib_table_hash bucket order; a table
that does not exist is the kernel's "FIB table does not exist". Changes are
vnet.cli.ip.routemod's, `get` vnet.cli.ip.routeget's.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from vnet.cli.context import Context
from vnet.cli.ip import route6, routefmt, routeget, routemod, usage
from vnet.cli.ip.errors import IpExit, invarg, nodev
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
from vnet.net import inetpeer
from vnet.net import route as R


def main(ctx: Context, opts: IpOptions, argv: list[str]) -> int:
    if not argv:
        return list_or_flush(ctx, opts, [], flush=False)
    word, rest = argv[0], argv[1:]
    if matches(word, "add"):
        return routemod.modify(ctx, opts, "add", rest)
    if matches(word, "change") or word == "chg":
        return routemod.modify(ctx, opts, "change", rest)
    if matches(word, "replace"):
        return routemod.modify(ctx, opts, "replace", rest)
    if matches(word, "prepend"):
        return routemod.modify(ctx, opts, "prepend", rest)
    if matches(word, "append"):
        return routemod.modify(ctx, opts, "append", rest)
    if matches(word, "test"):
        return routemod.modify(ctx, opts, "test", rest)
    if matches(word, "delete"):
        return routemod.modify(ctx, opts, "delete", rest)
    if matches(word, "list") or matches(word, "show") or matches(word, "lst"):
        return list_or_flush(ctx, opts, rest, flush=False)
    if matches(word, "get"):
        return routeget.get(ctx, opts, rest)
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
            if family != AF_INET6:
                R.flush_cache(ctx.ns.ipv4)
                if opts.stats:
                    ctx.out("*** IPv4 routing cache is flushed.\n")
            if family == AF_INET:
                return 0
        else:
            return _cache_listing(ctx, opts, s, family)
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


def _cache_listing(ctx: Context, opts: IpOptions, s: Selectors, family: int) -> int:
    """The cloned routes a dump shows: IPv4 next-hop exceptions (fib_dump_info_fnhe)."""
    p = printer(ctx, opts)
    p.begin()
    if family in (AF_UNSPEC, AF_INET):
        stack = ctx.ns.ipv4
        for dst, fnhe in R.exceptions(stack):
            route = fnhe.route
            dev = route.dev
            gateway = fnhe.gw or route.gateway
            if not _passes(s, AF_INET, F.RT_TABLE_MAIN, F.UNICAST, 0, 0, dst, 32,
                           dev.ifindex if dev is not None else 0, 0, gateway, None):
                continue
            remaining = max(fnhe.expires - inetpeer.jiffies(ctx.world.now), 0)
            view = routefmt.RouteView(
                family=AF_INET, type=F.UNICAST, dst=format_ipv4(dst), dst_len=32,
                table=F.RT_TABLE_MAIN, proto=0, scope=0,
                gateway=format_ipv4(gateway) if gateway else None,
                dev=dev.name if dev is not None else None, prefsrc=None, metric=None,
                flags=[], cache=["redirected"] if fnhe.gw else [],
                expires=remaining * 2 // 5 or None,
                metrics=[("mtu", fnhe.pmtu)] if fnhe.pmtu else None)
            routefmt.print_route(p, view, s.f, opts.details, opts.numeric)
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
