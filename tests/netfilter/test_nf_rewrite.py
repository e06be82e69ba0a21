"""NAT's incremental checksum rewrite gives the bytes a from-scratch build gives."""

from __future__ import annotations

import random

from vnet.netfilter.nat import DST, SRC, rewrite
from vnet.wire import icmp as icmpwire
from vnet.wire import ipv4 as ipwire
from vnet.wire import tcp as tcpwire
from vnet.wire import udp as udpwire


def _udp(src: int, dst: int, sport: int, dport: int, data: bytes) -> bytes:
    return ipwire.build(src, dst, 17, udpwire.UdpDatagram(sport, dport, data).emit(src, dst),
                        ident=7)


def _tcp(src: int, dst: int, sport: int, dport: int, data: bytes) -> bytes:
    seg = tcpwire.TcpSegment(sport, dport, 1, 2, tcpwire.ACK, 500, data)
    return ipwire.build(src, dst, 6, seg.emit(src, dst), ident=7)


def _icmp(src: int, dst: int, ident: int, data: bytes) -> bytes:
    return ipwire.build(src, dst, 1, icmpwire.echo_request(ident, 1, data).emit(), ident=7)


def test_udp_and_tcp_rewrites_match_fresh_packets() -> None:
    rng = random.Random(5)
    for _ in range(200):
        src, dst, new = (rng.getrandbits(32) for _ in range(3))
        sport, dport, nport = (rng.randrange(1, 65536) for _ in range(3))
        data = rng.randbytes(rng.randrange(0, 40))
        for build in (_udp, _tcp):
            pkt = build(src, dst, sport, dport, data)
            assert rewrite(pkt, SRC, new, nport) == build(new, dst, nport, dport, data)
            assert rewrite(pkt, DST, new, nport) == build(src, new, sport, nport, data)


def test_icmp_echo_rewrite() -> None:
    rng = random.Random(6)
    for _ in range(100):
        src, dst, new = (rng.getrandbits(32) for _ in range(3))
        ident, nident = rng.randrange(65536), rng.randrange(65536)
        data = rng.randbytes(rng.randrange(0, 56))
        pkt = _icmp(src, dst, ident, data)
        assert rewrite(pkt, SRC, new, nident) == _icmp(new, dst, nident, data)
