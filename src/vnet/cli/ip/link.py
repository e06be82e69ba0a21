"""`ip link`: add, set, delete and show network devices (ip/iplink.c, link_veth.c).

`iplink_parse()` turns the arguments into a request the way iproute2 builds its
RTM_NEWLINK message (same keywords, abbreviations, duplicate and garbage checks, and
`type KIND ARGS...` handed to the kind's parser); the request is then applied in the
order the kernel's do_setlink() applies attributes: netns, address, mtu, group, name,
alias, broadcast, flags (up/down, arp, promisc...), master, carrier, txqueuelen, mode.
Creation follows __rtnl_newlink: validate, create through vnet.link.rtnl, configure the
flags, then enslave. Refusals print as the kernel reports them (extack or errno).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from vnet.cli.context import Context
from vnet.cli.ip import bridgeopts, linkfmt, listing, usage
from vnet.cli.ip.errors import IpExit, duparg, duparg2, invarg, missarg, nodev, rtnl_error
from vnet.cli.ip.options import IpOptions
from vnet.cli.ip.util import (
    Args,
    check_altifname,
    check_ifname,
    get_integer,
    get_unsigned,
    matches,
    name_to_index,
    parse_lladdr,
)
from vnet.cli.shell.api import UnsupportedError
from vnet.core.sched import NS_PER_SEC
from vnet.link import rtnl
from vnet.link.device import DeviceError

if TYPE_CHECKING:
    from vnet.core.netns import Namespace
    from vnet.link.device import Device

#  kinds iproute2 has a link_util for (it parses their arguments) and the kernel knows
LINUX_KINDS = {
    "amt", "bareudp", "bond", "bond_slave", "bridge", "bridge_slave", "dsa", "dummy",
    "erspan", "geneve", "gre", "gretap", "gtp", "ifb", "ip6erspan", "ip6gre", "ip6gretap",
    "ip6tnl", "ipip", "ipoib", "ipvlan", "ipvtap", "macsec", "macvlan", "macvtap",
    "netdevsim", "nlmon", "rmnet", "sit", "team", "team_slave", "vcan", "veth", "vlan", "vrf",
    "vti", "vxcan", "vxlan", "wwan", "xfrm", "virt_wifi", "can", "hsr", "batadv", "tun",
}
FLAG_KEYWORDS = {"multicast": ("MULTICAST", False), "allmulticast": ("ALLMULTI", False),
                 "promisc": ("PROMISC", False), "trailers": ("NOTRAILERS", True),
                 "arp": ("NOARP", True), "dynamic": ("DYNAMIC", False)}


@dataclass
class LinkReq:
    create: bool
    up: bool | None = None
    flags: dict[str, bool] = field(default_factory=dict)
    name: str | None = None
    dev: str | None = None
    link: str | None = None
    address: bytes | None = None
    broadcast: bytes | None = None
    txqlen: int | None = None
    mtu: int | None = None
    netns: Namespace | None = None
    netns_pid: int | None = None
    carrier: bool | None = None
    master: int | None = None          # 0: nomaster
    alias: str | None = None
    group: int | None = None
    mode: int | None = None
    index: int = 0
    addrgenmode: int | None = None
    ifindex: int = 0
    type: str | None = None
    type_args: list[str] = field(default_factory=list)


def main(ctx: Context, opts: IpOptions, argv: list[str]) -> int:
    if not argv:
        return listing.list_or_flush(ctx, opts, [], do_link=True)
    word, rest = argv[0], argv[1:]
    if matches(word, "add"):
        return modify(ctx, opts, "add", rest)
    if matches(word, "set") or matches(word, "change"):
        return modify(ctx, opts, "set", rest)
    if matches(word, "replace"):
        return modify(ctx, opts, "replace", rest)
    if matches(word, "delete"):
        return modify(ctx, opts, "delete", rest)
    if matches(word, "show") or matches(word, "lst") or matches(word, "list"):
        return listing.list_or_flush(ctx, opts, rest, do_link=True)
    if matches(word, "xstats") or matches(word, "afstats") or matches(word, "property"):
        raise UnsupportedError(f"ip link {word}")
    if matches(word, "help"):
        return do_help(ctx, rest)
    raise IpExit(f'Command "{word}" is unknown, try "ip link help".\n', 255)


def do_help(ctx: Context, argv: list[str]) -> int:
    if not argv:
        raise IpExit(usage.LINK, 255)
    kind = argv[0]
    text = {"bridge": usage.BRIDGE, "bridge_slave": usage.BRIDGE_SLAVE, "veth": usage.VETH}
    if kind in text:
        ctx.out(text[kind])
        return 0
    if kind in LINUX_KINDS and kind != "tun":
        raise UnsupportedError(f"ip link help {kind}")
    raise IpExit(usage.LINK, 255)


# -- parsing (iplink_parse) --------------------------------------------------------------------


def _on_off(name: str, value: str) -> IpExit:
    return IpExit(f'Error: argument of "{name}" must be "on" or "off", not "{value}"\n', 1)


def iplink_parse(ctx: Context, argv: list[str], req: LinkReq) -> int:
    """Fill `req` from argv; return how many arguments were consumed (up to `type KIND`)."""
    args = Args(argv)
    name: str | None = None
    dev: str | None = None
    dev_is_name = False
    addr_len = 0
    seen: set[str] = set()
    while args:
        w = args.cur
        if w == "up":
            req.up = True
        elif w == "down":
            req.up = False
        elif w == "name":
            value = args.next()
            if name is not None:
                raise duparg("name", value)
            if not check_ifname(value):
                raise invarg('"name" not a valid ifname', value)
            name = value
            if dev is None:
                dev, dev_is_name = name, True
        elif w == "index":
            value = args.next()
            if req.index:
                raise duparg("index", value)
            req.index = _atoi(value)
            if req.index <= 0:
                raise invarg('Invalid "index" value', value)
        elif matches(w, "link"):
            req.link = args.next()
        elif matches(w, "address"):
            mac = parse_lladdr(args.next())
            assert mac is not None
            req.address = mac
            addr_len = len(mac)
        elif matches(w, "broadcast") or w == "brd":
            mac = parse_lladdr(args.next())
            req.broadcast = mac
        elif matches(w, "txqueuelen") or w == "qlen" or matches(w, "txqlen"):
            value = args.next()
            if req.txqlen is not None:
                raise duparg("txqueuelen", value)
            qlen = get_integer(value)
            if qlen is None:
                raise invarg('Invalid "txqueuelen" value\n', value)
            req.txqlen = qlen
        elif w == "mtu":
            value = args.next()
            if req.mtu is not None:
                raise duparg("mtu", value)
            mtu = get_integer(value)
            if mtu is None:
                raise invarg('Invalid "mtu" value\n', value)
            req.mtu = mtu
        elif w in ("xdpgeneric", "xdpdrv", "xdpoffload", "xdp"):
            raise UnsupportedError("XDP")
        elif w == "netns":
            value = args.next()
            if "netns" in seen:
                raise duparg("netns", value)
            seen.add("netns")
            target = ctx.world.named.get(value)
            if target is not None:
                req.netns = target
            else:
                pid = get_integer(value)
                if pid is None:
                    raise invarg('Invalid "netns" value\n', value)
                req.netns_pid = pid
        elif w in FLAG_KEYWORDS:
            value = args.next()
            flag, inverted = FLAG_KEYWORDS[w]
            if value == "on":
                req.flags[flag] = not inverted
            elif value == "off":
                req.flags[flag] = inverted
            else:
                raise _on_off(w, value)
        elif w == "carrier":
            value = args.next()
            if value not in ("on", "off"):
                raise _on_off("carrier", value)
            req.carrier = value == "on"
        elif w == "vf":
            raise UnsupportedError("ip link set vf")
        elif matches(w, "master"):
            value = args.next()
            index = name_to_index(ctx.ns, value)
            if not index:
                raise invarg("Device does not exist\n", value)
            req.master = index
        elif w == "vrf":
            value = args.next()
            raise invarg("Not a valid VRF name\n", value)
        elif matches(w, "nomaster"):
            req.master = 0
        elif matches(w, "type"):
            req.type = args.next()
            args.advance()
            break
        elif matches(w, "alias"):
            value = args.next()
            if len(value.encode()) >= 256:
                raise invarg("alias too long\n", value)
            req.alias = value
        elif w == "group":
            value = args.next()
            if req.group is not None:
                raise duparg("group", value)
            group = 0 if value == "default" else get_unsigned(value)
            if group is None:
                raise invarg('Invalid "group" value\n', value)
            req.group = group
        elif w == "mode":
            value = args.next()
            mode = {"default": 0, "dormant": 1}.get(value.lower())
            if mode is None:
                raise invarg("Invalid link mode\n", value)
            req.mode = mode
        elif w == "state":
            raise UnsupportedError("ip link set state")
        elif matches(w, "addrgenmode"):
            value = args.next()
            mode = {"eui64": 0, "none": 1, "stable_secret": 2, "random": 3}.get(value.lower())
            if mode is None:
                raise invarg("Invalid address generation mode\n", value)
            req.addrgenmode = mode
        elif (matches(w, "numtxqueues") or matches(w, "numrxqueues")
              or matches(w, "link-netns") or matches(w, "link-netnsid")
              or w in ("protodown", "protodown_reason", "gso_max_size", "gso_max_segs",
                       "gro_max_size", "parentdev")):
            raise UnsupportedError(f"ip link {w}")
        else:
            if matches(w, "help"):
                raise IpExit(usage.LINK, 255)
            if w == "dev":
                w = args.next()
            if dev is not None and not dev_is_name:
                raise duparg2("dev", w)
            if not check_altifname(w):
                raise invarg('"dev" not a valid ifname', w)
            dev, dev_is_name = w, False
        args.advance()
    consumed = args.i
    if name is None:
        name = dev
    elif dev is None:
        dev = name
    if dev_is_name or (name is not None and dev is not None and name == dev):
        same = True
    else:
        same = name is None or dev is None
    if dev is not None and addr_len and not req.create:
        target = ctx.ns.get(dev)
        if target is not None:
            halen = len(target.mac) if linkfmt.has_address(target) else 0
            if halen != addr_len:
                raise IpExit(f"Invalid address length {addr_len} - must be {halen} bytes\n", 1)
    if req.index and not req.create and req.netns is None and req.netns_pid is None:
        raise IpExit("index can be used only when creating devices or when moving device "
                     "to another netns.\n", 255)
    if req.index:
        raise UnsupportedError("ip link index")
    if not req.create:
        if dev is None:
            raise IpExit('Not enough information: "dev" argument is required.\n', 255)
        req.ifindex = name_to_index(ctx.ns, dev)
        if not req.ifindex:
            raise nodev(dev)
        req.dev = dev
        req.name = None if same else name
    else:
        if not same:
            raise IpExit('both "name" and "dev" cannot be used when creating devices.\n', 255)
        if req.link is not None and not name_to_index(ctx.ns, req.link):
            raise nodev(req.link)
        req.name = name
        req.dev = name
    return consumed


def _atoi(text: str) -> int:
    from vnet.cli.ip.util import strtol
    value, end, _ = strtol(text, 10)
    return value if end else 0


# -- the command ------------------------------------------------------------------------------


def modify(ctx: Context, opts: IpOptions, cmd: str, argv: list[str]) -> int:
    req = LinkReq(create=cmd in ("add", "replace"))
    consumed = iplink_parse(ctx, argv, req)
    type_args = argv[consumed:]
    req.type_args = type_args
    if req.type is None and type_args:
        pass
    if req.type is not None:
        kind = req.type
        if kind not in LINUX_KINDS and type_args:
            if matches(type_args[0], "help"):
                raise IpExit(usage.LINK, 255)
            raise IpExit(f'Garbage instead of arguments "{type_args[0]} ...". '
                         'Try "ip link help".\n', 1)
    elif req.create:
        raise IpExit('Not enough information: "type" argument is required\n', 1)
    try:
        if cmd == "delete":
            return delete(ctx, req)
        if cmd == "add" or (cmd == "replace" and ctx.ns.get(req.name or "") is None):
            return create(ctx, req)
        if cmd == "replace":
            existing = ctx.ns.get(req.name or "")
            assert existing is not None
            req.ifindex = existing.ifindex
            req.name = None
        return setlink(ctx, req)
    except DeviceError as err:
        raise rtnl_error(err.errno_name, str(err)) from None


def delete(ctx: Context, req: LinkReq) -> int:
    dev = ctx.ns.by_index[req.ifindex]
    rtnl.delete(dev)
    return 0


def _target_netns(ctx: Context, req: LinkReq) -> Namespace | None:
    if req.netns is not None:
        return req.netns
    if req.netns_pid is not None:
        if req.netns_pid == 1:
            return ctx.world.init_ns
        raise rtnl_error("ESRCH")
    return None


def _check_mac(mac: bytes) -> None:
    """is_valid_ether_addr: not multicast, not all zeros."""
    if len(mac) != 6 or mac[0] & 1 or not any(mac):
        raise rtnl_error("EADDRNOTAVAIL")


def _free_name(ns: Namespace, template: str, taken: set[str] = frozenset()) -> str:  # type: ignore[assignment]
    i = 0
    while ns.get(template % i) is not None or template % i in taken:
        i += 1
    return template % i


def create(ctx: Context, req: LinkReq) -> int:
    kind = req.type
    assert kind is not None
    if req.name is not None and len(req.name.encode()) >= 16:   # ifla_policy: IFNAMSIZ
        raise rtnl_error("EINVAL", "Attribute failed policy validation")
    if kind == "veth":
        peer = _parse_veth_peer(ctx, req.type_args)
        ns = _create_target(ctx, req)
        return create_veth(ctx, ns, req, peer)
    if kind == "bridge":
        options = bridgeopts.parse(req.type_args)
        ns = _create_target(ctx, req)
        return create_bridge(ctx, ns, req, options)
    _create_target(ctx, req)
    if kind == "tun":
        raise rtnl_error("EOPNOTSUPP", "tun/tap creation via rtnetlink is not supported.")
    if kind in LINUX_KINDS:
        raise UnsupportedError(f"ip link add type {kind}")
    raise rtnl_error("EOPNOTSUPP", "Unknown device type.")


def _new_dev_checks(req: LinkReq, min_mtu: int = 68, max_mtu: int = 65535) -> None:
    """rtnl_create_link's validation (plain errnos, no extack)."""
    if req.mtu is not None and not min_mtu <= req.mtu <= max_mtu:
        raise rtnl_error("EINVAL")
    if req.address is not None:
        if len(req.address) != 6:
            raise rtnl_error("EINVAL")
        _check_mac(req.address)


