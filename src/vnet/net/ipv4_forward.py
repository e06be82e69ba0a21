"""IPv4 forwarding (net/ipv4/ip_forward.c and the forwarding half of route.c; RFC 1812).

Reached from input routing (vnet.net.ipv4_input) for a unicast frame whose destination
is not ours, only when forwarding is enabled on the input device (RFC 1812 2.2.8:
net.ipv4.conf.DEV.forwarding of the device the packet came in on). Steps in the
kernel's order:

1. ip_error (route.c) when the lookup fails: no route → ICMP net unreachable,
   `unreachable` → host unreachable, `prohibit` → communication administratively
   prohibited, `blackhole` → silence (RFC 1812 5.2.7.1). These answers first pass the
   per-sender token bucket of ip_error (cost 1 s, burst 5 s) and then icmp_send's own
   limit, which share one inet_peer: a burst of unroutable packets gets two answers.
2. __mkroute_input: reverse path filtering (rp_filter, RFC 3704) and, when the packet
   would leave by the interface it came in on towards a next hop on the sender's
   subnet, the decision to send a redirect (RFC 1812 5.2.7.2; send_redirects).
3. ip_forward: TTL must be above 1, else ICMP time exceeded (RFC 1812 5.3.1, quoting
   the datagram as received); a DF datagram larger than the output device's MTU gets
   ICMP fragmentation needed carrying that MTU (RFC 1191); then TTL is decremented with
   an incremental checksum update (RFC 1624), the redirect (if any) goes to the sender
   host-scoped and rate limited as ip_rt_send_redirect does, and the packet leaves
   through ip_output: fragmented if DF is clear and it does not fit (RFC 791), the
   Ethernet header rewritten for the next hop (the gateway, or a redirect's gateway).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from vnet.net import fib as F
from vnet.net import icmp, inetpeer, ipv4_output
from vnet.net import route as rt
from vnet.wire import ipv4 as ipwire

if TYPE_CHECKING:
    from vnet.link.device import Device
    from vnet.net.stack import Ipv4Stack

ICMP_REDIR_HOST = 1
ICMP_PKT_FILTERED = 13
#  the ICMP code ip_error answers a failed lookup with (blackhole: none)
_ERROR_CODE = {F.UNREACHABLE: icmp.HOST_UNREACH, F.PROHIBIT: ICMP_PKT_FILTERED}


def forward(stack: Ipv4Stack, in_dev: Device, ip: ipwire.Ipv4Packet, data: bytes,
            route: F.Route | None) -> None:
    ns = stack.ns
    if route is None or route.type in F.TYPE_ERRNO:
        _ip_error(stack, in_dev, ip, data, route)
        return
    if route.type != F.UNICAST:
        ns.drop("IP_INVALID_DEST")          # martian destination
        return
    out_dev = route.dev
    if out_dev is None or not out_dev.admin_up:
        ns.drop("IP_INNOROUTES")
        return
    size = len(data)
    total = (data[2] << 8) | data[3]        # the header's total length, checked by ip_rcv
    if size > total:
        data = data[:total]                 # ip_rcv trims link-layer padding
        size = total
    # __mkroute_input
    src, dst = ip.src, ip.dst
    on_link = rt.validate_source(stack, src, dst, in_dev, out_dev)
    if on_link < 0:
        ns.drop("IP_RPFILTER")
        return
    gateway = route.gateway
    nexthop = gateway if gateway is not None else dst
    if stack.pmtu:
        fnhe = rt.find_exception(stack, dst, route)
        if fnhe is not None:
            fnhe.bind()
            if fnhe.gw:
                nexthop = fnhe.gw
    redirect = False
    if on_link and out_dev is in_dev:
        conf = rt.devconf(stack, in_dev)
        redirect = conf.send_redirects and (
            conf.shared_media or _onlink(in_dev, src, gateway or 0))
    # ip_forward
    if ip.ttl <= 1:
        stack.count("InHdrErrors")
        icmp.send_error(stack, data, icmp.TIME_EXCEEDED, icmp.EXC_TTL, in_dev)
        ns.drop("IP_INHDR", "ip_forward", data, in_dev)
        return
    mtu = out_dev.mtu
    if size > mtu and ip.df:
        stack.count("FragFails")
        icmp.send_error(stack, data, icmp.DEST_UNREACH, icmp.FRAG_NEEDED, in_dev, info=mtu)
        ns.drop("PKT_TOO_BIG", "ip_forward", data, in_dev)
        return
    packet = ipwire.decrement_ttl(data)
    if redirect:
        _send_redirect(stack, in_dev, src, packet, nexthop)
    if stack.nf is not None:                # NF_INET_FORWARD (ip_forward)
        kept = stack.nf.hooks.forward(stack, in_dev, out_dev, packet)
        if kept is None:
            return
        packet = kept
    stack.snmp["ForwDatagrams"] += 1
    tracer = ns.world.tracer
    if tracer is not None:
        tracer.forward(stack, in_dev, ip, out_dev, nexthop, packet)
    results = stack.fwd_results
    res = results.get(nexthop)
    if res is None or res.route is not route or res.dev is not out_dev:
        if len(results) > 4096:
            results.clear()
        res = results[nexthop] = rt.RouteResult(F.UNICAST, out_dev, nexthop, 0, route)
    ipv4_output.finish_output(stack, res, packet)


def _ip_error(stack: Ipv4Stack, in_dev: Device, ip: ipwire.Ipv4Packet, data: bytes,
              route: F.Route | None) -> None:
    """ip_error: the answer to a packet the FIB cannot route, behind its rate limit."""
    if route is None:
        stack.count("InNoRoutes")
        stack.ns.drop("IP_INNOROUTES")
        code = icmp.NET_UNREACH
    else:
        stack.ns.drop("IP_INNOROUTES" if route.type != F.BLACKHOLE else "BLACKHOLE")
        code = _ERROR_CODE.get(route.type, -1)
        if code < 0:
            return
    now = stack.world.sched.now
    if inetpeer.error_allow(inetpeer.get(stack.icmp_peers, ip.src, now), now):
        icmp.send_error(stack, data, icmp.DEST_UNREACH, code, in_dev)


def _onlink(dev: Device, a: int, b: int) -> bool:
    """inet_addr_onlink: one of dev's subnets holds `a` and (unless 0) `b`."""
    return any(ifa.matches(a) and (not b or ifa.matches(b)) for ifa in dev.ip4)


def _send_redirect(stack: Ipv4Stack, dev: Device, sender: int, packet: bytes,
                   gateway: int) -> None:
    """ip_rt_send_redirect: a host redirect to `gateway`, with the peer's backoff."""
    now = stack.world.sched.now
    if inetpeer.redirect_allow(inetpeer.get(stack.icmp_peers, sender, now), now):
        icmp.send_error(stack, packet, icmp.REDIRECT, ICMP_REDIR_HOST, dev, info=gateway)
