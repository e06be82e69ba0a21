"""The Spanning Tree Protocol of a Linux bridge (net/bridge/br_stp.c).

IEEE 802.1D-1998 clause 8 as the kernel's "kernel STP" (stp_state 1) runs it: every bridge
starts out believing it is the root; configuration BPDUs (vnet.link.bridge.stp_bpdu)
carry each designated port's view of the root, its cost and its own id; a port that
hears better information than its own records it (8.6.2, br_record_config_information)
and the bridge recomputes its root port (8.6.8, br_root_selection: lowest root id, then
root path cost, designated bridge, designated port, port id) and which ports are
designated for their segment (8.6.10, br_designated_port_selection). Root and designated
ports go listening -> learning -> forwarding, one forward delay each; every other enabled
port blocks (8.6.11, br_port_state_selection), which is what breaks a loop. Topology
changes travel up to the root in TCN BPDUs and back down in the TC flag of configuration
BPDUs, during which bridges age their forwarding tables at twice the forward delay
(8.6.14, 8.6.15, __br_set_topology_change).

Identifiers are (priority, MAC) tuples, which Python compares as the kernel memcmp()s
the 8 bytes. Times are nanoseconds of the World clock; vnet.link.bridge.stp_timer runs
the timers (hello, TCN, topology change; per port message age, forward delay, hold).
What is not modelled: user-space STP (stp_state 2, mstpd), RSTP, BPDU guard/filter,
root_block and the per-port STP statistics. One known difference: when a bridge goes
down and disabling its ports one by one makes it the root, the kernel (IFF_UP still set
during ndo_stop) sends one last round of BPDUs on the ports not yet disabled; vnet's
bridge is already down then and sends none.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from vnet.link.bridge import stp_bpdu, stp_timer
from vnet.link.bridge.port import (
    BR_STATE_BLOCKING,
    BR_STATE_DISABLED,
    BR_STATE_FORWARDING,
    BR_STATE_LEARNING,
    BR_STATE_LISTENING,
)
from vnet.wire import stp as stpwire

if TYPE_CHECKING:
    from vnet.link.bridge.bridge import Bridge
    from vnet.link.bridge.port import BridgePort

BR_NO_STP = 0
BR_KERNEL_STP = 1

#: MESSAGE_AGE_INCR: one jiffy (HZ = 250) added to the age of what a bridge relays
MESSAGE_AGE_INCR_NS = 4_000_000


def set_state(port: BridgePort, state: int) -> None:
    """br_set_state."""
    port.state = state
    port.br.port_state_changed(port)


def get_port(br: Bridge, port_no: int) -> BridgePort | None:
    """br_get_port."""
    for port in br.port_list:
        if port.port_no == port_no:
            return port
    return None


# -- root and designated ports (802.1D-1998 8.6.8 - 8.6.10) ----------------------------------

def _should_become_root_port(port: BridgePort, root_port: int) -> bool:
    """br_should_become_root_port."""
    br = port.br
    if port.state == BR_STATE_DISABLED or port.is_designated:
        return False
    if br.bid <= port.designated_root:
        return False
    if not root_port:
        return True
    rp = get_port(br, root_port)
    assert rp is not None
    mine = (port.designated_root, port.designated_cost + port.path_cost,
            port.designated_bridge, port.designated_port, port.port_id)
    theirs = (rp.designated_root, rp.designated_cost + rp.path_cost,
              rp.designated_bridge, rp.designated_port, rp.port_id)
    return mine < theirs


def root_selection(br: Bridge) -> None:
    """br_root_selection: the port with the best path to the best root, if any."""
    root_port = 0
    for port in br.port_list:
        if _should_become_root_port(port, root_port):
            root_port = port.port_no
    br.root_port = root_port
    rp = get_port(br, root_port) if root_port else None
    if rp is None:
        br.designated_root = br.bid
        br.root_path_cost = 0
    else:
        br.designated_root = rp.designated_root
        br.root_path_cost = rp.designated_cost + rp.path_cost


def _should_become_designated_port(port: BridgePort) -> bool:
    """br_should_become_designated_port."""
    br = port.br
    if port.is_designated or port.designated_root != br.designated_root:
        return True
    if br.root_path_cost != port.designated_cost:
        return br.root_path_cost < port.designated_cost
    if br.bid != port.designated_bridge:
        return br.bid < port.designated_bridge
    return port.port_id < port.designated_port


def designated_port_selection(br: Bridge) -> None:
    """br_designated_port_selection."""
    for port in br.port_list:
        if port.state != BR_STATE_DISABLED and _should_become_designated_port(port):
            port.become_designated()


def configuration_update(br: Bridge) -> None:
    """br_configuration_update (8.6.7)."""
    root_selection(br)
    designated_port_selection(br)


def is_designated_for_some_port(br: Bridge) -> bool:
    """br_is_designated_for_some_port."""
    bid = br.bid
    return any(p.state != BR_STATE_DISABLED and p.designated_bridge == bid
               for p in br.port_list)


# -- port states (8.6.11 - 8.6.13) -------------------------------------------------------------

def make_forwarding(port: BridgePort) -> None:
    """br_make_forwarding: a blocking port starts towards forwarding."""
    br = port.br
    if port.state != BR_STATE_BLOCKING:
        return
    if br.stp_enabled == BR_NO_STP:
        set_state(port, BR_STATE_FORWARDING)
        topology_change_detection(br)
        stp_timer.cancel_forward_delay(port)
    else:
        set_state(port, BR_STATE_LISTENING)
    if br.forward_delay_ns:
        stp_timer.arm_forward_delay(port)


def make_blocking(port: BridgePort) -> None:
    """br_make_blocking: a port that learnt or forwarded stopping is a topology change."""
    if port.state in (BR_STATE_DISABLED, BR_STATE_BLOCKING):
        return
    if port.state in (BR_STATE_FORWARDING, BR_STATE_LEARNING):
        topology_change_detection(port.br)
    set_state(port, BR_STATE_BLOCKING)
    stp_timer.cancel_forward_delay(port)


def port_state_selection(br: Bridge) -> None:
    """br_port_state_selection: root and designated ports forward, the others block; the
    bridge has carrier while a port forwards."""
    live = 0
    for port in br.port_list:
        if port.state == BR_STATE_DISABLED:
            continue
        if port.port_no == br.root_port:
            port.config_pending = False
            port.topology_change_ack = False
            make_forwarding(port)
        elif port.is_designated:
            stp_timer.cancel(port.message_age_timer)
            port.message_age_timer = None
            make_forwarding(port)
        else:
            port.config_pending = False
            port.topology_change_ack = False
            make_blocking(port)
        if port.state == BR_STATE_FORWARDING:
            live += 1
    br.set_carrier(live > 0)


def become_root_bridge(br: Bridge) -> None:
    """br_become_root_bridge: the bridge's own timer values apply again, it reports a
    topology change and starts sending hellos."""
    br.max_age_ns = br.bridge_max_age_ns
    br.hello_time_ns = br.bridge_hello_time_ns
    br.forward_delay_ns = br.bridge_forward_delay_ns
    topology_change_detection(br)
    stp_timer.cancel(br.tcn_timer)
    br.tcn_timer = None
    if br.admin_up:
        config_bpdu_generation(br)
        stp_timer.arm_hello(br, br.now + br.hello_time_ns)


# -- configuration BPDUs (8.6.1 - 8.6.4) -------------------------------------------------------

def transmit_config(port: BridgePort) -> None:
    """br_transmit_config: one configuration BPDU out of a port, at most one per hold time
    (a later one is marked pending and sent when the hold timer expires)."""
    if stp_timer.pending(port.hold_timer):
        port.config_pending = True
        return
    br = port.br
    now = br.now
    if br.is_root_bridge:
        message_age = 0
    else:
        root = get_port(br, br.root_port)
        assert root is not None
        message_age = now - root.designated_age + MESSAGE_AGE_INCR_NS
    if message_age >= br.max_age_ns:
        return
    bpdu = stpwire.Bpdu(
        stpwire.BPDU_TYPE_CONFIG,
        root_id=stpwire.make_bridge_id(*br.designated_root),
        root_path_cost=br.root_path_cost,
        bridge_id=stpwire.make_bridge_id(*br.bid),
        port_id=port.port_id,
        message_age=stp_bpdu.ns_to_ticks(message_age),
        max_age=stp_bpdu.ns_to_ticks(br.max_age_ns),
        hello_time=stp_bpdu.ns_to_ticks(br.hello_time_ns),
        forward_delay=stp_bpdu.ns_to_ticks(br.forward_delay_ns),
        topology_change=br.topology_change,
        topology_change_ack=port.topology_change_ack)
    stp_bpdu.send(port, bpdu)
    port.topology_change_ack = False
    port.config_pending = False
    if br.stp_enabled == BR_KERNEL_STP:
        stp_timer.arm_hold(port)


def config_bpdu_generation(br: Bridge) -> None:
    """br_config_bpdu_generation: every designated port tells its segment."""
    for port in br.port_list:
        if port.state != BR_STATE_DISABLED and port.is_designated:
            transmit_config(port)


def _supersedes_port_info(port: BridgePort, bpdu: stpwire.Bpdu) -> bool:
    """br_supersedes_port_info (8.6.2.2)."""
    root = _bid(bpdu.root_id)
    if root != port.designated_root:
        return root < port.designated_root
    if bpdu.root_path_cost != port.designated_cost:
        return bpdu.root_path_cost < port.designated_cost
    bridge = _bid(bpdu.bridge_id)
    if bridge != port.designated_bridge:
        return bridge < port.designated_bridge
    if bridge != port.br.bid:
        return True
    return bpdu.port_id <= port.designated_port


def _record_config_information(port: BridgePort, bpdu: stpwire.Bpdu) -> None:
    """br_record_config_information: the segment's designated bridge speaks; what it said
    holds until max age minus its age has passed without another word."""
    now = port.br.now
    age = stp_bpdu.ticks_to_ns(bpdu.message_age)
    port.designated_root = _bid(bpdu.root_id)
    port.designated_cost = bpdu.root_path_cost
    port.designated_bridge = _bid(bpdu.bridge_id)
    port.designated_port = bpdu.port_id
    port.designated_age = now - age
    stp_timer.arm_message_age(port, now + stp_bpdu.ticks_to_ns(bpdu.max_age) - age)


def _record_config_timeout_values(br: Bridge, bpdu: stpwire.Bpdu) -> None:
    """br_record_config_timeout_values: a bridge that is not the root uses the root's."""
    br.max_age_ns = stp_bpdu.ticks_to_ns(bpdu.max_age)
    br.hello_time_ns = stp_bpdu.ticks_to_ns(bpdu.hello_time)
    br.forward_delay_ns = stp_bpdu.ticks_to_ns(bpdu.forward_delay)
    set_topology_change(br, bpdu.topology_change)


