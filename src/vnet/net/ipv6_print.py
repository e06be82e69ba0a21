"""Text and JSON renderings of the IPv6 configuration, as the real tools print them.

Renders what vnet.net.addrconf and vnet.net.ipv6_fib hold, for the command families
that show it: the `inet6` lines of `ip addr` (iproute2 ip/ipaddress.c print_addrinfo,
flag names and order of ifa_flag_data[], the trailing space after the last flag),
`ip -6 route` lines (ip/iproute.c print_route: type, dst, via, dev, table, proto,
metric, flags, expires, pref; no trailing space), `/proc/net/if_inet6` (if6_seq_show),
ifconfig's `inet6 ... scopeid 0x20<link>` lines (net-tools lib/interface.c) and
`ip maddr` (ip/ipmaddr.c). The caller passes what its options decide (which table,
which fields a filter hides); nothing here reads the command line.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from vnet.core.sched import NS_PER_SEC
from vnet.net import ipv6_addr as A
from vnet.net import ipv6_fib as F
from vnet.net.fib import PROTO_NAMES, SCOPE_NAMES, TABLE_NAMES
from vnet.wire.mac import mac_to_str

if TYPE_CHECKING:
    from vnet.core.netns import Namespace
    from vnet.link.device import Device
    from vnet.net.addrconf import Inet6Addr

INFINITY = 0xFFFFFFFF

#  iproute2's ifa_flag_data[] order; 0x80 (permanent) prints "dynamic" when absent
_FLAG_TABLE = (
    (0x01, "temporary"), (0x02, "nodad"), (0x04, "optimistic"), (0x08, "dadfailed"),
    (0x10, "home"), (0x20, "deprecated"), (0x40, "tentative"), (0x80, "dynamic"),
    (0x100, "mngtmpaddr"), (0x200, "noprefixroute"), (0x400, "autojoin"),
    (0x800, "stable-privacy"),
)


def _now(ifa: Inet6Addr) -> int:
    return ifa.idev.state.world.now  # type: ignore[no-any-return]


def inet6_flag_names(flags: int) -> tuple[list[str], int]:
    """The flag words `ip addr` prints for an inet6 address, and the unknown bits left."""
    names = []
    for mask, name in _FLAG_TABLE:
        if mask == 0x80:
            if not flags & mask:
                names.append(name)
        elif flags & mask:
            names.append(name)
        flags &= ~mask
    return names, flags


def scope_name(ifa: Inet6Addr) -> str:
    return SCOPE_NAMES.get(A.rt_scope(ifa.scope), str(A.rt_scope(ifa.scope)))


def inet6_lines(ifa: Inet6Addr, oneline: bool = False) -> str:
    """`    inet6 fe80::1/64 scope link tentative \\n       valid_lft forever preferred_lft forever\\n`.

    With `oneline` (ip -o) the two lines are joined by a backslash, as iproute2's _SL_."""
    head = f"    inet6 {A.to_str(ifa.addr)}/{ifa.prefixlen} "
    if ifa.rt_priority:
        head += f"metric {ifa.rt_priority} "
    head += f"scope {scope_name(ifa)} "
    names, rest = inet6_flag_names(ifa.flags)
    head += "".join(f"{name} " for name in names)
    if rest:
        head += f"flags {rest:02x} "
    valid, preferred = ifa.lifetimes(_now(ifa))
    tail = "       valid_lft " + ("forever" if valid == INFINITY else f"{valid}sec")
    tail += " preferred_lft " + ("forever" if preferred == INFINITY else f"{preferred}sec")
    sep = "\\" if oneline else "\n"
    return f"{head}{sep}{tail}\n"


