"""ICMP for IPv4 (RFC 792; RFC 1191 for the next-hop MTU; RFC 1122 3.2.2; RFC 1812 4.3.2).

Sits above the IPv4 codec (protocol 1): ``net/icmp`` (the kernel's ``icmp.c``) parses
incoming messages with :func:`parse` and answers echo requests with
:func:`echo_reply`; the forwarding and local-delivery paths build errors with
:func:`dest_unreach` and :func:`time_exceeded`; ``apps/ping`` and ``apps/traceroute``
use :func:`echo_request`.

Error messages quote the offending datagram. RFC 792 asks for its IP header plus the
first 64 bits of its data; Linux's ``icmp_send`` quotes as much of the original as fits
in a 576-byte error datagram (RFC 1812 4.3.2.3), i.e. 576 - 20 (IP header) - 8 (ICMP
header) = 548 bytes. The constructors do the same (``room`` lowers the limit, for a
route MTU below 576 or IP options on the error).

Constant names are those of Linux's ``<linux/icmp.h>`` without the ``ICMP_`` prefix
(``ICMP_PROT_UNREACH`` is ``PROTO_UNREACH``; ``PROT_UNREACH`` is kept as an alias).
"""

from __future__ import annotations

import struct
from typing import NamedTuple

from .checksum import internet_checksum, verifies
from .errors import BadChecksum, Truncated

__all__ = [
    "IcmpPacket",
    "parse",
    "echo_request",
    "echo_reply",
    "dest_unreach",
    "time_exceeded",
    "quote",
    "HEADER_LEN",
    "ERROR_MAX_LEN",
    "QUOTE_MAX",
]

# Types (RFC 792; <linux/icmp.h>).
ECHO_REPLY = 0
DEST_UNREACH = 3
SOURCE_QUENCH = 4
REDIRECT = 5
ECHO_REQUEST = 8
ECHO = ECHO_REQUEST
TIME_EXCEEDED = 11
PARAMETERPROB = 12
TIMESTAMP = 13
TIMESTAMPREPLY = 14
INFO_REQUEST = 15
INFO_REPLY = 16
ADDRESS = 17
ADDRESSREPLY = 18

# Codes for DEST_UNREACH (RFC 792, RFC 1122 3.2.2.1, RFC 1812 5.2.7.1).
NET_UNREACH = 0
HOST_UNREACH = 1
PROTO_UNREACH = 2
PROT_UNREACH = PROTO_UNREACH
PORT_UNREACH = 3
FRAG_NEEDED = 4
SR_FAILED = 5
NET_UNKNOWN = 6
HOST_UNKNOWN = 7
HOST_ISOLATED = 8
NET_ANO = 9
HOST_ANO = 10
NET_UNR_TOS = 11
HOST_UNR_TOS = 12
PKT_FILTERED = 13
PREC_VIOLATION = 14
PREC_CUTOFF = 15
NR_ICMP_UNREACH = 15

# Codes for REDIRECT.
REDIR_NET = 0
REDIR_HOST = 1
REDIR_NETTOS = 2
REDIR_HOSTTOS = 3

# Codes for TIME_EXCEEDED.
EXC_TTL = 0
EXC_FRAGTIME = 1

HEADER_LEN = 8
#: Largest ICMP error datagram Linux sends (RFC 1812 4.3.2.3).
ERROR_MAX_LEN = 576
#: Largest quote of the original datagram: 576 - IPv4 header - ICMP header.
QUOTE_MAX = ERROR_MAX_LEN - 20 - HEADER_LEN

_HDR = struct.Struct("!BBHI")

#: Message types that are errors (RFC 1122 3.2.2: never sent in reply to an error).
ERROR_TYPES = frozenset({DEST_UNREACH, SOURCE_QUENCH, REDIRECT, TIME_EXCEEDED, PARAMETERPROB})


