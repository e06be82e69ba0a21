from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vnet.wire import arp, ethernet
from vnet.wire.arp import OP_REPLY, OP_REQUEST, ArpPacket
from vnet.wire.errors import Malformed, Truncated, WireError
from vnet.wire.ipaddr import ip_from_str
from vnet.wire.mac import ZERO

from .capture import ARP_REPLY, ARP_REQUEST, FRAMES
from .props import props

A_MAC = bytes.fromhex("02000000000a")
R_MAC = bytes.fromhex("02000000010a")
A_IP = ip_from_str("10.0.1.2")
R_IP = ip_from_str("10.0.1.1")

# The ARP bodies Linux sent: "who-has 10.0.1.1 tell 10.0.1.2" and its reply.
#                        htype ptype hl pl op   sha          spa      tha          tpa
REQUEST = bytes.fromhex("0001 0800 06 04 0001 02000000000a 0a000102 000000000000 0a000101")
REPLY = bytes.fromhex("0001 0800 06 04 0002 02000000010a 0a000101 02000000000a 0a000102")

packets = st.builds(
    ArpPacket,
    st.integers(0, 0xFFFF),
    st.binary(min_size=6, max_size=6),
    st.integers(0, 0xFFFFFFFF),
    st.binary(min_size=6, max_size=6),
    st.integers(0, 0xFFFFFFFF),
)


def test_golden_matches_capture() -> None:
    assert ethernet.parse(FRAMES[ARP_REQUEST]).payload == REQUEST
    assert ethernet.parse(FRAMES[ARP_REPLY]).payload == REPLY


def test_parse_golden() -> None:
    assert arp.parse(REQUEST) == ArpPacket(OP_REQUEST, A_MAC, A_IP, ZERO, R_IP)
    assert arp.parse(REPLY) == ArpPacket(OP_REPLY, R_MAC, R_IP, A_MAC, A_IP)


def test_emit_golden() -> None:
    assert ArpPacket(OP_REQUEST, A_MAC, A_IP, ZERO, R_IP).emit() == REQUEST
    assert ArpPacket(OP_REPLY, R_MAC, R_IP, A_MAC, A_IP).emit() == REPLY


def test_trailing_padding_ignored() -> None:
    assert arp.parse(REQUEST + bytes(18)) == arp.parse(REQUEST)


def test_truncated() -> None:
    for n in range(len(REQUEST)):
        with pytest.raises(Truncated):
            arp.parse(REQUEST[:n])


@pytest.mark.parametrize(
    ("offset", "value"),
    [(0, b"\x00\x06"), (2, b"\x86\xdd"), (4, b"\x08"), (5, b"\x10")],
    ids=["htype-ieee802", "ptype-ipv6", "hlen-8", "plen-16"],
)
def test_malformed(offset: int, value: bytes) -> None:
    bad = REQUEST[:offset] + value + REQUEST[offset + len(value) :]
    with pytest.raises(Malformed):
        arp.parse(bad)


def test_any_opcode_is_returned() -> None:
    rarp = REQUEST[:6] + b"\x00\x03" + REQUEST[8:]
    assert arp.parse(rarp).op == 3


def test_emit_rejects_bad_values() -> None:
    with pytest.raises(ValueError):
        ArpPacket(OP_REQUEST, A_MAC[:5], A_IP, ZERO, R_IP).emit()
    with pytest.raises(ValueError):
        ArpPacket(OP_REQUEST, A_MAC, 1 << 32, ZERO, R_IP).emit()


def test_scapy_agrees() -> None:
    l2 = pytest.importorskip("scapy.layers.l2")
    pkt = l2.ARP(ArpPacket(OP_REPLY, R_MAC, R_IP, A_MAC, A_IP).emit())
    assert (pkt.op, pkt.hwsrc, pkt.psrc, pkt.hwdst, pkt.pdst) == (
        2,
        "02:00:00:00:01:0a",
        "10.0.1.1",
        "02:00:00:00:00:0a",
        "10.0.1.2",
    )
    built = l2.ARP(op=1, hwsrc="02:00:00:00:00:0a", psrc="10.0.1.2", pdst="10.0.1.1")
    assert bytes(built) == REQUEST


@props(50)
@given(packets)
def test_round_trip(packet: ArpPacket) -> None:
    assert arp.parse(packet.emit()) == packet


@props(40)
@given(st.binary(max_size=40))
def test_parse_raises_only_wire_errors(data: bytes) -> None:
    try:
        arp.parse(data)
    except WireError:
        pass


@props(40)
@given(st.binary(min_size=28, max_size=28))
def test_parse_valid_head_any_body(body: bytes) -> None:
    data = REQUEST[:6] + body[6:]
    packet = arp.parse(data)
    assert packet.emit() == data
