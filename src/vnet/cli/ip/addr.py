"""`ip address add|change|replace|del|show|flush` (ipaddr_modify in ip/ipaddress.c).

Client side as iproute2: `local`/`peer`/`broadcast` (`+`/`-` computed from the prefix),
`label`, `scope` (127.0.0.0/8 defaults to host), `metric`, lifetimes and flag words,
the wildcard-delete warning for a prefix-less IPv4 delete. Kernel side as
inet_rtm_newaddr/inet_rtm_deladdr (net/ipv4/devinet.c): an address that already exists
is refused with "ipv4: Address already assigned" unless replaced, a second address in
a subnet must have the primary's scope, a delete matches local, label and prefix.
Addresses are stored through vnet.net.addr, which also installs the kernel routes.
"""

from __future__ import annotations

from vnet.cli.context import Context
from vnet.cli.ip import addrfmt, listing, usage
from vnet.cli.ip.errors import IpExit, duparg, duparg2, invarg, rtnl_error
from vnet.cli.ip.options import IpOptions
from vnet.cli.ip.util import (
    AF_INET,
    AF_INET6,
    AF_PACKET,
    AF_UNSPEC,
    INFINITY_LIFE_TIME,
    Args,
    Prefix,
    get_addr,
    get_prefix,
    get_unsigned,
    matches,
    name_to_index,
    scope_a2n,
)
from vnet.cli.shell.api import UnsupportedError
from vnet.net import addr as addrmod
from vnet.net import fib as F


def main(ctx: Context, opts: IpOptions, argv: list[str]) -> int:
    if not argv:
        return listing.list_or_flush(ctx, opts, [], do_link=False)
    word, rest = argv[0], argv[1:]
    if matches(word, "add"):
        return modify(ctx, opts, "add", rest)
    if matches(word, "change") or word == "chg":
        return modify(ctx, opts, "change", rest)
    if matches(word, "replace"):
        return modify(ctx, opts, "replace", rest)
    if matches(word, "delete"):
        return modify(ctx, opts, "delete", rest)
    if matches(word, "list") or matches(word, "show") or matches(word, "lst"):
        return listing.list_or_flush(ctx, opts, rest, do_link=False)
    if matches(word, "flush"):
        return listing.list_or_flush(ctx, opts, rest, do_link=False, action=listing.FLUSH)
    if matches(word, "save") or matches(word, "showdump") or matches(word, "restore"):
        raise UnsupportedError(f"ip address {word}")
    if matches(word, "help"):
        raise IpExit(usage.ADDRESS, 255)
    raise IpExit(f'Command "{word}" is unknown, try "ip address help".\n', 255)


def _lifetime(value: str) -> int | None:
    if value == "forever":
        return INFINITY_LIFE_TIME
    return get_unsigned(value)


