"""The five netfilter hooks (net/netfilter/core.c nf_hook_slow; ip_tables.c ipt_do_table).

Called at the seams of the IPv4 path, as NF_HOOK is: `prerouting` in ipv4_input.rcv
before the input route, `local_in` in ip_local_deliver, `forward` in ip_forward after
the TTL decrement, `local_out` in ipv4_output after the output route, and
`postrouting` in ip_finish_output before fragmentation and the neighbour. Callers
check `stack.nf is not None` first, so a namespace without iptables pays nothing.

Each hook runs the kernel's priority order: raw (-300, PREROUTING/OUTPUT), conntrack
(-200; classify at the first hook, PREROUTING or OUTPUT), mangle (-150), nat
destination manips (-100, PREROUTING/OUTPUT), filter (0), nat source manips (100,
INPUT/POSTROUTING), conntrack confirm (INPUT/POSTROUTING). raw and mangle evaluate
their rules like filter (their own targets, MARK, NOTRACK and the like, are not
modelled). With conntrack in use, PREROUTING first gathers fragments
(vnet.netfilter.defrag). A hook returns the packet (rewritten by NAT) or None when it
was dropped, queued for defragmentation, stolen by REJECT (which answers as
nf_reject_ipv4 does: icmp_send with its rules and limits, or a TCP RST), or refused by
NAT. Drops are counted as NETFILTER_DROP with the table, chain and rule ("filter/FORWARD
rule 2", "filter/INPUT policy"), which the packet-journey trace and `vnet explain` name.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from vnet.net import icmp
from vnet.netfilter import defrag, nat
from vnet.netfilter.conntrack import (
    ICMP_ERRORS,
    INVALID,
    RELATED,
    Conn,
    ConntrackTable,
    packet_tuple,
)
from vnet.netfilter.matches import PacketInfo, packet_info, rule_matches
from vnet.netfilter.tables import (
    FORWARD,
    INPUT,
    OUTPUT,
    POSTROUTING,
    PREROUTING,
    Chain,
    Netfilter,
    Rule,
    Table,
)
from vnet.wire import ipv4 as ipwire

if TYPE_CHECKING:
    from vnet.link.device import Device
    from vnet.net.stack import Ipv4Stack

REJECT_CODES = {
    "icmp-net-unreachable": 0, "icmp-host-unreachable": 1, "icmp-proto-unreachable": 2,
    "icmp-port-unreachable": 3, "icmp-net-prohibited": 9, "icmp-host-prohibited": 10,
    "icmp-admin-prohibited": 13,
}


def prerouting(stack: Ipv4Stack, in_dev: Device, packet: bytes) -> bytes | None:
    return run(stack, PREROUTING, packet, in_dev, None)


def local_in(stack: Ipv4Stack, in_dev: Device, packet: bytes) -> bytes | None:
    return run(stack, INPUT, packet, in_dev, None)


def forward(stack: Ipv4Stack, in_dev: Device, out_dev: Device, packet: bytes) -> bytes | None:
    return run(stack, FORWARD, packet, in_dev, out_dev)


def local_out(stack: Ipv4Stack, out_dev: Device | None, packet: bytes) -> bytes | None:
    return run(stack, OUTPUT, packet, None, out_dev)


def postrouting(stack: Ipv4Stack, out_dev: Device | None, packet: bytes) -> bytes | None:
    return run(stack, POSTROUTING, packet, None, out_dev)


def run(stack: Ipv4Stack, hook: str, packet: bytes, in_dev: Device | None,
        out_dev: Device | None) -> bytes | None:
    nf = stack.nf
    assert nf is not None           # the hooks run only once iptables made it
    total = (packet[2] << 8) | packet[3]
    if len(packet) > total:
        packet = packet[:total]
    ihl = (packet[0] & 0x0F) * 4
    original = packet
    conn: Conn | None = None
    direction = 0
    state = 0
    tables = nf.tables
    in_name = in_dev.name if in_dev is not None else ""
    out_name = out_dev.name if out_dev is not None else ""
    if "raw" in tables and hook in (PREROUTING, OUTPUT):                 # priority -300
        if not _verdict(stack, nf, tables["raw"], hook, packet, conn, 0, in_dev, out_dev,
                        in_name, out_name):
            return None
    if nf.ct_enabled:
        ct = nf.conntrack
        if hook == PREROUTING and ((packet[6] << 8) | packet[7]) & 0x3FFF:
            whole = defrag.gather(nf, packet)     # nf_defrag_ipv4 (stolen until whole)
            tracer = stack.world.tracer
            if tracer is not None and in_dev is not None:
                tracer.defrag(stack, in_dev, ipwire.parse(packet, verify_checksum=False),
                              None if whole is None else
                              ipwire.parse(whole, verify_checksum=False))
            if whole is None:
                return None
            packet = original = whole
            ihl = (packet[0] & 0x0F) * 4
        if hook in (PREROUTING, OUTPUT):
            conn, direction, state = ct.classify(packet, ihl)
        else:
            conn, direction, state = _find(ct, packet, ihl)
    if "mangle" in tables:                                                # priority -150
        if not _verdict(stack, nf, tables["mangle"], hook, packet, conn, state, in_dev,
                        out_dev, in_name, out_name):
            return None
    # nat, destination manips
    if conn is not None and hook in (PREROUTING, OUTPUT):
        dnated = _nat(stack, nf, conn, direction, state, hook, nat.DST, packet,
                      in_dev, out_dev, in_name, out_name)
        if dnated is None:
            return None
        packet = dnated
    filt = tables.get("filter")
    if filt is not None and hook in (INPUT, FORWARD, OUTPUT):                # priority 0
        if not _verdict(stack, nf, filt, hook, packet, conn, state, in_dev, out_dev,
                        in_name, out_name):
            return None
    if conn is not None and hook in (INPUT, POSTROUTING):
        snated = _nat(stack, nf, conn, direction, state, hook, nat.SRC, packet,
                      in_dev, out_dev, in_name, out_name)
        if snated is None:
            return None
        packet = snated
        conn.confirmed = True
    if packet is not original:              # NAT rewrote it: the trace follows the flow
        tracer = stack.world.tracer
        if tracer is not None:
            tracer.nat(stack, hook, original, packet, in_dev or out_dev)
    return packet


def _verdict(stack: Ipv4Stack, nf: Netfilter, table: Table, hook: str, packet: bytes,
             conn: Conn | None, state: int, in_dev: Device | None, out_dev: Device | None,
             in_name: str, out_name: str) -> bool:
    """One filtering table at one hook: True to go on, False when the packet was dropped
    (or rejected)."""
    chain = table.chains.get(hook)
    if chain is None or (not chain.rules and chain.policy == "ACCEPT" and not chain.counters):
        return True
    verdict = traverse(nf, table, hook,
                       packet_info(packet, in_name, out_name, state, stack))
    if verdict is None:
        return True
    rule, where = verdict
    if rule is not None and rule.target not in ("DROP", "REJECT"):
        return True
    if rule is not None and rule.target == "REJECT":
        _reject(stack, rule, packet, in_dev, hook)
    _drop(stack, nf, conn, where, packet, in_dev or out_dev)
    return False


def _find(ct: ConntrackTable, packet: bytes, ihl: int) -> tuple[Conn | None, int, int]:
    """The entry of a packet at a later hook (the kernel finds it on the skb)."""
    t = packet_tuple(packet, ihl)
    if t is None:
        return None, 0, INVALID
    if t[0] == 1 and t[4] in ICMP_ERRORS:
        return ct._related(packet, ihl)
    hit = ct.lookup(t, translated=True)
    if hit is None:
        return None, 0, INVALID
    return hit[0], hit[1], hit[0].state


def _nat(stack: Ipv4Stack, nf: Netfilter, conn: Conn, direction: int, state: int, hook: str,
         manip_type: int, packet: bytes, in_dev: Device | None, out_dev: Device | None,
         in_name: str, out_name: str) -> bytes | None:
    table = nf.tables.get("nat")
    if (table is not None and not conn.confirmed and direction == 0 and state != RELATED
            and not (conn.snat if manip_type == nat.SRC else conn.dnat)):
        info = packet_info(packet, in_name, out_name, state, stack)
        verdict = traverse(nf, table, hook, info)
        if verdict is not None:
            rule, where = verdict
            if rule is None or rule.target == "DROP":
                _drop(stack, nf, conn, where, packet, in_dev or out_dev)
                return None
            if rule.target in ("SNAT", "DNAT", "MASQUERADE", "REDIRECT"):
                ok = nat.bind(stack, nf.conntrack, conn, rule, manip_type, packet,
                              in_dev, out_dev)
                if not ok:
                    _drop(stack, nf, conn, where, packet, in_dev or out_dev)
                    return None
    if not nat.applies(conn, direction, manip_type):
        return packet
    if state == RELATED:
        return nat.manip_icmp_error(packet, conn, direction, manip_type)
    return nat.manip(packet, conn, direction, manip_type)


def _drop(stack: Ipv4Stack, nf: Netfilter, conn: Conn | None, where: str, packet: bytes,
          dev: Device | None) -> None:
    if conn is not None and not conn.confirmed and conn.state != RELATED:
        nf.conntrack.remove(conn)
    stack.ns.drop("NETFILTER_DROP", where, packet, dev)


def _reject(stack: Ipv4Stack, rule: Rule, packet: bytes, in_dev: Device | None,
            hook: str) -> None:
    """REJECT (nf_reject_ipv4.c): an ICMP destination unreachable through icmp_send."""
    with_ = rule.reject_with or "icmp-port-unreachable"
    code = REJECT_CODES.get(with_)
    if code is None:
        _send_reset(stack, packet)
        return
    icmp.send_error(stack, packet, icmp.DEST_UNREACH, code, in_dev)


def _send_reset(stack: Ipv4Stack, packet: bytes) -> None:
    """nf_send_reset: a RST (RFC 9293 3.10.7.1) from the rejected segment's destination,
    DF, default TTL, through the local output path; never for a fragment or a RST."""
    from vnet.net import ipv4_output
    from vnet.net import route as rt
    from vnet.wire import tcp as tcpwire
    from vnet.wire.errors import WireError

    ihl = (packet[0] & 0x0F) * 4
    if packet[9] != 6 or ((packet[6] << 8) | packet[7]) & 0x3FFF:
        return
    src = int.from_bytes(packet[12:16], "big")
    dst = int.from_bytes(packet[16:20], "big")
    try:
        seg = tcpwire.parse(packet[ihl:], src, dst)
    except WireError:
        return
    if seg.flags & tcpwire.RST:
        return
    rst = tcpwire.reset_for(seg)
    try:
        res = rt.output(stack, src, 0)
    except rt.RouteError:
        return
    ipv4_output.local_out(stack, src, 6, rst.emit(dst, src), src=dst, df=True,
                          ttl=icmp.default_ttl(stack), res=res)


def traverse(nf: Netfilter, table: Table, hook: str,
             info: PacketInfo) -> tuple[Rule | None, str] | None:
    """ipt_do_table: the terminal rule (None = the chain's policy) and where it sits
    ("filter/FORWARD rule 2", "filter/FORWARD policy"), or None for ACCEPT."""
    chain: Chain = table.chains[hook]
    stack: list[tuple[Chain, int]] = []
    index = 0
    length = info.length
    while True:
        rules = chain.rules
        jumped = False
        while index < len(rules):
            rule = rules[index]
            index += 1
            if not rule_matches(rule, info):
                continue
            rule.pkts += 1
            rule.bytes += length
            target = rule.target
            if not target:
                continue
            if target == "LOG":
                _log(nf, rule, info, hook)
                continue
            if target == "RETURN":
                index = len(rules)
                break
            if target == "ACCEPT":
                return None
            user = table.chains.get(target)
            if user is not None and not user.builtin:
                if not rule.goto:
                    stack.append((chain, index))
                chain, index = user, 0
                jumped = True
                break
            return rule, f"{table.name}/{chain.name} rule {index}"
        if jumped:
            continue
        if stack:
            chain, index = stack.pop()
            continue
        base = table.chains[hook]
        if base.counters:                   # only chains whose policy was set count
            base.pkts += 1
            base.bytes += length
        if base.policy == "DROP":
            return None, f"{table.name}/{hook} policy"
        return None


def _log(nf: Netfilter, rule: Rule, info: PacketInfo, hook: str) -> None:
    """LOG (xt_LOG / nf_log_syslog): the line the kernel writes to its log."""
    from ipaddress import IPv4Address

    prefix = rule.log_prefix or ""
    line = (f"{prefix}IN={info.iface_in} OUT={info.iface_out} SRC={IPv4Address(info.src)} "
            f"DST={IPv4Address(info.dst)} LEN={info.length} PROTO={info.proto}")
    if info.sport >= 0:
        line += f" SPT={info.sport} DPT={info.dport}"
    nf.log.append(line)
