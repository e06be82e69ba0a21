"""`ip` (iproute2 6.1): global options and object dispatch, as ip/ip.c does it.

Global options (`-n NS`, `-j`, `-p`, `-br`, `-s` (repeatable), `-d`, `-4`, `-6`, `-o`,
`-c`, `-N`...) are parsed by `vnet.cli.ip.options` into `IpOptions`; then the object
keyword is matched by prefix (`ip l`, `ip a`, `ip r`, `ip n`) against the table below,
the same order and abbreviations as iproute2's `cmds[]`. Each object module has
`main(ctx, opts, argv) -> status`; failures travel as `IpExit` (message + status).
"""

from __future__ import annotations

import importlib

from vnet.cli.context import Context
from vnet.cli.ip.errors import IpExit
from vnet.cli.ip.options import IpOptions, parse_global_options
from vnet.cli.ip.usage import IP as USAGE
from vnet.cli.shell.api import UnsupportedError

#  iproute2's cmds[] order matters for prefix matching: "ip a" is address, "ip r" route
OBJECTS: list[tuple[str, str]] = [
    ("address", "vnet.cli.ip.addr"),
    ("addrlabel", ""),
    ("maddress", "vnet.cli.ip.maddr"),
    ("route", "vnet.cli.ip.route"),
    ("rule", ""),
    ("neighbor", "vnet.cli.ip.neigh"),
    ("neighbour", "vnet.cli.ip.neigh"),
    ("ntable", ""),
    ("ntbl", ""),
    ("link", "vnet.cli.ip.link"),
    ("l2tp", ""),
    ("fou", ""),
    ("ila", ""),
    ("macsec", ""),
    ("tunnel", ""),
    ("tunl", ""),
    ("tuntap", "vnet.cli.ip.tuntap"),
    ("tap", "vnet.cli.ip.tuntap"),
    ("token", ""),
    ("tcpmetrics", ""),
    ("tcp_metrics", ""),
    ("monitor", ""),
    ("xfrm", ""),
    ("mroute", ""),
    ("mrule", ""),
    ("netns", "vnet.cli.ip.netns"),
    ("netconf", ""),
    ("vrf", ""),
    ("sr", ""),
    ("nexthop", ""),
    ("mptcp", ""),
    ("ioam", ""),
    ("help", "help"),
    ("stats", ""),
]


def main(ctx: Context, argv: list[str]) -> int:
    ctx.ordered_output = True      # iproute2 flushes stdout after every record it prints
    try:
        opts, rest, status = parse_global_options(ctx, argv)
        if status is not None:
            return status
        if opts.batch is not None:
            raise UnsupportedError("ip -batch")
        if opts.netns is not None:
            ctx = ctx.in_ns(ctx.world.named[opts.netns])
        if not rest:
            raise IpExit(USAGE, 255)
        return dispatch(ctx, opts, rest)
    except IpExit as stop:
        ctx.err(stop.message)
        return stop.status


def dispatch(ctx: Context, opts: IpOptions, rest: list[str]) -> int:
    word = rest[0]
    for name, module in OBJECTS:
        if name.startswith(word):
            if module == "help":
                raise IpExit(USAGE, 255)
            if not module:
                raise UnsupportedError(f"ip {name}")
            return importlib.import_module(module).main(ctx, opts, rest[1:])
    ctx.err(f'Object "{word}" is unknown, try "ip help".\n')
    return 1
