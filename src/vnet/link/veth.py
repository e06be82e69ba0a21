"""veth: a virtual Ethernet cable, two devices whose xmit is the other's receive.

drivers/net/veth.c: carrier is on for both ends only while both are administratively
up (veth_open/veth_close); a frame sent while the peer is down is dropped and counted
as the sender's tx_dropped (is_skb_forwardable fails). Frames cross on the next
scheduler turn, as netif_rx queues them to the peer's backlog. Deleting one end deletes
the other; each end may live in a different namespace.
"""

from __future__ import annotations

from vnet.link.device import Device, wire_len


class Veth(Device):
    kind: str | None = "veth"

    def __init__(self, name: str, mac: bytes) -> None:
        super().__init__(name, mac)
        self.peer: Veth | None = None
        self.carrier = False
        self.carrier_changed = True     # veth_newlink: netif_carrier_off once registered
        self.carrier_changes = 1

    def has_lower_link(self) -> bool:
        return self.peer is not None

    def iflink_dev(self) -> Device | None:
        return self.peer

    def open(self) -> None:
        peer = self.peer
        if peer is not None and peer.admin_up:
            self.set_carrier(True)
            peer.set_carrier(True)

    def stop(self) -> None:
        self.set_carrier(False)
        if self.peer is not None:
            self.peer.set_carrier(False)

    def xmit(self, frame: bytes) -> None:
        if self.tx_tap is not None:
            self.tx_tap(self, frame)
        peer = self.peer
        n = len(frame)
        if n >= 18 and (frame[12] == 0x81 or frame[12] == 0x88):
            n = wire_len(frame)         # a VLAN tag is metadata, not counted
        tracer = self.world.tracer
        if tracer is not None:
            tracer.tx(self, frame)
        if peer is None or not peer.admin_up or n > peer.mtu + 14:
            self.stats.tx_dropped += 1
            # veth_xmit: is_skb_forwardable() fails
            self.netns.drop("DEV_READY" if peer is None or not peer.admin_up
                            else "PKT_TOO_BIG", "veth_xmit", frame, self, True)
            return
        stats = self.stats
        stats.tx_packets += 1
        stats.tx_bytes += n
        self.sched.post((peer.receive, (frame,), None))    # call_soon, on the hot path

    def unregister(self) -> None:
        peer = self.peer
        self.peer = None
        super().unregister()
        if peer is not None:
            peer.peer = None
            peer.unregister()


def create_pair(name: str, mac: bytes, peer_name: str, peer_mac: bytes) -> tuple[Veth, Veth]:
    a = Veth(name, mac)
    b = Veth(peer_name, peer_mac)
    a.peer, b.peer = b, a
    return a, b
