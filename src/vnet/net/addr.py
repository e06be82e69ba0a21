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


def _kernel_route(stack: Ipv4Stack, ifa: InetAddr, rtype: str, dst: int, plen: int,
                  table: int, scope: int, metric: int = 0) -> None:
    if stack.fib.find(table, dst, plen) and any(
            r.type == rtype and r.dev is ifa.dev and r.prefsrc == ifa.local
            for r in stack.fib.find(table, dst, plen)):
        return
    stack.fib.add(F.Route(dst, plen, table=table, type=rtype, dev=ifa.dev, prefsrc=ifa.local,
                          proto=F.RTPROT_KERNEL, scope=scope, metric=metric), append=True)


def add_ifaddr_routes(stack: Ipv4Stack, ifa: InetAddr) -> None:
    """fib_add_ifaddr."""
    dev = ifa.dev
    _kernel_route(stack, ifa, F.LOCAL, ifa.local, 32, F.RT_TABLE_LOCAL, F.RT_SCOPE_HOST)
    if not dev.admin_up:
        return
    if ifa.broadcast is not None and ifa.broadcast != 0xFFFFFFFF:
        _kernel_route(stack, ifa, F.BROADCAST, ifa.broadcast, 32, F.RT_TABLE_LOCAL,
                      F.RT_SCOPE_LINK)
    prefix = ifa.prefix
    if prefix and not ifa.secondary and (prefix != ifa.local or ifa.prefixlen < 32):
        if not ifa.noprefixroute:
            loopback = dev.link_type == "loopback"
            _kernel_route(stack, ifa, F.LOCAL if loopback else F.UNICAST, prefix, ifa.prefixlen,
                          F.RT_TABLE_LOCAL if loopback else F.RT_TABLE_MAIN,
                          F.RT_SCOPE_HOST if loopback else F.RT_SCOPE_LINK, ifa.metric)
        if ifa.prefixlen < 31:
            _kernel_route(stack, ifa, F.BROADCAST, prefix | (~ifa.mask & 0xFFFFFFFF), 32,
                          F.RT_TABLE_LOCAL, F.RT_SCOPE_LINK)


def del_ifaddr_routes(stack: Ipv4Stack, ifa: InetAddr) -> None:
    """fib_del_ifaddr: routes whose prefsrc is this address and device is its device."""
    still_local = any(a.local == ifa.local for d in stack.ns.devices() for a in d.ip4 if a is not ifa)
    stack.fib.remove_where(
        lambda r: r.proto == F.RTPROT_KERNEL and r.dev is ifa.dev and r.prefsrc == ifa.local
        and not (r.type == F.LOCAL and r.plen == 32 and still_local))


def add(stack: Ipv4Stack, ifa: InetAddr) -> None:
    """inet_insert_ifa."""
    dev = ifa.dev
    for other in dev.ip4:
        if other.local == ifa.local and other.prefixlen == ifa.prefixlen:
            raise AddrError("EEXIST")
    for other in dev.ip4:
        if not other.secondary and other.prefixlen == ifa.prefixlen and other.matches(ifa.local) \
                and other.scope == ifa.scope:
            ifa.secondary = True
            break
    dev.ip4.append(ifa)
    add_ifaddr_routes(stack, ifa)
    stack.addr_changed()


def delete(stack: Ipv4Stack, ifa: InetAddr) -> None:
    """inet_del_ifa: a primary takes its secondaries with it."""
    dev = ifa.dev
    victims = [ifa]
    if not ifa.secondary:
        victims += [a for a in dev.ip4 if a.secondary and a.prefixlen == ifa.prefixlen
                    and ifa.matches(a.local)]
    for victim in victims:
        dev.ip4.remove(victim)
    for victim in victims:
        del_ifaddr_routes(stack, victim)
    stack.addr_changed()


def loopback_up(stack: Ipv4Stack, dev: Device) -> None:
    if not dev.ip4:
        add(stack, InetAddr(dev, 0x7F000001, 8, scope=F.RT_SCOPE_HOST))
