"""``Interpreter.run_line``: the interactive shell's entry point."""

from __future__ import annotations

import pytest

from vnet.cli.shell import Interpreter, NeedMoreInput


@pytest.fixture
def session(host):
    return Session(host)


class Session:
    def __init__(self, host) -> None:
        self.host = host
        self.out: list[str] = []
        self.sh = Interpreter(self.host, self.out.append, self.out.append, filename="vnet")

    def feed(self, *lines: str) -> int | None:
        """Type lines like a REPL would; None while more input is wanted."""
        buf = ""
        status = None
        for ln in lines:
            buf = ln if not buf else buf + "\n" + ln
            try:
                status = self.sh.run_line(buf)
                buf = ""
            except NeedMoreInput:
                status = None
        return status

    def take(self) -> str:
        s = "".join(self.out)
        self.out.clear()
        return s


def test_variables_persist_between_lines(session):
    s = session
    assert s.feed("x=5") == 0
    assert s.feed("echo $((x * 2))") == 0
    assert s.take() == "10\n"
    s.feed("false")
    s.feed("echo $?")
    assert s.take() == "1\n"


@pytest.mark.parametrize("lines", [
    ("for i in 1 2; do", "echo $i", "done"),
    ('echo "a', 'b"'),
    ("echo a &&", "echo b"),
    ("echo a \\", "b"),
    ("cat <<EOF", "x", "EOF"),
    ("f() {", "echo in-f", "}; f"),
    ("if true", "then echo yes", "fi"),
])
def test_continuation_lines(session, lines):
    s = session
    for ln in lines[:-1]:
        with pytest.raises(NeedMoreInput):
            s.sh.run_line("\n".join(lines[:lines.index(ln) + 1]))
    assert s.feed(*lines) == 0
    assert s.take() != ""


def test_nothing_runs_before_the_input_is_complete(session):
    s = session
    with pytest.raises(NeedMoreInput):
        s.sh.run_line("ip link add a type veth; for x in 1")
    assert s.host.calls == []


def test_errors_do_not_end_the_session(session):
    s = session
    assert s.feed("fi") == 2
    assert s.take() == ("vnet: line 1: syntax error near unexpected token `fi'\n"
                        "vnet: line 1: `fi'\n")
    assert s.feed("nosuch") == 2
    assert s.take() == "vnet: line 2: unsupported: nosuch: no such command in the simulation\n"
    assert not s.sh.exit_requested
    assert s.feed("echo still here") == 0
    assert s.take() == "still here\n"


def test_exit_requests_the_end(session):
    s = session
    s.feed("trap 'echo bye' EXIT")
    assert s.feed("exit 7") == 7
    assert s.sh.exit_requested
    assert s.take() == "bye\n"


def test_set_e_in_a_session_ends_it(session):
    s = session
    s.feed("set -e")
    assert s.feed("ip nope") == 255
    assert s.sh.exit_requested
