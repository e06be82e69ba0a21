from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vnet.wire import icmp
from vnet.wire.errors import BadChecksum, Truncated, WireError
from vnet.wire.icmp import (
    DEST_UNREACH,
    ECHO_REPLY,
    ECHO_REQUEST,
    EXC_TTL,
    FRAG_NEEDED,
    PORT_UNREACH,
    QUOTE_MAX,
    TIME_EXCEEDED,
    IcmpPacket,
)

from . import capture
from .capture import ip_of
from .props import props

# The echo request of `ping -c1 -p 6162 -s 24`: type 8, checksum a760, id 0x16ac, seq 1,
# 16 bytes of struct timeval, then the pattern.
ECHO = bytes.fromhex("08 00 a760 16ac 0001 60c8016b00000000 4f35030000000000 6162616261626162")
DATA = ECHO[8:]

packets = st.builds(
    IcmpPacket,
    st.integers(0, 255),
    st.integers(0, 255),
    st.integers(0, 0xFFFFFFFF),
    st.binary(max_size=64),
)


def test_golden_matches_capture() -> None:
    assert ip_of(capture.ECHO_REQUEST)[20:] == ECHO


def test_parse_golden() -> None:
    packet = icmp.parse(ECHO)
    assert packet == IcmpPacket(ECHO_REQUEST, 0, 0x16AC0001, DATA)
    assert (packet.ident, packet.seq) == (0x16AC, 1)
    assert not packet.is_error


def test_emit_golden() -> None:
    assert icmp.echo_request(0x16AC, 1, DATA).emit() == ECHO


def test_echo_reply_matches_linux() -> None:
    request = icmp.parse(ip_of(capture.ECHO_REQUEST)[20:])
    reply = icmp.echo_reply(request.ident, request.seq, request.payload)
    assert reply.emit() == ip_of(capture.ECHO_REPLY)[20:]
    assert icmp.parse(reply.emit()).type == ECHO_REPLY


def test_time_exceeded_matches_linux() -> None:
    # r's answer to a TTL-1 ping: the whole 44-byte datagram is quoted.
    error = icmp.time_exceeded(EXC_TTL, ip_of(capture.ECHO_TTL1))
    assert error.emit() == ip_of(capture.TIME_EXCEEDED)[20:]
    parsed = icmp.parse(ip_of(capture.TIME_EXCEEDED)[20:])
    assert (parsed.type, parsed.code, parsed.rest) == (TIME_EXCEEDED, EXC_TTL, 0)
    assert parsed.is_error


def test_frag_needed_matches_linux() -> None:
    # 1428-byte datagram with DF towards a 1280-byte link: 576-byte error, 548-byte quote.
    error = icmp.dest_unreach(FRAG_NEEDED, ip_of(capture.ECHO_BIG_DF), mtu=1280)
    kernel = ip_of(capture.FRAG_NEEDED)
    assert len(kernel) == icmp.ERROR_MAX_LEN
    assert error.emit() == kernel[20:]
    parsed = icmp.parse(kernel[20:])
    assert (parsed.type, parsed.code, parsed.next_hop_mtu) == (DEST_UNREACH, FRAG_NEEDED, 1280)
    assert len(parsed.payload) == QUOTE_MAX == 548


@pytest.mark.parametrize(
    ("original", "error"),
    [
        (capture.UDP_HELLO, capture.PORT_UNREACH_HELLO),
        (capture.UDP_1K, capture.PORT_UNREACH_1K),
        (capture.UDP_CSUM_FFFF, capture.PORT_UNREACH_FFFF),
    ],
)
def test_port_unreachable_matches_linux(original: int, error: int) -> None:
    assert icmp.dest_unreach(PORT_UNREACH, ip_of(original)).emit() == ip_of(error)[20:]


