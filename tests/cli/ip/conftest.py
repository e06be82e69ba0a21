"""A fresh simulated machine and a way to run `ip` in it, for the tests of vnet.cli.ip."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest

from vnet.cli import commands
from vnet.cli.context import Context
from vnet.core.world import World
from vnet.sim import new_world


@dataclass
class Result:
    status: int
    out: str
    err: str


IpRunner = Callable[..., Result]


@pytest.fixture
def world() -> World:
    return new_world(seed=1)


@pytest.fixture
def ip(world: World) -> IpRunner:
    """ip("link", "add", ...) in the initial namespace (ns="name" for another one)."""

    def run(*argv: str, ns: str | None = None) -> Result:
        target = world.named[ns] if ns is not None else world.init_ns
        ctx = Context(world, target, run=commands.run)
        status = commands.run(ctx, ["ip", *argv])
        world.settle()
        return Result(status, ctx.stdout, ctx.stderr)

    return run
