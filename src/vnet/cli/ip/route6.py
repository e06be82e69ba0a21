"""`ip -6 route add|del|replace|flush`: IPv6 routes in the address configuration's table.

Follows ip6_route_add / ip6_route_del (net/ipv6/route.c) for what vnet models: metric
1024 unless given, `blackhole`/`unreachable`/`prohibit` routes hang off `lo`, a gateway
must be reachable through an existing route (or on the given device when link-local;
"Egress device not specified" otherwise) and may not be a local address, a route with
neither device nor gateway is ENODEV, an existing (prefix, metric) is EEXIST, a delete
matches the given fields or fails with ESRCH. IPv6 packets are not routed by vnet yet:
these routes are configuration that `ip -6 route` shows.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from vnet.cli.ip.errors import rtnl_error
from vnet.cli.shell.api import UnsupportedError
from vnet.net import ipv6_addr as A
from vnet.net import ipv6_fib as F6

if TYPE_CHECKING:
    from vnet.cli.context import Context
    from vnet.link.device import Device

ERROR_TYPES = ("blackhole", "unreachable", "prohibit")


def _fib(ctx: Context) -> F6.Fib6:
    ipv6 = getattr(ctx.ns, "ipv6", None)
    if ipv6 is None:
        raise UnsupportedError("IPv6 routes")
    return ipv6.fib  # type: ignore[no-any-return]


def _is_local(ctx: Context, addr: int) -> bool:
    return any(int(getattr(a, "addr", -1)) == addr for d in ctx.ns.devices()
               for a in getattr(d, "ip6", ()))


def _lookup_dev(fib: F6.Fib6, addr: int, table: int) -> Device | None:
    """The device of the longest on-link route covering addr (table, then main)."""
    best: Any = None
    for table_id in dict.fromkeys((table, F6.RT_TABLE_MAIN)):
        for r in fib.routes(table_id):
            if r.type != F6.UNICAST or r.dev is None or r.gateway is not None:
                continue                    # the gateway must be directly reachable
            if A.prefix_of(addr, r.plen) != r.dst:
                continue
            if best is None or r.plen > best.plen:
                best = r
        if best is not None:
            return best.dev  # type: ignore[no-any-return]
    return None


def modify(ctx: Context, cmd: str, rtype: str, dst: int, plen: int, gateway: int | None,
           dev: Device | None, table: int, proto: int, metric: int | None,
           type_given: bool) -> int:
    fib = _fib(ctx)
    if rtype not in (F6.UNICAST, *ERROR_TYPES):
        raise UnsupportedError(f"ip -6 route type {rtype}")
    if cmd == "delete":
        for r in fib.find(table, dst, plen):
            if type_given and r.type != rtype:
                continue
            if metric is not None and r.metric != metric:
                continue
            if dev is not None and r.dev is not dev:
                continue
            if gateway is not None and r.gateway != gateway:
                continue
            if proto and r.proto != proto:
                continue
            fib.remove(r)
            return 0
        raise rtnl_error("ESRCH")
    route_dev = dev
    if rtype in ERROR_TYPES:
        route_dev = ctx.ns.by_index.get(1)
    elif gateway is not None:
        if _is_local(ctx, gateway):
            raise rtnl_error("EINVAL", "Gateway can not be a local address")
        if A.addr_type(gateway)[0] & A.IPV6_ADDR_LINKLOCAL:
            if dev is None:
                raise rtnl_error("ENODEV", "Egress device not specified")
        else:
            found = _lookup_dev(fib, gateway, table)
            if found is None or (dev is not None and found is not dev):
                raise rtnl_error("EHOSTUNREACH")
            route_dev = found
    elif dev is None:
        raise rtnl_error("ENODEV")
    if route_dev is not None and rtype == F6.UNICAST and not route_dev.admin_up:
        raise rtnl_error("ENETDOWN", "Nexthop device is not up")
    route = F6.Route6(dst, plen, table=table, type=rtype, dev=route_dev, gateway=gateway,
                      proto=proto, metric=F6.IP6_RT_PRIO_USER if metric is None else metric)
    same = [r for r in fib.find(table, dst, plen) if r.metric == route.metric]
    if cmd in ("replace", "change") and same:
        fib.remove(same[0])
    elif cmd == "change":
        raise rtnl_error("ENOENT")
    elif same and cmd in ("add", "test"):
        raise rtnl_error("EEXIST")
    if cmd == "test":
        return 0
    if not fib.add(route):
        raise rtnl_error("EEXIST")
    return 0


def flush(ctx: Context, victims: list[Any]) -> None:
    fib = _fib(ctx)
    for r in victims:
        if r in fib.find(r.table, r.dst, r.plen):
            fib.remove(r)
