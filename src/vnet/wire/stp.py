"""Spanning Tree BPDUs (IEEE 802.1D-2004 clause 9; the STP of 802.1D-1998 clause 9.3).

Sits between the Ethernet codec and the bridge's STP (``link/bridge/stp*``, the
kernel's ``br_stp_bpdu.c``): BPDUs travel in IEEE 802.3 frames (a length, not an
EtherType, after the MAC addresses) to the bridge group address 01:80:c2:00:00:00 with
an LLC header DSAP = SSAP = 0x42, control 0x03 (UI) (802.1D-2004 7.12.3, 9.3.1).

What is encoded (9.3.1 / 9.3.2, figures 9-1 and 9-2) and what Linux accepts:

- Configuration BPDU: 35 octets. Protocol identifier 0, version 0, type 0x00; flags
  (bit 1 Topology Change, bit 8 Topology Change Acknowledgment); root identifier (8),
  root path cost (4), bridge identifier (8), port identifier (2); message age, max age,
  hello time, forward delay (2 each, in units of 1/256 s, 9.2.8).
- Topology Change Notification BPDU: 4 octets, type 0x80.
- Like ``br_stp_rcv``: protocol identifier and version must be 0 (so RST BPDUs,
  version 2, are refused: :class:`Malformed`); a configuration BPDU shorter than 35
  octets is :class:`Truncated`; unknown types are :class:`Malformed`. Only the two
  flag bits are read. Bytes past the BPDU are ignored.

Bridge and root identifiers are ints: priority (16 bits) << 48 | MAC address, so that
comparing ints compares identifiers as 9.2.5 (and the kernel's ``memcmp``) do. Port
identifiers are 16-bit ints (priority << 8 | port number in the kernel's layout).
"""

from __future__ import annotations

import struct
from typing import NamedTuple

from .errors import Malformed, Truncated

__all__ = [
    "STP_GROUP",
    "LLC_SAP_BSPAN",
    "LLC_UI",
    "BPDU_TYPE_CONFIG",
    "BPDU_TYPE_TCN",
    "CONFIG_BPDU_LEN",
    "TCN_BPDU_LEN",
    "STP_HZ",
    "FLAG_TC",
    "FLAG_TCA",
    "Bpdu",
    "parse",
    "parse_frame",
    "emit_frame",
    "make_bridge_id",
    "bridge_id_mac",
    "bridge_id_priority",
    "ticks_to_ns",
    "ns_to_ticks",
]

#: Bridge group address (802.1D-2004 7.12.3, table 7-9).
STP_GROUP = b"\x01\x80\xc2\x00\x00\x00"
LLC_SAP_BSPAN = 0x42
LLC_UI = 0x03
BPDU_TYPE_CONFIG = 0x00
BPDU_TYPE_TCN = 0x80
CONFIG_BPDU_LEN = 35
TCN_BPDU_LEN = 4
#: BPDU timer unit: 1/256 s (802.1D-2004 9.2.8; the kernel's STP_HZ).
STP_HZ = 256
FLAG_TC = 0x01
FLAG_TCA = 0x80

_LLC = bytes((LLC_SAP_BSPAN, LLC_SAP_BSPAN, LLC_UI))
#: protocol id, version, type, flags, root id, root path cost, bridge id, port id, timers.
_CONFIG = struct.Struct("!HBBBQIQHHHHH")
_TCN = b"\x00\x00\x00" + bytes((BPDU_TYPE_TCN,))


class Bpdu(NamedTuple):
    """A configuration or TCN BPDU. Timers are in 1/256 s; identifiers are ints.

    For ``type == BPDU_TYPE_TCN`` every other field is ignored on emit and zero on parse.
    """

    type: int
    root_id: int = 0
    root_path_cost: int = 0
    bridge_id: int = 0
    port_id: int = 0
    message_age: int = 0
    max_age: int = 0
    hello_time: int = 0
    forward_delay: int = 0
    topology_change: bool = False
    topology_change_ack: bool = False

    def emit(self) -> bytes:
        """Serialize the BPDU (without LLC header): 35 octets, or 4 for a TCN."""
        if self.type == BPDU_TYPE_TCN:
            return _TCN
        if self.type != BPDU_TYPE_CONFIG:
            raise ValueError(f"unsupported BPDU type {self.type:#04x}")
        flags = (FLAG_TC if self.topology_change else 0) | (
            FLAG_TCA if self.topology_change_ack else 0
        )
        try:
            return _CONFIG.pack(
                0,
                0,
                BPDU_TYPE_CONFIG,
                flags,
                self.root_id,
                self.root_path_cost,
                self.bridge_id,
                self.port_id,
                self.message_age,
                self.max_age,
                self.hello_time,
                self.forward_delay,
            )
        except struct.error as exc:
            raise ValueError(f"BPDU field out of range: {exc}") from None


