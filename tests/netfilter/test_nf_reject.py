"""REJECT answers: ICMP unreachable codes and the TCP RST of --reject-with tcp-reset."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from nfworld import run  # noqa: E402

from vnet.transport.raw import RawSocket  # noqa: E402
from vnet.wire import tcp as tcpwire  # noqa: E402

PAIR = """
ip netns add a
ip netns add b
ip link add a0 netns a type veth peer name b0 netns b
ip -n a addr add 10.0.0.1/24 dev a0
ip -n b addr add 10.0.0.2/24 dev b0
ip -n a link set a0 up
ip -n b link set b0 up
sleep 1
"""
A, B = 0x0A000001, 0x0A000002


def test_tcp_reset_answers_a_syn() -> None:
    _, world = run(PAIR + "ip netns exec b iptables -A INPUT -p tcp --dport 80 "
                   "-j REJECT --reject-with tcp-reset\n")
    ns = {n.name: n for n in world.all_namespaces()}
    got = []
    sock = RawSocket(ns["a"].ipv4, 6, lambda ip, dev: got.append((ip.src, ip.ttl, ip.df,
                                                                  tcpwire.parse(ip.payload))))
    syn = tcpwire.TcpSegment(40000, 80, 1000, 0, tcpwire.SYN, 64240)
    assert sock.sendto(B, syn.emit(A, B)) is None
    world.run_for(1)
    assert len(got) == 1
    src, ttl, df, seg = got[-1]
    assert (src, ttl, df) == (B, 64, True)
    assert (seg.sport, seg.dport, seg.seq, seg.ack) == (80, 40000, 0, 1001)
    assert seg.flags == tcpwire.RST | tcpwire.ACK
    nf = ns["b"].ipv4.nf
    assert nf.tables["filter"].chains["INPUT"].rules[0].pkts == 1


def test_reject_is_a_named_drop() -> None:
    _, world = run(PAIR + "ip netns exec b iptables -A INPUT -p icmp -j REJECT\n"
                   "ip netns exec a ping -c 1 -W 1 10.0.0.2\n")
    b = next(n for n in world.all_namespaces() if n.name == "b")
    assert b.drops.get("NETFILTER_DROP") == 1
