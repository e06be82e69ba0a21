"""br_fdb.c rules: ageing by the garbage collector, local entries handed between owners,
the newest-first list, user entries (bridge fdb add/del), sticky entries."""

from __future__ import annotations

import pytest
from bridgelab import build, frame, mac

from vnet.link import rtnl
from vnet.link.bridge import fdb as br_fdb
from vnet.link.bridge import sysfs as brsysfs
from vnet.sim import new_world

SEC = 1_000_000_000
BCAST = b"\xff" * 6


def test_learned_entries_age_out_at_the_ageing_time() -> None:
    lab = build(new_world(1))
    lab.br.set_ageing_time(1000)                     # 10 s
    lab.world.run_for(0.5)
    lab.inject("p1", frame(BCAST, mac(1)))
    lab.world.run_for(9.9)                           # t = 10.4: the collector ran at 10
    assert lab.br.fdb.get(mac(1)) is not None
    lab.world.run_for(0.2)                           # t = 10.6: it ran again at 10.5
    assert lab.br.fdb.get(mac(1)) is None


def test_refreshing_keeps_an_entry_and_local_entries_never_age() -> None:
    lab = build(new_world(1))
    lab.br.set_ageing_time(500)
    for _ in range(4):
        lab.inject("p1", frame(BCAST, mac(1)))
        lab.world.run_for(3)
    assert lab.br.fdb.get(mac(1)) is not None
    lab.world.run_for(100)
    assert lab.br.fdb.get(mac(1)) is None
    assert lab.br.fdb.get(mac(0x11)).is_local


def test_ageing_time_zero_means_no_learning() -> None:
    lab = build(new_world(1))
    lab.br.set_ageing_time(0)
    lab.inject("p1", frame(BCAST, mac(1)))
    assert lab.br.fdb.get(mac(1)) is None


def test_no_collection_while_the_bridge_is_down_until_the_time_changes() -> None:
    lab = build(new_world(1))
    lab.inject("p1", frame(BCAST, mac(1)))
    entry = lab.br.fdb.get(mac(1))
    lab.br.fdb.ageing_ns = 1 * SEC                   # shorter, without re-arming the collector
    lab.world.run_for(2)
    assert lab.br.fdb.nud_state(entry, lab.world.now) == "stale"


def test_entries_are_listed_newest_first() -> None:
    lab = build(new_world(1))
    for i in (1, 2, 3):
        lab.inject(f"p{i}", frame(BCAST, mac(i)))
    learned = [e.mac for e in lab.br.fdb.newest_first() if not e.is_local]
    assert learned == [mac(3), mac(2), mac(1)]


def test_a_disabled_port_forgets_learned_and_keeps_static_entries() -> None:
    lab = build(new_world(1))
    lab.inject("p1", frame(BCAST, mac(1)))
    port = lab.br.ports[lab.ports["p1"]]
    br_fdb.user_add(lab.br, port, mac(0x77), br_fdb.STATIC, lab.world.now)
    lab.peers["p1"].set_down()
    assert lab.br.fdb.get(mac(1)) is None
    assert lab.br.fdb.get(mac(0x77)) is not None


def test_a_removed_port_hands_its_local_address_to_the_bridge_if_it_shares_it() -> None:
    w = new_world(2)
    ns = w.init_ns
    br = rtnl.add_bridge(ns, "br0")
    a, _ = rtnl.add_veth(ns, "a", "a1", mac=mac(0x01))
    b, _ = rtnl.add_veth(ns, "b", "b1", mac=mac(0x02))
    rtnl.set_master(a, br)
    rtnl.set_master(b, br)
    br.set_mac(mac(0x01))                            # the bridge now shares a's address
    rtnl.set_master(a, None)
    entry = br.fdb.get(mac(0x01))
    assert entry is not None and entry.port is None


def test_user_entries() -> None:
    lab = build(new_world(3))
    port = lab.br.ports[lab.ports["p2"]]
    now = lab.world.now
    br_fdb.user_add(lab.br, port, mac(0x50), br_fdb.STATIC, now)
    with pytest.raises(br_fdb.FdbError) as err:
        br_fdb.user_add(lab.br, port, mac(0x50), br_fdb.STATIC, now)
    assert err.value.errno_name == "EEXIST"
    br_fdb.user_add(lab.br, port, mac(0x50), br_fdb.PERMANENT, now, exclusive=False)
    assert lab.br.fdb.get(mac(0x50)).is_local      # "permanent" entries are local
    with pytest.raises(br_fdb.FdbError) as err:
        br_fdb.user_add(lab.br, None, mac(0x51), br_fdb.STATIC, now)
    assert err.value.errno_name == "EINVAL"        # the bridge itself: permanent only
    br_fdb.user_delete(lab.br, port, mac(0x50))
    with pytest.raises(br_fdb.FdbError) as err:
        br_fdb.user_delete(lab.br, port, mac(0x50))
    assert err.value.errno_name == "ENOENT"


def test_dynamic_user_entries_need_a_learning_port() -> None:
    lab = build(new_world(3), up=False)
    port = lab.br.ports[lab.ports["p1"]]
    with pytest.raises(br_fdb.FdbError) as err:
        br_fdb.user_add(lab.br, port, mac(0x60), br_fdb.DYNAMIC, lab.world.now)
    assert err.value.errno_name == "EPERM"


def test_static_entries_move_with_traffic_unless_sticky() -> None:
    lab = build(new_world(4))
    p1 = lab.br.ports[lab.ports["p1"]]
    br_fdb.user_add(lab.br, p1, mac(0x61), br_fdb.STATIC, lab.world.now)
    br_fdb.user_add(lab.br, p1, mac(0x62), br_fdb.STATIC, lab.world.now)
    lab.br.fdb.get(mac(0x62)).sticky = True
    lab.inject("p3", frame(BCAST, mac(0x61)))
    lab.inject("p3", frame(BCAST, mac(0x62)))
    assert lab.br.fdb.get(mac(0x61)).port.dev.name == "p3"
    assert lab.br.fdb.get(mac(0x62)).port.dev.name == "p1"


def test_brforward_skips_the_bridge_entry_and_sorts_nothing() -> None:
    lab = build(new_world(5))
    lab.br.set_mac(mac(0xAA))
    lab.inject("p1", frame(BCAST, mac(1)))
    lab.world.run_for(1.5)
    rows = brsysfs.fillbuf(lab.br)
    assert (1, mac(1), False, 150) in rows
    assert all(r[1] != mac(0xAA) for r in rows)
    assert (1, mac(0x11), True, 0) in rows
