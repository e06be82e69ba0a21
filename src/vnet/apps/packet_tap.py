"""AF_PACKET-style receive taps (net/packet/af_packet.c, as ETH_P_IP packet sockets).

A DHCP client has no address when it starts, so like ISC dhclient (LPF) and udhcpc it
reads its replies from a packet socket bound to the interface rather than through the
IPv4 stack. A tap sees a copy of every IPv4 frame received on its device *before* the
stack (the kernel's ptype_all / ptype_base ordering for packet sockets), and the stack
still gets the frame. Installed by wrapping the namespace's ETH_P_IP handler once.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from vnet.wire.ethernet import ETH_P_IP

if TYPE_CHECKING:
    from vnet.core.netns import Namespace
    from vnet.link.device import Device

Handler = Callable[["Device", bytes], None]


class _Demux:
    def __init__(self, inner: Handler) -> None:
        self.inner = inner
        self.taps: list[PacketTap] = []

    def __call__(self, dev: Device, frame: bytes) -> None:
        for tap in list(self.taps):
            if tap.dev is dev:
                tap.on_frame(frame)
        self.inner(dev, frame)


class PacketTap:
    def __init__(self, ns: Namespace, dev: Device, on_frame: Callable[[bytes], None]) -> None:
        self.ns = ns
        self.dev = dev
        self.on_frame = on_frame
        demux = ns.ptype.get(ETH_P_IP)
        if not isinstance(demux, _Demux):
            demux = _Demux(demux if demux is not None else (lambda _d, _f: None))
            ns.ptype[ETH_P_IP] = demux
        self._demux = demux
        demux.taps.append(self)

    def close(self) -> None:
        if self in self._demux.taps:
            self._demux.taps.remove(self)
