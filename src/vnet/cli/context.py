"""What a simulated command runs with: the World, its namespace, stdin, and its output.

Every command family is a function `main(ctx, argv) -> int` (argv without the command
name). It reads and changes the World only through the lower layers' calls, writes its
output with `ctx.out()` / `ctx.err()` (text as the real tool prints it, newlines
included) and returns the tool's exit status. A feature vnet lacks raises
`UnsupportedError` (from vnet.cli.shell.api), which the script runner reports as
`vnet: line N: unsupported: ...` with status 2.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from vnet.core.netns import Namespace
    from vnet.core.world import World


class Context:
    def __init__(self, world: World, ns: Namespace, stdin: str = "",
                 run: Callable[[Context, list[str]], int] | None = None,
                 prog: str = "", live: Callable[[str], None] | None = None) -> None:
        self.world = world
        self.ns = ns
        self.stdin = stdin
        self.prog = prog
        #  set when the command's output goes straight to a terminal a person watches
        #  (`vnet shell`): a command that runs until interrupted (ping without -c) may
        #  write there as it goes, paced to the wall clock
        self.live = live
        self._stdout: list[str] = []
        self._stderr: list[str] = []
        self._order: list[tuple[int, str]] = []
        self._ordered = [False]
        self._run = run

    def out(self, text: str) -> None:
        self._stdout.append(text)
        self._order.append((1, text))

    def err(self, text: str) -> None:
        self._stderr.append(text)
        self._order.append((2, text))

    @property
    def stdout(self) -> str:
        return "".join(self._stdout)

    @property
    def stderr(self) -> str:
        return "".join(self._stderr)

    @property
    def ordered_output(self) -> bool:
        """True when the command writes stdout and stderr in program order (it flushes
        stdout before each stderr write, as glibc's error() does), so the runner must
        keep their interleaving instead of printing all stdout first."""
        return self._ordered[0]

    @ordered_output.setter
    def ordered_output(self, value: bool) -> None:
        self._ordered[0] = value

    @property
    def chunks(self) -> list[tuple[int, str]]:
        """(1 for stdout or 2 for stderr, text), in the order they were written."""
        return list(self._order)

    def in_ns(self, ns: Namespace) -> Context:
        """A context for the same command run in another namespace (ip -n, ip netns exec);
        output goes to this context."""
        sub = Context(self.world, ns, self.stdin, self._run, self.prog, self.live)
        sub._stdout = self._stdout
        sub._stderr = self._stderr
        sub._order = self._order
        sub._ordered = self._ordered
        return sub

    def run(self, argv: list[str]) -> int:
        """Run another simulated command (argv[0] is its name) in this context's namespace."""
        if self._run is None:
            raise RuntimeError("no command runner")
        return self._run(self, argv)
