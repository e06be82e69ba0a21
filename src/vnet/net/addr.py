"""IPv4 interface addresses (net/ipv4/devinet.c) and the routes they imply (fib_frontend.c).

Adding an address inserts its `local` route in the local table at once; while the device
is up it also gets the subnet broadcast route and, for a primary address, the prefix
route `proto kernel scope link` in main (fib_add_ifaddr). An address inside the subnet
of an existing primary on the same device becomes secondary (no prefix route);
removing a primary removes its secondaries, as Linux does without promote_secondaries.
Bringing `lo` up gives it 127.0.0.1/8 when it has no address (inetdev_event).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from vnet.net import fib as F

if TYPE_CHECKING:
    from vnet.link.device import Device
    from vnet.net.stack import Ipv4Stack

LIFETIME_INFINITE = 0xFFFFFFFF


class InetAddr:
    __slots__ = ("local", "prefixlen", "broadcast", "peer", "scope", "label", "dev",
                 "secondary", "noprefixroute", "valid_lft", "preferred_lft", "proto", "metric")

    def __init__(self, dev: Device, local: int, prefixlen: int, *, broadcast: int | None = None,
                 peer: int | None = None, scope: int = F.RT_SCOPE_UNIVERSE,
                 label: str | None = None, noprefixroute: bool = False, metric: int = 0) -> None:
        self.dev = dev
        self.local = local
        self.prefixlen = prefixlen
        self.broadcast = broadcast
        self.peer = peer
        self.scope = scope
        self.label = label or dev.name
        self.secondary = False
        self.noprefixroute = noprefixroute
        self.valid_lft = LIFETIME_INFINITE
        self.preferred_lft = LIFETIME_INFINITE
        self.proto = 0
        self.metric = metric

    @property
    def mask(self) -> int:
        return F.mask(self.prefixlen)

    @property
    def prefix(self) -> int:
        return (self.peer if self.peer is not None else self.local) & self.mask

    def matches(self, addr: int) -> bool:
        return (addr ^ self.local) & self.mask == 0


class AddrError(Exception):
    def __init__(self, errno_name: str, message: str = "") -> None:
        super().__init__(message or errno_name)
        self.errno_name = errno_name


def _kernel_route(stack: Ipv4Stack, prim: InetAddr, rtype: str, dst: int, plen: int,
                  table: int, scope: int, metric: int = 0) -> None:
    """fib_magic(RTM_NEWROUTE): a kernel route through prim's device, prefsrc prim's local."""
    for r in stack.fib.find(table, dst, plen):
        if r.type == rtype and r.dev is prim.dev and r.prefsrc == prim.local:
            return
    stack.fib.add(F.Route(dst, plen, table=table, type=rtype, dev=prim.dev, prefsrc=prim.local,
                          proto=F.RTPROT_KERNEL, scope=scope, metric=metric), append=True)


def _kernel_route_del(stack: Ipv4Stack, prim: InetAddr, rtype: str, dst: int, plen: int) -> None:
    """fib_magic(RTM_DELROUTE)."""
    table = F.RT_TABLE_LOCAL if rtype in (F.LOCAL, F.BROADCAST) else F.RT_TABLE_MAIN
    for r in stack.fib.find(table, dst, plen):
        if r.type == rtype and r.dev is prim.dev and r.prefsrc == prim.local \
                and r.proto == F.RTPROT_KERNEL:
            stack.fib.remove(r)
            return


def primary_of(ifa: InetAddr) -> InetAddr | None:
    """inet_ifa_byprefix: the primary address whose subnet holds ifa."""
    if not ifa.secondary:
        return ifa
    for a in ifa.dev.ip4:
        if not a.secondary and a.prefixlen == ifa.prefixlen and a.prefix == ifa.prefix:
            return a
    return None


def add_ifaddr_routes(stack: Ipv4Stack, ifa: InetAddr) -> None:
    """fib_add_ifaddr: routes use the subnet's primary address as their source."""
    dev = ifa.dev
    prim = primary_of(ifa)
    if prim is None:
        return
    _kernel_route(stack, prim, F.LOCAL, ifa.local, 32, F.RT_TABLE_LOCAL, F.RT_SCOPE_HOST)
    if not dev.admin_up:
        return
    if ifa.broadcast and ifa.broadcast != 0xFFFFFFFF:
        _kernel_route(stack, prim, F.BROADCAST, ifa.broadcast, 32, F.RT_TABLE_LOCAL,
                      F.RT_SCOPE_LINK)
    prefix = ifa.prefix
    if prefix and not ifa.secondary and (prefix != ifa.local or ifa.prefixlen < 32):
        if not ifa.noprefixroute:
            loopback = dev.link_type == "loopback"
            _kernel_route(stack, prim, F.LOCAL if loopback else F.UNICAST, prefix, ifa.prefixlen,
                          F.RT_TABLE_LOCAL if loopback else F.RT_TABLE_MAIN,
                          F.RT_SCOPE_HOST if loopback else F.RT_SCOPE_LINK, ifa.metric)
        if ifa.prefixlen < 31:
            _kernel_route(stack, prim, F.BROADCAST, prefix | (~ifa.mask & 0xFFFFFFFF), 32,
                          F.RT_TABLE_LOCAL, F.RT_SCOPE_LINK)


