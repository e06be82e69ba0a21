"""Run scripts as `vnet run --pcap DIR --trace --explain --trace-json` would and write what
each printed, traced and captured under one directory (used by test_compiled_matches_pure
in a child process, once with the compiled build and once with the pure source).

    python replay.py OUTDIR SCRIPT...

For each script NAME: OUTDIR/NAME.txt (exit status, output, journeys, explanation, JSON
lines) and OUTDIR/NAME/*.pcap. Prints the build it ran (vnet.build.describe()).
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

from vnet import build
from vnet.backend.sim import run_text
from vnet.link.capture import PcapRecorder
from vnet.sim import new_world
from vnet.trace import explain, journey, jsonl, render
from vnet.trace.tracer import Tracer


def replay(script: Path, out: Path) -> None:
    world = new_world(0)
    tracer = Tracer(world).start()
    capture = PcapRecorder(world, out / script.stem)
    result, world = run_text(script.read_text(), seed=0, filename=script.name, world=world)
    capture.close()
    tracer.stop()
    lines = io.StringIO()
    jsonl.write(tracer, lines)
    (out / f"{script.stem}.txt").write_text(
        f"status {result.status}\n{result.output}\n"
        + render.render(journey.build(tracer.records), tracer.commands, tracer.full)
        + explain.render(tracer) + lines.getvalue(), encoding="utf-8")


def main(argv: list[str]) -> int:
    out = Path(argv[0])
    for name in argv[1:]:
        replay(Path(name), out)
    print(build.describe())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