def parse(data: bytes) -> Bpdu:
    """Parse a BPDU starting at its protocol identifier (after the LLC header)."""
    if len(data) < TCN_BPDU_LEN:
        raise Truncated(f"stp: {len(data)} bytes < {TCN_BPDU_LEN}")
    if data[0] or data[1] or data[2]:
        raise Malformed(
            f"stp: protocol id {(data[0] << 8) | data[1]:#06x} version {data[2]} unsupported"
        )
    kind = data[3]
    if kind == BPDU_TYPE_TCN:
        return Bpdu(BPDU_TYPE_TCN)
    if kind != BPDU_TYPE_CONFIG:
        raise Malformed(f"stp: unknown BPDU type {kind:#04x}")
    if len(data) < CONFIG_BPDU_LEN:
        raise Truncated(f"stp: configuration BPDU of {len(data)} bytes < {CONFIG_BPDU_LEN}")
    (_p, _v, _t, flags, root, cost, bridge, port, age, max_age, hello, fwd) = _CONFIG.unpack_from(
        data
    )
    return Bpdu(
        BPDU_TYPE_CONFIG,
        root,
        cost,
        bridge,
        port,
        age,
        max_age,
        hello,
        fwd,
        bool(flags & FLAG_TC),
        bool(flags & FLAG_TCA),
    )


def parse_frame(frame: bytes) -> Bpdu:
    """Parse a whole Ethernet frame carrying a BPDU.

    Checks what the LLC layer checks before handing the PDU to the bridge
    (``llc_rcv``/``stp_pdu_rcv``): an 802.3 length field (below 0x0600) covering at least
    the LLC header and not beyond the frame (padding past it is dropped), DSAP/SSAP 0x42
    and UI control. The destination address is left to the caller (the kernel
    compares it with the bridge's ``group_addr``).
    """
    if len(frame) < 17:
        raise Truncated(f"stp: frame of {len(frame)} bytes < 17")
    length = (frame[12] << 8) | frame[13]
    if length >= 0x0600:
        raise Malformed(f"stp: EtherType {length:#06x}, not an 802.3 length")
    if length < 3 or 14 + length > len(frame):
        raise Malformed(f"stp: 802.3 length {length} vs {len(frame) - 14} bytes")
    if frame[14:17] != _LLC:
        raise Malformed(f"stp: LLC header {bytes(frame[14:17]).hex()} is not 42 42 03")
    return parse(frame[17 : 14 + length])


def emit_frame(src: bytes, bpdu: Bpdu, dst: bytes = STP_GROUP) -> bytes:
    """Serialize a BPDU in an 802.3/LLC frame as ``br_send_bpdu`` does (no padding)."""
    if len(src) != 6 or len(dst) != 6:
        raise ValueError("MAC addresses must be 6 bytes")
    body = bpdu.emit()
    return b"".join((dst, src, (len(body) + 3).to_bytes(2, "big"), _LLC, body))


def make_bridge_id(priority: int, mac: bytes) -> int:
    """Bridge identifier from a 16-bit priority and a MAC address (802.1D-2004 9.2.5)."""
    if not 0 <= priority <= 0xFFFF or len(mac) != 6:
        raise ValueError(f"bad bridge id parts: priority {priority}, mac {mac!r}")
    return (priority << 48) | int.from_bytes(mac, "big")


def bridge_id_priority(bridge_id: int) -> int:
    """The priority part of a bridge identifier."""
    return bridge_id >> 48


def bridge_id_mac(bridge_id: int) -> bytes:
    """The MAC address part of a bridge identifier."""
    return (bridge_id & 0xFFFFFFFFFFFF).to_bytes(6, "big")


def ticks_to_ns(ticks: int) -> int:
    """1/256-second BPDU time units to nanoseconds."""
    return ticks * 1_000_000_000 // STP_HZ


def ns_to_ticks(ns: int) -> int:
    """Nanoseconds to 1/256-second units, rounded down (like ``br_set_ticks``)."""
    return ns * STP_HZ // 1_000_000_000