def modify(ctx: Context, opts: IpOptions, cmd: str, argv: list[str]) -> int:
    family = opts.family
    local: Prefix | None = None
    local_arg = ""
    peer: Prefix | None = None
    brd: int | None = None          # an address, or -1 for "+", -2 for "-"
    scope: int | None = None
    dev_name: str | None = None
    label: str | None = None
    metric = 0
    valid_lft = preferred_lft = INFINITY_LIFE_TIME
    valid_given = preferred_given = False
    flags = 0
    prefixlen = 0
    args = Args(argv)
    while args:
        w = args.cur
        if w in ("peer", "remote"):
            value = args.next()
            if peer is not None:
                raise duparg("peer", value)
            peer = get_prefix(value, family)
            if family == AF_UNSPEC:
                family = peer.family
            prefixlen = peer.bitlen
        elif matches(w, "broadcast") or w == "brd":
            value = args.next()
            if brd is not None:
                raise duparg("broadcast", value)
            if value == "+":
                brd = -1
            elif value == "-":
                brd = -2
            else:
                addr = get_addr(value, family)
                if family == AF_UNSPEC:
                    family = addr.family
                brd = addr.as_int() if addr.family == AF_INET else 0
        elif w == "anycast":
            raise UnsupportedError("ip address anycast")
        elif w == "scope":
            value = args.next()
            scope = scope_a2n(value)
            if scope is None:
                raise invarg("invalid scope value.", value)
        elif w == "dev":
            dev_name = args.next()
        elif w == "label":
            label = args.next()
        elif matches(w, "metric") or matches(w, "priority") or matches(w, "preference"):
            value = args.next()
            number = get_unsigned(value)
            if number is None:
                raise invarg('"metric" value is invalid\n', value)
            metric = number
        elif matches(w, "valid_lft"):
            if valid_given:
                raise duparg("valid_lft", w)
            value = args.next()
            lft = _lifetime(value)
            if lft is None:
                raise invarg("valid_lft value", value)
            valid_lft, valid_given = lft, True
        elif matches(w, "preferred_lft"):
            if preferred_given:
                raise duparg("preferred_lft", w)
            value = args.next()
            lft = _lifetime(value)
            if lft is None:
                raise invarg("preferred_lft value", value)
            preferred_lft, preferred_given = lft, True
        elif w in addrfmt.FLAG_BY_NAME:
            mask, readonly, v6only = addrfmt.FLAG_BY_NAME[w]
            if readonly:
                ctx.err(f"Warning: {w} option is not mutable from userspace\n")
            elif v6only and family != AF_INET6:
                ctx.err(f"Warning: {w} option can be set only for IPv6 addresses\n")
            else:
                flags |= mask
        else:
            if w == "local":
                w = args.next()
            if matches(w, "help"):
                raise IpExit(usage.ADDRESS, 255)
            if local is not None:
                raise duparg2("local", w)
            local_arg = w
            local = get_prefix(w, family)
            if family == AF_UNSPEC:
                family = local.family
        args.advance()
    if dev_name is None:
        raise IpExit('Not enough information: "dev" argument is required.\n', 1)
    wildcard = False
    if peer is None and local is not None:
        if cmd == "delete" and local.family == AF_INET and not local.specified:
            ctx.err("Warning: Executing wildcard deletion to stay compatible with old scripts.\n"
                    f"         Explicitly specify the prefix length ({local_arg}/"
                    f"{local.bytelen * 8}) to avoid this warning.\n"
                    "         This special behaviour is likely to disappear in further releases,\n"
                    "         fix your scripts!\n")
            wildcard = True
        else:
            peer = local
    if prefixlen == 0 and local is not None:
        prefixlen = local.bitlen
    if brd is not None and brd < 0 and cmd != "delete":
        if family != AF_INET:
            raise IpExit("Broadcast can be set only for IPv4 addresses\n", 1)
        base = peer if peer is not None else local
        if base is not None and 0 <= base.bitlen <= 30:
            host = (1 << (32 - base.bitlen)) - 1
            value = base.as_int()
            brd = value | host if brd == -1 else value & ~host & 0xFFFFFFFF
        else:
            brd = None
    if scope is None and cmd != "delete":
        scope = F.RT_SCOPE_HOST if local is not None and local.family == AF_INET \
            and local.data[:1] == b"\x7f" else 0
    index = name_to_index(ctx.ns, dev_name)
    if not index:
        raise IpExit(f'Cannot find device "{dev_name}"\n', 1)
    if valid_given or preferred_given:
        if not valid_lft:
            raise IpExit("valid_lft is zero\n", 1)
        if valid_lft < preferred_lft:
            raise IpExit("preferred_lft is greater than valid_lft\n", 1)
    if flags & addrfmt.IFA_F_MCAUTOJOIN:
        raise IpExit("autojoin needs multicast address\n", 1)
    dev = ctx.ns.by_index.get(index)
    if dev is None:
        raise rtnl_error("ENODEV")
    if family == AF_INET6 or (local is not None and local.family == AF_INET6):
        return modify6(cmd, dev, local, peer, prefixlen, brd, scope, metric, flags,
                       valid_lft, preferred_lft)
    if family == AF_UNSPEC:
        raise rtnl_error("EOPNOTSUPP")     # no address given: no family handles the request
    if family != AF_INET:
        raise rtnl_error("EAFNOSUPPORT")
    if cmd == "delete":
        return delete(ctx, dev, local, peer if not wildcard else None, prefixlen, label)
    if local is None:
        raise rtnl_error("EINVAL")
    if valid_lft != INFINITY_LIFE_TIME or preferred_lft != INFINITY_LIFE_TIME:
        raise UnsupportedError("ip address lifetimes")
    assert scope is not None
    return add(ctx, cmd, dev, local, peer, prefixlen, brd, scope, label, metric,
               bool(flags & addrfmt.IFA_F_NOPREFIXROUTE))


