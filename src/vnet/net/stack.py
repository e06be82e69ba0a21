"""The IPv4 stack of one namespace: its FIB, ARP table, sockets and device events.

`pernet_init` is what the kernel's inet/arp/fib pernet_operations do for a new
namespace: create `lo`, register the ARP and IPv4 protocol handlers (ptype by
EtherType), and listen to the netdevice notifier chain so that addresses and routes
follow devices up and down (fib_netdev_event, inetdev_event, arp_netdev_event).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from vnet.link.loopback import Loopback
from vnet.net import addr as addrmod
from vnet.net import arp, icmp, ipv4_input, ipv4_output
from vnet.net import fib as F
from vnet.net.neighbour import NeighTable
from vnet.wire.ethernet import ETH_P_ARP, ETH_P_IP

if TYPE_CHECKING:
    from vnet.core.netns import Namespace
    from vnet.link.device import Device
    from vnet.netfilter.tables import Netfilter
    from vnet.transport.tcp import TcpTable


class Ipv4Stack:
    def __init__(self, ns: Namespace) -> None:
        self.ns = ns
        self.world = ns.world
        self.fib = F.Fib()
        self.arp_tbl = NeighTable(ns, self._arp_solicit, ipv4_output.send_resolved,
                                  self._arp_error_report)
        self.raw_sockets: list = []          # raw sockets (vnet.transport.raw), by protocol
        #  inet_protos: IP protocol number -> handler(stack, dev, ip, bcast)
        self.protocols: dict[int, Callable[..., None]] = {icmp.PROTO: icmp.rcv}
        #  quoted protocol -> handler(stack, icmp_msg, inner_ip) for ICMP errors (err_handler)
        self.err_handlers: dict[int, Callable[..., None]] = {}
        self.udp_ports: dict[int, object] = {}
        self.icmp_peers: dict = {}           # addr -> inetpeer.InetPeer (rate limits)
        self.snmp: defaultdict[str, int] = defaultdict(int)  # /proc/net/snmp style MIB
        #  dst -> (fib generation, src, tos, oif, RouteResult): ipv4_output's route cache
        self.out_routes: dict = {}
        self.local_addrs: set[int] = set()
        self.frags: dict = {}                # reassembly queues (ipv4_input)
        self.ip_ident: int | None = None     # next IP id for non-DF packets
        self.pmtu: dict = {}                 # dst -> route.Fnhe (path MTU, redirect)
        self.devconf: dict = {}              # dev -> route.DevConf, until a sysctl write
        self.fwd_results: dict = {}          # next hop -> forwarding's RouteResult (+ route)
        self.nf: Netfilter | None = None     # made when iptables is first used
        self.tcp: TcpTable | None = None     # made by transport.tcp.pernet_init
        #  sysctl values the packet path parses (icmp.default_ttl), until a sysctl write
        self.sysctl_cache: dict[str, int] = {}
        ns.sysctl.watchers.append(self._sysctl_written)

    def _sysctl_written(self, _key: str, _value: str) -> None:
        self.devconf.clear()
        self.sysctl_cache.clear()

    # -- counters ---------------------------------------------------------------------------
    def count(self, name: str) -> None:
        self.snmp[name] += 1

    # -- addresses --------------------------------------------------------------------------
    def addr_changed(self) -> None:
        self.local_addrs = {a.local for d in self.ns.by_index.values() for a in d.ip4}

    def is_local_address(self, ip: int) -> bool:
        """inet_addr_type() == RTN_LOCAL: one of our addresses, or an address a `local`
        route of the local table covers (all of 127.0.0.0/8 once lo is up), as
        __ip_dev_find falls back to the local table."""
        if ip in self.local_addrs:
            return True
        table = self.fib.table(F.RT_TABLE_LOCAL)
        route = table.lookup(ip) if table is not None else None
        return route is not None and route.type == F.LOCAL

    def arp_accepts_target(self, dev: Device, tip: int) -> bool:
        """arp_ignore: 0 answers for any local address; 1 only for dev's own."""
        mode = int(self.ns.sysctl.values.get(f"net.ipv4.conf.{dev.name}.arp_ignore", "0"))
        mode = max(mode, int(self.ns.sysctl.values["net.ipv4.conf.all.arp_ignore"]))
        if mode == 0:
            return True
        return any(a.local == tip for a in dev.ip4)

    def select_source(self, dev: Device | None, dst: int, scope: int = F.RT_SCOPE_UNIVERSE) -> int:
        """inet_select_addr: a primary address of `dev` within `scope`, preferring dst's subnet;
        failing that, one from any other device with a wide enough scope."""
        if dev is not None:
            first = 0
            for ifa in dev.ip4:
                if ifa.secondary or ifa.scope > scope:
                    continue
                if not dst or ifa.matches(dst):
                    return ifa.local
                if not first:
                    first = ifa.local
            if first:
                return first
        for other in self.ns.devices():
            if other is dev:
                continue
            for ifa in other.ip4:
                if not ifa.secondary and ifa.scope != F.RT_SCOPE_LINK and ifa.scope <= scope:
                    return ifa.local
        return 0

    # -- neighbour callbacks -------------------------------------------------------------------
    def _arp_solicit(self, entry, queued, probes) -> None:  # type: ignore[no-untyped-def]
        arp.solicit(self, entry, queued, probes)

    def _arp_error_report(self, entry, packet: bytes) -> None:  # type: ignore[no-untyped-def]
        """arp_error_report → ipv4_link_failure: ICMP host unreachable to the sender."""
        icmp.send_error(self, packet, icmp.DEST_UNREACH, icmp.HOST_UNREACH, in_dev=None)

    # -- device events -------------------------------------------------------------------------
    def netdev_event(self, event: str, dev: Device) -> None:
        self.devconf.pop(dev, None)
        if event == "UP":
            if dev.link_type == "loopback":
                addrmod.loopback_up(self, dev)
            for ifa in list(dev.ip4):
                addrmod.add_ifaddr_routes(self, ifa)
        elif event == "DOWN":
            self.fib.remove_where(lambda r: r.dev is dev and r.scope != F.RT_SCOPE_HOST)
            self.arp_tbl.flush_dev(dev)
        elif event == "CHANGE":
            if not dev.carrier:
                self.arp_tbl.flush_dev(dev)
        elif event == "UNREGISTER":
            self.fib.remove_where(lambda r: r.dev is dev)
            self.arp_tbl.flush_dev(dev, keep_permanent=False)
            dev.ip4.clear()
            self.addr_changed()
        elif event == "CHANGEADDR":
            self.arp_tbl.flush_dev(dev)


def pernet_init(ns: Namespace) -> None:
    stack = Ipv4Stack(ns)
    ns.ipv4 = stack
    ns.notifiers.append(stack.netdev_event)
    ns.ptype[ETH_P_IP] = partial(ipv4_input.rcv, stack)
    ns.ptype[ETH_P_ARP] = partial(arp.rcv, stack)
    ns.register(Loopback(), 1)
