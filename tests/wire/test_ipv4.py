from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vnet.wire import ethernet, ipv4
from vnet.wire.checksum import internet_checksum
from vnet.wire.errors import BadChecksum, Malformed, Truncated, WireError
from vnet.wire.ipaddr import ip_from_str
from vnet.wire.ipv4 import PROTO_ICMP, Ipv4Packet, decrement_ttl

from .capture import ECHO_REQUEST, FRAG_NEEDED, FRAMES, PORT_UNREACH_HELLO, ip_of
from .props import props

A_IP = ip_from_str("10.0.1.2")
R_IP = ip_from_str("10.0.1.1")

# `ping -c1 -p 6162 -s 24 10.0.1.1` from Linux: the IPv4 datagram of the echo request.
ECHO = bytes.fromhex(
    "45 00 0034 5920 4000 40 01 cba6 0a000102 0a000101"  # ver/ihl tos len id DF ttl proto csum
    " 0800 a760 16ac 0001 60c8016b00000000 4f35030000000000 6162616261626162"  # ICMP echo
)


def set_checksum(header: bytes) -> bytes:
    """Recompute the header checksum of a hand-edited header (no payload)."""
    zeroed = header[:10] + b"\x00\x00" + header[12:]
    return zeroed[:10] + internet_checksum(zeroed).to_bytes(2, "big") + zeroed[12:]


def edit(data: bytes, offset: int, value: bytes, hlen: int = 20) -> bytes:
    """Overwrite bytes of the header and fix its checksum."""
    data = data[:offset] + value + data[offset + len(value) :]
    return set_checksum(data[:hlen]) + data[hlen:]


options = st.binary(max_size=40).map(lambda b: b[: len(b) - len(b) % 4])
packets = st.builds(
    Ipv4Packet,
    src=st.integers(0, 0xFFFFFFFF),
    dst=st.integers(0, 0xFFFFFFFF),
    proto=st.integers(0, 255),
    payload=st.binary(max_size=64),
    ttl=st.integers(0, 255),
    tos=st.integers(0, 255),
    ident=st.integers(0, 0xFFFF),
    df=st.booleans(),
    mf=st.booleans(),
    frag_offset=st.integers(0, 0x1FFF).map(lambda n: n * 8),
    options=options,
)


def test_golden_matches_capture() -> None:
    assert ip_of(ECHO_REQUEST) == ECHO


def test_parse_golden() -> None:
    packet = ipv4.parse(ECHO)
    assert packet == Ipv4Packet(
        src=A_IP, dst=R_IP, proto=PROTO_ICMP, payload=ECHO[20:], ttl=64, ident=0x5920, df=True
    )
    assert packet.header_len == 20
    assert packet.total_len == 52
    assert not packet.is_fragment


def test_emit_golden() -> None:
    packet = Ipv4Packet(A_IP, R_IP, PROTO_ICMP, ECHO[20:], ttl=64, ident=0x5920, df=True)
    assert packet.emit() == ECHO


def test_every_captured_datagram_round_trips() -> None:
    count = 0
    for frame in FRAMES:
        eth = ethernet.parse(frame)
        if eth.ethertype == ethernet.ETH_P_IP:
            assert ipv4.parse(eth.payload).emit() == eth.payload
            count += 1
    assert count == 12


def test_quoted_datagram_is_truncated() -> None:
    # The frag-needed error quotes the first 548 bytes of a 1428-byte datagram.
    quoted = ip_of(FRAG_NEEDED)[28:]
    assert len(quoted) == 548
    with pytest.raises(Truncated):
        ipv4.parse(quoted)


def test_trailing_bytes_ignored() -> None:
    small = Ipv4Packet(A_IP, R_IP, 17, b"hi").emit()
    assert ipv4.parse(small + bytes(24)) == ipv4.parse(small)


def test_version_and_ihl() -> None:
    with pytest.raises(Malformed):
        ipv4.parse(edit(ECHO, 0, b"\x65"))  # version 6
    with pytest.raises(Malformed):
        ipv4.parse(edit(ECHO, 0, b"\x44"))  # IHL 4
    with pytest.raises(Truncated):
        ipv4.parse(edit(ECHO, 0, b"\x4f")[:40])  # IHL 15: 60-byte header, 40 bytes


