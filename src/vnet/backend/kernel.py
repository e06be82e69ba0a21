"""The kernel backend: run a lab script under real bash in the real Linux kernel, sandboxed.

This is the yardstick the simulator is held to (see DESIGN.md, "The reference is Linux").
A script is run as ``bash SCRIPT 2>&1`` inside a throwaway sandbox made with ``unshare``:

* new **network** namespace: every interface, address, route, neighbour, netns and
  firewall rule the script creates lives there, never in the machine's own namespace;
* new **mount** namespace with private propagation: a fresh tmpfs holds ``/run`` and
  another ``/run/netns`` (so ``ip netns add`` bind mounts and daemons' pid files stay
  inside), fresh tmpfs cover ``/var/lib/dhcp`` and ``/var/lib/misc`` (dhclient's and
  dnsmasq's lease files), ``/etc`` becomes a copy-on-write overlay whose
  ``resolv.conf`` starts empty (dhclient-script rewrites it; without overlayfs an empty
  private file is bind-mounted over it), and a fresh sysfs is mounted on ``/sys`` (so
  ``/sys/class/net`` shows the sandbox's devices);
* new **PID** namespace whose init is the sandbox's bash (``--fork --kill-child``), plus
  new UTS and IPC namespaces.

Cleanup does not depend on the script or on this process exiting cleanly:

* ``setpriv --pdeathsig KILL`` makes ``unshare`` die with the Python process that started
  it (even on ``kill -9``), and ``unshare --kill-child`` makes the sandbox's init die with
  ``unshare``;
* when the init of a PID namespace dies the kernel SIGKILLs every process in it, so no
  process is left holding the network or mount namespace;
* with no process left, the mount namespace goes away, taking the ``/run/netns`` bind
  mounts with it, and the network namespaces (with their veths, bridges, routes, rules)
  are freed by the kernel. Nothing was ever created in the host's namespaces.

On timeout the whole sandbox is SIGKILLed the same way and :class:`SandboxTimeout` is
raised.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path

from vnet.backend.result import RunResult

__all__ = [
    "KernelUnavailable",
    "SandboxError",
    "SandboxTimeout",
    "OPTIONAL_TOOLS",
    "check_available",
    "required_tools",
    "run_script",
    "sandbox_command",
    "sandbox_path",
]

#: Directories appended to PATH (when missing) so that ``ip``, ``sysctl``, ``brctl``...
#: are found as they are in a root login shell.
_STANDARD_PATH = ("/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin")

#: Exit status and stderr prefix the sandbox's own set-up uses to report a failure, so it
#: can be told apart from the script's own exit status.
_SETUP_FAILED = 125
_SETUP_TAG = "vnet-sandbox:"

#: Runs as PID 1 of the sandbox. $1 = working directory, $2 = script path.
#: Set-up errors go to the real stderr; everything the script prints goes to stdout.
_SANDBOX_INIT = f"""
fail() {{ echo "{_SETUP_TAG} $*" >&2; exit {_SETUP_FAILED}; }}
# daemons (dnsmasq, dhclient) write pid, lease and resolver files: private copies only
for dir in /var/lib/dhcp /var/lib/misc; do
    if [ -d "$dir" ]; then
        mount -t tmpfs -o mode=0755 vnet-state "$dir" || fail "mount tmpfs on $dir failed"
    fi
done
mount -t tmpfs -o mode=0755 vnet-run /run || fail "mount tmpfs on /run failed"
mkdir -p /run/netns /run/.vnet-etc/upper /run/.vnet-etc/work || fail "mkdir in /run failed"
mount -t tmpfs -o mode=0755 vnet-netns /run/netns || fail "mount tmpfs on /run/netns failed"
# /etc: a copy-on-write overlay, so dhclient-script's resolv.conf (and its temporary
# files next to it) never reach the host; resolv.conf starts empty
if mount -t overlay vnet-etc /etc 2>/dev/null \\
        -o lowerdir=/etc,upperdir=/run/.vnet-etc/upper,workdir=/run/.vnet-etc/work; then
    rm -f /etc/resolv.conf && : > /etc/resolv.conf || fail "cannot reset /etc/resolv.conf"
elif [ -e /etc/resolv.conf ]; then
    : > /run/.vnet-etc/resolv.conf && mount --bind /run/.vnet-etc/resolv.conf /etc/resolv.conf \
        || fail "bind mount on /etc/resolv.conf failed"
