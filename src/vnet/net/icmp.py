"""ICMP (RFC 792; net/ipv4/icmp.c): echo replies and error messages.

`rcv` answers echo requests (unless net.ipv4.icmp_echo_ignore_all, or
icmp_echo_ignore_broadcasts for a broadcast, RFC 1122 3.2.2.6) with the same id, sequence
and data, passes errors to the transport protocol they quote, and hands redirects
about our own traffic to routing (vnet.net.route.do_redirect). `send_error` is
icmp_send, with RFC 1122 3.2.2 / RFC 1812 4.3.2.7's MUST NOTs: no error about an ICMP
error, about a datagram sent to a broadcast or multicast address or as link-layer
broadcast, about a non-initial fragment, or about a datagram whose source is not a
unique host. The source of an error about a forwarded packet is chosen by routing back
to the sender (or is the input interface's address with
icmp_errors_use_inbound_ifaddr=1); errors are rate limited per
destination with a token bucket of icmp_ratelimit (1 s) and burst 6, for the types in
icmp_ratemask except fragmentation needed, as icmpv4_xrlim_allow does (the per-peer
state lives in vnet.net.inetpeer; the global icmp_msgs_per_sec limit is not modelled).
"""

from __future__ import annotations

import struct
from typing import TYPE_CHECKING

from vnet.net import inetpeer, ipv4_output
from vnet.net import route as rt
from vnet.wire import icmp as icmpwire
from vnet.wire import ipv4 as ipwire
from vnet.wire.checksum import incremental_update, verifies
from vnet.wire.errors import WireError

if TYPE_CHECKING:
    from vnet.link.device import Device
    from vnet.net.stack import Ipv4Stack

PROTO = 1
ECHO_REPLY = icmpwire.ECHO_REPLY
ECHO_REQUEST = icmpwire.ECHO_REQUEST
DEST_UNREACH = icmpwire.DEST_UNREACH
TIME_EXCEEDED = icmpwire.TIME_EXCEEDED
REDIRECT = icmpwire.REDIRECT
PARAMETERPROB = 12
HOST_UNREACH = 1
NET_UNREACH = 0
PROTO_UNREACH = 2
PORT_UNREACH = 3
FRAG_NEEDED = 4
EXC_TTL = 0
EXC_FRAGTIME = 1

RATEMASK_DEFAULT = 0x1818
#: type, code and checksum: the first word of an echo reply built from its request
_ECHO_HEAD = struct.Struct("!BBH")
IPTOS_PREC_INTERNETCONTROL = 0xC0


def rcv(stack: Ipv4Stack, dev: Device, ip: ipwire.Ipv4Packet, bcast: bool) -> None:
    ns = stack.ns
    req = ip.payload
    # icmp_rcv: the whole message must checksum (RFC 1122 3.2.2); read the type in place
    if len(req) < 8 or not verifies(req):
        stack.count("IcmpInErrors")
        ns.drop("ICMP_CSUM", data=ip, dev=dev)
        return
    stack.snmp["IcmpInMsgs"] += 1
    icmp_type = req[0]
    if icmp_type == ECHO_REQUEST:
        sysctl = ns.sysctl.values
        if sysctl["net.ipv4.icmp_echo_ignore_all"] != "0":
            ns.drop("ICMP_ECHO_IGNORED")
            return
        if bcast and sysctl["net.ipv4.icmp_echo_ignore_broadcasts"] != "0":
            ns.drop("ICMP_ECHO_IGNORED")
            return
        # icmp_echo: the request with its type changed (code kept), its checksum updated
        # incrementally (RFC 1624). Like a full recomputation (icmp_reply's csum_fold),
        # an all-zero reply gets 0xffff, not 0.
        code = req[1]
        csum = incremental_update((req[2] << 8) | req[3], (ECHO_REQUEST << 8) | code, code)
        if not csum and not code and not any(req[4:]):
            csum = 0xFFFF
        reply = _ECHO_HEAD.pack(ECHO_REPLY, code, csum) + req[4:]
        stack.snmp["IcmpOutMsgs"] += 1
        tracer = ns.world.tracer
        if tracer is not None:
            tracer.icmp_echo(stack, ip)
        ipv4_output.local_out(stack, ip.src, PROTO, reply, src=0 if bcast else ip.dst,
                              tos=ip.tos, ttl=default_ttl(stack))
        return
    if icmp_type in (DEST_UNREACH, TIME_EXCEEDED, PARAMETERPROB):
        _error_to_transport(stack, icmpwire.parse(req, verify_checksum=False))
    elif icmp_type == REDIRECT and not bcast:
        _redirect(stack, dev, ip, icmpwire.parse(req, verify_checksum=False))


def _redirect(stack: Ipv4Stack, dev: Device, ip: ipwire.Ipv4Packet,
              msg: icmpwire.IcmpPacket) -> None:
    """icmp_redirect → the quoted protocol's err_handler → ipv4_redirect: ICMP always,
    UDP when a socket owns the quoted port (RFC 1122 3.2.2.2)."""
    try:
        inner = ipwire.parse_quoted(msg.payload)
    except WireError:
        stack.ns.drop("ICMP_MALFORMED_QUOTE")
        return
    if inner.proto != PROTO and not (
            inner.proto == 17 and len(inner.payload) >= 2 and
            int.from_bytes(inner.payload[0:2], "big") in stack.udp_ports):
        return
    rt.do_redirect(stack, dev, ip.src, msg.rest, msg.code, inner.src, inner.dst)


