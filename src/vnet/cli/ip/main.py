"""`ip` (iproute2 6.1): global options and object dispatch, as ip/ip.c does it.

Global options (`-n NS`, `-j`, `-p`, `-br`, `-s` (repeatable), `-d`, `-4`, `-6`, `-o`,
`-c`, `-N`...) are parsed here into `IpOptions`; then the object keyword is matched by
prefix (`ip l`, `ip a`, `ip r`, `ip n`) against the table below, the same order and
abbreviations as iproute2's `cmds[]`.
"""

from __future__ import annotations

import importlib

from vnet.cli.context import Context
from vnet.cli.ip.options import IpOptions, parse_global_options
from vnet.cli.shell.api import UnsupportedError

#  iproute2's cmds[] order matters for prefix matching: "ip a" is address, "ip r" route
OBJECTS: list[tuple[str, str]] = [
    ("address", "vnet.cli.ip.addr"),
    ("addrlabel", ""),
    ("maddress", ""),
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
    ("help", ""),
    ("stats", ""),
]


def main(ctx: Context, argv: list[str]) -> int:
    opts, rest, status = parse_global_options(ctx, argv)
    if status is not None:
        return status
    if opts.netns is not None:
        ns = ctx.world.named.get(opts.netns)
        if ns is None:
            ctx.err(f'Cannot open network namespace "{opts.netns}": No such file or directory\n')
            return 255
        ctx = ctx.in_ns(ns)
    if not rest:
        return usage(ctx)
    return dispatch(ctx, opts, rest)


def dispatch(ctx: Context, opts: IpOptions, rest: list[str]) -> int:
    word = rest[0]
    for name, module in OBJECTS:
        if name.startswith(word):
            if not module:
                raise UnsupportedError(f"ip {name}")
            return importlib.import_module(module).main(ctx, opts, rest[1:])
    ctx.err(f'Object "{word}" is unknown, try "ip help".\n')
    return 1


def usage(ctx: Context) -> int:
    ctx.err(USAGE)
    return 255


USAGE = """\
Usage: ip [ OPTIONS ] OBJECT { COMMAND | help }
       ip [ -force ] -batch filename
where  OBJECT := { address | addrlabel | amt | fou | help | ila | ioam | l2tp | link |
                   macsec | maddress | monitor | mptcp | mroute | mrule |
                   neighbor | neighbour | netconf | netns | nexthop | ntable |
                   ntbl | route | rule | sr | tap | tcpmetrics |
                   token | tunnel | tuntap | vrf | xfrm }
       OPTIONS := { -V[ersion] | -s[tatistics] | -d[etails] | -r[esolve] |
                    -h[uman-readable] | -iec | -j[son] | -p[retty] |
                    -f[amily] { inet | inet6 | mpls | bridge | link } |
                    -4 | -6 | -M | -B | -0 |
                    -l[oops] { maximum-addr-flush-attempts } | -br[ief] |
                    -o[neline] | -t[imestamp] | -ts[hort] | -b[atch] [filename] |
                    -rc[vbuf] [size] | -n[etns] name | -N[umeric] | -a[ll] |
                    -c[olor]}
"""
