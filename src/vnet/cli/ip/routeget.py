"""`ip route get ADDRESS [from ADDRESS] [oif DEV]` (iproute_get in ip/iproute.c).

Answers as RTM_GETROUTE with RTM_F_LOOKUP_TABLE does: the output route vnet.net.route
resolves (device, gateway, preferred source), `uid 0`, and the cache line
(`cache <local>`, `<local,brd>`, `<redirected>`) with what a next-hop exception adds
(`expires 599sec mtu 1400`); error routes answer with their errno (blackhole EINVAL,
unreachable EHOSTUNREACH, prohibit EACCES, none ENETUNREACH). A prefix length other
than /32 is warned about and ignored. With -d the type and `table main` show: without
`ip rule`s the kernel looks the local table up merged into main.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from vnet.cli.context import Context
from vnet.cli.ip import routefmt, usage
from vnet.cli.ip.errors import IpExit, nodev, rtnl_error
from vnet.cli.ip.listing import printer
from vnet.cli.ip.options import IpOptions
from vnet.cli.ip.util import (
    AF_INET,
    AF_INET6,
    AF_UNSPEC,
    Args,
    Prefix,
    format_ipv4,
    get_prefix,
    matches,
    name_to_index,
)
from vnet.cli.shell.api import UnsupportedError
from vnet.net import fib as F
from vnet.net import route as R

if TYPE_CHECKING:
    from vnet.link.device import Device

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
    remaining, mtu, flags = R.cache_info(stack, res, daddr)
    gateway = None
    if rtype in (F.UNICAST, F.MULTICAST) and res.nexthop != daddr:
        gateway = format_ipv4(res.nexthop)
    view = routefmt.RouteView(
        family=AF_INET, type=rtype, dst=format_ipv4(daddr), dst_len=32,
        table=F.RT_TABLE_MAIN if res.route is not None else 0, proto=0,
        scope=0, gateway=gateway, dev=res.dev.name if res.dev is not None else None,
        prefsrc=format_ipv4(res.src) if res.src and res.src != saddr else None,
        metric=None, flags=rt_flags(flags), src=format_ipv4(saddr) if src is not None else None,
        uid=0, cache=cache_words(flags), expires=clock_t(remaining),
        metrics=[("mtu", mtu)] if mtu else None)
    p = printer(ctx, opts)
    p.begin()
    routefmt.print_route(p, view, routefmt.RouteFilter(tb=0), opts.details, opts.numeric)
    p.end()
    return 0


#  print_cache_flags: the RTCF_* bits of a cloned route, in iproute2's order
_CACHE_WORDS = ((R.RTCF_LOCAL, "local"), (R.RTCF_MULTICAST, "mc"),
                (R.RTCF_BROADCAST, "brd"), (R.RTCF_REDIRECTED, "redirected"))
RTM_F_OFFLOAD_FAILED = 0x20000000


def cache_words(flags: int) -> list[str]:
    return [word for bit, word in _CACHE_WORDS if flags & bit]


def rt_flags(flags: int) -> list[str]:
    """print_rt_flags on rtm_flags, where RTCF_MULTICAST is also RTM_F_OFFLOAD_FAILED."""
    return ["rt_offload_failed"] if flags & RTM_F_OFFLOAD_FAILED else []


def clock_t(jiffies: int) -> int | None:
    """jiffies_to_clock_t for HZ=250 and USER_HZ=100 (rta_expires)."""
    return jiffies * 2 // 5 or None
