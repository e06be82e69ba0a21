"""Address configuration following device events (vnet.net.addrconf), checked against
what Linux 6.x does in a fresh namespace: link-local addresses, kernel routes and the
link-layer multicast list in the kernel's order."""

from __future__ import annotations

from vnet.link import rtnl
from vnet.net import addrconf as AC
from vnet.net import ipv6_addr as A
from vnet.sim import new_world
from vnet.wire.mac import mac_from_str, mac_to_str

MAC0 = "02:11:22:33:44:55"
MAC1 = "02:11:22:33:44:66"
LL0 = "fe80::11:22ff:fe33:4455"
LL1 = "fe80::11:22ff:fe33:4466"


def lab(seed: int = 0):  # type: ignore[no-untyped-def]
    world = new_world(seed)
    ns = world.init_ns
    v0, v1 = rtnl.add_veth(ns, "v0", "v1", mac=mac_from_str(MAC0), peer_mac=mac_from_str(MAC1))
    return world, ns, v0, v1


def do(world, action, *args) -> None:  # type: ignore[no-untyped-def]
    """One command: the change, then the network settles (as between script lines)."""
    action(*args)
    world.settle()


def addrs(dev) -> list[str]:  # type: ignore[no-untyped-def]
    return [f"{A.to_str(a.addr)}/{a.prefixlen}{' tentative' if a.tentative else ''}"
            for a in dev.ip6]


def routes(ns) -> list[str]:  # type: ignore[no-untyped-def]
    return AC.ipv6_route_lines(ns, "all").splitlines()


def mcs(dev) -> list[str]:  # type: ignore[no-untyped-def]
    return [mac_to_str(m) for m in dev.mc_list]


def test_lo_up_gets_loopback_address_and_local_route() -> None:
    world = new_world(0)
    ns = world.init_ns
    lo = ns.get("lo")
    assert lo.ip6 == []
    do(world, lo.set_up)
    assert AC.inet6_lines(lo.ip6[0]) == (
        "    inet6 ::1/128 scope host \n       valid_lft forever preferred_lft forever\n")
    assert routes(ns) == ["local ::1 dev lo table local proto kernel metric 0 pref medium"]
    assert lo.mc_list == []                      # loopback maps no group to a MAC
    do(world, lo.set_down)
    assert lo.ip6 == [] and routes(ns) == []


def test_registration_joins_all_nodes_only() -> None:
    world, ns, v0, v1 = lab()
    assert mcs(v0) == ["33:33:00:00:00:01"] and mcs(v1) == ["33:33:00:00:00:01"]
    assert ns.sysctl.get("net.ipv6.conf.v0.mtu") == "1500"
    assert ns.sysctl.get("net.ipv6.conf.lo.accept_dad") == "-1"
    assert ns.sysctl.get("net.ipv6.conf.lo.use_tempaddr") == "-1"
    assert ns.sysctl.get("net.ipv6.conf.v0.accept_dad") == "1"


def test_up_without_carrier_configures_nothing() -> None:
    world, ns, v0, v1 = lab()
    do(world, v0.set_up)
    assert v0.ip6 == [] and routes(ns) == []
    assert mcs(v0) == ["33:33:00:00:00:01", "01:00:5e:00:00:01"]


def test_link_ready_gives_eui64_link_local_routes_and_groups() -> None:
    world, ns, v0, v1 = lab()
    do(world, v0.set_up)
    do(world, v1.set_up)
    assert addrs(v0) == [f"{LL0}/64 tentative"] and addrs(v1) == [f"{LL1}/64 tentative"]
    assert routes(ns) == [
        "fe80::/64 dev v1 proto kernel metric 256 pref medium",
        "fe80::/64 dev v0 proto kernel metric 256 pref medium",
        "multicast ff00::/8 dev v1 table local proto kernel metric 256 pref medium",
        "multicast ff00::/8 dev v0 table local proto kernel metric 256 pref medium",
    ]
    assert mcs(v0) == ["33:33:00:00:00:01", "01:00:5e:00:00:01", "33:33:ff:33:44:55"]
    assert mcs(v1) == ["33:33:00:00:00:01", "01:00:5e:00:00:01", "33:33:ff:33:44:66"]
    world.run_for(3)
    assert addrs(v0) == [f"{LL0}/64"]
    assert f"local {LL0} dev v0 table local proto kernel metric 0 pref medium" in routes(ns)


