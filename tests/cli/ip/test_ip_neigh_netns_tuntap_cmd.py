"""`ip neigh`, `ip netns` and `ip tuntap` on the simulator."""

from __future__ import annotations


def test_neighbours(ip) -> None:  # type: ignore[no-untyped-def]
    ip("link", "add", "v0", "type", "veth", "peer", "name", "v1")
    assert ip("neigh", "add", "10.0.0.2", "lladdr", "02:00:00:00:00:02", "dev", "v0").status == 0
    assert ip("neigh", "add", "10.0.0.3", "dev", "v0", "nud", "failed").status == 0
    ip("neigh", "add", "10.0.0.4", "lladdr", "02:00:00:00:00:04", "dev", "v0", "nud", "noarp")
    out = ip("neigh").out
    assert "10.0.0.2 dev v0 lladdr 02:00:00:00:00:02 PERMANENT \n" in out
    assert "10.0.0.3 dev v0 FAILED \n" in out
    assert "10.0.0.4" not in out
    assert "10.0.0.4" in ip("neigh", "show", "nud", "all").out
    r = ip("neigh", "add", "10.0.0.2", "lladdr", "02:00:00:00:00:02", "dev", "v0")
    assert (r.status, r.err) == (2, "RTNETLINK answers: File exists\n")
    r = ip("neigh", "add", "10.0.0.9", "dev", "v0")
    assert (r.status, r.err) == (2, "Error: No link layer address given.\n")
    r = ip("neigh", "del", "10.0.0.99", "dev", "v0")
    assert (r.status, r.err) == (2, "RTNETLINK answers: No such file or directory\n")
    assert ip("neigh", "flush", "dev", "v0").status == 0
    assert ip("-4", "neigh").out == "10.0.0.2 dev v0 lladdr 02:00:00:00:00:02 PERMANENT \n"
    assert ip("neigh", "flush").err == "Flush requires arguments.\n"


def test_netns_list_order_and_ids(ip, world) -> None:  # type: ignore[no-untyped-def]
    ip("netns", "add", "red")
    ip("netns", "add", "blue")
    assert ip("netns").out == "blue\nred\n"
    ip("link", "add", "v0", "type", "veth", "peer", "name", "v1")
    ip("link", "set", "v0", "netns", "red")
    assert ip("netns", "list").out == "blue\nred (id: 0)\n"
    assert ip("-j", "netns").out == '[{"name":"blue"},{"name":"red","id":0}]\n'
    r = ip("netns", "add", "red")
    assert (r.status, r.err) == (1, 'Cannot create namespace file "/run/netns/red": File exists\n')
    r = ip("netns", "del", "nosuch")
    assert r.err == 'Cannot remove namespace file "/run/netns/nosuch": No such file or directory\n'
    assert ip("netns", "add", "a/b").err == 'Invalid netns name "a/b"\n'
    ip("netns", "del", "red")
    assert ip("netns").out == "blue\n"
    assert world.init_ns.netnsids == {}


def test_netns_exec_and_identify(ip) -> None:  # type: ignore[no-untyped-def]
    ip("netns", "add", "red")
    assert ip("netns", "exec", "red", "ip", "netns", "identify").out == "red\n"
    assert ip("netns", "identify").out == "\n"
    r = ip("netns", "exec", "nosuch", "true")
    assert (r.status, r.err) == (255, 'Cannot open network namespace "nosuch": '
                                      "No such file or directory\n")


def test_tuntap(ip) -> None:  # type: ignore[no-untyped-def]
    assert ip("tuntap", "add", "dev", "tap0", "mode", "tap").status == 0
    assert ip("tuntap", "add", "mode", "tun", "pi", "user", "0").status == 0
    assert ip("tuntap").out == "tap0: tap persist\ntun0: tun pi persist filter user 0\n"
    assert "qlen 500\n    link/none \n" in ip("link", "show", "tun0").out
    r = ip("tuntap", "add", "dev", "tap0", "mode", "tap")
    assert (r.status, r.err) == (1, "ioctl(TUNSETIFF): Device or resource busy\n")
    r = ip("tuntap", "del", "tap0", "mode", "tun")
    assert (r.status, r.err) == (1, "ioctl(TUNSETIFF): Invalid argument\n")
    assert ip("tuntap", "add", "dev", "x").err == "You failed to specify a tunnel mode\n"
    assert ip("tuntap", "del", "tap0", "mode", "tap").status == 0
    assert ip("tuntap").out == "tun0: tun pi persist filter user 0\n"
