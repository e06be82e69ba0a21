"""`bridge` (iproute2 6.1): the `link` and `fdb` objects, as bridge/bridge.c, link.c, fdb.c.

Global options are matched the way bridge.c's main() does (`-s` is -stats, `-c` is
-color, `-n NS` switches namespace). `bridge link` lists bridge ports in the order the
kernel walks its device list (rtnl_bridge_getlink: the order devices entered the
namespace); the `@peer` name is resolved in the dumping namespace from the peer's
ifindex, since the bridge dump carries IFLA_LINK without a netnsid (a peer in another
namespace shows as `@ifN`, or as whatever local device has that index). `bridge fdb`
walks the same list (rtnl_fdb_dump): for a port, the bridge's entries that point at it,
newest first, then its own link-layer addresses (`self permanent`, dev->uc then
dev->mc); for a bridge, its own addresses then its port-less local entries; for a vxlan,
its forwarding database (vxlan_fdb_dump: a line per remote, `dst`, `port`/`vni` when
not the device's, `via`, `link-netnsid` when the device left its link namespace).

Deviations: `bridge fdb add|del ... self` on a device that is not a bridge only does
what needs no unicast address list (an existing multicast address answers EEXIST, a
delete ENOENT); mdb, vlan, vni, monitor, `fdb get`, `fdb flush` and `-batch` are not
simulated.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from vnet.cli.context import Context
from vnet.cli.ip import linkfmt
from vnet.cli.ip.errors import IpExit, duparg, duparg2, invarg, strerror
from vnet.cli.ip.output import ANY, COLOR_IFNAME, COLOR_MAC, FP, JSON, Printer
from vnet.cli.ip.util import (
    AF_INET,
    Args,
    find_device,
    format_ipv4,
    get_addr,
    get_unsigned,
    index_to_name,
    matches,
    strtoul,
)
from vnet.cli.shell.api import UnsupportedError
from vnet.link import vxlan
from vnet.link.bridge import fdb as br_fdb
from vnet.link.bridge import stp_if
from vnet.link.bridge.bridge import Bridge
from vnet.link.bridge.port import STATE_NAMES, BridgePort
from vnet.link.device import DeviceError
from vnet.wire.mac import mac_to_str

if TYPE_CHECKING:
    from vnet.core.netns import Namespace
    from vnet.link.device import Device

VERSION = "6.1.0"

USAGE = (
    "Usage: bridge [ OPTIONS ] OBJECT { COMMAND | help }\n"
    "       bridge [ -force ] -batch filename\n"
    "where  OBJECT := { link | fdb | mdb | vlan | monitor }\n"
    "       OPTIONS := { -V[ersion] | -s[tatistics] | -d[etails] |\n"
    "                    -o[neline] | -t[imestamp] | -n[etns] name |\n"
    "                    -c[ompressvlans] -color -p[retty] -j[son] }\n"
)

LINK_USAGE = (
    "Usage: bridge link set dev DEV [ cost COST ] [ priority PRIO ] [ state STATE ]\n"
    "                               [ guard {on | off} ]\n"
    "                               [ hairpin {on | off} ]\n"
    "                               [ fastleave {on | off} ]\n"
    "                               [ root_block {on | off} ]\n"
    "                               [ learning {on | off} ]\n"
    "                               [ learning_sync {on | off} ]\n"
    "                               [ flood {on | off} ]\n"
    "                               [ mcast_router MULTICAST_ROUTER ]\n"
    "                               [ mcast_flood {on | off} ]\n"
    "                               [ bcast_flood {on | off} ]\n"
    "                               [ mcast_to_unicast {on | off} ]\n"
    "                               [ neigh_suppress {on | off} ]\n"
    "                               [ vlan_tunnel {on | off} ]\n"
    "                               [ isolated {on | off} ]\n"
    "                               [ locked {on | off} ]\n"
    "                               [ hwmode {vepa | veb} ]\n"
    "                               [ backup_port DEVICE ] [ nobackup_port ]\n"
    "                               [ self ] [ master ]\n"
    "       bridge link show [dev DEV]\n"
)

FDB_USAGE = (
    "Usage: bridge fdb { add | append | del | replace } ADDR dev DEV\n"
    "              [ self ] [ master ] [ use ] [ router ] [ extern_learn ]\n"
    "              [ sticky ] [ local | static | dynamic ] [ vlan VID ]\n"
    "              { [ dst IPADDR ] [ port PORT] [ vni VNI ] | [ nhid NHID ] }\n"
    "\t       [ via DEV ] [ src_vni VNI ]\n"
    "       bridge fdb [ show [ br BRDEV ] [ brport DEV ] [ vlan VID ]\n"
    "              [ state STATE ] [ dynamic ] ]\n"
    "       bridge fdb get [ to ] LLADDR [ br BRDEV ] { brport | dev } DEV\n"
    "              [ vlan VID ] [ vni VNI ] [ self ] [ master ] [ dynamic ]\n"
    "       bridge fdb flush dev DEV [ brport DEV ] [ vlan VID ]\n"
    "              [ self ] [ master ] [ [no]permanent | [no]static | [no]dynamic ]\n"
    "              [ [no]added_by_user ] [ [no]extern_learn ] [ [no]sticky ]\n"
    "              [ [no]offloaded ]\n"
)

#  neighbour states (include/uapi/linux/neighbour.h) as fdb entries carry them
NUD_REACHABLE = 0x02
NUD_STALE = 0x04
NUD_NOARP = 0x40
NUD_PERMANENT = 0x80
USER_HZ = 100


@dataclass
class Opts:
    stats: int = 0
    details: int = 0
    oneline: bool = False
    json: bool = False
    pretty: bool = False
    color: bool = False

    def printer(self, ctx: Context) -> Printer:
        return Printer(ctx.out, json=self.json, pretty=self.pretty, oneline=self.oneline,
                       color=self.color)


def fail(text: str, status: int = 255) -> IpExit:
    return IpExit(text, status)


def rtnl_answers(errno_name: str) -> IpExit:
    """rtnl_talk failed: the command returns -1, bridge exits 255."""
    return IpExit(f"RTNETLINK answers: {strerror(errno_name)}\n", 255)


def main(ctx: Context, argv: list[str]) -> int:
    try:
        return _main(ctx, argv)
    except IpExit as exc:
        ctx.err(exc.message)
        return exc.status


def _main(ctx: Context, argv: list[str]) -> int:
    opts = Opts()
    args = list(argv)
    while args:
        opt = args[0]
        if opt == "--":
            args.pop(0)
            break
        if not opt.startswith("-"):
            break
        if opt.startswith("--"):
            opt = opt[1:]
        if matches(opt, "-help"):
            raise fail(USAGE)
        elif matches(opt, "-Version"):
            ctx.out(f"bridge utility, {VERSION}\n")
            return 0
        elif matches(opt, "-stats") or matches(opt, "-statistics"):
            opts.stats += 1
        elif matches(opt, "-details"):
            opts.details += 1
        elif matches(opt, "-oneline"):
            opts.oneline = True
        elif matches(opt, "-timestamp"):
            pass
        elif matches(opt, "-family"):
            args.pop(0)
            if not args or args[0] == "help":
                raise fail(USAGE)
            if args[0] not in ("inet", "inet6"):
                raise invarg("invalid protocol family", args[0])
        elif opt in ("-4", "-6"):
            pass
        elif matches(opt, "-netns"):
            if len(args) < 2:
                raise fail('Command line is not complete. Try option "help"\n')
            args.pop(0)
            ns = ctx.world.named.get(args[0])
            if ns is None:
                raise fail(f'Cannot open network namespace "{args[0]}": '
                           "No such file or directory\n")
            ctx = ctx.in_ns(ns)
        elif _matches_color(opt):
            opts.color = not opt.endswith(("=never", "=no"))
        elif matches(opt, "-compressvlans") or matches(opt, "-force"):
            pass
        elif matches(opt, "-json"):
            opts.json = True
        elif matches(opt, "-pretty"):
            opts.pretty = True
        elif matches(opt, "-batch"):
            raise UnsupportedError("bridge -batch")
        else:
            raise fail(f'Option "{opt}" is unknown, try "bridge help".\n')
        args.pop(0)
    if not args:
        raise fail(USAGE)
    word = args[0]
    for name in ("link", "fdb", "mdb", "vlan", "vni", "monitor", "help"):
        if matches(word, name):
            if name == "link":
                return do_link(ctx, opts, args[1:])
            if name == "fdb":
                return do_fdb(ctx, opts, args[1:])
            if name == "help":
                raise fail(USAGE)
            raise UnsupportedError(f"bridge {name}")
    raise fail(f'Object "{word}" is unknown, try "bridge help".\n')


def _matches_color(opt: str) -> bool:
    """matches_color(): -c[olor][=always|auto|never]."""
    head = opt.split("=", 1)[0]
    return matches(head, "-color")


# -- bridge link ------------------------------------------------------------------------------

def do_link(ctx: Context, opts: Opts, argv: list[str]) -> int:
    if not argv:
        return link_show(ctx, opts, [])
    word = argv[0]
    if matches(word, "set") or matches(word, "change"):
        return link_set(ctx, argv[1:])
    if matches(word, "show") or matches(word, "lst") or matches(word, "list"):
        return link_show(ctx, opts, argv[1:])
    if matches(word, "help"):
        raise fail(LINK_USAGE)
    raise fail(f'Command "{word}" is unknown, try "bridge link help".\n')


def ns_devices(ns: Namespace) -> list[Device]:
    """for_each_netdev: the order devices were registered in (or moved into) ns."""
    return list(ns.by_index.values())


def port_of(dev: Device) -> BridgePort | None:
    master = dev.master
    if isinstance(master, Bridge):
        return master.ports.get(dev)
    return None


def link_show(ctx: Context, opts: Opts, argv: list[str]) -> int:
    filter_dev: str | None = None
    args = Args(argv)
    while args:
        if args.cur == "dev":
            value = args.next()
            if filter_dev is not None:
                raise duparg("dev", value)
            filter_dev = value
        args.advance()
    only: Device | None = None
    if filter_dev is not None:
        only = find_device(ctx.ns, filter_dev)
        if only is None:
            raise fail(f'Cannot find device "{filter_dev}"\n')
    p = opts.printer(ctx)
    p.begin()
    for dev in ns_devices(ctx.ns):
        port = port_of(dev)
        if port is None or (only is not None and dev is not only):
            continue
        print_port(p, ctx.ns, dev, port, opts)
    p.end()
    return 0


def _name_and_link(p: Printer, ns: Namespace, dev: Device) -> bool:
    """print_name_and_link with the IFLA_LINK of a bridge dump (no netnsid): the peer's
    index named in the dumping namespace; M-DOWN when that device is down."""
    name = dev.name
    m_flag = False
    peer = dev.iflink_dev()
    #  br_fill_ifinfo puts IFLA_LINK only when dev_get_iflink() differs from ifindex
    if peer is not None and peer.netns is not None and peer.ifindex != dev.ifindex:
        local = ns.by_index.get(peer.ifindex)
        link = local.name if local is not None else f"if{peer.ifindex}"
        if local is not None:
            m_flag = not local.admin_up
        if p.is_json:
            p.string(JSON, "link", None, link)
        else:
            name = f"{name}@{link}"
    p.string(ANY, "ifname", "%s: ", name, color=COLOR_IFNAME)
    return m_flag


def print_port(p: Printer, ns: Namespace, dev: Device, port: BridgePort, opts: Opts) -> None:
    """print_linkinfo for an AF_BRIDGE RTM_NEWLINK of a port."""
    p.open_object()
    p.value(ANY, "ifindex", "%d: ", dev.ifindex)
    m_flag = _name_and_link(p, ns, dev)
    p.open_array(ANY, "flags" if p.is_json else "<")
    items = []
    if dev.admin_up and not linkfmt.is_running(dev):
        items.append("NO-CARRIER")
    items += linkfmt.link_flags(dev)
    for i, flag in enumerate(items):
        p.string(ANY, None, "%s," if i < len(items) - 1 else "%s", flag)
    if m_flag:
        p.string(ANY, None, ",%s", "M-DOWN")
    p.close_array(ANY, "> ")
    p.value(ANY, "mtu", "mtu %d ", dev.mtu)
    p.string(ANY, "master", "master %s ", port.br.name)
    p.string(ANY, "state", "state %s ", port.state_name)
    p.value(ANY, "priority", "priority %d ", port.priority)
    p.value(ANY, "cost", "cost %d ", port.path_cost)
    if opts.details:
        if not p.is_json:
            p.text(f"{p.sl}    ")
        for key, value in (("hairpin", port.hairpin), ("guard", False),
                           ("root_block", False), ("fastleave", False),
                           ("learning", port.learning), ("flood", port.flood),
                           ("mcast_flood", port.mcast_flood),
                           ("bcast_flood", port.bcast_flood)):
            p.on_off(ANY, key, key + " %s ", value)
        p.value(ANY, "mcast_router", "mcast_router %d ", 1)
        for key, value in (("mcast_to_unicast", False), ("neigh_suppress", False),
                           ("vlan_tunnel", False), ("isolated", port.isolated),
                           ("locked", False)):
            p.on_off(ANY, key, key + " %s ", value)
    p.string(FP, None, "%s", "\n")
    p.close_object()


_LINK_ON_OFF = ("guard", "hairpin", "fastleave", "root_block", "learning", "learning_sync",
                "flood", "mcast_flood", "bcast_flood", "mcast_to_unicast", "neigh_suppress",
                "vlan_tunnel", "isolated", "locked")
#  what vnet's ports model; the other switches may only be turned off
_PORT_ATTRS = {"hairpin": "hairpin", "learning": "learning", "flood": "flood",
               "mcast_flood": "mcast_flood", "bcast_flood": "bcast_flood",
               "isolated": "isolated"}


def parse_on_off(name: str, value: str) -> bool:
    """parse_on_off(); a bad word makes brlink_modify return -EINVAL (exit 234)."""
    if matches(value, "off"):
        return False
    if matches(value, "on"):
        return True
    raise fail(f'Error: argument of "{name}" must be one of "off", "on", not "{value}"\n',
               (-22) & 0xFF)


def link_set(ctx: Context, argv: list[str]) -> int:
    """brlink_modify, then br_setport's order: flags, cost, priority, state."""
    dev_name: str | None = None
    flags: dict[str, bool] = {}
    cost = 0
    priority = -1
    state = -1
    args = Args(argv)
    while args:
        w = args.cur
        if w == "dev":
            dev_name = args.next()
        elif w in _LINK_ON_OFF:
            flags[w] = parse_on_off(w, args.next())
        elif w == "mcast_router":
            args.next()
        elif w == "cost":
            cost = _atoi(args.next())
        elif w == "priority":
            priority = _atoi(args.next())
        elif w == "state":
            value = args.next()
            number = _strict_int(value)
            if number is None:
                names = {v: k for k, v in STATE_NAMES.items()}
                if value not in names:
                    raise fail("Error: invalid STP port state\n")
                number = names[value]
            state = number & 0xFF
        elif w == "hwmode":
            value = args.next()
            if value not in ("vepa", "veb"):
                raise fail('Mode argument must be "vepa" or "veb".\n')
            raise UnsupportedError("bridge link set hwmode")
        elif w == "self":
            raise UnsupportedError("bridge link set ... self")
        elif w == "master":
            pass
        elif w == "backup_port":
            name = args.next()
            if find_device(ctx.ns, name) is None:
                raise fail(f"Error: device {name} does not exist\n")
            raise UnsupportedError("bridge link set backup_port")
        elif w == "nobackup_port":
            pass
        else:
            raise fail(LINK_USAGE)
        args.advance()
    if dev_name is None:
        raise fail("Device is a required argument.\n")
    dev = find_device(ctx.ns, dev_name)
    if dev is None:
        raise fail(f'Cannot find bridge device "{dev_name}"\n')
    port = port_of(dev)
    if port is None:
        raise rtnl_answers("EOPNOTSUPP")
    br = port.br
    for key, on in flags.items():
        attr = _PORT_ATTRS.get(key)
        if attr is not None:
            setattr(port, attr, on)
        elif on:
            raise UnsupportedError(f"bridge link set {key} on")
    try:
        if cost > 0:
            br.set_path_cost(port, cost)
        if priority >= 0:
            br.set_port_priority(port, priority & 0xFFFF)
    except DeviceError as err:
        raise rtnl_answers(err.errno_name) from None
    if state >= 0:
        errno_name = stp_if.set_user_state(port, state)
        if errno_name is not None:
            raise rtnl_answers(errno_name)
    return 0


