"""`bridge` (vnet.cli.bridge): fdb and link output, filters, JSON, errors and statuses."""

from __future__ import annotations

import json

from l2run import run

from vnet.cli.bridge import parse_mac, state_n2a
from vnet.core.world import World


def _setup(world: World) -> None:
    run(world, "ip", "link", "add", "br0", "type", "bridge")
    run(world, "ip", "link", "add", "veth0", "address", "02:00:00:00:00:10", "type", "veth",
        "peer", "name", "veth1", "address", "02:00:00:00:00:11")
    run(world, "ip", "link", "set", "veth0", "master", "br0")


def test_parse_mac_is_sscanf_hex() -> None:
    assert parse_mac("2:0:0:0:0:a") == bytes([2, 0, 0, 0, 0, 10])
    assert parse_mac("02:00:00:00:00:0a:ff") == bytes([2, 0, 0, 0, 0, 10])
    assert parse_mac("zz") is None
    assert parse_mac("02:00:00:00:00") is None


def test_state_names() -> None:
    assert state_n2a(0x80, False) == "permanent"
    assert state_n2a(0x40, False) == "static"
    assert state_n2a(0x04, False) == "stale"
    assert state_n2a(0x02, False) == ""
    assert state_n2a(0x01, False) == "state=0x1"
    assert state_n2a(0x01, True) == "0x1"


def test_fdb_show_lists_self_entries_then_master_entries(world: World) -> None:
    _setup(world)
    out = run(world, "bridge", "fdb", "show").out.splitlines()
    assert "02:00:00:00:00:10 dev veth0 master br0 permanent" in out
    assert out.index("02:00:00:00:00:10 dev veth0 master br0 permanent") \
        < out.index("33:33:00:00:00:01 dev veth0 self permanent")
    dev_only = run(world, "bridge", "fdb", "show", "dev", "veth0").out
    assert "02:00:00:00:00:10 master br0 permanent\n" in dev_only


def test_fdb_add_del_and_errors(world: World) -> None:
    _setup(world)
    assert run(world, "bridge", "fdb", "add", "02:00:00:00:00:01", "dev", "veth0",
               "master", "static").status == 0
    again = run(world, "bridge", "fdb", "add", "02:00:00:00:00:01", "dev", "veth0",
                "master", "static")
    assert (again.status, again.err) == (255, "RTNETLINK answers: File exists\n")
    shown = run(world, "bridge", "fdb", "show", "br", "br0").out
    assert "02:00:00:00:00:01 dev veth0 master br0 static\n" in shown
    gone = run(world, "bridge", "fdb", "del", "02:00:00:00:00:01", "dev", "veth0")
    assert gone.err == "RTNETLINK answers: No such file or directory\n"   # self by default
    assert run(world, "bridge", "fdb", "del", "02:00:00:00:00:01", "dev", "veth0",
               "master").status == 0
    bad = run(world, "bridge", "fdb", "add", "zz", "dev", "veth0", "master")
    assert (bad.status, bad.err) == (255, "Invalid mac address zz\n")
    nodev = run(world, "bridge", "fdb", "show", "br", "nope")
    assert (nodev.status, nodev.err) == (255, 'Cannot find bridge device "nope"\n')


def test_fdb_json(world: World) -> None:
    _setup(world)
    data = json.loads(run(world, "bridge", "-j", "fdb", "show", "br", "br0").out)
    local = [e for e in data if e.get("master") == "br0"]
    assert local == [{"mac": "02:00:00:00:00:10", "ifname": "veth0", "flags": [],
                      "master": "br0", "state": "permanent"}]


def test_link_show_marks_a_down_peer_and_names_a_foreign_index(world: World) -> None:
    _setup(world)
    line = run(world, "bridge", "link").out
    assert line == ("4: veth0@veth1: <BROADCAST,MULTICAST,M-DOWN> mtu 1500 master br0 "
                    "state disabled priority 32 cost 2 \n")
    run(world, "ip", "netns", "add", "ns1")
    run(world, "ip", "link", "add", "v2", "type", "veth", "peer", "name", "e2", "netns", "ns1")
    run(world, "ip", "link", "set", "v2", "master", "br0")
    out = run(world, "bridge", "link", "show", "dev", "v2").out
    assert out.startswith("5: v2@br0: <BROADCAST,MULTICAST,M-DOWN>")  # e2 is index 2 in ns1


def test_link_set_statuses(world: World) -> None:
    _setup(world)
    assert run(world, "bridge", "link", "set", "dev", "veth0", "cost", "7").status == 0
    assert "cost 7 " in run(world, "bridge", "link").out
    bad = run(world, "bridge", "link", "set", "dev", "veth0", "hairpin", "maybe")
    assert bad.status == 234
    assert run(world, "bridge", "link", "set", "dev", "br0", "cost", "5").err == \
        "RTNETLINK answers: Operation not supported\n"
    assert run(world, "bridge", "link", "set", "dev", "veth0", "state", "3").err == \
        "RTNETLINK answers: Network is down\n"


def test_object_and_option_errors(world: World) -> None:
    assert run(world, "bridge", "bogus").err == 'Object "bogus" is unknown, try "bridge help".\n'
    assert run(world, "bridge", "-x", "link").status == 255
    assert run(world, "bridge", "-V").out == "bridge utility, 6.1.0\n"
