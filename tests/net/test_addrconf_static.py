"""Addresses the user adds and deletes (inet6_addr_add/inet6_addr_del, `ip -6 addr`):
the kernel's refusals and messages, list order, prefix routes, lifetimes and expiry.
Expected lines are what Linux 6.x printed for the same steps."""

from __future__ import annotations

import pytest

from vnet.link import rtnl
from vnet.net import addrconf as AC
from vnet.net import ipv6_addr as A
from vnet.sim import new_world


def pair(up: bool = True):  # type: ignore[no-untyped-def]
    world = new_world(0)
    ns = world.init_ns
    v0, v1 = rtnl.add_veth(ns, "v0", "v1")
    if up:
        for dev in (v0, v1):
            dev.set_up()
            world.settle()
    return world, ns, v0, v1


def add(world, dev, text: str, **kw):  # type: ignore[no-untyped-def]
    addr, plen = text.split("/")
    ifa = AC.inet6_addr_add(dev, A.from_str(addr), int(plen), **kw)
    world.settle()
    return ifa


def first_lines(dev) -> list[str]:  # type: ignore[no-untyped-def]
    return [AC.inet6_lines(a).split("\n")[0] for a in dev.ip6]


@pytest.mark.parametrize(("text", "errno", "message"), [
    ("ff02::5/64", "EADDRNOTAVAIL",
     'ipv6: Cannot assign multicast address without "IFA_F_MCAUTOJOIN" flag'),
    ("::/64", "EADDRNOTAVAIL", "ipv6: Invalid address"),
    ("::1/128", "EADDRNOTAVAIL", "ipv6: Cannot assign loopback address on this device"),
])
def test_refused_addresses(text: str, errno: str, message: str) -> None:
    world, ns, v0, v1 = pair(up=False)
    with pytest.raises(AC.AddrError) as err:
        add(world, v0, text)
    assert (err.value.errno_name, err.value.message) == (errno, message)


def test_duplicate_and_missing() -> None:
    world, ns, v0, v1 = pair()
    add(world, v0, "2001:db8::1/64")
    with pytest.raises(AC.AddrError) as err:
        add(world, v0, "2001:db8::1/64")
    assert err.value.message == "ipv6: address already assigned"
    with pytest.raises(AC.AddrError) as err:
        AC.inet6_addr_del(v0, A.from_str("2001:db8::1"), 63)
    assert (err.value.errno_name, err.value.message) == ("EADDRNOTAVAIL", "ipv6: address not found")


def test_no_inet6_device_below_1280() -> None:
    world, ns, v0, v1 = pair()
    v0.set_mtu(1200)
    world.settle()
    with pytest.raises(AC.AddrError) as err:
        add(world, v0, "2001:db8::1/64")
    assert (err.value.errno_name, err.value.message) == ("EINVAL", "")
    with pytest.raises(AC.AddrError) as err:
        AC.inet6_addr_del(v0, A.from_str("2001:db8::1"), 64)
    assert err.value.errno_name == "ENXIO"


def test_order_flags_and_routes_like_linux() -> None:
    world, ns, v0, v1 = pair(up=False)
    add(world, v0, "2001:db8::1/64", valid_lft=100, preferred_lft=50)
    add(world, v0, "2001:db8::2/64", preferred_lft=0)
    add(world, v0, "2001:db8::3/64", metric=55, flags=AC.IFA_F_NOPREFIXROUTE)
    add(world, v0, "2001:db8::4/64", metric=55)
    add(world, v0, "fec0::1/64")
    add(world, v0, "::ffff:1.2.3.4/64")
    assert first_lines(v0) == [
        "    inet6 ::ffff:1.2.3.4/64 scope global tentative ",
        "    inet6 2001:db8::4/64 metric 55 scope global tentative ",
        "    inet6 2001:db8::3/64 metric 55 scope global tentative noprefixroute ",
        "    inet6 2001:db8::2/64 scope global deprecated tentative ",
        "    inet6 2001:db8::1/64 scope global tentative dynamic ",
        "    inet6 fec0::1/64 scope site tentative ",
    ]
    assert AC.ipv6_route_lines(ns, "all") == ""       # down: no route yet
    for dev in (v0, v1):
        dev.set_up()
        world.settle()
    world.run_for(2)
    assert AC.inet6_lines(v0.ip6[4]) == ("    inet6 2001:db8::1/64 scope global dynamic \n"
                                         "       valid_lft 98sec preferred_lft 48sec\n")
    assert AC.ipv6_route_lines(ns).splitlines() == [
        "::/64 dev v0 proto kernel metric 256 pref medium",
        "2001:db8::/64 dev v0 proto kernel metric 55 pref medium",
        "2001:db8::/64 dev v0 proto kernel metric 256 pref medium",
        "fe80::/64 dev v1 proto kernel metric 256 pref medium",
        "fe80::/64 dev v0 proto kernel metric 256 pref medium",
        "fec0::/64 dev v0 proto kernel metric 256 pref medium",
    ]
    assert [a.scope for a in v0.ip6][-1] == A.IFA_LINK


def test_link_local_addresses_sort_after_global_newest_first() -> None:
    world, ns, v0, v1 = pair()
    add(world, v0, "2001:db8::1/64")
    add(world, v0, "2001:db8:1::5/48", flags=AC.IFA_F_NODAD)
    add(world, v0, "fe80::1/64")
    assert [A.to_str(a.addr) for a in v0.ip6][:3] == ["2001:db8:1::5", "2001:db8::1", "fe80::1"]
    assert first_lines(v0)[0] == "    inet6 2001:db8:1::5/48 scope global nodad "


