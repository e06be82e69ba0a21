"""ICMPv6 (RFC 4443), Neighbor Discovery (RFC 4861) and MLDv2 reports (RFC 3810 5.2).

Sits above the IPv6 codec (next header 58), where ``net`` would run the kernel's
``icmpv6_rcv`` (``icmp.c``), ``ndisc.c`` and ``mcast.c``. Every message is the 4-byte
header, a 32-bit word (``rest``: identifier/sequence, MTU, pointer, ND flags, MLD
record count) and a body (``payload``), with the checksum over the RFC 8200 8.1
pseudo-header, so emit and verification need the IPv6 source and destination.

Errors quote the offending packet as Linux's ``icmp6_send`` does: as much as fits in a
1280-byte (IPv6 minimum MTU) error packet, i.e. 1280 - 40 - 8 = 1232 bytes (RFC 4443
2.4 (c)). ND options (RFC 4861 4.6) are type-length-value in 8-octet units; an option of
length zero makes the whole message invalid (:class:`Malformed`), as ``ndisc_parse_options``
treats it. Constant names follow ``<linux/icmpv6.h>`` and ``<net/ndisc.h>`` without their
``ICMPV6_`` / ``NDISC_`` prefixes.
"""

from __future__ import annotations

import struct
from typing import NamedTuple

from .checksum import internet_checksum, pseudo_header_sum6
from .errors import BadChecksum, Malformed, Truncated

__all__ = [
    "Icmpv6Packet",
    "parse",
    "echo_request",
    "echo_reply",
    "dest_unreach",
    "packet_too_big",
    "time_exceeded",
    "param_problem",
    "quote",
    "neighbour_solicitation",
    "neighbour_advertisement",
    "router_solicitation",
    "nd_option",
    "lladdr_option",
    "parse_nd_options",
    "nd_target",
    "mld2_report",
    "parse_mld2_records",
    "QUOTE_MAX",
]

# Types.
DEST_UNREACH = 1
PKT_TOOBIG = 2
TIME_EXCEED = 3
PARAMPROB = 4
ECHO_REQUEST = 128
ECHO_REPLY = 129
MGM_QUERY = 130
MGM_REPORT = 131
MGM_REDUCTION = 132
ROUTER_SOLICITATION = 133
ROUTER_ADVERTISEMENT = 134
NEIGHBOUR_SOLICITATION = 135
NEIGHBOUR_ADVERTISEMENT = 136
REDIRECT = 137
MLD2_REPORT = 143

# DEST_UNREACH codes.
NOROUTE = 0
ADM_PROHIBITED = 1
NOT_NEIGHBOUR = 2
ADDR_UNREACH = 3
PORT_UNREACH = 4
POLICY_FAIL = 5
REJECT_ROUTE = 6
# TIME_EXCEED codes.
EXC_HOPLIMIT = 0
EXC_FRAGTIME = 1
# PARAMPROB codes.
HDR_FIELD = 0
UNK_NEXTHDR = 1
UNK_OPTION = 2

# Neighbor Discovery option types (RFC 4861 4.6, RFC 7527, RFC 8106).
ND_OPT_SOURCE_LL_ADDR = 1
ND_OPT_TARGET_LL_ADDR = 2
ND_OPT_PREFIX_INFO = 3
ND_OPT_REDIRECT_HDR = 4
ND_OPT_MTU = 5
ND_OPT_NONCE = 14
ND_OPT_RDNSS = 25

# Neighbor Advertisement flags (in ``rest``).
NA_ROUTER = 0x80000000
NA_SOLICITED = 0x40000000
NA_OVERRIDE = 0x20000000

# MLDv2 multicast address record types (RFC 3810 5.2.12).
MLD2_MODE_IS_INCLUDE = 1
MLD2_MODE_IS_EXCLUDE = 2
MLD2_CHANGE_TO_INCLUDE = 3
MLD2_CHANGE_TO_EXCLUDE = 4
MLD2_ALLOW_NEW_SOURCES = 5
MLD2_BLOCK_OLD_SOURCES = 6
#: ff02::16, where MLDv2 reports go.
MLD2_ALL_ROUTERS = 0xFF020000000000000000000000000016

HEADER_LEN = 8
#: Largest quote of the offending packet: 1280 - IPv6 header - ICMPv6 header.
QUOTE_MAX = 1280 - 40 - HEADER_LEN

_HDR = struct.Struct("!BBHI")
_NEXTHDR_ICMP = 58

ERROR_TYPES = frozenset({DEST_UNREACH, PKT_TOOBIG, TIME_EXCEED, PARAMPROB})


