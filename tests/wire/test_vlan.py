from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vnet.wire import ethernet, vlan
from vnet.wire.errors import Truncated, WireError
from vnet.wire.vlan import ETH_P_8021AD, ETH_P_8021Q, VlanHeader, is_tagged, pop_tag, push_tag

from .capture import ARP_REQUEST, FRAMES
from .props import props

ARP_FRAME = FRAMES[ARP_REQUEST]
# The same ARP request tagged with VID 100, PCP 5 (TCI 0xa064), as an 802.1Q trunk
# carries it (IEEE 802.1Q-2018 9.6: TPID 8100, PCP 101, DEI 0, VID 0000 0110 0100).
TAGGED = bytes.fromhex(
    "ffffffffffff 02000000000a 8100 a064 0806"
    " 0001 0800 06 04 0001 02000000000a 0a000102 000000000000 0a000101"
)


def test_push_pop_golden() -> None:
    assert push_tag(ARP_FRAME, 100, pcp=5) == TAGGED
    assert pop_tag(TAGGED) == (0xA064, ARP_FRAME)
    assert is_tagged(TAGGED) and not is_tagged(ARP_FRAME)


def test_parse_golden() -> None:
    frame = ethernet.parse(TAGGED)
    assert frame.ethertype == ETH_P_8021Q
    header = vlan.parse(frame.payload)
    assert header == VlanHeader(100, ethernet.ETH_P_ARP, ARP_FRAME[14:], pcp=5)
    assert header.tci == 0xA064
    assert header.emit() == frame.payload


def test_tci_bits() -> None:
    assert vlan.make_tci(4095, 7, True) == 0xFFFF
    assert vlan.make_tci(0) == 0  # priority-tagged
    assert vlan.parse(b"\x10\x01\x08\x00").dei is True
    for bad in ((4096, 0), (-1, 0), (1, 8)):
        with pytest.raises(ValueError):
            vlan.make_tci(*bad)


def test_qinq() -> None:
    inner = push_tag(ARP_FRAME, 10)
    outer = push_tag(inner, 20, tpid=ETH_P_8021AD)
    assert outer[12:16] == bytes.fromhex("88a8 0014")
    assert outer[16:20] == bytes.fromhex("8100 000a")
    assert is_tagged(outer)
    assert pop_tag(outer) == (20, inner)


def test_truncated() -> None:
    for n in range(4):
        with pytest.raises(Truncated):
            vlan.parse(TAGGED[14 : 14 + n])
    with pytest.raises(Truncated):
        push_tag(ARP_FRAME[:13], 1)
    with pytest.raises(Truncated):
        pop_tag(TAGGED[:17])


def test_scapy_agrees() -> None:
    l2 = pytest.importorskip("scapy.layers.l2")
    pkt = l2.Ether(TAGGED)
    assert (pkt[l2.Dot1Q].vlan, pkt[l2.Dot1Q].prio, pkt[l2.Dot1Q].dei) == (100, 5, 0)
    built = (
        l2.Ether(dst="ff:ff:ff:ff:ff:ff", src="02:00:00:00:00:0a")
        / l2.Dot1Q(vlan=100, prio=5)
        / l2.ARP(hwsrc="02:00:00:00:00:0a", psrc="10.0.1.2", pdst="10.0.1.1")
    )
    assert bytes(built) == TAGGED


@props(50)
@given(
    st.integers(0, 4095),
    st.integers(0, 7),
    st.booleans(),
    st.integers(0, 0xFFFF),
    st.binary(max_size=40),
)
def test_round_trip(vid: int, pcp: int, dei: bool, ethertype: int, payload: bytes) -> None:
    header = VlanHeader(vid, ethertype, payload, pcp, dei)
    assert vlan.parse(header.emit()) == header
    frame = ethernet.emit_frame(b"\x02" * 6, b"\x04" * 6, ethertype, payload)
    tagged = push_tag(frame, vid, pcp, dei)
    assert pop_tag(tagged) == (header.tci, frame)


@props(40)
@given(st.binary(max_size=24))
def test_parse_raises_only_wire_errors(data: bytes) -> None:
    try:
        vlan.parse(data)
        pop_tag(data)
    except WireError:
        pass
