"""IPv4 receive (net/ipv4/ip_input.c): validate, route, deliver locally or forward.

`rcv` is ip_rcv + ip_rcv_finish: frames for another host (PACKET_OTHERHOST) are dropped;
the header is validated per RFC 1122 3.2.1.1-3.2.1.8 (version, IHL, total length,
checksum) with each failure a named drop; then the input route decides:
local delivery (ip_local_deliver: reassemble, then the protocol handler), forwarding
(only with forwarding enabled on the input device, RFC 1122 3.3.4 / RFC 1812), or a
drop (IP_INADDRERRORS when a host gets a packet that is not its own).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from vnet.net import fib as F
from vnet.net import icmp, ipv4_forward
from vnet.net import route as route_mod
from vnet.net.reassembly import reassemble
from vnet.wire import ipv4 as ipwire
from vnet.wire.errors import BadChecksum, WireError

if TYPE_CHECKING:
    from vnet.link.device import Device
    from vnet.net.stack import Ipv4Stack

def rcv(stack: Ipv4Stack, dev: Device, frame: bytes) -> None:
    ns = stack.ns
    hl = dev.header_len
    if hl:
        dst_mac = frame[:6]
        if dst_mac[0] & 1:
            link_bcast = True
        elif dst_mac != dev.mac and dev.link_type != "loopback":
            ns.drop("OTHERHOST")
            return
        else:
            link_bcast = False
        data = frame[hl:]
    else:
        link_bcast = False
        data = frame
    stack.snmp["InReceives"] += 1
    try:
        ip = ipwire.parse(data)
    except BadChecksum:
        stack.count("InCsumErrors")
        ns.drop("IP_CSUM")
        return
    except WireError:
        stack.count("InHdrErrors")
        ns.drop("IP_INHDR")
        return
    if stack.nf is not None:                # NF_INET_PRE_ROUTING (ip_rcv)
        out = stack.nf.hooks.prerouting(stack, dev, data)
        if out is None:
            return
        if out is not data:                 # rewritten (DNAT) or trimmed
            data = out
            ip = ipwire.parse(data, verify_checksum=False)
    route_input(stack, dev, ip, data, link_bcast)


def route_input(stack: Ipv4Stack, dev: Device, ip: ipwire.Ipv4Packet, data: bytes,
                link_bcast: bool) -> None:
    """ip_route_input_slow."""
    dst, src = ip.dst, ip.src
    loopback = dev.link_type == "loopback"
    if src >> 28 == 0xE or src == 0xFFFFFFFF or (src >> 24 == 127 and not loopback):
        stack.ns.drop("IP_INVALID_SOURCE")
        return
    if dst == 0xFFFFFFFF or (dst >> 28 == 0xE):
        local_deliver(stack, dev, ip, True)
        return
    if (src >> 24 == 0 or dst >> 24 == 0 or dst >> 24 == 127) and not loopback:
        stack.ns.drop("IP_INVALID_SOURCE")  # martian source or destination
        return
    route = stack.fib.lookup(dst)
    tracer = stack.world.tracer
    if tracer is not None:
        tracer.route_input(stack, dev, ip, route)
    if route is not None and route.type == F.LOCAL:
        if not loopback and route_mod.validate_source(stack, src, dst, dev, None) < 0:
            stack.ns.drop("IP_RPFILTER")    # rp_filter, or our own address as source
            return
        local_deliver(stack, dev, ip, False)
        return
    ns = stack.ns
    if route is not None and route.type == F.BROADCAST:
        local_deliver(stack, dev, ip, True)
        return
    if not route_mod.devconf(stack, dev).forwarding:
        stack.count("InAddrErrors")
        ns.drop("IP_INADDRERRORS")
        return
    if link_bcast:
        ns.drop("IP_INADDRERRORS")
        return
    ipv4_forward.forward(stack, dev, ip, data, route)


def local_deliver(stack: Ipv4Stack, dev: Device, ip: ipwire.Ipv4Packet, bcast: bool) -> None:
    """ip_local_deliver → ip_local_deliver_finish: reassemble, raw sockets, then the protocol."""
    if ip.mf or ip.frag_offset:
        whole = reassemble(stack, ip)
        tracer = stack.world.tracer
        if tracer is not None:
            tracer.defrag(stack, dev, ip, whole)
        if whole is None:
            return
        ip = whole
    if stack.nf is not None:                # NF_INET_LOCAL_IN (ip_local_deliver)
        data = stack.nf.hooks.local_in(stack, dev, ip.emit())
        if data is None:
            return
        ip = ipwire.parse(data, verify_checksum=False)
    stack.snmp["InDelivers"] += 1
    tracer = stack.world.tracer
    if tracer is not None:
        tracer.local_deliver(stack, dev, ip)
    proto = ip.proto
    for sock in stack.raw_sockets:
        if sock.protocol == proto:
            sock.deliver(ip, dev)
    handler = stack.protocols.get(proto)
    if handler is not None:
        handler(stack, dev, ip, bcast)
        return
    if not any(s.protocol == proto for s in stack.raw_sockets):
        if not bcast:
            stack.count("InUnknownProtos")
            icmp.send_error(stack, ip.emit(), icmp.DEST_UNREACH, icmp.PROTO_UNREACH, in_dev=dev)
        stack.ns.drop("IP_NOPROTO")
