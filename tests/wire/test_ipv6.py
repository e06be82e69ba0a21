from __future__ import annotations

import socket

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vnet.wire import ethernet, ipv6
from vnet.wire.errors import Truncated, WireError
from vnet.wire.ipv6 import (
    NEXTHDR_FRAGMENT,
    NEXTHDR_HOP,
    NEXTHDR_ICMP,
    NEXTHDR_UDP,
    FragmentHeader,
    Ipv6Packet,
    ip6_from_str,
    ip6_to_str,
)

from .capture import load
from .props import props

FRAMES = load("ipv6")
A = ip6_from_str("2001:db8:1::2")
R = ip6_from_str("2001:db8:1::1")
# `ping -6 -c1 -p 6162 -s 24 2001:db8:1::1` from Linux: version 6, traffic class 0,
# flow label 0x30003 (6|00|30003), payload length 32, next header 58, hop limit 64, then
# the ICMPv6 echo request.
ECHO = bytes.fromhex(
    "60030003 0020 3a 40 20010db8000100000000000000000002 20010db8000100000000000000000001"
    " 80 00 5afc 16a2 0001 ebce016b00000000 3bcb040000000000 6162616261626162"
)

packets = st.builds(
    Ipv6Packet,
    src=st.integers(0, 2**128 - 1),
    dst=st.integers(0, 2**128 - 1),
    next_header=st.integers(0, 255),
    payload=st.binary(max_size=64),
    hop_limit=st.integers(0, 255),
    traffic_class=st.integers(0, 255),
    flow_label=st.integers(0, 0xFFFFF),
)


def test_golden_matches_capture() -> None:
    assert FRAMES[12][14:] == ECHO
    assert ethernet.parse(FRAMES[12]).ethertype == ethernet.ETH_P_IPV6


def test_parse_golden() -> None:
    packet = ipv6.parse(ECHO)
    assert packet == Ipv6Packet(A, R, NEXTHDR_ICMP, ECHO[40:], 64, 0, 0x30003)


def test_emit_golden() -> None:
    assert Ipv6Packet(A, R, NEXTHDR_ICMP, ECHO[40:], flow_label=0x30003).emit() == ECHO


def test_every_captured_packet_round_trips() -> None:
    for frame in FRAMES:
        assert ipv6.parse(frame[14:]).emit() == frame[14:]


def test_errors() -> None:
    for n in range(40):
        with pytest.raises(Truncated):
            ipv6.parse(ECHO[:n])
    with pytest.raises(Truncated):
        ipv6.parse(ECHO[:-1])  # payload length 32 > 31
    with pytest.raises(WireError):
        ipv6.parse(b"\x45" + ECHO[1:])
    assert ipv6.parse(ECHO + bytes(10)) == ipv6.parse(ECHO)  # padding dropped
    with pytest.raises(ValueError):
        Ipv6Packet(A, R, 58, b"", flow_label=1 << 20).emit()
    with pytest.raises(ValueError):
        Ipv6Packet(1 << 128, R, 58, b"").emit()


