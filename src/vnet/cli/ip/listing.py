"""`ip link show` and `ip address show|flush`: one selector parser, one dump loop.

iproute2 serves both from ipaddr_list_flush_or_save() (ip/ipaddress.c): `ip link show`
is the address listing with family AF_PACKET and `do_link` set. The selectors (`dev`,
`up`, `master`, `nomaster`, `type`, `group`, `scope`, `label`, `to`, flag words) filter
links and addresses as the real tool does, including its quirks: a label filter hides
the link header, a link whose addresses all fail the filter disappears while a link
with no address at all stays, and JSON keeps an empty `{}` for each record the filter
dropped after its object was opened. `flush` deletes what the dump matches, in rounds.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from vnet.cli.context import Context
from vnet.cli.ip import addrfmt, linkfmt, usage
from vnet.cli.ip.errors import IpExit, duparg2, invarg
from vnet.cli.ip.options import IpOptions
from vnet.cli.ip.output import JSON, Printer
from vnet.cli.ip.util import (
    AF_INET,
    AF_INET6,
    AF_PACKET,
    AF_UNSPEC,
    Args,
    get_prefix,
    get_unsigned,
    matches,
    name_to_index,
    scope_a2n,
)
from vnet.net import addr as addrmod

if TYPE_CHECKING:
    from vnet.link.device import Device

LIST, FLUSH = 0, 1


@dataclass
class LinkFilter:
    ifindex: int = 0
    up: bool = False
    group: int = -1
    master: int = 0            # >0 that master, -1 nomaster
    kind: str | None = None
    slave_kind: str | None = None
    addr: addrfmt.AddrFilter = field(default_factory=addrfmt.AddrFilter)


def printer(ctx: Context, opts: IpOptions) -> Printer:
    return Printer(ctx.out, json=bool(opts.json), pretty=bool(opts.pretty),
                   oneline=bool(opts.oneline), color=opts.color)


def link_kind(dev: Device) -> str:
    return dev.kind or ""


def link_passes(f: LinkFilter, dev: Device) -> bool:
    """The filters print_linkinfo applies (plus the kernel's own master/kind dump filter)."""
    if f.ifindex and dev.ifindex != f.ifindex:
        return False
    if f.up and not dev.admin_up:
        return False
    if f.group != -1 and dev.ifgroup != f.group:
        return False
    if f.master > 0 and (dev.master is None or dev.master.ifindex != f.master):
        return False
    if f.kind is not None and link_kind(dev) != f.kind:
        return False
    if f.slave_kind is not None:
        master = dev.master
        if master is None or (master.kind or "") != f.slave_kind:
            return False
    return True


def dumped_links(ctx: Context, f: LinkFilter) -> list[Device]:
    """The RTM_GETLINK dump: the kernel filters by master/nomaster and kind itself."""
    devs = ctx.ns.devices()
    if f.ifindex:
        devs = [d for d in devs if d.ifindex == f.ifindex]
    if f.master == -1:
        devs = [d for d in devs if d.master is None]
    elif f.master > 0:
        devs = [d for d in devs if d.master is not None and d.master.ifindex == f.master]
    if f.kind is not None:
        devs = [d for d in devs if link_kind(d) == f.kind]
    return devs


def parse_selectors(ctx: Context, opts: IpOptions, argv: list[str], do_link: bool,
                    family: int) -> tuple[LinkFilter, str | None]:
    f = LinkFilter()
    f.addr.family = family
    filter_dev: str | None = None
    args = Args(argv)
    while args:
        word = args.cur
        if word == "to":
            value = args.next()
            f.addr.pfx = pfx = get_prefix(value, f.addr.family)
            if f.addr.family == AF_UNSPEC:
                f.addr.family = pfx.family
        elif word == "scope":
            value = args.next()
            f.addr.scopemask = -1
            scope = scope_a2n(value)
            if scope is None:
                if value != "all":
                    raise invarg('invalid "scope"\n', value)
                scope = 255
                f.addr.scopemask = 0
            f.addr.scope = scope
        elif word == "up":
            f.up = True
        elif f.addr.add_flag(word):
            pass
        elif word == "label":
            f.addr.label = args.next()
        elif word == "group":
            value = args.next()
            group = 0 if value == "default" else get_unsigned(value)
            if group is None:
                raise invarg('Invalid "group" value\n', value)
            f.group = group
        elif word == "master":
            value = args.next()
            index = name_to_index(ctx.ns, value)
            if not index:
                raise invarg("Device does not exist\n", value)
            f.master = index
        elif word == "vrf":
            value = args.next()
            raise invarg("Not a valid VRF name\n", value)
        elif word == "nomaster":
            f.master = -1
        elif word == "type":
            value = args.next()
            if value.endswith("_slave"):
                f.slave_kind = value[: -len("_slave")]
            else:
                f.kind = value
        else:
            if word == "dev":
                word = args.next()
            elif matches(word, "help"):
                raise IpExit(usage.LINK if do_link else usage.ADDRESS, 255)
            if filter_dev is not None:
                raise duparg2("dev", word)
            filter_dev = word
        args.advance()
    return f, filter_dev


def list_or_flush(ctx: Context, opts: IpOptions, argv: list[str], do_link: bool,
                  action: int = LIST) -> int:
    family = AF_PACKET if do_link else opts.family
    if action == FLUSH:
        if not argv:
            raise IpExit("Flush requires arguments.\n", 1)
        if family == AF_PACKET:
            raise IpExit("Cannot flush link addresses.\n", 1)
    f, filter_dev = parse_selectors(ctx, opts, argv, do_link, family)
    if filter_dev is not None:
        f.ifindex = name_to_index(ctx.ns, filter_dev)
        if f.ifindex <= 0:
            raise IpExit(f'Device "{filter_dev}" does not exist.\n', 1)
    if action == FLUSH:
        return flush(ctx, opts, f)
    p = printer(ctx, opts)
    p.begin()
    try:
        if filter_dev is not None and f.group == -1 and do_link:
            dev = ctx.ns.get(filter_dev)        # iplink_get asks by IFLA_IFNAME
            if dev is None:
                raise IpExit("RTNETLINK answers: No such device\n"
                             "Cannot send link get request: No such device\n", 1)
            p.open_object()
            if link_passes(f, dev):
                _print_link(ctx, p, opts, dev, f, do_link)
            p.close_object()
            return 0
        links = dumped_links(ctx, f)
        inet6_dump = not f.ifindex and family == AF_INET6
        if inet6_dump:
            ipv6 = getattr(ctx.ns, "ipv6", None)
            if ipv6 is not None:
                links = [d for d in links if ipv6.idev(d) is not None]
        no_link = False
        addrs: dict[Device, list[addrfmt.Addr]] = {}
        if f.addr.family != AF_PACKET:
            no_link = bool(opts.oneline)
            for dev in links:
                addrs[dev] = addrfmt.addresses(dev, f.addr.family)
            links = [d for d in links if _has_matching_address(f, addrs[d])]
        for dev in links:
            p.open_object()
            res = 0
            if opts.brief or not no_link:
                res = _print_link(ctx, p, opts, dev, f, do_link, inet6_dump) \
                    if link_passes(f, dev) else -1
            if res >= 0 and f.addr.family != AF_PACKET:
                _print_selected_addrs(p, opts, dev, addrs[dev], f)
            if res > 0 and not do_link and opts.stats:
                linkfmt.print_stats64(p, dev, opts)
                p.nl()
            p.close_object()
    finally:
        p.end()
    return 0


def _has_matching_address(f: LinkFilter, addrs: list[addrfmt.Addr]) -> bool:
    """ipaddr_filter: keep a link with a matching address, or with none at all."""
    if not addrs:
        return f.addr.family in (AF_UNSPEC, AF_PACKET)
    for a in addrs:
        fa = f.addr
        if fa.family and fa.family != a.family:
            continue
        if (fa.scope ^ a.scope) & fa.scopemask:
            continue
        if (fa.flags ^ a.flags) & fa.flagmask:
            continue
        if not fa.matches(a):
            continue
        return True
    return False


def _print_link(ctx: Context, p: Printer, opts: IpOptions, dev: Device, f: LinkFilter,
                do_link: bool, inet6_dump: bool = False) -> int:
    """print_linkinfo: -1 filtered out, 0 brief or label-filtered, 1 printed."""
    if f.addr.label is not None:
        return 0
    if opts.brief:
        linkfmt.print_link_brief(p, ctx.ns, dev, f.addr.family)
        return 0
    linkfmt.print_link(p, ctx.ns, dev, opts, do_link, f.addr.family, inet6_dump)
    p.text("\n")
    return 1


def _print_selected_addrs(p: Printer, opts: IpOptions, dev: Device,
                          addrs: list[addrfmt.Addr], f: LinkFilter) -> None:
    p.open_array(JSON, "addr_info")
    for a in addrs:
        if f.up and not dev.admin_up:
            continue
        p.open_object()
        if f.addr.matches(a):
            addrfmt.print_addr(p, a, bool(opts.brief), oneline=bool(opts.oneline))
        p.close_object()
    p.close_array(JSON, None)
    if opts.brief:
        p.text("\n")


# -- flush --------------------------------------------------------------------------------------


def flush(ctx: Context, opts: IpOptions, f: LinkFilter) -> int:
    """ipaddr_flush: dump, delete every match, repeat until a round finds nothing."""
    p = printer(ctx, opts)
    rounds = 0
    while opts.loops == 0 or rounds < opts.loops:
        victims: list[addrfmt.Addr] = []
        for dev in ctx.ns.devices():
            if f.ifindex and dev.ifindex != f.ifindex:
                continue
            for a in addrfmt.addresses(dev, f.addr.family):
                if f.addr.matches(a):
                    victims.append(a)
        if not victims:
            if opts.stats:
                if rounds == 0:
                    ctx.out("Nothing to flush.\n")
                else:
                    ctx.out(f"*** Flush is complete after {rounds} round"
                            f"{'s' if rounds > 1 else ''} ***\n")
            return 0
        rounds += 1
        if opts.stats > 1:
            for a in victims:
                addrfmt.print_addr(p, a, False, flushing=True)
        for a in victims:
            delete_address(ctx, a)
        if opts.stats:
            ctx.out(f"\n*** Round {rounds}, deleting {len(victims)} addresses ***\n")
        if not f.addr.flags & addrfmt.IFA_F_SECONDARY and f.addr.flagmask & addrfmt.IFA_F_SECONDARY:
            if opts.stats:
                ctx.out(f"*** Flush is complete after {rounds} round"
                        f"{'s' if rounds > 1 else ''} ***\n")
            return 0
    ctx.err(f"*** Flush remains incomplete after {opts.loops} rounds. ***\n")
    return 1


def delete_address(ctx: Context, a: addrfmt.Addr) -> None:
    """One RTM_DELADDR of a flush; an address already gone with its primary is skipped."""
    if a.family == AF_INET:
        if a.obj in a.dev.ip4:
            addrmod.delete(ctx.ns.ipv4, a.obj)
    elif a.family == AF_INET6:
        remove = getattr(getattr(ctx.ns, "ipv6", None), "delete_address", None)
        if remove is None:
            from vnet.cli.shell.api import UnsupportedError
            raise UnsupportedError("deleting IPv6 addresses")
        if a.obj in getattr(a.dev, "ip6", []):
            remove(a.obj)