def _atoi(text: str) -> int:
    """C atoi: leading blanks, a sign, digits; anything else stops it."""
    text = text.lstrip()
    sign = 1
    if text[:1] in "+-" and text:
        sign = -1 if text[0] == "-" else 1
        text = text[1:]
    digits = ""
    for c in text:
        if not c.isdigit():
            break
        digits += c
    return sign * int(digits) if digits else 0


def _strict_int(text: str) -> int | None:
    """strtol(arg, &end, 10) consuming the whole (non-empty) word."""
    body = text[1:] if text[:1] in "+-" else text
    if not body or not body.isdigit():
        return None
    return int(text)


# -- bridge fdb --------------------------------------------------------------------------------

def do_fdb(ctx: Context, opts: Opts, argv: list[str]) -> int:
    if not argv:
        return fdb_show(ctx, opts, [])
    word = argv[0]
    if matches(word, "add"):
        return fdb_modify(ctx, "add", argv[1:])
    if matches(word, "append"):
        return fdb_modify(ctx, "append", argv[1:])
    if matches(word, "replace"):
        return fdb_modify(ctx, "replace", argv[1:])
    if matches(word, "delete"):
        return fdb_modify(ctx, "del", argv[1:])
    if matches(word, "get"):
        raise UnsupportedError("bridge fdb get")
    if matches(word, "show") or matches(word, "lst") or matches(word, "list"):
        return fdb_show(ctx, opts, argv[1:])
    if word == "flush":
        raise UnsupportedError("bridge fdb flush")
    if matches(word, "help"):
        raise fail(FDB_USAGE)
    raise fail(f'Command "{word}" is unknown, try "bridge fdb help".\n')


