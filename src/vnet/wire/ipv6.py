"""IPv6 header codec (RFC 8200 sections 3, 4 and 8.1; RFC 4291 addressing; RFC 2464 7).

Sits after the Ethernet demux (EtherType 0x86DD), where ``net`` would run the kernel's
``ipv6_rcv`` / ``ip6_rcv_core``, and at the end of IPv6 output (``ip6_xmit``). Extension
headers are left in ``payload``; :func:`skip_ext_headers` walks them the way the kernel's
``ipv6_skip_exthdr`` does, and :class:`FragmentHeader` encodes the Fragment header
(RFC 8200 4.5) for fragmentation and reassembly.

:func:`parse` performs ``ip6_rcv_core``'s length checks: version 6 (:class:`Malformed`),
40 header bytes and the payload length within the data (:class:`Truncated`, the
kernel's ``PKT_TOO_SMALL``); bytes past the payload length (Ethernet padding) are
dropped. Address-class rules (RFC 4291 2.7: a multicast source is dropped) belong to
the receive path. Jumbograms (RFC 2675) are not supported.

Addresses are 128-bit ``int``; :func:`ip6_to_str` prints them as glibc's ``inet_ntop``
does (RFC 5952 compression; the dotted quad in ``::ffff:a.b.c.d`` and ``::a.b.c.d``),
which is what iproute2 prints.
"""

from __future__ import annotations

import ipaddress
import struct
from typing import NamedTuple

from .errors import Malformed, Truncated

__all__ = [
    "HEADER_LEN",
    "IPV6_MIN_MTU",
    "NEXTHDR_HOP",
    "NEXTHDR_TCP",
    "NEXTHDR_UDP",
    "NEXTHDR_ROUTING",
    "NEXTHDR_FRAGMENT",
    "NEXTHDR_AUTH",
    "NEXTHDR_ICMP",
    "NEXTHDR_NONE",
    "NEXTHDR_DEST",
    "Ipv6Packet",
    "FragmentHeader",
    "parse",
    "parse_fragment",
    "skip_ext_headers",
    "router_alert_hbh",
    "ip6_to_str",
    "ip6_from_str",
    "solicited_node",
    "multicast_mac",
    "is_multicast",
]

HEADER_LEN = 40
#: RFC 8200 5: every link carries at least 1280-octet packets.
IPV6_MIN_MTU = 1280

# Next Header values (RFC 8200 4; the kernel's NEXTHDR_*).
NEXTHDR_HOP = 0
NEXTHDR_TCP = 6
NEXTHDR_UDP = 17
NEXTHDR_ROUTING = 43
NEXTHDR_FRAGMENT = 44
NEXTHDR_ESP = 50
NEXTHDR_AUTH = 51
NEXTHDR_ICMP = 58
NEXTHDR_NONE = 59
NEXTHDR_DEST = 60

_EXT_HEADERS = frozenset(
    {NEXTHDR_HOP, NEXTHDR_ROUTING, NEXTHDR_FRAGMENT, NEXTHDR_AUTH, NEXTHDR_NONE, NEXTHDR_DEST}
)

#: version/traffic class/flow label, payload length, next header, hop limit, addresses.
_HDR = struct.Struct("!IHBB16s16s")
_FRAG = struct.Struct("!BBHI")
_ALL_ONES = (1 << 128) - 1


class Ipv6Packet(NamedTuple):
    """An IPv6 packet. Addresses are 128-bit ints; ``payload`` starts with any extension
    headers (``next_header`` names the first)."""

    src: int
    dst: int
    next_header: int
    payload: bytes
    hop_limit: int = 64
    traffic_class: int = 0
    flow_label: int = 0

    def emit(self) -> bytes:
        """Serialize, computing the payload length."""
        if not 0 <= self.traffic_class <= 0xFF or not 0 <= self.flow_label <= 0xFFFFF:
            raise ValueError("IPv6 traffic class or flow label out of range")
        if not 0 <= self.src <= _ALL_ONES or not 0 <= self.dst <= _ALL_ONES:
            raise ValueError("IPv6 address out of range")
        first = (6 << 28) | (self.traffic_class << 20) | self.flow_label
        try:
            head = _HDR.pack(
                first,
                len(self.payload),
                self.next_header,
                self.hop_limit,
                self.src.to_bytes(16, "big"),
                self.dst.to_bytes(16, "big"),
            )
        except struct.error as exc:
            raise ValueError(f"IPv6 field out of range: {exc}") from None
        return head + self.payload


def parse(data: bytes) -> Ipv6Packet:
    """Parse an IPv6 packet, validating it as ``ip6_rcv_core`` does (see module doc)."""
    n = len(data)
    if n < HEADER_LEN:
        raise Truncated(f"ipv6: {n} bytes < {HEADER_LEN}")
    first, plen, nexthdr, hlim, src, dst = _HDR.unpack_from(data)
    if first >> 28 != 6:
        raise Malformed(f"ipv6: version {first >> 28}")
    if HEADER_LEN + plen > n:
        raise Truncated(f"ipv6: payload length {plen} > {n - HEADER_LEN} bytes")
    return Ipv6Packet(
        int.from_bytes(src, "big"),
        int.from_bytes(dst, "big"),
        nexthdr,
        bytes(data[HEADER_LEN : HEADER_LEN + plen]),
        hlim,
        (first >> 20) & 0xFF,
        first & 0xFFFFF,
    )


