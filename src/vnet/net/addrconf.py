"""IPv6 address configuration of one namespace (net/ipv6/addrconf.c), state only.

Sits on the netdevice notifier chain beside the IPv4 stack and does what addrconf_notify
does: a device registered with an MTU of at least 1280 gets an inet6 device (its
`net.ipv6.conf.DEV.*` sysctls, the ff01::1 and ff02::1 memberships); when a device is
up and its link is ready (carrier, operstate UP or UNKNOWN) it gets the `multicast
ff00::/8` route and an RFC 4862 link-local address `fe80::/64` with the interface id
its `addr_gen_mode` asks for (0: modified EUI-64 from the MAC, RFC 4291 appendix A;
1: none; 2/3: RFC 7217 stable privacy, with a random secret for 3), the `fe80::/64`
prefix route, and Duplicate Address Detection (RFC 4862 5.4): the address stays
`tentative` for a random delay in [0, router_solicitation_delay) plus dad_transmits x
retrans_time (1 s) on the virtual clock, and only then gets its `local` route. `lo`
gets ::1/128 at once. Down removes every address and route of the device (addresses
survive only with keep_addr_on_down); loss of carrier keeps them (routes show
`linkdown`, DAD still completes); a MAC change leaves the link-local address as it is.
Carrier changes are acted on after the current command, as the kernel's linkwatch
delivers NETDEV_CHANGE. `disable_ipv6`, `forwarding` (all-routers groups and
subnet-router anycast) and `addr_gen_mode` sysctl writes act as the kernel's handlers.
This module also keeps IPv4's 224.0.0.1 membership (ip_mc_up/ip_mc_down) so that
`dev.mc_list` holds the link-layer groups in the kernel's order.

The pieces live beside it: the address and inet6-device structures in ipv6_ifaddr, DAD
in ipv6_dad, subnet-router anycast in ipv6_anycast, group memberships in ipv6_mcast,
the routes in ipv6_fib, the sysctl keys in ipv6_devconf and their write handlers in
ipv6_sysctl, the renderings in ipv6_print.

Known deviation: no IPv6 frame is ever sent or received. DAD neighbour solicitations,
MLD reports and router solicitations are not transmitted, so a kernel interface's
packet counters grow by a few ICMPv6 packets after it comes up and vnet's do not; DAD
never fails (no duplicate can answer), so `dadfailed` never appears.

API (per namespace `ns.ipv6`, an `Ipv6State`; devices carry `dev.ip6`, their addresses
in the kernel's order, and `dev.mc_list`, their link-layer multicast addresses):

    inet6_addr_add(dev, addr, plen, *, flags=0, valid_lft=INFINITY, preferred_lft=INFINITY,
                   metric=0, replace=False) -> Inet6Addr   # ip -6 addr add|change|replace
    inet6_addr_del(dev, addr, plen) -> None                            # ip -6 addr del
        both raise AddrError(errno_name, message) with the kernel's extack text
    set_addr_gen_mode(dev, mode) / addr_gen_mode_name(dev) -> str | None
                                                      # ip link set addrgenmode, ip -d link
    ns.ipv6.add_address(dev, addr, plen, **same) / ns.ipv6.delete_address(ifa)
    ns.ipv6.fib: Fib6 (vnet.net.ipv6_fib) for `ip -6 route add/del`; after adding a route
        with `expires`, ns.ipv6.arm_gc() lets the fib6 garbage collector remove it later
    ns.ipv6.mc: McState (vnet.net.ipv6_mcast): ip_mc_inc_group/ip_mc_dec_group for IPv4
        groups; ipv6_dev_mc_inc/ipv6_dev_mc_dec below for IPv6 groups (a bridge's
        224.0.0.106 and ff02::6a)
    rendering (vnet.net.ipv6_print, re-exported here):
        inet6_lines(ifa, oneline=False) -> str   the two `ip addr` lines, trailing space kept
        inet6_json(ifa) -> dict                  one `addr_info` entry of `ip -j addr`
        ipv6_route_lines(ns, table) -> str       `ip -6 route show [table T|all]`
        ipv6_route_json(ns, table) -> list       the same for `ip -j -6 route`
        route6_line(route, ...) / route6_json(route, ...) for filtered listings
        if_inet6(ns) -> str                      /proc/net/if_inet6
        ifconfig_inet6_lines(dev) -> str         ifconfig's `inet6 ... scopeid` lines
        maddr_lines(ns, dev=None) -> str         `ip maddr show`
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

from vnet.core.sched import NS_PER_SEC, Timer
from vnet.net import ipv6_addr as A
from vnet.net import ipv6_devconf as C
from vnet.net import ipv6_fib as F
from vnet.net.ipv6_anycast import join_anycast, leave_anycast
from vnet.net.ipv6_dad import cancel, dad_run, dad_start
from vnet.net.ipv6_ifaddr import (
    GEN_EUI64,
    GEN_MODE_NAMES,
    GEN_NONE,
    GEN_RANDOM,
    GEN_STABLE_PRIVACY,
    IFA_F_DADFAILED,
    IFA_F_DEPRECATED,
    IFA_F_HOMEADDRESS,
    IFA_F_MANAGETEMPADDR,
    IFA_F_MCAUTOJOIN,
    IFA_F_NODAD,
    IFA_F_NOPREFIXROUTE,
    IFA_F_OPTIMISTIC,
    IFA_F_PERMANENT,
    IFA_F_SECONDARY,
    IFA_F_STABLE_PRIVACY,
    IFA_F_TEMPORARY,
    IFA_F_TENTATIVE,
    IFAPROT_KERNEL_LL,
    IFAPROT_KERNEL_LO,
    IFAPROT_UNSPEC,
    INFINITY,
    IPV6_MIN_MTU,
    STATE_DAD,
    STATE_DEAD,
    STATE_POSTDAD,
    STATE_PREDAD,
    WATCHED,
    AddrError,
    Inet6Addr,
    Inet6Dev,
    flag,
    link_ready,
)
from vnet.net.ipv6_mcast import McState
from vnet.net.ipv6_sysctl import store, sysctl_changed

if TYPE_CHECKING:
    from vnet.core.netns import Namespace
    from vnet.link.device import Device


class Ipv6State:
    """The IPv6 configuration of one namespace (`ns.ipv6`)."""

    def __init__(self, ns: Namespace) -> None:
        self.ns = ns
        self.world = ns.world
        self.fib = F.Fib6()
        self.mc = McState()
        self.idevs: dict[Device, Inet6Dev] = {}
        self.cnf: dict[str, dict[str, int]] = {
            scope: {name: C.get_int(ns.sysctl, scope, name) for name in WATCHED}
            for scope in ("all", "default")}
        self.dflt_secret: int | None = None
        self._gc_timer: Timer | None = None

    def idev(self, dev: Device) -> Inet6Dev | None:
        return self.idevs.get(dev)

    def add_address(self, dev: Device, addr: int, plen: int, **options: int) -> Inet6Addr:
        """`ip -6 addr add`: inet6_addr_add below, for callers holding `ns.ipv6`."""
        return inet6_addr_add(dev, addr, plen, **options)

    def delete_address(self, ifa: Inet6Addr) -> None:
        """RTM_DELADDR of one address (`ip -6 addr del`, `ip addr flush`)."""
        self.ipv6_del_addr(ifa)
        if ifa.flags & IFA_F_MCAUTOJOIN and A.is_multicast(ifa.addr):
            ifa.idev.mc.dec(ifa.addr)

    # -- the netdevice notifier (addrconf_notify, plus inetdev_event's ip_mc_up/down) ----------
    def netdev_event(self, event: str, dev: Device) -> None:
        if event == "REGISTER":
            if dev.mtu >= IPV6_MIN_MTU:
                self.ipv6_add_dev(dev)
        elif event == "UP":
            self.mc.ip_mc_up(dev)
            self.notify_up(dev)
        elif event == "CHANGE":
            self.world.sched.call_soon(self.linkwatch, dev)
        elif event == "DOWN":
            self.mc.ip_mc_down(dev)
            self.ifdown(dev, unregister=False)
        elif event == "UNREGISTER":
            self.ifdown(dev, unregister=True)
            self.mc.dev_mc_flush(dev)
        elif event == "CHANGEMTU":
            self.change_mtu(dev)
        elif event == "CHANGENAME":
            idev = self.idevs.get(dev)
            if idev is not None and idev.sysctl_name != dev.name:
                C.rename_device(self.ns.sysctl, idev.sysctl_name, dev.name)
                idev.sysctl_name = dev.name

    def notify_up(self, dev: Device) -> None:
        """NETDEV_UP."""
        idev = self.idevs.get(dev)
        if idev is not None and idev.disabled:
            return
        if flag(dev, "SLAVE"):
            if idev is not None and flag(dev, "MULTICAST"):
                idev.mc.up()
            return
        self.permanent_addr(dev)
        if not link_ready(dev):
            return
        if idev is None and dev.mtu >= IPV6_MIN_MTU:
            idev = self.ipv6_add_dev(dev)
        if idev is not None:
            idev.ready = True
        self.configure(dev, idev, run_pending=idev is not None)

    def linkwatch(self, dev: Device) -> None:
        """NETDEV_CHANGE, delivered after the command that changed the carrier."""
        if self.ns.by_index.get(dev.ifindex) is not dev:
            return
        idev = self.idevs.get(dev)
        if idev is not None and idev.disabled or flag(dev, "SLAVE"):
            return
        if not link_ready(dev):
            return                               # rt6_sync_down_dev: routes show linkdown
        if idev is not None:
            if idev.ready:
                idev.mc.up()                     # already configured: resend reports
                return
            idev.ready = True
        self.configure(dev, idev, run_pending=True)

    def configure(self, dev: Device, idev: Inet6Dev | None, run_pending: bool) -> None:
        self.init_auto_addrs(dev)
        if idev is None:
            return
        if run_pending:
            dad_run(self, idev)
        if idev.cnf["mtu"] != dev.mtu and dev.mtu >= IPV6_MIN_MTU:
            store(self, idev, "mtu", dev.mtu)

    def change_mtu(self, dev: Device) -> None:
        """NETDEV_CHANGEMTU: below 1280 IPv6 stops on the device."""
        if dev.mtu < IPV6_MIN_MTU:
            self.ifdown(dev, unregister=dev.link_type != "loopback")
            return
        idev = self.idevs.get(dev)
        if idev is not None:
            store(self, idev, "mtu", dev.mtu)
            return
        idev = self.ipv6_add_dev(dev)
        if idev is None or not idev.ready or idev.disabled or flag(dev, "SLAVE"):
            return
        self.configure(dev, idev, run_pending=True)

    # -- inet6 devices --------------------------------------------------------------------------
    def ipv6_add_dev(self, dev: Device) -> Inet6Dev | None:
        if dev.mtu < IPV6_MIN_MTU:
            return None
        idev = Inet6Dev(self, dev)
        overrides = {"mtu": str(dev.mtu)}
        if flag(dev, "NOARP") or dev.link_type == "loopback":
            overrides["accept_dad"] = "-1"
        if dev.link_type in ("loopback", "none"):
            overrides["use_tempaddr"] = "-1"
        C.add_device(self.ns.sysctl, dev.name, overrides)
        idev.cnf = {name: idev.conf(name) for name in WATCHED}
        if dev.running and link_ready(dev):
            idev.ready = True
        self.idevs[dev] = idev
        idev.mc.inc(A.ALLNODES_IFACE)
        idev.mc.inc(A.ALLNODES_LINK)
        if idev.forwarding and flag(dev, "MULTICAST"):
            idev.mc.inc(A.ALLROUTERS_LINK)
        return idev

    def find_idev(self, dev: Device) -> Inet6Dev | None:
        idev = self.idevs.get(dev) or self.ipv6_add_dev(dev)
        if idev is not None and dev.admin_up:
            idev.mc.up()
        return idev

    def add_dev(self, dev: Device) -> Inet6Dev:
        """addrconf_add_dev: the inet6 device plus the ff00::/8 multicast route."""
        idev = self.find_idev(dev)
        if idev is None:
            raise AddrError("EINVAL")
        if idev.disabled:
            raise AddrError("EACCES", "ipv6: IPv6 is disabled on this device")
        if dev.link_type != "loopback":
            F.multicast_route(self.fib, dev)
        return idev

    def ifdown(self, dev: Device, unregister: bool) -> None:
        """addrconf_ifdown: routes, addresses and (on down) group loads go."""
        F.flush_dev(self.fib, dev)
        idev = self.idevs.get(dev)
        if idev is None:
            return
        if unregister:
            idev.dead = True
            del self.idevs[dev]
        keep_addr = False
        if not unregister and not idev.disabled:
            keep = C.get_int(self.ns.sysctl, "all", "keep_addr_on_down")
            keep_addr = (keep or idev.conf("keep_addr_on_down")) > 0
        was_ready = idev.ready
        if not unregister:
            idev.ready = False
        for ifa in list(idev.addrs):
            cancel(ifa)
            keep = (keep_addr and bool(ifa.flags & IFA_F_PERMANENT)
                    and not A.addr_type(ifa.addr)[0] & (A.IPV6_ADDR_LINKLOCAL | A.IPV6_ADDR_LOOPBACK))
            if keep:
                state = STATE_DEAD
                ifa.state = STATE_PREDAD
                if not ifa.flags & IFA_F_NODAD:
                    ifa.flags |= IFA_F_TENTATIVE
                ifa.rt = None
            else:
                state, ifa.state = ifa.state, STATE_DEAD
            if state != STATE_DEAD:
                self.ifa_notify_del(ifa)
            else:
                if idev.forwarding:
                    leave_anycast(self.fib, ifa)
                idev.leave_solict(ifa.addr)
            if not keep:
                idev.addrs.remove(ifa)
        if unregister:
            idev.anycast.clear()
            idev.mc.destroy()
            C.remove_device(self.ns.sysctl, idev.sysctl_name)
        elif was_ready:
            idev.mc.down()

    # -- automatic addresses -----------------------------------------------------------------------
    def init_auto_addrs(self, dev: Device) -> None:
        if dev.link_type == "loopback":
            self.init_loopback(dev)
        else:
            self.dev_config(dev)

    def init_loopback(self, dev: Device) -> None:
        idev = self.find_idev(dev)
        if idev is None:
            return
        try:
            ifa = self.ipv6_add_addr(idev, A.LOOPBACK, 128, A.IFA_HOST, IFA_F_PERMANENT,
                                     proto=IFAPROT_KERNEL_LO)
        except AddrError:
            return
        ifa.flags &= ~IFA_F_TENTATIVE
        self.ifa_notify_new(ifa)

    def dev_config(self, dev: Device) -> None:
        if dev.link_type not in ("ether", "none"):
            idev = self.idevs.get(dev)           # "we support only Ethernet autoconfiguration"
            if idev is not None and dev.admin_up and flag(dev, "MULTICAST"):
                idev.mc.up()
            return
        try:
            idev = self.add_dev(dev)
        except AddrError:
            return
        if dev.link_type == "none" and idev.cnf["addr_gen_mode"] == GEN_EUI64:
            store(self, idev, "addr_gen_mode", GEN_RANDOM)   # no EUI-64 on this type
        self.addr_gen(idev, prefix_route=False)

    def addr_gen(self, idev: Inet6Dev, prefix_route: bool) -> None:
        """addrconf_addr_gen: the link-local address addr_gen_mode asks for."""
        dev = idev.dev
        if flag(dev, "SLAVE"):
            return
        mode = idev.cnf["addr_gen_mode"]
        if mode in (GEN_RANDOM, GEN_STABLE_PRIVACY):
            if mode == GEN_RANDOM and idev.secret is None:
                idev.secret = self.world.rng.getrandbits(128)
            addr = self.stable_address(idev, A.LINKLOCAL_PREFIX)
            if addr is not None:
                self.add_linklocal(idev, addr, IFA_F_STABLE_PRIVACY)
            elif prefix_route:
                F.prefix_route(self.fib, A.LINKLOCAL_PREFIX, 64, dev)
        elif mode == GEN_EUI64:
            if dev.link_type == "ether" and len(dev.mac) == 6:
                self.add_linklocal(idev, A.LINKLOCAL_PREFIX | A.eui64_iid(dev.mac), 0)
            elif prefix_route:
                F.prefix_route(self.fib, A.LINKLOCAL_PREFIX, 64, dev)

    def stable_address(self, idev: Inet6Dev, prefix: int) -> int | None:
        """ipv6_generate_stable_address (RFC 7217): a hash of secret, prefix, MAC, dad count,
        retried past reserved interface ids. SHA-1 of the block, not the kernel's raw
        sha1_transform: same inputs give the same address, but not the kernel's bits."""
        secret = idev.secret if idev.secret is not None else self.dflt_secret
        if secret is None:
            return None
        retries = int(self.ns.sysctl.values.get("net.ipv6.idgen_retries", "3"))
        for dad_count in range(retries + 1):
            block = (secret.to_bytes(16, "big") + (prefix >> 64).to_bytes(8, "big")
                     + idev.dev.perm_mac.ljust(32, b"\0") + bytes([dad_count]))
            iid = int.from_bytes(hashlib.sha1(block.ljust(64, b"\0")).digest()[:8], "big")
            addr = (prefix & ~((1 << 64) - 1)) | iid
            if not A.reserved_iid(addr):
                return addr
        return None

    def optimistic_dad(self, idev: Inet6Dev) -> bool:
        """ipv6_allow_optimistic_dad (RFC 4429): optimistic_dad on `all` or the device."""
        return bool(C.get_int(self.ns.sysctl, "all", "optimistic_dad")
                    or idev.conf("optimistic_dad"))

    def add_linklocal(self, idev: Inet6Dev, addr: int, flags: int) -> None:
        if self.optimistic_dad(idev) and not self.cnf["all"]["forwarding"]:
            flags |= IFA_F_OPTIMISTIC
        try:
            ifa = self.ipv6_add_addr(idev, addr, 64, A.IFA_LINK, flags | IFA_F_PERMANENT,
                                     proto=IFAPROT_KERNEL_LL)
        except AddrError:
            return
        F.prefix_route(self.fib, ifa.addr, 64, idev.dev)
        dad_start(self, ifa)

    def permanent_addr(self, dev: Device) -> None:
        """addrconf_permanent_addr: on NETDEV_UP, routes for the addresses that stayed."""
        idev = self.idevs.get(dev)
        if idev is None:
            return
        for ifa in list(idev.addrs):
            if not ifa.flags & IFA_F_PERMANENT:
                continue
            if ifa.rt is None or not self._in_fib(ifa.rt):
                ifa.rt = F.host_route(ifa.addr, dev)
            if not ifa.flags & IFA_F_NOPREFIXROUTE:
                F.prefix_route(self.fib, ifa.addr, ifa.prefixlen, dev, ifa.rt_priority)
            if ifa.state == STATE_PREDAD:
                dad_start(self, ifa)

    # -- addresses ----------------------------------------------------------------------------------
    def ipv6_add_addr(self, idev: Inet6Dev, addr: int, plen: int, scope: int, flags: int,
                      valid_lft: int = INFINITY, preferred_lft: int = INFINITY,
                      rt_priority: int = 0, proto: int = IFAPROT_UNSPEC) -> Inet6Addr:
        kind = A.addr_type(addr)[0]
        if kind == A.IPV6_ADDR_ANY:
            raise AddrError("EADDRNOTAVAIL", "ipv6: Invalid address")
        if kind & A.IPV6_ADDR_MULTICAST and not flags & IFA_F_MCAUTOJOIN:
            raise AddrError("EADDRNOTAVAIL",
                            'ipv6: Cannot assign multicast address without "IFA_F_MCAUTOJOIN" flag')
        if kind & A.IPV6_ADDR_LOOPBACK and idev.dev.link_type != "loopback":
            raise AddrError("EADDRNOTAVAIL", "ipv6: Cannot assign loopback address on this device")
        if idev.dead:
            raise AddrError("ENODEV")
        if idev.disabled:
            raise AddrError("EACCES", "ipv6: IPv6 is disabled on this device")
        if any(other.addr == addr for other in idev.addrs):
            raise AddrError("EEXIST", "ipv6: address already assigned")
        if not flags & IFA_F_NODAD:
            flags |= IFA_F_TENTATIVE
        ifa = Inet6Addr(idev, addr, plen, scope, flags, valid_lft, preferred_lft,
                        rt_priority, proto, self.world.now)
        # ipv6_link_dev_addr: sorted by scope, global first; newest first within a scope
        scope_rank = A.src_scope(addr)
        index = len(idev.addrs)
        for i, other in enumerate(idev.addrs):
            if scope_rank >= A.src_scope(other.addr):
                index = i
                break
        idev.addrs.insert(index, ifa)
        return ifa

    def ipv6_del_addr(self, ifa: Inet6Addr) -> None:
        state, ifa.state = ifa.state, STATE_DEAD
        if state == STATE_DEAD:
            return
        idev = ifa.idev
        action = None
        if ifa.flags & IFA_F_PERMANENT and not ifa.flags & IFA_F_NOPREFIXROUTE:
            action = self._cleanup_action(ifa)
        if ifa in idev.addrs:
            idev.addrs.remove(ifa)
        cancel(ifa)
        self.ifa_notify_del(ifa)
        if action is not None:
            self._cleanup_prefix_route(ifa, action)
        for route in self.fib.all_routes():          # rt6_remove_prefsrc
            if route.prefsrc == ifa.addr and route.dev is ifa.dev:
                route.prefsrc = None

    def _cleanup_action(self, ifa: Inet6Addr) -> str | None:
        """check_cleanup_prefix_route: "del" when no other address of the prefix needs its
        route, None when a permanent (or noprefixroute) one still does, else "expire"."""
        action: str | None = "del"
        for other in ifa.idev.addrs:
            if other is ifa or other.prefixlen != ifa.prefixlen or \
                    A.prefix_of(other.addr, ifa.prefixlen) != A.prefix_of(ifa.addr, ifa.prefixlen):
                continue
            if other.flags & (IFA_F_PERMANENT | IFA_F_NOPREFIXROUTE):
                return None
            action = "expire"
        return action

    def _cleanup_prefix_route(self, ifa: Inet6Addr, action: str) -> None:
        route = self._prefix_route_of(ifa)
        if route is None:
            return
        if action == "del":
            self.fib.remove(route)
        elif route.expires is None:
            route.expires = self._expiry_of(ifa.idev, ifa)
            self.arm_gc()

    def modify_address(self, ifa: Inet6Addr, flags: int, valid_lft: int, preferred_lft: int,
                       metric: int) -> None:
        """inet6_addr_modify (`ip -6 addr change|replace` of an existing address): new
        flags, lifetimes counted from now and metric; the prefix route follows."""
        if flags & IFA_F_MANAGETEMPADDR and (ifa.flags & IFA_F_TEMPORARY or ifa.prefixlen != 64):
            raise AddrError("EINVAL")
        if not ifa.flags & IFA_F_TENTATIVE or ifa.flags & IFA_F_DADFAILED:
            flags &= ~IFA_F_OPTIMISTIC
        expires = None
        if valid_lft == INFINITY:
            flags |= IFA_F_PERMANENT
        else:
            expires = self.world.now + valid_lft * NS_PER_SEC
        if preferred_lft == 0:
            flags |= IFA_F_DEPRECATED
        had_prefixroute = ifa.flags & IFA_F_PERMANENT and not ifa.flags & IFA_F_NOPREFIXROUTE
        ifa.flags &= ~(IFA_F_DEPRECATED | IFA_F_PERMANENT | IFA_F_NODAD | IFA_F_HOMEADDRESS
                       | IFA_F_MANAGETEMPADDR | IFA_F_NOPREFIXROUTE)
        ifa.flags |= flags
        ifa.tstamp = self.world.now
        ifa.valid, ifa.preferred = valid_lft, preferred_lft
        if metric:
            ifa.rt_priority = metric
        if not flags & IFA_F_NOPREFIXROUTE:          # modify_prefix_route
            route = self._prefix_route_of(ifa)
            if route is not None and route.metric != (ifa.rt_priority or F.IP6_RT_PRIO_ADDRCONF):
                self.fib.remove(route)
                route = None
            if route is None:
                F.prefix_route(self.fib, ifa.addr, ifa.prefixlen, ifa.dev, ifa.rt_priority, expires)
            else:
                route.expires = expires
            if expires is not None:
                self.arm_gc()
        elif had_prefixroute:
            action = self._cleanup_action(ifa)
            if action is not None:
                self._cleanup_prefix_route(ifa, action)
        self.schedule_verify(ifa)

    def _prefix_route_of(self, ifa: Inet6Addr) -> F.Route6 | None:
        """addrconf_get_prefix_route: the first gateway-less route of the prefix via dev."""
        dst = A.prefix_of(ifa.addr, ifa.prefixlen)
        for route in self.fib.find(F.RT_TABLE_MAIN, dst, ifa.prefixlen):
            if route.dev is ifa.dev and route.gateway is None:
                return route
        return None

    def _expiry_of(self, idev: Inet6Dev, gone: Inet6Addr) -> int:
        expires = self.world.now
        for other in idev.addrs:
            if other.prefixlen == gone.prefixlen and other.valid != INFINITY and \
                    A.prefix_of(other.addr, gone.prefixlen) == A.prefix_of(gone.addr, gone.prefixlen):
                expires = max(expires, other.tstamp + other.valid * NS_PER_SEC)
        return expires

    def _in_fib(self, route: F.Route6) -> bool:
        return any(r is route for r in self.fib.find(route.table, route.dst, route.plen))

    def ifa_notify_new(self, ifa: Inet6Addr) -> None:
        """__ipv6_ifa_notify(RTM_NEWADDR): the address becomes usable, its local route appears."""
        if ifa.rt is not None and not self._in_fib(ifa.rt):
            self.fib.add(ifa.rt)
        if ifa.idev.forwarding:
            join_anycast(self.fib, ifa)

    def ifa_notify_del(self, ifa: Inet6Addr) -> None:
        """__ipv6_ifa_notify(RTM_DELADDR)."""
        idev = ifa.idev
        if idev.forwarding:
            leave_anycast(self.fib, ifa)
        idev.leave_solict(ifa.addr)
        if ifa.rt is not None:
            if self._in_fib(ifa.rt):
                self.fib.remove(ifa.rt)
            ifa.rt = None


    # -- lifetimes (addrconf_verify) ------------------------------------------------------------
    def schedule_verify(self, ifa: Inet6Addr) -> None:
        if ifa.verify_timer is not None:
            ifa.verify_timer.cancel()
            ifa.verify_timer = None
        deadlines = []
        if ifa.valid != INFINITY:
            deadlines.append(ifa.tstamp + ifa.valid * NS_PER_SEC)
        if ifa.preferred != INFINITY and not ifa.flags & IFA_F_DEPRECATED:
            deadlines.append(ifa.tstamp + ifa.preferred * NS_PER_SEC)
        if deadlines:
            ifa.verify_timer = self.world.sched.call_at(min(deadlines), self.verify, ifa)

    def verify(self, ifa: Inet6Addr) -> None:
        ifa.verify_timer = None
        if ifa.state == STATE_DEAD:
            return
        now = self.world.now
        if ifa.valid != INFINITY and now >= ifa.tstamp + ifa.valid * NS_PER_SEC:
            self.ipv6_del_addr(ifa)
            return
        if ifa.preferred != INFINITY and now >= ifa.tstamp + ifa.preferred * NS_PER_SEC:
            ifa.flags |= IFA_F_DEPRECATED
        self.schedule_verify(ifa)

    # -- route expiry (ip6_fib.c fib6_run_gc) -----------------------------------------------------
    def arm_gc(self) -> None:
        """fib6_start_gc: a route with an expiry time exists; collect in gc_interval."""
        if self._gc_timer is None:
            interval = int(self.ns.sysctl.values.get("net.ipv6.route.gc_interval", "30"))
            self._gc_timer = self.world.sched.call_later(interval * NS_PER_SEC, self.run_gc)

    def run_gc(self) -> None:
        self._gc_timer = None
        now = self.world.now
        self.fib.remove_where(lambda r: r.expires is not None and r.expires <= now)
        if any(r.expires is not None for r in self.fib.all_routes()):
            self.arm_gc()


