"""Every example script, and every script under tests/kernel/scripts, run in both backends.

The simulator's output must equal the real kernel's after masking (random MACs,
timings, hash order: see ``vnet.backend.mask``), and so must the exit status.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from vnet.backend import kernel
from vnet.backend.compare import compare, script_macs
from vnet.backend.mask import mask
from vnet.topology import load, to_script

from .support import EXAMPLES, KERNEL_SCRIPTS, REPO, TOPOLOGIES, require_kernel, require_sim


def _id(path: Path) -> str:
    return str(path.relative_to(REPO))


@pytest.mark.parametrize("script", EXAMPLES + KERNEL_SCRIPTS, ids=_id)
def test_simulator_matches_kernel(script: Path) -> None:
    require_kernel(kernel.required_tools(str(script)))
    sim = require_sim()
    sim_result = sim.run_script(str(script), seed=0)
    kernel_result = kernel.run_script(str(script))
    lines = compare(sim_result, kernel_result, keep=script_macs(str(script)))
    assert not lines, f"{_id(script)}: simulator differs from the kernel:\n" + "\n".join(lines)


@pytest.mark.parametrize("script", KERNEL_SCRIPTS, ids=_id)
def test_kernel_run_is_deterministic(script: Path) -> None:
    """Run twice in the kernel: a script that differs from itself cannot judge the sim."""
    require_kernel(kernel.required_tools(str(script)))
    keep = script_macs(str(script))
    first = kernel.run_script(str(script))
    second = kernel.run_script(str(script))
    lines = compare(first, second, keep=keep, names=("kernel run 1", "kernel run 2"))
    assert not lines, f"{_id(script)}: not deterministic up to masking:\n" + "\n".join(lines)
    assert mask(first.output, keep).strip(), "script printed nothing"


@pytest.mark.parametrize("topology", TOPOLOGIES, ids=_id)
def test_topology_file_matches_kernel(topology: Path, tmp_path: Path) -> None:
    """A topology file's commands (vnet.topology.to_script) run alike in both backends."""
    script = tmp_path / (topology.stem + ".sh")
    script.write_text(to_script(load(topology)))
    require_kernel(kernel.required_tools(str(script)))
    sim = require_sim()
    lines = compare(sim.run_script(str(script), seed=0), kernel.run_script(str(script)),
                    keep=script_macs(str(script)))
    assert not lines, f"{_id(topology)}: simulator differs from the kernel:\n" + "\n".join(lines)
