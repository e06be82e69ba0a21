"""IEEE 802.1Q VLAN tags (IEEE 802.1Q-2018 9.6; 802.1ad S-tags use the same format).

Sits between the Ethernet codec and the VLAN devices: ``link/vlan`` (the kernel's
``8021q`` module) strips the tag on receive with :func:`pop_tag` (``skb_vlan_untag``)
and inserts it on transmit with :func:`push_tag` (``vlan_insert_tag``); a VLAN-aware
bridge does the same. :class:`VlanHeader` is the tag as it follows the MAC addresses
(``struct vlan_hdr``): TCI then the encapsulated EtherType.

TCI layout (9.6): PCP (3 bits, priority), DEI (1 bit, drop eligible; the old CFI),
VID (12 bits). VID 0 means priority-tagged (no VLAN); VID 4095 is reserved (9.6
table 9-2). The codec carries every value; refusing reserved VIDs is the device's job
(``ip link add ... type vlan id 4095`` fails in iproute2/kernel, not on the wire).
"""

from __future__ import annotations

import struct
from typing import NamedTuple

from .errors import Truncated

__all__ = [
    "ETH_P_8021Q",
    "ETH_P_8021AD",
    "VLAN_HLEN",
    "VLAN_VID_MASK",
    "VLAN_PRIO_SHIFT",
    "VLAN_DEI_MASK",
    "VLAN_N_VID",
    "VlanHeader",
    "make_tci",
    "parse",
    "push_tag",
    "pop_tag",
    "is_tagged",
]

ETH_P_8021Q = 0x8100
ETH_P_8021AD = 0x88A8
VLAN_HLEN = 4
VLAN_VID_MASK = 0x0FFF
VLAN_PRIO_SHIFT = 13
VLAN_DEI_MASK = 0x1000
VLAN_N_VID = 4096

_TAG = struct.Struct("!HH")
_TPIDS = (ETH_P_8021Q, ETH_P_8021AD)


class VlanHeader(NamedTuple):
    """The 4 bytes after an 802.1Q/802.1ad TPID, and what follows them."""

    vid: int
    ethertype: int
    payload: bytes
    pcp: int = 0
    dei: bool = False

    @property
    def tci(self) -> int:
        """The 16-bit Tag Control Information."""
        return make_tci(self.vid, self.pcp, self.dei)

    def emit(self) -> bytes:
        """Serialize TCI, EtherType and payload (what follows the TPID)."""
        try:
            head = _TAG.pack(make_tci(self.vid, self.pcp, self.dei), self.ethertype)
        except struct.error as exc:
            raise ValueError(f"VLAN field out of range: {exc}") from None
        return head + self.payload


def make_tci(vid: int, pcp: int = 0, dei: bool = False) -> int:
    """Build a TCI; raises :class:`ValueError` for a VID over 4095 or a PCP over 7."""
    if not 0 <= vid <= VLAN_VID_MASK or not 0 <= pcp <= 7:
        raise ValueError(f"VLAN vid {vid} / pcp {pcp} out of range")
    return (pcp << VLAN_PRIO_SHIFT) | (VLAN_DEI_MASK if dei else 0) | vid


def parse(data: bytes) -> VlanHeader:
    """Parse what follows a TPID. :class:`Truncated` below 4 bytes."""
    if len(data) < VLAN_HLEN:
        raise Truncated(f"vlan: {len(data)} bytes < {VLAN_HLEN}")
    tci, ethertype = _TAG.unpack_from(data)
    return VlanHeader(
        tci & VLAN_VID_MASK,
        ethertype,
        bytes(data[VLAN_HLEN:]),
        tci >> VLAN_PRIO_SHIFT,
        bool(tci & VLAN_DEI_MASK),
    )


def is_tagged(frame: bytes) -> bool:
    """True if an Ethernet frame's EtherType is 802.1Q or 802.1ad."""
    return len(frame) >= 14 and ((frame[12] << 8) | frame[13]) in _TPIDS


def push_tag(
    frame: bytes, vid: int, pcp: int = 0, dei: bool = False, tpid: int = ETH_P_8021Q
) -> bytes:
    """Insert a tag after the MAC addresses of an Ethernet frame (``vlan_insert_tag``).

    Raises :class:`Truncated` if ``frame`` is shorter than an Ethernet header and
    :class:`ValueError` for out-of-range tag fields.
    """
    if len(frame) < 14:
        raise Truncated(f"vlan: frame of {len(frame)} bytes has no Ethernet header")
    tag = _TAG.pack(tpid, make_tci(vid, pcp, dei))
    return b"".join((bytes(frame[:12]), tag, bytes(frame[12:])))


def pop_tag(frame: bytes) -> tuple[int, bytes]:
    """Remove the outer tag of a tagged Ethernet frame (``skb_vlan_untag``).

    Returns ``(tci, untagged_frame)``. Raises :class:`Truncated` if the frame is too
    short to hold a tag; the caller checks :func:`is_tagged` first.
    """
    if len(frame) < 18:
        raise Truncated(f"vlan: tagged frame of {len(frame)} bytes < 18")
    tci = (frame[14] << 8) | frame[15]
    return tci, b"".join((bytes(frame[:12]), bytes(frame[16:])))
