"""net.ipv6.conf.* sysctls acting on address configuration (addrconf_sysctl_* handlers):
disable_ipv6, addr_gen_mode, forwarding and mtu, for one device, `all` and `default`."""

from __future__ import annotations

import pytest

from vnet.link import rtnl
from vnet.net import addrconf as AC
from vnet.net import ipv6_addr as A
from vnet.sim import new_world
from vnet.wire.mac import mac_from_str, mac_to_str

LL0 = "fe80::11:22ff:fe33:4455"


def ready_pair():  # type: ignore[no-untyped-def]
    world = new_world(0)
    ns = world.init_ns
    v0, v1 = rtnl.add_veth(ns, "v0", "v1", mac=mac_from_str("02:11:22:33:44:55"),
                           peer_mac=mac_from_str("02:11:22:33:44:66"))
    for dev in (v0, v1):
        dev.set_up()
        world.settle()
    world.run_for(2.5)
    return world, ns, v0, v1


def sysctl(world, ns, key: str, value: str) -> None:  # type: ignore[no-untyped-def]
    ns.sysctl.set(key, value)
    world.settle()


def addrs(dev) -> list[str]:  # type: ignore[no-untyped-def]
    return [A.to_str(a.addr) + (" tentative" if a.tentative else "") for a in dev.ip6]


def mcs(dev) -> list[str]:  # type: ignore[no-untyped-def]
    return [mac_to_str(m) for m in dev.mc_list]


def test_default_keys_exist_with_linux_values() -> None:
    ns = new_world(0).init_ns
    assert ns.sysctl.get("net.ipv6.conf.all.accept_dad") == "0"
    assert ns.sysctl.get("net.ipv6.conf.default.accept_dad") == "1"
    assert ns.sysctl.get("net.ipv6.conf.default.mtu") == "1280"
    assert ns.sysctl.get("net.ipv6.conf.default.router_solicitations") == "-1"
    assert ns.sysctl.get("net.ipv6.conf.lo.mtu") == "65536"
    assert ns.sysctl.get("/proc/sys/net/ipv6/conf/all/disable_ipv6") == "0"
    assert ns.sysctl.get("net.ipv6.route.gc_interval") == "30"


def test_disable_one_device_removes_its_addresses_routes_and_groups() -> None:
    world, ns, v0, v1 = ready_pair()
    sysctl(world, ns, "net.ipv6.conf.v0.disable_ipv6", "1")
    assert v0.ip6 == [] and mcs(v0) == ["01:00:5e:00:00:01"]
    assert all("dev v0" not in r for r in AC.ipv6_route_lines(ns, "all").splitlines())
    assert addrs(v1) == ["fe80::11:22ff:fe33:4466"]
    with pytest.raises(AC.AddrError) as err:
        AC.inet6_addr_add(v0, A.from_str("2001:db8::1"), 64)
    assert err.value.errno_name == "EACCES"
    assert err.value.message == "ipv6: IPv6 is disabled on this device"
    sysctl(world, ns, "net.ipv6.conf.v0.disable_ipv6", "0")
    assert addrs(v0) == [f"{LL0} tentative"]
    assert mcs(v0) == ["01:00:5e:00:00:01", "33:33:00:00:00:01", "33:33:ff:33:44:55"]


def test_disable_all_sets_default_and_every_device() -> None:
    world, ns, v0, v1 = ready_pair()
    sysctl(world, ns, "net.ipv6.conf.all.disable_ipv6", "1")
    for dev in ("default", "v0", "v1", "lo"):
        assert ns.sysctl.get(f"net.ipv6.conf.{dev}.disable_ipv6") == "1"
    assert v0.ip6 == [] and v1.ip6 == [] and AC.ipv6_route_lines(ns, "all") == ""
    sysctl(world, ns, "net.ipv6.conf.all.disable_ipv6", "0")
    assert addrs(v1) == ["fe80::11:22ff:fe33:4466 tentative"] and len(v0.ip6) == 1
    assert ns.get("lo").ip6 == []                 # lo is down: nothing to configure


def test_disable_default_affects_only_new_devices() -> None:
    world, ns, v0, v1 = ready_pair()
    sysctl(world, ns, "net.ipv6.conf.default.disable_ipv6", "1")
    assert len(v0.ip6) == 1
    rtnl.add_veth(ns, "v2", "v3")
    assert ns.sysctl.get("net.ipv6.conf.v2.disable_ipv6") == "1"


