"""Small bridge worlds for the tests of vnet.link.bridge: a bridge with three veth ports
whose peers stand for hosts; frames are injected on a port with `Lab.inject` and what
leaves each port is recorded in `Lab.sent`."""

from __future__ import annotations

from dataclasses import dataclass, field

from vnet.core.world import World
from vnet.link import rtnl
from vnet.link.bridge.bridge import Bridge
from vnet.link.device import Device


def mac(last: int) -> bytes:
    return bytes([2, 0, 0, 0, 0, last])


def frame(dst: bytes, src: bytes, ethertype: int = 0x88B5, size: int = 60) -> bytes:
    head = dst + src + ethertype.to_bytes(2, "big")
    return head + bytes(max(0, size - len(head)))


@dataclass
class Lab:
    world: World
    br: Bridge
    ports: dict[str, Device]
    peers: dict[str, Device]
    sent: dict[str, list[bytes]] = field(default_factory=dict)

    def inject(self, port: str, data: bytes) -> None:
        self.ports[port].receive(data)
        self.world.settle()

    def clear(self) -> None:
        for frames in self.sent.values():
            frames.clear()

    def out_of(self, port: str) -> list[bytes]:
        return self.sent[port]


def build(world: World, n: int = 3, up: bool = True) -> Lab:
    ns = world.init_ns
    br = rtnl.add_bridge(ns, "br0")
    ports: dict[str, Device] = {}
    peers: dict[str, Device] = {}
    sent: dict[str, list[bytes]] = {}
    for i in range(1, n + 1):
        p, h = rtnl.add_veth(ns, f"p{i}", f"h{i}", mac=mac(0x10 + i), peer_mac=mac(i))
        rtnl.set_master(p, br)
        ports[p.name] = p
        peers[p.name] = h
        sent[p.name] = []
        p.tx_tap = (lambda lst: lambda _dev, f: lst.append(f))(sent[p.name])
    if up:
        br.set_up()
        for name in ports:
            ports[name].set_up()
            peers[name].set_up()
        world.settle()
    return Lab(world, br, ports, peers, sent)

