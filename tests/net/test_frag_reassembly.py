"""Fragmentation and reassembly (RFC 791 3.2, RFC 815; ip_fragment.c): fragments in any
order, duplicates, overlaps, bad lengths, and the reassembly timeout's ICMP error."""

from __future__ import annotations

from vnet.net import ipv4_output
from vnet.transport.raw import RawSocket
from vnet.wire import ethernet
from vnet.wire import icmp as icmpwire
from vnet.wire import ipv4 as ipwire
from vnet.wire.ipaddr import ip_from_str

A, B = ip_from_str("10.0.0.1"), ip_from_str("10.0.0.2")


def datagram(size: int = 2000, ident: int = 0x55, seq: int = 1) -> bytes:
    data = bytes(i & 0xFF for i in range(size))
    payload = icmpwire.echo_request(0x1234, seq, data).emit()
    return ipwire.Ipv4Packet(A, B, 1, payload, ident=ident).emit()


def fragments(packet: bytes, mtu: int = 600) -> list[bytes]:
    return ipv4_output.fragment(packet, mtu)


def deliver(lab, pieces: list[bytes]) -> None:  # type: ignore[no-untyped-def]
    v0, v1 = lab.dev["veth0"], lab.dev["veth1"]
    for piece in pieces:
        v1.receive(ethernet.emit_frame(v1.mac, v0.mac, 0x0800, piece))
        lab.world.settle()


def echo_requests_seen(lab) -> list[ipwire.Ipv4Packet]:  # type: ignore[no-untyped-def]
    got: list[ipwire.Ipv4Packet] = []
    RawSocket(lab.ns["b"].ipv4, 1, lambda ip, dev: got.append(ip))
    return got


def test_fragment_sizes_are_multiples_of_8() -> None:
    pieces = [ipwire.parse(p) for p in fragments(datagram(2000), 600)]
    assert [(p.frag_offset, len(p.payload), p.mf) for p in pieces] == \
        [(0, 576, True), (576, 576, True), (1152, 576, True), (1728, 280, False)]
    assert all(p.ident == 0x55 for p in pieces)


def test_out_of_order_reassembles(two_hosts) -> None:
    got = echo_requests_seen(two_hosts)
    pieces = fragments(datagram())
    deliver(two_hosts, [pieces[2], pieces[0], pieces[3], pieces[1]])
    assert len(got) == 1
    whole = got[0]
    assert (whole.mf, whole.frag_offset, len(whole.payload)) == (False, 0, 2008)
    assert whole.payload == ipwire.parse(datagram()).payload
    assert two_hosts.ns["b"].ipv4.snmp["ReasmOKs"] == 1
    assert two_hosts.ns["b"].ipv4.frags == {}


def test_duplicates_are_dropped_alone(two_hosts) -> None:
    got = echo_requests_seen(two_hosts)
    pieces = fragments(datagram())
    deliver(two_hosts, [pieces[0], pieces[0], pieces[1], pieces[1], pieces[2], pieces[3]])
    assert len(got) == 1
    assert two_hosts.ns["b"].drops["DUP_FRAG"] == 2


def test_a_fragment_inside_an_in_order_run_is_a_duplicate(two_hosts) -> None:
    got = echo_requests_seen(two_hosts)
    whole = datagram()
    pieces = fragments(whole)
    inner = ipwire.parse(whole)
    # bytes 200..400 of the data, already held by the run [0, 1152)
    sub = inner._replace(payload=inner.payload[200:400], frag_offset=200, mf=True).emit()
    deliver(two_hosts, [pieces[0], pieces[1], sub, pieces[2], pieces[3]])
    assert len(got) == 1 and two_hosts.ns["b"].drops["DUP_FRAG"] == 1


def test_partial_overlap_kills_the_datagram(two_hosts) -> None:
    got = echo_requests_seen(two_hosts)
    whole = datagram()
    pieces = fragments(whole)
    inner = ipwire.parse(whole)
    overlap = inner._replace(payload=inner.payload[400:800], frag_offset=400, mf=True).emit()
    deliver(two_hosts, [pieces[0], overlap])
    stack = two_hosts.ns["b"].ipv4
    assert stack.frags == {} and stack.snmp["ReasmOverlaps"] == 1
    deliver(two_hosts, pieces[1:])               # a new queue, never complete
    assert got == []


def test_non_final_length_cut_to_8_and_bad_final_length(two_hosts) -> None:
    got = echo_requests_seen(two_hosts)
    inner = ipwire.parse(datagram(100))
    first = inner._replace(payload=inner.payload[:61], mf=True).emit()   # 61 -> 56 kept
    rest = inner._replace(payload=inner.payload[56:], frag_offset=56).emit()
    deliver(two_hosts, [first, rest])
    assert len(got) == 1 and got[0].payload == inner.payload
    # a last fragment ending before data already held
    inner2 = ipwire.parse(datagram(100, ident=0x66))
    deliver(two_hosts, [inner2._replace(payload=inner2.payload[64:], frag_offset=64,
                                        mf=True).emit(),
                        inner2._replace(payload=inner2.payload[8:24], frag_offset=8).emit()])
    assert two_hosts.ns["b"].drops["IP_FRAG_BAD_LENGTH"] == 1


def test_timeout_sends_time_exceeded_only_with_the_first_fragment(two_hosts) -> None:
    lab = two_hosts
    errors: list[icmpwire.IcmpPacket] = []
    RawSocket(lab.ns["a"].ipv4, 1, lambda ip, dev: errors.append(icmpwire.parse(ip.payload)))
    deliver(lab, fragments(datagram(ident=1))[:2])           # has offset 0
    deliver(lab, fragments(datagram(ident=2))[1:])           # has not
    lab.world.run_for(29.9)
    assert errors == []
    lab.world.run_for(0.2)
    assert [(m.type, m.code) for m in errors] == [(icmpwire.TIME_EXCEEDED, 1)]
    quoted = ipwire.parse_quoted(errors[0].payload)
    assert (quoted.ident, quoted.frag_offset, quoted.mf) == (1, 0, True)
    stack = lab.ns["b"].ipv4
    assert stack.snmp["ReasmTimeout"] == 2 and stack.frags == {}


def test_ping_larger_than_the_mtu_end_to_end(two_hosts) -> None:
    p = two_hosts.pinger("a")
    request = icmpwire.echo_request(p.ident, 1, bytes(4000)).emit()
    assert p.sock.sendto(B, request, df=False) is None
    two_hosts.world.run_for(1)
    assert [seq for _, _, seq in p.replies] == [1]
    assert two_hosts.ns["b"].ipv4.snmp["ReasmOKs"] == 1
    assert two_hosts.ns["a"].ipv4.snmp["ReasmOKs"] == 1