# -- per-namespace init -------------------------------------------------------------------------
def pernet_init(ns: Namespace) -> None:
    """addrconf_init_net: the net.ipv6 sysctls, then every device already registered (lo)."""
    C.install(ns.sysctl)
    state = Ipv6State(ns)
    ns.ipv6 = state
    ns.notifiers.append(state.netdev_event)
    ns.sysctl.watchers.append(lambda key, value: sysctl_changed(state, key, value))
    for dev in ns.devices():
        state.netdev_event("REGISTER", dev)
        if dev.admin_up:
            state.netdev_event("UP", dev)


def _state(dev: Device) -> Ipv6State:
    return dev.netns.ipv6  # type: ignore[no-any-return]


# -- the API for commands ---------------------------------------------------------------------
def inet6_addr_add(dev: Device, addr: int, plen: int, *, flags: int = 0,
                   valid_lft: int = INFINITY, preferred_lft: int = INFINITY,
                   metric: int = 0, replace: bool = False) -> Inet6Addr:
    """inet6_rtm_newaddr: `ip -6 addr add` adds (an address the device has is EEXIST);
    with `replace` (`ip -6 addr change|replace`) an existing address is modified instead
    (its prefix length stays) and a missing one is added."""
    state = _state(dev)
    if plen > 128:
        raise AddrError("EINVAL")
    if not valid_lft or preferred_lft > valid_lft:
        raise AddrError("EINVAL")
    idev = state.idevs.get(dev)
    existing = next((a for a in idev.addrs if a.addr == addr), None) if idev else None
    if existing is not None:
        if not replace:
            raise AddrError("EEXIST", "ipv6: address already assigned")
        state.modify_address(existing, flags, valid_lft, preferred_lft, metric)
        return existing
    if flags & IFA_F_MANAGETEMPADDR and plen != 64:
        raise AddrError("EINVAL")
    idev = state.add_dev(dev)
    if flags & IFA_F_OPTIMISTIC and not state.optimistic_dad(idev):
        flags &= ~IFA_F_OPTIMISTIC
    if flags & IFA_F_MCAUTOJOIN and A.is_multicast(addr):
        idev.mc.inc(addr)                           # ipv6_mc_config: the autojoin socket
    expires = None
    if valid_lft == INFINITY:
        flags |= IFA_F_PERMANENT
    else:
        expires = state.world.now + valid_lft * NS_PER_SEC
    if preferred_lft == 0:
        flags |= IFA_F_DEPRECATED
    try:
        ifa = state.ipv6_add_addr(idev, addr, plen, A.ifa_scope(addr), flags, valid_lft,
                                  preferred_lft, metric)
    except AddrError:
        if flags & IFA_F_MCAUTOJOIN and A.is_multicast(addr):
            idev.mc.dec(addr)
        raise
    if not flags & IFA_F_NOPREFIXROUTE:
        F.prefix_route(state.fib, addr, plen, dev, metric, expires)
        if expires is not None:
            state.arm_gc()
    dad_start(state, ifa)
    state.schedule_verify(ifa)
    return ifa


