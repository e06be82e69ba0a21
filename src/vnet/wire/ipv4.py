"""IPv4 header codec (RFC 791 3.1; RFC 1122 3.2.1; RFC 1812 5.3.1 for TTL decrement).

Sits right after the Ethernet demux (EtherType 0x0800) in ``net/ipv4_input`` (the
kernel's ``ip_rcv_core``) and at the end of ``net/ipv4_output`` (``ip_build_and_send``
/ ``ip_queue_xmit``). The forwarding path uses :func:`decrement_ttl` to rewrite a
packet in place of parse + emit, like the kernel's ``ip_decrease_ttl``.

:func:`parse` performs the checks of ``ip_rcv_core``, in its order:

- version must be 4 and IHL at least 5 (RFC 1122 3.2.1.1 "silently discard"),
- the whole header must be present,
- the header checksum must verify (RFC 1122 3.2.1.2, RFC 791 3.1),
- the total length must fit in the data (shorter: :class:`Truncated`) and cover the
  header (:class:`Malformed`); bytes past it, e.g. Ethernet padding, are dropped.

Options are carried as raw bytes (padded to a 4-byte multiple); fragments are returned
as such (flags and ``frag_offset``, in bytes); reassembly belongs to ``net``. The
reserved flag bit (RFC 791 "must be zero") is ignored on receive, as Linux does.
"""

from __future__ import annotations

import struct
from typing import NamedTuple

from .checksum import incremental_update, internet_checksum, verifies
from .errors import BadChecksum, Malformed, Truncated

__all__ = [
    "PROTO_ICMP",
    "PROTO_IGMP",
    "PROTO_TCP",
    "PROTO_UDP",
    "HEADER_MIN",
    "HEADER_MAX",
    "IP_DF",
    "IP_MF",
    "IP_OFFMASK",
    "Ipv4Packet",
    "parse",
    "decrement_ttl",
    "parse_quoted",
    "build",
]

PROTO_ICMP = 1
PROTO_IGMP = 2
PROTO_TCP = 6
PROTO_UDP = 17

HEADER_MIN = 20
HEADER_MAX = 60
IP_DF = 0x4000
IP_MF = 0x2000
IP_OFFMASK = 0x1FFF

#: version/IHL, TOS, total length, ident, flags/fragment offset, TTL, protocol,
#: checksum, source, destination (RFC 791 3.1 figure 4).
_HDR = struct.Struct("!BBHHHBBHII")
#: TTL, protocol and header checksum: what decrement_ttl rewrites
_TTL_PROTO_CSUM = struct.Struct("!BBH")


class Ipv4Packet(NamedTuple):
    """An IPv4 datagram. Addresses are ints; ``frag_offset`` is in bytes (multiple of 8)."""

    src: int
    dst: int
    proto: int
    payload: bytes
    ttl: int = 64
    tos: int = 0
    ident: int = 0
    df: bool = False
    mf: bool = False
    frag_offset: int = 0
    options: bytes = b""

    @property
    def header_len(self) -> int:
        """Header length in bytes: 20 plus the options padded to 4 bytes."""
        return HEADER_MIN + ((len(self.options) + 3) & ~3)

    @property
    def total_len(self) -> int:
        """The total length field: header plus payload."""
        return self.header_len + len(self.payload)

    @property
    def is_fragment(self) -> bool:
        """True for any fragment of a larger datagram (MF set or non-zero offset)."""
        return self.mf or self.frag_offset != 0

    def emit(self) -> bytes:
        """Serialize, computing IHL, total length and the header checksum.

        Raises :class:`ValueError` for out-of-range fields (options over 40 bytes,
        total length over 65535, offset not a multiple of 8, ...).
        """
        opts = self.options
        if len(opts) & 3:
            opts += bytes(4 - (len(opts) & 3))
        hlen = HEADER_MIN + len(opts)
        if hlen > HEADER_MAX:
            raise ValueError(f"IPv4 options too long: {len(self.options)} > 40 bytes")
        off = self.frag_offset
        if off & 7 or not 0 <= off <= IP_OFFMASK << 3:
            raise ValueError(f"IPv4 fragment offset not a multiple of 8 in range: {off}")
        frag = (off >> 3) | (IP_DF if self.df else 0) | (IP_MF if self.mf else 0)
        try:
            head = _HDR.pack(
                0x40 | (hlen >> 2),
                self.tos,
                hlen + len(self.payload),
                self.ident,
                frag,
                self.ttl,
                self.proto,
                0,
                self.src,
                self.dst,
            )
        except struct.error as exc:
            raise ValueError(f"IPv4 field out of range: {exc}") from None
        if opts:
            head += opts
        csum = internet_checksum(head)
        return b"".join((head[:10], csum.to_bytes(2, "big"), head[12:], self.payload))


