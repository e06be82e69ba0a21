"""`ip link`: add, set, delete and show network devices (ip/iplink.c, link_veth.c).

The request vnet.cli.ip.linkparse builds is applied in the order the kernel's
do_setlink() applies attributes: netns, address, mtu, group, name, alias, broadcast,
flags (up/down, arp, promisc...), master, carrier, txqueuelen, mode, addrgenmode; kind
options first through changelink (bridge, bridge_slave). Creation follows
__rtnl_newlink: the name is looked up in the current namespace, the device is created
in the target one through vnet.link.rtnl (a veth's peer first, so it takes the lower
index and the first free `veth%d`), configured, brought up, then enslaved; a bridge
whose options the kernel refuses is unregistered again. Refusals print as the kernel
reports them (extack or errno). `show` is vnet.cli.ip.listing's.
"""

from __future__ import annotations

from vnet.cli.context import Context
from vnet.cli.ip import (
    bridgeopts,
    linkfmt,
    listing,
    macvlanopts,
    usage,
    vlanopts,
    vxlanopts,
)
from vnet.cli.ip.errors import IpExit, duparg, rtnl_error
from vnet.cli.ip.linkparse import LINUX_KINDS, LinkReq, iplink_parse
from vnet.cli.ip.options import IpOptions
from vnet.cli.ip.util import matches
from vnet.cli.shell.api import UnsupportedError
from vnet.core.netns import Namespace
from vnet.core.sched import NS_PER_SEC
from vnet.link import macvlan, rtnl
from vnet.link.device import Device, DeviceError


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


