"""Running a program until Ctrl-C, in `vnet shell` at a terminal.

`ping 10.0.0.2` without -c runs until it is interrupted. A script has nobody to press
Ctrl-C, so there it is refused; in the interactive shell the simulation runs paced to
the wall clock (one virtual second per second), the program writes its lines as they
happen, and SIGINT reaches it as it reaches the real program: a flag the loop checks
between steps of the simulation, never in the middle of one (so no packet is left half
processed), after which the program finishes (ping prints its statistics).
"""

from __future__ import annotations

import signal
import time
from collections.abc import Callable
from types import FrameType

from vnet.core.world import World

STEP_NS = 100_000_000           # the simulation runs in 100 ms steps, sleeping between

#: what waits between steps (tests replace it)
sleep: Callable[[float], None] = time.sleep


def run_until_interrupted(world: World, done: Callable[[], bool],
                          interrupt: Callable[[], None]) -> None:
    """Run `world` in real time until `done()`; Ctrl-C calls `interrupt()` once."""
    pending: list[int] = []

    def on_sigint(signum: int, frame: FrameType | None) -> None:
        pending.append(signum)

    previous = signal.signal(signal.SIGINT, on_sigint)
    try:
        interrupted = False
        while not done():
            if pending and not interrupted:
                interrupted = True
                interrupt()
                continue
            world.sched.run_until(world.sched.now + STEP_NS, stop=done)
            if not done():
                sleep(STEP_NS / 1e9)
    finally:
        signal.signal(signal.SIGINT, previous)