def test_addr_gen_mode_none_random_and_refusals() -> None:
    world, ns, v0, v1 = ready_pair()
    sysctl(world, ns, "net.ipv6.conf.v0.addr_gen_mode", "1")
    assert addrs(v0) == [LL0]                      # mode none adds nothing, removes nothing
    sysctl(world, ns, "net.ipv6.conf.v0.addr_gen_mode", "3")
    assert len(v0.ip6) == 2 and v0.ip6[1].addr == A.from_str(LL0)
    random_ll = v0.ip6[0]
    assert random_ll.flags & AC.IFA_F_STABLE_PRIVACY and random_ll.tentative
    assert AC.inet6_lines(random_ll).split("\n")[0].endswith("scope link tentative stable-privacy ")
    sysctl(world, ns, "net.ipv6.conf.v0.addr_gen_mode", "2")  # the random secret now exists
    assert len(v0.ip6) == 2                         # the same stable address again
    for bad in ("4", "-1", "x"):
        with pytest.raises(ValueError):
            ns.sysctl.set("net.ipv6.conf.v0.addr_gen_mode", bad)
        assert ns.sysctl.get("net.ipv6.conf.v0.addr_gen_mode") == "2"
    with pytest.raises(ValueError):                # stable_secret without a secret
        ns.sysctl.set("net.ipv6.conf.v1.addr_gen_mode", "2")
    assert ns.sysctl.get("net.ipv6.conf.v1.addr_gen_mode") == "0"


def test_addr_gen_mode_applies_at_next_up_through_ip_link() -> None:
    world, ns, v0, v1 = ready_pair()
    v1.set_down()
    world.settle()
    AC.set_addr_gen_mode(v1, AC.GEN_NONE)
    assert AC.addr_gen_mode_name(v1) == "none"
    v1.set_up()
    world.settle()
    assert v1.ip6 == []
    assert "fe80::/64 dev v1" not in AC.ipv6_route_lines(ns)
    with pytest.raises(AC.AddrError):
        AC.set_addr_gen_mode(v1, AC.GEN_STABLE_PRIVACY)


def test_forwarding_joins_routers_groups_and_subnet_anycast() -> None:
    world, ns, v0, v1 = ready_pair()
    sysctl(world, ns, "net.ipv6.conf.all.forwarding", "1")
    assert ns.sysctl.get("net.ipv6.conf.default.forwarding") == "1"
    assert ns.sysctl.get("net.ipv6.conf.v1.forwarding") == "1"
    assert mcs(v1) == ["33:33:00:00:00:01", "01:00:5e:00:00:01", "33:33:ff:33:44:66",
                       "33:33:00:00:00:02", "33:33:ff:00:00:00"]
    assert AC.maddr_lines(ns, v1) == (
        "2:\tv1\n\tlink  33:33:00:00:00:01\n\tlink  01:00:5e:00:00:01\n"
        "\tlink  33:33:ff:33:44:66\n\tlink  33:33:00:00:00:02 users 2\n"
        "\tlink  33:33:ff:00:00:00\n\tinet  224.0.0.1\n\tinet6 ff02::1:ff00:0\n"
        "\tinet6 ff05::2\n\tinet6 ff01::2\n\tinet6 ff02::2\n\tinet6 ff02::1:ff33:4466\n"
        "\tinet6 ff02::1\n\tinet6 ff01::1\n")
    local = AC.ipv6_route_lines(ns, "local").splitlines()
    assert local[:2] == ["anycast fe80:: dev v1 proto kernel metric 0 pref medium",
                         "anycast fe80:: dev v0 proto kernel metric 0 pref medium"]
    sysctl(world, ns, "net.ipv6.conf.all.forwarding", "0")
    assert mcs(v1) == ["33:33:00:00:00:01", "01:00:5e:00:00:01", "33:33:ff:33:44:66"]
    assert "anycast" not in AC.ipv6_route_lines(ns, "all")


def test_mtu_sysctl_is_bounded_by_1280_and_the_device() -> None:
    world, ns, v0, v1 = ready_pair()
    sysctl(world, ns, "net.ipv6.conf.v0.mtu", "1400")
    for bad in ("1279", "1501"):
        with pytest.raises(ValueError):
            ns.sysctl.set("net.ipv6.conf.v0.mtu", bad)
        assert ns.sysctl.get("net.ipv6.conf.v0.mtu") == "1400"
    sysctl(world, ns, "net.ipv6.conf.default.mtu", "9000")


def test_keep_addr_on_down_keeps_global_addresses_tentative() -> None:
    world, ns, v0, v1 = ready_pair()
    sysctl(world, ns, "net.ipv6.conf.v0.keep_addr_on_down", "1")
    AC.inet6_addr_add(v0, A.from_str("2001:db8::1"), 64)
    world.run_for(2.5)
    v0.set_down()
    world.settle()
    assert addrs(v0) == ["2001:db8::1 tentative"]  # the link-local address still goes
    assert mcs(v0) == []
    v0.set_up()
    world.settle()
    assert mcs(v0) == ["01:00:5e:00:00:01", "33:33:00:00:00:01", "33:33:ff:00:00:01",
                       "33:33:ff:33:44:55"]
    world.run_for(2.5)
    assert addrs(v0) == ["2001:db8::1", LL0]
    assert "local 2001:db8::1 dev v0 proto kernel metric 0 pref medium" in \
        AC.ipv6_route_lines(ns, "local")
