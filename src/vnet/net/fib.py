"""The IPv4 forwarding information base (net/ipv4/fib_trie.c, fib_semantics.c).

Tables by id (local 255, main 254, default 253, and any the user names), each a map
from (prefix, length) to the routes for that prefix in the kernel's alias order
(tos descending, then metric ascending, then insertion; `replace` keeps the place).
Lookup walks the local then the main table (the default `ip rule` list) and picks the
longest matching prefix (RFC 1812 5.2.4.3), skipping routes whose scope is narrower
than asked and routes whose nexthop is dead. Dump order is the trie's: prefix
ascending, longer first for the same prefix. A route carries its type, scope,
protocol, metric, preferred source, gateway or device, `onlink`, and the RTAX metrics
net-tools can set (window, rtt, advmss). What may be added or deleted, and how, is
vnet.net.fib_semantics; which routes follow a device going down or up is the
netdevice notifier's (vnet.net.stack, fib_sync_down_dev).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from vnet.link.device import Device

RT_TABLE_DEFAULT = 253
RT_TABLE_MAIN = 254
RT_TABLE_LOCAL = 255

RT_SCOPE_UNIVERSE = 0
RT_SCOPE_SITE = 200
RT_SCOPE_LINK = 253
RT_SCOPE_HOST = 254
RT_SCOPE_NOWHERE = 255

SCOPE_NAMES = {0: "global", 200: "site", 253: "link", 254: "host", 255: "nowhere"}
TABLE_NAMES = {253: "default", 254: "main", 255: "local"}
PROTO_NAMES = {0: "unspec", 1: "redirect", 2: "kernel", 3: "boot", 4: "static", 8: "gated",
               9: "ra", 10: "mrt", 11: "zebra", 12: "bird", 13: "dnrouted", 14: "xorp",
               15: "ntk", 16: "dhcp", 18: "keepalived", 42: "babel", 99: "openr", 186: "bgp",
               187: "isis", 188: "ospf", 189: "rip", 192: "eigrp"}
RTPROT_KERNEL = 2
RTPROT_BOOT = 3

# route types that answer a lookup without a nexthop device
UNICAST = "unicast"
LOCAL = "local"
BROADCAST = "broadcast"
BLACKHOLE = "blackhole"
UNREACHABLE = "unreachable"
PROHIBIT = "prohibit"
THROW = "throw"
MULTICAST = "multicast"
ANYCAST = "anycast"
NAT = "nat"

#  the errno a lookup that hits each special type returns (fib_props in fib_semantics.c)
TYPE_ERRNO = {BLACKHOLE: "EINVAL", UNREACHABLE: "EHOSTUNREACH", PROHIBIT: "EACCES",
              THROW: "EAGAIN"}


def mask(plen: int) -> int:
    return (0xFFFFFFFF << (32 - plen)) & 0xFFFFFFFF if plen else 0


MASKS = tuple(mask(plen) for plen in range(33))


class Route:
    __slots__ = ("table", "type", "dst", "plen", "tos", "proto", "scope", "metric", "prefsrc",
                 "gateway", "dev", "onlink", "dead", "metrics")

    def __init__(self, dst: int, plen: int, *, table: int = RT_TABLE_MAIN, type: str = UNICAST,
                 dev: Device | None = None, gateway: int | None = None,
                 prefsrc: int | None = None, proto: int = RTPROT_BOOT,
                 scope: int = RT_SCOPE_UNIVERSE, metric: int = 0, tos: int = 0,
                 onlink: bool = False) -> None:
        self.table = table
        self.type = type
        self.dst = dst
        self.plen = plen
        self.tos = tos
        self.proto = proto
        self.scope = scope
        self.metric = metric
        self.prefsrc = prefsrc
        self.gateway = gateway
        self.dev = dev
        self.onlink = onlink
        self.dead = False
        #  RTAX_* metrics by iproute2 name ("window", "rtt" (in 1/8 ms), "advmss")
        self.metrics: dict[str, int] = {}

    def __repr__(self) -> str:
        return f"<Route {self.type} {self.dst:#x}/{self.plen} t{self.table} dev={self.dev}>"

    @property
    def linkdown(self) -> bool:
        dev = self.dev
        return dev is not None and self.scope != RT_SCOPE_HOST and not dev.carrier

    def same_key(self, other: Route) -> bool:
        return (self.dst, self.plen, self.tos, self.metric) == (
            other.dst, other.plen, other.tos, other.metric)


class FibTable:
    def __init__(self, table_id: int) -> None:
        self.id = table_id
        self.prefixes: dict[tuple[int, int], list[Route]] = {}
        self.plens: list[int] = []  # distinct prefix lengths present, longest first

    def _reindex(self) -> None:
        self.plens = sorted({plen for (_dst, plen) in self.prefixes}, reverse=True)

    def insert(self, route: Route, append: bool = False) -> None:
        key = (route.dst, route.plen)
        routes = self.prefixes.get(key)
        if routes is None:
            self.prefixes[key] = [route]
            self._reindex()
            return
        # keep alias order: tos descending, metric ascending; append/prepend among equals
        index = len(routes)
        for i, other in enumerate(routes):
            if (other.tos < route.tos) or (other.tos == route.tos and other.metric > route.metric) \
                    or (not append and other.tos == route.tos and other.metric == route.metric):
                index = i
                break
        routes.insert(index, route)

    def remove(self, route: Route) -> None:
        key = (route.dst, route.plen)
        routes = self.prefixes[key]
        routes.remove(route)
        if not routes:
            del self.prefixes[key]
            self._reindex()

    def routes(self) -> Iterator[Route]:
        """Dump order: prefix ascending, then longer prefix first."""
        for key in sorted(self.prefixes, key=lambda k: (k[0], -k[1])):
            yield from self.prefixes[key]

    def lookup(self, dst: int, scope: int = RT_SCOPE_UNIVERSE) -> Route | None:
        prefixes = self.prefixes
        masks = MASKS
        for plen in self.plens:
            routes = prefixes.get((dst & masks[plen], plen))
            if routes:
                for route in routes:
                    if route.dead or route.scope < scope:
                        continue
                    return route
        return None


_MISS = object()     # Fib._cache's "not looked up yet" (None is a cached "no route")


class Fib:
    """All tables of one namespace plus the default rule order (local, main, default)."""

    def __init__(self) -> None:
        self.tables: dict[int, FibTable] = {
            RT_TABLE_LOCAL: FibTable(RT_TABLE_LOCAL),
            RT_TABLE_MAIN: FibTable(RT_TABLE_MAIN),
            RT_TABLE_DEFAULT: FibTable(RT_TABLE_DEFAULT),
        }
        self.rule_order = [RT_TABLE_LOCAL, RT_TABLE_MAIN, RT_TABLE_DEFAULT]
        self.generation = 0
        #  dst -> result of a universe-scope lookup; emptied by every change (changed())
        self._cache: dict[int, Route | None] = {}

    def changed(self) -> None:
        """Call after any change to the tables or to a route in them."""
        self.generation += 1
        self._cache.clear()

    def table(self, table_id: int, create: bool = False) -> FibTable | None:
        table = self.tables.get(table_id)
        if table is None and create:
            table = self.tables[table_id] = FibTable(table_id)
        return table

    def add(self, route: Route, append: bool = False) -> None:
        self.table(route.table, create=True).insert(route, append)  # type: ignore[union-attr]
        self.changed()

    def remove(self, route: Route) -> None:
        self.tables[route.table].remove(route)
        self.changed()

    def replace(self, old: Route, new: Route) -> None:
        """hlist_replace_rcu: `new` takes `old`'s place among the prefix's aliases."""
        routes = self.tables[old.table].prefixes[(old.dst, old.plen)]
        routes[routes.index(old)] = new
        self.changed()

    def lookup(self, dst: int, scope: int = RT_SCOPE_UNIVERSE) -> Route | None:
        if scope == RT_SCOPE_UNIVERSE:
            cache = self._cache
            route = cache.get(dst, _MISS)
            if route is not _MISS:
                return route  # type: ignore[return-value]
            route = self._lookup(dst, scope)
            if len(cache) > 4096:
                cache.clear()
            cache[dst] = route
            return route
        return self._lookup(dst, scope)

    def _lookup(self, dst: int, scope: int) -> Route | None:
        tables = self.tables
        for table_id in self.rule_order:
            route = tables[table_id].lookup(dst, scope)
            if route is not None:
                if route.type == THROW:
                    continue
                return route
        return None

    def all_routes(self) -> Iterator[Route]:
        for table_id in sorted(self.tables):
            yield from self.tables[table_id].routes()

    def find(self, table: int, dst: int, plen: int) -> list[Route]:
        t = self.tables.get(table)
        if t is None:
            return []
        return list(t.prefixes.get((dst, plen), ()))

    def remove_where(self, pred) -> int:  # type: ignore[no-untyped-def]
        victims = [r for r in self.all_routes() if pred(r)]
        for route in victims:
            self.remove(route)
        return len(victims)
