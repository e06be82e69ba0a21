"""Renderings of the IPv6 state (vnet.net.ipv6_print, re-exported by addrconf): the `ip
addr` inet6 lines and JSON, `ip -6 route` lines and JSON with the fib6 dump order,
/proc/net/if_inet6, ifconfig's inet6 lines and `ip maddr`. Golden text from Linux."""

from __future__ import annotations

import json

from vnet.link import rtnl
from vnet.net import addrconf as AC
from vnet.net import ipv6_addr as A
from vnet.net import ipv6_fib as F
from vnet.sim import new_world
from vnet.wire.mac import mac_from_str


def configured():  # type: ignore[no-untyped-def]
    world = new_world(0)
    ns = world.init_ns
    v0, v1 = rtnl.add_veth(ns, "v0", "v1", mac=mac_from_str("02:11:22:33:44:55"),
                           peer_mac=mac_from_str("02:11:22:33:44:66"))
    for dev in (ns.get("lo"), v0, v1):
        dev.set_up()
        world.settle()
    return world, ns, v0, v1


def test_inet6_lines_keep_iproute2_trailing_space() -> None:
    world, ns, v0, v1 = configured()
    assert AC.inet6_lines(v0.ip6[0]) == (
        "    inet6 fe80::11:22ff:fe33:4455/64 scope link tentative \n"
        "       valid_lft forever preferred_lft forever\n")
    assert AC.inet6_lines(v0.ip6[0], oneline=True) == (
        "    inet6 fe80::11:22ff:fe33:4455/64 scope link tentative \\"
        "       valid_lft forever preferred_lft forever\n")


def test_inet6_json_matches_ip_j_addr() -> None:
    world, ns, v0, v1 = configured()
    assert json.dumps(AC.inet6_json(v0.ip6[0]), separators=(",", ":")) == (
        '{"family":"inet6","local":"fe80::11:22ff:fe33:4455","prefixlen":64,"scope":"link",'
        '"tentative":true,"valid_life_time":4294967295,"preferred_life_time":4294967295}')
    world.run_for(3)
    assert "tentative" not in AC.inet6_json(v0.ip6[0])
    lo = ns.get("lo").ip6[0]
    assert AC.inet6_json(lo) == {"family": "inet6", "local": "::1", "prefixlen": 128,
                                 "scope": "host", "valid_life_time": 4294967295,
                                 "preferred_life_time": 4294967295}


def test_unknown_flag_bits_print_in_hex() -> None:
    world, ns, v0, v1 = configured()
    ifa = v0.ip6[0]
    ifa.flags |= 0x1000
    assert "scope link tentative flags 1000 \n" in AC.inet6_lines(ifa)
    assert AC.inet6_json(ifa)["ifa_flags"] == "1000"


def test_route_table_all_after_dad() -> None:
    world, ns, v0, v1 = configured()
    world.run_for(3)
    # v1 came up second, giving both ends carrier: v1 is configured first (linkwatch order)
    assert AC.ipv6_route_lines(ns, "all") == (
        "fe80::/64 dev v1 proto kernel metric 256 pref medium\n"
        "fe80::/64 dev v0 proto kernel metric 256 pref medium\n"
        "local ::1 dev lo table local proto kernel metric 0 pref medium\n"
        "local fe80::11:22ff:fe33:4455 dev v0 table local proto kernel metric 0 pref medium\n"
        "local fe80::11:22ff:fe33:4466 dev v1 table local proto kernel metric 0 pref medium\n"
        "multicast ff00::/8 dev v1 table local proto kernel metric 256 pref medium\n"
        "multicast ff00::/8 dev v0 table local proto kernel metric 256 pref medium\n")
    assert AC.ipv6_route_lines(ns) == (
        "fe80::/64 dev v1 proto kernel metric 256 pref medium\n"
        "fe80::/64 dev v0 proto kernel metric 256 pref medium\n")
    assert AC.ipv6_route_lines(ns, 255).startswith(
        "local ::1 dev lo proto kernel metric 0 pref medium\n")