def test_lengths() -> None:
    for n in range(20):
        with pytest.raises(Truncated):
            ipv4.parse(ECHO[:n])
    with pytest.raises(Truncated):
        ipv4.parse(ECHO[:-1])  # total length 52 > 51 bytes present
    with pytest.raises(Malformed):
        ipv4.parse(edit(ECHO, 2, b"\x00\x13"))  # total length 19 < header 20


def test_checksum() -> None:
    bad = ECHO[:10] + b"\xcb\xa7" + ECHO[12:]
    with pytest.raises(BadChecksum):
        ipv4.parse(bad)
    assert ipv4.parse(bad, verify_checksum=False) == ipv4.parse(ECHO)


def test_options() -> None:
    router_alert = b"\x94\x04\x00\x00"  # RFC 2113
    packet = Ipv4Packet(A_IP, R_IP, 2, b"igmp", ttl=1, tos=0xC0, options=router_alert)
    data = packet.emit()
    assert data[0] == 0x46 and packet.header_len == 24
    assert ipv4.parse(data) == packet
    # Options are padded to a 4-byte multiple with zeros (End of Option List).
    padded = packet._replace(options=b"\x01\x01\x01")
    assert ipv4.parse(padded.emit()).options == b"\x01\x01\x01\x00"
    assert padded.header_len == 24
    with pytest.raises(ValueError):
        packet._replace(options=bytes(41)).emit()


def test_fragment_fields() -> None:
    packet = Ipv4Packet(A_IP, R_IP, 17, bytes(8), ident=7, mf=True, frag_offset=1480)
    data = packet.emit()
    assert data[6:8] == (0x2000 | 185).to_bytes(2, "big")
    assert ipv4.parse(data) == packet and packet.is_fragment
    with pytest.raises(ValueError):
        packet._replace(frag_offset=1481).emit()
    with pytest.raises(ValueError):
        packet._replace(frag_offset=65536).emit()
    with pytest.raises(ValueError):
        packet._replace(payload=bytes(65516)).emit()
    with pytest.raises(ValueError):
        packet._replace(ttl=256).emit()


def test_parse_quoted_golden() -> None:
    # Frag needed quotes the first 548 bytes of a 1428-byte echo request.
    quoted = ip_of(FRAG_NEEDED)[28:]
    inner = ipv4.parse_quoted(quoted)
    assert (inner.src, inner.dst, inner.proto, inner.ttl, inner.df) == (
        A_IP,
        ip_from_str("10.0.2.2"),
        PROTO_ICMP,
        64,
        True,
    )
    assert inner.payload == quoted[20:]
    # A port unreachable quotes the whole UDP datagram: ports are readable.
    inner = ipv4.parse_quoted(ip_of(PORT_UNREACH_HELLO)[28:])
    assert inner.payload[:4] == bytes.fromhex("9c40 0035")
    # The checksum is not checked; Ethernet padding past the total length is dropped.
    bad = ECHO[:10] + b"\x00\x00" + ECHO[12:]
    assert ipv4.parse_quoted(bad + bytes(6)).payload == ECHO[20:]


def test_parse_quoted_errors() -> None:
    for n in range(20):
        with pytest.raises(Truncated):
            ipv4.parse_quoted(ECHO[:n])
    with pytest.raises(Malformed):
        ipv4.parse_quoted(b"\x44" + ECHO[1:])
    with pytest.raises(Malformed):
        ipv4.parse_quoted(b"\x65" + ECHO[1:])
    with pytest.raises(Truncated):
        ipv4.parse_quoted(b"\x46" + ECHO[1:20])


@props(50)
@given(packets, st.integers(0, 200))
def test_parse_quoted_prefixes(packet: Ipv4Packet, cut: int) -> None:
    data = packet.emit()[: packet.header_len + cut]
    inner = ipv4.parse_quoted(data)
    assert inner == packet._replace(payload=packet.payload[:cut])


@props(40)
@given(st.binary(max_size=80))
def test_parse_quoted_raises_only_wire_errors(data: bytes) -> None:
    try:
        ipv4.parse_quoted(data)
    except WireError:
        pass


def kernel_ip_decrease_ttl(data: bytes) -> bytes:
    """include/net/ip.h ip_decrease_ttl(), transcribed."""
    check = int.from_bytes(data[10:12], "big") + 0x0100
    check = (check + (check >= 0xFFFF)) & 0xFFFF
    return data[:8] + bytes((data[8] - 1,)) + data[9:10] + check.to_bytes(2, "big") + data[12:]