def _state_a2n(text: str) -> int | None:
    if matches(text, "permanent"):
        return NUD_PERMANENT
    if matches(text, "static") or matches(text, "temp"):
        return NUD_NOARP
    if matches(text, "stale"):
        return NUD_STALE
    if matches(text, "reachable") or matches(text, "dynamic"):
        return NUD_REACHABLE
    if text == "all":
        return 0xFFFFFFFF
    return get_unsigned(text)


@dataclass
class FdbRow:
    mac: bytes
    dev: Device
    state: int
    self_: bool = False
    master: Device | None = None
    sticky: bool = False
    used: int = 0          # seconds, NDA_CACHEINFO
    updated: int = 0
    has_cacheinfo: bool = False
    #  a vxlan remote (vxlan_fdb_info): NDA_DST, NDA_PORT, NDA_VNI, NDA_IFINDEX,
    #  NDA_LINK_NETNSID
    dst: int | None = None
    port: int | None = None
    vni: int | None = None
    via: int = 0
    link_netnsid: int | None = None


def _self_rows(dev: Device) -> list[FdbRow]:
    """ndo_dflt_fdb_dump: dev->uc then dev->mc, as `self permanent`."""
    macs = list(getattr(dev, "uc_list", []) or []) + list(getattr(dev, "mc_list", []) or [])
    return [FdbRow(mac, dev, NUD_PERMANENT, self_=True) for mac in macs]


