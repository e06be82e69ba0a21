"""A simulated `ping -f`: echo round trips per wall-clock second through the real stack.

The sender is a :class:`vnet.transport.raw.RawSocket` (protocol 1) in the source
namespace, like iputils' ping. Each echo request is built with :mod:`vnet.wire.icmp`
(ping's 56 data bytes: a 16-byte timestamp of the virtual clock, then bytes 16..55),
so every round trip encodes and checksums ICMP, IPv4 and Ethernet on the way out and
parses and verifies them on the way back, and crosses the veths and bridges of the
topology as real frames. As with ``ping -f`` the next request goes out as soon as the
reply to the previous one arrives (a request with no reply within one virtual second
is counted lost and the next one is sent). The driver runs the world with
``world.sched.run_until(deadline)``, which the matching reply ends with
``sched.halt()``.

``measure_interleaved`` can flood a chain with the packet-journey trace recording
every stage (vnet.trace, a ring of TRACE_LIMIT records as a long traced run keeps), to
measure what tracing costs.

A reply counts only if it comes from the destination, is an echo reply with our
identifier and the outstanding sequence number, and carries the same data.
"""

from __future__ import annotations

import struct
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

from bench import topology
from vnet.sim import new_world
from vnet.transport.raw import RawSocket
from vnet.wire import icmp
from vnet.wire.errors import WireError
from vnet.wire.ipaddr import ip_from_str

if TYPE_CHECKING:
    from vnet.core.world import World
    from vnet.link.device import Device
    from vnet.wire.ipv4 import Ipv4Packet

IPPROTO_ICMP = 1
#: How long (virtual) to wait for a reply before counting the request lost.
REPLY_TIMEOUT_NS = 1_000_000_000
#: records the traced flood keeps (the oldest go first)
TRACE_LIMIT = 200_000
#: ping's pattern after the timestamp: byte i holds i (iputils ping_common.c fill()).
_PATTERN = bytes(range(16, 56))
_STAMP = struct.Struct("!QQ")


@dataclass
class FloodResult:
    bridges: int
    replies: int
    lost: int
    bad: int
    wall_s: float
    events: int
    #: CPU time of this process during the flood; well below wall_s means a busy machine
    cpu_s: float = 0.0

    @property
    def rtt_per_s(self) -> float:
        return self.replies / self.wall_s if self.wall_s > 0 else 0.0

    @property
    def events_per_s(self) -> float:
        return self.events / self.wall_s if self.wall_s > 0 else 0.0

    @property
    def events_per_rtt(self) -> float:
        return self.events / self.replies if self.replies else 0.0


