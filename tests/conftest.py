"""Small worlds shared by the protocol tests (DESIGN.md: two hosts on a veth; three on a
bridge; host-router-host), built through the same calls the commands use."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from vnet.core.netns import Namespace
from vnet.core.world import World
from vnet.link import rtnl
from vnet.link.device import Device
from vnet.net.addr import InetAddr, add
from vnet.sim import new_world
from vnet.transport.raw import RawSocket
from vnet.wire import icmp as icmpwire
from vnet.wire.ipaddr import ip_from_str


@dataclass
class Lab:
    world: World
    ns: dict[str, Namespace] = field(default_factory=dict)
    dev: dict[str, Device] = field(default_factory=dict)

    def addr(self, dev: str, cidr: str) -> None:
        ip, plen = cidr.split("/")
        d = self.dev[dev]
        add(d.netns.ipv4, InetAddr(d, ip_from_str(ip), int(plen)))

    def pinger(self, ns: str, ident: int = 0x1234) -> Pinger:
        return Pinger(self.world, self.ns[ns], ident)


class Pinger:
    """A raw ICMP socket that records echo replies and errors with the time they came."""

    def __init__(self, world: World, ns: Namespace, ident: int) -> None:
        self.world = world
        self.ident = ident
        self.replies: list[tuple[int, int, int]] = []   # (time, src, seq)
        self.errors: list[tuple[int, int, int, int]] = []  # (time, src, type, code)
        self.sock = RawSocket(ns.ipv4, 1, self._on_packet)

    def _on_packet(self, ip, dev) -> None:  # type: ignore[no-untyped-def]
        msg = icmpwire.parse(ip.payload)
        if msg.type == icmpwire.ECHO_REPLY and msg.ident == self.ident:
            self.replies.append((self.world.now, ip.src, msg.seq))
        elif msg.type in (icmpwire.DEST_UNREACH, icmpwire.TIME_EXCEEDED):
            self.errors.append((self.world.now, ip.src, msg.type, msg.code))

    def send(self, dst: str, seq: int, size: int = 56, ttl: int = 64) -> str | None:
        data = bytes(range(size % 256)) * (size // 256) + bytes(range(size % 256))
        req = icmpwire.echo_request(self.ident, seq, data[:size]).emit()
        return self.sock.sendto(ip_from_str(dst), req, ttl=ttl)


def _up(*devs: Device) -> None:
    for d in devs:
        d.set_up()


@pytest.fixture
def two_hosts() -> Lab:
    """ns a (veth0 10.0.0.1/24) <-> ns b (veth1 10.0.0.2/24), lo up in both."""
    world = new_world(7)
    lab = Lab(world)
    a, b = world.add_netns("a"), world.add_netns("b")
    lab.ns.update(a=a, b=b)
    v0, v1 = rtnl.add_veth(a, "veth0", "veth1", b)
    lab.dev.update(veth0=v0, veth1=v1)
    lab.addr("veth0", "10.0.0.1/24")
    lab.addr("veth1", "10.0.0.2/24")
    _up(v0, v1, a.get("lo"), b.get("lo"))  # type: ignore[arg-type]
    return lab


@pytest.fixture
def bridge_three() -> Lab:
    """Three namespaces h1..h3 (10.0.0.1-3/24) on br0 in the init namespace."""
    world = new_world(11)
    lab = Lab(world)
    root = world.init_ns
    br = rtnl.add_bridge(root, "br0")
    lab.dev["br0"] = br
    for i in (1, 2, 3):
        ns = world.add_netns(f"h{i}")
        lab.ns[f"h{i}"] = ns
        host_end, port = rtnl.add_veth(ns, "eth0", f"p{i}", root)
        lab.dev[f"h{i}"] = host_end
        lab.dev[f"p{i}"] = port
        rtnl.set_master(port, br)
        lab.addr(f"h{i}", f"10.0.0.{i}/24")
        _up(host_end, port, ns.get("lo"))  # type: ignore[arg-type]
    br.set_up()
    return lab


@pytest.fixture
def host_router_host() -> Lab:
    """h1 (eth0 10.0.1.1/24) - r (ra 10.0.1.254/24, rb 10.0.2.254/24) - h2 (eth0
    10.0.2.1/24); r forwards (net.ipv4.ip_forward=1), the hosts route through it."""
    from vnet.net import fib_semantics as fs

    world = new_world(13)
    lab = Lab(world)
    h1, r, h2 = world.add_netns("h1"), world.add_netns("r"), world.add_netns("h2")
    lab.ns.update(h1=h1, r=r, h2=h2)
    e1, ra = rtnl.add_veth(h1, "eth0", "ra", r)
    rb, e2 = rtnl.add_veth(r, "rb", "eth0", h2)
    lab.dev.update(h1=e1, ra=ra, rb=rb, h2=e2)
    lab.addr("h1", "10.0.1.1/24")
    lab.addr("ra", "10.0.1.254/24")
    lab.addr("rb", "10.0.2.254/24")
    lab.addr("h2", "10.0.2.1/24")
    _up(e1, ra, rb, e2, h1.get("lo"), r.get("lo"), h2.get("lo"))  # type: ignore[arg-type]
    r.sysctl.set("net.ipv4.ip_forward", "1")
    for ns, gw in ((h1, "10.0.1.254"), (h2, "10.0.2.254")):
        fs.table_insert(ns.ipv4, fs.FibConfig(0, 0, proto=3, gateway=ip_from_str(gw),
                                              create=True, excl=True))
    world.run_for(1)
    return lab
