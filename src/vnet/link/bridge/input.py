"""Bridge receive: the rx handler installed on every port (net/bridge/br_input.c).

`handle_frame` is br_handle_frame: drop frames with an invalid source address, treat the
IEEE 802.1D reserved group addresses 01:80:c2:00:00:0X as br_handle_frame does
(0x00 is forwarded while STP is off, 0x01 dropped, the rest delivered locally
unless group_fwd_mask says otherwise), learn the source (IEEE 802.1D 7.8), then
br_handle_frame_finish: deliver up the bridge if the destination is local, forward
to a known port, or flood broadcast, multicast and unknown unicast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from vnet.link.bridge.forward import flood, forward
from vnet.link.bridge.port import BR_STATE_DISABLED, BR_STATE_FORWARDING, BR_STATE_LEARNING

if TYPE_CHECKING:
    from vnet.link.device import Device

_LINK_LOCAL_PREFIX = b"\x01\x80\xc2\x00\x00"


def handle_frame(dev: Device, frame: bytes) -> bool:
    """rx_handler of a bridge port; True means the frame was consumed."""
    port = dev.rx_handler_data
    br = port.br  # type: ignore[attr-defined]
    ns = dev.netns
    src = frame[6:12]
    if src[0] & 1 or src == b"\x00\x00\x00\x00\x00\x00":
        ns.drop("MAC_INVALID_SOURCE")
        return True
    dst = frame[:6]
    if dst[:5] == _LINK_LOCAL_PREFIX and dst[5] <= 0x0F:
        low = dst[5]
        if low == 0x01:
            ns.drop("MAC_IEEE_MAC_CONTROL")
            return True
        if not ((low == 0x00 and not br.stp_enabled) or (br.group_fwd_mask >> low) & 1):
            if low == 0x00 and br.stp_enabled:
                br.receive_bpdu(port, frame)
                return True
            # deliver to the port device's own stack only (br_handle_local_finish)
            if port.state != BR_STATE_DISABLED and port.learning:
                br.fdb.learn(src, port, br.netns.world.sched.now)
            return False
    state = port.state
    if state != BR_STATE_FORWARDING and state != BR_STATE_LEARNING:
        ns.drop("BRIDGE_INGRESS_STP_STATE")
        return True
    now = br.netns.world.sched.now
    if port.learning and (state == BR_STATE_LEARNING or state == BR_STATE_FORWARDING):
        br.fdb.learn(src, port, now)
        br.arm_ageing()
    if state == BR_STATE_LEARNING:
        ns.drop("BRIDGE_INGRESS_STP_STATE")
        return True
    handle_frame_finish(br, port, frame, dst, now)
    return True


def handle_frame_finish(br, port, frame: bytes, dst: bytes, now: int) -> None:
    """br_handle_frame_finish."""
    if dst[0] & 1:
        flood(br, frame, port)
        br.pass_frame_up(frame)
        return
    entry = br.fdb.entries.get(dst)
    if entry is None:
        flood(br, frame, port)
        if br.promisc:
            br.pass_frame_up(frame)
        return
    entry.used = now
    if entry.is_local:
        br.pass_frame_up(frame)
        return
    forward(br, entry.port, frame, port)
