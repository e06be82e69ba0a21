"""A bridge port (net_bridge_port in net/bridge/br_private.h) and its states.

Port states are IEEE 802.1D-2004 17.5's (Linux keeps the 802.1D-1998 names). With STP
off a port goes straight to forwarding when its device is running with carrier and the
bridge is up (br_stp_enable_port -> br_port_state_selection -> br_make_forwarding) and is
disabled otherwise; with STP on, a root or designated port walks listening -> learning ->
forwarding, one forward delay each, and any other port blocks (vnet.link.bridge.stp). The port identifier is the kernel's
br_make_port_id(): priority << 10 | port number (BR_PORT_BITS = 10).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from vnet.core.sched import Timer
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

BR_PORT_BITS = 10
BR_MAX_PORT_PRIORITY = 0xFFFF >> BR_PORT_BITS     # 63
DEFAULT_PORT_PRIORITY = 0x20


def make_port_id(priority: int, port_no: int) -> int:
    """br_make_port_id."""
    return (priority << BR_PORT_BITS) | (port_no & ((1 << BR_PORT_BITS) - 1))


def format_id(bid: tuple[int, bytes]) -> str:
    """A bridge id as sysfs and brctl print it: 8000.020000000010."""
    return f"{bid[0]:04x}.{bid[1].hex()}"


def port_cost(dev: Device) -> int:
    """br_if.c port_cost(): path cost from the link speed (802.1D-1998 table 8-5)."""
    speed = getattr(dev, "link_speed", None)
    if speed is None:
        speed = 10000 if dev.kind in ("veth", "tun") else None
    if speed is not None:
        for limit, cost in ((10000, 2), (5000, 3), (2500, 4), (1000, 4), (100, 19),
                            (10, 100)):
            if speed == limit:
                return cost
        if speed > 10000:
            return 1
    return 100


class BridgePort:
    __slots__ = ("br", "dev", "port_no", "state", "priority", "path_cost", "admin_cost",
                 "learning", "flood", "mcast_flood", "bcast_flood", "hairpin", "isolated",
                 "config_pending", "topology_change_ack", "forward_delay_timer",
                 "message_age_timer", "hold_timer", "designated_root", "designated_bridge",
                 "designated_port", "designated_cost", "designated_age")

    def __init__(self, br: Bridge, dev: Device, port_no: int) -> None:
        self.br = br
        self.dev = dev
        self.port_no = port_no
        self.state = BR_STATE_DISABLED
        self.priority = DEFAULT_PORT_PRIORITY
        self.path_cost = port_cost(dev)
        self.admin_cost = False        # BR_ADMIN_COST: set by the user, never recomputed
        self.learning = True
        self.flood = True
        self.mcast_flood = True
        self.bcast_flood = True
        self.hairpin = False
        self.isolated = False
        self.config_pending = False
        self.topology_change_ack = False
        self.forward_delay_timer: Timer | None = None
        self.message_age_timer: Timer | None = None
        self.hold_timer: Timer | None = None
        #  802.1D-1998 8.5.5: what this port last recorded from the designated bridge of
        #  its segment (br_record_config_information), or itself when it is that bridge
        #  (br_become_designated_port); ids as (priority, MAC). designated_age is when
        #  the root sent the information (now - message age), in ns.
        self.designated_root = br.designated_root
        self.designated_bridge = br.bid
        self.designated_port = self.port_id
        self.designated_cost = br.root_path_cost
        self.designated_age = 0

    @property
    def port_id(self) -> int:
        return make_port_id(self.priority, self.port_no)

    def become_designated(self) -> None:
        """br_become_designated_port: this port speaks for its segment."""
        br = self.br
        self.designated_root = br.designated_root
        self.designated_cost = br.root_path_cost
        self.designated_bridge = br.bid
        self.designated_port = self.port_id
        self.designated_age = br.now

    @property
    def is_designated(self) -> bool:
        """br_is_designated_port."""
        return self.designated_bridge == self.br.bid and self.designated_port == self.port_id

    @property
    def state_name(self) -> str:
        return STATE_NAMES[self.state]



def timer_remaining(timer: Timer | None, now: int) -> int:
    """br_timer_value: nanoseconds left on a timer, 0 when it is not pending."""
    if timer is None or timer.cancelled:
        return 0
    return max(0, timer.when - now)
