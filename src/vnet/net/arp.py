"""ARP (RFC 826; net/ipv4/arp.c): resolving IPv4 next hops to MAC addresses.

`rcv` is arp_rcv/arp_process: answer requests for any local address (arp_ignore=0,
RFC 1122 2.3.2 lets a host answer for all its addresses), create a STALE entry for the
asker (neigh_event_ns), and confirm an entry (REACHABLE) from a unicast reply.
`solicit` is arp_solicit: broadcast while INCOMPLETE, unicast to the cached address
while re-probing, sourced from the packet being resolved when that address is ours.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from vnet.net import neighbour as nud
from vnet.wire import arp as arpwire
from vnet.wire.errors import WireError
from vnet.wire.ethernet import ETH_P_ARP, emit_frame
from vnet.wire.mac import BROADCAST, ZERO

if TYPE_CHECKING:
    from vnet.link.device import Device
    from vnet.net.neighbour import Neighbour
    from vnet.net.stack import Ipv4Stack


def send(dev: Device, op: int, dst_mac: bytes, sip: int, tha: bytes, tip: int) -> None:
    """arp_send: build and transmit one ARP packet from `dev`."""
    packet = arpwire.ArpPacket(op, dev.mac, sip, tha, tip).emit()
    dev.xmit(emit_frame(dst_mac, dev.mac, ETH_P_ARP, packet))


def solicit(stack: Ipv4Stack, entry: Neighbour, queued: bytes | None, probes: int) -> None:
    dev = entry.dev
    target = entry.key
    saddr = 0
    if queued is not None and len(queued) >= 20:
        src = int.from_bytes(queued[12:16], "big")
        if stack.is_local_address(src):
            saddr = src
    if not saddr:
        saddr = stack.select_source(dev, target, scope=253)
    parms = stack.arp_tbl.parms
    remaining = probes - parms.ucast_probes
    if remaining < 0 and entry.lladdr is not None:
        send(dev, arpwire.OP_REQUEST, entry.lladdr, saddr, ZERO, target)
    else:
        send(dev, arpwire.OP_REQUEST, BROADCAST, saddr, ZERO, target)


def rcv(stack: Ipv4Stack, dev: Device, frame: bytes) -> None:
    ns = stack.ns
    if dev.link_type != "ether" or not dev.admin_up:
        ns.drop("NOT_SPECIFIED")
        return
    try:
        pkt = arpwire.parse(frame[14:])
    except WireError:
        ns.drop("ARP_MALFORMED")
        dev.stats.rx_dropped += 1
        return
    sip, tip = pkt.spa, pkt.tpa
    if (tip >> 28) == 0xE or (sip >> 28) == 0xE or tip == 0x7F000001 or (tip >> 24) == 127:
        ns.drop("IP_INVALID_SOURCE")
        return
    dst = frame[:6]
    pkt_host = dst == dev.mac
    tbl = stack.arp_tbl
    if pkt.op == arpwire.OP_REQUEST:
        route = stack.fib.lookup(tip)
        if route is not None and route.type == "local" and stack.arp_accepts_target(dev, tip):
            if sip == 0:  # duplicate address detection probe (RFC 5227): answer, learn nothing
                send(dev, arpwire.OP_REPLY, pkt.sha, tip, pkt.sha, sip)
                return
            learnt = tbl.create(dev, sip)
            tbl.update(learnt, pkt.sha, nud.NUD_STALE)
            send(dev, arpwire.OP_REPLY, pkt.sha, tip, pkt.sha, sip)
            return
        tracer = ns.world.tracer
        if tracer is not None:
            tracer.arp_ignore(stack, dev, frame, tip)
    entry = tbl.lookup(dev, sip)
    if entry is None:
        return
    state = nud.NUD_REACHABLE if pkt.op == arpwire.OP_REPLY and pkt_host else nud.NUD_STALE
    tbl.update(entry, pkt.sha, state, override=True)