class Icmpv6Packet(NamedTuple):
    """An ICMPv6 message: type, code, the 32-bit word after the checksum, the body."""

    type: int
    code: int
    rest: int
    payload: bytes

    @property
    def ident(self) -> int:
        """Echo identifier."""
        return self.rest >> 16

    @property
    def seq(self) -> int:
        """Echo sequence number."""
        return self.rest & 0xFFFF

    @property
    def mtu(self) -> int:
        """Packet Too Big MTU (RFC 4443 3.2) or Parameter Problem pointer."""
        return self.rest

    @property
    def is_error(self) -> bool:
        """True for error messages (types below 128, RFC 4443 2.1)."""
        return self.type < 128

    def emit(self, src: int, dst: int) -> bytes:
        """Serialize with the checksum over the pseudo-header of ``src`` -> ``dst``."""
        try:
            head = _HDR.pack(self.type, self.code, 0, self.rest)
        except struct.error as exc:
            raise ValueError(f"ICMPv6 field out of range: {exc}") from None
        body = head + self.payload
        csum = internet_checksum(body, pseudo_header_sum6(src, dst, len(body), _NEXTHDR_ICMP))
        return b"".join((head[:2], csum.to_bytes(2, "big"), head[4:], self.payload))


def parse(data: bytes, src: int | None = None, dst: int | None = None) -> Icmpv6Packet:
    """Parse an ICMPv6 message (exactly the upper-layer payload).

    :class:`Truncated` below 8 bytes; with ``src`` and ``dst`` the checksum is verified
    (:class:`BadChecksum`; it is mandatory in ICMPv6, RFC 4443 2.3).
    """
    if len(data) < HEADER_LEN:
        raise Truncated(f"icmpv6: {len(data)} bytes < {HEADER_LEN}")
    type_, code, csum, rest = _HDR.unpack_from(data)
    if src is not None and dst is not None:
        if internet_checksum(data, pseudo_header_sum6(src, dst, len(data), _NEXTHDR_ICMP)):
            raise BadChecksum(f"icmpv6: checksum {csum:#06x} does not verify")
    return Icmpv6Packet(type_, code, rest, bytes(data[HEADER_LEN:]))


def echo_request(ident: int, seq: int, data: bytes) -> Icmpv6Packet:
    """An Echo Request (RFC 4443 4.1)."""
    return Icmpv6Packet(ECHO_REQUEST, 0, ((ident & 0xFFFF) << 16) | (seq & 0xFFFF), data)


def echo_reply(ident: int, seq: int, data: bytes) -> Icmpv6Packet:
    """An Echo Reply (RFC 4443 4.2): same identifier, sequence and data."""
    return Icmpv6Packet(ECHO_REPLY, 0, ((ident & 0xFFFF) << 16) | (seq & 0xFFFF), data)


def quote(original: bytes, room: int = QUOTE_MAX) -> bytes:
    """The part of the offending packet an error carries (RFC 4443 2.4 (c)).

    Bytes past the packet's payload length (Ethernet padding) are not quoted.
    """
    data = original
    if len(data) >= 40 and data[0] >> 4 == 6:
        end = 40 + ((data[4] << 8) | data[5])
        if end < len(data):
            data = data[:end]
    return bytes(data[:room])


def dest_unreach(code: int, original: bytes, *, room: int = QUOTE_MAX) -> Icmpv6Packet:
    """A Destination Unreachable (RFC 4443 3.1), e.g. ``PORT_UNREACH``."""
    return Icmpv6Packet(DEST_UNREACH, code, 0, quote(original, room))


def packet_too_big(mtu: int, original: bytes, *, room: int = QUOTE_MAX) -> Icmpv6Packet:
    """A Packet Too Big (RFC 4443 3.2) carrying the next-hop MTU."""
    if not 0 <= mtu <= 0xFFFFFFFF:
        raise ValueError(f"MTU out of range: {mtu}")
    return Icmpv6Packet(PKT_TOOBIG, 0, mtu, quote(original, room))


def time_exceeded(code: int, original: bytes, *, room: int = QUOTE_MAX) -> Icmpv6Packet:
    """A Time Exceeded (RFC 4443 3.3): ``EXC_HOPLIMIT`` or ``EXC_FRAGTIME``."""
    return Icmpv6Packet(TIME_EXCEED, code, 0, quote(original, room))


def param_problem(
    code: int, pointer: int, original: bytes, *, room: int = QUOTE_MAX
) -> Icmpv6Packet:
    """A Parameter Problem (RFC 4443 3.4) pointing at the offending octet."""
    return Icmpv6Packet(PARAMPROB, code, pointer, quote(original, room))


