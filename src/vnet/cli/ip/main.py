"""`ip` (iproute2 6.1): global options, object dispatch and -batch, as ip/ip.c does it.

Global options (`-n NS`, `-j`, `-p`, `-br`, `-s` (repeatable), `-d`, `-4`, `-6`, `-o`,
`-c`, `-N`...) are parsed by `vnet.cli.ip.options` into `IpOptions`; then the object
keyword is matched by prefix (`ip l`, `ip a`, `ip r`, `ip n`) against the table below,
the same order and abbreviations as iproute2's `cmds[]`. Each object module has
`main(ctx, opts, argv) -> status`; failures travel as `IpExit` (message + status).
`-batch -` runs the commands of standard input (lib/utils.c do_batch: `#` comments,
backslash continuations, quoting as makeargs), stopping at the first failure unless
`-force`; an exit() inside a command still ends `ip`.
"""

from __future__ import annotations

import dataclasses
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
        if opts.netns is not None:
            ctx = ctx.in_ns(ctx.world.named[opts.netns])
        if opts.batch is not None:
            return batch(ctx, opts, opts.batch)
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


def batch(ctx: Context, opts: IpOptions, name: str) -> int:
    """do_batch: one command per line; "Command failed NAME:LINE" for each failure."""
    if name != "-":
        raise UnsupportedError("ip -batch FILE (vnet reads only `-`, the standard input)")
    status = 0
    for lineno, argv in batch_commands(ctx.stdin):
        try:
            ret = dispatch(ctx, dataclasses.replace(opts), argv)
        except IpExit as stop:
            if stop.fatal:
                raise
            ctx.err(stop.message)
            ret = stop.status
        if ret:
            ctx.err(f"Command failed {name}:{lineno}\n")
            status = 1
            if not opts.force:
                break
    return status


def batch_commands(text: str) -> list[tuple[int, list[str]]]:
    """getcmdline + makeargs: (line number, argv) for every non-blank command."""
    out: list[tuple[int, list[str]]] = []
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    i = 0
    while i < len(lines):
        line = lines[i].split("#", 1)[0]
        i += 1
        while line.endswith("\\") and i < len(lines):
            line = line[:-1] + lines[i].split("#", 1)[0]
            i += 1
        argv = makeargs(line)
        if argv:
            out.append((i, argv))
    return out


def makeargs(line: str) -> list[str]:
    """Whitespace-separated words; a word starting with a quote runs to the same quote."""
    argv: list[str] = []
    pos = 0
    ws = " \t\r\n"
    while pos < len(line):
        while pos < len(line) and line[pos] in ws:
            pos += 1
        if pos >= len(line):
            break
        if line[pos] in "'\"":
            quote = line[pos]
            end = line.find(quote, pos + 1)
            if end < 0:
                raise IpExit("Unterminated quoted string\n", 1, fatal=True)
            argv.append(line[pos + 1:end])
            pos = end + 1
        else:
            end = pos
            while end < len(line) and line[end] not in ws:
                end += 1
            argv.append(line[pos:end])
            pos = end + 1
    return argv
