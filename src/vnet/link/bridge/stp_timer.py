"""The Spanning Tree timers of a bridge and its ports (net/bridge/br_stp_timer.c).

IEEE 802.1D-1998 8.5.3/8.5.6 timers on the World's clock. Bridge: hello (the root sends
configuration BPDUs every hello time), TCN (a bridge repeats its topology change
notification until the root acknowledges it) and topology change (how long the root
flags a change). Port: message age (recorded information expires), forward delay
(listening -> learning -> forwarding) and hold (at most one configuration BPDU a second).
The hello and hold timers are rounded to a whole second as round_jiffies() does.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from vnet.link.bridge import stp
from vnet.link.bridge.port import (
    BR_STATE_DISABLED,
    BR_STATE_FORWARDING,
    BR_STATE_LEARNING,
    BR_STATE_LISTENING,
)

if TYPE_CHECKING:
    from vnet.core.sched import Timer
    from vnet.link.bridge.bridge import Bridge
    from vnet.link.bridge.port import BridgePort

NS_PER_SEC = 1_000_000_000
HOLD_TIME_NS = NS_PER_SEC              # BR_HOLD_TIME


def pending(timer: Timer | None) -> bool:
    """timer_pending."""
    return timer is not None and not timer.cancelled


def cancel(timer: Timer | None) -> None:
    """del_timer (callers forget the handle)."""
    if timer is not None:
        timer.cancel()


def round_jiffies(when: int, now: int) -> int:
    """round_jiffies: to the nearest whole second (down only within the first quarter),
    unless that would be in the past."""
    rem = when % NS_PER_SEC
    rounded = when - rem if rem < NS_PER_SEC // 4 else when - rem + NS_PER_SEC
    return rounded if rounded > now else when


# -- arming ---------------------------------------------------------------------------------

def arm_hello(br: Bridge, when: int) -> None:
    cancel(br.hello_timer)
    br.hello_timer = br.sched.call_at(when, hello_expired, br)


def arm_tcn(br: Bridge) -> None:
    cancel(br.tcn_timer)
    br.tcn_timer = br.sched.call_later(br.bridge_hello_time_ns, tcn_expired, br)


def arm_topology_change(br: Bridge) -> None:
    cancel(br.topology_change_timer)
    br.topology_change_timer = br.sched.call_later(
        br.bridge_forward_delay_ns + br.bridge_max_age_ns, topology_change_expired, br)


def arm_forward_delay(port: BridgePort) -> None:
    cancel(port.forward_delay_timer)
    port.forward_delay_timer = port.br.sched.call_later(port.br.forward_delay_ns,
                                                        forward_delay_expired, port)


def cancel_forward_delay(port: BridgePort) -> None:
    cancel(port.forward_delay_timer)
    port.forward_delay_timer = None


def arm_message_age(port: BridgePort, when: int) -> None:
    cancel(port.message_age_timer)
    port.message_age_timer = port.br.sched.call_at(when, message_age_expired, port)


def arm_hold(port: BridgePort) -> None:
    cancel(port.hold_timer)
    now = port.br.now
    port.hold_timer = port.br.sched.call_at(round_jiffies(now + HOLD_TIME_NS, now),
                                            hold_expired, port)


def stop_port_timers(port: BridgePort) -> None:
    for timer in (port.message_age_timer, port.forward_delay_timer, port.hold_timer):
        cancel(timer)
    port.message_age_timer = port.forward_delay_timer = port.hold_timer = None


def stop_bridge_timers(br: Bridge) -> None:
    for timer in (br.hello_timer, br.topology_change_timer, br.tcn_timer):
        cancel(timer)
    br.hello_timer = br.topology_change_timer = br.tcn_timer = None


# -- expiry ---------------------------------------------------------------------------------

def hello_expired(br: Bridge) -> None:
    """br_hello_timer_expired."""
    br.hello_timer = None
    if br.admin_up:
        stp.config_bpdu_generation(br)
        if br.stp_enabled == stp.BR_KERNEL_STP:
            now = br.now
            arm_hello(br, round_jiffies(now + br.hello_time_ns, now))


def message_age_expired(port: BridgePort) -> None:
    """br_message_age_timer_expired: the segment's designated bridge went quiet, so this
    port takes over and the tree is computed again."""
    port.message_age_timer = None
    if port.state == BR_STATE_DISABLED:
        return
    br = port.br
    was_root = br.is_root_bridge
    port.become_designated()
    stp.configuration_update(br)
    stp.port_state_selection(br)
    if br.is_root_bridge and not was_root:
        stp.become_root_bridge(br)


def forward_delay_expired(port: BridgePort) -> None:
    """br_forward_delay_timer_expired."""
    port.forward_delay_timer = None
    br = port.br
    if port.state == BR_STATE_LISTENING:
        stp.set_state(port, BR_STATE_LEARNING)
        arm_forward_delay(port)
    elif port.state == BR_STATE_LEARNING:
        stp.set_state(port, BR_STATE_FORWARDING)
        if stp.is_designated_for_some_port(br):
            stp.topology_change_detection(br)
        br.set_carrier(True)


def tcn_expired(br: Bridge) -> None:
    """br_tcn_timer_expired: no acknowledgment yet, notify the root again."""
    br.tcn_timer = None
    if not br.is_root_bridge and br.admin_up:
        stp.transmit_tcn(br)
        arm_tcn(br)


def topology_change_expired(br: Bridge) -> None:
    """br_topology_change_timer_expired."""
    br.topology_change_timer = None
    br.topology_change_detected = False
    stp.set_topology_change(br, False)


def hold_expired(port: BridgePort) -> None:
    """br_hold_timer_expired: send what the hold time held back."""
    port.hold_timer = None
    if port.config_pending:
        stp.transmit_config(port)