class PingFlood:
    """One flood pinger: a raw ICMP socket in ``src_ns`` aimed at ``dst``."""

    def __init__(self, world: World, src_ns: str, dst: str, ident: int = 0x4242) -> None:
        self.world = world
        self.dst = ip_from_str(dst)
        self.ident = ident
        self.seq = 0
        self.waiting = False
        self.expected = b""
        self.replies = 0
        self.bad = 0
        ns = world.named[src_ns]
        self.sock = RawSocket(ns.ipv4, IPPROTO_ICMP, self._on_packet)

    def _on_packet(self, ip: Ipv4Packet, dev: Device) -> None:
        if ip.src != self.dst:
            return
        try:
            msg = icmp.parse(ip.payload)
        except WireError:
            self.bad += 1
            return
        if msg.type != icmp.ECHO_REPLY or msg.rest >> 16 != self.ident:
            return
        if not self.waiting or msg.rest & 0xFFFF != self.seq or msg.payload != self.expected:
            self.bad += 1
            return
        self.waiting = False
        self.replies += 1
        self.world.sched.halt()

    def ping_once(self) -> bool:
        """Send one echo request and run the world until its reply (or the timeout)."""
        sched = self.world.sched
        self.seq = (self.seq + 1) & 0xFFFF
        now = sched.now
        self.expected = _STAMP.pack(now // 1_000_000_000, now % 1_000_000_000 // 1000) + _PATTERN
        self.waiting = True
        err = self.sock.sendto(self.dst, icmp.echo_request(self.ident, self.seq,
                                                           self.expected).emit())
        if err is not None:
            self.waiting = False
            raise RuntimeError(f"sendto failed: {err}")
        sched.run_until(now + REPLY_TIMEOUT_NS)     # until the reply halts it
        if self.waiting:
            self.waiting = False
            return False
        return True

    def run(self, seconds: float | None = None, count: int | None = None) -> tuple[int, float]:
        """Flood for ``seconds`` of wall time or ``count`` requests; (lost, wall seconds)."""
        if seconds is None and count is None:
            raise ValueError("give seconds or count")
        lost = 0
        sent = 0
        clock = time.perf_counter
        start = clock()
        end = start + seconds if seconds is not None else float("inf")
        limit = count if count is not None else -1
        while sent != limit:
            if not self.ping_once():
                lost += 1
            sent += 1
            if sent & 63 == 0 and clock() >= end:
                break
        return lost, clock() - start


def build(bridges: int, seed: int = 1) -> tuple[World, PingFlood]:
    """A fresh world with a ``bridges``-long chain and a pinger in ns1 aimed at ns2."""
    world = new_world(seed)
    plan = topology.chain(bridges)
    topology.realise_sim(world, plan)
    return world, PingFlood(world, plan.src[0], plan.dst[1])


def build_routed(routers: int, seed: int = 1) -> tuple[World, PingFlood]:
    """A fresh world with ``routers`` routers in a row and a pinger in ns1 aimed at ns2."""
    world = new_world(seed)
    plan = topology.routers(routers)
    topology.realise_sim(world, plan)
    return world, PingFlood(world, plan.src[0], plan.dst[1])


def measure_routed(routers: int, seconds: float | None = None, count: int | None = None,
                   seed: int = 1) -> FloodResult:
    """Echo round trips through ``routers`` forwarding routers (TTL, FIB, neighbours)."""
    world, flood = build_routed(routers, seed)
    warm_up(flood, rounds=min(200, count or 200))
    return _timed(0, world, flood, seconds, count)


def _timed(bridges: int, world: World, flood: PingFlood, seconds: float | None,
           count: int | None) -> FloodResult:
    """Flood a warmed-up pinger for ``seconds`` (or ``count`` requests) and count."""
    replies0, bad0, events0 = flood.replies, flood.bad, world.sched.events_run
    cpu0 = time.process_time()
    lost, wall = flood.run(seconds=seconds, count=count)
    cpu = time.process_time() - cpu0
    return FloodResult(bridges=bridges, replies=flood.replies - replies0, lost=lost,
                       bad=flood.bad - bad0, wall_s=wall,
                       events=world.sched.events_run - events0, cpu_s=cpu)


def warm_up(flood: PingFlood, rounds: int = 200) -> None:
    """Resolve ARP and fill the bridges' FDBs (first request), then warm the caches."""
    if not flood.ping_once():
        raise RuntimeError("no echo reply during warm-up (ARP/bridge path broken)")
    for _ in range(rounds - 1):
        flood.ping_once()


def measure(bridges: int, seconds: float | None = None, count: int | None = None,
            seed: int = 1) -> FloodResult:
    """Build the chain, warm up, then flood for ``seconds`` wall time (or ``count``)."""
    world, flood = build(bridges, seed)
    warm_up(flood, rounds=min(200, count or 200))
    return _timed(bridges, world, flood, seconds, count)


def measure_interleaved(configs: list[tuple[int, bool]], seconds: float,
                        slice_s: float = 0.5, seed: int = 1) -> list[FloodResult]:
    """Flood several chains, given as (bridges, traced), in turns of ``slice_s`` wall
    seconds until each has flooded for ``seconds``. The speed of a shared machine drifts
    (other load, CPU frequency) by tens of percent within a minute; taking turns slows
    every flood alike, so their ratios (five/one, traced/untraced) come out steadier than
    from runs one after another."""
    from vnet.trace.tracer import Tracer

    floods = []
    for bridges, traced in configs:
        world, pinger = build(bridges, seed)
        warm_up(pinger)
        if traced:
            Tracer(world, limit=TRACE_LIMIT).start()
        floods.append((bridges, world, pinger, pinger.replies, pinger.bad,
                       world.sched.events_run))
    lost = [0] * len(floods)
    wall = [0.0] * len(floods)
    cpu = [0.0] * len(floods)
    done = 0.0
    while done < seconds:
        chunk = min(slice_s, seconds - done)
        for i, (_bridges, _world, pinger, *_counts) in enumerate(floods):
            cpu0 = time.process_time()
            missed, took = pinger.run(seconds=chunk)
            cpu[i] += time.process_time() - cpu0
            lost[i] += missed
            wall[i] += took
        done += chunk
    return [FloodResult(bridges=bridges, replies=pinger.replies - replies0, lost=lost[i],
                        bad=pinger.bad - bad0, wall_s=wall[i],
                        events=world.sched.events_run - events0, cpu_s=cpu[i])
            for i, (bridges, world, pinger, replies0, bad0, events0) in enumerate(floods)]
