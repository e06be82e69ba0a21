"""Routes as the trace and `vnet explain` name them: one route, or a namespace's table.

The words follow `ip route show` (iproute2's print_route): `[TYPE ]PREFIX [via GW] dev
DEV [proto P] [scope S] [src SRC] [metric M]`, so what explain says a namespace's routes
are reads like what `ip route` would have listed at that moment. Only the fields that
make the choice of a route understandable are kept (no flags, no cache lines).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from vnet.net import fib as F
from vnet.wire.ipaddr import ip_to_str

if TYPE_CHECKING:
    from vnet.net.fib import Route


def prefix(route: Route) -> str:
    if route.plen == 0 and route.dst == 0 and route.table != F.RT_TABLE_LOCAL:
        return "default"
    if route.plen == 32:
        return ip_to_str(route.dst)
    return f"{ip_to_str(route.dst)}/{route.plen}"


def format_route(route: Route) -> str:
    """One route in `ip route` words."""
    parts = []
    if route.type != F.UNICAST:
        parts.append(route.type)
    parts.append(prefix(route))
    if route.gateway is not None:
        parts.append(f"via {ip_to_str(route.gateway)}")
    if route.dev is not None:
        parts.append(f"dev {route.dev.name}")
    if route.proto not in (F.RTPROT_BOOT, 0) and route.table != F.RT_TABLE_LOCAL:
        parts.append(f"proto {F.PROTO_NAMES.get(route.proto, str(route.proto))}")
    if route.scope != F.RT_SCOPE_UNIVERSE and route.table != F.RT_TABLE_LOCAL:
        parts.append(f"scope {F.SCOPE_NAMES.get(route.scope, str(route.scope))}")
    if route.prefsrc is not None:
        parts.append(f"src {ip_to_str(route.prefsrc)}")
    if route.metric:
        parts.append(f"metric {route.metric}")
    return " ".join(parts)


def table_name(route: Route) -> str:
    return F.TABLE_NAMES.get(route.table, str(route.table))


def table_snapshot(stack: Any) -> tuple[str, ...]:
    """What `ip route show` lists in the namespace now (the main table)."""
    table = stack.fib.table(F.RT_TABLE_MAIN)
    if table is None:
        return ()
    return tuple(format_route(r) for r in table.routes() if not r.dead)


def describe_routes(routes: tuple[str, ...], most: int = 6) -> str:
    """`its routes are `a`, `b``, naming at most `most` of them."""
    if not routes:
        return "it has no routes at all"
    if len(routes) == 1:
        return f"its only route is `{routes[0]}`"
    text = "its routes are " + ", ".join(f"`{r}`" for r in routes[:most])
    if len(routes) > most:
        text += f" and {len(routes) - most} more"
    return text
