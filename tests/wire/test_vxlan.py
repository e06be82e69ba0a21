from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vnet.wire import arp, ethernet, ipv4, udp, vxlan
from vnet.wire.errors import Malformed, Truncated, WireError
from vnet.wire.ipaddr import ip_from_str
from vnet.wire.vxlan import VXLAN_PORT, VxlanHeader

from .capture import load
from .props import props

FRAMES = load("vxlan")
# The UDP payload Linux sent for the overlay ARP request of `ping 10.42.0.2` over vxlan id 42:
# flags I (08), reserved, VNI 00002a, reserved, then the inner Ethernet frame.
ENCAP_ARP = bytes.fromhex(
    "08000000 00002a00"
    " ffffffffffff 020000004201 0806"
    " 0001 0800 06 04 0001 020000004201 0a2a0001 000000000000 0a2a0002"
)


def test_golden_matches_capture() -> None:
    ip = ipv4.parse(FRAMES[2][14:])
    datagram = udp.parse(ip.payload, ip.src, ip.dst)
    assert datagram.dport == VXLAN_PORT
    assert datagram.payload == ENCAP_ARP


def test_parse_golden() -> None:
    header = vxlan.parse(ENCAP_ARP)
    assert header.vni == 42
    inner = ethernet.parse(header.payload)
    assert arp.parse(inner.payload).tpa == ip_from_str("10.42.0.2")


def test_emit_golden() -> None:
    assert VxlanHeader(42, ENCAP_ARP[8:]).emit() == ENCAP_ARP


def test_linux_encapsulation_round_trips() -> None:
    # Outer UDP with a real checksum (Linux 6.18's vxlan default), byte for byte.
    for frame in FRAMES[2:]:
        ip = ipv4.parse(frame[14:])
        datagram = udp.parse(ip.payload, ip.src, ip.dst)
        header = vxlan.parse(datagram.payload)
        rebuilt = udp.UdpDatagram(datagram.sport, datagram.dport, header.emit())
        assert rebuilt.emit(ip.src, ip.dst) == ip.payload


def test_linux_rejects_what_parse_rejects() -> None:
    with pytest.raises(Malformed):
        vxlan.parse(b"\x00" + ENCAP_ARP[1:])  # I flag clear
    with pytest.raises(Malformed):
        vxlan.parse(b"\x0c" + ENCAP_ARP[1:])  # an extension flag (GBP/GPE) set
    with pytest.raises(Malformed):
        vxlan.parse(ENCAP_ARP[:7] + b"\x01" + ENCAP_ARP[8:])  # reserved byte set
    for n in range(8):
        with pytest.raises(Truncated):
            vxlan.parse(ENCAP_ARP[:n])
    with pytest.raises(ValueError):
        VxlanHeader(1 << 24, b"").emit()


def test_scapy_agrees() -> None:
    scapy_vxlan = pytest.importorskip("scapy.layers.vxlan")
    pkt = scapy_vxlan.VXLAN(ENCAP_ARP)
    assert (pkt.vni, int(pkt.flags)) == (42, 0x08)
    assert bytes(scapy_vxlan.VXLAN(vni=7) / b"inner") == VxlanHeader(7, b"inner").emit()


@props(50)
@given(st.integers(0, 0xFFFFFF), st.binary(max_size=40))
def test_round_trip(vni: int, payload: bytes) -> None:
    assert vxlan.parse(VxlanHeader(vni, payload).emit()) == VxlanHeader(vni, payload)


@props(40)
@given(st.binary(max_size=16))
def test_parse_raises_only_wire_errors(data: bytes) -> None:
    try:
        vxlan.parse(data)
    except WireError:
        pass
