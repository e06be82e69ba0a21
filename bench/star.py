"""Scale: build N namespaces each joined by a veth to one bridge in a hub namespace.

Builds :func:`bench.topology.star` (addresses on every host and on the hub's bridge,
every device up) in a fresh simulated world. Two separate builds: one timed with
``time.perf_counter`` and nothing else running, one under ``tracemalloc`` for the peak
memory allocated while building (tracemalloc slows Python down, so its run is not
timed). :func:`check_reach` proves the built network works: the first host pings the
last one across the hub bridge.
"""

from __future__ import annotations

import gc
import time
import tracemalloc
from dataclasses import dataclass

from bench import topology
from bench.flood import PingFlood
from vnet.core.world import World
from vnet.sim import new_world


@dataclass
class StarResult:
    hosts: int
    build_s: float
    peak_mb: float
    reachable: bool


def build(hosts: int, seed: int = 1) -> World:
    world = new_world(seed)
    topology.realise_sim(world, topology.star(hosts))
    return world


def time_build(hosts: int) -> tuple[float, World]:
    gc.collect()
    start = time.perf_counter()
    world = build(hosts)
    return time.perf_counter() - start, world


def peak_build_mb(hosts: int) -> float:
    gc.collect()
    tracemalloc.start()
    try:
        world = build(hosts)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    del world
    return peak / 1e6


def check_reach(world: World, hosts: int) -> bool:
    flood = PingFlood(world, "h0", topology.star_host_ip(hosts - 1))
    return flood.ping_once()


def measure(hosts: int = 1000) -> StarResult:
    build_s, world = time_build(hosts)
    reachable = check_reach(world, hosts)
    del world
    return StarResult(hosts, build_s, peak_build_mb(hosts), reachable)
