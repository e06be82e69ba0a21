"""Helpers for tests that run scripts in the real kernel sandbox (see conftest.py)."""

from __future__ import annotations

import subprocess
from collections.abc import Iterable
from pathlib import Path
from types import ModuleType

import pytest

from vnet.backend import kernel

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((REPO / "examples").glob("*.sh"))
KERNEL_SCRIPTS = sorted((Path(__file__).parent / "scripts").glob("*.sh"))
TOPOLOGIES = sorted((REPO / "examples").glob("*.toml"))


def require_kernel(tools: Iterable[str] = ("ip",)) -> None:
    """Skip the test, with the reason, unless the kernel sandbox can run ``tools``."""
    try:
        kernel.check_available(tools)
    except kernel.KernelUnavailable as exc:
        pytest.skip(f"kernel sandbox unavailable: {exc}")


def require_sim() -> ModuleType:
    """``vnet.backend.sim``, or skip while it has not been written yet."""
    try:
        from vnet.backend import sim
    except ModuleNotFoundError as exc:
        if exc.name not in ("vnet.backend.sim", "vnet.backend"):
            raise  # the simulator exists but is broken: that is a failure, not a skip
        pytest.skip(f"vnet.backend.sim not importable yet: {exc}")
    return sim


def _lines(argv: list[str]) -> list[str]:
    done = subprocess.run(
        argv, capture_output=True, text=True, env={"LC_ALL": "C", "PATH": kernel.sandbox_path()}
    )
    return done.stdout.splitlines()


def host_network_state() -> tuple[frozenset[str], frozenset[str]] | None:
    """(netns names, "ifindex: ifname" of links) of the host namespace; None without ip."""
    try:
        netns = frozenset(line.split()[0] for line in _lines(["ip", "netns", "list"]) if line)
        links = frozenset(
            ":".join(line.split(":")[:2]) for line in _lines(["ip", "-o", "link", "show"]) if line
        )
    except FileNotFoundError:
        return None
    return netns, links
