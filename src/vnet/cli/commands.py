"""The registry of simulated commands: name -> `main(ctx, argv) -> int`.

Command families live in their own modules (one per family, as DESIGN.md lays out);
this table is the only place that lists them. Imports are lazy so a script that only
uses `ip` does not load the DHCP server.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable

from vnet.cli.context import Context
from vnet.cli.shell.api import UnsupportedError

#  command name -> "module:function"
COMMANDS: dict[str, str] = {
    "ip": "vnet.cli.ip.main:main",
    "bridge": "vnet.cli.bridge:main",
    "brctl": "vnet.cli.brctl:main",
    "ifconfig": "vnet.cli.ifconfig:main",
    "sysctl": "vnet.cli.sysctl:main",
    "ping": "vnet.cli.ping:main",
    "route": "vnet.cli.route:main",
    "traceroute": "vnet.cli.traceroute:main",
    "vnet": "vnet.cli.vnet_cmd:main",
    "trace": "vnet.cli.trace_cmd:main",
    "dnsmasq": "vnet.cli.dnsmasq:main",
    "dhclient": "vnet.cli.dhclient:main",
    "nc": "vnet.cli.nc:main",
    "iptables": "vnet.cli.iptables.main:main",
    "iptables-save": "vnet.cli.iptables.save:save_main",
    "iptables-restore": "vnet.cli.iptables.save:restore_main",
    "conntrack": "vnet.cli.conntrack:main",
    "vconfig": "vnet.cli.vconfig:main",
}


def lookup(name: str) -> Callable[[Context, list[str]], int] | None:
    target = COMMANDS.get(name)
    if target is None:
        return None
    module, func = target.split(":")
    return getattr(importlib.import_module(module), func)


def run(ctx: Context, argv: list[str]) -> int:
    """Run argv[0] with argv[1:] in ctx; UnsupportedError for unknown names."""
    main = lookup(argv[0])
    if main is None:
        raise UnsupportedError(f"command {argv[0]!r}")
    ctx.prog = argv[0]
    return main(ctx, argv[1:])
