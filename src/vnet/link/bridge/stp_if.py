"""Bridge port state control (net/bridge/br_stp_if.c, br_stp.c, br_stp_timer.c).

Which ports forward, and when: a port is enabled when its device is running with
carrier while the bridge is up (br_stp_enable_port) and disabled when either goes away
(br_stp_disable_port, which also forgets what was learned on it). An enabled port starts
blocking; br_port_state_selection then makes every designated port forward
(br_make_forwarding): at once with STP off, and with STP on through listening and
learning, one forward delay each (IEEE 802.1D-1998 8.4, br_forward_delay_timer_expired).
The bridge has carrier while at least one port forwards.

The Spanning Tree protocol itself is not implemented yet: vnet sends and reads no BPDUs,
so with STP on each bridge acts as the root bridge of its own tree with every port
designated (what a lone Linux bridge concludes too), and the hello, TCN and hold
timers never run. Loops are therefore not broken: frames in a bridge loop circulate at
one virtual instant for ever, and a script that builds one never gets past that
instant (Linux would storm the same loop, but keep running). The root's topology change handling is kept
(802.1D-1998 8.5.5.5, br_topology_change_detection): when a port reaches forwarding the
bridge flags a topology change for forward delay + max age and ages its FDB at twice
the forward delay meanwhile.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from vnet.link.bridge.port import (
    BR_STATE_BLOCKING,
    BR_STATE_DISABLED,
    BR_STATE_FORWARDING,
    BR_STATE_LEARNING,
    BR_STATE_LISTENING,
)

if TYPE_CHECKING:
    from vnet.link.bridge.bridge import Bridge
    from vnet.link.bridge.port import BridgePort

BR_NO_STP = 0
BR_KERNEL_STP = 1


def port_usable(port: BridgePort) -> bool:
    """netif_running(dev) && netif_oper_up(dev)."""
    dev = port.dev
    return dev.admin_up and dev.operstate in ("UP", "UNKNOWN")


def _cancel_forward_delay(port: BridgePort) -> None:
    if port.forward_delay_timer is not None:
        port.forward_delay_timer.cancel()
        port.forward_delay_timer = None


def set_state(port: BridgePort, state: int) -> None:
    """br_set_state."""
    port.state = state
    port.br.port_state_changed(port)


def enable_port(port: BridgePort) -> None:
    """br_stp_enable_port: br_init_port (blocking, designated) then state selection."""
    port.become_designated()
    set_state(port, BR_STATE_BLOCKING)
    port.topology_change_ack = False
    port.config_pending = False
    port_state_selection(port.br)


def disable_port(port: BridgePort) -> None:
    """br_stp_disable_port: disabled, timers stopped, dynamic entries forgotten."""
    from vnet.link.bridge import fdb

    br = port.br
    port.become_designated()
    set_state(port, BR_STATE_DISABLED)
    port.topology_change_ack = False
    port.config_pending = False
    _cancel_forward_delay(port)
    fdb.delete_by_port(br, port, do_all=False)
    configuration_update(br)
    port_state_selection(br)


def make_forwarding(port: BridgePort) -> None:
    """br_make_forwarding: only a blocking port moves on."""
    br = port.br
    if port.state != BR_STATE_BLOCKING:
        return
    if br.stp_enabled == BR_NO_STP:
        set_state(port, BR_STATE_FORWARDING)
        _cancel_forward_delay(port)
    else:
        set_state(port, BR_STATE_LISTENING)
    if br.forward_delay_ns:
        _arm_forward_delay(port)


def _arm_forward_delay(port: BridgePort) -> None:
    _cancel_forward_delay(port)
    sched = port.br.netns.world.sched
    port.forward_delay_timer = sched.call_later(port.br.forward_delay_ns,
                                                forward_delay_expired, port)


def forward_delay_expired(port: BridgePort) -> None:
    """br_forward_delay_timer_expired."""
    port.forward_delay_timer = None
    br = port.br
    if port not in br.port_list:
        return
    if port.state == BR_STATE_LISTENING:
        set_state(port, BR_STATE_LEARNING)
        _arm_forward_delay(port)
    elif port.state == BR_STATE_LEARNING:
        set_state(port, BR_STATE_FORWARDING)
        topology_change_detection(br)   # the root is designated for every port
        br.set_carrier(True)


def configuration_update(br: Bridge) -> None:
    """br_configuration_update: with no root port the bridge is the root, and every
    enabled port that should be designated becomes so (br_designated_port_selection)."""
    root = (br.priority, br.bridge_id_mac)
    for port in br.port_list:
        if port.state == BR_STATE_DISABLED:
            continue
        if port.is_designated or port.designated_root != root or port.designated_cost > 0 \
                or port.designated_bridge > root or (port.designated_bridge == root
                                                     and port.designated_port >= port.port_id):
            port.become_designated()


def change_bridge_id(br: Bridge, old: bytes, new: bytes) -> None:
    """br_stp_change_bridge_id's port part: ids naming the old address follow it."""
    for port in br.port_list:
        if port.designated_bridge[1] == old:
            port.designated_bridge = (port.designated_bridge[0], new)
        if port.designated_root[1] == old:
            port.designated_root = (port.designated_root[0], new)


