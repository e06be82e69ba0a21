"""`trace`: the packet-journey trace from inside a script or `vnet shell` (vnet's own command).

    trace on            start recording every packet's journey (vnet.trace)
    trace off           stop recording (what was recorded stays for `trace show`)
    trace show [N]      print the journeys, or the last N of them
    trace explain       explain every failing ping/traceroute recorded so far
    trace clear         forget what was recorded
    trace               say whether tracing is on and how much is recorded

It has no counterpart in Linux; in the kernel sandbox a script using it fails with bash's
"command not found", so comparison scripts do not use it.
"""

from __future__ import annotations

from vnet.cli.context import Context
from vnet.trace import explain, journey, render
from vnet.trace.tracer import Tracer

USAGE = "Usage: trace [ on | off | show [N] | explain | clear ]\n"


def main(ctx: Context, argv: list[str]) -> int:
    world = ctx.world
    if not argv:
        log = world.trace_log
        state = "on" if world.tracer is not None else "off"
        steps = len(log.records) if log is not None else 0
        runs = len(log.runs) if log is not None else 0
        ctx.out(f"trace is {state}: {steps} steps, {runs} ping/traceroute runs recorded\n")
        return 0
    action, rest = argv[0], argv[1:]
    if action == "on" and not rest:
        if world.tracer is None:
            log = world.trace_log
            if log is not None:
                log.start()
            else:
                Tracer(world).start()
        return 0
    if action == "off" and not rest:
        if world.tracer is not None:
            world.tracer.stop()
        return 0
    if action == "clear" and not rest:
        if world.trace_log is not None:
            world.trace_log.clear()
        return 0
    if action == "explain" and not rest:
        log = world.trace_log
        if log is None:
            ctx.err("trace: nothing recorded (trace on first)\n")
            return 1
        ctx.out(explain.render(log))
        return 0
    if action == "show" and len(rest) <= 1:
        count = None
        if rest:
            if not (rest[0].isascii() and rest[0].isdigit()):
                ctx.err(f"trace: invalid number \"{rest[0]}\"\n")
                return 2
            count = int(rest[0])
        log = world.trace_log
        if log is None:
            ctx.err("trace: nothing recorded (trace on first)\n")
            return 1
        journeys = journey.build(log.records)
        if count is not None:
            journeys = journeys[-count:] if count else []
        ctx.out(render.render(journeys, log.commands, log.full))
        return 0
    ctx.err(USAGE)
    return 2
