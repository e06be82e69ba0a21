"""Rule matching (ip_tables.c ip_packet_match; xt_tcpudp.c, xt_multiport.c,
xt_conntrack.c, xt_state.c, xt_comment.c, xt_addrtype.c, the icmp match of ip_tables.c).

`PacketInfo` is the part of a packet the matches read, taken once per hook;
`rule_matches` is ip_packet_match (addresses under mask, interfaces with the `+`
wildcard, protocol, each with its `!`) followed by the rule's matches in order.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from vnet.net import fib as F
from vnet.netfilter.tables import ADDR_TYPES, Match, Rule


@dataclass
class PacketInfo:
    src: int
    dst: int
    proto: int
    length: int
    iface_in: str
    iface_out: str
    sport: int = -1
    dport: int = -1
    icmp_type: int = -1
    icmp_code: int = -1
    fragment: bool = False
    ctstate: int = 0
    tcp_flags: int = -1
    stack: Any = None               # the namespace's Ipv4Stack (addrtype)


def packet_info(packet: bytes, in_name: str, out_name: str, ctstate: int,
                stack: Any = None) -> PacketInfo:
    ihl = (packet[0] & 0x0F) * 4
    proto = packet[9]
    info = PacketInfo(int.from_bytes(packet[12:16], "big"), int.from_bytes(packet[16:20], "big"),
                      proto, len(packet), in_name, out_name, ctstate=ctstate, stack=stack)
    frag = ((packet[6] << 8) | packet[7]) & 0x1FFF
    if frag:
        info.fragment = True
        return info
    if proto in (6, 17) and len(packet) >= ihl + 4:
        info.sport = (packet[ihl] << 8) | packet[ihl + 1]
        info.dport = (packet[ihl + 2] << 8) | packet[ihl + 3]
        if proto == 6 and len(packet) > ihl + 13:
            info.tcp_flags = packet[ihl + 13]
    elif proto == 1 and len(packet) >= ihl + 2:
        info.icmp_type = packet[ihl]
        info.icmp_code = packet[ihl + 1]
    return info


def _iface(pattern: str, name: str) -> bool:
    if pattern.endswith("+"):
        return name.startswith(pattern[:-1])
    return name == pattern


def rule_matches(rule: Rule, info: PacketInfo) -> bool:
    addr, mask = rule.src
    if ((info.src & mask) == addr) == rule.src_inv:
        return False
    addr, mask = rule.dst
    if ((info.dst & mask) == addr) == rule.dst_inv:
        return False
    if rule.iface_in and _iface(rule.iface_in, info.iface_in) == rule.in_inv:
        return False
    if rule.iface_out and _iface(rule.iface_out, info.iface_out) == rule.out_inv:
        return False
    if rule.proto and (info.proto == rule.proto) == rule.proto_inv:
        return False
    for match in rule.matches:
        if not _match(match, info):
            return False
    return True


#  an address type's bit in the addrtype match's masks: 1 << its index in ADDR_TYPES
_BIT = {name: 1 << i for i, name in enumerate(ADDR_TYPES)}
_TYPE_BITS = {F.UNICAST: _BIT["UNICAST"], F.LOCAL: _BIT["LOCAL"],
              F.BROADCAST: _BIT["BROADCAST"], F.MULTICAST: _BIT["MULTICAST"]}


def _addr_type(stack: Any, addr: int) -> int:
    """inet_addr_type as a bit: zeronet and limited broadcast are BROADCAST, 224/4
    MULTICAST, then the local table's route type, else UNICAST."""
    if addr == 0 or addr == 0xFFFFFFFF:
        return _BIT["BROADCAST"]
    if addr >> 28 == 0xE:
        return _BIT["MULTICAST"]
    table = stack.fib.table(F.RT_TABLE_LOCAL) if stack is not None else None
    route = table.lookup(addr) if table is not None else None
    if route is not None:
        return _TYPE_BITS.get(route.type, _BIT["UNICAST"])
    return _BIT["UNICAST"]


def _in(value: int, rng: tuple[int, int] | None, inv: bool) -> bool:
    if rng is None:
        return True
    return (rng[0] <= value <= rng[1]) != inv


def _match(m: Match, info: PacketInfo) -> bool:
    name = m.name
    if name in ("tcp", "udp"):
        if info.fragment or info.sport < 0:
            return False
        if not (_in(info.sport, m.sport, m.sport_inv) and _in(info.dport, m.dport, m.dport_inv)):
            return False
        if m.flags is not None:
            mask, cmp = m.flags
            return ((info.tcp_flags & mask) == cmp) != m.flags_inv
        return True
    if name == "multiport":
        if info.fragment or info.sport < 0:
            return False
        hit = any(lo <= port <= hi for lo, hi in m.ports
                  for port in ((info.sport,) if m.ports_kind == "s" else
                               (info.dport,) if m.ports_kind == "d" else
                               (info.sport, info.dport)))
        return hit != m.ports_inv
    if name == "icmp":
        if info.fragment or info.icmp_type < 0 or m.icmp is None:
            return info.icmp_type >= 0 and m.icmp is None
        itype, cmin, cmax = m.icmp
        hit = itype == 0xFF or (info.icmp_type == itype and cmin <= info.icmp_code <= cmax)
        return hit != m.icmp_inv
    if name == "addrtype":
        if m.src_types and bool(_addr_type(info.stack, info.src) & m.src_types) == \
                m.src_types_inv:
            return False
        if m.dst_types and bool(_addr_type(info.stack, info.dst) & m.dst_types) == \
                m.dst_types_inv:
            return False
        return True
    if name in ("conntrack", "state"):
        if not m.states:
            return True
        return bool(info.ctstate & m.states) != m.states_inv
    return True
