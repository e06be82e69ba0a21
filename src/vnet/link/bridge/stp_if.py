"""Turning STP and bridge ports on and off, and their settings (net/bridge/br_stp_if.c).

A port is enabled when its device is running with carrier while the bridge is up
(br_stp_enable_port: it starts blocking and designated, then the port states are
selected again) and disabled when either goes away (br_stp_disable_port, which also
forgets what was learned on it and may make this bridge the root). With STP off every
enabled port forwards at once; with kernel STP (stp_state 1, `brctl stp BR on`) the
protocol in vnet.link.bridge.stp decides, and its hello timer runs while the bridge is
up. Changing the bridge id (its address or priority), a port's priority or path cost
re-runs the root and designated port selection as the kernel's setters do. A bridge's
own forward delay, hello time and max age are in use only while it is the root.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from vnet.link.bridge import stp, stp_timer
from vnet.link.bridge.port import BR_STATE_BLOCKING, BR_STATE_DISABLED, make_port_id
from vnet.link.bridge.stp import BR_KERNEL_STP, BR_NO_STP

if TYPE_CHECKING:
    from vnet.link.bridge.bridge import Bridge
    from vnet.link.bridge.port import BridgePort


def port_usable(port: BridgePort) -> bool:
    """netif_running(dev) && netif_oper_up(dev)."""
    dev = port.dev
    return dev.admin_up and dev.operstate in ("UP", "UNKNOWN")


def enable_port(port: BridgePort) -> None:
    """br_stp_enable_port: br_init_port (blocking, designated) then state selection."""
    port.become_designated()
    stp.set_state(port, BR_STATE_BLOCKING)
    port.topology_change_ack = False
    port.config_pending = False
    stp.port_state_selection(port.br)


def disable_port(port: BridgePort) -> None:
    """br_stp_disable_port: disabled, timers stopped, dynamic entries forgotten; the
    tree is computed again without it."""
    from vnet.link.bridge import fdb

    br = port.br
    was_root = br.is_root_bridge
    port.become_designated()
    stp.set_state(port, BR_STATE_DISABLED)
    port.topology_change_ack = False
    port.config_pending = False
    stp_timer.stop_port_timers(port)
    fdb.delete_by_port(br, port, do_all=False)
    stp.configuration_update(br)
    stp.port_state_selection(br)
    if br.is_root_bridge and not was_root:
        stp.become_root_bridge(br)


def change_bridge_id(br: Bridge, addr: bytes) -> None:
    """br_stp_change_bridge_id (after br_fdb_change_mac_address): ids naming the old
    address follow it, and the tree is computed again."""
    was_root = br.is_root_bridge
    old = br.bridge_id_mac
    br.mac = addr
    br.bridge_id_mac = addr
    for port in br.port_list:
        if port.designated_bridge[1] == old:
            port.designated_bridge = (port.designated_bridge[0], addr)
        if port.designated_root[1] == old:
            port.designated_root = (port.designated_root[0], addr)
    stp.configuration_update(br)
    stp.port_state_selection(br)
    if br.is_root_bridge and not was_root:
        stp.become_root_bridge(br)


def set_bridge_priority(br: Bridge, prio: int) -> None:
    """br_stp_set_bridge_priority."""
    was_root = br.is_root_bridge
    for port in br.port_list:
        if port.state != BR_STATE_DISABLED and port.is_designated:
            port.designated_bridge = (prio, port.designated_bridge[1])
    br.priority = prio
    stp.configuration_update(br)
    stp.port_state_selection(br)
    if br.is_root_bridge and not was_root:
        stp.become_root_bridge(br)


def set_port_priority(port: BridgePort, prio: int) -> None:
    """br_stp_set_port_priority (the range was checked by the caller)."""
    new_id = make_port_id(prio, port.port_no)
    if port.is_designated:
        port.designated_port = new_id
    port.priority = prio
    br = port.br
    if port.designated_bridge == br.bid and port.port_id < port.designated_port:
        port.become_designated()
        stp.port_state_selection(br)


def set_path_cost(port: BridgePort, cost: int) -> None:
    """br_stp_set_path_cost."""
    port.path_cost = cost
    stp.configuration_update(port.br)
    stp.port_state_selection(port.br)


def set_forward_delay(br: Bridge, ns: int) -> None:
    """__br_set_forward_delay."""
    br.bridge_forward_delay_ns = ns
    if br.is_root_bridge:
        br.forward_delay_ns = ns


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
    if br.stp_enabled == BR_KERNEL_STP:
        stp_timer.arm_hello(br, br.now + br.hello_time_ns)
    stp.config_bpdu_generation(br)
    for port in list(br.port_list):
        if port_usable(port):
            enable_port(port)


def disable_bridge(br: Bridge) -> None:
    """br_stp_disable_bridge: the bridge went down."""
    for port in list(br.port_list):
        if port.state != BR_STATE_DISABLED:
            disable_port(port)
    stp.set_topology_change(br, False)
    br.topology_change_detected = False
    stp_timer.stop_bridge_timers(br)


def set_user_state(port: BridgePort, state: int) -> str | None:
    """br_set_port_state (`bridge link set dev D state S`); an errno name on refusal."""
    if state > BR_STATE_BLOCKING:
        return "EINVAL"
    if port.br.stp_enabled == BR_KERNEL_STP:
        return "EBUSY"
    if not port.dev.admin_up or (not port_usable(port) and state != BR_STATE_DISABLED):
        return "ENETDOWN"
    stp.set_state(port, state)
    stp.port_state_selection(port.br)
    return None


def set_stp(br: Bridge, on: bool) -> None:
    """br_stp_set_enabled: br_stp_start (kernel STP: no /sbin/bridge-stp helper runs in a
    sandbox) or br_stp_stop. Stopping leaves a topology change, its shortened ageing
    time and the hello timer's last run in place, as the kernel does."""
    if on == (br.stp_enabled == BR_KERNEL_STP):
        return
    if on:      # br_stp_start: the forward delay must be within 802.1D's 2..30 s range
        lo, hi = 200 * 10_000_000, 3000 * 10_000_000
        if not lo <= br.bridge_forward_delay_ns <= hi:
            set_forward_delay(br, min(max(br.bridge_forward_delay_ns, lo), hi))
        br.stp_enabled = BR_KERNEL_STP
        if br.admin_up:
            stp_timer.arm_hello(br, br.now + br.hello_time_ns)
    else:
        br.stp_enabled = BR_NO_STP
    stp.port_state_selection(br)


__all__ = ["BR_KERNEL_STP", "BR_NO_STP"]
