"""The bridge device itself: its id and MAC, MTU, carrier and multicast groups, as
br_stp_recalculate_bridge_id, br_mtu_auto_adjust and br_port_state_selection set them."""

from __future__ import annotations

from bridgelab import build, mac

from vnet.link import rtnl
from vnet.link.bridge.port import BR_STATE_DISABLED, BR_STATE_FORWARDING
from vnet.link.device import DeviceError
from vnet.sim import new_world


def test_a_new_bridge_has_a_zero_id_and_its_own_local_entry() -> None:
    w = new_world(1)
    br = rtnl.add_bridge(w.init_ns, "br0")
    assert br.bridge_id == "8000.000000000000"
    entry = br.fdb.get(br.mac)
    assert entry is not None and entry.is_local and entry.port is None


def test_the_bridge_takes_the_lowest_port_mac_and_zero_without_ports() -> None:
    w = new_world(1)
    ns = w.init_ns
    br = rtnl.add_bridge(ns, "br0")
    a, _ = rtnl.add_veth(ns, "a", "a1", mac=mac(0x10))
    b, _ = rtnl.add_veth(ns, "b", "b1", mac=mac(0x05))
    rtnl.set_master(a, br)
    assert br.mac == mac(0x10) and br.bridge_id == "8000.020000000010"
    assert br.fdb.get(br.mac).port.dev is a          # one entry: the port's
    rtnl.set_master(b, br)
    assert br.mac == mac(0x05)
    rtnl.set_master(b, None)
    assert br.mac == mac(0x10)
    rtnl.set_master(a, None)
    assert br.mac == bytes(6) and len(br.fdb) == 0


def test_a_user_set_mac_sticks() -> None:
    w = new_world(1)
    ns = w.init_ns
    br = rtnl.add_bridge(ns, "br0")
    br.set_mac(mac(0xAA))
    a, _ = rtnl.add_veth(ns, "a", "a1", mac=mac(0x01))
    rtnl.set_master(a, br)
    assert br.mac == mac(0xAA) and br.bridge_id == "8000.0200000000aa"
    assert {e.mac for e in br.fdb.entries.values()} == {mac(0xAA), mac(0x01)}
    try:
        br.set_mac(b"\x01\x00\x00\x00\x00\x01")
    except DeviceError as err:
        assert err.errno_name == "EADDRNOTAVAIL"
    else:
        raise AssertionError("a multicast MAC was accepted")


def test_a_port_mac_change_moves_its_local_entry() -> None:
    lab = build(new_world(2))
    p1 = lab.ports["p1"]
    p1.set_mac(mac(0x99))
    assert lab.br.fdb.get(mac(0x11)) is None
    assert lab.br.fdb.get(mac(0x99)).port.dev is p1
    assert lab.br.mac == mac(0x12)                   # the lowest port MAC now is p2's


def test_mtu_follows_the_smallest_port_until_the_user_sets_it() -> None:
    lab = build(new_world(3))
    lab.ports["p2"].set_mtu(1400)
    assert lab.br.mtu == 1400
    lab.ports["p2"].set_mtu(9000)
    assert lab.br.mtu == 1500
    lab.br.set_mtu(9000)
    lab.ports["p1"].set_mtu(1200)
    assert lab.br.mtu == 9000


def test_mtu_returns_to_1500_without_ports() -> None:
    w = new_world(3)
    ns = w.init_ns
    br = rtnl.add_bridge(ns, "br0")
    a, _ = rtnl.add_veth(ns, "a", "a1")
    a.set_mtu(1300)
    rtnl.set_master(a, br)
    assert br.mtu == 1300
    rtnl.set_master(a, None)
    assert br.mtu == 1500


def test_carrier_follows_forwarding_ports_once_a_selection_ran() -> None:
    w = new_world(4)
    ns = w.init_ns
    br = rtnl.add_bridge(ns, "br0")
    br.set_up()
    assert br.carrier and br.operstate == "UNKNOWN"  # an empty bridge keeps its carrier
    a, a1 = rtnl.add_veth(ns, "a", "a1")
    rtnl.set_master(a, br)                           # the id changes: selection: no port
    assert not br.carrier and br.operstate == "DOWN"
    a.set_up()
    a1.set_up()
    assert br.port_list[0].state == BR_STATE_FORWARDING and br.carrier
    a1.set_down()
    assert br.port_list[0].state == BR_STATE_DISABLED and not br.carrier


def test_enslaving_refusals() -> None:
    w = new_world(5)
    ns = w.init_ns
    br = rtnl.add_bridge(ns, "br0")
    br1 = rtnl.add_bridge(ns, "br1")
    tun = rtnl.add_tuntap(ns, "tun0", "tun")
    for dev, errno_name in ((br1, "ELOOP"), (br, "ELOOP"), (ns.get("lo"), "EINVAL"),
                            (tun, "EINVAL")):
        try:
            br.add_port(dev)
        except DeviceError as err:
            assert err.errno_name == errno_name
        else:
            raise AssertionError(f"{dev} was enslaved")
    a, _ = rtnl.add_veth(ns, "a", "a1")
    br1.add_port(a)
    try:
        br.add_port(a)
    except DeviceError as err:
        assert err.errno_name == "EBUSY"


def test_ports_are_promiscuous_internally_but_not_in_the_user_flags() -> None:
    lab = build(new_world(6))
    assert "PROMISC" not in lab.ports["p1"].flag_names()


def test_the_bridge_joins_the_router_discovery_groups_while_up() -> None:
    w = new_world(8)
    br = rtnl.add_bridge(w.init_ns, "br0")
    before = list(br.mc_list)
    br.set_up()
    assert br.mc_list[len(before):len(before) + 2] == [
        b"\x01\x00\x5e\x00\x00\x6a", b"\x33\x33\x00\x00\x00\x6a"]
    br.set_down()
    assert b"\x01\x00\x5e\x00\x00\x6a" not in br.mc_list
    assert b"\x33\x33\x00\x00\x00\x6a" not in br.mc_list


def test_no_snooping_no_groups() -> None:
    w = new_world(8)
    br = rtnl.add_bridge(w.init_ns, "br0")
    br.multicast_snooping = False
    br.set_up()
    assert b"\x01\x00\x5e\x00\x00\x6a" not in br.mc_list
