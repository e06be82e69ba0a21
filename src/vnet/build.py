"""Which of vnet's modules are compiled, and whether this installation compiled them.

Every frame crosses the same few modules: the codecs, the scheduler, the devices, the
bridge and the IPv4 path (and the trace recorder, while a trace runs). `setup.py`
compiles exactly these with mypyc (the compiler that ships mypy and black): it
translates the same type-annotated Python source into C extension modules, so the
source here stays the one definition of the behaviour and the simulator still needs
nothing outside the standard library at run time. Set
``VNET_PURE=1`` when installing to get plain Python; `make test` runs the unit suite in
both forms and a test compares their outputs and pcaps byte for byte.

This module is read by `setup.py` before vnet is installed, so it imports only the
standard library.
"""

from __future__ import annotations

import importlib.machinery
import importlib.util

#: modules compiled to C when vnet is installed without VNET_PURE=1 (all of them at once:
#: a compiled class can only be subclassed by compiled classes, so every Device kind is
#: in the list)
COMPILED_MODULES: tuple[str, ...] = (
    "vnet.core.netns",
    "vnet.core.sched",
    "vnet.core.world",
    "vnet.link.bridge.bridge",
    "vnet.link.bridge.fdb",
    "vnet.link.bridge.forward",
    "vnet.link.bridge.input",
    "vnet.link.bridge.port",
    "vnet.link.device",
    "vnet.link.loopback",
    "vnet.link.macvlan",
    "vnet.link.tuntap",
    "vnet.link.veth",
    "vnet.link.vlan",
    "vnet.link.vxlan",
    "vnet.net.fib",
    "vnet.net.icmp",
    "vnet.net.ipv4_forward",
    "vnet.net.ipv4_input",
    "vnet.net.ipv4_output",
    "vnet.net.neighbour",
    "vnet.net.route",
    "vnet.net.stack",
    "vnet.trace.tracer",
    "vnet.transport.raw",
    "vnet.wire.checksum",
    "vnet.wire.ethernet",
    "vnet.wire.icmp",
    "vnet.wire.ipv4",
)


def compiled_modules() -> list[str]:
    """The modules of COMPILED_MODULES that this interpreter loads from an extension."""
    found = []
    for name in COMPILED_MODULES:
        spec = importlib.util.find_spec(name)
        if spec is not None and isinstance(spec.loader, importlib.machinery.ExtensionFileLoader):
            found.append(name)
    return found


def describe() -> str:
    """One line for `vnet --version` and the benchmark: how this vnet was built."""
    done = compiled_modules()
    if not done:
        return "pure Python"
    if len(done) == len(COMPILED_MODULES):
        return f"mypyc: {len(done)} packet-path modules compiled"
    return f"mypyc: {len(done)} of {len(COMPILED_MODULES)} packet-path modules compiled"