fi
mount -t sysfs sysfs /sys || fail "mount sysfs on /sys failed"
cd -- "$1" || fail "cannot cd to $1"
bash -- "$2" 2>&1
"""


class KernelUnavailable(Exception):
    """The kernel sandbox cannot run here; the message says why."""


class SandboxError(RuntimeError):
    """The sandbox itself failed (set-up error, timeout), as opposed to the script."""


class SandboxTimeout(SandboxError):
    """The script did not finish in time; the sandbox and everything in it was killed."""

    def __init__(self, message: str, output: str = "") -> None:
        super().__init__(message)
        #: What the script had printed before it was killed.
        self.output = output


def sandbox_path(base: str | None = None) -> str:
    """The PATH used inside the sandbox: ``base`` (default: ours) plus the standard dirs."""
    if base is None:
        base = os.environ.get("PATH", "")
    parts = [p for p in base.split(os.pathsep) if p]
    # the `vnet` console script next to this interpreter (a venv's bin), for `vnet vm`
    here = os.path.dirname(sys.executable)
    if here and here not in parts:
        parts.insert(0, here)
    parts += [d for d in _STANDARD_PATH if d not in parts]
    return os.pathsep.join(parts)


def check_available(tools: Iterable[str] = ("ip",)) -> None:
    """Raise :class:`KernelUnavailable` unless the sandbox can run scripts using ``tools``.

    Needs root (to create namespaces), ``unshare``, ``setpriv`` (both util-linux),
    ``bash`` and ``mount``, and every tool named in ``tools``.
    """
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        uid = os.geteuid() if hasattr(os, "geteuid") else "?"
        raise KernelUnavailable(f"not root (euid {uid}): the kernel sandbox needs root")
    if not os.path.exists("/proc/self/ns/net"):
        raise KernelUnavailable("kernel has no network namespaces (/proc/self/ns/net missing)")
    path = sandbox_path()
    for tool in ("unshare", "setpriv", "bash", "mount", *tools):
        if shutil.which(tool, path=path) is None:
            raise KernelUnavailable(f"`{tool}` missing (not found in PATH)")


def sandbox_command(script: str, cwd: str) -> list[str]:
    """The argv that runs ``bash script 2>&1`` in ``cwd`` inside a fresh sandbox."""
    return [
        "setpriv", "--pdeathsig", "KILL", "--",
        "unshare", "--net", "--mount", "--propagation", "private", "--uts", "--ipc",
        "--pid", "--fork", "--kill-child=KILL", "--mount-proc",
        "bash", "-c", _SANDBOX_INIT, "vnet-sandbox", cwd, script,
    ]  # fmt: skip


def _kill(proc: subprocess.Popen[bytes]) -> None:
    """SIGKILL the sandbox: its process group, then ``unshare`` itself (→ PID ns init)."""
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    try:
        proc.kill()
    except ProcessLookupError:
        pass


def _decode(data: bytes | None) -> str:
    return (data or b"").decode("utf-8", errors="replace")


def run_script(path: str, timeout: float = 120) -> RunResult:
    """Run ``bash path 2>&1`` in a fresh kernel sandbox, cwd = the script's folder.

    Returns the combined output and bash's exit status. Raises
    :class:`KernelUnavailable` if the sandbox cannot run here, :class:`SandboxTimeout`
    (after killing every process of the sandbox) if the script runs longer than
    ``timeout`` seconds, and :class:`SandboxError` if setting the sandbox up failed.
    """
    check_available(())
    script = Path(path).resolve()
    if not script.is_file():
        raise FileNotFoundError(f"no such script: {path}")
    env = {
        "PATH": sandbox_path(),
        "HOME": os.environ.get("HOME", "/root"),
        "LC_ALL": "C",
        "VNET_SANDBOX": "1",   # what `vnet serve` checks before it listens anywhere
    }
    proc = subprocess.Popen(
        sandbox_command(str(script), str(script.parent)),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        cwd=str(script.parent),
        start_new_session=True,
    )
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill(proc)
        try:
            out, _ = proc.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            out = b""
        raise SandboxTimeout(
            f"{path}: script still running after {timeout:g}s; the sandbox was killed",
            _decode(out),
        ) from None
    except BaseException:
        _kill(proc)
        proc.wait()
        raise
    stderr = _decode(err)
    if proc.returncode == _SETUP_FAILED and _SETUP_TAG in stderr:
        raise SandboxError(f"{path}: sandbox set-up failed: {stderr.strip()}")
    if stderr.startswith(("unshare:", "setpriv:")):
        raise SandboxError(f"{path}: could not create the sandbox: {stderr.strip()}")
    status = proc.returncode if proc.returncode >= 0 else 128 - proc.returncode
    return RunResult(output=_decode(out), status=status)


#: Commands a lab script may run that are not installed everywhere ``ip`` is; the
#: kernel run of a script is only possible when those it uses are present.
OPTIONAL_TOOLS = frozenset({
    "ip", "bridge", "ping", "traceroute", "brctl", "ifconfig", "route", "arp",
    "iptables", "ip6tables", "nft", "tcpdump", "tshark", "sysctl", "vconfig", "nc",
    "dhclient", "dnsmasq", "ethtool",
})  # fmt: skip

_SEPARATORS = re.compile(r"\$\(|&&|\|\||[;&|()`{}]")
_PREFIXES = frozenset(
    "! do then else elif if while until time exec command sudo nohup builtin xargs".split()
)


def _command_words(line: str) -> list[str]:
    """The first word of every simple command on one script line (roughly, as bash would)."""
    words = []
    for segment in _SEPARATORS.split(line):
        tokens = segment.split()
        while tokens:
            head = tokens[0]
            if head in _PREFIXES or re.fullmatch(r"[A-Za-z_]\w*=\S*", head):
                tokens.pop(0)
            elif head == "timeout" and len(tokens) > 1:
                del tokens[:2]
            elif head == "ip" and tokens[1:3] == ["netns", "exec"] and len(tokens) > 3:
                words.append("ip")
                del tokens[:4]
            elif head == "nsenter":
                words.append("nsenter")
                del tokens[0]
                while tokens and tokens[0].startswith("-"):
                    del tokens[0]
            else:
                break
        if tokens:
            words.append(tokens[0].strip("\"'"))
    return words


def required_tools(path: str) -> tuple[str, ...]:
    """Which of :data:`OPTIONAL_TOOLS` the script at ``path`` runs, sorted.

    A line-by-line scan of command positions (after ``;``, ``|``, ``&&``, ``$(``,
    ``do``, ``ip netns exec NS``...), skipping comments and ``echo`` arguments; good
    enough to decide whether a kernel run can be attempted, not a bash parser.
    """
    found: set[str] = set()
    text = Path(path).read_text(encoding="utf-8", errors="replace")
    for line in text.splitlines():
        code = re.sub(r"(^|\s)#.*", "", line)
        found.update(w for w in _command_words(code) if w in OPTIONAL_TOOLS)
    return tuple(sorted(found))
