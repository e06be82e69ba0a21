"""VXLAN encapsulation header (RFC 7348 section 5).

Sits between UDP (destination port 4789, or Linux's historical default 8472 when
``ip link add ... type vxlan`` is given no ``dstport``) and the inner Ethernet frame:
``link/vxlan`` (the kernel's ``vxlan_core.c``) wraps frames with
:meth:`VxlanHeader.emit` and unwraps them with :func:`parse`.

Header: flags (8 bits, I = 0x08 marks a valid VNI), 24 reserved bits, VNI (24 bits),
8 reserved bits. RFC 7348 says reserved bits are ignored on receipt, but Linux's
``vxlan_rcv`` without extensions (GBP, GPE, RCO) drops any header whose flags are not
exactly I or whose reserved bits are set (``SKB_DROP_REASON_VXLAN_INVALID_HDR``);
:func:`parse` does the same, raising :class:`Malformed`.
"""

from __future__ import annotations

import struct
from typing import NamedTuple

from .errors import Malformed, Truncated

__all__ = [
    "VXLAN_PORT",
    "VXLAN_PORT_LINUX",
    "VXLAN_HLEN",
    "VXLAN_FLAG_I",
    "VXLAN_OVERHEAD",
    "VxlanHeader",
    "parse",
]

#: IANA port (RFC 7348 5).
VXLAN_PORT = 4789
#: Linux's default when no ``dstport`` is given (pre-IANA assignment).
VXLAN_PORT_LINUX = 8472
VXLAN_HLEN = 8
VXLAN_FLAG_I = 0x08
#: Outer IPv4 (20) + UDP (8) + VXLAN (8) + inner Ethernet (14): why vxlan MTU is 1450.
VXLAN_OVERHEAD = 50

_HDR = struct.Struct("!II")
_FLAGS_WORD = VXLAN_FLAG_I << 24


class VxlanHeader(NamedTuple):
    """A VXLAN header and the inner Ethernet frame it carries."""

    vni: int
    payload: bytes

    def emit(self) -> bytes:
        """Serialize: I flag set, reserved bits zero."""
        if not 0 <= self.vni <= 0xFFFFFF:
            raise ValueError(f"VNI out of range: {self.vni}")
        return _HDR.pack(_FLAGS_WORD, self.vni << 8) + self.payload


def parse(data: bytes) -> VxlanHeader:
    """Parse a VXLAN header (the UDP payload), as Linux's ``vxlan_rcv`` accepts it."""
    if len(data) < VXLAN_HLEN:
        raise Truncated(f"vxlan: {len(data)} bytes < {VXLAN_HLEN}")
    flags, vni = _HDR.unpack_from(data)
    if flags != _FLAGS_WORD or vni & 0xFF:
        raise Malformed(f"vxlan: flags {flags:#010x} / reserved {vni & 0xFF:#04x} not accepted")
    return VxlanHeader(vni >> 8, bytes(data[VXLAN_HLEN:]))
