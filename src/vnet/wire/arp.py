"""ARP for IPv4 over Ethernet (RFC 826; RFC 5227 for probes and announcements).

Sits between the Ethernet demux (EtherType 0x0806) and the neighbour subsystem
(``net/neighbour``, the kernel's ``arp.c``): ``arp.rcv`` parses with :func:`parse`,
the neighbour layer builds requests and replies with :class:`ArpPacket`.

Only the Ethernet/IPv4 combination is accepted (htype 1, ptype 0x0800, hlen 6,
plen 4), as Linux's ``arp_rcv`` does for Ethernet devices; anything else is
:class:`Malformed`. The body is 28 bytes; trailing bytes (Ethernet padding up to the
60-byte minimum) are ignored. Any opcode is returned as is; the caller acts on
``OP_REQUEST``/``OP_REPLY`` only, like ``arp_process``. A gratuitous ARP or an RFC 5227
probe is an ordinary packet with ``spa == tpa`` or ``spa == 0``.
"""

from __future__ import annotations

import struct
from typing import NamedTuple

from .errors import Malformed, Truncated

__all__ = ["OP_REQUEST", "OP_REPLY", "HTYPE_ETHER", "ARP_LEN", "ArpPacket", "parse"]

OP_REQUEST = 1
OP_REPLY = 2
HTYPE_ETHER = 1
PTYPE_IP = 0x0800
ARP_LEN = 28

_ARP = struct.Struct("!HHBBH6sI6sI")
_HEAD = (HTYPE_ETHER, PTYPE_IP, 6, 4)


class ArpPacket(NamedTuple):
    """An Ethernet/IPv4 ARP packet. ``sha``/``tha`` are 6-byte MACs, ``spa``/``tpa`` ints."""

    op: int
    sha: bytes
    spa: int
    tha: bytes
    tpa: int

    def emit(self) -> bytes:
        """Serialize the 28-byte body (pad it at the Ethernet layer if needed)."""
        if len(self.sha) != 6 or len(self.tha) != 6:
            raise ValueError("ARP hardware addresses must be 6 bytes")
        try:
            return _ARP.pack(
                HTYPE_ETHER, PTYPE_IP, 6, 4, self.op, self.sha, self.spa, self.tha, self.tpa
            )
        except struct.error as exc:
            raise ValueError(f"ARP field out of range: {exc}") from None


def parse(data: bytes) -> ArpPacket:
    """Parse an ARP body. :class:`Truncated` below 28 bytes, :class:`Malformed` if not
    Ethernet/IPv4."""
    if len(data) < ARP_LEN:
        raise Truncated(f"arp: {len(data)} bytes < {ARP_LEN}")
    htype, ptype, hlen, plen, op, sha, spa, tha, tpa = _ARP.unpack_from(data)
    if (htype, ptype, hlen, plen) != _HEAD:
        raise Malformed(
            f"arp: unsupported htype={htype} ptype={ptype:#06x} hlen={hlen} plen={plen}"
        )
    return ArpPacket(op, sha, spa, tha, tpa)
