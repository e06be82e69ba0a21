"""Ethernet II framing (IEEE 802.3-2018 clause 3, DIX Ethernet II EtherTypes).

The outermost codec of the packet path: a device's ``receive`` hands raw frame bytes to
:func:`parse` and the netns demultiplexes on ``ethertype`` (ARP, IPv4, 802.1Q); on
transmit the neighbour layer builds the frame with :func:`emit_frame`.

Frames are handled as the kernel sees them on a veth or TAP: no preamble and no FCS.
The 60-byte minimum (``ETH_ZLEN``, IEEE 802.3 3.2.8 pad field) is applied only on
request, as real NIC drivers do and veth does not; on receive, padding stays in the
payload and upper layers trim it by their own length fields (RFC 894, RFC 1122 2.3.3).
EtherTypes below 0x0600 (IEEE 802.3 length field, LLC frames such as STP BPDUs) are
returned as they are; telling length from type is the caller's job.
"""

from __future__ import annotations

from typing import NamedTuple

from .errors import Truncated

__all__ = [
    "ETH_ALEN",
    "ETH_HLEN",
    "ETH_ZLEN",
    "ETH_DATA_LEN",
    "ETH_FRAME_LEN",
    "ETH_P_802_3_MIN",
    "ETH_P_IP",
    "ETH_P_ARP",
    "ETH_P_8021Q",
    "ETH_P_8021AD",
    "ETH_P_IPV6",
    "EthernetFrame",
    "parse",
    "emit_frame",
]

ETH_ALEN = 6
ETH_HLEN = 14
ETH_ZLEN = 60
ETH_DATA_LEN = 1500
ETH_FRAME_LEN = 1514
ETH_P_802_3_MIN = 0x0600
ETH_P_IP = 0x0800
ETH_P_ARP = 0x0806
ETH_P_8021Q = 0x8100
ETH_P_8021AD = 0x88A8
ETH_P_IPV6 = 0x86DD

_PAD = bytes(ETH_ZLEN)


class EthernetFrame(NamedTuple):
    """An Ethernet II frame without FCS. ``dst``/``src`` are 6-byte ``bytes``."""

    dst: bytes
    src: bytes
    ethertype: int
    payload: bytes

    def emit(self, pad: bool = False) -> bytes:
        """Serialize; with ``pad`` zero-fill to ``ETH_ZLEN`` (60) bytes."""
        frame = emit_frame(self.dst, self.src, self.ethertype, self.payload)
        if pad and len(frame) < ETH_ZLEN:
            frame += _PAD[len(frame) :]
        return frame


def emit_frame(dst: bytes, src: bytes, ethertype: int, payload: bytes) -> bytes:
    """Serialize a frame without building an :class:`EthernetFrame` (transmit hot path)."""
    if len(dst) != 6 or len(src) != 6:
        raise ValueError("MAC addresses must be 6 bytes")
    try:
        etype = ethertype.to_bytes(2, "big")
    except OverflowError:
        raise ValueError(f"ethertype out of range: {ethertype!r}") from None
    return b"".join((dst, src, etype, payload))


def parse(data: bytes) -> EthernetFrame:
    """Parse a frame. Raises :class:`Truncated` below ``ETH_HLEN`` (14) bytes."""
    if len(data) < ETH_HLEN:
        raise Truncated(f"ethernet: {len(data)} bytes < {ETH_HLEN}")
    data = bytes(data)
    return EthernetFrame(data[0:6], data[6:12], (data[12] << 8) | data[13], data[14:])