def _configure_new(ctx: Context, dev: Device, req: LinkReq) -> None:
    """rtnl_create_link's attributes and rtnl_configure_link's flags for a new device."""
    if req.mtu is not None:
        dev.set_mtu(req.mtu)
    if req.txqlen is not None:
        dev.txqlen = req.txqlen & 0xFFFFFFFF
    if req.broadcast is not None:
        dev.broadcast = req.broadcast[:6]
    if req.group is not None:
        dev.ifgroup = req.group  # type: ignore[attr-defined]
    if req.mode is not None:
        dev.link_mode = req.mode  # type: ignore[attr-defined]
    if req.alias is not None:
        dev.alias = req.alias or None
    if req.addrgenmode is not None:
        _set_addrgenmode(dev, req.addrgenmode)
    _apply_flags(dev, req)


def _create_target(ctx: Context, req: LinkReq) -> Namespace:
    """__rtnl_newlink: the name is looked up here, the device is made in the target."""
    ns = _target_netns(ctx, req) or ctx.ns
    if req.name is not None and ctx.ns.get(req.name) is not None:
        raise rtnl_error("EEXIST")
    return ns


def _parse_veth_peer(ctx: Context, args: list[str]) -> LinkReq:
    """veth_parse_opt: `peer` and the peer's own link options."""
    peer = LinkReq(create=True)
    if args:
        if args[0] != "peer":
            ctx.err(usage.VETH)
            raise IpExit("", 1)
        consumed = iplink_parse(ctx, args[1:], peer)
        if peer.type is not None:
            raise duparg("type", args[consumed])
    return peer


