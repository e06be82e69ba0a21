"""Adding and deleting IPv4 routes (net/ipv4/fib_semantics.c and fib_trie.c).

The kernel side of RTM_NEWROUTE / RTM_DELROUTE (`ip route`) and of the SIOCADDRT /
SIOCDELRT ioctls (net-tools `route`): both build a `FibConfig` and land here.

`create_info` is fib_create_info: the route type's minimum scope, error types
(blackhole, unreachable, prohibit, throw) without nexthop, host-scope routes with a
device and no gateway, and the nexthop check of fib_check_nh: a gateway must be
reachable through a route of narrower scope than the new route's (scope + 1, at least
link) that is unicast or local, whose device becomes the route's (or on `onlink`,
directly through the given device); a device-only route needs its device up; a
preferred source must be a local address. `table_insert` is fib_table_insert with the
netlink flags: an alias with the same (prefix, tos, metric) is refused with EXCL,
replaced with REPLACE (unless the identical route is already first), otherwise the new
route goes before it (after it with APPEND); an identical alias is always EEXIST;
without CREATE a missing key is ENOENT. `table_delete` removes the first alias of the
prefix matching every field the request gives, or fails with ESRCH.

Errors are `FibError(errno, extack)`: the errno the ioctl reports and the extended
acknowledgement `ip` prints as `Error: ...` (None when the kernel gives none).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from vnet.net import fib as F

if TYPE_CHECKING:
    from vnet.link.device import Device
    from vnet.net.stack import Ipv4Stack

#  fib_props[type].scope: the narrowest scope a route of that type may have
_MIN_SCOPE = {F.LOCAL: F.RT_SCOPE_HOST, F.BROADCAST: F.RT_SCOPE_LINK,
              F.ANYCAST: F.RT_SCOPE_LINK, F.NAT: F.RT_SCOPE_HOST}
_NEXTHOP_TYPES = frozenset({F.UNICAST, F.LOCAL, F.BROADCAST, F.ANYCAST, F.MULTICAST})
ERROR_TYPES = frozenset(F.TYPE_ERRNO)


class FibError(Exception):
    def __init__(self, errno_name: str, extack: str | None = None) -> None:
        super().__init__(extack or errno_name)
        self.errno_name = errno_name
        self.extack = extack


@dataclass
class FibConfig:
    """struct fib_config: what a route request asks for."""

    dst: int
    plen: int
    table: int = F.RT_TABLE_MAIN
    type: str | None = F.UNICAST       # None: any type (a delete that names none)
    tos: int = 0
    proto: int = 0
    scope: int = F.RT_SCOPE_UNIVERSE
    priority: int = 0
    prefsrc: int = 0
    gateway: int | None = None
    oif: Device | None = None
    onlink: bool = False
    metrics: dict[str, int] = field(default_factory=dict)
    create: bool = False
    excl: bool = False
    replace: bool = False
    append: bool = False


def table_lookup(table: F.FibTable, dst: int, scope: int,
                 oif: Device | None) -> F.Route | str:
    """fib_table_lookup: the longest prefix with a route of wide enough scope; an error
    type answers with its errno whatever the device (throw: EAGAIN, as no match); a
    usable route must leave through `oif` when one is given."""
    for plen in table.plens:
        for route in table.prefixes.get((dst & F.mask(plen), plen), ()):
            if route.dead or route.scope < scope:
                continue
            if route.type in ERROR_TYPES:
                return F.TYPE_ERRNO[route.type]
            if oif is not None and route.dev is not oif:
                continue
            return route
    return "EAGAIN"


def lookup(stack: Ipv4Stack, dst: int, scope: int = F.RT_SCOPE_UNIVERSE,
           oif: Device | None = None) -> F.Route | str:
    """fib_lookup without custom rules: the main table (the local one merged into it),
    then the default table if it exists; no match is ENETUNREACH."""
    tables = stack.fib.tables
    result = table_lookup(tables[F.RT_TABLE_LOCAL], dst, scope, oif)
    if result == "EAGAIN":
        result = table_lookup(tables[F.RT_TABLE_MAIN], dst, scope, oif)
    default = tables.get(F.RT_TABLE_DEFAULT)
    if not isinstance(result, F.Route) and default is not None and default.prefixes:
        result = table_lookup(default, dst, scope, oif)
    return "ENETUNREACH" if result == "EAGAIN" else result


def _check_nh_gw(stack: Ipv4Stack, cfg: FibConfig, gw: int) -> Device:
    """fib_check_nh_v4_gw: the device the gateway is reached through."""
    if cfg.onlink:
        if cfg.scope >= F.RT_SCOPE_LINK:
            raise FibError("EINVAL", "Nexthop has invalid scope")
        dev = cfg.oif
        if dev is None:
            raise FibError("ENODEV", "Nexthop device required for onlink")
        if not dev.admin_up:
            raise FibError("ENETDOWN", "Nexthop device is not up")
        if addr_type(stack, gw, dev) != F.UNICAST:
            raise FibError("EINVAL", "Nexthop has invalid gateway")
        return dev
    scope = max(cfg.scope + 1, F.RT_SCOPE_LINK)
    result: F.Route | str = "EAGAIN"
    table = stack.fib.tables.get(cfg.table) if cfg.table != F.RT_TABLE_MAIN else None
    if table is not None:
        result = table_lookup(table, gw, scope, cfg.oif)
    if not isinstance(result, F.Route):
        result = lookup(stack, gw, scope, cfg.oif)
    if not isinstance(result, F.Route):
        raise FibError(result, "Nexthop has invalid gateway")
    if result.type not in (F.UNICAST, F.LOCAL):
        raise FibError("EINVAL", "Nexthop has invalid gateway")
    dev = result.dev
    if dev is None:
        raise FibError("EINVAL", "No egress device for nexthop gateway")
    if not dev.admin_up:
        raise FibError("ENETDOWN")
    return dev


def addr_type(stack: Ipv4Stack, addr: int, dev: Device | None = None) -> str:
    """inet_addr_type(_dev_table): local, broadcast, multicast or unicast."""
    if addr >> 24 == 0 or addr == 0xFFFFFFFF:
        return F.BROADCAST
    if addr >> 28 == 0xE:
        return F.MULTICAST
    route = stack.fib.lookup(addr)
    if route is None or route.type in ERROR_TYPES:
        return F.UNICAST
    if dev is not None and route.dev is not dev:
        return F.UNICAST
    return route.type


def create_info(stack: Ipv4Stack, cfg: FibConfig) -> F.Route:
    """fib_create_info: validate the request and build the route (not inserted)."""
    rtype = cfg.type or F.UNICAST
    if _MIN_SCOPE.get(rtype, F.RT_SCOPE_UNIVERSE) > cfg.scope:
        raise FibError("EINVAL", "Invalid scope")
    dev: Device | None = None
    if rtype in ERROR_TYPES:
        if cfg.gateway is not None or cfg.oif is not None:
            raise FibError("EINVAL", "Gateway, device and multipath can not be specified "
                                     "for this route type")
    else:
        if rtype not in _NEXTHOP_TYPES:
            raise FibError("EINVAL", "Invalid route type")
        if cfg.scope > F.RT_SCOPE_HOST:
            raise FibError("EINVAL", "Invalid scope")
        if cfg.scope == F.RT_SCOPE_HOST:
            if cfg.gateway is not None:
                raise FibError("EINVAL", "Route with host scope can not have a gateway")
            if cfg.oif is None:
                raise FibError("ENODEV")
            dev = cfg.oif
        elif cfg.gateway is not None:
            dev = _check_nh_gw(stack, cfg, cfg.gateway)
        else:
            if cfg.onlink:
                raise FibError("EINVAL", "Invalid flags for nexthop - PERVASIVE and ONLINK "
                                         "can not be set")
            if cfg.oif is None:
                raise FibError("ENODEV")
            if not cfg.oif.admin_up:
                raise FibError("ENETDOWN", "Device for nexthop is not up")
            dev = cfg.oif
        if cfg.prefsrc and not _valid_prefsrc(stack, cfg, rtype):
            raise FibError("EINVAL", "Invalid prefsrc address")
    route = F.Route(cfg.dst, cfg.plen, table=cfg.table, type=rtype, dev=dev,
                    gateway=cfg.gateway, prefsrc=cfg.prefsrc or None, proto=cfg.proto,
                    scope=cfg.scope, metric=cfg.priority, tos=cfg.tos, onlink=cfg.onlink)
    if cfg.metrics:
        route.metrics = dict(cfg.metrics)
    return route


def _valid_prefsrc(stack: Ipv4Stack, cfg: FibConfig, rtype: str) -> bool:
    """fib_valid_prefsrc: a local address (a local route's own destination may be it)."""
    if rtype == F.LOCAL and cfg.dst and cfg.prefsrc == cfg.dst:
        return True
    return stack.is_local_address(cfg.prefsrc)


def same_info(a: F.Route, b: F.Route) -> bool:
    """fa_info == fi: fib_find_info shares one fib_info between identical routes."""
    return (a.proto, a.scope, a.prefsrc, a.metric, a.dev, a.gateway, a.onlink,
            a.metrics) == (b.proto, b.scope, b.prefsrc, b.metric, b.dev, b.gateway,
                           b.onlink, b.metrics)


def table_insert(stack: Ipv4Stack, cfg: FibConfig) -> F.Route:
    """fib_table_insert; returns the route now in the table."""
    if cfg.dst & ~F.mask(cfg.plen) & 0xFFFFFFFF:
        raise FibError("EINVAL", "Invalid prefix for given prefix length")
    route = create_info(stack, cfg)
    fib = stack.fib
    same_key = [r for r in fib.find(cfg.table, cfg.dst, cfg.plen)
                if r.tos == cfg.tos and r.metric == route.metric]
    if same_key:
        if cfg.excl:
            raise FibError("EEXIST")
        match = next((r for r in same_key if r.type == route.type and same_info(r, route)),
                     None)
        if cfg.replace:
            if match is not None:
                if match is same_key[0]:
                    return match
                raise FibError("EEXIST")
            fib.replace(same_key[0], route)
            return route
        if match is not None:
            raise FibError("EEXIST")
    if not cfg.create:
        raise FibError("ENOENT")
    fib.add(route, append=cfg.append)
    return route


def table_delete(stack: Ipv4Stack, cfg: FibConfig) -> F.Route:
    """fib_table_delete: remove and return the first alias matching the request."""
    fib = stack.fib
    if cfg.table not in fib.tables:
        raise FibError("ESRCH")
    for r in fib.find(cfg.table, cfg.dst, cfg.plen):
        if r.tos != cfg.tos:
            continue
        if cfg.type is not None and r.type != cfg.type:
            continue
        if cfg.scope != F.RT_SCOPE_NOWHERE and r.scope != cfg.scope:
            continue
        if cfg.prefsrc and r.prefsrc != cfg.prefsrc:
            continue
        if cfg.proto and r.proto != cfg.proto:
            continue
        if cfg.priority and r.metric != cfg.priority:
            continue
        if cfg.oif is not None and r.dev is not cfg.oif:
            continue
        if cfg.gateway is not None and r.gateway != cfg.gateway:
            continue
        fib.remove(r)
        return r
    raise FibError("ESRCH")
