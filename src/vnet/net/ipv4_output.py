"""IPv4 output (net/ipv4/ip_output.c): build the header, route, fragment, resolve, send.

`local_out` is the path of a locally generated packet: ip_route_output → header
(RFC 791) → OUTPUT/POSTROUTING seams → ip_finish_output (fragment when larger than the
device MTU and DF is clear, RFC 791 fragmentation; EMSGSIZE when DF is set) →
ip_finish_output2 → neighbour output. `finish_output2` is shared with forwarding:
lo and TUN take the packet as is; broadcast and multicast map to their MAC
(RFC 1112 6.4); unicast goes through the ARP table.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from vnet.net import fib as F
from vnet.net import route as rt
from vnet.net.neighbour import NUD_SENDS
from vnet.wire import ipv4 as ipwire
from vnet.wire.ethernet import ETH_P_IP, emit_frame
from vnet.wire.mac import BROADCAST, ZERO

if TYPE_CHECKING:
    from vnet.link.device import Device
    from vnet.net.stack import Ipv4Stack


#: the EtherType of every frame this module sends, as it goes on the wire
_ETH_P_IP_BYTES = ETH_P_IP.to_bytes(2, "big")


def send_resolved(dev: Device, lladdr: bytes, packet: bytes) -> None:
    """neigh_hh_output: prepend the Ethernet header and hand the frame to the device."""
    if dev.header_len == 0:
        dev.xmit(packet)
        return
    dev.xmit(b"".join((lladdr, dev.mac, _ETH_P_IP_BYTES, packet)))


def multicast_mac(ip: int) -> bytes:
    return bytes((0x01, 0x00, 0x5E, (ip >> 16) & 0x7F, (ip >> 8) & 0xFF, ip & 0xFF))


def finish_output2(stack: Ipv4Stack, res: rt.RouteResult, packet: bytes) -> None:
    dev = res.dev
    if dev is None or not dev.admin_up:
        stack.ns.drop("NETDEV_DOWN" if dev is not None else "IP_OUTNOROUTES", None, packet, dev)
        return
    if dev.link_type == "loopback":
        dev.xmit(emit_frame(ZERO, ZERO, ETH_P_IP, packet))
        return
    if dev.header_len == 0:
        dev.xmit(packet)
        return
    rtype = res.type
    dst = res.nexthop
    if rtype == F.BROADCAST or dst == rt.LIMITED_BROADCAST:
        send_resolved(dev, BROADCAST, packet)
        return
    if rtype == F.MULTICAST or dst >> 28 == 0xE:
        send_resolved(dev, multicast_mac(dst), packet)
        return
    arp_tbl = stack.arp_tbl
    entry = arp_tbl.lookup(dev, dst)
    if entry is not None and entry.state & NUD_SENDS and stack.world.tracer is None:
        # neigh_output's fast path (neigh_hh_output): an entry that may send as it is
        # (connected, or a DELAY/PROBE still using its address) changes no state
        entry.used = dev.sched.now
        send_resolved(dev, entry.lladdr, packet)  # type: ignore[arg-type]
        return
    arp_tbl.output(dev, dst, packet)


def fragment(packet: bytes, mtu: int) -> list[bytes]:
    """ip_fragment (RFC 791 3.2): split into pieces whose data is a multiple of 8 bytes."""
    ip = ipwire.parse(packet, verify_checksum=False)
    hlen = ip.header_len
    room = (mtu - hlen) & ~7
    data = ip.payload
    pieces = []
    offset = 0
    while offset < len(data):
        chunk = data[offset:offset + room]
        last = offset + len(chunk) >= len(data)
        piece = ip._replace(payload=chunk, frag_offset=ip.frag_offset + offset,
                            mf=(not last) or ip.mf,
                            options=ip.options if offset == 0 else b"")
        pieces.append(piece.emit())
        offset += len(chunk)
    return pieces


def finish_output(stack: Ipv4Stack, res: rt.RouteResult, packet: bytes,
                  mtu: int | None = None) -> str | None:
    """ip_finish_output: fragment if needed, then finish_output2. Returns an errno name.
    `mtu` is the path MTU of a locally generated packet (default: the device's)."""
    dev = res.dev
    if stack.nf is not None:                # NF_INET_POST_ROUTING (ip_output)
        out = stack.nf.hooks.postrouting(stack, dev, packet)
        if out is None:
            return "EPERM"
        packet = out
    if mtu is None:
        mtu = dev.mtu if dev is not None else 65535
    if len(packet) > mtu:
        if packet[6] & 0x40:
            stack.ns.drop("PKT_TOO_BIG", "ip_finish_output", packet, dev)
            return "EMSGSIZE"
        pieces = fragment(packet, mtu)
        tracer = stack.world.tracer
        if tracer is not None and dev is not None:
            tracer.fragment(stack, packet, mtu, len(pieces), dev)
        for piece in pieces:
            finish_output2(stack, res, piece)
        return None
    finish_output2(stack, res, packet)
    return None


def next_ident(stack: Ipv4Stack, df: bool) -> int:
    """ip_select_ident: DF packets of unconnected sockets carry id 0 (RFC 6864 4.1)."""
    if df:
        return 0
    ident = stack.ip_ident
    if ident is None:
        ident = stack.world.rng.getrandbits(16)
    stack.ip_ident = (ident + 1) & 0xFFFF
    return ident


def local_out(stack: Ipv4Stack, dst: int, proto: int, payload: bytes, *, src: int = 0,
              ttl: int = 64, tos: int = 0, df: bool = False, oif: Device | None = None,
              res: rt.RouteResult | None = None) -> str | None:
    """Send a locally generated datagram; returns an errno name on a local error."""
    if res is None:
        # output route cache (the kernel's dst cache): valid while the FIB is unchanged;
        # addresses and link up/down always change the FIB (their kernel routes). Keyed
        # by destination (an int hashes far faster than a tuple), one flow per entry.
        fib = stack.fib
        hit = stack.out_routes.get(dst)
        if hit is not None and hit[0] == fib.generation and hit[1] == src and \
                hit[2] == tos and hit[3] is oif:
            res = hit[4]
        else:
            try:
                res = rt.output(stack, dst, src, oif, tos)
            except rt.RouteError as err:
                tracer = stack.world.tracer
                if tracer is not None:
                    tracer.route_output_failed(stack, dst, src, proto, payload, err)
                stack.ns.drop(err.reason, None, ipwire.Ipv4Packet(src, dst, proto, payload))
                return err.errno_name
            if len(stack.out_routes) > 4096:
                stack.out_routes.clear()
            stack.out_routes[dst] = (fib.generation, src, tos, oif, res)
    packet = ipwire.build(src or res.src, dst, proto, payload, ttl, tos,
                          0 if df else next_ident(stack, df), df)
    stack.snmp["OutRequests"] += 1
    tracer = stack.world.tracer
    if tracer is not None:
        tracer.route_output(stack, packet, res)
    if stack.nf is not None:                # NF_INET_LOCAL_OUT (__ip_local_out)
        out = stack.nf.hooks.local_out(stack, res.dev, packet)
        if out is None:
            return "EPERM"
        if out[16:20] != packet[16:20]:     # ip_route_me_harder after DNAT
            try:
                res = rt.output(stack, int.from_bytes(out[16:20], "big"), 0, oif, tos)
            except rt.RouteError as err:
                stack.ns.drop(err.reason)
                return err.errno_name
        packet = out
    elif not stack.pmtu and res.dev is not None and len(packet) <= res.dev.mtu:
        finish_output2(stack, res, packet)  # ip_finish_output with nothing to do
        return None
    mtu = rt.path_mtu(stack, dst, res.dev) if stack.pmtu and res.dev is not None else None
    return finish_output(stack, res, packet, mtu)
