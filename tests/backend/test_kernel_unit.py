"""The kernel backend's pure parts: availability checks, PATH, tool scan, sandbox argv."""

from __future__ import annotations

import os
import sys

import pytest

from vnet.backend import kernel
from vnet.backend.kernel import KernelUnavailable, check_available, required_tools


def test_not_root(monkeypatch):
    monkeypatch.setattr(os, "geteuid", lambda: 1000)
    with pytest.raises(KernelUnavailable, match="not root"):
        check_available()


def test_missing_tool(monkeypatch):
    monkeypatch.setattr(os, "geteuid", lambda: 0)
    monkeypatch.setattr(
        kernel.shutil, "which", lambda tool, path=None: None if tool == "brctl" else "/x"
    )
    with pytest.raises(KernelUnavailable, match="`brctl` missing"):
        check_available(("ip", "brctl"))


def test_missing_unshare(monkeypatch):
    monkeypatch.setattr(os, "geteuid", lambda: 0)
    monkeypatch.setattr(
        kernel.shutil, "which", lambda tool, path=None: None if tool == "unshare" else "/x"
    )
    with pytest.raises(KernelUnavailable, match="`unshare` missing"):
        check_available()


def test_sandbox_path_adds_sbin():
    path = kernel.sandbox_path("/opt/venv/bin:/usr/bin").split(":")
    # our own interpreter's bin first, so `vnet vm` in a script is this vnet
    assert path[0] == os.path.dirname(sys.executable)
    assert path[1:3] == ["/opt/venv/bin", "/usr/bin"]
    assert "/usr/sbin" in path and "/sbin" in path
    assert path.count("/usr/bin") == 1


def test_sandbox_command_isolates_everything():
    argv = kernel.sandbox_command("/lab/x.sh", "/lab")
    assert argv[:4] == ["setpriv", "--pdeathsig", "KILL", "--"]
    for flag in ("--net", "--mount", "--pid", "--fork", "--mount-proc", "--kill-child=KILL"):
        assert flag in argv
    assert argv[argv.index("--propagation") + 1] == "private"
    assert argv[-2:] == ["/lab", "/lab/x.sh"]


def write(tmp_path, text):
    path = tmp_path / "lab.sh"
    path.write_text(text)
    return str(path)


def test_required_tools_command_positions(tmp_path):
    script = write(
        tmp_path,
        "ip link add br0 type bridge\n"
        "ip route show   # `route` here is an ip keyword, not net-tools\n"
        "# ping in a comment\n"
        "echo ping me\n"
        "bridge link show; ifconfig br0 && route -n\n"
        "x=$(arp -n)\n"
        "for i in 1 2; do ping -c 1 1.2.3.4; done\n"
        "ip netns exec a traceroute -n 1.2.3.4 | tcpdump -r x\n"
        "if ! brctl show; then sysctl -w a=b; fi\n",
    )
    assert required_tools(script) == (
        "arp", "brctl", "bridge", "ifconfig", "ip", "ping", "route", "sysctl", "tcpdump", "traceroute",
    )  # fmt: skip


def test_required_tools_ip_only(tmp_path):
    script = write(tmp_path, "ip netns add a\nip -n a route show\nip route add 10/8 dev x\n")
    assert required_tools(script) == ("ip",)


def test_run_script_refuses_when_unavailable(monkeypatch, tmp_path):
    monkeypatch.setattr(os, "geteuid", lambda: 1000)
    with pytest.raises(KernelUnavailable):
        kernel.run_script(write(tmp_path, "true\n"))
