"""Argument parsing helpers shared by every `ip` object, after iproute2's lib/utils.c.

Keyword matching (`matches()`: any non-empty prefix), the NEXT_ARG cursor, C number
parsing (`strtoul` with base 0: `0x..` hex, `0..` octal, a sign allowed), IPv4/IPv6
addresses and prefixes as `get_addr()`/`get_prefix()` read them (`10.8` is 10.8.0.0,
`default`, `any`), link-layer addresses (`ll_addr_a2n`), and device lookup by name
(`ll_name_to_index`: exact name, then the ioctl's alias stripping `eth0:1`, then
`if<N>`). Every failure raises `IpExit` with the real tool's text and status.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from typing import TYPE_CHECKING

from vnet.cli.ip.errors import IpExit, incomplete_command

if TYPE_CHECKING:
    from vnet.core.netns import Namespace
    from vnet.link.device import Device

AF_UNSPEC = 0
AF_INET = 2
AF_INET6 = 10
AF_PACKET = 17
AF_BRIDGE = 7
AF_MPLS = 28

ULONG_MAX = 2**64 - 1
INFINITY_LIFE_TIME = 0xFFFFFFFF


def matches(word: str, keyword: str) -> bool:
    """iproute2's matches() == 0: `word` is a prefix of `keyword` (the empty word too)."""
    return keyword.startswith(word)


class Args:
    """argv with iproute2's NEXT_ARG() (a missing value is 'Command line is not complete')."""

    def __init__(self, argv: list[str]) -> None:
        self.argv = argv
        self.i = 0

    def __bool__(self) -> bool:
        return self.i < len(self.argv)

    @property
    def cur(self) -> str:
        return self.argv[self.i]

    def next(self) -> str:
        """NEXT_ARG(): step to the value of the current keyword."""
        self.i += 1
        if self.i >= len(self.argv):
            raise incomplete_command()
        return self.argv[self.i]

    def advance(self) -> None:
        self.i += 1

    def rest(self) -> list[str]:
        return self.argv[self.i:]


# -- C numbers -----------------------------------------------------------------------


def strtoul(text: str, base: int = 0) -> tuple[int, int, bool]:
    """C strtoul: (value, end index, overflowed). end == 0 when no digits were read."""
    i = 0
    n = len(text)
    while i < n and text[i] in " \t\n\r\f\v":
        i += 1
    neg = False
    if i < n and text[i] in "+-":
        neg = text[i] == "-"
        i += 1
    if base in (0, 16) and text[i:i + 2].lower() == "0x" and i + 2 < n and \
            text[i + 2] in "0123456789abcdefABCDEF":
        base = 16
        i += 2
    elif base == 0:
        base = 8 if i < n and text[i] == "0" else 10
    start = i
    value = 0
    while i < n:
        c = text[i].lower()
        d = "0123456789abcdefghijklmnopqrstuvwxyz".find(c)
        if d < 0 or d >= base:
            break
        value = value * base + d
        i += 1
    if i == start:
        return 0, 0, False
    overflow = value > ULONG_MAX
    if overflow:
        value = ULONG_MAX
    elif neg:
        value = (-value) & ULONG_MAX
    return value, i, overflow


def strtol(text: str, base: int = 0) -> tuple[int, int, bool]:
    """C strtol (64-bit long)."""
    stripped = text.lstrip(" \t\n\r\f\v")
    neg = stripped.startswith("-")
    value, end, overflow = strtoul(text.replace("-", "", 1) if neg else text, base)
    if end and neg:
        end += 1
    if value > 2**63 - 1 + (1 if neg else 0):
        overflow = True
        value = 2**63 - 1 + (1 if neg else 0)
    return (-value if neg else value), end, overflow


def get_unsigned(text: str, limit: int = 0xFFFFFFFF, base: int = 0) -> int | None:
    """get_u32/get_u16/get_u8/get_unsigned: None on any error."""
    if not text:
        return None
    value, end, overflow = strtoul(text, base)
    if end == 0 or end != len(text) or overflow or value > limit:
        return None
    return value


def get_integer(text: str, base: int = 0) -> int | None:
    """get_integer: a C int."""
    if not text:
        return None
    value, end, overflow = strtol(text, base)
    if end == 0 or end != len(text) or overflow or not -2**31 <= value < 2**31:
        return None
    return value


# -- addresses ------------------------------------------------------------------------


@dataclass
class Prefix:
    """inet_prefix: family, address bytes, prefix length (-1 unset, -2 any/default)."""

    family: int
    data: bytes
    bitlen: int
    specified: bool = False      # PREFIXLEN_SPECIFIED
    is_default: bool = False     # "default"
    is_any: bool = False         # "all" / "any"

    @property
    def bytelen(self) -> int:
        return len(self.data)

    def as_int(self) -> int:
        return int.from_bytes(self.data.ljust(4, b"\0")[:4], "big") if self.family == AF_INET \
            else int.from_bytes(self.data, "big")


