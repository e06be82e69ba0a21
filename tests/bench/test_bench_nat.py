"""Smoke tests for bench.nat: the MASQUERADE flood and the conntrack lookup benchmark run
at tiny sizes with sane results (no timing asserted)."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import nat  # noqa: E402


def test_flood_through_masquerade_counts_every_reply() -> None:
    res = nat.measure_flood(True, count=50)
    assert (res.replies, res.lost) == (50, 0)
    assert res.rtt_per_s > 0


def test_flood_without_nat() -> None:
    assert nat.measure_flood(False, count=20).replies == 20


def test_lookup_benchmark_shape() -> None:
    res = nat.measure_lookup(big=1000, small=10, lookups=200)
    assert set(res) == {"conntrack_lookups_per_s_10", "conntrack_lookups_per_s_1000",
                        "conntrack_10_over_big"}
    assert all(v > 0 for v in res.values())
