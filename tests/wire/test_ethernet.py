from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vnet.wire import ethernet
from vnet.wire.errors import Truncated, WireError
from vnet.wire.ethernet import (
    ETH_HLEN,
    ETH_P_ARP,
    ETH_P_IP,
    ETH_P_IPV6,
    ETH_ZLEN,
    EthernetFrame,
    emit_frame,
)
from vnet.wire.mac import BROADCAST

from .capture import ARP_REQUEST, FRAMES, IPV6_MLD, UDP_HELLO
from .props import props

# Linux's ARP request from 10.0.1.2 (02:00:00:00:00:0a) for 10.0.1.1, as captured on veth:
# 42 bytes, no padding (padding to ETH_ZLEN is a NIC driver's job, and veth has none).
ARP_FRAME = bytes.fromhex(
    "ffffffffffff 02000000000a 0806"  # dst, src, ethertype
    " 0001 0800 06 04 0001 02000000000a 0a000102 000000000000 0a000101"  # ARP body
)
A_MAC = bytes.fromhex("02000000000a")

macs = st.binary(min_size=6, max_size=6)
frames = st.builds(EthernetFrame, macs, macs, st.integers(0, 0xFFFF), st.binary(max_size=80))


def test_golden_matches_capture() -> None:
    assert FRAMES[ARP_REQUEST] == ARP_FRAME


def test_parse_golden() -> None:
    frame = ethernet.parse(ARP_FRAME)
    assert frame == EthernetFrame(BROADCAST, A_MAC, ETH_P_ARP, ARP_FRAME[14:])
    assert ethernet.parse(FRAMES[UDP_HELLO]).ethertype == ETH_P_IP
    assert ethernet.parse(FRAMES[IPV6_MLD]).ethertype == ETH_P_IPV6


def test_emit_golden() -> None:
    frame = EthernetFrame(BROADCAST, A_MAC, ETH_P_ARP, ARP_FRAME[14:])
    assert frame.emit() == ARP_FRAME
    assert emit_frame(BROADCAST, A_MAC, ETH_P_ARP, ARP_FRAME[14:]) == ARP_FRAME


def test_pad() -> None:
    frame = EthernetFrame(BROADCAST, A_MAC, ETH_P_ARP, ARP_FRAME[14:])
    padded = frame.emit(pad=True)
    assert len(padded) == ETH_ZLEN
    assert padded == ARP_FRAME + bytes(ETH_ZLEN - len(ARP_FRAME))
    # Padding stays in the payload on receive; upper layers trim by their own lengths.
    assert ethernet.parse(padded).payload == ARP_FRAME[14:] + bytes(18)
    big = frame._replace(payload=bytes(100))
    assert big.emit(pad=True) == big.emit()


def test_truncated() -> None:
    for n in range(ETH_HLEN):
        with pytest.raises(Truncated):
            ethernet.parse(ARP_FRAME[:n])
    assert ethernet.parse(ARP_FRAME[:ETH_HLEN]).payload == b""


def test_emit_rejects_bad_values() -> None:
    with pytest.raises(ValueError):
        emit_frame(b"\x00" * 5, A_MAC, ETH_P_IP, b"")
    with pytest.raises(ValueError):
        emit_frame(BROADCAST, A_MAC, 0x10000, b"")


def test_scapy_agrees() -> None:
    l2 = pytest.importorskip("scapy.layers.l2")
    pkt = l2.Ether(ARP_FRAME)
    assert (pkt.dst, pkt.src, pkt.type) == ("ff:ff:ff:ff:ff:ff", "02:00:00:00:00:0a", 0x0806)
    built = bytes(l2.Ether(dst="02:00:00:00:01:0a", src="02:00:00:00:00:0a", type=0x0800) / b"xyz")
    assert built == emit_frame(bytes.fromhex("02000000010a"), A_MAC, ETH_P_IP, b"xyz")


@props(50)
@given(frames)
def test_round_trip(frame: EthernetFrame) -> None:
    assert ethernet.parse(frame.emit()) == frame
    padded = ethernet.parse(frame.emit(pad=True))
    assert padded.payload[: len(frame.payload)] == frame.payload


@props(40)
@given(st.binary(max_size=40))
def test_parse_raises_only_wire_errors(data: bytes) -> None:
    try:
        frame = ethernet.parse(data)
    except WireError:
        return
    assert frame.emit() == data
