"""Duplicate Address Detection timing on the virtual clock (RFC 4862 5.4, addrconf_dad_*):
tentative for a random delay below router_solicitation_delay plus dad_transmits x
retrans_time, then valid with its local route; skipped for nodad, accept_dad 0 and lo."""

from __future__ import annotations

import pytest

from vnet.core.sched import NS_PER_SEC
from vnet.link import rtnl
from vnet.net import addrconf as AC
from vnet.net import ipv6_addr as A
from vnet.sim import new_world


def up_pair(seed: int = 0, **sysctls: str):  # type: ignore[no-untyped-def]
    world = new_world(seed)
    ns = world.init_ns
    for key, value in sysctls.items():                # default.* is copied at creation
        ns.sysctl.set(key.replace("__", "."), value)
    v0, v1 = rtnl.add_veth(ns, "v0", "v1")
    v0.set_up()
    world.settle()
    v1.set_up()
    world.settle()
    return world, ns, v0


def completion_time(world, dev) -> int:  # type: ignore[no-untyped-def]
    """Step the clock in 1 ms slices until the link-local address stops being tentative."""
    start = world.now
    while dev.ip6[0].tentative:
        world.run_for(0.001)
        assert world.now - start < 10 * NS_PER_SEC
    return world.now - start


def local_routes(ns) -> list[str]:  # type: ignore[no-untyped-def]
    return [line for line in AC.ipv6_route_lines(ns, "local").splitlines()
            if line.startswith("local fe80")]


@pytest.mark.parametrize("seed", range(8))
def test_valid_after_random_delay_plus_one_retrans_time(seed: int) -> None:
    world, ns, v0 = up_pair(seed)
    assert v0.ip6[0].tentative and local_routes(ns) == []
    took = completion_time(world, v0)
    assert NS_PER_SEC <= took < 2 * NS_PER_SEC + 1_000_000
    assert [r for r in local_routes(ns) if r.endswith("dev v0 proto kernel metric 0 pref medium")]


def test_delay_is_drawn_from_the_world_rng() -> None:
    times = {completion_time(w, v) for w, _ns, v in (up_pair(s) for s in range(6))}
    assert len(times) > 1
    again = {completion_time(w, v) for w, _ns, v in (up_pair(s) for s in range(6))}
    assert again == times


def test_solicited_node_group_is_joined_when_dad_begins() -> None:
    world, ns, v0 = up_pair()
    group = A.solicited_node(v0.ip6[0].addr)
    assert (group, 1) in AC.inet6_groups(v0)
    assert A.multicast_mac(group) in v0.mc_list


def test_dad_transmits_two_takes_one_more_second() -> None:
    world, ns, v0 = up_pair(0, net__ipv6__conf__default__dad_transmits="2")
    took = completion_time(world, v0)
    assert 2 * NS_PER_SEC <= took < 3 * NS_PER_SEC + 1_000_000


def test_dad_transmits_zero_ends_after_the_random_delay() -> None:
    world, ns, v0 = up_pair(0, net__ipv6__conf__default__dad_transmits="0")
    assert completion_time(world, v0) < NS_PER_SEC


def test_retrans_time_sets_the_probe_interval() -> None:
    world, ns, v0 = up_pair(0, net__ipv6__neigh__default__retrans_time_ms="3000")
    took = completion_time(world, v0)
    assert 3 * NS_PER_SEC <= took < 4 * NS_PER_SEC + 1_000_000


def test_accept_dad_zero_skips_dad() -> None:
    world, ns, v0 = up_pair(0, net__ipv6__conf__default__accept_dad="0")
    assert not v0.ip6[0].tentative
    assert len(local_routes(ns)) == 2


def test_nodad_address_is_valid_at_once() -> None:
    world, ns, v0 = up_pair()
    ifa = AC.inet6_addr_add(v0, A.from_str("2001:db8::1"), 64, flags=AC.IFA_F_NODAD)
    world.settle()
    assert not ifa.tentative
    assert "local 2001:db8::1 dev v0 proto kernel metric 0 pref medium" in \
        AC.ipv6_route_lines(ns, 255)


def test_address_on_a_down_device_stays_tentative_until_the_link_is_ready() -> None:
    world = new_world(0)
    ns = world.init_ns
    v0, v1 = rtnl.add_veth(ns, "v0", "v1")
    ifa = AC.inet6_addr_add(v0, A.from_str("2001:db8::1"), 64)
    world.run_for(5)
    assert ifa.tentative
    assert A.multicast_mac(A.solicited_node(ifa.addr)) in v0.mc_list
    v0.set_up()
    world.settle()
    v1.set_up()
    world.settle()
    world.run_for(2.1)
    assert not ifa.tentative


def test_down_during_dad_cancels_it() -> None:
    world, ns, v0 = up_pair()
    ifa = v0.ip6[0]
    v0.set_down()
    world.settle()
    world.run_for(3)
    assert ifa.state == AC.STATE_DEAD and v0.ip6 == []
    assert local_routes(ns) != [] and all("dev v0" not in r for r in local_routes(ns))


def test_optimistic_dad_routes_at_once_and_skips_the_delay() -> None:
    world, ns, v0 = up_pair(0, net__ipv6__conf__default__optimistic_dad="1")
    ifa = v0.ip6[0]
    assert ifa.flags & AC.IFA_F_OPTIMISTIC and ifa.tentative
    assert AC.inet6_lines(ifa).split("\n")[0].endswith("scope link optimistic tentative ")
    assert [r for r in local_routes(ns) if " dev v0 " in r]
    assert completion_time(world, v0) == NS_PER_SEC          # no random delay
    assert not ifa.flags & AC.IFA_F_OPTIMISTIC


def test_optimistic_flag_is_dropped_unless_enabled() -> None:
    world, ns, v0 = up_pair()
    ifa = AC.inet6_addr_add(v0, A.from_str("2001:db8::1"), 64, flags=AC.IFA_F_OPTIMISTIC)
    assert not ifa.flags & AC.IFA_F_OPTIMISTIC and ifa.tentative
