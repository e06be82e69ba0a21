"""The simulated machine as the script interpreter sees it (a CommandHost).

Connects the bash-subset interpreter to the World: simple commands go to the command
registry in the current namespace, `sleep` advances virtual time, `>` redirections
and `cat`/`ls` of /proc and /sys go to the simulated file systems (vnet.cli.procfs).
Between commands the network settles: frames in flight at the current instant are
delivered, as they would be by the time a real shell starts its next process.
"""

from __future__ import annotations

from vnet.cli import commands, procfs
from vnet.cli.context import Context
from vnet.cli.shell.api import CommandResult, UnsupportedError
from vnet.core.world import World

FILE_COMMANDS = ("cat", "ls")


class SimHost:
    def __init__(self, world: World) -> None:
        self.world = world
        self.ns = world.init_ns

    def run_command(self, argv: list[str], stdin: str) -> CommandResult:
        ctx = Context(self.world, self.ns, stdin, run=_run_in_ctx)
        name = argv[0]
        if name in FILE_COMMANDS:
            status = procfs.file_command(ctx, argv)
            if status is None:
                raise UnsupportedError(f"{name} of a path outside the simulated /proc and /sys")
        else:
            status = commands.run(ctx, argv)
        self.world.settle()
        return CommandResult(ctx.stdout, ctx.stderr, status)

    def sleep(self, seconds: float) -> None:
        self.world.run_for(seconds)

    def write_file(self, path: str, data: str, append: bool) -> str | None:
        ctx = Context(self.world, self.ns)
        return procfs.write(ctx, path, data)


def _run_in_ctx(ctx: Context, argv: list[str]) -> int:
    if argv and argv[0] in FILE_COMMANDS:
        status = procfs.file_command(ctx, argv)
        if status is None:
            raise UnsupportedError(f"{argv[0]} of a path outside the simulated /proc and /sys")
        return status
    return commands.run(ctx, argv)
