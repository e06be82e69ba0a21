"""The few files of the simulated machine that daemons write: /etc/resolv.conf and
lease databases.

In the kernel sandbox these are real files private to the sandbox (see
vnet.backend.kernel), shared by every network namespace of it, since `ip netns exec`
only swaps /etc files when /etc/netns/NAME exists. The simulator keeps them per World
likewise: `dhclient` (through its dhclient-script twin) writes /etc/resolv.conf, which
starts empty as the sandbox's private copy does; dnsmasq's lease file is rendered from
the running servers on every read. `cat` of these paths goes through `read`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from vnet.core.world import World

RESOLV_CONF = "/etc/resolv.conf"


class Files:
    """Static contents plus renderers (a path whose text is computed when read)."""

    def __init__(self) -> None:
        self.static: dict[str, str] = {RESOLV_CONF: ""}
        self.renderers: dict[str, Callable[[], str]] = {}


def of(world: World) -> Files:
    """The World's file table, created on first use."""
    files = world.apps.get("files")
    if files is None:
        files = world.apps["files"] = Files()
    return files


def _norm(path: str) -> str:
    parts = [p for p in path.split("/") if p not in ("", ".")]
    return "/" + "/".join(parts)


def handles(world: World, path: str) -> bool:
    files = of(world)
    path = _norm(path)
    return path in files.static or path in files.renderers


def read(world: World, path: str) -> str | None:
    files = of(world)
    path = _norm(path)
    render = files.renderers.get(path)
    if render is not None:
        return render()
    return files.static.get(path)


def write(world: World, path: str, text: str) -> None:
    of(world).static[_norm(path)] = text