def create_veth(ctx: Context, ns: Namespace, req: LinkReq, peer: LinkReq) -> int:
    peer_ns = _target_netns(ctx, peer) or ctx.ns
    _new_dev_checks(req)
    _new_dev_checks(peer)
    peer_name = peer.name
    if peer_name is not None and peer_ns.get(peer_name) is not None:
        raise rtnl_error("EEXIST")
    if peer_name is None:
        peer_name = _free_name(peer_ns, "veth%d")
    name = req.name
    if name is None:
        name = _free_name(ns, "veth%d", {peer_name} if peer_ns is ns else set())
    if peer_ns is ns and peer_name == name:
        ns.reserve_ifindex()            # the peer was registered, then rolled back
        raise rtnl_error("EEXIST")
    dev, peer_dev = rtnl.add_veth(ns, name, peer_name, peer_ns, mac=req.address,
                                  peer_mac=peer.address)
    _configure_new(ctx, peer_dev, peer)
    _configure_new(ctx, dev, req)
    for d, r in ((dev, req), (peer_dev, peer)):
        if r.up and not d.carrier:
            # the carrier-off event of a device that was not running is processed by
            # linkwatch up to a second later: until then operstate reads UNKNOWN
            d.operstate_unknown_until = (  # type: ignore[attr-defined]
                ctx.world.now + NS_PER_SEC, linkfmt.carrier_changes(d))
    if req.master is not None:
        _set_master(ctx, dev, req.master)
    return 0


