"""One interface address as `ip address` prints it (print_addrinfo in ip/ipaddress.c).

`    inet 10.0.0.1/24 brd 10.0.0.255 scope global secondary v0:1` then
`       valid_lft forever preferred_lft forever`; `peer` for point-to-point addresses,
`metric N`, the IFA_F_* flag words in iproute2's table order (`dynamic` when not
permanent), and `inet6` lines for the IPv6 addresses address configuration keeps on
`dev.ip6` (vnet.net.addrconf). An `Addr` view gives both families one shape, and also
carries the filters `ip address show/flush` apply (scope, flags, label, prefix).
"""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from vnet.cli.ip.output import ANY, COLOR_INET, COLOR_INET6, FP, JSON, Printer
from vnet.cli.ip.util import AF_INET, AF_INET6, INFINITY_LIFE_TIME, Prefix, format_ipv4, scope_n2a
from vnet.net import ipv6_addr

if TYPE_CHECKING:
    from vnet.link.device import Device

IFA_F_SECONDARY = 0x01
IFA_F_NODAD = 0x02
IFA_F_OPTIMISTIC = 0x04
IFA_F_DADFAILED = 0x08
IFA_F_HOMEADDRESS = 0x10
IFA_F_DEPRECATED = 0x20
IFA_F_TENTATIVE = 0x40
IFA_F_PERMANENT = 0x80
IFA_F_MANAGETEMPADDR = 0x100
IFA_F_NOPREFIXROUTE = 0x200
IFA_F_MCAUTOJOIN = 0x400
IFA_F_STABLE_PRIVACY = 0x800

#  ifa_flag_data[] of ip/ipaddress.c: (name, mask, readonly, v6only)
FLAG_DATA: tuple[tuple[str, int, bool, bool], ...] = (
    ("secondary", IFA_F_SECONDARY, True, False),
    ("temporary", IFA_F_SECONDARY, True, False),
    ("nodad", IFA_F_NODAD, False, True),
    ("optimistic", IFA_F_OPTIMISTIC, False, True),
    ("dadfailed", IFA_F_DADFAILED, True, True),
    ("home", IFA_F_HOMEADDRESS, False, True),
    ("deprecated", IFA_F_DEPRECATED, True, True),
    ("tentative", IFA_F_TENTATIVE, True, True),
    ("permanent", IFA_F_PERMANENT, True, True),
    ("mngtmpaddr", IFA_F_MANAGETEMPADDR, False, True),
    ("noprefixroute", IFA_F_NOPREFIXROUTE, False, False),
    ("autojoin", IFA_F_MCAUTOJOIN, False, False),
    ("stable-privacy", IFA_F_STABLE_PRIVACY, True, True),
)
FLAG_BY_NAME = {name: (mask, ro, v6) for name, mask, ro, v6 in FLAG_DATA}

_SCOPE6 = {"global": 0, "site": 200, "link": 253, "host": 254}


@dataclass
class Addr:
    """An IPv4 or IPv6 interface address in rtnetlink's terms (struct ifaddrmsg + attrs)."""

    family: int
    dev: Device
    local: str
    address: str | None        # the peer (IFA_ADDRESS) when it differs from local
    prefixlen: int
    broadcast: str | None
    scope: int
    flags: int
    label: str | None
    metric: int
    valid_lft: int
    preferred_lft: int
    local_bytes: bytes
    obj: Any                   # the stack's own object (InetAddr or Inet6Addr)


def _v6_int(value: Any) -> int:
    if isinstance(value, (bytes, bytearray)):
        return int.from_bytes(value, "big")
    return int(value)


def _v6_flags(a: Any) -> int:
    raw = getattr(a, "flags", 0)
    flags = 0
    if isinstance(raw, int):
        flags = raw
    else:
        for name in raw or ():
            name = str(name).lower()
            if name == "dynamic":
                continue
            mask = FLAG_BY_NAME.get(name)
            if mask is not None:
                flags |= mask[0]
        if "dynamic" not in {str(n).lower() for n in raw or ()}:
            flags |= IFA_F_PERMANENT
    if getattr(a, "tentative", False):
        flags |= IFA_F_TENTATIVE
    if getattr(a, "dadfailed", False):
        flags |= IFA_F_DADFAILED
    return flags


def addresses(dev: Device, family: int = 0) -> list[Addr]:
    """The device's addresses in dump order: IPv4 (list order) then IPv6."""
    out: list[Addr] = []
    if family in (0, AF_INET):
        for ifa in dev.ip4:
            peer = ifa.peer
            flags = IFA_F_PERMANENT
            if ifa.secondary:
                flags |= IFA_F_SECONDARY
            if ifa.noprefixroute:
                flags |= IFA_F_NOPREFIXROUTE
            if ifa.valid_lft != INFINITY_LIFE_TIME:
                flags &= ~IFA_F_PERMANENT
            out.append(Addr(
                AF_INET, dev, format_ipv4(ifa.local),
                format_ipv4(peer) if peer is not None and peer != ifa.local else None,
                ifa.prefixlen,
                format_ipv4(ifa.broadcast) if ifa.broadcast else None,
                ifa.scope, flags, ifa.label, ifa.metric, ifa.valid_lft, ifa.preferred_lft,
                ifa.local.to_bytes(4, "big"), ifa))
    if family in (0, AF_INET6):
        for a in getattr(dev, "ip6", None) or ():
            value = _v6_int(a.addr)
            scope = a.scope
            if isinstance(scope, str):
                scope_num = _SCOPE6.get(scope, 0)
            else:
                scope_num = ipv6_addr.rt_scope(scope) if scope in (0x10, 0x20, 0x40) else int(scope)
            peer = getattr(a, "peer", None)
            out.append(Addr(
                AF_INET6, dev, ipv6_addr.to_str(value),
                ipv6_addr.to_str(_v6_int(peer)) if peer else None,
                int(a.prefixlen), None, scope_num, _v6_flags(a), None,
                int(getattr(a, "metric", 0) or 0),
                int(getattr(a, "valid_lft", INFINITY_LIFE_TIME)),
                int(getattr(a, "preferred_lft", INFINITY_LIFE_TIME)),
                value.to_bytes(16, "big"), a))
    return out