def test_quote_drops_ethernet_padding() -> None:
    # The 38-byte datagram arrives padded to 46 bytes of Ethernet payload; Linux trims
    # the padding in ip_rcv, so the error quotes exactly 38 bytes.
    padded = ip_of(capture.UDP_HELLO) + bytes(8)
    error = icmp.dest_unreach(PORT_UNREACH, padded)
    assert error.emit() == ip_of(capture.PORT_UNREACH_HELLO)[20:]
    assert icmp.quote(b"\x45\x00\x00\x03" + bytes(30)) == b"\x45\x00\x00\x03" + bytes(30)


def test_quote_room() -> None:
    original = bytes(range(256)) * 4
    assert icmp.quote(original) == original[:548]
    assert icmp.quote(original[:28]) == original[:28]
    assert icmp.time_exceeded(EXC_TTL, original, room=100).payload == original[:100]
    with pytest.raises(ValueError):
        icmp.dest_unreach(FRAG_NEEDED, original, mtu=0x10000)


def test_errors() -> None:
    for n in range(8):
        with pytest.raises(Truncated):
            icmp.parse(ECHO[:n])
    bad = ECHO[:-1] + b"\x00"
    with pytest.raises(BadChecksum):
        icmp.parse(bad)
    assert icmp.parse(bad, verify_checksum=False).payload == DATA[:-1] + b"\x00"
    with pytest.raises(ValueError):
        IcmpPacket(256, 0, 0, b"").emit()


def test_constants_follow_linux_icmp_h() -> None:
    names = [
        "NET_UNREACH", "HOST_UNREACH", "PROT_UNREACH", "PORT_UNREACH", "FRAG_NEEDED",
        "SR_FAILED", "NET_UNKNOWN", "HOST_UNKNOWN", "HOST_ISOLATED", "NET_ANO", "HOST_ANO",
        "NET_UNR_TOS", "HOST_UNR_TOS", "PKT_FILTERED", "PREC_VIOLATION", "PREC_CUTOFF",
    ]  # fmt: skip
    assert [getattr(icmp, name) for name in names] == list(range(16))
    assert icmp.PROTO_UNREACH == icmp.PROT_UNREACH == 2
    assert (icmp.ECHO_REPLY, icmp.DEST_UNREACH, icmp.ECHO_REQUEST, icmp.TIME_EXCEEDED) == (
        0, 3, 8, 11,
    )  # fmt: skip
    assert (icmp.EXC_TTL, icmp.EXC_FRAGTIME) == (0, 1)


def test_scapy_agrees() -> None:
    inet = pytest.importorskip("scapy.layers.inet")
    pkt = inet.ICMP(ECHO)
    assert (pkt.type, pkt.code, pkt.id, pkt.seq, pkt.chksum) == (8, 0, 0x16AC, 1, 0xA760)
    built = inet.ICMP(type=0, id=0x1234, seq=7) / b"hello"
    assert icmp.echo_reply(0x1234, 7, b"hello").emit() == bytes(built)
    unreach = inet.ICMP(icmp.dest_unreach(FRAG_NEEDED, ip_of(capture.ECHO_BIG_DF), 1280).emit())
    assert (unreach.type, unreach.code, unreach.nexthopmtu) == (3, 4, 1280)


@props(50)
@given(packets)
def test_round_trip(packet: IcmpPacket) -> None:
    assert icmp.parse(packet.emit()) == packet


@props(40)
@given(st.integers(0, 0xFFFF), st.integers(0, 0xFFFF), st.binary(max_size=64))
def test_echo_fields(ident: int, seq: int, data: bytes) -> None:
    packet = icmp.parse(icmp.echo_request(ident, seq, data).emit())
    assert (packet.type, packet.ident, packet.seq, packet.payload) == (
        ECHO_REQUEST,
        ident,
        seq,
        data,
    )


@props(40)
@given(st.binary(max_size=64), st.booleans())
def test_parse_raises_only_wire_errors(data: bytes, verify: bool) -> None:
    try:
        icmp.parse(data, verify_checksum=verify)
    except WireError:
        pass