class IcmpPacket(NamedTuple):
    """An ICMP message. ``rest`` is the 32-bit second word (identifier/sequence for
    echo, next-hop MTU for fragmentation needed, gateway for redirect, else unused)."""

    type: int
    code: int
    rest: int
    payload: bytes

    @property
    def ident(self) -> int:
        """Echo identifier (high 16 bits of the second word)."""
        return self.rest >> 16

    @property
    def seq(self) -> int:
        """Echo sequence number (low 16 bits of the second word)."""
        return self.rest & 0xFFFF

    @property
    def next_hop_mtu(self) -> int:
        """Next-hop MTU of a fragmentation-needed message (RFC 1191 4, low 16 bits)."""
        return self.rest & 0xFFFF

    @property
    def is_error(self) -> bool:
        """True for error messages (unreachable, redirect, time exceeded, ...)."""
        return self.type in ERROR_TYPES

    def emit(self) -> bytes:
        """Serialize with the checksum computed over the whole message (RFC 792)."""
        type_, code, rest, payload = self
        if not (0 <= type_ <= 0xFF and 0 <= code <= 0xFF and 0 <= rest <= 0xFFFFFFFF):
            raise ValueError(f"ICMP field out of range: {type_}, {code}, {rest}")
        # the header's words as the checksum's starting sum: no copy of the payload
        csum = internet_checksum(payload, (type_ << 8) + code + (rest >> 16) + (rest & 0xFFFF))
        return _HDR.pack(type_, code, csum, rest) + payload


_new_packet = tuple.__new__


def parse(data: bytes, verify_checksum: bool = True) -> IcmpPacket:
    """Parse one ICMP message; ``data`` is exactly the IPv4 payload.

    :class:`Truncated` below 8 bytes, :class:`BadChecksum` if the checksum over the
    whole message does not verify (RFC 1122 3.2.2: silently discard).
    """
    if len(data) < HEADER_LEN:
        raise Truncated(f"icmp: {len(data)} bytes < {HEADER_LEN}")
    type_, code, csum, rest = _HDR.unpack_from(data)
    if verify_checksum and not verifies(data):
        raise BadChecksum(f"icmp: checksum {csum:#06x} does not verify")
    payload = data[HEADER_LEN:]
    if type(payload) is not bytes:
        payload = bytes(payload)
    return _new_packet(IcmpPacket, (type_, code, rest, payload))


def echo_request(ident: int, seq: int, data: bytes) -> IcmpPacket:
    """An echo request (type 8) as ``ping`` sends it."""
    return _new_packet(IcmpPacket, (ECHO_REQUEST, 0, ((ident & 0xFFFF) << 16) | (seq & 0xFFFF),
                                    data))


def echo_reply(ident: int, seq: int, data: bytes) -> IcmpPacket:
    """An echo reply (type 0): same identifier, sequence and data (RFC 792)."""
    return _new_packet(IcmpPacket, (ECHO_REPLY, 0, ((ident & 0xFFFF) << 16) | (seq & 0xFFFF),
                                    data))


def quote(original_ip_bytes: bytes, room: int = QUOTE_MAX) -> bytes:
    """The part of the offending datagram an error carries: its first ``room`` bytes.

    Bytes past the datagram's IPv4 total length (Ethernet padding a caller left on) are
    not quoted: the kernel trims them in ``ip_rcv`` before any error is built.
    """
    data = original_ip_bytes
    if len(data) >= 4 and data[0] >> 4 == 4:
        total = (data[2] << 8) | data[3]
        if (data[0] & 0x0F) * 4 <= total < len(data):
            data = data[:total]
    return bytes(data[:room])


def dest_unreach(
    code: int, original_ip_bytes: bytes, mtu: int = 0, *, room: int = QUOTE_MAX
) -> IcmpPacket:
    """A destination unreachable (type 3) quoting ``original_ip_bytes``.

    ``original_ip_bytes`` is the offending IPv4 datagram from its header on (see
    :func:`quote`). ``mtu`` is the next-hop MTU for ``FRAG_NEEDED`` (RFC 1191).
    """
    if not 0 <= mtu <= 0xFFFF:
        raise ValueError(f"next-hop MTU out of range: {mtu}")
    return IcmpPacket(DEST_UNREACH, code, mtu, quote(original_ip_bytes, room))


def time_exceeded(code: int, original_ip_bytes: bytes, *, room: int = QUOTE_MAX) -> IcmpPacket:
    """A time exceeded (type 11): ``EXC_TTL`` in transit, ``EXC_FRAGTIME`` reassembly."""
    return IcmpPacket(TIME_EXCEEDED, code, 0, quote(original_ip_bytes, room))
