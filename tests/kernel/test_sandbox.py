"""The kernel sandbox itself: isolation, output, exit status, and cleanup when killed.

Root only (skipped otherwise). The conftest's autouse fixture additionally checks that
no netns or link appeared in the host namespace during each test.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from vnet.backend.kernel import SandboxTimeout, run_script

from .support import REPO, require_kernel


@pytest.fixture(autouse=True)
def _root_only() -> None:
    require_kernel(("ip",))


def write(tmp_path: Path, text: str, name: str = "lab.sh") -> str:
    path = tmp_path / name
    path.write_text(text)
    return str(path)


def processes_with(needle: str) -> list[int]:
    """PIDs (in our PID namespace) whose command line contains ``needle``."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        if needle in cmdline:
            found.append(int(entry.name))
    return found


def processes_in_netns(inode: str) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if os.readlink(entry / "ns" / "net") == inode:
                    found.append(int(entry.name))
            except OSError:
                continue
    return found


def wait_until(predicate, timeout: float = 10.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return predicate()


def unique_sleep() -> str:
    return str(random.randrange(10**8, 10**9))


def test_output_status_cwd_env(tmp_path):
    script = write(tmp_path, 'pwd\necho "lc=$LC_ALL"\necho oops >&2\nls nosuch-file\nexit 3\n')
    result = run_script(script)
    assert result.status == 3
    assert result.output == (
        f"{tmp_path}\nlc=C\noops\nls: cannot access 'nosuch-file': No such file or directory\n"
    )


def test_relative_path_and_stdin_closed(tmp_path, monkeypatch):
    write(tmp_path, 'read -r line; echo "read rc=$?"\n')
    monkeypatch.chdir(tmp_path)
    assert run_script("lab.sh").output == "read rc=1\n"


def test_fresh_network_namespace(tmp_path):
    host_ns = os.readlink("/proc/self/ns/net")
    script = write(
        tmp_path,
        "readlink /proc/self/ns/net\nip -o link show | cut -d: -f2\nls /sys/class/net\n"
        "ip netns add x\nip netns list\nls /run/netns\nhostname sandbox-host\n",
    )
    result = run_script(script)
    ns, *rest = result.output.splitlines()
    assert ns != host_ns
    assert rest == [" lo", "lo", "x", "x"]
    assert result.status == 0
    assert os.uname().nodename != "sandbox-host"


def test_netns_exec_and_sysfs_inside(tmp_path):
    script = write(
        tmp_path,
        "ip netns add a\nip link add v0 type veth peer name v1\nip link set v1 netns a\n"
        "ls /sys/class/net\nip netns exec a ls /sys/class/net\n",
    )
    assert run_script(script).output == "lo\nv0\nlo\nv1\n"


def test_background_processes_die_with_the_script(tmp_path):
    token = unique_sleep()
    script = write(
        tmp_path, f"sleep {token} &\nip netns add a\nip netns exec a sleep {token} &\necho done\n"
    )
    result = run_script(script)
    assert (result.output, result.status) == ("done\n", 0)
    assert wait_until(lambda: not processes_with(f"sleep {token}"))


def test_timeout_kills_the_whole_sandbox(tmp_path):
    token = unique_sleep()
    script = write(
        tmp_path,
        f"ip netns add a\nip netns exec a sleep {token} &\nsetsid sleep {token} &\n"
        f"echo started\nsleep {token}\n",
    )
    start = time.monotonic()
    with pytest.raises(SandboxTimeout, match="still running after 1s") as info:
        run_script(script, timeout=1)
    assert time.monotonic() - start < 8
    assert info.value.output == "started\n"
    assert wait_until(lambda: not processes_with(f"sleep {token}"))


def test_killing_the_parent_kills_the_sandbox(tmp_path):
    """kill -9 of the Python process running run_script leaves nothing behind."""
    token = unique_sleep()
    marker = tmp_path / "netns.txt"
    script = write(
        tmp_path,
        f"ip netns add a\nip link add v0 type veth peer name v1 netns a\n"
        f"readlink /proc/self/ns/net > {marker}.tmp && mv {marker}.tmp {marker}\n"
        f"ip netns exec a sleep {token} &\nsleep {token}\n",
    )
    code = f"from vnet.backend.kernel import run_script; run_script({script!r}, timeout=600)"
    env = dict(os.environ, PYTHONPATH=str(REPO / "src"))
    parent = subprocess.Popen([sys.executable, "-c", code], env=env)
    try:
        assert wait_until(marker.exists, timeout=20), "sandbox did not start"
        inode = marker.read_text().strip()
        assert processes_in_netns(inode), "sandbox should be running"
        os.kill(parent.pid, signal.SIGKILL)
        parent.wait()
        assert wait_until(lambda: not processes_with(f"sleep {token}")), (
            "sandbox survived its parent"
        )
        assert wait_until(lambda: not processes_in_netns(inode))
        assert wait_until(lambda: not processes_with(script))
    finally:
        if parent.poll() is None:
            parent.kill()
            parent.wait()


def test_missing_script(tmp_path):
    with pytest.raises(FileNotFoundError):
        run_script(str(tmp_path / "nope.sh"))
