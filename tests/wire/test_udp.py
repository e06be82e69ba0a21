from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vnet.wire import udp
from vnet.wire.errors import BadChecksum, Malformed, Truncated, WireError
from vnet.wire.ipaddr import ip_from_str
from vnet.wire.udp import UdpDatagram

from . import capture
from .capture import ip_of
from .props import props

A_IP = ip_from_str("10.0.1.2")
R_IP = ip_from_str("10.0.1.1")

# 10.0.1.2:40000 -> 10.0.1.1:53 "hello vnet", as Linux sent it (checksum offload off).
HELLO = bytes.fromhex("9c40 0035 0012 2d7d") + b"hello vnet"
# A payload whose checksum computes to 0: RFC 768 says send 0xffff, and Linux does.
ZERO_SUM = bytes.fromhex("9c40 0007 000e ffff") + b"zero\x60\xb3"

ports = st.integers(0, 0xFFFF)
addrs = st.integers(0, 0xFFFFFFFF)
datagrams = st.builds(UdpDatagram, ports, ports, st.binary(max_size=64))


def test_golden_matches_capture() -> None:
    assert ip_of(capture.UDP_HELLO)[20:] == HELLO
    assert ip_of(capture.UDP_CSUM_FFFF)[20:] == ZERO_SUM


def test_parse_golden() -> None:
    assert udp.parse(HELLO, A_IP, R_IP) == UdpDatagram(40000, 53, b"hello vnet")
    assert udp.parse(HELLO) == UdpDatagram(40000, 53, b"hello vnet")
    assert udp.parse(ZERO_SUM, A_IP, R_IP).payload == b"zero\x60\xb3"


def test_emit_golden() -> None:
    assert UdpDatagram(40000, 53, b"hello vnet").emit(A_IP, R_IP) == HELLO
    assert UdpDatagram(40000, 7, b"zero\x60\xb3").emit(A_IP, R_IP) == ZERO_SUM


def test_big_datagram_matches_linux() -> None:
    data = ip_of(capture.UDP_1K)[20:]
    assert UdpDatagram(40000, 9999, bytes(range(256)) * 4).emit(A_IP, R_IP) == data
    assert udp.parse(data, A_IP, R_IP).payload == bytes(range(256)) * 4


def test_checksum_verification() -> None:
    with pytest.raises(BadChecksum):
        udp.parse(HELLO, A_IP, ip_from_str("10.0.1.3"))  # wrong pseudo-header
    corrupt = HELLO[:-1] + b"u"
    with pytest.raises(BadChecksum):
        udp.parse(corrupt, A_IP, R_IP)
    assert udp.parse(corrupt).payload == b"hello vnet"[:-1] + b"u"  # no addresses: no check
    no_sum = HELLO[:6] + b"\x00\x00" + HELLO[8:]  # RFC 768: zero means no checksum
    assert udp.parse(no_sum, A_IP, R_IP).payload == b"hello vnet"


def test_lengths() -> None:
    for n in range(8):
        with pytest.raises(Truncated):
            udp.parse(HELLO[:n])
    with pytest.raises(Malformed):
        udp.parse(HELLO[:-1])  # length field 18 > 17 bytes
    with pytest.raises(Malformed):
        udp.parse(HELLO[:4] + b"\x00\x07" + HELLO[6:])  # length field below 8
    # Bytes past the length field are trimmed (and not summed).
    assert udp.parse(HELLO + b"\x00" * 6, A_IP, R_IP).payload == b"hello vnet"


def test_ipv6_golden() -> None:
    from vnet.wire import ipv6

    from .capture import load

    packet = ipv6.parse(load("ipv6")[18][14:])
    datagram = udp.parse6(packet.payload, packet.src, packet.dst)
    assert datagram == UdpDatagram(40000, 53, b"hello vnet")
    assert datagram.emit6(packet.src, packet.dst) == packet.payload
    with pytest.raises(BadChecksum):
        udp.parse6(packet.payload[:6] + b"\x00\x00" + packet.payload[8:], packet.src, packet.dst)
    with pytest.raises(BadChecksum):
        udp.parse6(packet.payload, packet.dst, packet.src + 1)
    with pytest.raises(Malformed):
        udp.parse6(packet.payload[:-1], packet.src, packet.dst)
    with pytest.raises(Truncated):
        udp.parse6(packet.payload[:7], packet.src, packet.dst)


def test_emit_rejects_bad_values() -> None:
    with pytest.raises(ValueError):
        UdpDatagram(65536, 53, b"").emit(A_IP, R_IP)
    with pytest.raises(ValueError):
        UdpDatagram(1, 53, bytes(65528)).emit(A_IP, R_IP)


def test_scapy_agrees() -> None:
    inet = pytest.importorskip("scapy.layers.inet")
    ip = inet.IP(src="10.0.1.2", dst="10.0.1.1") / inet.UDP(sport=40000, dport=53) / b"hello vnet"
    assert bytes(ip)[20:] == HELLO
    datagram = UdpDatagram(5, 6, b"x" * 33)
    theirs = inet.IP(src="1.2.3.4", dst="5.6.7.8") / inet.UDP(sport=5, dport=6) / (b"x" * 33)
    assert datagram.emit(0x01020304, 0x05060708) == bytes(theirs)[20:]


@props(50)
@given(datagrams, addrs, addrs, st.integers(0, 2**128 - 1))
def test_round_trip(datagram: UdpDatagram, src: int, dst: int, src6: int) -> None:
    data = datagram.emit(src, dst)
    assert data[6:8] != b"\x00\x00"
    assert udp.parse(data, src, dst) == datagram
    data6 = datagram.emit6(src6, dst)
    assert data6[6:8] != b"\x00\x00"
    assert udp.parse6(data6, src6, dst) == datagram


@props(40)
@given(st.binary(max_size=40), st.one_of(st.none(), addrs), addrs)
def test_parse_raises_only_wire_errors(data: bytes, src: int | None, dst: int) -> None:
    try:
        udp.parse(data, src, dst)
    except WireError:
        pass