def received_config_bpdu(port: BridgePort, bpdu: stpwire.Bpdu) -> None:
    """br_received_config_bpdu (8.7.1)."""
    br = port.br
    was_root = br.is_root_bridge
    if _supersedes_port_info(port, bpdu):
        _record_config_information(port, bpdu)
        configuration_update(br)
        port_state_selection(br)
        if not br.is_root_bridge and was_root:
            stp_timer.cancel(br.hello_timer)
            br.hello_timer = None
            if br.topology_change_detected:
                stp_timer.cancel(br.topology_change_timer)
                br.topology_change_timer = None
                transmit_tcn(br)
                stp_timer.arm_tcn(br)
        if port.port_no == br.root_port:
            _record_config_timeout_values(br, bpdu)
            config_bpdu_generation(br)
            if bpdu.topology_change_ack:
                topology_change_acknowledged(br)
    elif port.is_designated:
        transmit_config(port)           # br_reply: tell the other bridge it is wrong


def received_tcn_bpdu(port: BridgePort) -> None:
    """br_received_tcn_bpdu (8.7.2): pass the change towards the root, acknowledge it."""
    if port.is_designated:
        topology_change_detection(port.br)
        port.topology_change_ack = True         # br_topology_change_acknowledge
        transmit_config(port)


def _bid(value: int) -> tuple[int, bytes]:
    return (stpwire.bridge_id_priority(value), stpwire.bridge_id_mac(value))