def inet6_addr_del(dev: Device, addr: int, plen: int) -> None:
    """inet6_addr_del (`ip -6 addr del`)."""
    state = _state(dev)
    if plen > 128:
        raise AddrError("EINVAL")
    idev = state.idevs.get(dev)
    if idev is None:
        raise AddrError("ENXIO")
    for ifa in idev.addrs:
        if ifa.prefixlen == plen and ifa.addr == addr:
            state.delete_address(ifa)
            return
    raise AddrError("EADDRNOTAVAIL", "ipv6: address not found")


def set_addr_gen_mode(dev: Device, mode: int) -> None:
    """IFLA_INET6_ADDR_GEN_MODE (`ip link set DEV addrgenmode ...`): recorded only; the
    link-local address follows it the next time the link comes up."""
    state = _state(dev)
    idev = state.idevs.get(dev)
    if idev is None:
        raise AddrError("EAFNOSUPPORT")
    if mode not in GEN_MODE_NAMES or (mode == GEN_STABLE_PRIVACY and idev.secret is None
                                      and state.dflt_secret is None):
        raise AddrError("EINVAL")
    store(state, idev, "addr_gen_mode", mode)


def addr_gen_mode_name(dev: Device) -> str | None:
    """`addrgenmode eui64` of `ip -d link`; None when the device has no inet6 device."""
    idev = _state(dev).idevs.get(dev)
    if idev is None:
        return None
    mode = idev.cnf["addr_gen_mode"]
    return GEN_MODE_NAMES.get(mode, f"{mode:#04x}")


