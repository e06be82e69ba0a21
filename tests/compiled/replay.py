"""Run scripts with `vnet run --pcap DIR --trace --explain --trace-json FILE` and keep what
each printed, traced and captured under one directory (used by test_compiled_matches_pure
in a child process, once with the compiled build and once with the pure source).

    python replay.py OUTDIR SCRIPT...

For each script NAME: OUTDIR/NAME.txt (exit status, then the output with the journeys
and the explanation), OUTDIR/NAME.jsonl and OUTDIR/NAME/*.pcap. Prints the build it ran
(vnet.build.describe()).
"""

from __future__ import annotations

import contextlib
import io
import sys
from pathlib import Path

from vnet import build
from vnet.cli.main import main as vnet_main


def replay(script: Path, out: Path) -> None:
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        status = vnet_main(["run", "--pcap", str(out / script.stem), "--trace", "--explain",
                            "--trace-json", str(out / f"{script.stem}.jsonl"), str(script)])
    (out / f"{script.stem}.txt").write_text(f"status {status}\n{printed.getvalue()}",
                                           encoding="utf-8")


def main(argv: list[str]) -> int:
    out = Path(argv[0])
    out.mkdir(parents=True, exist_ok=True)
    for name in argv[1:]:
        replay(Path(name), out)
    print(build.describe())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
