"""macvlan devices (vnet.link.macvlan, drivers/net/macvlan.c): what each mode delivers
where, what the lower device and the macvlans count, carrier and MTU following the
lower device, and the refusals. The kernel comparisons are
tests/kernel/scripts/macvlan-*.sh."""

from __future__ import annotations

import pytest

from vnet.backend.sim import run_text
from vnet.core.world import World
from vnet.link import macvlan, rtnl
from vnet.link.device import Device, DeviceError
from vnet.link.macvlan import (
    MACVLAN_MODE_BRIDGE,
    MACVLAN_MODE_PASSTHRU,
    MACVLAN_MODE_PRIVATE,
    MACVLAN_MODE_VEPA,
    MacVlan,
)
from vnet.sim import new_world

BCAST = b"\xff" * 6


def _mac(last: int) -> bytes:
    return bytes([2, 0, 0, 0, 0, last])


def _frame(dst: bytes, src: bytes) -> bytes:
    return dst + src + b"\x88\xb5" + bytes(46)


class Lab:
    """A lower device v0 whose peer (v1, "the wire") records what leaves v0, and
    macvlans on v0 that record what they receive."""

    def __init__(self, modes: list[int]) -> None:
        self.world: World = new_world(4)
        ns = self.world.init_ns
        self.lower, self.wire = rtnl.add_veth(ns, "v0", "v1", mac=_mac(1), peer_mac=_mac(0xFE))
        self.on_wire: list[bytes] = []
        self.wire.rx_tap = lambda _dev, f: self.on_wire.append(f)
        self.got: dict[str, list[bytes]] = {}
        self.vlans: list[MacVlan] = []
        for i, mode in enumerate(modes):
            dev = rtnl.add_macvlan(ns, f"mv{i}", self.lower, mode, _mac(0x10 + i))
            frames: list[bytes] = []
            self.got[dev.name] = frames
            dev.rx_tap = (lambda lst: lambda _dev, f: lst.append(f))(frames)
            self.vlans.append(dev)
        for dev in (self.lower, self.wire, *self.vlans):
            dev.set_up()
        self.world.settle()

    def send(self, dev: Device, frame: bytes) -> None:
        dev.xmit(frame)
        self.world.settle()


def test_bridge_mode_delivers_between_macvlans_without_the_wire_or_the_lower_counters() -> None:
    lab = Lab([MACVLAN_MODE_BRIDGE, MACVLAN_MODE_BRIDGE])
    a, b = lab.vlans
    lab.send(a, _frame(b.mac, a.mac))
    assert lab.got["mv1"] == [_frame(b.mac, a.mac)] and lab.on_wire == []
    assert lab.lower.stats.rx_packets == 0 and lab.lower.stats.tx_packets == 0
    assert a.stats.tx_packets == 1 and b.stats.rx_packets == 1


def test_a_bridge_mode_broadcast_reaches_the_others_and_the_wire() -> None:
    lab = Lab([MACVLAN_MODE_BRIDGE, MACVLAN_MODE_BRIDGE, MACVLAN_MODE_VEPA])
    a, b, c = lab.vlans
    frame = _frame(BCAST, a.mac)
    lab.send(a, frame)
    assert lab.got["mv1"] == [frame] and lab.got["mv0"] == [] and lab.got["mv2"] == []
    assert lab.on_wire == [frame]
    # the kernel counts the Ethernet header twice on this path (skb->len + ETH_HLEN)
    assert b.stats.rx_bytes == len(frame) + 14 and b.stats.multicast == 1


@pytest.mark.parametrize("mode", [MACVLAN_MODE_VEPA, MACVLAN_MODE_PRIVATE])
def test_vepa_and_private_send_everything_out(mode: int) -> None:
    lab = Lab([mode, mode])
    a, b = lab.vlans
    lab.send(a, _frame(b.mac, a.mac))
    lab.send(a, _frame(BCAST, a.mac))
    assert lab.got["mv1"] == [] and len(lab.on_wire) == 2


def test_from_the_wire_unicast_goes_to_its_macvlan_broadcast_to_all_and_the_lower() -> None:
    lab = Lab([MACVLAN_MODE_BRIDGE, MACVLAN_MODE_PRIVATE, MACVLAN_MODE_VEPA])
    for_b = _frame(lab.vlans[1].mac, lab.wire.mac)
    lab.send(lab.wire, for_b)
    assert lab.got == {"mv0": [], "mv1": [for_b], "mv2": []}
    delivered: list[bytes] = []
    lab.lower.rx_handler = (lambda handler: lambda dev, f: handler(dev, f)
                            or delivered.append(f) is not None)(lab.lower.rx_handler)
    bcast = _frame(BCAST, lab.wire.mac)
    lab.send(lab.wire, bcast)
    assert all(frames[-1] == bcast for frames in lab.got.values())
    assert delivered == [bcast]                  # the lower device's own stack too
    for_lower = _frame(lab.lower.mac, lab.wire.mac)
    lab.send(lab.wire, for_lower)
    assert delivered[-1] == for_lower


