"""Fixtures for the script interpreter tests: a fake simulated machine and a runner.

The fake host knows a few commands (``ip``, ``ping``, ``cat``/``ls`` of a tiny fake
/proc and /sys), records every argv with its stdin, accumulates virtual sleep and
keeps written files in a dict; anything else is an UnsupportedError, as a real
host raises for names it does not simulate.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest

from vnet.cli.shell import CommandResult, Interpreter, UnsupportedError
from vnet.cli.shell.pattern import matches

IP_LINK = (
    "1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN\n"
    "2: veth0@veth1: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP\n"
    "3: veth1@veth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP\n"
)


@dataclass
class FakeHost:
    files: dict[str, str] = field(default_factory=lambda: {
        "/proc/sys/net/ipv4/ip_forward": "0\n",
        "/sys/class/net/br0/bridge/stp_state": "0\n",
    })
    dirs: set[str] = field(default_factory=lambda: {"/sys/class/net/br0", "/proc/sys/net"})
    calls: list[list[str]] = field(default_factory=list)
    stdins: list[str] = field(default_factory=list)
    writes: list[tuple[str, str, bool]] = field(default_factory=list)
    slept: float = 0.0
    canned: dict[str, CommandResult] = field(default_factory=dict)

    def run_command(self, argv: list[str], stdin: str) -> CommandResult:
        self.calls.append(list(argv))
        self.stdins.append(stdin)
        key = " ".join(argv)
        if key in self.canned:
            return self.canned[key]
        name = argv[0]
        if name == "ip":
            if argv[1:3] == ["link", "show"] or argv[1:] == ["link"]:
                return CommandResult(IP_LINK)
            if argv[1:2] == ["nope"]:
                return CommandResult("", 'Object "nope" is unknown, try "ip help".\n', 255)
            return CommandResult()
        if name == "ping":
            return CommandResult("", "ping: connect: Network is unreachable\n", 2)
        if name == "cat" and len(argv) == 2 and argv[1].startswith(("/proc/", "/sys/")):
            if argv[1] in self.files:
                return CommandResult(self.files[argv[1]])
            return CommandResult("", f"cat: {argv[1]}: No such file or directory\n", 1)
        raise UnsupportedError(f"{name}: no such command in the simulation")

    def sleep(self, seconds: float) -> None:
        self.slept += seconds

    def write_file(self, path: str, data: str, append: bool) -> str | None:
        self.writes.append((path, data, append))
        if not path.startswith(("/proc/", "/sys/")):
            raise UnsupportedError(f"write to {path}")
        if path not in self.files:
            return "No such file or directory"
        if data and data.strip() not in ("0", "1"):
            return "Invalid argument"
        if data:
            self.files[path] = data
        return None

    def glob(self, pat: str) -> list[str]:
        paths = set(self.files) | self.dirs
        return [p for p in paths if matches(pat, p)]

    def path_kind(self, path: str) -> str | None:
        if path in self.files:
            return "file"
        if path in self.dirs:
            return "dir"
        return None


@dataclass
class Run:
    out: str  # stdout and stderr interleaved, as `bash script 2>&1` shows them
    stdout: str
    stderr: str
    status: int
    host: FakeHost


Runner = Callable[..., Run]


def run_script(text: str, host: FakeHost | None = None, **kw: object) -> Run:
    host = host or FakeHost()
    both: list[str] = []
    out: list[str] = []
    err: list[str] = []

    def o(s: str) -> None:
        both.append(s)
        out.append(s)

    def e(s: str) -> None:
        both.append(s)
        err.append(s)

    sh = Interpreter(host, o, e, filename="lab.sh", **kw)  # type: ignore[arg-type]
    status = sh.run(text)
    return Run("".join(both), "".join(out), "".join(err), status, host)


@pytest.fixture
def host() -> FakeHost:
    return FakeHost()


@pytest.fixture
def sh() -> Runner:
    """``sh(text, host=None, **interpreter_kw) -> Run``."""
    return run_script


def need(*tools: str) -> None:
    missing = [t for t in tools if shutil.which(t) is None]
    if missing:
        pytest.skip(f"not installed: {', '.join(missing)}")


@pytest.fixture
def require() -> Callable[..., None]:
    """``require("grep", "wc")`` skips the test when a tool is missing."""
    return need
