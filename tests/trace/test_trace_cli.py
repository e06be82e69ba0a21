"""`vnet run --trace/--trace-json/--explain`, `vnet explain` and the shell's `trace` command."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tracelab import ROUTED

from vnet.backend.sim import run_text
from vnet.cli.main import main

SCRIPT = ROUTED + "ip netns exec a ping -c 1 10.0.2.1\nip netns exec a ping -c 1 -t 1 10.0.2.1\n"


@pytest.fixture
def script(tmp_path: Path) -> Path:
    path = tmp_path / "lab.sh"
    path.write_text(SCRIPT)
    return path


def test_run_trace_prints_the_journeys_after_the_output(script: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    plain, _world = run_text(SCRIPT, filename=script.name)
    status = main(["run", "--trace", str(script)])
    out = capsys.readouterr().out
    assert status == plain.status
    assert out.startswith(plain.output + "\n=== packet journeys: 2 journeys, ")
    assert "\njourney 1: ICMP echo 10.0.1.1 <-> 10.0.2.1 id " in out
    assert "(line 21: ping -c 1 -t 1 10.0.2.1)" in out
    assert "ip_forward            DROPS the echo request: TTL expired (it arrived with TTL 1)" \
           " [IP_INHDR]" in out


def test_run_explain_and_explain(script: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    main(["run", "--explain", str(script)])
    with_output = capsys.readouterr().out
    main(["explain", str(script)])
    alone = capsys.readouterr().out
    assert alone.startswith("=== vnet explain: 1 failing of 2 ping/traceroute runs ===\n\n"
                            "line 21: `ping -c 1 -t 1 10.0.2.1` in a: 1 probe sent")
    assert with_output.endswith("\n" + alone)
    assert "PING 10.0.2.1" not in alone


def test_trace_json_to_a_file_and_stdout(script: Path, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    out_file = tmp_path / "trace.jsonl"
    main(["run", "--trace-json", str(out_file), str(script)])
    printed = capsys.readouterr().out
    assert "journey" not in printed
    lines = out_file.read_text().splitlines()
    assert all(json.loads(line)["type"] in ("step", "run") for line in lines)
    main(["run", "--trace-json", "-", str(script)])
    assert capsys.readouterr().out.splitlines()[-len(lines):] == lines


def test_trace_json_unwritable(script: Path, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    status = main(["run", "--trace-json", str(tmp_path / "no" / "such.jsonl"), str(script)])
    assert status == 2
    assert "No such file or directory" in capsys.readouterr().err


def test_tracing_needs_the_simulator(script: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["run", "--backend", "kernel", "--trace", str(script)]) == 2
    assert capsys.readouterr().err == \
        "vnet: --trace, --trace-json and --explain need the simulator (--backend sim)\n"


def test_explain_a_missing_file(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["explain", str(tmp_path / "nope.sh")]) == 2
    assert "No such file or directory" in capsys.readouterr().err


SHELL = """\
ip netns add a
ip link add v0 type veth peer name v1 netns a
ip addr add 10.9.0.1/24 dev v0
ip -n a addr add 10.9.0.2/24 dev v1
ip link set v0 up
ip -n a link set v1 up
trace
trace on
ping -c 1 -W 1 10.9.0.7 > /dev/null
ping -c 1 10.9.0.2 > /dev/null
trace off
ping -c 1 10.9.0.2 > /dev/null
trace
trace show 1 | head -1
trace explain | head -1
trace clear
trace
trace show 1
trace bogus; echo "rc=$?"
trace show x; echo "rc=$?"
"""


def test_trace_command() -> None:
    result, _world = run_text(SHELL)
    lines = result.output.splitlines()
    assert lines[0] == "trace is off: 0 steps, 0 ping/traceroute runs recorded"
    assert lines[1].startswith("trace is off: ") and lines[1].endswith(
        ", 2 ping/traceroute runs recorded")
    assert lines[2].startswith("=== packet journeys: 1 journey, ")
    assert lines[3] == "=== vnet explain: 1 failing of 2 ping/traceroute runs ==="
    assert lines[4] == "trace is off: 0 steps, 0 ping/traceroute runs recorded"
    assert lines[5] == "=== packet journeys: 0 journeys, 0 steps ==="
    assert lines[6:] == ["Usage: trace [ on | off | show [N] | explain | clear ]", "rc=2",
                         'trace: invalid number "x"', "rc=2"]


def test_trace_show_before_anything_was_recorded() -> None:
    result, _world = run_text("trace show; echo rc=$?\ntrace explain; echo rc=$?\n")
    assert result.output == "trace: nothing recorded (trace on first)\nrc=1\n" * 2