class FragmentHeader(NamedTuple):
    """The Fragment extension header (RFC 8200 4.5); ``offset`` in bytes (multiple of 8)."""

    next_header: int
    offset: int
    more: bool
    ident: int

    def emit(self) -> bytes:
        """Serialize the 8-byte header."""
        if self.offset & 7 or not 0 <= self.offset <= 0xFFF8:
            raise ValueError(f"IPv6 fragment offset not a multiple of 8 in range: {self.offset}")
        try:
            return _FRAG.pack(self.next_header, 0, self.offset | int(self.more), self.ident)
        except struct.error as exc:
            raise ValueError(f"IPv6 fragment field out of range: {exc}") from None


def parse_fragment(data: bytes) -> FragmentHeader:
    """Parse a Fragment header at the start of ``data`` (:class:`Truncated` below 8)."""
    if len(data) < 8:
        raise Truncated(f"ipv6 fragment header: {len(data)} bytes < 8")
    nexthdr, _res, off, ident = _FRAG.unpack_from(data)
    return FragmentHeader(nexthdr, off & 0xFFF8, bool(off & 1), ident)


def skip_ext_headers(next_header: int, payload: bytes) -> tuple[int, int]:
    """Find the upper-layer header, like the kernel's ``ipv6_skip_exthdr``.

    Walks Hop-by-Hop, Routing, Destination Options, Authentication and Fragment headers
    and returns ``(protocol, offset)`` of what follows them in ``payload``. A
    non-first fragment stops the walk at its Fragment header (``(44, offset)``), and
    "No Next Header" is returned as ``(59, offset)``. Raises :class:`Truncated` if a
    header runs past the data.
    """
    offset = 0
    n = len(payload)
    while next_header in _EXT_HEADERS:
        if next_header == NEXTHDR_NONE:
            break
        if offset + 2 > n:
            raise Truncated(f"ipv6: extension header {next_header} at {offset} cut short")
        if next_header == NEXTHDR_FRAGMENT:
            if offset + 8 > n:
                raise Truncated(f"ipv6: fragment header at {offset} cut short")
            if ((payload[offset + 2] << 8) | payload[offset + 3]) & 0xFFF8:
                break
            size = 8
        elif next_header == NEXTHDR_AUTH:
            size = (payload[offset + 1] + 2) << 2
        else:
            size = (payload[offset + 1] + 1) << 3
        next_header = payload[offset]
        offset += size
    if offset > n:
        raise Truncated(f"ipv6: extension headers end at {offset} > {n} bytes")
    return next_header, offset


def router_alert_hbh(next_header: int, value: int = 0) -> bytes:
    """A Hop-by-Hop header holding only a Router Alert option (RFC 2711), as MLD uses.

    Value 0 means MLD (RFC 2710 3). Padded with PadN to 8 bytes, like Linux does.
    """
    return bytes((next_header, 0, 5, 2, value >> 8, value & 0xFF, 1, 0))


def ip6_to_str(addr: int) -> str:
    """Format like glibc ``inet_ntop(AF_INET6)`` (and so iproute2)."""
    if not 0 <= addr <= _ALL_ONES:
        raise ValueError(f"not an IPv6 address: {addr!r}")
    high = addr >> 32
    if high in (0, 0xFFFF) and addr >> 16 != 0:
        # ::a.b.c.d (all-zero first six words) and ::ffff:a.b.c.d, but not :: or ::1..
        low = addr & 0xFFFFFFFF
        quad = f"{low >> 24}.{(low >> 16) & 0xFF}.{(low >> 8) & 0xFF}.{low & 0xFF}"
        return ("::ffff:" if high else "::") + quad
    return str(ipaddress.IPv6Address(addr))


def ip6_from_str(text: str) -> int:
    """Parse an IPv6 address (RFC 4291 2.2 forms). Raises :class:`ValueError`."""
    if not isinstance(text, str) or "%" in text:
        raise ValueError(f"not an IPv6 address: {text!r}")
    return int(ipaddress.IPv6Address(text))


def is_multicast(addr: int) -> bool:
    """True for ff00::/8 (RFC 4291 2.7)."""
    return addr >> 120 == 0xFF


def solicited_node(addr: int) -> int:
    """The solicited-node multicast address ff02::1:ffXX:XXXX of ``addr`` (RFC 4291 2.7.1)."""
    return 0xFF0200000000000000000001FF000000 | (addr & 0xFFFFFF)


def multicast_mac(addr: int) -> bytes:
    """The Ethernet address of an IPv6 multicast group: 33:33 + low 32 bits (RFC 2464 7)."""
    return b"\x33\x33" + (addr & 0xFFFFFFFF).to_bytes(4, "big")
