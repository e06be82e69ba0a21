"""Flow keys and packet descriptions, from the bytes."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from vnet.trace import flow
from vnet.wire import icmp, stp, udp
from vnet.wire.arp import ArpPacket
from vnet.wire.ethernet import emit_frame
from vnet.wire.ipaddr import ip_from_str
from vnet.wire.ipv4 import Ipv4Packet, build

A, B, R = ip_from_str("10.0.1.1"), ip_from_str("10.0.2.1"), ip_from_str("10.0.1.254")


def _echo(src: int, dst: int, kind: int = 8) -> bytes:
    msg = icmp.echo_request(7, 3, b"x" * 8) if kind == 8 else icmp.echo_reply(7, 3, b"x" * 8)
    return build(src, dst, 1, msg.emit(), 64)


def test_echo_request_and_reply_share_a_key() -> None:
    key = flow.key_of(_echo(A, B), 0)
    assert key == ("echo", A, B, 7, 3) == flow.echo_key(B, A, 7, 3)
    assert flow.key_of(_echo(B, A, 0), 0) == key
    frame = emit_frame(b"\x02" * 6, b"\x04" * 6, 0x0800, _echo(A, B))
    assert flow.key_of(frame, 14) == key


def test_an_icmp_error_has_the_key_of_what_it_quotes() -> None:
    request = _echo(A, B)
    error = build(R, A, 1, icmp.time_exceeded(0, request).emit(), 64)
    assert flow.key_of(error, 0) == flow.key_of(request, 0)
    text = flow.describe(error, 0)
    assert text == "ICMP time exceeded (TTL exceeded in transit) 10.0.1.254 > 10.0.1.1 ttl 64," \
                   " about: ICMP echo request 10.0.1.1 > 10.0.2.1 id 7 seq 3"


def test_udp_and_its_port_unreachable() -> None:
    dgram = udp.UdpDatagram(40000, 33434, b"probe").emit(A, B)
    packet = build(A, B, 17, dgram, 1)
    assert flow.key_of(packet, 0) == flow.udp_key(B, 33434, A, 40000)
    error = build(B, A, 1, icmp.dest_unreach(3, packet).emit(), 64)
    assert flow.key_of(error, 0) == flow.key_of(packet, 0)
    assert flow.describe(packet, 0) == "UDP 10.0.1.1:40000 > 10.0.2.1:33434 ttl 1"


def test_arp() -> None:
    request = ArpPacket(1, b"\x02" * 6, A, b"\x00" * 6, R).emit()
    frame = emit_frame(b"\xff" * 6, b"\x02" * 6, 0x0806, request)
    assert flow.key_of(frame, 14) == ("arp", A, R)
    assert flow.describe(frame, 14) == "ARP who-has 10.0.1.254 tell 10.0.1.1 " \
                                       "[02:02:02:02:02:02 > ff:ff:ff:ff:ff:ff]"


def test_spanning_tree_bpdus_and_other_llc_frames() -> None:
    config = stp.Bpdu(stp.BPDU_TYPE_CONFIG, root_id=stp.make_bridge_id(0x8000, b"\x02" * 6),
                      root_path_cost=4, bridge_id=stp.make_bridge_id(0x1000, b"\x04" * 6),
                      port_id=0x8002, topology_change=True)
    frame = stp.emit_frame(b"\x06" * 6, config)
    assert flow.key_of(frame, 14) == ("stp",)
    assert flow.describe(frame, 14, with_mac=False) == (
        "STP config root 8000.020202020202 cost 4 bridge 1000.040404040404 port 0x8002 [TC]")
    tcn = stp.emit_frame(b"\x06" * 6, stp.Bpdu(stp.BPDU_TYPE_TCN))
    assert flow.describe(tcn, 14, with_mac=False) == "STP TCN BPDU"
    other = b"\x01" * 6 + b"\x06" * 6 + b"\x00\x03" + b"\xaa\xaa\x03"
    assert flow.key_of(other, 14) == ("llc", 0xAA)
    assert flow.describe_key(("llc", 0xAA)) == "802.3 LLC frames, DSAP 0xaa"
    assert flow.describe(other, 14, with_mac=False) == "802.3 LLC frame, DSAP 0xaa, 17 bytes"


def test_fragments() -> None:
    first = Ipv4Packet(A, B, 1, b"y" * 104, ident=9, mf=True).emit()
    ip = flow.ip_from_bytes(first)
    assert ip is not None and flow.first_fragment_key(ip) == ("frag", A, B, 9, 1)
    later = Ipv4Packet(A, B, 1, b"z" * 16, frag_offset=104, ident=9).emit()
    assert flow.key_of(later, 0) == ("frag", A, B, 9, 1)


@given(st.binary(max_size=120), st.sampled_from([0, 14, flow.OFF_NONE]))
def test_garbage_never_raises(data: bytes, off: int) -> None:
    flow.key_of(data, off)
    flow.describe(data, off)
    flow.describe_key(flow.key_of(data, off))