def test_a_closed_macvlan_gets_nothing_and_frees_its_address() -> None:
    lab = Lab([MACVLAN_MODE_BRIDGE, MACVLAN_MODE_BRIDGE])
    a, b = lab.vlans
    b.set_down()
    lab.send(lab.wire, _frame(b.mac, lab.wire.mac))
    lab.send(lab.wire, _frame(BCAST, lab.wire.mac))
    assert lab.got["mv1"] == []
    a.set_down()
    a.set_mac(_mac(0x99))
    b.set_mac(_mac(0x10))                        # a's old address, unused now
    b.set_up()
    with pytest.raises(DeviceError) as err:
        a.set_mac(_mac(0x10))
    assert err.value.errno_name == "EADDRINUSE"


def test_an_address_in_use_is_refused_when_opening() -> None:
    lab = Lab([MACVLAN_MODE_BRIDGE])
    late = rtnl.add_macvlan(lab.world.init_ns, "late", lab.lower, MACVLAN_MODE_BRIDGE,
                            lab.lower.mac)
    with pytest.raises(DeviceError) as err:
        late.set_up()
    assert err.value.errno_name == "EADDRINUSE" and not late.admin_up


def test_passthru_takes_every_unicast_frame_and_the_lower_address() -> None:
    lab = Lab([MACVLAN_MODE_PASSTHRU])
    (p,) = lab.vlans
    assert p.mac == lab.lower.mac
    frame = _frame(_mac(0x77), lab.wire.mac)
    lab.send(lab.wire, frame)
    assert lab.got["mv0"] == [frame]
    with pytest.raises(DeviceError):
        rtnl.add_macvlan(lab.world.init_ns, "more", lab.lower, MACVLAN_MODE_BRIDGE)
    with pytest.raises(DeviceError):
        p.set_mode(MACVLAN_MODE_BRIDGE)
    p.set_mac(_mac(0x42))
    assert lab.lower.mac == p.mac == _mac(0x42)


def test_carrier_and_mtu_follow_the_lower_device() -> None:
    lab = Lab([MACVLAN_MODE_BRIDGE])
    (a,) = lab.vlans
    lab.wire.set_down()
    lab.world.settle()
    assert not a.carrier and a.operstate == "LOWERLAYERDOWN"
    lab.wire.set_up()
    assert a.carrier
    with pytest.raises(DeviceError):
        a.set_mtu(1600)
    lab.lower.set_mtu(1400)
    assert a.mtu == 1400


def test_deleting_the_lower_device_deletes_its_macvlans_and_frees_the_handler() -> None:
    lab = Lab([MACVLAN_MODE_BRIDGE, MACVLAN_MODE_VEPA])
    ns = lab.world.init_ns
    for dev in list(lab.vlans):
        rtnl.delete(dev)
    assert lab.lower.rx_handler is None and macvlan.port_of(lab.lower) is None
    br = rtnl.add_bridge(ns, "br0")
    rtnl.set_master(lab.lower, br)               # no longer busy
    lab2 = Lab([MACVLAN_MODE_BRIDGE])
    rtnl.delete(lab2.lower)
    assert lab2.world.init_ns.get("mv0") is None


def test_a_bridge_port_cannot_take_macvlans_nor_a_lower_join_a_bridge() -> None:
    lab = Lab([MACVLAN_MODE_BRIDGE])
    ns = lab.world.init_ns
    br = rtnl.add_bridge(ns, "br0")
    with pytest.raises(DeviceError) as err:
        rtnl.set_master(lab.lower, br)
    assert err.value.errno_name == "EBUSY"
    rtnl.set_master(lab.wire, br)
    with pytest.raises(DeviceError) as err:
        rtnl.add_macvlan(ns, "x", lab.wire, MACVLAN_MODE_BRIDGE)
    assert err.value.errno_name == "EBUSY"
    lo = ns.get("lo")
    assert lo is not None
    with pytest.raises(DeviceError):
        rtnl.add_macvlan(ns, "y", lo, MACVLAN_MODE_BRIDGE)


def test_containers_on_macvlans_ping_each_other_and_the_lan_but_not_the_host() -> None:
    script = """\
ip netns add lan
ip netns add c1
ip netns add c2
ip link add v0 type veth peer name v1 netns lan
ip -n lan addr add 10.0.0.254/24 dev v1
ip -n lan link set v1 up
ip addr add 10.0.0.10/24 dev v0
ip link set v0 up
ip link add link v0 name mv1 netns c1 type macvlan mode bridge
ip link add link v0 name mv2 netns c2 type macvlan mode bridge
ip -n c1 addr add 10.0.0.11/24 dev mv1
ip -n c2 addr add 10.0.0.12/24 dev mv2
ip -n c1 link set mv1 up
ip -n c2 link set mv2 up
ip netns exec c1 ping -c 1 10.0.0.12 | grep -c "bytes from"
ip netns exec c2 ping -c 1 10.0.0.254 | grep -c "bytes from"
ping -c 1 -W 1 10.0.0.11 | grep -c "bytes from"
ip -n c1 -br link show mv1
"""
    result, _ = run_text(script, seed=2)
    lines = result.output.splitlines()
    assert lines[:3] == ["1", "1", "0"]
    assert lines[3].startswith("mv1@if2 ")


def test_source_mode_is_refused_as_unsupported() -> None:
    result, _ = run_text("ip link add v0 type veth peer name v1\n"
                         "ip link add link v0 name m0 type macvlan mode source\n", seed=1)
    assert result.status == 2
    assert "unsupported: ip link type macvlan mode source" in result.output
