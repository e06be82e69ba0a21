"""Spanning Tree BPDUs in and out of bridge ports (net/bridge/br_stp_bpdu.c).

Out: br_send_config_bpdu / br_send_tcn_bpdu build an 802.3 frame with an LLC header from
the port's own MAC to the bridge group address 01:80:c2:00:00:00 (vnet.wire.stp encodes
it, IEEE 802.1D-1998 9.3) and transmit it straight out of the port device, only while
the bridge runs kernel STP. In: br_stp_rcv, reached from br_handle_frame for frames to
the group address while STP is on, ignores BPDUs when the bridge is down or the port
disabled, refuses what is not protocol 0 version 0 or is too short, and a configuration
BPDU whose message age exceeds its max age; the rest goes to vnet.link.bridge.stp.

BPDU times are in 1/256 s (STP_HZ); the kernel converts through jiffies (HZ = 250):
br_set_ticks rounds down, br_get_ticks rounds up, and so do these.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from vnet.link.bridge import stp
from vnet.wire import stp as stpwire
from vnet.wire.errors import WireError

if TYPE_CHECKING:
    from vnet.link.bridge.port import BridgePort

HZ = 250
NS_PER_JIFFY = 1_000_000_000 // HZ


def ns_to_ticks(ns: int) -> int:
    """br_set_ticks: the codec's conversion of a whole number of jiffies."""
    return stpwire.ns_to_ticks(ns - ns % NS_PER_JIFFY)


def ticks_to_ns(ticks: int) -> int:
    """br_get_ticks: DIV_ROUND_UP(ticks * HZ, STP_HZ) jiffies, i.e. the codec's
    conversion rounded up to a jiffy."""
    return -(-stpwire.ticks_to_ns(ticks) // NS_PER_JIFFY) * NS_PER_JIFFY


def send(port: BridgePort, bpdu: stpwire.Bpdu) -> None:
    """br_send_bpdu: out of the port device itself, not through the bridge."""
    if port.br.stp_enabled != stp.BR_KERNEL_STP:
        return
    port.dev.xmit(stpwire.emit_frame(port.dev.mac, bpdu))


def receive(port: BridgePort, frame: bytes) -> None:
    """br_stp_rcv."""
    br = port.br
    dev = port.dev
    try:
        bpdu = stpwire.parse_frame(frame)
    except WireError:
        dev.netns.drop("STP_BPDU_INVALID", None, frame, dev, True)
        return
    if br.stp_enabled != stp.BR_KERNEL_STP or not br.admin_up \
            or port.state == stp.BR_STATE_DISABLED:
        dev.netns.drop("STP_BPDU_IGNORED", None, frame, dev, True)
        return
    if bpdu.type == stpwire.BPDU_TYPE_TCN:
        stp.received_tcn_bpdu(port)
        return
    if bpdu.message_age > bpdu.max_age:
        dev.netns.drop("STP_BPDU_INVALID", None, frame, dev, True)
        return
    stp.received_config_bpdu(port, bpdu)
