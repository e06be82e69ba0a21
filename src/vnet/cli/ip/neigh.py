"""`ip neighbour add|del|change|replace|show|flush|get` (ip/ipneigh.c) over the ARP table.

Entries come from the namespace's IPv4 neighbour table (vnet.net.neighbour, the
kernel's arp_tbl): `10.0.0.2 dev v0 lladdr 02:00:00:00:00:02 REACHABLE`, `FAILED`
without a link-layer address, `router`, `-s` with the `ref`/`used`/`probes` fields of
NDA_CACHEINFO/NDA_PROBES. Listing hides NOARP entries unless asked (`nud all`), flush
spares PERMANENT and NOARP ones. Changes follow neigh_add/neigh_delete
(net/core/neighbour.c): a new entry needs NLM_F_CREATE, `add` refuses an existing one,
an address shorter than the device's is "Invalid link address", a valid state needs
one ("No link layer address given"). The kernel dumps by hash bucket, so the order of
entries differs from Linux's; the comparison masks that.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from vnet.cli.context import Context
from vnet.cli.ip import usage
from vnet.cli.ip.errors import IpExit, duparg, duparg2, invarg, nodev, rtnl_error
from vnet.cli.ip.listing import printer
from vnet.cli.ip.options import IpOptions
from vnet.cli.ip.output import ANY, COLOR_IFNAME, COLOR_INET, COLOR_MAC, JSON, Printer
from vnet.cli.ip.util import (
    AF_INET,
    AF_INET6,
    AF_UNSPEC,
    Args,
    Prefix,
    format_ipv4,
    get_addr,
    get_prefix,
    get_unsigned,
    matches,
    name_to_index,
    parse_lladdr,
)
from vnet.cli.shell.api import UnsupportedError
from vnet.core.sched import NS_PER_SEC
from vnet.net import neighbour as N
from vnet.wire.mac import mac_to_str

if TYPE_CHECKING:
    from vnet.net.neighbour import Neighbour

STATE_ORDER = (N.NUD_INCOMPLETE, N.NUD_REACHABLE, N.NUD_STALE, N.NUD_DELAY, N.NUD_PROBE,
               N.NUD_FAILED, N.NUD_NOARP, N.NUD_PERMANENT)


def nud_state_a2n(text: str) -> int | None:
    if matches(text, "permanent"):
        return N.NUD_PERMANENT
    if matches(text, "reachable"):
        return N.NUD_REACHABLE
    exact = {"noarp": N.NUD_NOARP, "none": N.NUD_NONE, "stale": N.NUD_STALE,
             "incomplete": N.NUD_INCOMPLETE, "delay": N.NUD_DELAY, "probe": N.NUD_PROBE}
    if text in exact:
        return exact[text]
    if matches(text, "failed"):
        return N.NUD_FAILED
    value = get_unsigned(text)
    if value is None or value >= 0x100 or value & (value - 1):
        return None
    return value


def main(ctx: Context, opts: IpOptions, argv: list[str]) -> int:
    if not argv:
        return show_or_flush(ctx, opts, [], flush=False)
    word, rest = argv[0], argv[1:]
    if matches(word, "add"):
        return modify(ctx, opts, "add", rest)
    if matches(word, "change") or word == "chg":
        return modify(ctx, opts, "change", rest)
    if matches(word, "replace"):
        return modify(ctx, opts, "replace", rest)
    if matches(word, "delete"):
        return modify(ctx, opts, "delete", rest)
    if matches(word, "get"):
        return get(ctx, opts, rest)
    if matches(word, "show") or matches(word, "lst") or matches(word, "list"):
        return show_or_flush(ctx, opts, rest, flush=False)
    if matches(word, "flush"):
        return show_or_flush(ctx, opts, rest, flush=True)
    if matches(word, "help"):
        raise IpExit(usage.NEIGH, 255)
    raise IpExit(f'Command "{word}" is unknown, try "ip neigh help".\n', 255)


# -- changes ------------------------------------------------------------------------------


def modify(ctx: Context, opts: IpOptions, cmd: str, argv: list[str]) -> int:
    state = N.NUD_PERMANENT
    dev_name: str | None = None
    dst: Prefix | None = None
    lla: str | None = None
    router = False
    args = Args(argv)
    while args:
        w = args.cur
        if matches(w, "lladdr"):
            value = args.next()
            if lla is not None:
                raise duparg("lladdr", value)
            lla = value
        elif w == "nud":
            value = args.next()
            number = nud_state_a2n(value)
            if number is None:
                raise invarg("nud state is bad", value)
            state = number
        elif matches(w, "proxy"):
            raise UnsupportedError("ip neigh proxy")
        elif w == "router":
            router = True
        elif w in ("use", "managed") or matches(w, "extern_learn") or matches(w, "protocol"):
            raise UnsupportedError(f"ip neigh {w}")
        elif w == "dev":
            dev_name = args.next()
        else:
            if w == "to":
                w = args.next()
            if matches(w, "help"):
                w = args.next()
            if dst is not None:
                raise duparg2("to", w)
            dst = get_addr(w, opts.family)
        args.advance()
    if dev_name is None or dst is None or dst.family == AF_UNSPEC:
        raise IpExit("Device and destination are required arguments.\n", 255)
    lladdr: bytes | None = None
    if lla is not None and lla != "null":
        lladdr = parse_lladdr(lla)
    index = name_to_index(ctx.ns, dev_name)
    if not index:
        raise nodev(dev_name)
    dev = ctx.ns.by_index.get(index)
    if dev is None:
        raise rtnl_error("ENODEV")
    if dst.family != AF_INET:
        raise UnsupportedError("ip -6 neigh")
    table = ctx.ns.ipv4.arp_tbl
    key = dst.as_int()
    if cmd == "delete":
        entry = table.lookup(dev, key)
        if entry is None:
            raise rtnl_error("ENOENT", fatal=True)      # ipneigh_modify: exit(2)
        table.update(entry, None, N.NUD_FAILED, override=True, admin=True)
        table.delete(entry)
        return 0
    addr_len = len(dev.mac) if dev.link_type != "none" else 0
    if lladdr is not None and len(lladdr) < addr_len:
        raise rtnl_error("EINVAL", "Invalid link address", fatal=True)
    entry = table.lookup(dev, key)
    if entry is None:
        if cmd == "change":
            raise rtnl_error("ENOENT", fatal=True)
        entry = table.create(dev, key)
    elif cmd == "add":
        raise rtnl_error("EEXIST", fatal=True)
    if lladdr is not None:
        lladdr = lladdr[:addr_len]
    elif state & N.NUD_VALID:
        if not addr_len:
            lladdr = entry.lladdr
        elif not entry.state & N.NUD_VALID:
            raise rtnl_error("EINVAL", "No link layer address given", fatal=True)
        else:
            lladdr = entry.lladdr
    table.update(entry, lladdr, state, override=True, admin=True)
    if router:
        entry.is_router = True
    elif cmd == "replace":
        entry.is_router = False
    return 0


# -- listing ------------------------------------------------------------------------------


@dataclass
class NeighFilter:
    family: int = AF_UNSPEC
    index: int = 0
    state: int = 0xFF & ~N.NUD_NOARP
    pfx: Prefix | None = None
    unused: bool = False


def _entries(ctx: Context) -> list[Neighbour]:
    table = ctx.ns.ipv4.arp_tbl
    return list(table.entries.values())


def _passes(f: NeighFilter, e: Neighbour) -> bool:
    if f.family and f.family != AF_INET:
        return False
    if f.index and e.dev.ifindex != f.index:
        return False
    state = e.state
    if not f.state & state and (state or not f.state & 0x100):
        return False
    if f.pfx is not None and f.pfx.family:
        if f.pfx.family != AF_INET:
            return False
        bits = f.pfx.bitlen if f.pfx.bitlen >= 0 else 32
        if bits and (e.key ^ f.pfx.as_int()) >> (32 - bits):
            return False
    if f.unused and e.timer is not None:
        return False
    return True


def show_or_flush(ctx: Context, opts: IpOptions, argv: list[str], flush: bool) -> int:
    f = NeighFilter(family=opts.family)
    if flush:
        if not argv:
            raise IpExit("Flush requires arguments.\n", 1)
        f.state = ~(N.NUD_PERMANENT | N.NUD_NOARP)
    filter_dev: str | None = None
    state_given = False
    args = Args(argv)
    while args:
        w = args.cur
        if w == "dev":
            value = args.next()
            if filter_dev is not None:
                raise duparg("dev", value)
            filter_dev = value
        elif w in ("master", "vrf"):
            raise UnsupportedError(f"ip neigh show {w}")
        elif w == "nomaster":
            pass
        elif w == "unused":
            f.unused = True
        elif w == "nud":
            value = args.next()
            if not state_given:
                state_given = True
                f.state = 0
            number = nud_state_a2n(value)
            if number is None:
                if value != "all":
                    raise invarg("nud state is bad", value)
                number = ~0
                if flush:
                    number &= ~N.NUD_NOARP
            if number == 0:
                number = 0x100
            f.state |= number
        elif w == "proxy":
            raise UnsupportedError("ip neigh show proxy")
        elif matches(w, "protocol"):
            raise UnsupportedError("ip neigh show protocol")
        else:
            if w == "to":
                w = args.next()
            if matches(w, "help"):
                raise IpExit(usage.NEIGH, 255)
            f.pfx = get_prefix(w, f.family)
            if f.family == AF_UNSPEC:
                f.family = f.pfx.family
        args.advance()
    if filter_dev is not None:
        f.index = name_to_index(ctx.ns, filter_dev)
        if not f.index:
            raise nodev(filter_dev)
    if f.family == AF_INET6:
        p = printer(ctx, opts)
        p.begin()
        p.end()
        return 0
    if flush:
        return _flush(ctx, opts, f)
    p = printer(ctx, opts)
    p.begin()
    for e in _entries(ctx):
        if _passes(f, e):
            print_neigh(ctx, p, opts, e, f)
    p.end()
    return 0


def _flush(ctx: Context, opts: IpOptions, f: NeighFilter) -> int:
    table = ctx.ns.ipv4.arp_tbl
    p = printer(ctx, opts)
    rounds = 0
    while rounds < 10:
        victims = [e for e in _entries(ctx) if _passes(f, e)]
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
            for e in victims:
                print_neigh(ctx, p, opts, e, f)
        for e in victims:
            table.update(e, None, N.NUD_FAILED, override=True, admin=True)
            table.delete(e)
        if opts.stats:
            ctx.out(f"\n*** Round {rounds}, deleting {len(victims)} entries ***\n")
        f.state &= ~N.NUD_FAILED
    ctx.out("*** Flush not complete bailing out after 10 rounds\n")
    return 1


def print_neigh(ctx: Context, p: Printer, opts: IpOptions, e: Neighbour, f: NeighFilter) -> None:
    p.open_object()
    dst = format_ipv4(e.key)
    has_lladdr = bool(e.state & N.NUD_VALID) and e.lladdr is not None
    lladdr = mac_to_str(e.lladdr) if has_lladdr and e.lladdr is not None else ""
    if opts.brief:
        p.string(ANY, "dst", "%-39s ", dst, color=COLOR_INET)
        if not f.index:
            p.string(ANY, "dev", "%-16s ", e.dev.name, color=COLOR_IFNAME)
        if has_lladdr:
            p.string(ANY, "lladdr", "%s", lladdr, color=COLOR_MAC)
        p.text("\n")
        p.close_object()
        return
    p.string(ANY, "dst", "%s ", dst, color=COLOR_INET)
    if not f.index:
        p.text("dev ")
        p.string(ANY, "dev", "%s ", e.dev.name, color=COLOR_IFNAME)
    if has_lladdr:
        p.text("lladdr ")
        p.string(ANY, "lladdr", "%s ", lladdr, color=COLOR_MAC)
    if e.is_router:
        p.null(ANY, "router", "%s ", "router")
    if opts.stats:
        now = ctx.world.now
        if e.timer is not None:
            p.value(ANY, "refcnt", " ref %d", 1)
        p.value(ANY, "used", " used %d", max(0, now - e.used) // NS_PER_SEC)
        p.value(ANY, "confirmed", "/%d", max(0, now - e.confirmed) // NS_PER_SEC)
        p.value(ANY, "updated", "/%d", max(0, now - e.updated) // NS_PER_SEC)
        p.value(ANY, "probes", "probes %d ", e.probes)
    if e.state:
        p.open_array(JSON, "state")
        for bit in STATE_ORDER:
            if e.state & bit:
                p.string(ANY, None, "%s ", N.STATE_NAMES[bit])
        p.close_array(JSON, None)
    p.text("\n")
    p.close_object()


# -- get ------------------------------------------------------------------------------------


def get(ctx: Context, opts: IpOptions, argv: list[str]) -> int:
    dev_name: str | None = None
    dst: Prefix | None = None
    args = Args(argv)
    while args:
        w = args.cur
        if w == "dev":
            dev_name = args.next()
        elif matches(w, "proxy"):
            raise UnsupportedError("ip neigh get proxy")
        else:
            if w == "to":
                w = args.next()
            if matches(w, "help"):
                raise IpExit(usage.NEIGH, 255)
            if dst is not None:
                raise duparg2("to", w)
            dst = get_addr(w, opts.family)
        args.advance()
    if dev_name is None or dst is None or dst.family == AF_UNSPEC:
        raise IpExit("Device and address are required arguments.\n", 1)
    index = name_to_index(ctx.ns, dev_name)
    if not index:
        raise IpExit(f'Cannot find device "{dev_name}"\n', 1)
    dev = ctx.ns.by_index.get(index)
    if dst.family != AF_INET:
        raise UnsupportedError("ip -6 neigh get")
    entry = ctx.ns.ipv4.arp_tbl.lookup(dev, dst.as_int())
    if entry is None:
        raise rtnl_error("ENOENT", "Neighbour entry not found")
    p = printer(ctx, opts)
    print_neigh(ctx, p, opts, entry, NeighFilter())
    return 0