def nd_option(kind: int, value: bytes) -> bytes:
    """Encode an ND option: type, length in 8-octet units, value zero-padded to fit."""
    size = (len(value) + 2 + 7) & ~7
    if size > 255 * 8:
        raise ValueError(f"ND option too long: {len(value)} bytes")
    return bytes((kind, size >> 3)) + value + bytes(size - 2 - len(value))


def lladdr_option(kind: int, mac: bytes) -> bytes:
    """Source (1) or Target (2) Link-Layer Address option for Ethernet (RFC 4861 4.6.1)."""
    if len(mac) != 6:
        raise ValueError("link-layer address must be 6 bytes")
    return bytes((kind, 1)) + mac


def parse_nd_options(data: bytes) -> list[tuple[int, bytes]]:
    """Split ND options into ``(type, value)``; value is the option minus type and length.

    :class:`Malformed` for a zero length or an option running past the data.
    """
    out: list[tuple[int, bytes]] = []
    i, n = 0, len(data)
    while i < n:
        if i + 2 > n:
            raise Malformed(f"nd: option header at {i} cut short")
        size = data[i + 1] << 3
        if size == 0:
            raise Malformed(f"nd: option {data[i]} of length zero")
        if i + size > n:
            raise Malformed(f"nd: option {data[i]} runs past the end")
        out.append((data[i], bytes(data[i + 2 : i + size])))
        i += size
    return out


def nd_target(packet: Icmpv6Packet) -> int:
    """Target address of a Neighbor Solicitation or Advertisement (RFC 4861 4.3, 4.4)."""
    if len(packet.payload) < 16:
        raise Truncated(f"nd: {len(packet.payload)} bytes < 16 for a target address")
    return int.from_bytes(packet.payload[:16], "big")


def neighbour_solicitation(target: int, options: bytes = b"") -> Icmpv6Packet:
    """A Neighbor Solicitation (RFC 4861 4.3); ``options`` already encoded."""
    return Icmpv6Packet(NEIGHBOUR_SOLICITATION, 0, 0, target.to_bytes(16, "big") + options)


def neighbour_advertisement(
    target: int,
    options: bytes = b"",
    *,
    router: bool = False,
    solicited: bool = False,
    override: bool = False,
) -> Icmpv6Packet:
    """A Neighbor Advertisement (RFC 4861 4.4) with the R, S and O flags."""
    flags = (
        (NA_ROUTER if router else 0)
        | (NA_SOLICITED if solicited else 0)
        | (NA_OVERRIDE if override else 0)
    )
    return Icmpv6Packet(NEIGHBOUR_ADVERTISEMENT, 0, flags, target.to_bytes(16, "big") + options)


def router_solicitation(options: bytes = b"") -> Icmpv6Packet:
    """A Router Solicitation (RFC 4861 4.1)."""
    return Icmpv6Packet(ROUTER_SOLICITATION, 0, 0, options)


def mld2_report(records: list[tuple[int, int, list[int]]]) -> Icmpv6Packet:
    """An MLDv2 Report (RFC 3810 5.2) of ``(record_type, group, sources)`` records."""
    parts = []
    for rtype, group, sources in records:
        parts.append(struct.pack("!BBH", rtype, 0, len(sources)) + group.to_bytes(16, "big"))
        parts.extend(s.to_bytes(16, "big") for s in sources)
    return Icmpv6Packet(MLD2_REPORT, 0, len(records), b"".join(parts))


def parse_mld2_records(packet: Icmpv6Packet) -> list[tuple[int, int, list[int]]]:
    """The records of an MLDv2 Report (count in the low 16 bits of ``rest``)."""
    data = packet.payload
    out: list[tuple[int, int, list[int]]] = []
    i = 0
    for _ in range(packet.rest & 0xFFFF):
        if i + 20 > len(data):
            raise Truncated(f"mld2: record at {i} cut short")
        rtype, auxlen, nsrc = struct.unpack_from("!BBH", data, i)
        group = int.from_bytes(data[i + 4 : i + 20], "big")
        end = i + 20 + 16 * nsrc + 4 * auxlen
        if end > len(data):
            raise Truncated(f"mld2: record at {i} with {nsrc} sources cut short")
        sources = [
            int.from_bytes(data[j : j + 16], "big") for j in range(i + 20, i + 20 + 16 * nsrc, 16)
        ]
        out.append((rtype, group, sources))
        i = end
    return out