def _vxlan_rows(ns: Namespace, dev: vxlan.Vxlan, now: int) -> list[FdbRow]:
    """vxlan_fdb_dump: an entry per remote, entries newest first."""
    rows = []
    link_netnsid = ns.peer_id(dev.link_ns, alloc=False) if dev.link_ns is not dev.netns else None
    for f in dev.newest_first():
        for rd in f.remotes:
            rows.append(FdbRow(
                f.mac, dev, f.state, self_=True, has_cacheinfo=True,
                used=(now - f.used) // 1_000_000_000,
                updated=(now - f.updated) // 1_000_000_000,
                dst=rd.remote_ip,
                port=rd.remote_port if rd.remote_port and rd.remote_port != dev.dst_port
                else None,
                vni=rd.remote_vni if rd.remote_vni != dev.vni else None,
                via=rd.remote_ifindex, link_netnsid=link_netnsid))
    return rows


def _bridge_rows(br: Bridge, dev: Device, port: BridgePort | None, now: int) -> list[FdbRow]:
    """br_fdb_dump: the entries of `br` whose port is `port` (None: the bridge's own)."""
    rows = []
    fdb = br.fdb
    for entry in fdb.newest_first():
        if entry.port is not port:
            continue
        nud = fdb.nud_state(entry, now)
        state = {"permanent": NUD_PERMANENT, "static": NUD_NOARP,
                 "stale": NUD_STALE}.get(nud, NUD_REACHABLE)
        rows.append(FdbRow(entry.mac, dev, state, master=br,
                           sticky=bool(getattr(entry, "sticky", False)),
                           used=(now - entry.used) // 1_000_000_000,
                           updated=(now - entry.updated) // 1_000_000_000,
                           has_cacheinfo=True))
    return rows