# -- the command------------------------------------------------------------------------------


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
    if kind == "macvlan":
        mv_opts = macvlanopts.parse(req.type_args)
        ns = _create_target(ctx, req)
        return create_macvlan(ctx, ns, req, mv_opts)
    if kind == "vlan":
        vl_opts = vlanopts.parse(req.type_args)
        ns = _create_target(ctx, req)
        return create_vlan(ctx, ns, req, vl_opts)
    if kind == "vxlan":
        vx_opts = vxlanopts.parse(req.type_args, ctx.ns)
        ctx.err(vx_opts.warning)
        ns = _create_target(ctx, req)
        return create_vxlan(ctx, ns, req, vx_opts)
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
        dev.ifgroup = req.group
    if req.mode is not None:
        dev.link_mode = req.mode
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
            d.operstate_unknown_until = (
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


def create_macvlan(ctx: Context, ns: Namespace, req: LinkReq,
                   opts: macvlanopts.MacvlanOpts) -> int:
    """macvlan_newlink: on the device `link` names, in the namespace the command runs in."""
    _new_dev_checks(req)
    lower = ctx.ns.get(req.link) if req.link is not None else None
    if lower is None:
        raise rtnl_error("EINVAL")
    lower = macvlan.real_lower(lower)
    if req.mtu is not None and req.mtu > lower.mtu:
        raise rtnl_error("EINVAL")
    name = req.name or _free_name(ns, "macvlan%d")
    mode = opts.mode if opts.mode is not None else macvlan.MACVLAN_MODE_VEPA
    dev = rtnl.add_macvlan(ns, name, lower, mode, req.address)
    dev.nopromisc = opts.nopromisc
    if opts.bcqueuelen is not None:
        dev.bc_queue_len_req = opts.bcqueuelen
    _configure_new(ctx, dev, req)
    if req.master is not None:
        _set_master(ctx, dev, req.master)
    return 0


def create_vlan(ctx: Context, ns: Namespace, req: LinkReq, opts: vlanopts.VlanOpts) -> int:
    """vlan_validate, then vlan_newlink: on the device `link` names, in the namespace the
    command runs in; the device goes in `ns`."""
    from vnet.link import vlan

    _new_dev_checks(req)
    refusal = vlanopts.validate(opts)
    if refusal is not None:
        text, errno_name = refusal.split("|")
        raise rtnl_error(errno_name, text)
    lower = ctx.ns.get(req.link) if req.link is not None else None
    if lower is None:
        raise rtnl_error("EINVAL", "8021q: link not specified")
    assert opts.vid is not None
    if req.mtu is not None and req.mtu > lower.mtu:
        raise rtnl_error("EINVAL")
    try:
        dev = rtnl.add_vlan(ns, req.name, lower, opts.vid, opts.proto or vlan.ETH_P_8021Q,
                            req.address)
    except DeviceError as err:
        raise rtnl_error(err.errno_name, str(err)) from None
    vlanopts.apply_flags(dev, opts)
    _configure_new(ctx, dev, req)
    if req.master is not None:
        _set_master(ctx, dev, req.master)
    return 0


def create_vxlan(ctx: Context, ns: Namespace, req: LinkReq, opts: vxlanopts.VxlanOpts) -> int:
    """vxlan_newlink -> vxlan_dev_configure: the device goes in `ns`, its link (socket,
    routes, `dev`) is the namespace the command runs in."""
    from vnet.link import vxlan
    from vnet.net import udp_tunnel

    _new_dev_checks(req)
    vni = opts.vni or 0             # an external device takes every VNI
    lower: Device | None = None
    if opts.dev is not None:
        lower = ctx.ns.get(opts.dev)
        if lower is None:           # gone since parsing (it cannot be): as ENODEV
            raise rtnl_error("ENODEV")
    net = udp_tunnel.vxlan_net(ctx.ns)
    port = opts.dstport or 8472
    if net.vni_in_use(vni, port, opts.external):
        raise rtnl_error("EEXIST", "A VXLAN device with the specified VNI already exists")
    dev = rtnl.add_vxlan(ns, req.name, vni, ctx.ns, net, req.address)
    dev.external = opts.external
    dev.remote, dev.local = opts.remote, opts.local
    dev.dst_port = port
    dev.port_min, dev.port_max = opts.port_min, opts.port_max
    dev.ttl, dev.ttl_inherit, dev.tos, dev.df = opts.ttl, opts.ttl_inherit, opts.tos, opts.df
    dev.learning = opts.learning
    dev.ageing = opts.ageing or vxlan.FDB_AGE_DEFAULT      # `ageing none` is not kept
    dev.maxaddress, dev.udp_csum = opts.maxaddress, opts.udp_csum
    ns.register(dev)
    net.register(dev)
    if ns is not ctx.ns:
        ns.peer_id(ctx.ns)      # the new device's RTM_NEWLINK names its link's netns
    _configure_new(ctx, dev, req)
    if lower is not None:
        # vxlan_config_apply: the MTU is the lower device's less the headers, whatever
        # `mtu` asked for
        dev.lower_ifindex = lower.ifindex
        dev.mtu = lower.mtu - vxlan.VXLAN_HEADROOM
    if dev.remote:
        dev.fdb_update(vxlan.ZERO_MAC, dev.remote, vxlan.NUD_REACHABLE | vxlan.NUD_PERMANENT,
                       port, dev.vni, dev.lower_ifindex, create=True, exclusive=True)
    if req.master is not None:
        _set_master(ctx, dev, req.master)
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
        dev.ifgroup = req.group
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
        dev.link_mode = req.mode
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
    elif kind == "macvlan":
        mv_opts = macvlanopts.parse(req.type_args)
        if dev.kind != "macvlan":
            raise rtnl_error("EOPNOTSUPP")
        macvlanopts.apply(dev, mv_opts)
    elif kind == "vxlan":
        raise UnsupportedError("ip link set type vxlan (vxlan_changelink)")
    elif kind == "vlan":
        vl_opts = vlanopts.parse(req.type_args)
        if dev.kind != "vlan":
            raise rtnl_error("EOPNOTSUPP")
        if vl_opts.vid is not None and vl_opts.vid >= 4095:
            raise rtnl_error("ERANGE", "8021q: Invalid VLAN id")
        vlanopts.apply_flags(dev, vl_opts)      # vlan_changelink: the flags
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