def ipv6_dev_mc_inc(dev: Device, group: int) -> None:
    """Join an IPv6 group on a device (a bridge's ff02::6a); no-op without inet6 device."""
    idev = _state(dev).idevs.get(dev)
    if idev is not None:
        idev.mc.inc(group)


def ipv6_dev_mc_dec(dev: Device, group: int) -> None:
    idev = _state(dev).idevs.get(dev)
    if idev is not None:
        idev.mc.dec(group)


def inet6_groups(dev: Device) -> list[tuple[int, int]]:
    """The IPv6 groups of a device, newest first, with their user counts."""
    idev = _state(dev).idevs.get(dev)
    return [(g.addr, g.users) for g in idev.mc.groups] if idev is not None else []


from vnet.net.ipv6_print import (  # noqa: E402  (re-exported rendering API)
    if_inet6,
    ifconfig_inet6_lines,
    inet6_json,
    inet6_lines,
    ipv6_route_json,
    ipv6_route_lines,
    maddr_lines,
    route6_json,
    route6_line,
)

__all__ = [
    "GEN_EUI64", "GEN_MODE_NAMES", "GEN_NONE", "GEN_RANDOM", "GEN_STABLE_PRIVACY",
    "IFA_F_DADFAILED", "IFA_F_DEPRECATED", "IFA_F_HOMEADDRESS", "IFA_F_MANAGETEMPADDR",
    "IFA_F_MCAUTOJOIN", "IFA_F_NODAD", "IFA_F_NOPREFIXROUTE", "IFA_F_OPTIMISTIC",
    "IFA_F_PERMANENT", "IFA_F_SECONDARY", "IFA_F_STABLE_PRIVACY", "IFA_F_TEMPORARY",
    "IFA_F_TENTATIVE", "INFINITY", "STATE_DAD", "STATE_DEAD", "STATE_POSTDAD", "STATE_PREDAD",
    "AddrError", "Inet6Addr", "Inet6Dev", "Ipv6State", "addr_gen_mode_name", "if_inet6",
    "ifconfig_inet6_lines", "inet6_addr_add", "inet6_addr_del", "inet6_groups", "inet6_json",
    "inet6_lines", "ipv6_dev_mc_dec", "ipv6_dev_mc_inc", "ipv6_route_json", "ipv6_route_lines",
    "maddr_lines", "pernet_init", "route6_json", "route6_line", "set_addr_gen_mode",
]
