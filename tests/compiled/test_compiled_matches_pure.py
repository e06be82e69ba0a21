"""The compiled build and the pure-Python source behave the same.

`make test` installs vnet with the packet path compiled by mypyc (vnet.build). Here every
example and every kernel comparison script runs twice, in child processes: once with the
installed build and once with the source tree ahead of it on PYTHONPATH (pure Python).
Output, exit status, packet-journey trace, `explain`, JSON lines and every pcap must be
byte-identical: a compiled module that behaved differently (a type annotation mypyc
enforces, an attribute a native class lacks) would show up here.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from vnet import build

ROOT = Path(__file__).resolve().parents[2]
SCRIPTS = sorted(ROOT.glob("examples/*.sh")) + sorted(ROOT.glob("tests/kernel/scripts/*.sh"))
REPLAY = Path(__file__).with_name("replay.py")


def _replay(out: Path, pure: bool) -> str:
    env = dict(os.environ)
    env.pop("PYTHONPATH", None)
    if pure:
        env["PYTHONPATH"] = str(ROOT / "src")
    proc = subprocess.run([sys.executable, str(REPLAY), str(out), *map(str, SCRIPTS)],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout.strip()


def _tree(top: Path) -> dict[str, bytes]:
    return {str(p.relative_to(top)): p.read_bytes() for p in sorted(top.rglob("*"))
            if p.is_file()}


def test_installed_build_is_what_make_asked_for() -> None:
    """make test sets VNET_EXPECT_BUILD to `compiled` or `pure`: a silent fallback to pure
    Python (or a half-compiled install) would make the benchmark measure something else."""
    expected = os.environ.get("VNET_EXPECT_BUILD")
    if expected is None:
        pytest.skip("VNET_EXPECT_BUILD not set (make test sets it)")
    done = build.compiled_modules()
    if expected == "compiled":
        assert done == list(build.COMPILED_MODULES)
    else:
        assert done == []


def test_compiled_and_pure_print_trace_and_send_the_same(tmp_path: Path) -> None:
    if not build.compiled_modules():
        pytest.skip("this vnet is pure Python: nothing compiled to compare")
    assert len(SCRIPTS) > 50
    assert _replay(tmp_path / "compiled", pure=False).startswith("mypyc:")
    assert _replay(tmp_path / "pure", pure=True) == "pure Python"
    compiled, pure = _tree(tmp_path / "compiled"), _tree(tmp_path / "pure")
    assert sum(name.endswith(".pcap") for name in pure) > 100
    assert sorted(compiled) == sorted(pure)
    differ = [name for name in pure if compiled[name] != pure[name]]
    assert not differ, f"compiled and pure differ in {differ[:10]}"
