"""Netfilter tables of one namespace: filter, nat, mangle and raw, their chains, rules
and counters, and the per-namespace Netfilter object the hooks find on the IPv4 stack.

The model of x_tables (net/netfilter/x_tables.c, net/ipv4/netfilter/ip_tables.c) as
iptables-nft presents it: each table has built-in chains with a policy and counters,
user chains without policy, and an ordered list of rules. A Rule carries the generic
IPv4 part of `struct ipt_entry` (source, destination, interfaces, protocol, each with
its invert flag), a list of matches (tcp, udp, icmp, conntrack, state, multiport,
comment, addrtype) and one target with its options, plus packet and byte counters.
Evaluation lives in vnet.netfilter.hooks; the iptables command (vnet.cli.iptables)
edits and renders this. `pernet_init` adds the net.netfilter.nf_conntrack_* and
net.bridge.bridge-nf-* sysctls to every namespace.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from vnet.core.netns import Namespace
    from vnet.link.device import Device
    from vnet.net.stack import Ipv4Stack

PREROUTING = "PREROUTING"
INPUT = "INPUT"
FORWARD = "FORWARD"
OUTPUT = "OUTPUT"
POSTROUTING = "POSTROUTING"

#  table -> its built-in chains, in the order iptables lists them
BUILTIN: dict[str, tuple[str, ...]] = {
    "filter": (INPUT, FORWARD, OUTPUT),
    "nat": (PREROUTING, INPUT, OUTPUT, POSTROUTING),
    "mangle": (PREROUTING, INPUT, FORWARD, OUTPUT, POSTROUTING),
    "raw": (PREROUTING, OUTPUT),
}

#  the route types of the addrtype match, bit i = 1 << i (rtnetlink.h RTN_*)
ADDR_TYPES = ("UNSPEC", "UNICAST", "LOCAL", "BROADCAST", "ANYCAST", "MULTICAST",
              "BLACKHOLE", "UNREACHABLE", "PROHIBIT", "THROW", "NAT", "XRESOLVE")

#  the verdict-style targets every table knows
STANDARD_TARGETS = ("ACCEPT", "DROP", "RETURN")


@dataclass
class Match:
    """One `-m NAME` match with its parsed options (see vnet.netfilter.matches)."""

    name: str                       # tcp, udp, icmp, conntrack, state
    sport: tuple[int, int] | None = None
    sport_inv: bool = False
    dport: tuple[int, int] | None = None
    dport_inv: bool = False
    icmp: tuple[int, int, int] | None = None    # (type, code_min, code_max); type 255 = any
    icmp_inv: bool = False
    states: int = 0                 # bit mask of conntrack.STATE_BITS
    states_inv: bool = False
    flags: tuple[int, int] | None = None        # tcp --tcp-flags (mask, compare)
    flags_inv: bool = False
    ports: tuple[tuple[int, int], ...] = ()     # multiport list
    ports_kind: str = ""            # multiport: "s" (--sports), "d" (--dports), "" (--ports)
    ports_inv: bool = False
    comment: str | None = None
    src_types: int = 0              # addrtype: bit masks of ADDR_TYPES
    src_types_inv: bool = False
    dst_types: int = 0
    dst_types_inv: bool = False

    def key(self) -> tuple:
        return (self.name, self.sport, self.sport_inv, self.dport, self.dport_inv, self.icmp,
                self.icmp_inv, self.states, self.states_inv, self.flags, self.flags_inv,
                self.ports, self.ports_kind, self.ports_inv, self.comment, self.src_types,
                self.src_types_inv, self.dst_types, self.dst_types_inv)


@dataclass
class Rule:
    src: tuple[int, int] = (0, 0)   # (address, mask)
    src_inv: bool = False
    dst: tuple[int, int] = (0, 0)
    dst_inv: bool = False
    iface_in: str = ""
    in_inv: bool = False
    iface_out: str = ""
    out_inv: bool = False
    proto: int = 0
    proto_inv: bool = False
    matches: list[Match] = field(default_factory=list)
    target: str = ""                # "" = no target (counting rule)
    goto: bool = False
    #  target options: reject-with, to-source/to-destination (addr range, port range),
    #  to-ports, log prefix/level
    reject_with: str = ""
    nat_range: tuple[int, int, int, int] | None = None   # (min ip, max ip, min port, max port)
    to_ports: tuple[int, int] | None = None
    nat_flags: tuple[str, ...] = ()     # random, random-fully, persistent (in print order)
    log_prefix: str | None = None
    log_level: int | None = None
    pkts: int = 0
    bytes: int = 0

    def key(self) -> tuple:
        """What -D/-C compare (everything but the counters)."""
        return (self.src, self.src_inv, self.dst, self.dst_inv, self.iface_in, self.in_inv,
                self.iface_out, self.out_inv, self.proto, self.proto_inv,
                tuple(m.key() for m in self.matches),
                self.target, self.goto, self.reject_with, self.nat_range, self.to_ports, self.nat_flags,
                self.log_prefix, self.log_level)


@dataclass
class Chain:
    """A chain. iptables-nft creates a built-in chain in the kernel only when a command
    needs it (`exists`; listings show the others as if they were there), and gives it
    policy counters only when its policy is set by -P or iptables-restore (`counters`):
    otherwise the listing shows 0 packets, 0 bytes whatever the policy saw."""

    name: str
    builtin: bool
    policy: str = "ACCEPT"
    rules: list[Rule] = field(default_factory=list)
    pkts: int = 0
    bytes: int = 0
    exists: bool = True
    counters: bool = False


class Table:
    def __init__(self, name: str) -> None:
        self.name = name
        self.chains: dict[str, Chain] = {c: Chain(c, True, exists=False)
                                         for c in BUILTIN[name]}

    def user_chains(self) -> list[Chain]:
        """User chains in the order iptables-nft lists them (by name)."""
        return sorted((c for c in self.chains.values() if not c.builtin), key=lambda c: c.name)

    def ordered(self) -> list[Chain]:
        return [c for c in self.chains.values() if c.builtin] + self.user_chains()

    def references(self, name: str) -> int:
        return sum(1 for c in self.chains.values() for r in c.rules if r.target == name)


class Netfilter:
    """Per-namespace netfilter state: tables, conntrack, and the `active` flag the hooks
    check first (zero cost while no table has been touched)."""

    def __init__(self, stack: Ipv4Stack) -> None:
        from vnet.netfilter import hooks
        from vnet.netfilter.conntrack import ConntrackTable

        #: vnet.netfilter.hooks, which the IPv4 path calls through here: it imports the
        #: IPv4 modules, so they cannot import it, and an import statement per packet
        #: cost a microsecond
        self.hooks = hooks
        self.stack = stack
        self.tables: dict[str, Table] = {}
        self.conntrack = ConntrackTable(stack)
        self.ct_enabled = False
        self.log: list[str] = []    # LOG target records (the kernel's dmesg)
        self.frag_queues: dict = {}  # vnet.netfilter.defrag queues
        stack.ns.notifiers.append(self._netdev_event)

    def _netdev_event(self, event: str, dev: Device) -> None:
        """masq_device_event: a masqueraded connection dies with its device's state."""
        if event in ("DOWN", "UNREGISTER"):
            table = self.conntrack
            for conn in [c for c in table.conns.values() if c.masq_ifindex == dev.ifindex]:
                table.remove(conn)

    def table(self, name: str, create: bool = True) -> Table | None:
        table = self.tables.get(name)
        if table is None and create:
            table = self.tables[name] = Table(name)
            if name == "nat":
                self.ct_enabled = True
        return table

    # -- br_netfilter, called by the bridge (vnet.link.bridge) ------------------------
    def bridge_prerouting(self, br: Device, frame: bytes) -> bytes | None:
        from vnet.netfilter import bridge

        return bridge.prerouting(self, br, frame)

    def bridge_forward(self, br: Device, frame: bytes) -> bytes | None:
        from vnet.netfilter import bridge

        return bridge.forward(self, br, frame)

    def rules_changed(self) -> None:
        """Conntrack is needed by the nat table and by state matches (nf_ct_netns_get)."""
        if "nat" in self.tables:
            self.ct_enabled = True
            return
        for table in self.tables.values():
            for chain in table.chains.values():
                for rule in chain.rules:
                    if any(m.name in ("conntrack", "state") for m in rule.matches):
                        self.ct_enabled = True
                        return


def get(stack: Ipv4Stack) -> Netfilter:
    """The namespace's netfilter state, created (and the hooks switched on) at first use."""
    nf = stack.nf
    if nf is None:
        nf = stack.nf = Netfilter(stack)
    return nf


def pernet_init(ns: Namespace) -> None:
    """nf_conntrack's and br_netfilter's pernet init: the net.netfilter.nf_conntrack_*
    and net.bridge.bridge-nf-* sysctls (both modules are loaded on the reference
    machine, so every namespace has them)."""
    from vnet.netfilter import bridge
    from vnet.netfilter.conntrack import SYSCTL_DEFAULTS

    ns.sysctl.values.update(SYSCTL_DEFAULTS)
    ns.sysctl.values.update(bridge.SYSCTL_DEFAULTS)