@dataclass
class AddrFilter:
    """The selectors of `ip address show|flush` (struct link_filter's address half)."""

    family: int = 0
    scope: int = 0
    scopemask: int = 0
    flags: int = 0
    flagmask: int = 0
    label: str | None = None
    pfx: Prefix | None = None

    def matches(self, a: Addr) -> bool:
        if (self.scope ^ a.scope) & self.scopemask:
            return False
        if (self.flags ^ a.flags) & self.flagmask:
            return False
        if self.family and self.family != a.family:
            return False
        if self.label is not None:
            label = a.label if a.label is not None else a.dev.name
            if not fnmatch.fnmatchcase(label, self.label):
                return False
        return self.prefix_matches(a)

    def prefix_matches(self, a: Addr) -> bool:
        """inet_addr_match_rta: the local address within the `to` prefix."""
        pfx = self.pfx
        if pfx is None or not pfx.family:
            return True
        if pfx.family != a.family:
            return False
        bits = pfx.bitlen if pfx.bitlen >= 0 else len(a.local_bytes) * 8
        want = int.from_bytes(pfx.data.ljust(len(a.local_bytes), b"\0"), "big")
        have = int.from_bytes(a.local_bytes, "big")
        shift = len(a.local_bytes) * 8 - bits
        return want >> shift == have >> shift if bits else True

    def add_flag(self, word: str) -> bool:
        """get_filter: [-]FLAG, with dynamic/primary as the inverses of permanent/secondary."""
        inv = word.startswith("-")
        name = word[1:] if inv else word
        if name == "dynamic":
            inv, name = not inv, "permanent"
        elif name == "primary":
            inv, name = not inv, "secondary"
        data = FLAG_BY_NAME.get(name)
        if data is None:
            return False
        mask = data[0]
        if inv:
            self.flags &= ~mask
        else:
            self.flags |= mask
        self.flagmask |= mask
        return True


def print_flags(p: Printer, a: Addr) -> None:
    flags = a.flags
    for name, mask, _ro, _v6 in FLAG_DATA:
        if mask == IFA_F_PERMANENT:
            if not flags & mask:
                p.bool(ANY, "dynamic", "dynamic ", True)
        elif flags & mask:
            if mask == IFA_F_SECONDARY and a.family == AF_INET6:
                p.bool(ANY, "temporary", "temporary ", True)
            else:
                p.string(FP, None, "%s ", name)
                p.bool(JSON, name, None, True)
        flags &= ~mask
    if flags:
        if p.is_json:
            p.string(JSON, "ifa_flags", None, f"{flags:02x}")
        else:
            p.text(f"flags {flags:02x} ")


def print_addr(p: Printer, a: Addr, brief: bool, oneline: bool = False,
               flushing: bool = False) -> None:
    """print_addrinfo for one address (the caller opens the JSON object)."""
    color = COLOR_INET if a.family == AF_INET else COLOR_INET6
    if not brief:
        if oneline or flushing:
            if p.is_json:
                p.value(JSON, "index", None, a.dev.ifindex)
                p.string(JSON, "dev", None, a.dev.name)
            else:
                p.text(f"{a.dev.ifindex}: {a.dev.name}")
        p.string(ANY, "family", "    %s ", "inet" if a.family == AF_INET else "inet6")
    p.string(ANY, "local", "%s", a.local, color=color)
    if a.address is not None:
        p.string(FP, None, " %s ", "peer")
        p.string(ANY, "address", "%s", a.address, color=color)
    p.value(ANY, "prefixlen", "/%d ", a.prefixlen)
    if a.metric:
        p.value(ANY, "metric", "metric %d ", a.metric)
    if brief:
        return
    if a.broadcast is not None:
        p.string(FP, None, "%s ", "brd")
        p.string(ANY, "broadcast", "%s ", a.broadcast, color=color)
    p.string(ANY, "scope", "scope %s ", scope_n2a(a.scope))
    print_flags(p, a)
    if a.label is not None:
        p.string(ANY, "label", "%s", a.label)
    p.nl()
    p.text("       valid_lft ")
    if a.valid_lft == INFINITY_LIFE_TIME:
        p.value(JSON, "valid_life_time", None, INFINITY_LIFE_TIME)
        p.text("forever")
    else:
        p.value(ANY, "valid_life_time", "%dsec", a.valid_lft)
    p.text(" preferred_lft ")
    if a.preferred_lft == INFINITY_LIFE_TIME:
        p.value(JSON, "preferred_life_time", None, INFINITY_LIFE_TIME)
        p.text("forever")
    else:
        p.value(ANY, "preferred_life_time", "%dsec", a.preferred_lft)
    p.text("\n")
