"""The IPv6 routing tables of one namespace (net/ipv6/ip6_fib.c, route.c), state only.

Holds what `ip -6 route` lists: the kernel routes address configuration installs
(vnet.net.addrconf: `fe80::/64` prefix routes, `multicast ff00::/8`, the `local`
route of every valid address, `anycast` subnet-router routes on forwarding
interfaces) and routes the user adds. No IPv6 packet is routed with them yet.

Ordering follows the kernel. Inside a prefix, routes are kept by metric and, for an
equal metric, in insertion order (fib6_add_rt2node appends). A dump walks the fib6
radix tree in post-order, so a more specific prefix comes before the prefix that
contains it and `default` (::/0, the root) comes last; disjoint prefixes come in
address order. Tables are dumped in the order of their fib_table_hash bucket
(id & 255), so main (254) comes before local (255).
`linkdown` is derived from the device's carrier at dump time, as RTNH_F_LINKDOWN
tracks it (set on NETDEV_CHANGE without carrier, never on local/anycast routes).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from vnet.net import ipv6_addr as A

if TYPE_CHECKING:
    from vnet.link.device import Device

RT_TABLE_DEFAULT = 253
RT_TABLE_MAIN = 254
RT_TABLE_LOCAL = 255

RTPROT_KERNEL = 2
RTPROT_BOOT = 3

IP6_RT_PRIO_USER = 1024
IP6_RT_PRIO_ADDRCONF = 256

UNICAST = "unicast"
LOCAL = "local"
ANYCAST = "anycast"
MULTICAST = "multicast"


class Fib6Error(Exception):
    """A refused route change: the errno name and the kernel's extack text, if any."""

    def __init__(self, errno_name: str, message: str = "") -> None:
        super().__init__(message or errno_name)
        self.errno_name = errno_name
        self.message = message


class Route6:
    __slots__ = ("table", "type", "dst", "plen", "dev", "gateway", "proto", "metric",
                 "pref", "prefsrc", "expires", "seq")

    def __init__(self, dst: int, plen: int, *, table: int = RT_TABLE_MAIN,
                 type: str = UNICAST, dev: Device | None = None,
                 gateway: int | None = None, proto: int = RTPROT_BOOT,
                 metric: int = IP6_RT_PRIO_USER, pref: str = "medium",
                 prefsrc: int | None = None, expires: int | None = None) -> None:
        self.table = table
        self.type = type
        self.dst = dst
        self.plen = plen
        self.dev = dev
        self.gateway = gateway
        self.proto = proto
        self.metric = metric
        self.pref = pref
        self.prefsrc = prefsrc
        self.expires = expires        # absolute virtual time (ns) or None
        self.seq = 0                  # insertion order, set by Fib6.add

    def __repr__(self) -> str:
        dev = self.dev.name if self.dev is not None else None
        return f"<Route6 {self.type} {A.to_str(self.dst)}/{self.plen} t{self.table} dev={dev}>"

    @property
    def linkdown(self) -> bool:
        dev = self.dev
        return (dev is not None and self.type not in (LOCAL, ANYCAST)
                and not dev.carrier)

    def dump_key(self) -> tuple[int, int]:
        """Post-order position in the radix tree: contained prefixes before containers."""
        return (self.dst | (~A.mask(self.plen) & A.ALL_ONES), -self.plen)


class Fib6:
    def __init__(self) -> None:
        #  table id -> {(dst, plen): [routes by metric, then insertion]}
        self.tables: dict[int, dict[tuple[int, int], list[Route6]]] = {
            RT_TABLE_MAIN: {}, RT_TABLE_LOCAL: {}}
        self._table_seq: dict[int, int] = {RT_TABLE_MAIN: 0, RT_TABLE_LOCAL: 1}
        self._seq = 0

    # -- changes -------------------------------------------------------------------------
    def add(self, route: Route6, exclusive: bool = False) -> bool:
        """fib6_add_rt2node. False (nothing added) if a route with the same metric and
        nexthop exists; with `exclusive` any same-metric route raises EEXIST."""
        table = self.tables.get(route.table)
        if table is None:
            table = self.tables[route.table] = {}
            self._table_seq[route.table] = len(self._table_seq)
        routes = table.setdefault((route.dst, route.plen), [])
        index = len(routes)
        for i, other in enumerate(routes):
            if other.metric == route.metric:
                if exclusive:
                    raise Fib6Error("EEXIST")
                if other.dev is route.dev and other.gateway == route.gateway:
                    return False
            if other.metric > route.metric:
                index = i
                break
        self._seq += 1
        route.seq = self._seq
        routes.insert(index, route)
        return True

    def remove(self, route: Route6) -> None:
        table = self.tables[route.table]
        key = (route.dst, route.plen)
        routes = table[key]
        routes.remove(route)
        if not routes:
            del table[key]

    def remove_where(self, pred: Callable[[Route6], bool]) -> int:
        victims = [r for r in self.all_routes() if pred(r)]
        for route in victims:
            self.remove(route)
        return len(victims)

    # -- queries -------------------------------------------------------------------------
    def find(self, table: int, dst: int, plen: int) -> list[Route6]:
        return list(self.tables.get(table, {}).get((dst, plen), ()))

    def table_ids(self) -> list[int]:
        """Dump order of the tables: hash bucket (id & 255), newest first in a bucket."""
        return sorted(self.tables, key=lambda t: (t & 0xFF, -self._table_seq[t]))

    def routes(self, table: int) -> list[Route6]:
        prefixes = self.tables.get(table, {})
        out: list[Route6] = []
        for key in sorted(prefixes, key=lambda k: prefixes[k][0].dump_key()):
            out.extend(prefixes[key])
        return out

    def all_routes(self) -> Iterator[Route6]:
        for table_id in self.table_ids():
            yield from self.routes(table_id)


# -- the routes address configuration installs ----------------------------------------------
def prefix_route(fib: Fib6, dst: int, plen: int, dev: Device, metric: int = 0,
                 expires: int | None = None) -> Route6 | None:
    """addrconf_prefix_route: `PREFIX/LEN dev X proto kernel metric 256` in main.
    Refused (None) while the device is down, as fib6_nh_init refuses ENETDOWN."""
    if not dev.admin_up:
        return None
    route = Route6(A.prefix_of(dst, plen), plen, dev=dev, proto=RTPROT_KERNEL,
                   metric=metric or IP6_RT_PRIO_ADDRCONF, expires=expires)
    return route if fib.add(route) else None


def multicast_route(fib: Fib6, dev: Device) -> None:
    """addrconf_add_mroute: `multicast ff00::/8 dev X table local proto kernel metric 256`."""
    if not dev.admin_up:
        return
    fib.add(Route6(0xFF << 120, 8, table=RT_TABLE_LOCAL, type=MULTICAST, dev=dev,
                   proto=RTPROT_KERNEL, metric=IP6_RT_PRIO_ADDRCONF))


def host_route(addr: int, dev: Device, anycast: bool = False) -> Route6:
    """addrconf_f6i_alloc: the `local ADDR` (or `anycast ADDR`) route of a device address,
    allowed on a device that is down (fc_ignore_dev_down)."""
    return Route6(addr, 128, table=RT_TABLE_LOCAL, type=ANYCAST if anycast else LOCAL,
                  dev=dev, proto=RTPROT_KERNEL, metric=0)


def flush_dev(fib: Fib6, dev: Device) -> None:
    """rt6_disable_ip / rt6_sync_down_dev(NETDEV_DOWN): every route through the device."""
    fib.remove_where(lambda r: r.dev is dev)