def create_bridge(ctx: Context, ns: Namespace, req: LinkReq,
                  options: list[tuple[str, object]]) -> int:
    _new_dev_checks(req)
    name = req.name or _free_name(ns, "bridge%d")
    br = rtnl.add_bridge(ns, name)
    try:
        if req.address is not None:
            br.set_mac(req.address)
        bridgeopts.apply(br, options)       # br_changelink; a refusal unregisters the bridge
    except (IpExit, DeviceError):
        rtnl.delete(br)
        raise
    _configure_new(ctx, br, req)
    if req.master is not None:
        _set_master(ctx, br, req.master)
    return 0


# -- set (do_setlink) ----------------------------------------------------------------------------


def setlink(ctx: Context, req: LinkReq) -> int:
    dev = ctx.ns.by_index.get(req.ifindex)
    if dev is None:
        raise rtnl_error("ENODEV")
    if req.type is not None:
        _changelink(dev, req)
    target = _target_netns(ctx, req)
    if target is not None:
        rtnl.set_netns(dev, target)
    if req.address is not None:
        if not linkfmt.has_address(dev):
            raise rtnl_error("EOPNOTSUPP")
        _check_mac(req.address)
        dev.set_mac(req.address)
    if req.mtu is not None:
        dev.set_mtu(req.mtu)
    if req.group is not None:
        dev.ifgroup = req.group  # type: ignore[attr-defined]
    if req.name is not None and req.name != dev.name:
        rtnl.set_name(dev, req.name)
    if req.alias is not None:
        dev.alias = req.alias or None
    if req.broadcast is not None:
        dev.broadcast = req.broadcast[:6]
    _apply_flags(dev, req)
    if req.master is not None:
        _set_master(ctx, dev, req.master)
    if req.carrier is not None:
        raise rtnl_error("EOPNOTSUPP")
    if req.txqlen is not None:
        dev.txqlen = req.txqlen & 0xFFFFFFFF
    if req.mode is not None:
        dev.link_mode = req.mode  # type: ignore[attr-defined]
    if req.addrgenmode is not None:
        _set_addrgenmode(dev, req.addrgenmode)
    return 0


