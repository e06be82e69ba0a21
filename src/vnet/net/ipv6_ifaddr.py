"""The IPv6 address structures (include/net/if_inet6.h): inet6_ifaddr and inet6_dev.

`Inet6Addr` is one address of a device (flags as IFA_F_*, DAD state, lifetimes counted
from its timestamp, the `local` route it owns); `Inet6Dev` is the IPv6 side of a device
(its address list, which is `dev.ip6`, its multicast memberships, anycast addresses,
IF_READY and its cached `net.ipv6.conf.DEV.*` values). vnet.net.addrconf creates and
changes them; renderers read them (`valid_lft`/`preferred_lft` are what netlink reports).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from vnet.core.sched import NS_PER_SEC, Timer
from vnet.net import ipv6_addr as A
from vnet.net import ipv6_devconf as C
from vnet.net import ipv6_fib as F
from vnet.net.ipv6_mcast import Mc6List

if TYPE_CHECKING:
    from vnet.link.device import Device
    from vnet.net.addrconf import Ipv6State

IPV6_MIN_MTU = 1280
INFINITY = 0xFFFFFFFF

# ifa_flags (include/uapi/linux/if_addr.h)
IFA_F_SECONDARY = 0x01
IFA_F_TEMPORARY = IFA_F_SECONDARY
IFA_F_NODAD = 0x02
IFA_F_OPTIMISTIC = 0x04
IFA_F_DADFAILED = 0x08
IFA_F_HOMEADDRESS = 0x10
IFA_F_DEPRECATED = 0x20
IFA_F_TENTATIVE = 0x40
IFA_F_PERMANENT = 0x80
IFA_F_MANAGETEMPADDR = 0x100
IFA_F_NOPREFIXROUTE = 0x200
IFA_F_MCAUTOJOIN = 0x400
IFA_F_STABLE_PRIVACY = 0x800

# inet6_ifaddr states
STATE_PREDAD, STATE_DAD, STATE_POSTDAD, STATE_ERRDAD, STATE_DEAD = range(5)

# addr_gen_mode (IN6_ADDR_GEN_MODE_*)
GEN_EUI64, GEN_NONE, GEN_STABLE_PRIVACY, GEN_RANDOM = range(4)
GEN_MODE_NAMES = {GEN_EUI64: "eui64", GEN_NONE: "none",
                  GEN_STABLE_PRIVACY: "stable_secret", GEN_RANDOM: "random"}

# ifa_proto
IFAPROT_UNSPEC, IFAPROT_KERNEL_LO, IFAPROT_KERNEL_RA, IFAPROT_KERNEL_LL = range(4)

#  the conf keys whose value the kernel caches in idev->cnf and acts on when written
WATCHED = ("disable_ipv6", "forwarding", "addr_gen_mode", "mtu")


class AddrError(Exception):
    """A refused address change: errno name and the kernel's extack message (or "")."""

    def __init__(self, errno_name: str, message: str = "") -> None:
        super().__init__(message or errno_name)
        self.errno_name = errno_name
        self.message = message


class Inet6Addr:
    """inet6_ifaddr: one IPv6 address of a device."""

    __slots__ = ("addr", "prefixlen", "scope", "flags", "idev", "state", "valid",
                 "preferred", "tstamp", "rt_priority", "proto", "dad_probes",
                 "timer", "verify_timer", "rt")

    def __init__(self, idev: Inet6Dev, addr: int, prefixlen: int, scope: int, flags: int,
                 valid_lft: int, preferred_lft: int, rt_priority: int, proto: int,
                 now: int) -> None:
        self.idev = idev
        self.addr = addr
        self.prefixlen = prefixlen
        self.scope = scope                 # IFA_HOST 0x10, IFA_LINK 0x20, IFA_SITE 0x40, 0
        self.flags = flags
        self.state = STATE_PREDAD
        self.valid = valid_lft             # seconds from tstamp, INFINITY for forever
        self.preferred = preferred_lft
        self.tstamp = now
        self.rt_priority = rt_priority     # `metric N` of ip addr add
        self.proto = proto
        self.dad_probes = 0
        self.timer: Timer | None = None
        self.verify_timer: Timer | None = None
        self.rt: F.Route6 | None = F.host_route(addr, idev.dev)

    def __repr__(self) -> str:
        return f"<Inet6Addr {A.to_str(self.addr)}/{self.prefixlen} {self.dev.name}>"

    @property
    def dev(self) -> Device:
        return self.idev.dev

    @property
    def local(self) -> int:
        return self.addr

    @property
    def tentative(self) -> bool:
        return bool(self.flags & IFA_F_TENTATIVE)

    @property
    def metric(self) -> int:
        """IFA_RT_PRIORITY (`metric N` of ip addr add); 0 when unset."""
        return self.rt_priority

    @property
    def valid_lft(self) -> int:
        """Seconds of validity left now, as netlink reports it (INFINITY for forever)."""
        return self.lifetimes(self.idev.state.world.now)[0]

    @property
    def preferred_lft(self) -> int:
        return self.lifetimes(self.idev.state.world.now)[1]

    def lifetimes(self, now: int) -> tuple[int, int]:
        """(valid, preferred) seconds left, as inet6_fill_ifaddr reports them."""
        if self.flags & IFA_F_PERMANENT and self.preferred == INFINITY:
            return INFINITY, INFINITY
        valid, preferred = self.valid, self.preferred
        if preferred != INFINITY:
            elapsed = (now - self.tstamp) // NS_PER_SEC
            preferred = max(preferred - elapsed, 0)
            if valid != INFINITY:
                valid = max(valid - elapsed, 0)
        return valid, preferred


class Inet6Dev:
    """inet6_dev: the IPv6 side of one device."""

    def __init__(self, state: Ipv6State, dev: Device) -> None:
        self.state = state
        self.dev = dev
        self.addrs: list[Inet6Addr] = dev.ip6
        self.mc = Mc6List(dev, state.mc)
        self.anycast: dict[int, list] = {}      # prefix -> [users, route]
        self.ready = False                      # IF_READY
        self.dead = False
        self.sysctl_name = dev.name
        self.secret: int | None = None          # stable_secret (mode 3 draws one)
        self.cnf: dict[str, int] = {}

    def conf(self, name: str) -> int:
        return C.get_int(self.state.ns.sysctl, self.sysctl_name, name)

    def join_solict(self, addr: int) -> None:
        """addrconf_join_solict: the solicited-node group of an address, except on
        loopback and NOARP devices, which never solicit."""
        if not (flag(self.dev, "NOARP") or self.dev.link_type == "loopback"):
            self.mc.inc(A.solicited_node(addr))

    def leave_solict(self, addr: int) -> None:
        if not (flag(self.dev, "NOARP") or self.dev.link_type == "loopback"):
            self.mc.dec(A.solicited_node(addr))

    @property
    def disabled(self) -> bool:
        return bool(self.cnf["disable_ipv6"])

    @property
    def forwarding(self) -> bool:
        return bool(self.cnf["forwarding"])


def flag(dev: Device, name: str) -> bool:
    """An IFF_* flag of the device, by the name `ip link` prints."""
    return name in dev.flag_names()


def link_ready(dev: Device) -> bool:
    """addrconf_link_ready: up, operstate UP or UNKNOWN, a real qdisc."""
    return dev.admin_up and dev.operstate in ("UP", "UNKNOWN")
