from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vnet.wire import icmpv6, ipv6
from vnet.wire.errors import BadChecksum, Malformed, Truncated, WireError
from vnet.wire.icmpv6 import (
    ECHO_REPLY,
    ECHO_REQUEST,
    EXC_HOPLIMIT,
    MLD2_CHANGE_TO_EXCLUDE,
    ND_OPT_NONCE,
    ND_OPT_SOURCE_LL_ADDR,
    ND_OPT_TARGET_LL_ADDR,
    NEIGHBOUR_SOLICITATION,
    PORT_UNREACH,
    Icmpv6Packet,
)
from vnet.wire.ipv6 import Ipv6Packet, ip6_from_str

from .capture import load
from .props import props

FRAMES = load("ipv6")
A = ip6_from_str("2001:db8:1::2")
R = ip6_from_str("2001:db8:1::1")
A_MAC = bytes.fromhex("02000000000a")
R_MAC = bytes.fromhex("02000000010a")
UNSPEC = 0
ALL_MLDV2_ROUTERS = ip6_from_str("ff02::16")

packets = st.builds(
    Icmpv6Packet,
    st.integers(0, 255),
    st.integers(0, 255),
    st.integers(0, 2**32 - 1),
    st.binary(max_size=64),
)


def ip_of(index: int) -> Ipv6Packet:
    return ipv6.parse(FRAMES[index][14:])


def icmp_of(index: int) -> tuple[Ipv6Packet, Icmpv6Packet]:
    packet = ip_of(index)
    proto, offset = ipv6.skip_ext_headers(packet.next_header, packet.payload)
    assert proto == 58
    return packet, icmpv6.parse(packet.payload[offset:], packet.src, packet.dst)


def test_echo_golden() -> None:
    ip, msg = icmp_of(12)
    assert (msg.type, msg.code, msg.ident, msg.seq) == (ECHO_REQUEST, 0, 0x16A2, 1)
    assert icmpv6.echo_request(0x16A2, 1, msg.payload).emit(A, R) == ip.payload
    reply_ip, reply = icmp_of(13)
    assert reply.type == ECHO_REPLY
    assert icmpv6.echo_reply(msg.ident, msg.seq, msg.payload).emit(R, A) == reply_ip.payload


def test_errors_match_linux() -> None:
    # Hop limit exceeded at r: the whole 64-byte packet is quoted.
    assert icmpv6.time_exceeded(EXC_HOPLIMIT, FRAMES[14][14:]).emit(R, A) == ip_of(15).payload
    # Packet too big: 1280-byte error, quote capped at 1232 bytes (RFC 4443 2.4 (c)).
    too_big = icmpv6.packet_too_big(1280, FRAMES[16][14:])
    assert too_big.emit(R, A) == ip_of(17).payload
    assert len(ip_of(17).emit()) == 1280 and icmp_of(17)[1].mtu == 1280
    # Port unreachable for a small datagram.
    assert icmpv6.dest_unreach(PORT_UNREACH, FRAMES[18][14:]).emit(R, A) == ip_of(19).payload
    assert icmp_of(19)[1].is_error


def test_port_unreachable_quotes_the_reassembled_packet() -> None:
    first, last = ip_of(20), ip_of(21)
    data = first.payload[8:] + last.payload[8:]
    whole = first._replace(next_header=17, payload=data).emit()
    error = icmpv6.dest_unreach(PORT_UNREACH, whole + bytes(6))  # padding is not quoted
    assert error.emit(R, A) == ip_of(22).payload


def test_neighbour_discovery_matches_linux() -> None:
    # DAD probe: from ::, to the solicited-node group, with a nonce option (RFC 7527).
    ip, msg = icmp_of(2)
    target = icmpv6.nd_target(msg)
    assert target == ip6_from_str("fe80::ff:fe00:a") and ip.src == UNSPEC
    options = icmpv6.parse_nd_options(msg.payload[16:])
    assert [kind for kind, _ in options] == [ND_OPT_NONCE]
    built = icmpv6.neighbour_solicitation(target, icmpv6.nd_option(ND_OPT_NONCE, options[0][1]))
    assert built.emit(ip.src, ip.dst) == ip.payload
    # Address resolution: NS with the source link-layer address, NA with R, S and O set.
    ip, msg = icmp_of(10)
    ns = icmpv6.neighbour_solicitation(R, icmpv6.lladdr_option(ND_OPT_SOURCE_LL_ADDR, A_MAC))
    assert ns.emit(A, ip.dst) == ip.payload and msg.type == NEIGHBOUR_SOLICITATION
    ip, msg = icmp_of(11)
    na = icmpv6.neighbour_advertisement(
        R,
        icmpv6.lladdr_option(ND_OPT_TARGET_LL_ADDR, R_MAC),
        router=True,
        solicited=True,
        override=True,
    )
    assert na.emit(R, A) == ip.payload
    # Router solicitation from the link-local address.
    ip, msg = icmp_of(5)
    rs = icmpv6.router_solicitation(icmpv6.lladdr_option(ND_OPT_SOURCE_LL_ADDR, A_MAC))
    assert rs.emit(ip.src, ip.dst) == ip.payload


