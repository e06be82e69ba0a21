"""`ip link` on the simulator: creation, changes, listing formats and error texts."""

from __future__ import annotations


def test_veth_pair_names_and_indexes(ip, world) -> None:  # type: ignore[no-untyped-def]
    assert ip("link", "add", "type", "veth").status == 0
    out = ip("-br", "link").out
    # veth_newlink registers the peer first: it takes veth0 and the lower index
    assert out.splitlines()[1].startswith("veth0@veth1")
    assert world.init_ns.get("veth0").ifindex == 2


def test_link_header_and_states(ip) -> None:  # type: ignore[no-untyped-def]
    ip("link", "add", "v0", "type", "veth", "peer", "name", "v1")
    assert ip("link", "show", "v0").out.startswith(
        "3: v0@v1: <BROADCAST,MULTICAST,M-DOWN> mtu 1500 qdisc noop state DOWN mode DEFAULT "
        "group default qlen 1000\n    link/ether ")
    ip("link", "set", "v0", "up")
    assert "<NO-CARRIER,BROADCAST,MULTICAST,UP,M-DOWN>" in ip("link", "show", "v0").out
    assert "state LOWERLAYERDOWN" in ip("link", "show", "v0").out
    ip("link", "set", "v1", "up")
    out = ip("link", "show", "v0").out
    assert "<BROADCAST,MULTICAST,UP,LOWER_UP>" in out and "state UP" in out
    ip("link", "set", "v0", "down")
    assert "qdisc noqueue state DOWN" in ip("link", "show", "v0").out


def test_flags_mtu_alias_group(ip) -> None:  # type: ignore[no-untyped-def]
    ip("link", "add", "v0", "type", "veth", "peer", "name", "v1")
    assert ip("link", "set", "v0", "mtu", "1400", "arp", "off", "promisc", "on", "alias",
              "x y", "group", "5", "txqlen", "7").status == 0
    out = ip("link", "show", "v0").out
    assert "<BROADCAST,MULTICAST,NOARP,PROMISC,M-DOWN> mtu 1400" in out
    assert "group 5 qlen 7" in out and "\n    alias x y\n" in out
    assert "promiscuity 1 " in ip("-d", "link", "show", "v0").out


def test_rename_and_netns(ip, world) -> None:  # type: ignore[no-untyped-def]
    world.add_netns("red")
    ip("link", "add", "v0", "type", "veth", "peer", "name", "v1")
    assert ip("link", "set", "v0", "name", "v9").status == 0
    assert ip("link", "set", "v9", "netns", "red").status == 0
    assert "v1@if3" in ip("link", "show", "v1").out
    assert " link-netns red" in ip("link", "show", "v1").out
    assert " link-netnsid 0" in ip("link", "show", "v9", ns="red").out


def test_stats_table(ip) -> None:  # type: ignore[no-untyped-def]
    out = ip("-s", "-s", "link", "show", "lo").out
    assert "    RX:  bytes packets errors dropped  missed   mcast           \n" in out
    assert "    TX errors: aborted   fifo  window heartbt transns\n" in out


def test_errors(ip) -> None:  # type: ignore[no-untyped-def]
    ip("link", "add", "v0", "type", "veth", "peer", "name", "v1")
    cases = [
        (("link", "add", "v0", "type", "veth"), 2, "RTNETLINK answers: File exists\n"),
        (("link", "add", "x", "type", "nosuchkind"), 2, "Error: Unknown device type.\n"),
        (("link", "add", "x"), 1, 'Not enough information: "type" argument is required\n'),
        (("link", "set", "nosuch", "up"), 1, 'Cannot find device "nosuch"\n'),
        (("link", "set", "v0", "mtu", "10"), 2, "Error: mtu less than device minimum.\n"),
        (("link", "set", "v0", "address", "01:00:00:00:00:01"), 2,
         "RTNETLINK answers: Cannot assign requested address\n"),
        (("link", "set", "v0", "address", "02:00"), 1, "Invalid address length 2 - must be 6 bytes\n"),
        (("link", "set", "v0", "frob"), 255,
         'Error: either "dev" is duplicate, or "frob" is a garbage.\n'),
        (("link", "set", "v0", "carrier", "off"), 2, "RTNETLINK answers: Operation not supported\n"),
        (("link", "show", "nosuch"), 1, 'Device "nosuch" does not exist.\n'),
        (("link", "del", "lo"), 2, "RTNETLINK answers: Operation not supported\n"),
        (("link", "frob"), 255, 'Command "frob" is unknown, try "ip link help".\n'),
        (("link", "add", "t0", "type", "tun"), 2,
         "Error: tun/tap creation via rtnetlink is not supported.\n"),
    ]
    for argv, status, err in cases:
        r = ip(*argv)
        assert (r.status, r.err) == (status, err), argv


def test_bridge_options_and_rollback(ip, world) -> None:  # type: ignore[no-untyped-def]
    r = ip("link", "add", "br0", "type", "bridge", "hello_time", "50")
    assert (r.status, r.err) == (2, "RTNETLINK answers: Numerical result out of range\n")
    assert world.init_ns.get("br0") is None
    assert ip("link", "add", "br0", "type", "bridge", "stp_state", "1", "forward_delay",
              "100").status == 0
    out = ip("-d", "link", "show", "br0").out
    assert "forward_delay 200 " in out and "stp_state 1 " in out
    assert "bridge_id 8000.0:0:0:0:0:0 " in out       # no port yet, ether_ntoa format
