"""A bridge port (net_bridge_port in net/bridge/br_private.h) and its states.

Port states are IEEE 802.1D 7.4's. With STP off, a port goes straight to forwarding when
its device is up with carrier and the bridge is up (br_stp_enable_port →
br_port_state_selection → br_make_forwarding), and is disabled otherwise.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from vnet.link.bridge.bridge import Bridge
    from vnet.link.device import Device

BR_STATE_DISABLED = 0
BR_STATE_LISTENING = 1
BR_STATE_LEARNING = 2
BR_STATE_FORWARDING = 3
BR_STATE_BLOCKING = 4

STATE_NAMES = {
    BR_STATE_DISABLED: "disabled",
    BR_STATE_LISTENING: "listening",
    BR_STATE_LEARNING: "learning",
    BR_STATE_FORWARDING: "forwarding",
    BR_STATE_BLOCKING: "blocking",
}


class BridgePort:
    __slots__ = ("br", "dev", "port_no", "state", "priority", "path_cost", "learning",
                 "flood", "mcast_flood", "bcast_flood", "hairpin", "isolated")

    def __init__(self, br: Bridge, dev: Device, port_no: int) -> None:
        self.br = br
        self.dev = dev
        self.port_no = port_no
        self.state = BR_STATE_DISABLED
        self.priority = 32
        self.path_cost = 2          # br_port_cost: 10 Gb/s and virtual devices get 2
        self.learning = True
        self.flood = True
        self.mcast_flood = True
        self.bcast_flood = True
        self.hairpin = False
        self.isolated = False

    @property
    def port_id(self) -> int:
        return (self.priority << 8) | self.port_no

    @property
    def state_name(self) -> str:
        return STATE_NAMES[self.state]