def add(ctx: Context, cmd: str, dev, local: Prefix, peer: Prefix | None, prefixlen: int,  # type: ignore[no-untyped-def]
        brd: int | None, scope: int, label: str | None, metric: int,
        noprefixroute: bool) -> int:
    stack = ctx.ns.ipv4
    local_ip = local.as_int()
    peer_ip = peer.as_int() if peer is not None else local_ip
    mask = F.mask(prefixlen)
    ifa = addrmod.InetAddr(dev, local_ip, prefixlen, broadcast=brd or None,
                           peer=peer_ip if peer_ip != local_ip else None, scope=scope,
                           label=label, noprefixroute=noprefixroute, metric=metric)
    # find_matching_ifa: same prefix length, peer subnet and local address
    for other in dev.ip4:
        other_peer = other.peer if other.peer is not None else other.local
        if other.prefixlen == prefixlen and other.local == local_ip \
                and (other_peer ^ peer_ip) & mask == 0:
            if cmd == "add":
                raise rtnl_error("EEXIST", "ipv4: Address already assigned")
            other.metric = metric
            return 0
    for other in dev.ip4:
        other_peer = other.peer if other.peer is not None else other.local
        if other.prefixlen == prefixlen and (other_peer ^ peer_ip) & mask == 0:
            if other.local == local_ip:
                raise rtnl_error("EEXIST")
            if other.scope != scope:
                raise rtnl_error("EINVAL", "ipv4: Invalid scope value")
    try:
        addrmod.add(stack, ifa)
    except addrmod.AddrError as err:
        raise rtnl_error(err.errno_name) from None
    return 0


def modify6(cmd: str, dev, local: Prefix | None, peer: Prefix | None, prefixlen: int,  # type: ignore[no-untyped-def]
            brd: int | None, scope: int | None, metric: int, flags: int, valid_lft: int,
            preferred_lft: int) -> int:
    """inet6_rtm_newaddr / inet6_rtm_deladdr through vnet.net.addrconf."""
    from vnet.net import addrconf

    if local is None:
        raise rtnl_error("EINVAL")
    if peer is not None and peer.data != local.data:
        raise UnsupportedError("ip -6 address peer")
    if brd is not None:
        raise UnsupportedError("ip -6 address broadcast")
    addr = int.from_bytes(local.data, "big")
    try:
        if cmd == "delete":
            addrconf.inet6_addr_del(dev, addr, prefixlen)
            return 0
        addrconf.inet6_addr_add(dev, addr, prefixlen, flags=flags, valid_lft=valid_lft,
                                preferred_lft=preferred_lft, metric=metric,
                                replace=cmd in ("change", "replace"))
    except addrconf.AddrError as err:
        raise rtnl_error(err.errno_name, err.message) from None
    return 0


def delete(ctx: Context, dev, local: Prefix | None, peer: Prefix | None, prefixlen: int,  # type: ignore[no-untyped-def]
           label: str | None) -> int:
    """inet_rtm_deladdr: the first address matching local, label and prefix."""
    for ifa in list(dev.ip4):
        if local is not None and ifa.local != local.as_int():
            continue
        if label is not None and ifa.label != label:
            continue
        if peer is not None:
            ifa_peer = ifa.peer if ifa.peer is not None else ifa.local
            if prefixlen != ifa.prefixlen or (peer.as_int() ^ ifa_peer) & ifa.mask:
                continue
        addrmod.delete(ctx.ns.ipv4, ifa)
        return 0
    raise rtnl_error("EADDRNOTAVAIL", "ipv4: Address not found")


__all__ = ["main", "AF_PACKET"]