def del_ifaddr_routes(stack: Ipv4Stack, ifa: InetAddr, prim: InetAddr | None) -> None:
    """fib_del_ifaddr (ifa already off the list): drop its routes unless another address
    of the same device and source still needs them; a local address that is gone for
    good takes the routes using it as prefsrc along (fib_sync_down_addr)."""
    if prim is None:
        return
    dev = ifa.dev
    mask = ifa.mask
    brd = (ifa.prefix | ~mask) & 0xFFFFFFFF
    any_ = ifa.prefix
    subnet = False
    if not ifa.secondary and any_ and (any_ != ifa.local or ifa.prefixlen < 32):
        if not ifa.noprefixroute:
            _kernel_route_del(stack, prim, F.LOCAL if dev.link_type == "loopback" else F.UNICAST,
                              any_, ifa.prefixlen)
        subnet = True
    local_ok = brd_ok = brd0_ok = brd1_ok = False
    same_prefsrc = False
    prim1: InetAddr | None = None
    for ifa1 in dev.ip4:
        if ifa1.secondary:
            if ifa1.prefixlen == prim.prefixlen and prim.matches(ifa1.prefix):
                prim1 = prim
            else:
                if not same_prefsrc:
                    continue
                if prim1 is None or ifa1.prefixlen != prim1.prefixlen \
                        or not prim1.matches(ifa1.prefix):
                    prim1 = primary_of(ifa1)
                if prim1 is None or prim1.local != prim.local:
                    continue
        else:
            if prim.local != ifa1.local:
                continue
            prim1 = ifa1
            if prim is not prim1:
                same_prefsrc = True
        if ifa.local == ifa1.local:
            local_ok = True
        if (ifa.broadcast or 0) == (ifa1.broadcast or 0):
            brd_ok = True
        if brd == (ifa1.broadcast or 0):
            brd1_ok = True
        if any_ == (ifa1.broadcast or 0):
            brd0_ok = True
        if prim1 is ifa1 and ifa1.prefixlen < 31:
            brd1_ = (ifa1.prefix | ~ifa1.mask) & 0xFFFFFFFF
            any1 = ifa1.prefix
            if any1:
                if (ifa.broadcast or 0) in (brd1_, any1):
                    brd_ok = True
                if brd in (brd1_, any1):
                    brd1_ok = True
                if any_ in (brd1_, any1):
                    brd0_ok = True
    if not brd_ok:
        _kernel_route_del(stack, prim, F.BROADCAST, ifa.broadcast or 0, 32)
    if subnet and ifa.prefixlen < 31:
        if not brd1_ok:
            _kernel_route_del(stack, prim, F.BROADCAST, brd, 32)
        if not brd0_ok:
            _kernel_route_del(stack, prim, F.BROADCAST, any_, 32)
    if not local_ok:
        _kernel_route_del(stack, prim, F.LOCAL, ifa.local, 32)
        if not any(a.local == ifa.local for a in dev.ip4):
            stack.fib.remove_where(lambda r: r.prefsrc == ifa.local and r.dev is dev)


def add(stack: Ipv4Stack, ifa: InetAddr) -> None:
    """__inet_insert_ifa: a secondary goes last, a primary after the last primary whose
    scope is no narrower (so host-scope addresses come first, then link, then global)."""
    dev = ifa.dev
    for other in dev.ip4:
        if other.local == ifa.local and other.prefixlen == ifa.prefixlen:
            raise AddrError("EEXIST")
    for other in dev.ip4:
        if not other.secondary and other.prefixlen == ifa.prefixlen and other.matches(ifa.local) \
                and other.scope == ifa.scope:
            ifa.secondary = True
            break
    if ifa.secondary:
        dev.ip4.append(ifa)
    else:
        pos = 0
        for i, other in enumerate(dev.ip4):
            if not other.secondary and ifa.scope <= other.scope:
                pos = i + 1
        dev.ip4.insert(pos, ifa)
    add_ifaddr_routes(stack, ifa)
    stack.addr_changed()


def delete(stack: Ipv4Stack, ifa: InetAddr) -> None:
    """__inet_del_ifa without promote_secondaries: the secondaries of a primary go first,
    then the primary; when the last address goes, so do the device's routes and ARP
    entries (fib_disable_ip)."""
    dev = ifa.dev
    victims = []
    if not ifa.secondary:
        victims = [a for a in dev.ip4 if a.secondary and a.prefixlen == ifa.prefixlen
                   and ifa.matches(a.local)]
    victims.append(ifa)
    for victim in victims:
        prim = primary_of(victim)
        dev.ip4.remove(victim)
        del_ifaddr_routes(stack, victim, prim)
    if not dev.ip4:
        stack.fib.remove_where(lambda r: r.dev is dev)
        stack.arp_tbl.flush_dev(dev, keep_permanent=False)
    stack.addr_changed()


def loopback_up(stack: Ipv4Stack, dev: Device) -> None:
    """inetdev_event NETDEV_UP on loopback: 127.0.0.1/8 is inserted whatever else lo
    already has (inet_insert_ifa refuses it only when it is already there)."""
    try:
        add(stack, InetAddr(dev, 0x7F000001, 8, scope=F.RT_SCOPE_HOST))
    except AddrError:
        pass
