"""compare() and diff_script(): masked unified diffs between a sim run and a kernel run."""

from __future__ import annotations

import sys
import types

import pytest

import vnet.backend
from vnet.backend import compare as compare_mod
from vnet.backend import kernel
from vnet.backend.compare import compare, diff_script, script_macs
from vnet.backend.result import RunResult

KERNEL_OUT = (
    "3: va@if2: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP mode DEFAULT group default qlen 1000\n"
    "    link/ether de:5d:b0:2a:1e:d9 brd ff:ff:ff:ff:ff:ff link-netns b\n"
    "64 bytes from 10.0.0.2: icmp_seq=1 ttl=64 time=0.082 ms\n"
)
SIM_OUT = (
    "3: va@if2: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP mode DEFAULT group default qlen 1000\n"
    "    link/ether 02:5e:11:00:00:01 brd ff:ff:ff:ff:ff:ff link-netns b\n"
    "64 bytes from 10.0.0.2: icmp_seq=1 ttl=64 time=0.010 ms\n"
)


def test_identical_up_to_masking():
    assert compare(RunResult(SIM_OUT, 0), RunResult(KERNEL_OUT, 0)) == []


def test_difference_is_a_unified_diff_of_masked_text():
    sim = RunResult(SIM_OUT.replace("ttl=64", "ttl=63"), 0)
    lines = compare(sim, RunResult(KERNEL_OUT, 0))
    assert lines[:2] == ["--- sim", "+++ kernel"]
    assert "-64 bytes from 10.0.0.2: icmp_seq=1 ttl=63 time=X ms" in lines
    assert "+64 bytes from 10.0.0.2: icmp_seq=1 ttl=64 time=X ms" in lines
    assert not any("de:5d" in line for line in lines)


def test_status_difference_reported():
    lines = compare(RunResult("x\n", 0), RunResult("x\n", 2))
    assert lines == ["exit status differs: sim 0, kernel 2"]


def test_keep_macs_are_compared():
    sim = RunResult("lladdr 02:00:00:00:00:01\n", 0)
    kern = RunResult("lladdr 02:00:00:00:00:02\n", 0)
    assert compare(sim, kern) == []
    assert compare(sim, kern, keep={"02:00:00:00:00:01", "02:00:00:00:00:02"}) != []


def test_missing_trailing_newline_is_a_difference():
    assert compare(RunResult("a\n", 0), RunResult("a\nb", 0)) != []


def test_script_macs(tmp_path):
    script = tmp_path / "lab.sh"
    script.write_text("ip link set v1 address 02:00:00:00:00:0a  # static\n")
    assert script_macs(str(script)) == {"02:00:00:00:00:0a"}


@pytest.fixture
def fake_backends(monkeypatch):
    """A stand-in vnet.backend.sim and a kernel backend that needs no root."""
    runs: dict[str, RunResult] = {}
    sim = types.ModuleType("vnet.backend.sim")

    def sim_run_script(path: str, seed: int = 0) -> RunResult:
        runs["seed"] = RunResult(str(seed), 0)
        return runs["sim"]

    sim.run_script = sim_run_script  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "vnet.backend.sim", sim)
    monkeypatch.setattr(vnet.backend, "sim", sim, raising=False)
    monkeypatch.setattr(kernel, "check_available", lambda tools=("ip",): None)
    monkeypatch.setattr(kernel, "run_script", lambda path, timeout=120: runs["kernel"])
    return runs


def test_diff_script_same(fake_backends, tmp_path):
    script = tmp_path / "lab.sh"
    script.write_text("ip link\n")
    fake_backends["sim"] = RunResult(SIM_OUT, 0)
    fake_backends["kernel"] = RunResult(KERNEL_OUT, 0)
    assert diff_script(str(script), seed=7) == (0, "")
    assert fake_backends["seed"].output == "7"


def test_diff_script_different(fake_backends, tmp_path):
    script = tmp_path / "lab.sh"
    script.write_text("ip link\n")
    fake_backends["sim"] = RunResult(SIM_OUT, 1)
    fake_backends["kernel"] = RunResult(KERNEL_OUT + "extra\n", 0)
    status, text = diff_script(str(script))
    assert status == 1
    assert text.endswith("+extra\nexit status differs: sim 1, kernel 0\n")


def test_diff_script_keeps_the_scripts_macs(fake_backends, tmp_path):
    script = tmp_path / "lab.sh"
    script.write_text("ip link set v address 02:00:00:00:00:01\nip link\n")
    fake_backends["sim"] = RunResult("link/ether 02:00:00:00:00:01\n", 0)
    fake_backends["kernel"] = RunResult("link/ether 02:aa:bb:cc:dd:ee\n", 0)
    status, text = diff_script(str(script))
    assert status == 1
    assert "-link/ether 02:00:00:00:00:01" in text.splitlines()


def test_diff_script_kernel_unavailable(monkeypatch, tmp_path):
    script = tmp_path / "lab.sh"
    script.write_text("ping -c 1 10.0.0.1\n")

    def unavailable(tools=("ip",)):
        raise kernel.KernelUnavailable(f"`{tools[-1]}` missing")

    monkeypatch.setattr(kernel, "check_available", unavailable)
    with pytest.raises(kernel.KernelUnavailable, match="ping"):
        diff_script(str(script))


def test_module_has_no_import_of_sim_at_load():
    assert "sim" not in vars(compare_mod)
