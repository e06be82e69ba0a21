"""TCP segment header (RFC 9293 3.1; options RFC 9293 3.2, RFC 7323, RFC 2018).

Sits above the IPv4 codec (protocol 6): ``transport/tcp`` parses with :func:`parse`
(with the IP addresses, so the mandatory checksum is verified as ``tcp_v4_rcv`` does),
netfilter/conntrack reads ports and flags, and :func:`reset_for` builds the RST a host
sends for a segment to a closed port (RFC 9293 3.10.7.1, the kernel's
``tcp_v4_send_reset``).

Checks on receive: at least 20 bytes (:class:`Truncated`); data offset at least 5
(:class:`Malformed`, ``bad_packet``) and within the data (:class:`Truncated`); the
checksum over pseudo-header, header and data (:class:`BadChecksum`; unlike UDP a zero
checksum is not special). ``flags`` holds the 12 bits after the data offset (the
reserved bits and the eight control bits of RFC 9293 3.1 / RFC 3168), so a segment
round-trips bit for bit.
"""

from __future__ import annotations

import struct
from typing import NamedTuple

from .checksum import internet_checksum, pseudo_header_sum
from .errors import BadChecksum, Malformed, Truncated

__all__ = [
    "FIN",
    "SYN",
    "RST",
    "PSH",
    "ACK",
    "URG",
    "ECE",
    "CWR",
    "HEADER_LEN",
    "OPT_EOL",
    "OPT_NOP",
    "OPT_MSS",
    "OPT_WSCALE",
    "OPT_SACK_PERM",
    "OPT_SACK",
    "OPT_TIMESTAMP",
    "TcpSegment",
    "parse",
    "parse_options",
    "mss_option",
    "reset_for",
    "flags_to_str",
]

FIN = 0x01
SYN = 0x02
RST = 0x04
PSH = 0x08
ACK = 0x10
URG = 0x20
ECE = 0x40
CWR = 0x80

HEADER_LEN = 20
OPT_EOL = 0
OPT_NOP = 1
OPT_MSS = 2
OPT_WSCALE = 3
OPT_SACK_PERM = 4
OPT_SACK = 5
OPT_TIMESTAMP = 8

_PROTO_TCP = 6
_HDR = struct.Struct("!HHIIHHHH")


class TcpSegment(NamedTuple):
    """A TCP segment. ``options`` are raw bytes (padded to 4 on emit)."""

    sport: int
    dport: int
    seq: int
    ack: int
    flags: int
    window: int
    payload: bytes = b""
    urgent: int = 0
    options: bytes = b""

    @property
    def header_len(self) -> int:
        """Header length in bytes (data offset * 4)."""
        return HEADER_LEN + ((len(self.options) + 3) & ~3)

    @property
    def seq_len(self) -> int:
        """Sequence space the segment occupies: data plus one for SYN and for FIN."""
        return len(self.payload) + (1 if self.flags & SYN else 0) + (1 if self.flags & FIN else 0)

    def emit(self, src: int, dst: int) -> bytes:
        """Serialize with the checksum over the pseudo-header of ``src`` -> ``dst``."""
        opts = self.options
        if len(opts) & 3:
            opts += bytes(4 - (len(opts) & 3))
        hlen = HEADER_LEN + len(opts)
        if hlen > 60:
            raise ValueError(f"TCP options too long: {len(self.options)} > 40 bytes")
        if not 0 <= self.flags <= 0x0FFF:
            raise ValueError(f"TCP flags out of range: {self.flags:#x}")
        try:
            head = _HDR.pack(
                self.sport,
                self.dport,
                self.seq,
                self.ack,
                (hlen << 10) | self.flags,
                self.window,
                0,
                self.urgent,
            )
        except struct.error as exc:
            raise ValueError(f"TCP field out of range: {exc}") from None
        length = hlen + len(self.payload)
        body = b"".join((head, opts, self.payload))
        csum = internet_checksum(body, pseudo_header_sum(src, dst, _PROTO_TCP, length))
        return b"".join((body[:16], csum.to_bytes(2, "big"), body[18:]))


def parse(data: bytes, src: int | None = None, dst: int | None = None) -> TcpSegment:
    """Parse a segment (the whole IPv4 payload); verify the checksum when ``src`` and
    ``dst`` are given."""
    n = len(data)
    if n < HEADER_LEN:
        raise Truncated(f"tcp: {n} bytes < {HEADER_LEN}")
    sport, dport, seq, ack, off_flags, window, _csum, urgent = _HDR.unpack_from(data)
    hlen = (off_flags >> 12) << 2
    if hlen < HEADER_LEN:
        raise Malformed(f"tcp: data offset {hlen >> 2} < 5")
    if hlen > n:
        raise Truncated(f"tcp: header length {hlen} > {n} bytes")
    if src is not None and dst is not None:
        if internet_checksum(data, pseudo_header_sum(src, dst, _PROTO_TCP, n)):
            raise BadChecksum(f"tcp: checksum {_csum:#06x} does not verify")
    return TcpSegment(
        sport,
        dport,
        seq,
        ack,
        off_flags & 0x0FFF,
        window,
        bytes(data[hlen:]),
        urgent,
        bytes(data[HEADER_LEN:hlen]),
    )


def parse_options(options: bytes) -> list[tuple[int, bytes]]:
    """Split raw options into ``(kind, value)`` pairs, leniently like ``tcp_parse_options``.

    NOPs are skipped; parsing stops at End of Option List, at a length below 2
    ("silly options") or at an option running past the end. Never raises.
    """
    out: list[tuple[int, bytes]] = []
    i, n = 0, len(options)
    while i < n:
        kind = options[i]
        if kind == OPT_EOL:
            break
        if kind == OPT_NOP:
            i += 1
            continue
        if i + 1 >= n:
            break
        size = options[i + 1]
        if size < 2 or i + size > n:
            break
        out.append((kind, bytes(options[i + 2 : i + size])))
        i += size
    return out


def mss_option(mss: int) -> bytes:
    """The Maximum Segment Size option (RFC 9293 3.2, RFC 6691)."""
    return bytes((OPT_MSS, 4)) + mss.to_bytes(2, "big")


def reset_for(segment: TcpSegment) -> TcpSegment:
    """The RST answering ``segment`` when no connection exists (RFC 9293 3.10.7.1).

    If the segment has ACK: ``<SEQ=SEG.ACK><CTL=RST>``; otherwise
    ``<SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>``. Ports are swapped, window 0, no
    options: byte for byte what Linux's ``tcp_v4_send_reset`` puts in the TCP header.
    Never answer a RST with a RST (the caller checks).
    """
    if segment.flags & ACK:
        return TcpSegment(segment.dport, segment.sport, segment.ack, 0, RST, 0)
    ack = (segment.seq + segment.seq_len) & 0xFFFFFFFF
    return TcpSegment(segment.dport, segment.sport, 0, ack, RST | ACK, 0)


_FLAG_CHARS = ((FIN, "F"), (SYN, "S"), (RST, "R"), (PSH, "P"), (URG, "U"), (ECE, "E"), (CWR, "W"))


def flags_to_str(flags: int) -> str:
    """Flags as tcpdump prints them: ``S``, ``S.``, ``R.``, ``P.``, ``F.``, ``.``."""
    text = "".join(ch for bit, ch in _FLAG_CHARS if flags & bit)
    if flags & ACK:
        text += "."
    return text or "none"
