"""Smoke tests for `make bench`: every benchmark runs at tiny sizes and returns sane numbers.

No timing is asserted (machines differ); counts, shapes and invariants are.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import flood, hotspots, kernel_flood, star, topology  # noqa: E402
from vnet import build  # noqa: E402
from vnet.backend import kernel  # noqa: E402
from vnet.wire import icmp  # noqa: E402
from vnet.wire.ipv4 import Ipv4Packet  # noqa: E402

# What iputils 20221126 printed for `ping -f -q -w 5` in the kernel sandbox.
PING_OUTPUT = """PING 10.0.0.2 (10.0.0.2) 56(84) bytes of data.

--- 10.0.0.2 ping statistics ---
363325 packets transmitted, 363325 received, 0% packet loss, time 5000ms
rtt min/avg/max/mdev = 0.003/0.005/0.938/0.003 ms, ipg/ewma 0.013/0.007 ms
rc=0
"""


@pytest.mark.parametrize("bridges", [1, 2, 5])
def test_chain_plan_shape(bridges: int) -> None:
    plan = topology.chain(bridges)
    assert len(plan.namespaces) == bridges + 2
    assert len(plan.veths) == bridges + 1
    assert [b[0] for b in plan.bridges] == [f"sw{k}" for k in range(1, bridges + 1)]
    assert plan.src == ("ns1", "10.0.0.1") and plan.dst == ("ns2", "10.0.0.2")


def test_kernel_script_never_touches_the_current_namespace() -> None:
    """Every ip command names a namespace (ip netns add / ip -n NS ...)."""
    for line in kernel_flood.flood_script(1, bridges=5).splitlines():
        if line.startswith("ip "):
            assert line.startswith(("ip netns add ", "ip -n ", "ip netns exec ")), line


@pytest.mark.parametrize("bridges", [1, 5])
def test_flood_counts_every_reply(bridges: int) -> None:
    res = flood.measure(bridges, count=50)
    assert (res.replies, res.lost, res.bad) == (50, 0, 0)
    # one veth crossing per event: (bridges + 1) hops each way
    assert res.events_per_rtt == 2 * (bridges + 1)
    assert res.wall_s > 0 and res.rtt_per_s > 0 and res.events_per_s > res.rtt_per_s


def test_flood_rejects_wrong_replies() -> None:
    _world, pinger = flood.build(1)
    flood.warm_up(pinger, rounds=1)
    assert pinger.replies == 1
    pinger.waiting = True  # as if request `seq` were outstanding
    good = icmp.echo_reply(pinger.ident, pinger.seq, pinger.expected).emit()
    wrong_seq = icmp.echo_reply(pinger.ident, pinger.seq + 1, pinger.expected).emit()
    corrupt = good[:-1] + bytes([good[-1] ^ 0xFF])
    for payload in (wrong_seq, corrupt, good[:4]):
        pinger._on_packet(Ipv4Packet(pinger.dst, 0x0A000001, 1, payload), None)  # type: ignore[arg-type]
    assert (pinger.replies, pinger.bad, pinger.waiting) == (1, 3, True)
    pinger._on_packet(Ipv4Packet(pinger.dst, 0x0A000001, 1, good), None)  # type: ignore[arg-type]
    assert (pinger.replies, pinger.waiting) == (2, False)


def test_star_small() -> None:
    res = star.measure(5)
    assert res.hosts == 5 and res.reachable
    assert res.build_s > 0 and res.peak_mb > 0


def test_parse_ping_statistics() -> None:
    res = kernel_flood.parse_ping_statistics(PING_OUTPUT)
    assert (res.transmitted, res.received, res.time_ms) == (363325, 363325, 5000)
    assert res.rtt_per_s == pytest.approx(72665.0)
    assert res.reason is None
    bad = kernel_flood.parse_ping_statistics("connect: Network is unreachable\n")
    assert bad.rtt_per_s is None and "no ping statistics" in (bad.reason or "")


def test_kernel_unavailable_gives_reason(monkeypatch: pytest.MonkeyPatch) -> None:
    def unavailable(tools: object = ()) -> None:
        raise kernel.KernelUnavailable("not root (euid 1000): the kernel sandbox needs root")

    monkeypatch.setattr(kernel, "check_available", unavailable)
    res = kernel_flood.measure(1)
    assert res.rtt_per_s is None and "not root" in (res.reason or "")


def test_kernel_flood_runs_when_possible() -> None:
    try:
        kernel.check_available(("ip", "ping"))
    except kernel.KernelUnavailable as exc:
        pytest.skip(str(exc))
    res = kernel_flood.measure(1)
    assert res.reason is None, res.reason
    assert res.rtt_per_s and res.rtt_per_s > 0 and res.received > 0


def test_profile_small(tmp_path: Path) -> None:
    if build.compiled_modules():
        pytest.skip("cProfile sees no compiled function; make test's pure pass runs this")
    prof = hotspots.profile_flood(count=100, top=5)
    assert prof.rtts == 100 and len(prof.spots) == 5
    assert prof.calls_per_rtt > 10
    assert sum(share for _name, share in prof.layers) == pytest.approx(1.0)
    table = hotspots.markdown_table(prof, 90.0)
    assert "| # | function |" in table
    note = tmp_path / "PROFILE.md"
    note.write_text("# Profile\n\nbefore\n\n" + hotspots.BEGIN + "\nold\n" + hotspots.END
                    + "\n\nafter\n")
    hotspots.update_profile_md(note, table)
    text = note.read_text()
    assert "before" in text and "after" in text and "old" not in text and table in text


def test_run_main_quick(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from bench import run

    out = tmp_path / "results.json"
    assert run.main(["--seconds", "0.1", "--no-kernel", "--star", "3",
                     "--profile-count", "50", "--json", str(out)]) == 0
    doc = json.loads(out.read_text())
    for key in ("sim_rtt_per_s_1bridge", "sim_rtt_per_s_5bridge", "events_per_s",
                "star_3_build_s", "star_3_mem_mb", "five_over_one", "sim_rtt_per_s_1bridge_pure"):
        assert doc[key] > 0, key
    assert doc["env"]["pure_build"] == "pure Python"      # the profile's child process
    assert doc["env"]["build"] == build.describe()
    assert doc["details"]["profile"]["calls_per_rtt"] > 10  # it saw the Python functions
    assert doc["kernel_rtt_per_s_1bridge"] is None and doc["sim_over_kernel"] is None
    assert "--no-kernel" in doc["kernel_reason"]
    assert doc["goals"]["sim_over_kernel"]["pass"] is None
    printed = capsys.readouterr().out
    assert "sim_rtt_per_s_1bridge" in printed and "goal >= 0.25: n/a" in printed


def test_floor_model_forwards_and_times_a_hop() -> None:
    from bench import floor

    assert floor.minimal_hop_us(frames=500, rounds=1) > 0   # raises if it did not forward


def test_interleaved_floods_each_get_their_share() -> None:
    one, traced, five = flood.measure_interleaved([(1, False), (1, True), (5, False)],
                                                  seconds=0.3, slice_s=0.1)
    assert [r.bridges for r in (one, traced, five)] == [1, 1, 5]
    for res in (one, traced, five):
        assert res.replies > 0 and res.lost == 0 and res.bad == 0
        assert 0.25 <= res.wall_s <= 0.6
        assert res.events == res.replies * 2 * (res.bridges + 1)   # one per veth crossing