def fdb_rows(ns: Namespace, now: int, br_filter: Device | None = None,
             dev_filter: Device | None = None) -> list[FdbRow]:
    """rtnl_fdb_dump with its br (NDA_MASTER) and brport (ndm_ifindex) filters."""
    rows: list[FdbRow] = []
    for dev in ns_devices(ns):
        if dev_filter is not None and dev is not dev_filter:
            continue
        is_bridge = isinstance(dev, Bridge)
        port = port_of(dev)
        if br_filter is not None:
            if dev is not br_filter and port is None:
                continue
            if dev.master is not br_filter and not is_bridge:
                continue
        if port is not None:
            rows += _bridge_rows(port.br, dev, port, now)
        if isinstance(dev, vxlan.Vxlan):
            rows += _vxlan_rows(ns, dev, now)
        else:
            rows += _self_rows(dev)
        if is_bridge:
            rows += _bridge_rows(dev, dev, None, now)  # type: ignore[arg-type]
    return rows


def state_n2a(state: int, json: bool) -> str:
    if state & NUD_PERMANENT:
        return "permanent"
    if state & NUD_NOARP:
        return "static"
    if state & NUD_STALE:
        return "stale"
    if state & NUD_REACHABLE:
        return ""
    return f"{state:#x}" if json else f"state={state:#x}"


