"""Raw IP sockets (net/ipv4/raw.c): what `ping` and `traceroute -I` read ICMP through.

A raw socket for protocol P receives a copy of every datagram of protocol P delivered
locally in its namespace (raw_local_deliver), before the protocol's own handler runs,
optionally restricted to one device (SO_BINDTODEVICE). Sending goes through the normal
IPv4 output path with the socket's TTL, TOS and DF choices.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from vnet.net import ipv4_output
from vnet.wire.ipv4 import Ipv4Packet

if TYPE_CHECKING:
    from vnet.link.device import Device
    from vnet.net.stack import Ipv4Stack


class RawSocket:
    def __init__(self, stack: Ipv4Stack, protocol: int,
                 on_packet: Callable[[Ipv4Packet, Device], None]) -> None:
        self.stack = stack
        self.protocol = protocol
        self.on_packet = on_packet
        self.bound_dev: Device | None = None
        self.closed = False
        stack.raw_sockets.append(self)

    def deliver(self, ip: Ipv4Packet, dev: Device) -> None:
        if self.bound_dev is not None and dev is not self.bound_dev and \
                dev.link_type != "loopback":
            return
        self.on_packet(ip, dev)

    def sendto(self, dst: int, payload: bytes, *, src: int = 0, ttl: int = 64, tos: int = 0,
               df: bool = True) -> str | None:
        """Returns None when sent, or the errno name sendmsg() would fail with."""
        return ipv4_output.local_out(self.stack, dst, self.protocol, payload, src=src, ttl=ttl,
                                     tos=tos, df=df, oif=self.bound_dev)

    def close(self) -> None:
        if not self.closed:
            self.closed = True
            self.stack.raw_sockets.remove(self)
