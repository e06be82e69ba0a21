from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vnet.wire import ipv4, tcp
from vnet.wire.errors import BadChecksum, Malformed, Truncated, WireError
from vnet.wire.ipaddr import ip_from_str
from vnet.wire.tcp import ACK, FIN, PSH, RST, SYN, TcpSegment

from .capture import load
from .props import props

FRAMES = load("tcp")
U1 = ip_from_str("192.168.0.1")
U2 = ip_from_str("192.168.0.2")

# Linux's SYN from 192.168.0.1:40352 to :8080: options MSS 1460, SACK permitted,
# timestamps, NOP, window scale 10 (RFC 9293 3.1, RFC 7323, RFC 2018).
SYN_SEGMENT = bytes.fromhex(
    "9da0 1f90 9301 1329 00000000 a002 faf0 d37f 0000"
    " 0204 05b4 0402 080a acdde7ff 00000000 01 03030a"
)
# The kernel's answer to a SYN for closed port 8081 (tcp_v4_send_reset).
RST_SEGMENT = bytes.fromhex("1f91 de2c 00000000 6c5cf03d 5014 0000 d424 0000")

segments = st.builds(
    TcpSegment,
    sport=st.integers(0, 0xFFFF),
    dport=st.integers(0, 0xFFFF),
    seq=st.integers(0, 2**32 - 1),
    ack=st.integers(0, 2**32 - 1),
    flags=st.integers(0, 0xFFF),
    window=st.integers(0, 0xFFFF),
    payload=st.binary(max_size=40),
    urgent=st.integers(0, 0xFFFF),
    options=st.binary(max_size=40).map(lambda b: b[: len(b) - len(b) % 4]),
)


def segment_of(index: int) -> tuple[ipv4.Ipv4Packet, bytes]:
    ip = ipv4.parse(FRAMES[index][14:])
    return ip, ip.payload


def test_golden_matches_capture() -> None:
    assert segment_of(0)[1] == SYN_SEGMENT
    assert segment_of(11)[1] == RST_SEGMENT


def test_parse_golden() -> None:
    seg = tcp.parse(SYN_SEGMENT, U1, U2)
    assert (seg.sport, seg.dport, seg.seq, seg.ack, seg.flags, seg.window) == (
        40352,
        8080,
        0x93011329,
        0,
        SYN,
        64240,
    )
    assert seg.header_len == 40 and seg.seq_len == 1
    assert tcp.parse_options(seg.options) == [
        (tcp.OPT_MSS, b"\x05\xb4"),
        (tcp.OPT_SACK_PERM, b""),
        (tcp.OPT_TIMESTAMP, bytes.fromhex("acdde7ff00000000")),
        (tcp.OPT_WSCALE, b"\x0a"),
    ]
    assert tcp.flags_to_str(seg.flags) == "S"


def test_emit_golden() -> None:
    seg = TcpSegment(40352, 8080, 0x93011329, 0, SYN, 64240, options=SYN_SEGMENT[20:])
    assert seg.emit(U1, U2) == SYN_SEGMENT


def test_every_captured_segment_round_trips() -> None:
    seen = []
    for index in range(len(FRAMES)):
        ip, data = segment_of(index)
        seg = tcp.parse(data, ip.src, ip.dst)
        assert seg.emit(ip.src, ip.dst) == data
        seen.append(tcp.flags_to_str(seg.flags))
    assert seen == ["S", "S.", ".", "P.", ".", "P.", ".", "F.", "F.", ".", "S", "R."]
    assert tcp.parse(segment_of(3)[1]).payload == b"hello tcp"


def test_reset_matches_linux() -> None:
    ip, data = segment_of(10)
    rst = tcp.reset_for(tcp.parse(data, ip.src, ip.dst))
    assert rst.emit(ip.dst, ip.src) == RST_SEGMENT
    # With ACK set, the RST takes its sequence number from the ACK field, flags RST only.
    acked = TcpSegment(1, 2, 100, 5000, ACK | PSH, 10, b"data")
    assert tcp.reset_for(acked) == TcpSegment(2, 1, 5000, 0, RST, 0)
    fin = TcpSegment(1, 2, 2**32 - 1, 0, FIN, 10, b"ab")
    assert tcp.reset_for(fin).ack == 2  # wraps modulo 2**32


def test_errors() -> None:
    for n in range(20):
        with pytest.raises(Truncated):
            tcp.parse(SYN_SEGMENT[:n])
    with pytest.raises(Truncated):
        tcp.parse(SYN_SEGMENT[:39])  # data offset 10 needs 40 bytes
    with pytest.raises(Malformed):
        tcp.parse(SYN_SEGMENT[:12] + b"\x40\x02" + SYN_SEGMENT[14:])  # data offset 4
    with pytest.raises(BadChecksum):
        tcp.parse(SYN_SEGMENT, U1, ip_from_str("192.168.0.3"))
    zero = SYN_SEGMENT[:16] + b"\x00\x00" + SYN_SEGMENT[18:]
    with pytest.raises(BadChecksum):
        tcp.parse(zero, U1, U2)  # zero is not "no checksum" in TCP
    with pytest.raises(ValueError):
        TcpSegment(1, 2, 0, 0, 0x1000, 0).emit(U1, U2)
    with pytest.raises(ValueError):
        TcpSegment(1, 2, 0, 0, SYN, 0, options=bytes(44)).emit(U1, U2)


def test_parse_options_is_lenient() -> None:
    assert tcp.parse_options(b"\x01\x01\x00\x02\x04\x05\xb4") == []  # EOL stops
    assert tcp.parse_options(b"\x02\x01\x05\xb4") == []  # length below 2
    assert tcp.parse_options(b"\x08\x0a\x00") == []  # runs past the end
    assert tcp.parse_options(b"\x03\x03\x07\x02") == [(3, b"\x07")]
    assert tcp.mss_option(1460) == b"\x02\x04\x05\xb4"


def test_scapy_agrees() -> None:
    inet = pytest.importorskip("scapy.layers.inet")
    pkt = inet.TCP(SYN_SEGMENT)
    assert (pkt.sport, pkt.dport, pkt.seq, str(pkt.flags), pkt.window, pkt.chksum) == (
        40352,
        8080,
        0x93011329,
        "S",
        64240,
        0xD37F,
    )
    theirs = (
        inet.IP(src="1.2.3.4", dst="5.6.7.8")
        / inet.TCP(sport=1, dport=2, seq=3, ack=4, flags="PA", window=5, options=[("MSS", 1400)])
        / b"xyz"
    )
    ours = TcpSegment(1, 2, 3, 4, PSH | ACK, 5, b"xyz", options=tcp.mss_option(1400))
    assert ours.emit(0x01020304, 0x05060708) == bytes(theirs)[20:]


@props(50)
@given(segments, st.integers(0, 2**32 - 1), st.integers(0, 2**32 - 1))
def test_round_trip(seg: TcpSegment, src: int, dst: int) -> None:
    assert tcp.parse(seg.emit(src, dst), src, dst) == seg


@props(40)
@given(st.binary(max_size=70), st.booleans())
def test_parse_raises_only_wire_errors(data: bytes, verify: bool) -> None:
    try:
        seg = tcp.parse(data, U1 if verify else None, U2)
    except WireError:
        return
    tcp.parse_options(seg.options)
