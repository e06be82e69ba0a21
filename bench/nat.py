"""NAT benchmarks: echo round trips per second through a MASQUERADE router, and the cost
of a conntrack lookup with 100,000 entries against 10 (goal: within 1.5x).

The round-trip topology is inner -- router -- outer over two veths, the router
forwarding with `iptables -t nat -A POSTROUTING -o r1 -j MASQUERADE` and a stateful
FORWARD chain (RELATED,ESTABLISHED accepted, then the inside's new connections), as
the NAT mode of a hypervisor host sets it up; :class:`bench.flood.PingFlood` floods
from inner to outer. The same topology without any iptables rule gives the baseline.
The lookup benchmark classifies the packets of one tracked flow in a table holding N
other entries (vnet.netfilter.conntrack.ConntrackTable.classify, the per-packet cost).
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from bench.flood import PingFlood, warm_up
from vnet.backend.sim import run_text
from vnet.core.world import World
from vnet.netfilter.conntrack import Conn, ConntrackTable, invert
from vnet.sim import new_world
from vnet.wire import ipv4 as ipwire
from vnet.wire import udp as udpwire

TOPOLOGY = """
ip netns add inner
ip netns add router
ip netns add outer
ip link add i0 netns inner type veth peer name r0 netns router
ip link add r1 netns router type veth peer name o0 netns outer
ip -n inner addr add 10.0.0.2/24 dev i0
ip -n router addr add 10.0.0.1/24 dev r0
ip -n router addr add 192.168.1.1/24 dev r1
ip -n outer addr add 192.168.1.100/24 dev o0
ip -n inner link set i0 up
ip -n router link set r0 up
ip -n router link set r1 up
ip -n outer link set o0 up
ip -n inner route add default via 10.0.0.1
ip -n outer route add 10.0.0.0/24 via 192.168.1.1
ip netns exec router sysctl -q -w net.ipv4.ip_forward=1
"""
NAT_RULES = """
ip netns exec router iptables -t nat -A POSTROUTING -o r1 -j MASQUERADE
ip netns exec router iptables -A FORWARD -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
ip netns exec router iptables -A FORWARD -i r0 -o r1 -j ACCEPT
ip netns exec router iptables -P FORWARD DROP
"""


@dataclass
class NatFloodResult:
    nat: bool
    replies: int
    lost: int
    wall_s: float

    @property
    def rtt_per_s(self) -> float:
        return self.replies / self.wall_s if self.wall_s > 0 else 0.0


def build(nat: bool, seed: int = 1) -> tuple[World, PingFlood]:
    result, world = run_text(TOPOLOGY + (NAT_RULES if nat else ""), seed=seed)
    if result.status != 0:
        raise RuntimeError(f"topology script failed: {result.output}")
    return world, PingFlood(world, "inner", "192.168.1.100")


def measure_flood(nat: bool, seconds: float | None = None, count: int | None = None,
                  seed: int = 1) -> NatFloodResult:
    world, flood = build(nat, seed)
    warm_up(flood, rounds=min(200, count or 200))
    replies0 = flood.replies
    lost, wall = flood.run(seconds=seconds, count=count)
    return NatFloodResult(nat, flood.replies - replies0, lost, wall)


def _udp(src: int, dst: int, sport: int, dport: int) -> bytes:
    return ipwire.build(src, dst, 17, udpwire.UdpDatagram(sport, dport, b"x").emit(src, dst))


def fill(table: ConntrackTable, entries: int, expires: int) -> None:
    """`entries` UDP connections from 10.x.y.z:1024+ to 192.168.1.100:53."""
    for i in range(entries):
        src = 0x0A000000 + i
        orig = (17, src, 0xC0A80164, 1024 + i % 60000, 53)
        conn = Conn(orig, invert(orig), expires=expires, confirmed=True)
        table.insert(conn)


def lookup_rate(entries: int, lookups: int = 20000, seed: int = 1) -> float:
    """classify() calls per wall second on one flow's packets, both directions, with
    `entries` other connections in the table."""
    world = new_world(seed)
    table = ConntrackTable(world.init_ns.ipv4)
    fill(table, entries, expires=10**18)
    a, b = 0xAC100002, 0xC0A80165
    out_pkt = _udp(a, b, 40000, 7)
    back_pkt = _udp(b, a, 7, 40000)
    table.classify(out_pkt, 20)
    classify = table.classify
    start = time.perf_counter()
    for _ in range(lookups // 2):
        classify(out_pkt, 20)
        classify(back_pkt, 20)
    return lookups / (time.perf_counter() - start)


def measure_lookup(big: int = 100_000, small: int = 10, lookups: int = 20000) -> dict[str, float]:
    small_rate = lookup_rate(small, lookups)
    big_rate = lookup_rate(big, lookups)
    return {"conntrack_lookups_per_s_10": small_rate,
            f"conntrack_lookups_per_s_{big}": big_rate,
            "conntrack_10_over_big": small_rate / big_rate if big_rate else 0.0}
