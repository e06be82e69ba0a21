"""The simulated /proc/sys and /sys/class/net of the current namespace.

`write(ctx, path, data)` is what a `>` redirection does (None on success, else the
errno text bash prints); `file_command(ctx, argv)` runs `cat`/`ls` of simulated paths
and returns None for paths it does not simulate.
"""

from __future__ import annotations

from vnet.cli.context import Context
from vnet.cli.shell.api import UnsupportedError
from vnet.core.sysctl import SysctlError


def write(ctx: Context, path: str, data: str) -> str | None:
    if not path.startswith("/proc/sys/"):
        raise UnsupportedError(f"redirection to {path}")
    if not data:
        return None
    try:
        ctx.ns.sysctl.set(path, data.strip())
    except SysctlError:
        return "No such file or directory"
    except ValueError:
        return "Invalid argument"
    return None


def file_command(ctx: Context, argv: list[str]) -> int | None:
    paths = [a for a in argv[1:] if not a.startswith("-")]
    if not paths or not all(p.startswith(("/proc/sys/", "/sys/")) for p in paths):
        return None
    if argv[0] == "cat":
        status = 0
        for path in paths:
            try:
                ctx.out(ctx.ns.sysctl.get(path) + "\n")
            except SysctlError:
                ctx.err(f"cat: {path}: No such file or directory\n")
                status = 1
        return status
    return None