def test_extension_headers() -> None:
    mld = ipv6.parse(FRAMES[0][14:])
    assert mld.next_header == NEXTHDR_HOP
    assert mld.payload[:8] == ipv6.router_alert_hbh(NEXTHDR_ICMP)  # as Linux's MLD sends it
    assert ipv6.skip_ext_headers(mld.next_header, mld.payload) == (NEXTHDR_ICMP, 8)
    first, last = (ipv6.parse(FRAMES[i][14:]) for i in (20, 21))
    assert ipv6.skip_ext_headers(first.next_header, first.payload) == (NEXTHDR_UDP, 8)
    assert ipv6.skip_ext_headers(last.next_header, last.payload) == (NEXTHDR_FRAGMENT, 0)
    assert ipv6.parse_fragment(first.payload) == FragmentHeader(17, 0, True, 0x70AE3EB6)
    assert ipv6.parse_fragment(last.payload) == FragmentHeader(17, 1448, False, 0x70AE3EB6)
    assert FragmentHeader(17, 1448, False, 0x70AE3EB6).emit() == last.payload[:8]
    # Destination options (60) then routing (43) then AH (51, length in 4-octet units).
    chain = bytes((43, 0)) + bytes(6) + bytes((51, 1)) + bytes(14) + bytes((6, 1)) + bytes(10)
    assert ipv6.skip_ext_headers(60, chain) == (6, 36)
    assert ipv6.skip_ext_headers(59, b"") == (59, 0)
    with pytest.raises(Truncated):
        ipv6.skip_ext_headers(60, chain[:30])
    with pytest.raises(Truncated):
        ipv6.skip_ext_headers(NEXTHDR_FRAGMENT, b"\x11\x00")
    with pytest.raises(ValueError):
        FragmentHeader(17, 3, False, 1).emit()


def test_multicast_helpers() -> None:
    dad = ipv6.parse(FRAMES[2][14:])
    target = ip6_from_str("fe80::ff:fe00:a")
    assert ipv6.solicited_node(target) == dad.dst == ip6_from_str("ff02::1:ff00:a")
    assert ipv6.multicast_mac(dad.dst) == FRAMES[2][:6] == bytes.fromhex("3333ff00000a")
    assert ipv6.is_multicast(dad.dst) and not ipv6.is_multicast(target)


@pytest.mark.parametrize(
    "text",
    ["::", "::1", "::2", "1::", "2001:db8::1:0:0:1", "fe80::ff:fe00:a", "::ffff:1.2.3.4",
     "::1.2.3.4", "::ffff", "::0.1.0.0", "::ffff:0.0.0.0", "1:0:0:2::3", "ff02::1:ff00:a"],
)  # fmt: skip
def test_to_str_matches_glibc(text: str) -> None:
    addr = ip6_from_str(text)
    assert ip6_to_str(addr) == socket.inet_ntop(socket.AF_INET6, addr.to_bytes(16, "big"))


def test_from_str_rejects() -> None:
    for bad in ("", "1.2.3.4", "fe80::1%eth0", "2001:db8::g", "1:2:3:4:5:6:7:8:9", ":::"):
        with pytest.raises(ValueError):
            ip6_from_str(bad)
    with pytest.raises(ValueError):
        ip6_to_str(-1)


def test_scapy_agrees() -> None:
    inet6 = pytest.importorskip("scapy.layers.inet6")
    pkt = inet6.IPv6(ECHO)
    assert (pkt.src, pkt.dst, pkt.fl, pkt.hlim, pkt.nh) == (
        "2001:db8:1::2",
        "2001:db8:1::1",
        0x30003,
        64,
        58,
    )
    theirs = inet6.IPv6(src="2001:db8::1", dst="ff02::1", tc=0x10, fl=5, hlim=1, nh=59)
    ours = Ipv6Packet(ip6_from_str("2001:db8::1"), ip6_from_str("ff02::1"), 59, b"", 1, 0x10, 5)
    assert ours.emit() == bytes(theirs)


@props(50)
@given(st.integers(0, 2**128 - 1))
def test_to_str_property(addr: int) -> None:
    text = ip6_to_str(addr)
    assert text == socket.inet_ntop(socket.AF_INET6, addr.to_bytes(16, "big"))
    assert ip6_from_str(text) == addr


@props(50)
@given(packets)
def test_round_trip(packet: Ipv6Packet) -> None:
    assert ipv6.parse(packet.emit()) == packet


@props(40)
@given(st.binary(max_size=80), st.integers(0, 255))
def test_parse_raises_only_wire_errors(data: bytes, next_header: int) -> None:
    for func in (ipv6.parse, ipv6.parse_fragment, lambda d: ipv6.skip_ext_headers(next_header, d)):
        try:
            func(data)
        except WireError:
            pass