def test_carrier_loss_keeps_address_and_dad_completes() -> None:
    world, ns, v0, v1 = lab()
    do(world, v0.set_up)
    do(world, v1.set_up)
    do(world, v1.set_down)
    assert addrs(v0) == [f"{LL0}/64 tentative"] and v1.ip6 == []
    assert routes(ns) == [
        "fe80::/64 dev v0 proto kernel metric 256 linkdown pref medium",
        "multicast ff00::/8 dev v0 table local proto kernel metric 256 linkdown pref medium",
    ]
    world.run_for(3)
    assert addrs(v0) == [f"{LL0}/64"]
    assert f"local {LL0} dev v0 table local proto kernel metric 0 pref medium" in routes(ns)


def test_down_removes_addresses_routes_and_unloads_groups() -> None:
    world, ns, v0, v1 = lab()
    do(world, v0.set_up)
    do(world, v1.set_up)
    world.run_for(3)
    do(world, v0.set_down)
    assert v0.ip6 == [] and mcs(v0) == []
    assert all("dev v0" not in r for r in routes(ns))
    assert AC.inet6_groups(v0) == [(A.ALLNODES_LINK, 1), (A.ALLNODES_IFACE, 1)]
    do(world, v0.set_up)                             # IPv4's group first, then IPv6's
    assert mcs(v0) == ["01:00:5e:00:00:01", "33:33:00:00:00:01", "33:33:ff:33:44:55"]


def test_peer_coming_up_later_orders_routes_by_readiness() -> None:
    world, ns, v0, v1 = lab()
    do(world, v0.set_up)
    do(world, v1.set_up)
    world.run_for(3)
    do(world, v1.set_down)
    do(world, v1.set_up)
    assert routes(ns)[:2] == ["fe80::/64 dev v0 proto kernel metric 256 pref medium",
                              "fe80::/64 dev v1 proto kernel metric 256 pref medium"]
    assert mcs(v1) == ["01:00:5e:00:00:01", "33:33:00:00:00:01", "33:33:ff:33:44:66"]


def test_mac_change_keeps_the_link_local_address() -> None:
    world, ns, v0, v1 = lab()
    do(world, v0.set_up)
    do(world, v1.set_up)
    do(world, v0.set_mac, mac_from_str("02:11:22:33:44:77"))
    assert addrs(v0) == [f"{LL0}/64 tentative"]
    assert "33:33:ff:33:44:55" in mcs(v0)


def test_mtu_below_1280_stops_ipv6_and_restores_it() -> None:
    world, ns, v0, v1 = lab()
    do(world, v0.set_up)
    do(world, v1.set_up)
    do(world, v0.set_mtu, 1200)
    assert v0.ip6 == [] and mcs(v0) == ["01:00:5e:00:00:01"]
    assert "net.ipv6.conf.v0.mtu" not in ns.sysctl.values
    assert AC.addr_gen_mode_name(v0) is None
    do(world, v0.set_mtu, 1500)
    assert addrs(v0) == [f"{LL0}/64 tentative"]
    assert mcs(v0) == ["01:00:5e:00:00:01", "33:33:00:00:00:01", "33:33:ff:33:44:55"]
    do(world, v0.set_mtu, 1400)
    assert ns.sysctl.get("net.ipv6.conf.v0.mtu") == "1400"


def test_move_to_another_namespace_starts_afresh() -> None:
    world, ns, v0, v1 = lab()
    do(world, v0.set_up)
    do(world, v1.set_up)
    other = world.add_netns("x")
    do(world, rtnl.set_netns, v0, other)
    assert v0.ip6 == [] and mcs(v0) == ["33:33:00:00:00:01"]
    assert all(" linkdown " in r for r in routes(ns))
    assert "net.ipv6.conf.v0.mtu" not in ns.sysctl.values
    assert other.sysctl.get("net.ipv6.conf.v0.mtu") == "1500"
    do(world, v0.set_up)
    assert addrs(v0) == [f"{LL0}/64 tentative"]
    assert routes(other) == [
        "fe80::/64 dev v0 proto kernel metric 256 pref medium",
        "multicast ff00::/8 dev v0 table local proto kernel metric 256 pref medium"]
    assert routes(ns) == [                           # v1 has its carrier back
        "fe80::/64 dev v1 proto kernel metric 256 pref medium",
        "multicast ff00::/8 dev v1 table local proto kernel metric 256 pref medium"]