def test_decrement_ttl() -> None:
    out = decrement_ttl(ECHO)
    assert out == ipv4.parse(ECHO)._replace(ttl=63).emit()
    assert out == kernel_ip_decrease_ttl(ECHO)
    assert decrement_ttl(bytearray(ECHO)) == out
    assert decrement_ttl(ECHO[:20]) == out[:20]
    with pytest.raises(Truncated):
        decrement_ttl(ECHO[:19])
    with pytest.raises(Malformed):
        decrement_ttl(Ipv4Packet(A_IP, R_IP, 1, b"", ttl=0).emit())


@props(100)
@given(packets.filter(lambda p: p.ttl > 0))
def test_decrement_ttl_equals_recomputation(packet: Ipv4Packet) -> None:
    data = packet.emit()
    out = decrement_ttl(data)
    assert out == packet._replace(ttl=packet.ttl - 1).emit()
    assert out == kernel_ip_decrease_ttl(data)


def test_scapy_agrees() -> None:
    inet = pytest.importorskip("scapy.layers.inet")
    pkt = inet.IP(ECHO)
    assert (pkt.src, pkt.dst, pkt.ttl, pkt.id, int(pkt.flags), pkt.chksum) == (
        "10.0.1.2",
        "10.0.1.1",
        64,
        0x5920,
        2,  # DF
        0xCBA6,
    )
    ours = Ipv4Packet(
        A_IP,
        R_IP,
        17,
        b"payload",
        ttl=9,
        tos=0x10,
        ident=0x1234,
        mf=True,
        frag_offset=64,
        options=b"\x94\x04\x00\x00",
    )
    theirs = (
        inet.IP(
            src="10.0.1.2",
            dst="10.0.1.1",
            proto=17,
            ttl=9,
            tos=0x10,
            id=0x1234,
            flags="MF",
            frag=8,
            options=[inet.IPOption_Router_Alert()],
        )
        / b"payload"
    )
    assert ours.emit() == bytes(theirs)


@props(50)
@given(packets)
def test_round_trip(packet: Ipv4Packet) -> None:
    data = packet.emit()
    assert ipv4.parse(data) == packet
    assert internet_checksum(data[: packet.header_len]) == 0


@props(40)
@given(st.binary(max_size=80))
def test_parse_raises_only_wire_errors(data: bytes) -> None:
    try:
        ipv4.parse(data)
    except WireError:
        pass


@props(40)
@given(st.integers(0, 15), st.binary(min_size=19, max_size=80), st.booleans())
def test_parse_mutated_header(ihl: int, rest: bytes, fix_checksum: bool) -> None:
    data = bytes((0x40 | ihl,)) + rest
    if fix_checksum and 20 <= ihl * 4 <= len(data):
        data = set_checksum(data[: ihl * 4]) + data[ihl * 4 :]
    try:
        packet = ipv4.parse(data)
    except WireError:
        return
    assert ipv4.parse(packet.emit()) == packet
    if not data[6] & 0x80:  # the reserved flag is ignored, so not re-emitted
        assert packet.emit() == data[: packet.total_len]


@props(200)
@given(st.binary(min_size=19, max_size=19), st.binary(max_size=40), st.booleans())
def test_checksum_check_agrees_with_rfc1071(rest: bytes, payload: bytes, fix: bool) -> None:
    """parse() sums an option-less header from its field values; it must accept exactly
    the headers whose RFC 1071 checksum over the 20 bytes verifies."""
    header = bytes((0x45,)) + rest
    if fix:
        header = set_checksum(header)
    total = int.from_bytes(header[2:4], "big")
    data = header + payload
    verifies = internet_checksum(header) == 0
    try:
        ipv4.parse(data)
    except BadChecksum:
        assert not verifies
        return
    except WireError:                     # a length error, found after the checksum
        assert verifies and not 20 <= total <= len(data)
        return
    assert verifies


@props(200)
@given(st.integers(0, 0xFFFFFFFF), st.integers(0, 0xFFFFFFFF), st.integers(0, 255),
       st.binary(max_size=64), st.integers(1, 255), st.integers(0, 255),
       st.integers(0, 0xFFFF), st.booleans())
def test_build_equals_emit(src: int, dst: int, proto: int, payload: bytes, ttl: int, tos: int,
                           ident: int, df: bool) -> None:
    """The output fast path's header (checksum summed from field values) is emit()'s."""
    built = ipv4.build(src, dst, proto, payload, ttl, tos, ident, df)
    assert built == Ipv4Packet(src, dst, proto, payload, ttl, tos, ident, df).emit()
