"""Conntrack states and timeouts on the virtual clock."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from nfworld import routed, run  # noqa: E402

from vnet.netfilter.conntrack import ESTABLISHED, NEW, RELATED, ConntrackTable  # noqa: E402
from vnet.sim import new_world  # noqa: E402
from vnet.wire import ipv4 as ipwire  # noqa: E402
from vnet.wire import udp as udpwire  # noqa: E402

A, B = 0x0A000002, 0xC0A80164


def _udp(src: int, dst: int, sport: int, dport: int) -> bytes:
    return ipwire.build(src, dst, 17, udpwire.UdpDatagram(sport, dport, b"").emit(src, dst))


def test_new_then_established_then_expiry() -> None:
    world = new_world(seed=1)
    ct = ConntrackTable(world.init_ns.ipv4)
    conn, direction, state = ct.classify(_udp(A, B, 5000, 53), 20)
    assert (direction, state) == (0, NEW)
    assert conn is not None
    _, direction, state = ct.classify(_udp(B, A, 53, 5000), 20)
    assert (direction, state) == (1, ESTABLISHED)
    _, direction, state = ct.classify(_udp(A, B, 5000, 53), 20)
    assert (direction, state) == (0, ESTABLISHED)
    world.run_for(29)
    assert len(ct.entries()) == 1
    world.run_for(2)
    assert ct.entries() == []                  # nf_conntrack_udp_timeout: 30 s


def test_udp_stream_timeout_after_two_seconds() -> None:
    world = new_world(seed=1)
    ct = ConntrackTable(world.init_ns.ipv4)
    ct.classify(_udp(A, B, 5000, 53), 20)
    ct.classify(_udp(B, A, 53, 5000), 20)
    world.run_for(3)
    conn, _, _ = ct.classify(_udp(A, B, 5000, 53), 20)
    assert conn is not None and conn.assured
    world.run_for(100)
    assert len(ct.entries()) == 1              # nf_conntrack_udp_timeout_stream: 120 s


def test_icmp_error_is_related() -> None:
    world = new_world(seed=1)
    ct = ConntrackTable(world.init_ns.ipv4)
    orig = _udp(A, B, 5000, 53)
    ct.classify(orig, 20)
    error = ipwire.build(B, A, 1, bytes((3, 3, 0, 0, 0, 0, 0, 0)) + orig[:28])
    conn, direction, state = ct.classify(error, 20)
    assert conn is not None and state == RELATED and direction == 1


def test_conntrack_listing_and_flush() -> None:
    out, world = routed(
        "ip netns exec router iptables -t nat -A POSTROUTING -o r1 -j MASQUERADE\n"
        "ip netns exec inner ping -c 1 192.168.1.100 > /dev/null\n"
        "ip netns exec router conntrack -L\n")
    assert "icmp     1 29 src=10.0.0.2 dst=192.168.1.100 type=8 code=0 id=" in out
    assert "dst=192.168.1.1 type=0 code=0 id=" in out
    assert "conntrack v1.4.7 (conntrack-tools): 1 flow entries have been shown." in out
    out, _ = run("sleep 31\nip netns exec router conntrack -L\n", world)
    assert "0 flow entries have been shown" in out


def test_stateful_firewall_blocks_new_inbound() -> None:
    out, _ = routed(
        "ip netns exec router iptables -A FORWARD -m state --state ESTABLISHED,RELATED -j ACCEPT\n"
        "ip netns exec router iptables -A FORWARD -i r0 -j ACCEPT\n"
        "ip netns exec router iptables -P FORWARD DROP\n"
        "ip -n outer route add 10.0.0.0/24 via 192.168.1.1\n"
        "ip netns exec inner ping -c 1 192.168.1.100 | grep received\n"
        "ip netns exec outer ping -c 1 -W 1 10.0.0.2 | grep received\n")
    lines = out.splitlines()
    assert lines[0].startswith("1 packets transmitted, 1 received")
    assert lines[1].startswith("1 packets transmitted, 0 received")


def test_tcp_states_through_a_close() -> None:
    from vnet.netfilter.conntrack import tcp_next

    SYN, ACK, FIN, RST = 0x02, 0x10, 0x01, 0x04
    state = tcp_next("", 0, SYN)
    assert state == "SYN_SENT"
    state = tcp_next(state, 1, SYN | ACK)
    assert state == "SYN_RECV"
    state = tcp_next(state, 0, ACK)
    assert state == "ESTABLISHED"
    state = tcp_next(state, 0, FIN | ACK)
    assert state == "FIN_WAIT"
    state = tcp_next(state, 1, ACK)
    assert state == "CLOSE_WAIT"
    state = tcp_next(state, 1, FIN | ACK)
    assert state == "LAST_ACK"
    state = tcp_next(state, 0, ACK)
    assert state == "TIME_WAIT"
    assert tcp_next("ESTABLISHED", 1, RST) == "CLOSE"


def test_rst_as_only_answer_removes_the_entry() -> None:
    from vnet.wire import tcp as tcpwire

    world = new_world(seed=1)
    ct = ConntrackTable(world.init_ns.ipv4)
    syn = tcpwire.TcpSegment(40000, 80, 1, 0, tcpwire.SYN, 1000).emit(A, B)
    rst = tcpwire.TcpSegment(80, 40000, 0, 2, tcpwire.RST | tcpwire.ACK, 0).emit(B, A)
    ct.classify(ipwire.build(A, B, 6, syn), 20)
    assert len(ct.entries()) == 1
    ct.classify(ipwire.build(B, A, 6, rst), 20)
    assert ct.entries() == []


def test_random_packets_through_a_nat_router_never_raise() -> None:
    import random

    from vnet.wire.ethernet import ETH_P_IP, emit_frame

    _, world = routed(
        "ip netns exec router iptables -t nat -A POSTROUTING -o r1 -j MASQUERADE\n"
        "ip netns exec router iptables -t nat -A PREROUTING -i r1 -p udp "
        "-j DNAT --to-destination 10.0.0.2:99\n"
        "ip netns exec router iptables -t nat -A PREROUTING -i r1 -p icmp "
        "-j DNAT --to-destination 10.0.0.2\n"
        "ip netns exec router iptables -A FORWARD -m state --state INVALID -j LOG\n"
        "ip netns exec inner ping -c 1 192.168.1.100 >/dev/null\n")
    ns = {n.name: n for n in world.all_namespaces()}
    o0, r1 = ns["outer"].get("o0"), ns["router"].get("r1")
    i0, r0 = ns["inner"].get("i0"), ns["router"].get("r0")
    assert o0 and r1 and i0 and r0
    rng = random.Random(7)
    for k in range(1500):
        proto = rng.choice([1, 6, 17, 2, 47])
        body = rng.randbytes(rng.randrange(0, 60))
        if proto == 1 and rng.random() < 0.5:
            inner = ipwire.build(0xC0A80101, 0xC0A80164, rng.choice([1, 6, 17]),
                                 rng.randbytes(rng.randrange(0, 20)))
            body = bytes((rng.choice([3, 11, 0, 8]), rng.randrange(4), 0, 0, 0, 0, 0, 0)) + \
                inner[:rng.randrange(0, len(inner) + 1)]
        src, dst = (0xC0A80164, 0xC0A80101) if k % 2 else (0x0A000002, 0xC0A80164)
        frag = rng.random() < 0.1
        pkt = ipwire.Ipv4Packet(src, dst, proto, body, ident=rng.getrandbits(16),
                                mf=frag and rng.random() < 0.5,
                                frag_offset=rng.randrange(0, 100) * 8 if frag else 0).emit()
        dev, peer = (o0, r1) if k % 2 else (i0, r0)
        dev.xmit(emit_frame(peer.mac, dev.mac, ETH_P_IP, pkt))
        world.run_for(0.0005)


def test_tcp_entries_start_with_a_syn_or_a_midstream_ack() -> None:
    from vnet.wire import tcp as tcpwire

    world = new_world(seed=1)
    ct = ConntrackTable(world.init_ns.ipv4)
    for flags, tracked in ((tcpwire.SYN | tcpwire.ACK, False), (tcpwire.FIN, False),
                           (0, False), (tcpwire.ACK, True), (tcpwire.SYN, True)):
        seg = tcpwire.TcpSegment(40000 + flags, 80, 1, 0, flags, 1000).emit(A, B)
        conn, _, _ = ct.classify(ipwire.build(A, B, 6, seg), 20)
        assert (conn is not None) == tracked, flags
