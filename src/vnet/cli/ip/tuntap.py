"""`ip tuntap add|del|show` (ip/iptuntap.c): persistent TUN/TAP devices.

The real tool opens /dev/net/tun, TUNSETIFF (with IFF_TUN_EXCL on add), optionally
TUNSETOWNER/TUNSETGROUP, then TUNSETPERSIST; its errors are those ioctls' perror()
lines (`ioctl(TUNSETIFF): Device or resource busy`). `del` of a name that does not
exist succeeds (TUNSETIFF creates a device that dies when the descriptor closes).
`show` lists tun devices with their tun_flags: note IFF_NOFILTER and IFF_NO_PI are the
same bit, so `filter` appears exactly when `pi` does.
"""

from __future__ import annotations

from dataclasses import dataclass

from vnet.cli.context import Context
from vnet.cli.ip import linkinfo, usage
from vnet.cli.ip.errors import IpExit, duparg2, invarg
from vnet.cli.ip.listing import printer
from vnet.cli.ip.options import IpOptions
from vnet.cli.ip.output import ANY, COLOR_IFNAME, JSON
from vnet.cli.ip.util import Args, check_ifname, matches, strtol
from vnet.link import rtnl
from vnet.link.tuntap import TunTap

USER_IDS = {name: uid for uid, name in linkinfo.USERS.items()}
GROUP_IDS = {name: gid for gid, name in linkinfo.GROUPS.items()}


@dataclass
class TunReq:
    name: str | None = None
    mode: str | None = None
    owner: int = -1
    group: int = -1
    pi: bool = False
    one_queue: bool = False
    vnet_hdr: bool = False
    multi_queue: bool = False


def main(ctx: Context, opts: IpOptions, argv: list[str]) -> int:
    if not argv:
        return show(ctx, opts)
    word = argv[0]
    if matches(word, "add"):
        return add(ctx, parse_args(argv[1:], owners=True))
    if matches(word, "delete"):
        return delete(ctx, parse_args(argv[1:], owners=False))
    if matches(word, "show") or matches(word, "lst") or matches(word, "list"):
        return show(ctx, opts)
    if matches(word, "help"):
        raise IpExit(usage.TUNTAP, 255)
    raise IpExit(f'Command "{word}" is unknown, try "ip tuntap help".\n', 255)


def _id(value: str, table: dict[str, int], what: str) -> int:
    number, end, _ = strtol(value, 10)
    if value and end == len(value):
        return number
    if value in table:
        return table[value]
    raise IpExit(f'invalid {what} "{value}"\n', 255)


def parse_args(argv: list[str], owners: bool) -> TunReq:
    req = TunReq()
    args = Args(argv)
    while args:
        w = args.cur
        if matches(w, "mode"):
            value = args.next()
            if matches(value, "tun"):
                if req.mode == "tap":
                    raise IpExit("You managed to ask for more than one tunnel mode.\n", 255)
                req.mode = "tun"
            elif matches(value, "tap"):
                if req.mode == "tun":
                    raise IpExit("You managed to ask for more than one tunnel mode.\n", 255)
                req.mode = "tap"
            else:
                raise IpExit(f'Unknown tunnel mode "{value}"\n', 255)
        elif owners and matches(w, "user"):
            req.owner = _id(args.next(), USER_IDS, "user")
        elif owners and matches(w, "group"):
            req.group = _id(args.next(), GROUP_IDS, "group")
        elif matches(w, "pi"):
            req.pi = True
        elif matches(w, "one_queue"):
            req.one_queue = True
        elif matches(w, "vnet_hdr"):
            req.vnet_hdr = True
        elif matches(w, "multi_queue"):
            req.multi_queue = True
        elif matches(w, "dev"):
            value = args.next()
            if not check_ifname(value):
                raise invarg('"dev" not a valid ifname', value)
            req.name = value
        else:
            if matches(w, "name"):
                w = args.next()
            elif matches(w, "help"):
                raise IpExit(usage.TUNTAP, 255)
            if req.name:
                raise duparg2("name", w)
            if not check_ifname(w):
                raise invarg('"name" not a valid ifname', w)
            req.name = w
        args.advance()
    if req.mode is None:
        raise IpExit("You failed to specify a tunnel mode\n", 1)
    return req


def _ioctl_error(errno_text: str) -> IpExit:
    return IpExit(f"ioctl(TUNSETIFF): {errno_text}\n", 1)


def add(ctx: Context, req: TunReq) -> int:
    name = req.name
    if name and "%" in name:
        i = 0
        while ctx.ns.get(name.replace("%d", str(i), 1)) is not None:
            i += 1
        name = name.replace("%d", str(i), 1)
    if name and ctx.ns.get(name) is not None:
        raise _ioctl_error("Device or resource busy")
    assert req.mode is not None
    dev = rtnl.add_tuntap(ctx.ns, name or None, req.mode, owner=req.owner, group=req.group,
                          multi_queue=req.multi_queue, pi=req.pi, vnet_hdr=req.vnet_hdr)
    if req.one_queue:
        dev.one_queue = True
    return 0


def delete(ctx: Context, req: TunReq) -> int:
    if not req.name:
        return 0
    dev = ctx.ns.get(req.name)
    if dev is None:
        return 0
    if not isinstance(dev, TunTap) or dev.mode != req.mode \
            or bool(dev.multi_queue) != req.multi_queue:
        raise _ioctl_error("Invalid argument")
    if dev.reader is not None:
        raise _ioctl_error("Device or resource busy")
    rtnl.delete(dev)
    return 0


def tun_flag_words(dev: TunTap) -> list[str]:
    words = [dev.mode]
    if dev.pi:
        words.append("pi")
    if dev.one_queue:
        words.append("one_queue")
    if dev.multi_queue:
        words.append("multi_queue")
    if dev.vnet_hdr:
        words.append("vnet_hdr")
    if dev.persist:
        words.append("persist")
    if dev.pi:                      # !(flags & IFF_NOFILTER), the same bit as IFF_NO_PI
        words.append("filter")
    return words


def show(ctx: Context, opts: IpOptions) -> int:
    p = printer(ctx, opts)
    p.begin()
    for dev in ctx.ns.devices():
        if not isinstance(dev, TunTap):
            continue
        p.open_object()
        p.string(ANY, "ifname", "%s:", dev.name, color=COLOR_IFNAME)
        p.open_array(JSON, "flags")
        for word in tun_flag_words(dev):
            p.string(ANY, None, " %s", word)
        p.close_array(JSON, None)
        if dev.owner != -1:
            p.value(ANY, "user", " user %d", dev.owner)
        if dev.group != -1:
            p.value(ANY, "group", " group %d", dev.group)
        if opts.details:
            p.text(p.sl + "\tAttached to processes:")
            p.open_array(JSON, "processes")
            p.close_array(JSON, None)
        p.close_object()
        p.text("\n")
    p.end()
    return 0
