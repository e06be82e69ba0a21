"""Real DHCP daemons in the kernel sandbox leave the host's files alone.

dnsmasq and dhclient write pid files (/run), lease files (/var/lib/misc,
/var/lib/dhcp) and /etc/resolv.conf; the sandbox gives them private copies
(vnet.backend.kernel). Run a DHCP script there and compare the host's files before
and after.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from vnet.backend import kernel

SCRIPT = Path(__file__).parents[1] / "kernel" / "scripts" / "dhcp-basic.sh"
WATCHED_DIRS = ("/var/lib/misc", "/var/lib/dhcp", "/run", "/etc")


def _snapshot() -> dict[str, object]:
    state: dict[str, object] = {}
    resolv = Path("/etc/resolv.conf")
    state["resolv"] = hashlib.sha256(resolv.read_bytes()).hexdigest() if resolv.exists() else None
    for d in WATCHED_DIRS:
        state[d] = sorted(os.listdir(d)) if os.path.isdir(d) else None
    return state


def test_dhcp_daemons_do_not_touch_host_files() -> None:
    try:
        kernel.check_available(("ip", "dnsmasq", "dhclient"))
    except kernel.KernelUnavailable as exc:
        pytest.skip(f"kernel sandbox unavailable: {exc}")
    before = _snapshot()
    result = kernel.run_script(str(SCRIPT))
    assert "nameserver 10.10.0.53" in result.output   # the sandbox's copy was written
    assert _snapshot() == before
