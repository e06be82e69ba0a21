"""The simulated machine as the script interpreter sees it (a CommandHost).

Connects the bash-subset interpreter to the World: simple commands go to the command
registry in the current namespace, `sleep` advances virtual time, `>` redirections
and `cat`/`ls` of /proc and /sys go to the simulated file systems (vnet.cli.procfs).
A command that runs another command in some namespace (`ip netns exec NS CMD`) hands it
back to the interpreter with the namespace switched, so builtins, `sh -c` and text
filters work there too. Between commands the network settles: frames in flight at the
current instant are delivered, as they would be by the time a real shell starts its
next process.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from vnet.apps import files
from vnet.cli import commands, procfs
from vnet.cli.context import Context
from vnet.cli.shell.api import CommandResult, UnsupportedError
from vnet.core.sched import EventStorm
from vnet.core.world import World

if TYPE_CHECKING:
    from vnet.cli.shell.interp import Interpreter

FILE_COMMANDS = ("cat", "ls")


class SimHost:
    def __init__(self, world: World) -> None:
        self.world = world
        self.ns = world.init_ns
        self.interp: Interpreter | None = None  # set by whoever builds the interpreter

    def context(self, stdin: str = "") -> Context:
        live = self.interp.live_out if self.interp is not None else None
        return Context(self.world, self.ns, stdin, run=self._nested, live=live)

    def run_command(self, argv: list[str], stdin: str) -> CommandResult:
        ctx = self.context(stdin)
        tracer = self.world.tracer
        if tracer is not None:      # the packet-journey trace groups steps by command
            tracer.command(argv, getattr(self.interp, "line", 0), self.ns)
        try:
            status = self._dispatch(ctx, argv)
            self.world.settle()
        except EventStorm as storm:
            raise UnsupportedError(str(storm)) from None
        return CommandResult(ctx.stdout, ctx.stderr, status,
                             ctx.chunks if ctx.ordered_output else None)

    def _dispatch(self, ctx: Context, argv: list[str]) -> int:
        name = argv[0]
        if name == "cat" and len(argv) > 1 and all(files.handles(self.world, a) for a in argv[1:]):
            ctx.out("".join(files.read(self.world, a) or "" for a in argv[1:]))
            return 0
        if name in FILE_COMMANDS:
            status = procfs.file_command(ctx, argv)
            if status is None:
                raise UnsupportedError(f"{name} of a path outside the simulated /proc and /sys")
            return status
        return commands.run(ctx, argv)

    def _nested(self, ctx: Context, argv: list[str]) -> int:
        """Run argv in ctx's namespace through the interpreter (builtins, filters, sh -c)."""
        if self.interp is None:
            return self._dispatch(ctx, argv)
        saved = self.ns
        self.ns = ctx.ns
        try:
            result = self.interp.call(argv, ctx.stdin)
        finally:
            self.ns = saved
        if result.chunks is not None:   # keep the order the nested command wrote in
            ctx.ordered_output = True
            for fd, text in result.chunks:
                (ctx.out if fd == 1 else ctx.err)(text)
            return result.status
        if result.stdout:
            ctx.out(result.stdout)
        if result.stderr:
            ctx.err(result.stderr)
        return result.status

    def sleep(self, seconds: float) -> None:
        try:
            self.world.run_for(seconds)
        except EventStorm as storm:
            raise UnsupportedError(str(storm)) from None

    def write_file(self, path: str, data: str, append: bool) -> str | None:
        return procfs.write(self.context(), path, data)

    def path_kind(self, path: str) -> str | None:
        kind = getattr(procfs, "path_kind", None)
        return kind(self.context(), path) if kind is not None else None

    def glob(self, pattern: str) -> list[str]:
        expand = getattr(procfs, "glob", None)
        return expand(self.context(), pattern) if expand is not None else []
