"""`ip link` argument parsing: iplink_parse() of ip/iplink.c as a request object.

Same keywords, abbreviations and checks as iproute2 (duplicate values, `dev` garbage,
name validity, on/off words, the `type KIND` break that hands the rest to the kind's own
parser, address length against the device, `index` rules), so that every usage error is
the real tool's text and exit status before anything is changed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from vnet.cli.context import Context
from vnet.cli.ip import linkfmt, usage
from vnet.cli.ip.errors import IpExit, duparg, duparg2, invarg, nodev
from vnet.cli.ip.util import (
    Args,
    check_altifname,
    check_ifname,
    get_integer,
    get_unsigned,
    matches,
    name_to_index,
    parse_lladdr,
    strtol,
)
from vnet.cli.shell.api import UnsupportedError

if TYPE_CHECKING:
    from vnet.core.netns import Namespace

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
    value, end, _ = strtol(text, 10)
    return value if end else 0