def test_delete_takes_prefix_route_unless_another_address_holds_it() -> None:
    world, ns, v0, v1 = pair()
    add(world, v0, "2001:db8::1/64")
    add(world, v0, "2001:db8::2/64")
    world.run_for(2.5)
    AC.inet6_addr_del(v0, A.from_str("2001:db8::1"), 64)
    world.settle()
    assert "2001:db8::/64 dev v0" in AC.ipv6_route_lines(ns)
    assert "local 2001:db8::1 " not in AC.ipv6_route_lines(ns, "local")
    AC.inet6_addr_del(v0, A.from_str("2001:db8::2"), 64)
    world.settle()
    assert "2001:db8::/64" not in AC.ipv6_route_lines(ns)
    assert A.multicast_mac(A.solicited_node(A.from_str("2001:db8::2"))) not in v0.mc_list


def test_solicited_node_groups_are_shared() -> None:
    world, ns, v0, v1 = pair()
    add(world, v0, "2001:db8::1/64")
    add(world, v0, "fe80::1/64")
    mac = A.multicast_mac(A.solicited_node(A.from_str("fe80::1")))
    AC.inet6_addr_del(v0, A.from_str("2001:db8::1"), 64)
    assert mac in v0.mc_list
    ns.ipv6.delete_address(v0.ip6[0])
    assert mac not in v0.mc_list


def test_lifetimes_deprecate_then_expire_and_route_lingers_until_gc() -> None:
    world, ns, v0, v1 = pair()
    ifa = add(world, v0, "2001:db8::1/64", valid_lft=5, preferred_lft=3, flags=AC.IFA_F_NODAD)
    main = AC.ipv6_route_lines(ns).splitlines()
    assert main[0] == "2001:db8::/64 dev v0 proto kernel metric 256 expires 4sec pref medium"
    assert (ifa.valid_lft, ifa.preferred_lft) == (5, 3)
    world.run_for(3.5)
    assert AC.inet6_lines(ifa) == ("    inet6 2001:db8::1/64 scope global nodad deprecated "
                                   "dynamic \n       valid_lft 2sec preferred_lft 0sec\n")
    world.run_for(2)
    assert ifa not in v0.ip6
    assert AC.ipv6_route_lines(ns).splitlines()[0].endswith("expires 0sec pref medium")
    world.run_for(3)                               # 3.5 s past: truncated toward zero
    assert AC.ipv6_route_lines(ns).splitlines()[0].endswith("expires -3sec pref medium")
    world.run_for(30)
    assert "2001:db8::/64" not in AC.ipv6_route_lines(ns)


def test_lo_address_added_while_down_gets_a_prefix_route_on_up() -> None:
    world = new_world(0)
    ns = world.init_ns
    lo = ns.get("lo")
    add(world, lo, "::1/128")
    assert AC.ipv6_route_lines(ns, "all") == \
        "local ::1 dev lo table local proto kernel metric 0 pref medium\n"
    lo.set_up()
    world.settle()
    assert AC.ipv6_route_lines(ns, "all").splitlines() == [
        "::1 dev lo proto kernel metric 256 pref medium",
        "local ::1 dev lo table local proto kernel metric 0 pref medium"]


def test_autojoin_multicast_address() -> None:
    world, ns, v0, v1 = pair()
    add(world, v0, "ff02::5/128", flags=AC.IFA_F_MCAUTOJOIN | AC.IFA_F_NODAD)
    assert (A.from_str("ff02::5"), 1) in AC.inet6_groups(v0)
    AC.inet6_addr_del(v0, A.from_str("ff02::5"), 128)
    assert (A.from_str("ff02::5"), 1) not in AC.inet6_groups(v0)


def test_change_and_replace_modify_in_place() -> None:
    world, ns, v0, v1 = pair()
    add(world, v0, "2001:db8::1/64", flags=AC.IFA_F_NODAD)
    ifa = add(world, v0, "2001:db8::1/64", valid_lft=100, preferred_lft=50, metric=20,
              replace=True)
    assert AC.inet6_lines(ifa) == ("    inet6 2001:db8::1/64 metric 20 scope global dynamic \n"
                                   "       valid_lft 100sec preferred_lft 50sec\n")
    main = AC.ipv6_route_lines(ns).splitlines()
    assert main[0] == "2001:db8::/64 dev v0 proto kernel metric 20 expires 99sec pref medium"
    add(world, v0, "2001:db8::1/64", flags=AC.IFA_F_NOPREFIXROUTE, replace=True)
    assert AC.inet6_lines(ifa).startswith(
        "    inet6 2001:db8::1/64 metric 20 scope global noprefixroute \n")
    assert "expires 99sec" in AC.ipv6_route_lines(ns)    # it had no prefix route to drop
    add(world, v0, "2001:db8::2/64", replace=True)       # missing: added
    add(world, v0, "2001:db8::1/48", replace=True)       # the /64 address, modified
    assert [(A.to_str(a.addr), a.prefixlen) for a in v0.ip6][:2] == [
        ("2001:db8::2", 64), ("2001:db8::1", 64)]
    assert AC.ipv6_route_lines(ns).splitlines()[:2] == [
        "2001:db8::/64 dev v0 proto kernel metric 20 pref medium",
        "2001:db8::/64 dev v0 proto kernel metric 256 pref medium"]