def test_rename_moves_the_sysctl_keys() -> None:
    world, ns, v0, v1 = lab()
    do(world, rtnl.set_name, v1, "w1")
    assert "net.ipv6.conf.v1.mtu" not in ns.sysctl.values
    assert ns.sysctl.get("net.ipv6.conf.w1.mtu") == "1500"


def test_delete_removes_everything() -> None:
    world, ns, v0, v1 = lab()
    do(world, v0.set_up)
    do(world, v1.set_up)
    do(world, rtnl.delete, v0)
    assert routes(ns) == [] and ns.ipv6.idevs.keys() == {ns.get("lo")}
    assert not [k for k in ns.sysctl.values if k.startswith(("net.ipv6.conf.v0.",
                                                            "net.ipv6.conf.v1."))]


def test_tap_without_carrier_gets_no_address() -> None:
    world = new_world(0)
    ns = world.init_ns
    tap = rtnl.add_tuntap(ns, "tap0", "tap")
    do(world, tap.set_up)
    assert tap.ip6 == [] and mcs(tap) == ["33:33:00:00:00:01", "01:00:5e:00:00:01"]


def test_bridge_and_its_port_both_get_link_local_addresses() -> None:
    world, ns, v0, v1 = lab()
    br = rtnl.add_bridge(ns, "br0")
    do(world, br.set_mac, mac_from_str("02:00:00:00:00:b0"))
    do(world, br.set_up)
    assert br.ip6 == []                              # no port forwards: no carrier
    do(world, rtnl.set_master, v0, br)
    do(world, v0.set_up)
    do(world, v1.set_up)
    assert addrs(br) == ["fe80::ff:fe00:b0/64 tentative"]
    assert addrs(v0) == [f"{LL0}/64 tentative"]
    assert routes(ns)[:3] == ["fe80::/64 dev v1 proto kernel metric 256 pref medium",
                              "fe80::/64 dev v0 proto kernel metric 256 pref medium",
                              "fe80::/64 dev br0 proto kernel metric 256 pref medium"]


def test_namespaces_are_independent() -> None:
    world = new_world(0)
    a, b = world.add_netns("a"), world.add_netns("b")
    va, vb = rtnl.add_veth(a, "va", "vb", peer_ns=b)
    do(world, va.set_up)
    do(world, vb.set_up)
    assert len(va.ip6) == 1 and len(vb.ip6) == 1
    assert a.ipv6.fib is not b.ipv6.fib
    assert all("vb" not in r for r in routes(a))
    assert routes(world.init_ns) == []


def test_tun_with_carrier_gets_random_link_local_without_dad() -> None:
    world = new_world(0)
    ns = world.init_ns
    tun = rtnl.add_tuntap(ns, "tun0", "tun")
    do(world, tun.set_up)
    assert tun.ip6 == []
    do(world, tun.attach, lambda frame: None)      # a program opens the device: carrier
    assert len(tun.ip6) == 1
    ifa = tun.ip6[0]
    assert ifa.flags & AC.IFA_F_STABLE_PRIVACY and not ifa.tentative   # NOARP: no DAD
    assert A.to_str(ifa.addr).startswith("fe80::")
    assert ns.sysctl.get("net.ipv6.conf.tun0.addr_gen_mode") == "3"     # no EUI-64 on tun
    assert ns.sysctl.get("net.ipv6.conf.tun0.accept_dad") == "-1"
    assert AC.inet6_groups(tun) == [(A.ALLNODES_LINK, 1), (A.ALLNODES_IFACE, 1)]
    assert tun.mc_list == []                       # no link-layer mapping
    do(world, tun.detach)
    assert len(tun.ip6) == 1
    assert " linkdown " in AC.ipv6_route_lines(ns)


def test_loopback_address_joins_no_solicited_node_group() -> None:
    world = new_world(0)
    lo = world.init_ns.get("lo")
    AC.inet6_addr_add(lo, 1, 128)
    world.settle()
    assert AC.inet6_groups(lo) == [(A.ALLNODES_LINK, 1), (A.ALLNODES_IFACE, 1)]
    assert not lo.ip6[0].tentative
