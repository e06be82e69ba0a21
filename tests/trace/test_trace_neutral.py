"""Tracing changes nothing a script prints, and the same seed gives the same trace."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from tracelab import BRIDGED, ROUTED, Traced, run_traced

from vnet.backend.sim import run_text
from vnet.trace import explain, journey, jsonl, render

ROOT = Path(__file__).resolve().parents[2]
SCRIPTS = sorted(ROOT.glob("examples/*.sh")) + [
    ROOT / "tests/kernel/scripts" / name for name in
    ("ping-router.sh", "ping-bridge.sh", "ping-errors.sh", "ping-pmtu.sh", "bridge-forward.sh",
     "ip-neigh.sh", "traceroute-chain.sh", "traceroute-errors.sh", "fwd-basic.sh",
     "nat-dnat-snat.sh", "nc-basic.sh")]


@pytest.mark.parametrize("path", SCRIPTS, ids=lambda p: p.name)
def test_output_is_the_same_with_tracing(path: Path) -> None:
    if not path.exists():
        pytest.skip(f"{path.name} not in this checkout")
    text = path.read_text()
    plain, _world = run_text(text, seed=3, filename=path.name)
    traced, tracer = run_traced(text, seed=3)
    assert (traced.output, traced.status) == (plain.output, plain.status)
    assert len(tracer.records) > 0


def _everything(script: str, seed: int) -> str:
    _result, tracer = run_traced(script, seed)
    out = io.StringIO()
    jsonl.write(tracer, out)
    return render.render(journey.build(tracer.records), tracer.commands) + \
        explain.render(tracer) + out.getvalue()


def test_same_seed_same_trace() -> None:
    script = BRIDGED + "ip netns exec h1 ping -c 2 -i 0.2 192.168.7.2\n" \
        "ip netns exec h1 ping -c 1 192.168.7.9\n"
    assert _everything(script, 5) == _everything(script, 5)


def test_tracing_off_again_records_nothing_more(traced: Traced) -> None:
    script = ROUTED + "trace off\nip netns exec a ping -c 1 10.0.2.1\n"
    _result, tracer = traced(script)
    assert tracer.runs == []
