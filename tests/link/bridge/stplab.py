"""Worlds of several bridges for the Spanning Tree tests: bridge i lives in namespace
"n{i}" with the address 02:00:00:00:00:i (so a lower i is a better bridge id at equal
priority); link k joins two bridges by a veth pair whose ends are ports of both. Every
frame a port sends is recorded in `StpLab.sent[(bridge, port name)]`."""

from __future__ import annotations

from dataclasses import dataclass, field

from vnet.core.world import World
from vnet.link import rtnl
from vnet.link.bridge.bridge import Bridge
from vnet.link.bridge.port import BR_STATE_FORWARDING, BridgePort
from vnet.link.device import Device
from vnet.sim import new_world

STP_GROUP = b"\x01\x80\xc2\x00\x00\x00"


@dataclass
class StpLab:
    world: World
    bridges: list[Bridge]
    #: per link: (bridge a, its port device, bridge b, its port device)
    links: list[tuple[int, Device, int, Device]]
    sent: dict[tuple[int, str], list[bytes]] = field(default_factory=dict)

    def port(self, bridge: int, dev: Device) -> BridgePort:
        return self.bridges[bridge].ports[dev]

    def bpdus(self, bridge: int, name: str) -> list[bytes]:
        return [f for f in self.sent[(bridge, name)] if f[:6] == STP_GROUP]

    def active_links(self) -> list[tuple[int, int]]:
        """Links that carry traffic: forwarding at both ends."""
        return [(a, b) for a, da, b, db in self.links
                if self.port(a, da).state == BR_STATE_FORWARDING
                and self.port(b, db).state == BR_STATE_FORWARDING]


def build(n: int, links: list[tuple[int, int]], seed: int = 1, fd_cs: int = 400,
          priorities: dict[int, int] | None = None, stp: bool = True) -> StpLab:
    world = new_world(seed)
    bridges = []
    for i in range(n):
        ns = world.add_netns(f"n{i}")
        br = rtnl.add_bridge(ns, "br0")
        br.set_mac(bytes([2, 0, 0, 0, 0, i + 1]))
        br.set_forward_delay(fd_cs)
        if priorities and i in priorities:
            br.set_priority(priorities[i])
        if stp:
            br.set_stp(True)
        bridges.append(br)
    lab = StpLab(world, bridges, [])
    for k, (a, b) in enumerate(links):
        ns_a, ns_b = bridges[a].netns, bridges[b].netns
        da, db = rtnl.add_veth(ns_a, f"l{k}", f"l{k}", peer_ns=ns_b,
                               mac=bytes([2, 0, 0, 1, k, a + 1]),
                               peer_mac=bytes([2, 0, 0, 1, k, b + 1]))
        for i, dev in ((a, da), (b, db)):
            rtnl.set_master(dev, bridges[i])
            frames: list[bytes] = []
            lab.sent[(i, dev.name)] = frames
            dev.tx_tap = (lambda lst: lambda _dev, f: lst.append(f))(frames)
        lab.links.append((a, da, b, db))
    for br in bridges:
        br.set_up()
    for _, da, _, db in lab.links:
        da.set_up()
        db.set_up()
    world.settle()
    return lab