def _error_to_transport(stack: Ipv4Stack, msg: icmpwire.IcmpPacket) -> None:
    """icmp_unreach → the quoted protocol's err_handler (UDP sockets record the error)."""
    try:
        inner = ipwire.parse_quoted(msg.payload)
    except WireError:
        stack.ns.drop("ICMP_MALFORMED_QUOTE")
        return
    handler = stack.err_handlers.get(inner.proto)
    if msg.type == DEST_UNREACH and msg.code == FRAG_NEEDED and (
            inner.proto == PROTO or handler is not None):
        rt.update_pmtu(stack, inner.dst, msg.rest & 0xFFFF)   # icmp_err / udp_err, RFC 1191
    if handler is not None:
        handler(stack, msg, inner)


def default_ttl(stack: Ipv4Stack) -> int:
    """net.ipv4.ip_default_ttl, parsed once per sysctl write (Ipv4Stack.sysctl_cache)."""
    ttl = stack.sysctl_cache.get("ip_default_ttl")
    if ttl is None:
        ttl = stack.sysctl_cache["ip_default_ttl"] = int(
            stack.ns.sysctl.values["net.ipv4.ip_default_ttl"])
    return ttl


def _rate_allow(stack: Ipv4Stack, dst: int, icmp_type: int, code: int) -> bool:
    """icmpv4_mask_allow + icmpv4_xrlim_allow: types in icmp_ratemask (not PMTU's
    fragmentation needed) are limited per destination (vnet.net.inetpeer)."""
    if icmp_type > 18 or (icmp_type == DEST_UNREACH and code == FRAG_NEEDED):
        return True
    values = stack.ns.sysctl.values
    mask = int(values.get("net.ipv4.icmp_ratemask", RATEMASK_DEFAULT))
    if not (mask >> icmp_type) & 1:
        return True
    timeout = inetpeer.msecs_to_jiffies(int(values["net.ipv4.icmp_ratelimit"]))
    now = stack.world.sched.now
    return inetpeer.xrlim_allow(inetpeer.get(stack.icmp_peers, dst, now), timeout, now)


#  icmp_pointers[].error: the types icmp_send treats as errors (unknown ones > 18 too)
_ERROR_TYPES = frozenset({1, 2, 3, 4, 5, 6, 7, 9, 10, 11, 12})
_OUT_COUNTER = {DEST_UNREACH: "IcmpOutDestUnreachs", TIME_EXCEEDED: "IcmpOutTimeExcds",
                REDIRECT: "IcmpOutRedirects", PARAMETERPROB: "IcmpOutParmProbs"}
INADDR_DUMMY = 0xC0000008
RT_SCOPE_LINK = 253


def send_error(stack: Ipv4Stack, original: bytes, icmp_type: int, code: int,
               in_dev: Device | None, info: int = 0, link_bcast: bool = False) -> bool:
    """icmp_send (RFC 1812 4.3.2.7): returns True when an error was sent.

    `original` is the offending datagram as received (for a forwarded one, as it was
    when the error was decided: a redirect quotes it after the TTL decrement)."""
    try:
        orig = ipwire.parse_quoted(original)
    except WireError:
        return False
    ns = stack.ns
    if link_bcast or orig.dst == 0xFFFFFFFF or orig.dst >> 28 == 0xE:
        return False                       # PACKET_HOST only; RTCF_BROADCAST|MULTICAST
    route = stack.fib.lookup(orig.dst)
    if route is not None and route.type == "broadcast":
        return False
    if orig.frag_offset:
        return False                       # fragment 0 only
    src = orig.src
    if src == 0 or src == 0xFFFFFFFF or src >> 28 == 0xE:
        return False
    if icmp_type in _ERROR_TYPES and orig.proto == PROTO:
        ihl = (original[0] & 0x0F) * 4
        if len(original) <= ihl:
            return False
        inner_type = original[ihl]
        if inner_type > 18 or inner_type in _ERROR_TYPES:
            return False                   # no error about an ICMP error
    saddr = orig.dst if stack.is_local_address(orig.dst) else 0    # RTCF_LOCAL
    if not saddr and in_dev is not None and \
            ns.sysctl.values.get("net.ipv4.icmp_errors_use_inbound_ifaddr", "0") != "0":
        saddr = stack.select_source(in_dev, src, RT_SCOPE_LINK)
    try:
        res = rt.output(stack, src, saddr)
    except rt.RouteError as err:
        ns.drop(err.reason, "icmp_send", original)
        return False
    if res.dev is not None and res.dev.link_type != "loopback" and \
            not _rate_allow(stack, src, icmp_type, code):
        stack.count("IcmpOutRateLimitHost")
        ns.drop("ICMP_RATELIMIT")
        return False
    if icmp_type == DEST_UNREACH:
        message = icmpwire.dest_unreach(code, original, mtu=info).emit()
    elif icmp_type == TIME_EXCEEDED:
        message = icmpwire.time_exceeded(code, original).emit()
    elif icmp_type == REDIRECT:
        message = icmpwire.IcmpPacket(REDIRECT, code, info, icmpwire.quote(original)).emit()
    else:
        message = icmpwire.IcmpPacket(icmp_type, code, info << 24,
                                      icmpwire.quote(original)).emit()
    stack.count("IcmpOutMsgs")
    stack.count(_OUT_COUNTER.get(icmp_type, "IcmpOutMsgs"))
    tos = (orig.tos & 0x1E) | IPTOS_PREC_INTERNETCONTROL
    tracer = ns.world.tracer
    if tracer is not None:
        tracer.icmp_send(stack, original, icmp_type, code, res.src or INADDR_DUMMY, src)
    ipv4_output.local_out(stack, src, PROTO, message, src=res.src or INADDR_DUMMY, tos=tos,
                          ttl=default_ttl(stack), res=res)
    return True