def _set_addrgenmode(dev: Device, mode: int) -> None:
    """IFLA_AF_SPEC / IFLA_INET6_ADDR_GEN_MODE through the IPv6 configuration."""
    from vnet.net import addrconf

    try:
        addrconf.set_addr_gen_mode(dev, mode)
    except addrconf.AddrError as err:
        raise rtnl_error(err.errno_name, err.message) from None


def _changelink(dev: Device, req: LinkReq) -> None:
    kind = req.type
    if kind == "bridge":
        options = bridgeopts.parse(req.type_args)
        if dev.kind != "bridge":
            raise rtnl_error("EOPNOTSUPP")
        bridgeopts.apply(dev, options)
    elif kind == "bridge_slave":
        options = bridgeopts.parse_slave(req.type_args)
        if dev.master is None or dev.master.kind != "bridge":
            raise rtnl_error("EOPNOTSUPP")
        bridgeopts.apply_slave(dev, options)
    elif kind == "veth" and req.type_args:
        raise UnsupportedError("ip link set type veth peer")
    elif kind != (dev.kind or "") and kind in LINUX_KINDS:
        raise rtnl_error("EOPNOTSUPP")


def _apply_flags(dev: Device, req: LinkReq) -> None:
    """dev_change_flags: user-visible IFF_* bits, then up/down."""
    flags = linkfmt.user_flags(dev)
    for flag, on in req.flags.items():
        current = flag in linkfmt.link_flags(dev)
        if flag == "PROMISC" and on != bool(flags.get("PROMISC")):
            dev.promisc += 1 if on else -1
        if flag == "ALLMULTI" and on != bool(flags.get("ALLMULTI")):
            dev.allmulti += 1 if on else -1
        if on != current or flag in ("PROMISC", "ALLMULTI"):
            flags[flag] = on
    if req.up is True:
        dev.set_up()
    elif req.up is False:
        dev.set_down()


def _set_master(ctx: Context, dev: Device, index: int) -> None:
    if index == 0:
        rtnl.set_master(dev, None)
        return
    master = ctx.ns.by_index.get(index)
    if master is None:
        raise rtnl_error("EINVAL")
    if dev.kind == "bridge" and master.kind == "bridge":
        raise rtnl_error("ELOOP", "Can not enslave a bridge to a bridge.")
    rtnl.set_master(dev, master)


__all__ = ["main", "iplink_parse", "LinkReq", "missarg"]