def fdb_show(ctx: Context, opts: Opts, argv: list[str]) -> int:
    filter_dev: str | None = None
    br_name: str | None = None
    filter_state = 0
    filter_dynamic = False
    vlan = 0
    args = Args(argv)
    while args:
        w = args.cur
        if w in ("brport", "dev"):
            filter_dev = args.next()
        elif w == "br":
            br_name = args.next()
        elif w == "vlan":
            value = args.next()
            if vlan:
                raise duparg("vlan", value)
            vlan = _atoi(value)
        elif w == "state":
            value = args.next()
            state = _state_a2n(value)
            if state is None:
                raise invarg("invalid state", value)
            filter_state |= state
        elif w == "dynamic":
            filter_dynamic = True
        elif matches(w, "help"):
            raise fail(FDB_USAGE)
        args.advance()
    br_dev: Device | None = None
    if br_name is not None:
        br_dev = find_device(ctx.ns, br_name)
        if br_dev is None:
            raise fail(f'Cannot find bridge device "{br_name}"\n')
    only: Device | None = None
    if filter_dev is not None:
        only = find_device(ctx.ns, filter_dev)
        if only is None:
            raise fail(f'Cannot find device "{filter_dev}"\n')
    p = opts.printer(ctx)
    p.begin()
    for row in fdb_rows(ctx.ns, ctx.world.now, br_dev, only):
        if filter_state and not row.state & filter_state:
            continue
        if vlan:
            continue            # no VLAN-tagged entries without vlan_filtering
        if filter_dynamic and row.state & NUD_PERMANENT:
            continue
        print_fdb(p, row, show_dev=only is None, stats=opts.stats > 0)
    p.end()
    return 0


def print_fdb(p: Printer, row: FdbRow, show_dev: bool, stats: bool) -> None:
    """print_fdb."""
    p.open_object()
    p.string(ANY, "mac", "%s ", mac_to_str(row.mac), color=COLOR_MAC)
    if show_dev:
        p.string(FP, None, "dev ", None)
        p.string(ANY, "ifname", "%s ", row.dev.name, color=COLOR_IFNAME)
    if row.dst is not None:
        p.string(ANY, "dst", "dst %s ", format_ipv4(row.dst))
    if row.port is not None:
        p.value(ANY, "port", "port %u ", row.port)
    if row.vni is not None:
        p.value(ANY, "vni", "vni %u ", row.vni)
    if row.via:
        if row.link_netnsid is not None:
            p.value(ANY, "viaIfIndex", "via ifindex %u ", row.via)
        else:
            p.string(ANY, "viaIf", "via %s ", index_to_name(row.dev.netns, row.via))
    if row.link_netnsid is not None:
        p.value(ANY, "linkNetNsId", "link-netnsid %d ", row.link_netnsid)
    if stats and row.has_cacheinfo:
        if p.is_json:
            p.value(JSON, "used", None, row.used)
            p.value(JSON, "updated", None, row.updated)
        else:
            p.text(f"used {row.used}/{row.updated} ")
    p.open_array(JSON, "flags")
    if row.self_:
        p.string(ANY, None, "%s ", "self")
    if row.sticky:
        p.string(ANY, None, "%s ", "sticky")
    p.close_array(JSON, None)
    if row.master is not None:
        p.string(ANY, "master", "master %s ", row.master.name)
    p.string(ANY, "state", "%s\n", state_n2a(row.state, p.is_json))
    p.close_object()