def family_name(family: int) -> str:
    return {AF_INET: "inet", AF_INET6: "inet6", AF_PACKET: "link", AF_MPLS: "mpls",
            AF_BRIDGE: "bridge"}.get(family, "???")


def read_family(name: str) -> int:
    return {"inet": AF_INET, "inet6": AF_INET6, "link": AF_PACKET, "mpls": AF_MPLS,
            "bridge": AF_BRIDGE}.get(name, AF_UNSPEC)


def _family_verbose(family: int) -> str:
    return "any valid" if family == AF_UNSPEC else family_name(family)


def parse_ipv4(text: str) -> bytes | None:
    """get_addr_ipv4: up to four strtoul(base 0) parts; `10.8` means 10.8.0.0."""
    out = bytearray(4)
    rest = text
    for i in range(4):
        value, end, _ = strtoul(rest, 0)
        if value > 255 or end == 0:
            return None
        out[i] = value
        if end == len(rest):
            return bytes(out)
        if i == 3 or rest[end] != ".":
            return None
        rest = rest[end + 1:]
    return bytes(out)


def parse_ipv6(text: str) -> bytes | None:
    if "%" in text or "/" in text:
        return None
    try:
        return ipaddress.IPv6Address(text).packed
    except ValueError:
        return None


def get_addr_1(text: str, family: int) -> Prefix | None:
    if text == "default":
        size = 16 if family == AF_INET6 else 4 if family == AF_INET else 0
        return Prefix(family, bytes(size), -2, specified=True, is_default=True)
    if text in ("all", "any"):
        return Prefix(family, b"", -2, is_any=True)
    if family == AF_PACKET:
        mac = parse_lladdr(text, quiet=True)
        return None if mac is None else Prefix(AF_PACKET, mac, len(mac) * 8)
    if ":" in text:
        if family not in (AF_UNSPEC, AF_INET6):
            return None
        data = parse_ipv6(text)
        return None if data is None else Prefix(AF_INET6, data, -1)
    if family not in (AF_UNSPEC, AF_INET):
        return None
    data4 = parse_ipv4(text)
    return None if data4 is None else Prefix(AF_INET, data4, -1)


def get_netmask(text: str) -> int | None:
    value = get_unsigned(text)
    if value is not None:
        return value
    addr = get_addr_1(text, AF_INET)
    if addr is not None and addr.family == AF_INET and not addr.is_any and not addr.is_default:
        mask = int.from_bytes(addr.data, "big")
        host = ~mask & 0xFFFFFFFF
        if host & (host + 1) == 0:
            return 32 - host.bit_length()
    return None


def get_prefix_1(text: str, family: int) -> Prefix | None:
    addr_text, slash, plen_text = text.partition("/")
    dst = get_addr_1(addr_text, family)
    if dst is None:
        return None
    bits = 128 if dst.family == AF_INET6 else 32 if dst.family == AF_INET else 0
    if dst.family == AF_PACKET:
        bits = 0
    if slash:
        if dst.bitlen == -2:
            return None
        plen = get_netmask(plen_text)
        if plen is None or plen > bits:
            return None
        dst.specified = True
        dst.bitlen = plen
    else:
        dst.bitlen = 0 if dst.bitlen == -2 else bits
    return dst


def get_addr(text: str, family: int) -> Prefix:
    addr = get_addr_1(text, family)
    if addr is None:
        raise IpExit(f'Error: {_family_verbose(family)} address is expected rather than "{text}".\n',
                     1, fatal=True)
    return addr


def get_prefix(text: str, family: int) -> Prefix:
    if family == AF_PACKET:
        raise IpExit(f'Error: "{text}" may be inet prefix, but it is not allowed in this context.\n',
                     1, fatal=True)
    pfx = get_prefix_1(text, family)
    if pfx is None:
        raise IpExit(f'Error: {_family_verbose(family)} prefix is expected rather than "{text}".\n',
                     1, fatal=True)
    return pfx


def parse_lladdr(text: str, quiet: bool = False, maxlen: int = 32) -> bytes | None:
    """ll_addr_a2n: colon-separated hex bytes (sscanf %x each), or a dotted IPv4."""
    if "." in text:
        addr = get_addr_1(text, AF_INET)
        if addr is None or addr.family != AF_INET:
            if quiet:
                return None
            raise IpExit(f'"{text}" is invalid lladdr.\n', 1)
        return addr.data
    out = bytearray()
    parts = text.split(":")
    for part in parts[:maxlen]:
        value = _sscanf_hex(part)
        if value is None or value > 255:
            if quiet:
                return None
            raise IpExit(f'"{part}" is invalid lladdr.\n', 1)
        out.append(value)
    return bytes(out)


