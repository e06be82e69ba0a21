"""TUN/TAP: a device whose other side is a file descriptor held by a program.

drivers/net/tun.c. A TAP carries Ethernet frames, a TUN bare IP packets. The kernel
side behaves like any device; the "character device" side is `attach(reader)`: while a
program (a simulated VM, as qemu holds /dev/net/tun in the seed documents) has it open,
the device has carrier, frames the stack transmits go to `reader(frame)`, and the
program injects frames with `write()`, which the stack receives. With nobody attached
a persistent tap shows NO-CARRIER and drops what is sent to it (tx_dropped).
"""

from __future__ import annotations

from collections.abc import Callable

from vnet.link.device import Device
from vnet.wire.mac import ZERO


class TunTap(Device):
    kind: str | None = "tun"
    no_queue = False

    def __init__(self, name: str, mac: bytes, mode: str = "tap", owner: int = -1,
                 group: int = -1, multi_queue: bool = False, pi: bool = False,
                 vnet_hdr: bool = False) -> None:
        super().__init__(name, mac if mode == "tap" else ZERO)
        self.mode = mode
        self.owner = owner
        self.group = group
        self.multi_queue = multi_queue
        self.pi = pi
        self.vnet_hdr = vnet_hdr
        self.persist = True
        self.reader: Callable[[bytes], None] | None = None
        self.carrier = False
        self.carrier_changed = True         # netif_carrier_off when created
        self.carrier_changes = 1
        if mode == "tun":
            self.link_type = "none"
            self.header_len = 0
            self.txqlen = 500               # tun_net_init: TUN_READQ_SIZE
        else:
            self.max_mtu = 65535 - 14       # MAX_MTU - ETH_HLEN

    def flag_names(self) -> list[str]:
        if self.mode == "tap":
            return super().flag_names()
        flags = ["POINTOPOINT", "MULTICAST", "NOARP"]
        if self.admin_up:
            flags.append("UP")
            if self.running:
                flags.append("LOWER_UP")
        return flags

    # -- the file-descriptor side ------------------------------------------------------
    def attach(self, reader: Callable[[bytes], None]) -> None:
        """A program opened the device (TUNSETIFF): carrier comes up."""
        self.reader = reader
        self.set_carrier(True)

    def detach(self) -> None:
        self.reader = None
        self.set_carrier(False)

    def write(self, frame: bytes) -> None:
        """The program wrote a frame to its fd: the stack receives it (tun_get_user)."""
        if not self.admin_up:
            self.stats.rx_dropped += 1
            return
        if self.mode == "tap":
            self.receive(frame)
        else:
            self.receive_tun(frame)

    def receive_tun(self, packet: bytes) -> None:
        """A TUN has no link header: demux on the IP version nibble."""
        if self.rx_tap is not None:
            self.rx_tap(self, packet)
        stats = self.stats
        tracer = self.netns.world.tracer
        if tracer is not None:
            tracer.rx(self, packet)
        stats.rx_packets += 1
        stats.rx_bytes += len(packet)
        if not packet or packet[0] >> 4 != 4:
            stats.rx_dropped += 1
            self.netns.drop("UNHANDLED_PROTO", None, packet, self, True)
            return
        handler = self.netns.ptype.get(0x0800)
        if handler is not None:
            handler(self, packet)

    # -- the stack side ---------------------------------------------------------------
    def xmit(self, frame: bytes) -> None:
        self.xmit_nit(frame)
        reader = self.reader
        if reader is None:
            self.stats.tx_dropped += 1
            # tun_net_xmit: no program has the device open
            self.netns.drop("DEV_READY", "tun_net_xmit", frame, self, True)
            return
        self.stats.tx_packets += 1
        self.stats.tx_bytes += len(frame)
        self.netns.world.sched.call_soon(reader, frame)