def parse_mac(text: str) -> bytes | None:
    """sscanf("%hhx:%hhx:%hhx:%hhx:%hhx:%hhx") == 6."""
    parts = text.split(":")
    if len(parts) < 6:
        return None
    out = []
    for i, part in enumerate(parts[:6]):
        digits = part if i < 5 else _hex_prefix(part)
        body = digits[2:] if digits.lower().startswith("0x") else digits
        if not body or any(c not in "0123456789abcdefABCDEF" for c in body):
            return None
        out.append(int(body, 16) & 0xFF)
    return bytes(out)


def _hex_prefix(text: str) -> str:
    """The leading hex number of the last field (sscanf stops at the first non-digit)."""
    end = 2 if text.lower().startswith("0x") else 0
    while end < len(text) and text[end] in "0123456789abcdefABCDEF":
        end += 1
    return text[:end]


def fdb_modify(ctx: Context, cmd: str, argv: list[str]) -> int:
    """fdb_modify, then rtnl_fdb_add / rtnl_fdb_del."""
    addr: str | None = None
    dev_name: str | None = None
    self_ = master = sticky = False
    state = NUD_NOARP
    vid = -1
    remote = VxlanRemote()
    args = Args(argv)
    while args:
        w = args.cur
        if w == "dev":
            dev_name = args.next()
        elif w == "dst":
            value = args.next()
            if remote.dst is not None:
                raise duparg2("dst", value)
            if ":" in value:
                raise UnsupportedError(f"bridge fdb {cmd} ... dst with an IPv6 address")
            remote.dst = get_addr(value, AF_INET).as_int()
        elif w == "port":
            value = args.next()
            port = get_unsigned(value, 0xFFFF)
            if port is None:
                port = _UDP_SERVICES.get(value)
                if port is None:
                    raise invarg("invalid port\n", value)
            remote.port = port
        elif w == "vni":
            value = args.next()
            number, end, _ = strtoul(value, 0)
            if end != len(value) or (number >> 24 and number != 0xFFFFFFFFFFFFFFFF):
                raise invarg("invalid VNI\n", value)
            remote.vni = number
        elif w == "via":
            value = args.next()
            via_dev = find_device(ctx.ns, value)
            if via_dev is None:
                raise fail(f'Cannot find device "{value}"\n')
            remote.via = via_dev.ifindex
        elif w in ("nhid", "src_vni"):
            raise UnsupportedError(f"bridge fdb {cmd} ... {w}")
        elif w == "self":
            self_ = True
        elif matches(w, "master"):
            master = True
        elif matches(w, "router") or matches(w, "use") or matches(w, "extern_learn"):
            raise UnsupportedError(f"bridge fdb {cmd} ... {w}")
        elif matches(w, "local") or matches(w, "permanent"):
            state |= NUD_PERMANENT
        elif matches(w, "temp") or matches(w, "static"):
            state |= NUD_REACHABLE
        elif matches(w, "dynamic"):
            state |= NUD_REACHABLE
            state &= ~NUD_NOARP
        elif matches(w, "vlan"):
            if vid >= 0:
                raise duparg2("vlan", w)
            vid = _atoi(args.next())
        elif matches(w, "sticky"):
            sticky = True
        else:
            if w == "to":
                w = args.next()
            if matches(w, "help"):
                raise fail(FDB_USAGE)
            if addr is not None:
                raise duparg2("to", w)
            addr = w
        args.advance()
    if dev_name is None or addr is None:
        raise fail("Device and address are required arguments.\n")
    if not self_ and not master:
        self_ = True
    if not state & (NUD_PERMANENT | NUD_REACHABLE):
        state |= NUD_PERMANENT
    mac = parse_mac(addr)
    if mac is None:
        raise fail(f"Invalid mac address {addr}\n")
    dev = find_device(ctx.ns, dev_name)
    if dev is None:
        raise fail(f'Cannot find device "{dev_name}"\n')
    if state & NUD_PERMANENT:
        kind = br_fdb.PERMANENT
    elif state & NUD_NOARP:
        kind = br_fdb.STATIC
    else:
        kind = br_fdb.DYNAMIC
    try:
        if isinstance(dev, vxlan.Vxlan) and self_ and not (master and port_of(dev)):
            _vxlan_fdb(cmd, dev, mac, state, remote)
        elif cmd == "del":
            _fdb_del(ctx, dev, mac, self_, master)
        else:
            _fdb_add(ctx, cmd, dev, mac, kind, self_, master, sticky, vid)
    except br_fdb.FdbError as err:
        raise rtnl_answers(err.errno_name) from None
    return 0


