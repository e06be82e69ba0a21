"""`vnet shell` (vnet.cli.repl): one World across inputs, help, continuation lines for
incomplete input, exit status, and Ctrl-C as bash handles it."""

from __future__ import annotations

import io
import signal
from collections.abc import Iterator

import pytest

from vnet.cli import live, repl


def _run(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
         lines: list[str | type[BaseException]], tty: bool = False) -> tuple[int, str, str]:
    """Feed `lines` to the shell; an exception class in the list is raised instead of
    returning a line (KeyboardInterrupt is Ctrl-C)."""
    feed: Iterator[str | type[BaseException]] = iter(lines)

    def next_line(prompt: str = "") -> str:
        item = next(feed, EOFError)
        if isinstance(item, type):
            raise item()
        return item

    monkeypatch.setattr(repl, "_read_line", next_line)
    monkeypatch.setattr("builtins.input", next_line)
    monkeypatch.setattr(repl, "_setup_history", lambda: None)
    stdin = io.StringIO()
    stdin.isatty = lambda: tty  # type: ignore[method-assign]
    monkeypatch.setattr("sys.stdin", stdin)
    status = repl.repl(seed=3)
    out = capsys.readouterr()
    return status, out.out, out.err


def test_the_world_persists_between_inputs(monkeypatch: pytest.MonkeyPatch,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = _run(monkeypatch, capsys, [
        "ip link add br0 type bridge",
        "ip -br link show br0",
        "ip link show nope",
    ])
    assert "br0              DOWN" in out
    assert status == 1                    # the last command's status


def test_help_lists_the_commands_and_virtual_time(monkeypatch: pytest.MonkeyPatch,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = _run(monkeypatch, capsys, ["sleep 2.5", "help"])
    assert "brctl" in out and "traceroute" in out and "Virtual time now: 2.500 s." in out


def test_an_incomplete_loop_waits_for_its_end(monkeypatch: pytest.MonkeyPatch,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = _run(monkeypatch, capsys, [
        "for i in 1 2; do", "echo n$i", "done", "exit 7", "echo never"])
    assert out == "n1\nn2\n" and status == 7


def test_ctrl_c_at_a_terminal_drops_the_line_and_sets_status_130(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = _run(monkeypatch, capsys, [
        "for i in 1 2; do", KeyboardInterrupt, "echo after $?", "done"], tty=True)
    # the half-typed loop is gone: `done` alone is now a syntax error
    assert "after 130" in out and "n1" not in out
    assert status == 2


def test_ctrl_c_while_reading_a_pipe_ends_the_shell(monkeypatch: pytest.MonkeyPatch,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = _run(monkeypatch, capsys, ["echo one", KeyboardInterrupt, "echo two"])
    assert out == "one\n" and status == 130


def test_ping_without_count_runs_until_ctrl_c_at_a_terminal(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    naps: list[float] = []

    def nap(seconds: float) -> None:      # the wall-clock pacing; Ctrl-C after 2.5 s
        naps.append(seconds)
        if len(naps) == 25:
            signal.raise_signal(signal.SIGINT)

    monkeypatch.setattr(live, "sleep", nap)
    status, out, _ = _run(monkeypatch, capsys, [
        "ip link set lo up", "ping 127.0.0.1", "echo status $?",
        "ping 127.0.0.1 | head -1"], tty=True)
    lines = out.splitlines()
    assert lines[0] == "PING 127.0.0.1 (127.0.0.1) 56(84) bytes of data."
    assert [line.split()[4] for line in lines[1:4]] == [
        "icmp_seq=1", "icmp_seq=2", "icmp_seq=3"]
    assert "--- 127.0.0.1 ping statistics ---" in lines
    assert "3 packets transmitted, 3 received, 0% packet loss, time 2000ms" in lines
    assert "status 0" in lines
    assert sum(naps) == pytest.approx(2.5)
    # into a pipe nobody watches it run: refused as in a script
    assert status == 2


def test_ping_without_count_in_a_script_is_refused(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = _run(monkeypatch, capsys, ["ip link set lo up", "ping 127.0.0.1"])
    assert status == 2 and "ping without -c or -w in a script" in err
