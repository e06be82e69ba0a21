"""Bridge forwarding and flooding (net/bridge/br_forward.c).

`forward()` sends a frame out of one port (br_forward), `flood()` out of every eligible
port but the ingress one (br_flood), walking the port list newest port first as the
kernel does. A port is eligible (should_deliver) when it is forwarding, is not the
ingress port unless hairpin mode is on, and is not isolated from an isolated ingress.
Flooding honours the per-port flood / mcast_flood / bcast_flood flags, the latter two
only for frames the bridge did not originate itself. br_dev_queue_push_xmit drops what
the egress device cannot take (down, or longer than its MTU plus Ethernet and VLAN
headers).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from vnet.link.bridge.port import BR_STATE_FORWARDING

if TYPE_CHECKING:
    from vnet.link.bridge.bridge import Bridge
    from vnet.link.bridge.port import BridgePort

UNICAST = 0
MCAST = 1
BCAST = 2
_FORWARDABLE_EXTRA = 14 + 4     # hard_header_len + VLAN_HLEN (is_skb_forwardable)


def should_deliver(to: BridgePort, ingress: BridgePort | None) -> bool:
    """br_forward.c: should_deliver()."""
    if to.state != BR_STATE_FORWARDING:
        return False
    if to is ingress and not to.hairpin:
        return False
    if ingress is not None and ingress.isolated and to.isolated:
        return False
    return True


def _push_xmit(br: Bridge, to: BridgePort, frame: bytes) -> None:
    """br_dev_queue_push_xmit."""
    dev = to.dev
    if not dev.admin_up or len(frame) > dev.mtu + _FORWARDABLE_EXTRA:
        br.netns.drop("PKT_TOO_BIG" if dev.admin_up else "DEV_READY",
                      "br_dev_queue_push_xmit", frame, dev, True)
        return
    dev.xmit(frame)


def forward(br: Bridge, to: BridgePort, frame: bytes, ingress: BridgePort | None) -> None:
    """br_forward, with should_deliver and br_dev_queue_push_xmit inlined (one frame per
    hop through every bridge comes here)."""
    tracer = br.world.tracer
    if tracer is not None:
        tracer.br_forward(br, to, frame)
    if to.state != BR_STATE_FORWARDING or (to is ingress and not to.hairpin) or (
            ingress is not None and ingress.isolated and to.isolated):
        br.netns.drop("BRIDGE_NO_EGRESS", None, frame, to.dev, True)
        return
    if ingress is not None:
        nf = br.netns.ipv4.nf               # br_netfilter: NF_BR_FORWARD, POST_ROUTING
        if nf is not None:
            kept = nf.bridge_forward(br, frame)
            if kept is None:
                return
            frame = kept
    # br_dev_queue_push_xmit, as _push_xmit does it for flooding: written out here because
    # every forwarded frame of every bridge runs it, and the call cost about a tenth of a
    # bridge hop (A/B-timed; PROFILE.md)
    dev = to.dev
    if not dev.admin_up or len(frame) > dev.mtu + _FORWARDABLE_EXTRA:
        br.netns.drop("PKT_TOO_BIG" if dev.admin_up else "DEV_READY",
                      "br_dev_queue_push_xmit", frame, dev, True)
        return
    dev.xmit(frame)


def flood(br: Bridge, frame: bytes, ingress: BridgePort | None, kind: int | None = None) -> int:
    """Copy the frame to every eligible port; returns how many copies went out."""
    if kind is None:
        if frame[:6] == b"\xff\xff\xff\xff\xff\xff":
            kind = BCAST
        elif frame[0] & 1:
            kind = MCAST
        else:
            kind = UNICAST
    local_orig = ingress is None
    tracer = br.world.tracer
    if tracer is not None:
        tracer.br_flood(br, frame, kind)
    sent = 0
    nf = br.netns.ipv4.nf if ingress is not None else None     # br_netfilter
    for port in list(br.port_list):
        if kind == UNICAST:
            if not port.flood:
                continue
        elif kind == MCAST:
            if not port.mcast_flood and not local_orig:
                continue
        elif not port.bcast_flood and not local_orig:
            continue
        if should_deliver(port, ingress):
            copy = frame if nf is None else nf.bridge_forward(br, frame)
            if copy is not None:
                _push_xmit(br, port, copy)
            sent += 1
    return sent
