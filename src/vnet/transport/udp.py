"""UDP (RFC 768; net/ipv4/udp.c): datagram delivery to bound sockets.

`rcv` validates length and checksum (RFC 1122 4.1.3.4: a bad checksum is discarded
silently), hands the datagram to the socket bound to its destination port, or
answers ICMP port unreachable when none is (RFC 1122 4.1.3.1), unless the datagram
was broadcast or multicast. `err` records ICMP errors on the socket they concern
(IP_RECVERR style), which is how traceroute learns about its probes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from vnet.net import icmp, ipv4_output
from vnet.wire import udp as udpwire
from vnet.wire.errors import WireError
from vnet.wire.ipv4 import Ipv4Packet

if TYPE_CHECKING:
    from vnet.core.netns import Namespace
    from vnet.link.device import Device
    from vnet.net.stack import Ipv4Stack
    from vnet.wire.icmp import IcmpPacket

PROTO = 17


class UdpSocket:
    def __init__(self, stack: Ipv4Stack, port: int,
                 on_datagram: Callable[[Ipv4Packet, udpwire.UdpDatagram, Device], None],
                 on_error: Callable[[IcmpPacket, Ipv4Packet], None] | None = None,
                 addr: int = 0) -> None:
        if port in stack.udp_ports:
            raise OSError("EADDRINUSE")
        self.stack = stack
        self.port = port
        self.addr = addr
        self.on_datagram = on_datagram
        self.on_error = on_error
        self.bound_dev: Device | None = None
        stack.udp_ports[port] = self

    def sendto(self, dst: int, dport: int, payload: bytes, *, src: int = 0, ttl: int = 64,
               tos: int = 0, df: bool = False) -> str | None:
        from vnet.net import route as rt

        try:
            res = rt.output(self.stack, dst, src or self.addr, self.bound_dev, tos)
        except rt.RouteError as error:
            self.stack.ns.drop(error.reason)
            return error.errno_name
        data = udpwire.UdpDatagram(self.port, dport, payload).emit(res.src, dst)
        return ipv4_output.local_out(self.stack, dst, PROTO, data, src=res.src, ttl=ttl, tos=tos,
                                     df=df, res=res)

    def close(self) -> None:
        if self.stack.udp_ports.get(self.port) is self:
            del self.stack.udp_ports[self.port]


def rcv(stack: Ipv4Stack, dev: Device, ip: Ipv4Packet, bcast: bool) -> None:
    try:
        dgram = udpwire.parse(ip.payload, ip.src, ip.dst)
    except WireError:
        stack.count("UdpInErrors")
        stack.ns.drop("UDP_CSUM")
        return
    sock = stack.udp_ports.get(dgram.dport)
    if sock is None or (sock.addr and sock.addr != ip.dst and not bcast):
        stack.count("UdpNoPorts")
        if not bcast:
            icmp.send_error(stack, ip.emit(), icmp.DEST_UNREACH, icmp.PORT_UNREACH, dev)
        stack.ns.drop("NO_SOCKET")
        return
    stack.count("UdpInDatagrams")
    tracer = stack.world.tracer
    if tracer is not None:
        tracer.sock_deliver(stack, dev, ip, "UDP", dgram.dport)
    sock.on_datagram(ip, dgram, dev)


def err(stack: Ipv4Stack, msg: IcmpPacket, inner: Ipv4Packet) -> None:
    if len(inner.payload) < 4:
        return
    sport = int.from_bytes(inner.payload[0:2], "big")
    sock = stack.udp_ports.get(sport)
    if sock is not None and sock.on_error is not None:
        sock.on_error(msg, inner)


def pernet_init(ns: Namespace) -> None:
    stack = ns.ipv4
    stack.protocols[PROTO] = rcv
    stack.err_handlers[PROTO] = err
