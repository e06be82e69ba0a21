"""ICMP (RFC 792; net/ipv4/icmp.c): echo replies and error messages.

`rcv` answers echo requests (unless net.ipv4.icmp_echo_ignore_all, or
icmp_echo_ignore_broadcasts for a broadcast, RFC 1122 3.2.2.6) with the same id, sequence
and data, and passes errors to the transport protocol they quote. `send_error` is
icmp_send, with RFC 1122 3.2.2 / RFC 1812 4.3.2.7's MUST NOTs: no error about an ICMP
error, about a datagram sent to a broadcast or multicast address or as link-layer
broadcast, about a non-initial fragment, or about a datagram whose source is not a
unique host. The source of an error about a forwarded packet is chosen by routing back
to the sender (icmp_errors_use_inbound_ifaddr=0); errors are rate limited per
destination with a token bucket of icmp_ratelimit (1 s) and burst 6, for the types in
icmp_ratemask, as inet_peer_xrlim_allow does.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from vnet.core.sched import NS_PER_MS
from vnet.net import ipv4_output
from vnet.net import route as rt
from vnet.wire import icmp as icmpwire
from vnet.wire import ipv4 as ipwire
from vnet.wire.errors import WireError

if TYPE_CHECKING:
    from vnet.link.device import Device
    from vnet.net.stack import Ipv4Stack

PROTO = 1
ECHO_REPLY = icmpwire.ECHO_REPLY
ECHO_REQUEST = icmpwire.ECHO_REQUEST
DEST_UNREACH = icmpwire.DEST_UNREACH
TIME_EXCEEDED = icmpwire.TIME_EXCEEDED
PARAMETERPROB = 12
HOST_UNREACH = 1
NET_UNREACH = 0
PROTO_UNREACH = 2
PORT_UNREACH = 3
FRAG_NEEDED = 4
EXC_TTL = 0
EXC_FRAGTIME = 1

RATEMASK_DEFAULT = 0x1818
XRLIM_BURST_FACTOR = 6
IPTOS_PREC_INTERNETCONTROL = 0xC0


def rcv(stack: Ipv4Stack, dev: Device, ip: ipwire.Ipv4Packet, bcast: bool) -> None:
    ns = stack.ns
    try:
        msg = icmpwire.parse(ip.payload)
    except WireError:
        stack.count("IcmpInErrors")
        ns.drop("ICMP_CSUM")
        return
    stack.count("IcmpInMsgs")
    if msg.type == ECHO_REQUEST:
        sysctl = ns.sysctl.values
        if sysctl["net.ipv4.icmp_echo_ignore_all"] != "0":
            ns.drop("ICMP_ECHO_IGNORED")
            return
        if bcast and sysctl["net.ipv4.icmp_echo_ignore_broadcasts"] != "0":
            ns.drop("ICMP_ECHO_IGNORED")
            return
        reply = icmpwire.IcmpPacket(ECHO_REPLY, 0, msg.rest, msg.payload).emit()
        src = 0 if bcast else ip.dst
        stack.count("IcmpOutMsgs")
        ipv4_output.local_out(stack, ip.src, PROTO, reply, src=src, tos=ip.tos,
                              ttl=default_ttl(stack))
        return
    if msg.type in (DEST_UNREACH, TIME_EXCEEDED, PARAMETERPROB):
        _error_to_transport(stack, msg)


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
    return int(stack.ns.sysctl.values["net.ipv4.ip_default_ttl"])


def _rate_allow(stack: Ipv4Stack, dst: int, icmp_type: int) -> bool:
    """icmpv4_xrlim_allow / inet_peer_xrlim_allow."""
    mask = RATEMASK_DEFAULT
    if icmp_type > 18 or not (mask >> icmp_type) & 1:
        return True
    timeout = int(stack.ns.sysctl.values["net.ipv4.icmp_ratelimit"]) * NS_PER_MS
    if timeout == 0:
        return True
    now = stack.world.sched.now
    tokens, last = stack.icmp_peers.get(dst, (0, now - 60 * 1_000_000_000))
    tokens = min(tokens + (now - last), XRLIM_BURST_FACTOR * timeout)
    if tokens >= timeout:
        stack.icmp_peers[dst] = (tokens - timeout, now)
        return True
    stack.icmp_peers[dst] = (tokens, now)
    return False


def send_error(stack: Ipv4Stack, original: bytes, icmp_type: int, code: int,
               in_dev: Device | None, info: int = 0, link_bcast: bool = False) -> bool:
    """icmp_send: returns True when an error was sent."""
    try:
        orig = ipwire.parse_quoted(original)
    except WireError:
        return False
    ns = stack.ns
    if link_bcast or orig.dst == 0xFFFFFFFF or orig.dst >> 28 == 0xE:
        return False
    route = stack.fib.lookup(orig.dst)
    if route is not None and route.type == "broadcast":
        return False
    if orig.frag_offset:
        return False
    src = orig.src
    if src == 0 or src == 0xFFFFFFFF or src >> 28 == 0xE:
        return False
    if orig.proto == PROTO:
        ihl = (original[0] & 0x0F) * 4
        if len(original) > ihl and original[ihl] in icmpwire.ERROR_TYPES:
            return False
    try:
        res = rt.output(stack, src)
    except rt.RouteError as err:
        ns.drop(err.reason)
        return False
    if res.dev is not None and res.dev.link_type != "loopback" and \
            not _rate_allow(stack, src, icmp_type):
        ns.drop("ICMP_RATELIMIT")
        return False
    saddr = orig.dst if stack.is_local_address(orig.dst) else 0
    if icmp_type == DEST_UNREACH:
        message = icmpwire.dest_unreach(code, original, mtu=info).emit()
    elif icmp_type == TIME_EXCEEDED:
        message = icmpwire.time_exceeded(code, original).emit()
    else:
        message = icmpwire.IcmpPacket(icmp_type, code, info << 24,
                                      icmpwire.quote(original)).emit()
    stack.count("IcmpOutMsgs")
    stack.count("IcmpOutDestUnreachs" if icmp_type == DEST_UNREACH else "IcmpOutTimeExcds")
    tos = (orig.tos & 0x1E) | IPTOS_PREC_INTERNETCONTROL
    ipv4_output.local_out(stack, src, PROTO, message, src=saddr, tos=tos, ttl=default_ttl(stack))
    return True
