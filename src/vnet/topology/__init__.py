"""Topology files: networks described in TOML or JSON (schema) and realised as the command
lines of a lab script (script), so both backends run them."""

from vnet.topology.schema import Topology, TopologyError, load, loads
from vnet.topology.script import to_script

__all__ = ["Topology", "TopologyError", "load", "loads", "to_script", "is_topology"]


def is_topology(path: str) -> bool:
    """Whether `vnet run`/`diff` read `path` as a topology file (by its suffix)."""
    return path.endswith((".toml", ".json"))
