"""`ip route add|del|replace|change|append|prepend|test` (iproute_modify in ip/iproute.c).

Client side as iproute2: NODE_SPEC and INFO_SPEC keywords, type words, the default
table and scope per type, and the netlink flags of each command (add CREATE|EXCL,
change REPLACE, replace CREATE|REPLACE, prepend CREATE, append CREATE|APPEND, test
EXCL). The kernel side is vnet.net.fib_semantics (fib_create_info, fib_table_insert,
fib_table_delete), whose refusals print as the kernel's extended ack
(`Error: Nexthop has invalid gateway.`) or `RTNETLINK answers: <strerror>`. IPv6
routes go to vnet.cli.ip.route6.
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
from vnet.net import fib_semantics as FS
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


#  the netlink flags iproute2 sends for each command (iproute_modify's callers)
_NLFLAGS = {"add": ("create", "excl"), "change": ("replace",), "replace": ("create", "replace"),
            "prepend": ("create",), "append": ("create", "append"), "test": ("excl",)}


def _config(req: RouteReq, dst: int, plen: int, scope: int, dev: Device | None) -> FS.FibConfig:
    return FS.FibConfig(
        dst=dst, plen=plen, table=req.table, type=req.type, tos=req.tos, proto=req.proto,
        scope=scope, priority=req.metric or 0,
        prefsrc=req.prefsrc.as_int() if req.prefsrc is not None else 0,
        gateway=req.gateway.as_int() if req.gateway is not None else None, oif=dev,
        onlink=req.onlink)


def delete(ctx: Context, req: RouteReq, dst: int, plen: int, scope: int,
           dev: Device | None) -> int:
    """RTM_DELROUTE: rtm_type stays RTN_UNSPEC unless a type word was given."""
    cfg = _config(req, dst, plen, scope, dev)
    if not req.type_given:
        cfg.type = None
    try:
        FS.table_delete(ctx.ns.ipv4, cfg)
    except FS.FibError as err:
        raise rtnl_error(err.errno_name, err.extack) from None
    return 0


def insert(ctx: Context, cmd: str, req: RouteReq, dst: int, plen: int, scope: int,
           dev: Device | None) -> int:
    """RTM_NEWROUTE with the command's flags (fib_create_info + fib_table_insert)."""
    if req.type in (F.MULTICAST, F.ANYCAST, F.NAT) or req.type not in \
            {F.UNICAST, F.LOCAL, F.BROADCAST} | ERROR_TYPES:
        raise UnsupportedError(f"ip route type {req.type}")
    cfg = _config(req, dst, plen, scope, dev)
    for flag in _NLFLAGS[cmd]:
        setattr(cfg, flag, True)
    try:
        FS.table_insert(ctx.ns.ipv4, cfg)
    except FS.FibError as err:
        raise rtnl_error(err.errno_name, err.extack) from None
    return 0
