"""Bridge receive: the rx handler installed on every port (net/bridge/br_input.c).

`handle_frame` is br_handle_frame: drop frames with an invalid source address; treat the
IEEE 802.1D reserved group addresses 01:80:c2:00:00:0X as Linux does (0x00 is
forwarded while STP is off, 0x01 (MAC control) is dropped, the others go to the port's
own stack unless group_fwd_mask forwards them, learning their source on the way); then
only ports in learning or forwarding state go on. The same function goes on as
br_handle_frame_finish: learn the source (IEEE 802.1D-2004 7.8), stop there on a
learning port, then deliver up the bridge when the destination is local, forward to a
known port, or flood broadcast, multicast and unknown unicast. Broadcast and multicast
are also passed up (no multicast querier exists in vnet, so snooping never restricts
them), and everything is when the bridge device is promiscuous.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from vnet.link.bridge.forward import BCAST, MCAST, UNICAST, flood, forward
from vnet.link.bridge.port import BR_STATE_FORWARDING, BR_STATE_LEARNING

if TYPE_CHECKING:
    from vnet.link.bridge.bridge import Bridge
    from vnet.link.bridge.port import BridgePort
    from vnet.link.device import Device

_LINK_LOCAL_PREFIX = b"\x01\x80\xc2\x00\x00"
_BROADCAST = b"\xff" * 6
_ZERO = b"\x00" * 6


def handle_frame(dev: Device, frame: bytes) -> bool:
    """rx_handler of a bridge port (br_handle_frame, then br_handle_frame_finish); True
    means the frame was consumed. Every frame through every bridge runs this."""
    port: BridgePort = dev.rx_handler_data  # type: ignore[assignment]
    br = port.br
    src = frame[6:12]
    if frame[6] & 1 or src == _ZERO:
        dev.netns.drop("MAC_INVALID_SOURCE", None, frame, dev, True)
        return True
    dst = frame[:6]
    group = frame[0] & 1
    if group and dst[:5] == _LINK_LOCAL_PREFIX and dst[5] <= 0x0F:
        low = dst[5]
        if low == 0x00:
            if br.stp_enabled:
                _local_learn(br, port, src)
                br.receive_bpdu(port, frame)
                return True
        elif low == 0x01:
            dev.netns.drop("MAC_IEEE_MAC_CONTROL", None, frame, dev, True)
            return True
        elif not (br.group_fwd_mask >> low) & 1:
            _local_learn(br, port, src)
            return False            # br_handle_local_finish: up the port's own stack
    state = port.state
    if state != BR_STATE_FORWARDING and state != BR_STATE_LEARNING:
        dev.netns.drop("BRIDGE_INGRESS_STP_STATE", None, frame, dev, True)
        return True
    # br_handle_frame_finish
    now = br.sched.now
    fdb = br.fdb
    entries = fdb.entries
    if port.learning:
        # br_fdb_update; its common case (a known source, same port) inline: refresh it
        known = entries.get(src)
        if known is not None and known.port is port and not known.is_local and fdb.ageing_ns:
            known.updated = now
        elif fdb.learn(src, port, now):
            tracer = br.world.tracer
            if tracer is not None:
                tracer.br_learn(br, port, frame)
    if group:
        local_rcv = True
        if dst == _BROADCAST:
            kind = BCAST
        else:
            kind = MCAST
            br.stats.multicast += 1
        entry = None
    else:
        local_rcv = br.promisc != 0
        kind = UNICAST
        entry = entries.get(dst)
    if state == BR_STATE_LEARNING:
        br.netns.drop("BRIDGE_INGRESS_STP_STATE", None, frame, dev, True)
        return True
    if entry is not None and entry.is_local:
        br.pass_frame_up(frame)
        return True
    nf = br.netns.ipv4.nf                   # br_netfilter: NF_BR_PRE_ROUTING
    if nf is not None:
        kept = nf.bridge_prerouting(br, frame)
        if kept is None:
            return True
        frame = kept
    if entry is not None:
        entry.used = now
        if entry.port is not None:
            forward(br, entry.port, frame, port)
    else:
        flood(br, frame, port, kind)
    if local_rcv:
        br.pass_frame_up(frame)
    return True


def _local_learn(br: Bridge, port: BridgePort, src: bytes) -> None:
    """__br_handle_local_finish: link-local frames still teach the FDB."""
    if port.learning and port.state in (BR_STATE_LEARNING, BR_STATE_FORWARDING):
        br.fdb.learn(src, port, br.sched.now)
