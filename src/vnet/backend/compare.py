"""Hold the simulator's run of a lab script against the real kernel's.

``vnet diff FILE`` runs the script twice, once in the simulator (``vnet.backend.sim``)
and once in the kernel sandbox (``vnet.backend.kernel``), masks both outputs with
``vnet.backend.mask`` and prints a unified diff. An empty diff means the simulator
behaved exactly like Linux on that script, up to what legitimately differs between runs
(random MACs, wall-clock timings, hash-table order).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from pathlib import Path

from vnet.backend import kernel
from vnet.backend.mask import macs_in, mask
from vnet.backend.result import RunResult

__all__ = ["compare", "diff_script", "script_macs"]


def script_macs(path: str) -> frozenset[str]:
    """MAC addresses the script spells out itself: deterministic, so never masked."""
    return macs_in(Path(path).read_text(encoding="utf-8", errors="replace"))


def compare(
    sim: RunResult,
    kernel: RunResult,
    keep: Iterable[str] = (),
    names: tuple[str, str] = ("sim", "kernel"),
) -> list[str]:
    """Unified-diff lines between the masked outputs, plus a line if exit statuses differ.

    Empty when the two runs are the same up to masking. ``keep`` lists MACs not to mask
    (typically :func:`script_macs`); ``names`` label the two sides of the diff.
    """
    keep = frozenset(keep)
    a = mask(sim.output, keep).splitlines()
    b = mask(kernel.output, keep).splitlines()
    lines = list(difflib.unified_diff(a, b, fromfile=names[0], tofile=names[1], lineterm=""))
    if sim.status != kernel.status:
        lines.append(f"exit status differs: {names[0]} {sim.status}, {names[1]} {kernel.status}")
    return lines


def diff_script(path: str, seed: int = 0) -> tuple[int, str]:
    """Run ``path`` in the simulator and in the kernel sandbox and diff them.

    Returns ``(status, text)``: 0 and an empty text when they agree, 1 and the diff when
    they differ. Raises ``vnet.backend.kernel.KernelUnavailable`` (with the reason) when
    the kernel sandbox cannot run here.
    """
    kernel.check_available(kernel.required_tools(path))
    from vnet.backend import sim  # lazily: the simulator is a much bigger import

    sim_result = sim.run_script(path, seed=seed)
    kernel_result = kernel.run_script(path)
    lines = compare(sim_result, kernel_result, keep=script_macs(path))
    if not lines:
        return 0, ""
    return 1, "\n".join(lines) + "\n"