def test_route_json_and_details() -> None:
    world, ns, v0, v1 = configured()
    v1.set_down()
    world.settle()
    now = world.now
    assert AC.ipv6_route_json(ns, "all") == [
        {"dst": "fe80::/64", "dev": "v0", "protocol": "kernel", "metric": 256,
         "flags": ["linkdown"], "pref": "medium"},
        {"type": "local", "dst": "::1", "dev": "lo", "table": "local", "protocol": "kernel",
         "metric": 0, "flags": [], "pref": "medium"},
        {"type": "multicast", "dst": "ff00::/8", "dev": "v0", "table": "local",
         "protocol": "kernel", "metric": 256, "flags": ["linkdown"], "pref": "medium"},
    ]
    route = ns.ipv6.fib.routes(F.RT_TABLE_MAIN)[0]
    assert AC.route6_line(route, now, show_table=False, details=True, omit=("dev",)) == \
        "unicast fe80::/64 proto kernel scope global metric 256 linkdown pref medium"


def test_dump_order_is_post_order_default_last() -> None:
    fib = F.Fib6()
    for text, plen, metric in [("::", 0, 1024), ("2001:db8::", 32, 1024),
                               ("2001:db8::", 64, 1024), ("2001:db8::", 64, 100),
                               ("fe80::", 64, 256), ("::1", 128, 256), ("ff00::", 8, 256)]:
        fib.add(F.Route6(A.from_str(text), plen, metric=metric))
    order = [(A.to_str(r.dst), r.plen, r.metric) for r in fib.routes(F.RT_TABLE_MAIN)]
    assert order == [("::1", 128, 256), ("2001:db8::", 64, 100), ("2001:db8::", 64, 1024),
                     ("2001:db8::", 32, 1024), ("fe80::", 64, 256), ("ff00::", 8, 256),
                     ("::", 0, 1024)]


def test_fib_refuses_duplicates_and_orders_tables_by_hash_bucket() -> None:
    fib = F.Fib6()
    route = F.Route6(A.from_str("2001:db8::"), 64)
    assert fib.add(route)
    assert not fib.add(F.Route6(A.from_str("2001:db8::"), 64))
    try:
        fib.add(F.Route6(A.from_str("2001:db8::"), 64), exclusive=True)
    except F.Fib6Error as err:
        assert err.errno_name == "EEXIST"
    else:
        raise AssertionError("EEXIST expected")
    fib.add(F.Route6(0, 0, table=100))
    fib.add(F.Route6(0, 0, table=1000))
    assert fib.table_ids() == [100, 1000, 254, 255]
    route_line = AC.route6_line(F.Route6(0, 0, table=100, gateway=A.from_str("fe80::1"),
                                         dev=None, metric=1024), 0)
    assert route_line == "default via fe80::1 table 100 metric 1024 pref medium"


def test_proc_if_inet6_and_ifconfig_lines() -> None:
    world, ns, v0, v1 = configured()
    assert AC.if_inet6(ns) == (
        "00000000000000000000000000000001 01 80 10 80       lo\n"
        "fe80000000000000001122fffe334466 02 40 20 c0       v1\n"
        "fe80000000000000001122fffe334455 03 40 20 c0       v0\n")
    assert AC.ifconfig_inet6_lines(v0) == \
        "        inet6 fe80::11:22ff:fe33:4455  prefixlen 64  scopeid 0x20<link>\n"
    assert AC.ifconfig_inet6_lines(ns.get("lo")) == \
        "        inet6 ::1  prefixlen 128  scopeid 0x10<host>\n"


def test_maddr_lines() -> None:
    world, ns, v0, v1 = configured()
    assert AC.maddr_lines(ns) == (
        "1:\tlo\n\tinet  224.0.0.1\n\tinet6 ff02::1\n\tinet6 ff01::1\n"
        "2:\tv1\n\tlink  33:33:00:00:00:01\n\tlink  01:00:5e:00:00:01\n"
        "\tlink  33:33:ff:33:44:66\n\tinet  224.0.0.1\n\tinet6 ff02::1:ff33:4466\n"
        "\tinet6 ff02::1\n\tinet6 ff01::1\n"
        "3:\tv0\n\tlink  33:33:00:00:00:01\n\tlink  01:00:5e:00:00:01\n"
        "\tlink  33:33:ff:33:44:55\n\tinet  224.0.0.1\n\tinet6 ff02::1:ff33:4455\n"
        "\tinet6 ff02::1\n\tinet6 ff01::1\n")
    assert AC.maddr_lines(ns, v0, family="inet6") == (
        "3:\tv0\n\tinet6 ff02::1:ff33:4455\n\tinet6 ff02::1\n\tinet6 ff01::1\n")