def test_mld2_report_matches_linux() -> None:
    ip, msg = icmp_of(0)
    records = [
        (MLD2_CHANGE_TO_EXCLUDE, ip6_from_str("ff02::1:ff00:a"), []),
        (MLD2_CHANGE_TO_EXCLUDE, ip6_from_str("ff02::1:ff00:2"), []),
    ]
    assert icmpv6.parse_mld2_records(msg) == records
    report = icmpv6.mld2_report(records).emit(UNSPEC, ALL_MLDV2_ROUTERS)
    whole = Ipv6Packet(
        UNSPEC, ALL_MLDV2_ROUTERS, 0, ipv6.router_alert_hbh(58) + report, hop_limit=1
    )
    assert whole.emit() == FRAMES[0][14:]
    with_sources = icmpv6.mld2_report([(1, ALL_MLDV2_ROUTERS, [A, R])])
    assert icmpv6.parse_mld2_records(with_sources) == [(1, ALL_MLDV2_ROUTERS, [A, R])]
    with pytest.raises(Truncated):
        icmpv6.parse_mld2_records(with_sources._replace(payload=with_sources.payload[:-1]))


def test_nd_options() -> None:
    assert icmpv6.nd_option(ND_OPT_NONCE, b"123456") == b"\x0e\x01123456"
    assert icmpv6.nd_option(5, b"\x00\x00\x00\x00\x05\xdc") == bytes.fromhex("0501 0000 000005dc")
    assert len(icmpv6.nd_option(25, bytes(22))) == 24
    with pytest.raises(Malformed):
        icmpv6.parse_nd_options(b"\x01\x00" + bytes(6))  # length zero
    with pytest.raises(Malformed):
        icmpv6.parse_nd_options(b"\x01\x02" + bytes(6))  # runs past the end
    with pytest.raises(Malformed):
        icmpv6.parse_nd_options(b"\x01")
    with pytest.raises(Truncated):
        icmpv6.nd_target(Icmpv6Packet(NEIGHBOUR_SOLICITATION, 0, 0, bytes(15)))
    with pytest.raises(ValueError):
        icmpv6.lladdr_option(1, bytes(5))


def test_parse_errors() -> None:
    ip, _msg = icmp_of(12)
    for n in range(8):
        with pytest.raises(Truncated):
            icmpv6.parse(ip.payload[:n])
    with pytest.raises(BadChecksum):
        icmpv6.parse(ip.payload, A, A)
    assert icmpv6.parse(ip.payload[:-1] + b"x").payload.endswith(b"x")  # no addresses
    with pytest.raises(ValueError):
        Icmpv6Packet(256, 0, 0, b"").emit(A, R)


def test_scapy_agrees() -> None:
    inet6 = pytest.importorskip("scapy.layers.inet6")
    ns = inet6.IPv6(FRAMES[10][14:])
    assert ns[inet6.ICMPv6ND_NS].tgt == "2001:db8:1::1"
    assert ns[inet6.ICMPv6NDOptSrcLLAddr].lladdr == "02:00:00:00:00:0a"
    theirs = inet6.IPv6(src="2001:db8::1", dst="2001:db8::2") / inet6.ICMPv6EchoRequest(
        id=7, seq=9, data=b"abc"
    )
    ours = icmpv6.echo_request(7, 9, b"abc").emit(
        ip6_from_str("2001:db8::1"), ip6_from_str("2001:db8::2")
    )
    assert ours == bytes(theirs)[40:]


@props(50)
@given(packets, st.integers(0, 2**128 - 1), st.integers(0, 2**128 - 1))
def test_round_trip(packet: Icmpv6Packet, src: int, dst: int) -> None:
    assert icmpv6.parse(packet.emit(src, dst), src, dst) == packet


@props(40)
@given(st.binary(max_size=64))
def test_parse_raises_only_wire_errors(data: bytes) -> None:
    try:
        msg = icmpv6.parse(data, A, R)
    except WireError:
        msg = icmpv6.parse(data) if len(data) >= 8 else None
    if msg is None:
        return
    for func in (icmpv6.parse_nd_options, lambda d: icmpv6.parse_mld2_records(msg)):
        try:
            func(msg.payload)
        except WireError:
            pass
