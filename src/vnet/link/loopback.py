"""The loopback device `lo` (drivers/net/loopback.c).

Every namespace has one, created DOWN with index 1. Its xmit hands the frame straight
back to its own receive path (on the next scheduler turn, as netif_rx defers it).
"""

from __future__ import annotations

from vnet.link.device import Device
from vnet.wire.mac import ZERO


class Loopback(Device):
    kind: str | None = None
    link_type = "loopback"
    default_mtu = 65536

    def __init__(self) -> None:
        super().__init__("lo", ZERO)
        self.broadcast = ZERO
        self.addr_assign_type = 0

    def flag_names(self) -> list[str]:
        flags = ["LOOPBACK"]
        if self.admin_up:
            flags += ["UP", "LOWER_UP"]
        return flags

    @property
    def operstate(self) -> str:
        return "UNKNOWN" if self.admin_up else "DOWN"

    def xmit(self, frame: bytes) -> None:
        self.xmit_nit(frame)            # lo's frames are seen once, on the way out
        self.stats.tx_packets += 1
        self.stats.tx_bytes += len(frame)
        self.netns.world.sched.call_soon(self.receive, frame)

    def on_netns_destroy(self) -> None:
        self.set_down()
