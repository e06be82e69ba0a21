"""IPv4 forwarding (net/ipv4/ip_forward.c; RFC 1812 5.2-5.3).

Reached from input routing only when forwarding is enabled on the input device.
Checks in the kernel's order: a route must exist (otherwise ICMP net unreachable, or the
route type's own answer: unreachable → host unreachable, prohibit → administratively
prohibited, blackhole → silence); TTL must be above 1 (otherwise ICMP time exceeded,
RFC 1812 5.3.1); a DF packet larger than the next hop's MTU gets ICMP fragmentation
needed carrying that MTU (RFC 1191); then TTL is decremented with an incremental
checksum update (RFC 1624) and the packet leaves through ip_output with the MAC
header rewritten for the next hop.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from vnet.net import fib as F
from vnet.net import icmp, ipv4_output
from vnet.net import route as rt
from vnet.wire import ipv4 as ipwire

if TYPE_CHECKING:
    from vnet.link.device import Device
    from vnet.net.stack import Ipv4Stack

_TYPE_ICMP = {F.UNREACHABLE: icmp.HOST_UNREACH, F.PROHIBIT: 13}


def forward(stack: Ipv4Stack, in_dev: Device, ip: ipwire.Ipv4Packet, data: bytes,
            route: F.Route | None) -> None:
    ns = stack.ns
    if route is None:
        stack.count("InNoRoutes")
        icmp.send_error(stack, data, icmp.DEST_UNREACH, icmp.NET_UNREACH, in_dev)
        ns.drop("IP_INNOROUTES")
        return
    if route.type != F.UNICAST:
        code = _TYPE_ICMP.get(route.type)
        if code is not None:
            icmp.send_error(stack, data, icmp.DEST_UNREACH, code, in_dev)
        ns.drop("IP_INNOROUTES")
        return
    if ip.ttl <= 1:
        icmp.send_error(stack, data, icmp.TIME_EXCEEDED, icmp.EXC_TTL, in_dev)
        ns.drop("IP_INHDR")
        return
    out_dev = route.dev
    if out_dev is None or not out_dev.admin_up:
        ns.drop("IP_INNOROUTES")
        return
    if ip.df and len(data) > out_dev.mtu:
        icmp.send_error(stack, data, icmp.DEST_UNREACH, icmp.FRAG_NEEDED, in_dev, info=out_dev.mtu)
        ns.drop("PKT_TOO_BIG")
        return
    nexthop = route.gateway if route.gateway is not None else ip.dst
    res = rt.RouteResult(F.UNICAST, out_dev, nexthop, 0, route)
    stack.count("ForwDatagrams")
    ipv4_output.finish_output(stack, res, ipwire.decrement_ttl(data))
