"""ICMP echo and the ICMP error rules of RFC 1122 3.2.2 at a host."""

from vnet.wire import ethernet
from vnet.wire import icmp as icmpwire
from vnet.wire import ipv4 as ipwire
from vnet.wire.ipaddr import ip_from_str


def test_echo_reply_mirrors_id_seq_and_data(two_hosts) -> None:
    lab = two_hosts
    got = []
    def spy(_dev, frame: bytes) -> None:  # type: ignore[no-untyped-def]
        if frame[12:14] == b"\x08\x00":
            got.append(ipwire.parse(frame[14:]))

    lab.dev["veth1"].tx_tap = spy
    p = lab.pinger("a", ident=0xBEEF)
    p.send("10.0.0.2", 42, size=100)
    lab.world.run_for(1)
    assert [seq for _, _, seq in p.replies] == [42]
    reply = got[0]
    assert (reply.src, reply.dst, reply.ttl) == (ip_from_str("10.0.0.2"), ip_from_str("10.0.0.1"), 64)
    msg = icmpwire.parse(reply.payload)
    assert (msg.type, msg.ident, msg.seq, len(msg.payload)) == (0, 0xBEEF, 42, 100)


def test_bad_ip_checksum_is_dropped_silently(two_hosts) -> None:
    lab = two_hosts
    p = lab.pinger("a")
    p.send("10.0.0.2", 1)
    lab.world.run_for(1)
    v0, v1 = lab.dev["veth0"], lab.dev["veth1"]
    good = ipwire.Ipv4Packet(ip_from_str("10.0.0.1"), ip_from_str("10.0.0.2"), 1,
                             icmpwire.echo_request(0x1234, 2, b"x").emit()).emit()
    bad = good[:10] + bytes([good[10] ^ 0xFF]) + good[11:]
    v1.receive(ethernet.emit_frame(v1.mac, v0.mac, 0x0800, bad))
    lab.world.run_for(1)
    assert [seq for _, _, seq in p.replies] == [1]
    assert lab.ns["b"].drops["IP_CSUM"] == 1


def test_no_route_is_enetunreach_and_nothing_sent(two_hosts) -> None:
    lab = two_hosts
    p = lab.pinger("a")
    before = lab.dev["veth0"].stats.tx_packets
    assert p.send("192.168.9.9", 1) == "ENETUNREACH"
    assert lab.dev["veth0"].stats.tx_packets == before


def test_host_does_not_forward_and_sends_no_error(two_hosts) -> None:
    lab = two_hosts
    v0, v1 = lab.dev["veth0"], lab.dev["veth1"]
    pkt = ipwire.Ipv4Packet(ip_from_str("10.0.0.1"), ip_from_str("10.9.9.9"), 1,
                            icmpwire.echo_request(1, 1, b"").emit()).emit()
    tx = v1.stats.tx_packets
    v1.receive(ethernet.emit_frame(v1.mac, v0.mac, 0x0800, pkt))
    lab.world.run_for(1)
    assert lab.ns["b"].drops["IP_INADDRERRORS"] == 1
    assert v1.stats.tx_packets == tx


def test_echo_to_broadcast_ignored_by_default(two_hosts) -> None:
    lab = two_hosts
    p = lab.pinger("a")
    p.send("10.0.0.255", 1)
    lab.world.run_for(1)
    assert p.replies == []
    assert lab.ns["b"].drops["ICMP_ECHO_IGNORED"] == 1


def test_echo_reply_checksum_for_any_code_and_data(two_hosts) -> None:
    """The reply's checksum is updated incrementally from the request's (RFC 1624); it
    must equal a full recomputation whatever the code, data and request checksum."""
    import random

    from vnet.wire.checksum import internet_checksum

    lab = two_hosts
    got: list[bytes] = []
    v0, v1 = lab.dev["veth0"], lab.dev["veth1"]
    def spy(_dev, frame: bytes) -> None:  # type: ignore[no-untyped-def]
        if frame[12:14] == b"\x08\x00" and frame[14 + 9] == 1:
            got.append(ipwire.parse(frame[14:]).payload)

    v1.tx_tap = spy
    rng = random.Random(7)
    cases = [(0, 0, b""), (0, 0, b"\x00" * 8), (255, 0, b"\xff" * 9), (3, 1, b"\x00" * 64)]
    cases += [(rng.randrange(256), rng.getrandbits(32), rng.randbytes(rng.randrange(0, 70)))
              for _ in range(300)]
    for code, rest, data in cases:
        request = icmpwire.IcmpPacket(8, code, rest, data).emit()
        pkt = ipwire.Ipv4Packet(ip_from_str("10.0.0.1"), ip_from_str("10.0.0.2"), 1,
                                request).emit()
        v1.receive(ethernet.emit_frame(v1.mac, v0.mac, 0x0800, pkt))
        lab.world.run_for(0.001)
        reply = got.pop()
        assert reply[0] == 0 and reply[1] == code and reply[4:] == request[4:]
        assert internet_checksum(reply[:2] + b"\0\0" + reply[4:]) == \
            int.from_bytes(reply[2:4], "big")