_UDP_SERVICES = {"vxlan": 4789, "domain": 53, "bootps": 67, "bootpc": 68}


@dataclass
class VxlanRemote:
    """The NDA_DST/NDA_PORT/NDA_VNI/NDA_IFINDEX a `bridge fdb` command gave."""
    dst: int | None = None
    port: int | None = None
    vni: int | None = None
    via: int = 0


def _vxlan_fdb(cmd: str, dev: vxlan.Vxlan, mac: bytes, state: int, remote: VxlanRemote) -> None:
    """vxlan_fdb_add / vxlan_fdb_delete: vxlan_fdb_parse fills what was not given from
    the device (no dst: 0.0.0.0, no port: dstport, no vni: the device's)."""
    if remote.via and dev.link_ns.by_index.get(remote.via) is None:
        raise br_fdb.FdbError("EADDRNOTAVAIL")
    ip = remote.dst or 0
    port = remote.port if remote.port is not None else dev.dst_port
    vni = remote.vni if remote.vni is not None else dev.vni
    try:
        if cmd == "del":
            dev.fdb_delete(mac, ip, port, vni, remote.via)
            return
        if not state & (NUD_PERMANENT | NUD_REACHABLE) or remote.dst is None:
            raise br_fdb.FdbError("EINVAL")         # vxlan_fdb_add: NDA_DST is required
        dev.fdb_update(mac, ip, state, port, vni, remote.via, create=True,
                       exclusive=cmd == "add", replace=cmd == "replace",
                       append=cmd == "append")
    except vxlan.FdbError as err:
        if err.message:
            raise fail(f"Error: {err.message}.\n") from None     # the extack message
        raise br_fdb.FdbError(err.errno_name) from None


def _fdb_add(ctx: Context, cmd: str, dev: Device, mac: bytes, kind: str, self_: bool,
             master: bool, sticky: bool, vid: int) -> None:
    """rtnl_fdb_add: the port's bridge first (master), then the device itself (self)."""
    if mac == b"\x00" * 6:
        raise br_fdb.FdbError("EINVAL")
    port = port_of(dev)
    done = False
    if master and port is not None:
        _br_fdb_add(ctx, cmd, port.br, port, mac, kind, sticky, vid)
        done = True
    if self_:
        if isinstance(dev, Bridge):
            _br_fdb_add(ctx, cmd, dev, None, mac, kind, sticky, vid)
        else:
            _dflt_fdb_add(cmd, dev, mac, kind)
        done = True
    if not done:
        raise br_fdb.FdbError("EOPNOTSUPP")


def _br_fdb_add(ctx: Context, cmd: str, br: Bridge, port: BridgePort | None, mac: bytes,
                kind: str, sticky: bool, vid: int) -> None:
    """br_fdb_add."""
    if vid > 0:
        raise br_fdb.FdbError("EINVAL")      # no VLAN configured without vlan_filtering
    if sticky and kind == br_fdb.PERMANENT:
        raise br_fdb.FdbError("EINVAL")
    br_fdb.user_add(br, port, mac, kind, ctx.world.now, create=True,
                    exclusive=cmd == "add")
    entry = br.fdb.get(mac)
    if entry is not None and hasattr(entry, "sticky"):
        entry.sticky = sticky


def _dflt_fdb_add(cmd: str, dev: Device, mac: bytes, kind: str) -> None:
    """ndo_dflt_fdb_add: permanent only; unicast to dev->uc, multicast to dev->mc."""
    if kind != br_fdb.PERMANENT:
        raise br_fdb.FdbError("EINVAL")
    if mac[0] & 1 and mac in getattr(dev, "mc_list", []):
        if cmd == "add":
            raise br_fdb.FdbError("EEXIST")
        return
    raise UnsupportedError("bridge fdb add ... self on a device that is not a bridge")


def _fdb_del(ctx: Context, dev: Device, mac: bytes, self_: bool, master: bool) -> None:
    """rtnl_fdb_del."""
    port = port_of(dev)
    errno_name = "EOPNOTSUPP"
    if master and port is not None:
        br_fdb.user_delete(port.br, port, mac)
        return
    if self_:
        if isinstance(dev, Bridge):
            br_fdb.user_delete(dev, None, mac)
            return
        errno_name = "ENOENT"     # nothing is ever added to dev->uc/mc "globally" here
    raise br_fdb.FdbError(errno_name)