def build(src: int, dst: int, proto: int, payload: bytes, ttl: int = 64, tos: int = 0,
          ident: int = 0, df: bool = False) -> bytes:
    """The bytes of ``Ipv4Packet(src, dst, proto, payload, ttl, tos, ident, df).emit()``
    for an unfragmented datagram without options: the output hot path's shortcut. The
    header checksum (RFC 1071) is summed from the field values, not from packed bytes;
    ten 16-bit words fold to 16 bits in two end-around carries."""
    total = HEADER_MIN + len(payload)
    flags = IP_DF if df else 0
    words = (0x4500 + tos + total + ident + flags + (ttl << 8) + proto + (src >> 16)
             + (src & 0xFFFF) + (dst >> 16) + (dst & 0xFFFF))
    words = (words & 0xFFFF) + (words >> 16)
    words = (words & 0xFFFF) + (words >> 16)
    return _HDR.pack(0x45, tos, total, ident, flags, ttl, proto, ~words & 0xFFFF, src,
                     dst) + payload


_new_packet = tuple.__new__


def _header_len(vihl: int, n: int, what: str) -> int:
    """Version 4, an IHL of at least 5 and the whole header within the ``n`` bytes (RFC
    1122 3.2.1.1-2): the header length, or the error ``what`` is reported as."""
    if vihl >> 4 != 4:
        raise Malformed(f"{what}: version {vihl >> 4}")
    hlen = (vihl & 0x0F) << 2
    if hlen < HEADER_MIN:
        raise Malformed(f"{what}: IHL {hlen >> 2} < 5")
    if n < hlen:
        raise Truncated(f"{what}: {n} bytes < header length {hlen}")
    return hlen


def parse(data: bytes, verify_checksum: bool = True) -> Ipv4Packet:
    """Parse an IPv4 datagram, validating it as ``ip_rcv_core`` does (see module doc)."""
    n = len(data)
    if n < HEADER_MIN:
        raise Truncated(f"ipv4: {n} bytes < {HEADER_MIN}")
    vihl, tos, total, ident, frag, ttl, proto, csum, src, dst = _HDR.unpack_from(data)
    if vihl != 0x45:
        hlen = _header_len(vihl, n, "ipv4")
        options = bytes(data[HEADER_MIN:hlen])
    else:
        hlen = HEADER_MIN
        options = b""
    if verify_checksum and not verifies(data[:hlen]):
        raise BadChecksum(f"ipv4: header checksum {csum:#06x} does not verify")
    if total > n:
        raise Truncated(f"ipv4: total length {total} > {n} bytes")
    if total < hlen:
        raise Malformed(f"ipv4: total length {total} < header length {hlen}")
    payload = data[hlen:total]
    if type(payload) is not bytes:
        payload = bytes(payload)
    return _new_packet(Ipv4Packet, (src, dst, proto, payload, ttl, tos, ident,
                                    frag & IP_DF != 0, frag & IP_MF != 0,
                                    (frag & IP_OFFMASK) << 3, options))


def parse_quoted(data: bytes) -> Ipv4Packet:
    """Parse the datagram quoted in an ICMP error (RFC 792; RFC 1122 3.2.2).

    The quote is usually cut short, so this is lenient where :func:`parse` is strict,
    like the kernel's ``icmp_unreach``: version 4, IHL at least 5 and the whole header
    present (:class:`Malformed` / :class:`Truncated`), but the checksum is not checked (a
    router may have changed the TTL after quoting) and the payload is whatever follows
    the header, up to the total length when that fits. Also suits ``icmp_send``'s look
    at the offending datagram.
    """
    n = len(data)
    if n < HEADER_MIN:
        raise Truncated(f"ipv4 quote: {n} bytes < {HEADER_MIN}")
    vihl, tos, total, ident, frag, ttl, proto, _csum, src, dst = _HDR.unpack_from(data)
    hlen = _header_len(vihl, n, "ipv4 quote")
    end = total if hlen <= total <= n else n
    return Ipv4Packet(
        src,
        dst,
        proto,
        bytes(data[hlen:end]),
        ttl,
        tos,
        ident,
        bool(frag & IP_DF),
        bool(frag & IP_MF),
        (frag & IP_OFFMASK) << 3,
        bytes(data[HEADER_MIN:hlen]),
    )


def decrement_ttl(header: bytes | bytearray) -> bytes:
    """Return the packet with TTL - 1 and the checksum updated incrementally.

    ``header`` is the IPv4 packet (header, and optionally everything after it, which is
    copied unchanged). RFC 1812 5.3.1 / RFC 1624 eqn. 3; bit-identical to the kernel's
    ``ip_decrease_ttl``. The caller checks ``ttl <= 1`` first (RFC 1812 5.3.1: send
    ICMP time exceeded instead). Raises :class:`Truncated` below 20 bytes and
    :class:`Malformed` for a TTL of 0.
    """
    if len(header) < HEADER_MIN:
        raise Truncated(f"ipv4: {len(header)} bytes < {HEADER_MIN}")
    ttl = header[8]
    if ttl == 0:
        raise Malformed("ipv4: cannot decrement a TTL of 0")
    proto = header[9]
    csum = incremental_update((header[10] << 8) | header[11], (ttl << 8) | proto,
                              ((ttl - 1) << 8) | proto)
    out = header[:8] + _TTL_PROTO_CSUM.pack(ttl - 1, proto, csum) + header[12:]
    return out if type(out) is bytes else bytes(out)
