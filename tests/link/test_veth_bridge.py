"""veth carrier rules and bridge learning/flooding/ageing in small worlds."""

from vnet.link import rtnl
from vnet.sim import new_world


def test_veth_carrier_needs_both_ends_up() -> None:
    w = new_world(1)
    a, b = rtnl.add_veth(w.init_ns, "veth0", "veth1")
    assert (a.ifindex, b.ifindex) == (3, 2)  # the peer registers first
    a.set_up()
    assert (a.carrier, a.operstate, b.operstate) == (False, "LOWERLAYERDOWN", "DOWN")
    b.set_up()
    assert (a.operstate, b.operstate) == ("UP", "UP")
    b.set_down()
    assert a.operstate == "LOWERLAYERDOWN"
    a.xmit(b"\xff" * 6 + a.mac + b"\x08\x06" + bytes(28))
    assert a.stats.tx_dropped == 1


def test_moved_device_keeps_index_where_free() -> None:
    w = new_world(1)
    ns = w.add_netns("x")
    a, b = rtnl.add_veth(w.init_ns, "veth0", "veth1")
    rtnl.set_netns(b, ns)
    assert b.ifindex == 2 and b.netns is ns
    c, d = rtnl.add_veth(ns, "v2", "v3")
    assert (d.ifindex, c.ifindex) == (3, 4)


def test_bridge_learns_forwards_and_floods(bridge_three) -> None:
    lab = bridge_three
    br = lab.dev["br0"]
    sent = {i: [] for i in (1, 2, 3)}
    for i in (1, 2, 3):
        lab.dev[f"p{i}"].tx_tap = (lambda lst: lambda _dev, f: lst.append(f))(sent[i])
    p = lab.pinger("h1")
    p.send("10.0.0.2", 1)
    lab.world.run_for(1)
    assert [s for _, _, s in p.replies] == [1]
    # the ARP broadcast from h1 was flooded to p2 and p3; the echo went to p2 only
    assert any(f[:6] == b"\xff" * 6 for f in sent[3])
    assert not any(f[12:14] == b"\x08\x00" for f in sent[3])
    learned = {e.mac: e.port.dev.name for e in br.fdb.entries.values() if not e.is_local}
    assert learned == {lab.dev["h1"].mac: "p1", lab.dev["h2"].mac: "p2"}


def test_fdb_entries_age_out(bridge_three) -> None:
    lab = bridge_three
    br = lab.dev["br0"]
    br.set_ageing_time(1000)  # 10 s
    p = lab.pinger("h1")
    p.send("10.0.0.2", 1)
    lab.world.run_for(5)
    assert any(not e.is_local for e in br.fdb.entries.values())
    lab.world.run_for(20)
    assert all(e.is_local for e in br.fdb.entries.values())


def test_bridge_takes_lowest_port_mac_and_local_entries() -> None:
    w = new_world(3)
    br = rtnl.add_bridge(w.init_ns, "br0")
    a, _ = rtnl.add_veth(w.init_ns, "va", "vb")
    c, _ = rtnl.add_veth(w.init_ns, "vc", "vd")
    rtnl.set_master(a, br)
    assert br.mac == a.mac
    rtnl.set_master(c, br)
    assert br.mac == min(a.mac, c.mac)
    assert br.fdb.entries[c.mac].is_local
