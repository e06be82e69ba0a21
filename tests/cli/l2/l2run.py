"""Run the layer-2 and legacy commands in a simulated machine, for tests/cli/l2."""

from __future__ import annotations

from dataclasses import dataclass

from vnet.backend.sim import run_text
from vnet.cli import commands
from vnet.cli.context import Context
from vnet.core.world import World


@dataclass
class Result:
    status: int
    out: str
    err: str


def run(world: World, *argv: str, ns: str | None = None) -> Result:
    target = world.named[ns] if ns is not None else world.init_ns
    ctx = Context(world, target, run=commands.run)
    status = commands.run(ctx, list(argv))
    world.settle()
    return Result(status, ctx.stdout, ctx.stderr)


def script(text: str, seed: int = 0) -> str:
    """A whole script through the shell (for cat, ls and redirections): combined output."""
    result, _world = run_text(text, seed=seed)
    return result.output