def inet6_json(ifa: Inet6Addr) -> dict[str, Any]:
    """One `addr_info` object of `ip -j addr`."""
    out: dict[str, Any] = {"family": "inet6", "local": A.to_str(ifa.addr),
                           "prefixlen": ifa.prefixlen}
    if ifa.rt_priority:
        out["metric"] = ifa.rt_priority
    out["scope"] = scope_name(ifa)
    names, rest = inet6_flag_names(ifa.flags)
    for name in names:
        out[name] = True
    if rest:
        out["ifa_flags"] = f"{rest:02x}"
    valid, preferred = ifa.lifetimes(_now(ifa))
    out["valid_life_time"] = valid
    out["preferred_life_time"] = preferred
    return out


# -- routes ---------------------------------------------------------------------------------
def _table_name(table: int) -> str:
    return TABLE_NAMES.get(table, str(table))


def _dst(route: F.Route6) -> str:
    if route.plen == 0:
        return "default"
    if route.plen == 128:
        return A.to_str(route.dst)
    return f"{A.to_str(route.dst)}/{route.plen}"


def _expires(route: F.Route6, now: int) -> int | None:
    """rta_expires / USER_HZ as iproute2 prints it: whole seconds left, truncated toward
    zero (negative once expired, until the fib6 garbage collector removes the route).
    One nanosecond is taken off: a real command never runs in the instant of the add."""
    if route.expires is None:
        return None
    left = route.expires - now - 1
    return left // NS_PER_SEC if left >= 0 else -(-left // NS_PER_SEC)


def route6_line(route: F.Route6, now: int, *, show_table: bool = True,
                details: bool = False, omit: Iterable[str] = ()) -> str:
    """One `ip -6 route` line (without newline). `show_table` is false when the user
    asked for one table; `omit` names fields a filter makes iproute2 leave out
    ("dev", "proto", "metric", "via")."""
    hidden = set(omit)
    parts = []
    if route.type != F.UNICAST or details:
        parts.append(route.type)
    parts.append(_dst(route))
    if route.gateway is not None and "via" not in hidden:
        parts += ["via", A.to_str(route.gateway)]
    if route.dev is not None and "dev" not in hidden:
        parts += ["dev", route.dev.name]
    if show_table and (route.table != F.RT_TABLE_MAIN or details):
        parts += ["table", _table_name(route.table)]
    if (route.proto != F.RTPROT_BOOT or details) and "proto" not in hidden:
        parts += ["proto", PROTO_NAMES.get(route.proto, str(route.proto))]
    if details:
        parts += ["scope", "global"]
    if route.prefsrc is not None:
        parts += ["src", A.to_str(route.prefsrc)]
    if "metric" not in hidden:
        parts += ["metric", str(route.metric)]
    if route.linkdown:
        parts.append("linkdown")
    expires = _expires(route, now)
    if expires is not None:
        parts.append(f"expires {expires}sec")
    parts += ["pref", route.pref]
    return " ".join(parts)


def route6_json(route: F.Route6, now: int, *, show_table: bool = True,
                details: bool = False, omit: Iterable[str] = ()) -> dict[str, Any]:
    hidden = set(omit)
    out: dict[str, Any] = {}
    if route.type != F.UNICAST or details:
        out["type"] = route.type
    out["dst"] = _dst(route)
    if route.gateway is not None and "via" not in hidden:
        out["gateway"] = A.to_str(route.gateway)
    if route.dev is not None and "dev" not in hidden:
        out["dev"] = route.dev.name
    if show_table and (route.table != F.RT_TABLE_MAIN or details):
        out["table"] = _table_name(route.table)
    if (route.proto != F.RTPROT_BOOT or details) and "proto" not in hidden:
        out["protocol"] = PROTO_NAMES.get(route.proto, str(route.proto))
    if details:
        out["scope"] = "global"
    if route.prefsrc is not None:
        out["prefsrc"] = A.to_str(route.prefsrc)
    if "metric" not in hidden:
        out["metric"] = route.metric
    out["flags"] = ["linkdown"] if route.linkdown else []
    expires = _expires(route, now)
    if expires is not None:
        out["expires"] = expires
    out["pref"] = route.pref
    return out