def _sscanf_hex(text: str) -> int | None:
    s = text.lstrip(" \t\n")
    if s[:2].lower() == "0x":
        s = s[2:]
    digits = ""
    for c in s:
        if c in "0123456789abcdefABCDEF":
            digits += c
        else:
            break
    if not digits:
        return None
    return int(digits, 16) & 0xFFFFFFFF if len(digits) <= 8 else 0xFFFFFFFF


def format_ipv4(value: int) -> str:
    return f"{value >> 24 & 255}.{value >> 16 & 255}.{value >> 8 & 255}.{value & 255}"


def format_ipv6(data: bytes) -> str:
    return str(ipaddress.IPv6Address(data))


# -- name tables (lib/rt_names.c and /usr/share/iproute2 defaults) --------------------------

SCOPES = {0: "global", 200: "site", 253: "link", 254: "host", 255: "nowhere"}
SCOPE_NUMBERS = {"global": 0, "site": 200, "link": 253, "host": 254, "nowhere": 255}
PROTOS = {0: "unspec", 1: "redirect", 2: "kernel", 3: "boot", 4: "static", 8: "gated",
          9: "ra", 10: "mrt", 11: "zebra", 12: "bird", 13: "dnrouted", 14: "xorp", 15: "ntk",
          16: "dhcp", 18: "keepalived", 42: "babel", 99: "openr", 186: "bgp", 187: "isis",
          188: "ospf", 189: "rip", 192: "eigrp"}
TABLES = {0: "unspec", 253: "default", 254: "main", 255: "local"}
RTN_TYPES = ["unspec", "unicast", "local", "broadcast", "anycast", "multicast", "blackhole",
             "unreachable", "prohibit", "throw", "nat", "xresolve"]


def scope_n2a(scope: int) -> str:
    return SCOPES.get(scope, str(scope))


def scope_a2n(text: str) -> int | None:
    if text in SCOPE_NUMBERS:
        return SCOPE_NUMBERS[text]
    return get_unsigned(text, 255)


def proto_n2a(proto: int) -> str:
    return PROTOS.get(proto, str(proto))


def proto_a2n(text: str) -> int | None:
    for num, name in PROTOS.items():
        if name == text:
            return num
    return get_unsigned(text, 255)


def table_n2a(table: int) -> str:
    return TABLES.get(table, str(table))


def table_a2n(text: str) -> int | None:
    for num, name in TABLES.items():
        if name == text:
            return num
    return get_unsigned(text)


def rtntype_a2n(text: str) -> int | None:
    """rtnl_rtntype_a2n (ip/rtm_map.c): exact, prefix-matched, else a number."""
    if text == "local":
        return 2
    if text == "nat":
        return 10
    if matches(text, "broadcast") or text == "brd":
        return 3
    for word, num in (("anycast", 4), ("multicast", 5), ("prohibit", 8), ("unreachable", 7),
                      ("blackhole", 6), ("xresolve", 11), ("unicast", 1)):
        if matches(text, word):
            return num
    if text == "throw":
        return 9
    return get_unsigned(text, 255)


# -- devices ---------------------------------------------------------------------------------


def name_to_index(ns: Namespace, name: str) -> int:
    """ll_name_to_index: the name, the SIOCGIFINDEX alias strip (`v0:1`), or `if<N>`."""
    dev = ns.get(name)
    if dev is not None:
        return dev.ifindex
    base = name.split(":", 1)[0]
    if base != name and len(name) < 16:
        dev = ns.get(base)
        if dev is not None:
            return dev.ifindex
    if name.startswith("if"):
        value, end, _ = strtoul(name[2:], 10)
        if end and end == len(name) - 2 and 0 < value < 2**32:
            return value
    return 0


def find_device(ns: Namespace, name: str) -> Device | None:
    index = name_to_index(ns, name)
    return ns.by_index.get(index) if index else None


def index_to_name(ns: Namespace, index: int) -> str:
    dev = ns.by_index.get(index)
    return dev.name if dev is not None else f"if{index}"


def check_ifname(name: str) -> bool:
    """check_ifname: non-empty, shorter than IFNAMSIZ, no '/' or whitespace."""
    return bool(name) and len(name) < 16 and not any(c == "/" or c.isspace() for c in name)


def check_altifname(name: str) -> bool:
    return bool(name) and not any(c == "/" or c.isspace() for c in name)
