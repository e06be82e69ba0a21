"""Bridge forwarding and flooding (net/bridge/br_forward.c).

`forward()` sends a frame out of one port (br_forward: never back out of the port it
came in on unless hairpin mode is set, only through a forwarding port); `flood()`
sends it out of every eligible port but the ingress one (br_flood), honouring the
per-port flood / mcast_flood / bcast_flood flags.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from vnet.link.bridge.port import BR_STATE_FORWARDING

if TYPE_CHECKING:
    from vnet.link.bridge.bridge import Bridge
    from vnet.link.bridge.port import BridgePort


def should_deliver(to: BridgePort, ingress: BridgePort | None) -> bool:
    """br_forward.c: should_deliver()."""
    if to.state != BR_STATE_FORWARDING:
        return False
    if to is ingress and not to.hairpin:
        return False
    if ingress is not None and ingress.isolated and to.isolated:
        return False
    return True


def forward(br: Bridge, to: BridgePort, frame: bytes, ingress: BridgePort | None) -> None:
    if should_deliver(to, ingress):
        to.dev.xmit(frame)
    else:
        br.netns.drop("BRIDGE_NO_EGRESS")


def flood(br: Bridge, frame: bytes, ingress: BridgePort | None) -> int:
    """Copy the frame to every eligible port; returns how many copies went out."""
    dst0 = frame[0]
    if dst0 == 0xFF and frame[:6] == b"\xff\xff\xff\xff\xff\xff":
        flag = "bcast_flood"
    elif dst0 & 1:
        flag = "mcast_flood"
    else:
        flag = "flood"
    sent = 0
    for port in br.port_list:
        if getattr(port, flag) and should_deliver(port, ingress):
            port.dev.xmit(frame)
            sent += 1
    return sent