def set_bridge_priority(br: Bridge, prio: int) -> None:
    """br_stp_set_bridge_priority."""
    for port in br.port_list:
        if port.state != BR_STATE_DISABLED and port.is_designated:
            port.designated_bridge = (prio, port.designated_bridge[1])
    br.priority = prio
    configuration_update(br)
    port_state_selection(br)


def set_port_priority(port: BridgePort, prio: int) -> None:
    """br_stp_set_port_priority (the range was checked by the caller)."""
    from vnet.link.bridge.port import BR_PORT_BITS

    new_id = (prio << BR_PORT_BITS) | (port.port_no & ((1 << BR_PORT_BITS) - 1))
    if port.is_designated:
        port.designated_port = new_id
    port.priority = prio
    br = port.br
    if port.designated_bridge == (br.priority, br.bridge_id_mac) and \
            port.port_id < port.designated_port:
        port.become_designated()
        port_state_selection(br)


def port_state_selection(br: Bridge) -> None:
    """br_port_state_selection: every enabled port is designated, so it forwards."""
    live = 0
    for port in br.port_list:
        if port.state == BR_STATE_DISABLED:
            continue
        make_forwarding(port)
        if port.state == BR_STATE_FORWARDING:
            live += 1
    br.set_carrier(live > 0)


def carrier_check(port: BridgePort) -> None:
    """br_port_carrier_check: the port's device changed carrier or state."""
    from vnet.link.bridge.port import port_cost

    br = port.br
    if not port.admin_cost and port_usable(port):
        port.path_cost = port_cost(port.dev)
    if not br.admin_up:
        return
    if port_usable(port):
        if port.state == BR_STATE_DISABLED:
            enable_port(port)
    elif port.state != BR_STATE_DISABLED:
        disable_port(port)


def enable_bridge(br: Bridge) -> None:
    """br_stp_enable_bridge: the bridge came up."""
    for port in list(br.port_list):
        if port_usable(port):
            enable_port(port)


def disable_bridge(br: Bridge) -> None:
    """br_stp_disable_bridge: the bridge went down."""
    for port in list(br.port_list):
        if port.state != BR_STATE_DISABLED:
            disable_port(port)
    set_topology_change(br, False)
    br.topology_change_detected = False
    if br.topology_change_timer is not None:
        br.topology_change_timer.cancel()
        br.topology_change_timer = None


def set_user_state(port: BridgePort, state: int) -> str | None:
    """br_set_port_state (`bridge link set dev D state S`); an errno name on refusal."""
    if state > BR_STATE_BLOCKING:
        return "EINVAL"
    if port.br.stp_enabled == BR_KERNEL_STP:
        return "EBUSY"
    if not port.dev.admin_up or (not port_usable(port) and state != BR_STATE_DISABLED):
        return "ENETDOWN"
    set_state(port, state)
    port_state_selection(port.br)
    return None


def set_stp(br: Bridge, on: bool) -> None:
    """br_stp_set_enabled: br_stp_start / br_stp_stop."""
    if on == (br.stp_enabled == BR_KERNEL_STP):
        return
    if on:      # br_stp_start: the forward delay must be within 802.1D's 2..30 s range
        lo, hi = 200 * 10_000_000, 3000 * 10_000_000
        br.forward_delay_ns = min(max(br.forward_delay_ns, lo), hi)
    #  br_stp_stop leaves a topology change (and its shortened ageing time) in place
    br.stp_enabled = BR_KERNEL_STP if on else BR_NO_STP
    port_state_selection(br)


# -- topology change (br_stp.c) -----------------------------------------------------------

def topology_change_detection(br: Bridge) -> None:
    """br_topology_change_detection, for the root bridge."""
    if br.stp_enabled != BR_KERNEL_STP:
        return
    set_topology_change(br, True)
    if br.topology_change_timer is not None:
        br.topology_change_timer.cancel()
    sched = br.netns.world.sched
    br.topology_change_timer = sched.call_later(
        br.forward_delay_ns + br.max_age_ns, topology_change_expired, br)
    br.topology_change_detected = True


def topology_change_expired(br: Bridge) -> None:
    """br_topology_change_timer_expired."""
    br.topology_change_timer = None
    br.topology_change_detected = False
    set_topology_change(br, False)


def set_topology_change(br: Bridge, on: bool) -> None:
    """__br_set_topology_change: age at twice the forward delay during a change."""
    if br.stp_enabled == BR_KERNEL_STP and br.topology_change != on:
        br.fdb.ageing_ns = 2 * br.forward_delay_ns if on else br.bridge_ageing_ns
    br.topology_change = on
