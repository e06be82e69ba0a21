"""`ip maddress show [dev D]` (ip/ipmaddr.c): link, IPv4 and IPv6 multicast memberships.

The real tool reads /proc/net/dev_mcast, /proc/net/igmp and /proc/net/igmp6; the
memberships and their rendering come from the IPv6 configuration (vnet.net.addrconf,
vnet.net.ipv6_print), which keeps every device's groups in the kernel's order. A device
name that matches nothing prints nothing. `add`/`del` of static link-layer groups and
`-j` are not simulated.
"""

from __future__ import annotations

from vnet.cli.context import Context
from vnet.cli.ip.errors import IpExit, duparg2
from vnet.cli.ip.options import IpOptions
from vnet.cli.ip.util import AF_INET, AF_INET6, AF_PACKET, Args, matches
from vnet.cli.shell.api import UnsupportedError

USAGE = ("Usage: ip maddr [ add | del ] MULTIADDR dev STRING\n"
         "       ip maddr show [ dev STRING ]\n")


def main(ctx: Context, opts: IpOptions, argv: list[str]) -> int:
    if not argv:
        return show(ctx, opts, [])
    word = argv[0]
    if matches(word, "add") or matches(word, "delete"):
        raise UnsupportedError(f"ip maddress {word}")
    if matches(word, "list") or matches(word, "show") or matches(word, "lst"):
        return show(ctx, opts, argv[1:])
    if matches(word, "help"):
        raise IpExit(USAGE, 255)
    raise IpExit(f'Command "{word}" is unknown, try "ip maddr help".\n', 255)


def show(ctx: Context, opts: IpOptions, argv: list[str]) -> int:
    dev_name: str | None = None
    args = Args(argv)
    while args:
        w = args.cur
        if w == "dev":
            w = args.next()
        elif matches(w, "help"):
            raise IpExit(USAGE, 255)
        if dev_name is not None:
            raise duparg2("dev", w)
        dev_name = w
        args.advance()
    if opts.json:
        raise UnsupportedError("ip -j maddress")
    from vnet.net.ipv6_print import maddr_lines

    family = {AF_PACKET: "link", AF_INET: "inet", AF_INET6: "inet6"}.get(opts.family)
    if opts.family and family is None:
        return 0
    if dev_name is not None:
        dev = ctx.ns.get(dev_name)
        if dev is None:
            return 0
        ctx.out(maddr_lines(ctx.ns, dev, family))
    else:
        ctx.out(maddr_lines(ctx.ns, None, family))
    return 0
