"""UDP datagrams (RFC 768; RFC 1122 4.1.3.4 for the checksum).

Sits above the IPv4 codec (protocol 17): ``transport/udp`` parses with :func:`parse`
(passing the IP source and destination so the checksum is verified, as ``udp_rcv`` /
``__udp4_lib_rcv`` does) and sends with :meth:`UdpDatagram.emit`; ``apps/dhcp`` uses it
for its broadcast exchange.

Checks on receive: at least 8 bytes (:class:`Truncated`); the length field at least 8
and not beyond the data (:class:`Malformed`, the kernel's ``short_packet``); bytes past
the length field are dropped (``pskb_trim_rcsum``). A zero checksum means "none"
(RFC 768) and is not verified; a computed checksum of zero is sent as 0xffff (RFC 768).
Over IPv6 (:meth:`UdpDatagram.emit6`, :func:`parse6`) the pseudo-header is RFC 8200
8.1's and the checksum is mandatory.
"""

from __future__ import annotations

import struct
from typing import NamedTuple

from .checksum import internet_checksum, pseudo_header_sum, pseudo_header_sum6
from .errors import BadChecksum, Malformed, Truncated

__all__ = ["HEADER_LEN", "UdpDatagram", "parse", "parse6"]

HEADER_LEN = 8
_PROTO_UDP = 17
_HDR = struct.Struct("!HHHH")


class UdpDatagram(NamedTuple):
    """A UDP datagram: ports and payload (length and checksum are computed)."""

    sport: int
    dport: int
    payload: bytes

    def emit(self, src: int, dst: int) -> bytes:
        """Serialize with the checksum over the pseudo-header of ``src`` -> ``dst``."""
        length = HEADER_LEN + len(self.payload)
        try:
            head = _HDR.pack(self.sport, self.dport, length, 0)
        except struct.error as exc:
            raise ValueError(f"UDP field out of range: {exc}") from None
        csum = internet_checksum(
            head + self.payload, pseudo_header_sum(src, dst, _PROTO_UDP, length)
        )
        if csum == 0:
            csum = 0xFFFF
        return b"".join((head[:6], csum.to_bytes(2, "big"), self.payload))

    def emit6(self, src: int, dst: int) -> bytes:
        """Serialize for IPv6: checksum over the RFC 8200 8.1 pseudo-header (128-bit
        addresses); mandatory, so a computed 0 is sent as 0xffff."""
        length = HEADER_LEN + len(self.payload)
        try:
            head = _HDR.pack(self.sport, self.dport, length, 0)
        except struct.error as exc:
            raise ValueError(f"UDP field out of range: {exc}") from None
        csum = internet_checksum(
            head + self.payload, pseudo_header_sum6(src, dst, length, _PROTO_UDP)
        )
        if csum == 0:
            csum = 0xFFFF
        return b"".join((head[:6], csum.to_bytes(2, "big"), self.payload))


def parse(data: bytes, src: int | None = None, dst: int | None = None) -> UdpDatagram:
    """Parse a datagram; verify the checksum when ``src`` and ``dst`` are given."""
    n = len(data)
    if n < HEADER_LEN:
        raise Truncated(f"udp: {n} bytes < {HEADER_LEN}")
    sport, dport, length, csum = _HDR.unpack_from(data)
    if length < HEADER_LEN or length > n:
        raise Malformed(f"udp: length field {length}, {n} bytes present")
    if csum and src is not None and dst is not None:
        if internet_checksum(data[:length], pseudo_header_sum(src, dst, _PROTO_UDP, length)):
            raise BadChecksum(f"udp: checksum {csum:#06x} does not verify")
    return UdpDatagram(sport, dport, bytes(data[HEADER_LEN:length]))


def parse6(data: bytes, src: int, dst: int) -> UdpDatagram:
    """Parse a datagram carried over IPv6 and verify its checksum.

    Same length checks as :func:`parse`. The checksum is mandatory over IPv6 (RFC 8200
    8.1): a zero checksum is refused like a wrong one (:class:`BadChecksum`), as Linux
    does unless a tunnel allows zero checksums (RFC 6935).
    """
    n = len(data)
    if n < HEADER_LEN:
        raise Truncated(f"udp: {n} bytes < {HEADER_LEN}")
    sport, dport, length, csum = _HDR.unpack_from(data)
    if length < HEADER_LEN or length > n:
        raise Malformed(f"udp: length field {length}, {n} bytes present")
    if csum == 0:
        raise BadChecksum("udp: zero checksum over IPv6")
    if internet_checksum(data[:length], pseudo_header_sum6(src, dst, length, _PROTO_UDP)):
        raise BadChecksum(f"udp: checksum {csum:#06x} does not verify")
    return UdpDatagram(sport, dport, bytes(data[HEADER_LEN:length]))