def _selected(ns: Namespace, table: int | str | None) -> tuple[list[F.Route6], bool]:
    """Routes of `table` (None: main; a number or main/local/default; "all" or 0: every
    table) and whether the lines name their table."""
    fib: F.Fib6 = ns.ipv6.fib
    if table in ("all", 0):
        return list(fib.all_routes()), True
    if table is None:
        return fib.routes(F.RT_TABLE_MAIN), False
    if isinstance(table, str) and not table.isdigit():
        ids = {name: num for num, name in TABLE_NAMES.items()}
        return fib.routes(ids[table]), False
    return fib.routes(int(table)), False


def ipv6_route_lines(ns: Namespace, table: int | str | None = None) -> str:
    """`ip -6 route show [table T]`, every line newline-terminated."""
    routes, show_table = _selected(ns, table)
    now = ns.world.now
    return "".join(route6_line(r, now, show_table=show_table) + "\n" for r in routes)


def ipv6_route_json(ns: Namespace, table: int | str | None = None) -> list[dict[str, Any]]:
    routes, show_table = _selected(ns, table)
    now = ns.world.now
    return [route6_json(r, now, show_table=show_table) for r in routes]


# -- /proc/net/if_inet6 and ifconfig ----------------------------------------------------------------
def if_inet6(ns: Namespace) -> str:
    """/proc/net/if_inet6. The kernel lists its address hash table (seeded per namespace);
    vnet lists devices by index, each device's addresses in order."""
    lines = []
    for dev in ns.devices():
        for ifa in dev.ip6:
            lines.append(f"{A.to_hex(ifa.addr)} {dev.ifindex:02x} {ifa.prefixlen:02x} "
                         f"{ifa.scope:02x} {ifa.flags & 0xFF:02x} {dev.name:>8}\n")
    return "".join(lines)


_IFCONFIG_SCOPES = {0x00: "global", 0x20: "link", 0x40: "site", 0x80: "compat", 0x10: "host"}


def ifconfig_inet6_lines(dev: Device) -> str:
    """`        inet6 fe80::1  prefixlen 64  scopeid 0x20<link>` for each address of dev."""
    out = []
    for ifa in dev.ip6:
        name = _IFCONFIG_SCOPES.get(ifa.scope & 0xF0, "unknown")
        out.append(f"        inet6 {A.to_str(ifa.addr)}  prefixlen {ifa.prefixlen}"
                   f"  scopeid 0x{ifa.scope:x}<{name}>\n")
    return "".join(out)


# -- ip maddr -------------------------------------------------------------------------------------
def maddr_lines(ns: Namespace, dev: Device | None = None, family: str | None = None) -> str:
    """`ip maddr show [dev D]` (family "link", "inet" or "inet6" as -0/-4/-6 select)."""
    from vnet.net.addrconf import inet6_groups

    entries: list[tuple[Device, str, str, int]] = []
    devices = [dev] if dev is not None else ns.devices()
    mc = ns.ipv6.mc
    if family in (None, "link"):
        for d in devices:
            entries += [(d, "link", mac_to_str(mac), mc.users(d, mac)) for mac in d.mc_list]
    if family in (None, "inet"):
        for d in devices:
            for group in mc.inet_groups(d):
                v4 = group.addr
                text = f"{v4 >> 24}.{(v4 >> 16) & 0xFF}.{(v4 >> 8) & 0xFF}.{v4 & 0xFF}"
                entries.append((d, "inet", text, group.users))
    if family in (None, "inet6"):
        for d in devices:
            entries += [(d, "inet6", A.to_str(g), users) for g, users in inet6_groups(d)]
    entries.sort(key=lambda e: e[0].ifindex)             # maddr_ins keeps reading order
    out = []
    current = None
    for d, kind, text, users in entries:
        if d is not current:
            out.append(f"{d.ifindex}:\t{d.name}\n")
            current = d
        label = "link  " if kind == "link" else f"{kind:<5} "
        out.append(f"\t{label}{text}{f' users {users}' if users != 1 else ''}\n")
    return "".join(out)
