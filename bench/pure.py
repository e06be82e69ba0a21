"""The pure-Python measurements of `make bench`, in a child process that imports vnet from
the source tree: the one-bridge flood rate without compiled modules, and the cProfile of
that flood (cProfile sees only Python functions, so a profile of the compiled build would
show one call per round trip).

``python -m bench.pure --seconds S --profile-count N`` prints one JSON document;
:func:`measure` runs it with ``PYTHONPATH`` set to the source tree and checks that no
module came from a compiled extension.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from bench import hotspots

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class PureResult:
    build: str
    rtt_per_s: float
    profile: hotspots.Profile


def measure(seconds: float, profile_count: int) -> PureResult:
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT / "src"), str(ROOT)]))
    proc = subprocess.run(
        [sys.executable, "-m", "bench.pure", "--seconds", str(seconds),
         "--profile-count", str(profile_count)],
        cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise RuntimeError(f"bench.pure failed ({proc.returncode}): {proc.stderr.strip()}")
    doc = json.loads(proc.stdout)
    if doc["build"] != "pure Python":
        raise RuntimeError(f"bench.pure imported a compiled vnet: {doc['build']}")
    return PureResult(doc["build"], doc["rtt_per_s"], hotspots.Profile.from_dict(doc["profile"]))


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.pure")
    parser.add_argument("--seconds", type=float, default=6.0)
    parser.add_argument("--profile-count", type=int, default=20_000)
    args = parser.parse_args()
    from bench import flood
    from vnet import build

    one = flood.measure(1, seconds=args.seconds)
    prof = hotspots.profile_flood(args.profile_count)
    json.dump({"build": build.describe(), "rtt_per_s": one.rtt_per_s,
               "profile": prof.as_dict()}, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
