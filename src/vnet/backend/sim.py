"""The simulator backend: run a lab script in a fresh World, the way bash would run it.

`run_script` is the sim half of `vnet diff` and of tests/kernel: stdout and stderr
interleaved into one stream (like `bash script 2>&1`) and the exit status.
"""

from __future__ import annotations

from pathlib import Path

from vnet.backend.result import RunResult
from vnet.cli.host import SimHost
from vnet.cli.shell.interp import Interpreter
from vnet.core.world import World
from vnet.sim import new_world


def run_text(text: str, *, seed: int = 0, filename: str = "script",
             world: World | None = None) -> tuple[RunResult, World]:
    world = world or new_world(seed)
    host = SimHost(world)
    chunks: list[str] = []
    interp = Interpreter(host, chunks.append, chunks.append, filename=filename)
    host.interp = interp
    status = interp.run(text)
    return RunResult(output="".join(chunks), status=status), world


def run_script(path: str, seed: int = 0) -> RunResult:
    p = Path(path)
    result, _world = run_text(p.read_text(), seed=seed, filename=p.name)
    return result