# -- topology change (8.6.14, 8.6.15) ------------------------------------------------------------

def transmit_tcn(br: Bridge) -> None:
    """br_transmit_tcn: a TCN BPDU out of the root port."""
    port = get_port(br, br.root_port)
    if port is not None:
        stp_bpdu.send(port, stpwire.Bpdu(stpwire.BPDU_TYPE_TCN))


def topology_change_detection(br: Bridge) -> None:
    """br_topology_change_detection: the root flags the change for forward delay + max
    age; another bridge tells the root, once per hello time until acknowledged."""
    if br.stp_enabled != BR_KERNEL_STP:
        return
    if br.is_root_bridge:
        set_topology_change(br, True)
        stp_timer.arm_topology_change(br)
    elif not br.topology_change_detected:
        transmit_tcn(br)
        stp_timer.arm_tcn(br)
    br.topology_change_detected = True


def topology_change_acknowledged(br: Bridge) -> None:
    """br_topology_change_acknowledged."""
    br.topology_change_detected = False
    stp_timer.cancel(br.tcn_timer)
    br.tcn_timer = None


def set_topology_change(br: Bridge, on: bool) -> None:
    """__br_set_topology_change: age at twice the forward delay during a change."""
    if br.stp_enabled == BR_KERNEL_STP and br.topology_change != on:
        br.fdb.ageing_ns = 2 * br.forward_delay_ns if on else br.bridge_ageing_ns
    br.topology_change = on
