"""IPv6 address helpers (vnet.net.ipv6_addr): glibc inet_ntop forms, types and scopes,
modified EUI-64, solicited-node groups and their MACs. Golden values from Linux."""

from __future__ import annotations

import ipaddress

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vnet.net import ipv6_addr as A
from vnet.wire.mac import mac_from_str


@pytest.mark.parametrize("text", [
    "::", "::1", "fe80::1", "fe80::11:22ff:fe33:4455", "2001:db8::", "2001:db8:0:1::",
    "2001:db8::1:0:0:1", "1:0:1:0:1:0:1:0", "ff02::1:ff33:4455", "::ffff:1.2.3.4",
    "::0.2.0.3", "1::", "fe80::ff:fe00:b0", "2001:db8:1::5",
])
def test_to_str_round_trips_glibc_forms(text: str) -> None:
    assert A.to_str(A.from_str(text)) == text


def test_to_str_compresses_first_longest_run_of_two_or_more() -> None:
    assert A.to_str(A.from_str("2001:0:0:1:0:0:0:1")) == "2001:0:0:1::1"
    assert A.to_str(A.from_str("2001:0:0:1:0:0:1:1")) == "2001::1:0:0:1:1"
    assert A.to_str(A.from_str("2001:db8:0:1:1:1:1:1")) == "2001:db8:0:1:1:1:1:1"


def test_to_str_dotted_tail_only_for_mapped_and_compatible() -> None:
    assert A.to_str(A.from_str("::ffff:102:304")) == "::ffff:1.2.3.4"
    assert A.to_str(A.from_str("::102:304")) == "::1.2.3.4"
    assert A.to_str(A.from_str("::1:ffff:102:304")) == "::1:ffff:102:304"


@given(st.integers(min_value=0, max_value=A.ALL_ONES))
def test_to_str_parses_back(addr: int) -> None:
    assert A.from_str(A.to_str(addr)) == addr
    assert int(ipaddress.IPv6Address(A.to_str(addr))) == addr


@pytest.mark.parametrize("bad", ["", "fe80::1%eth0", "1:2:3", "g::1", "1.2.3.4", "::1::2"])
def test_from_str_refuses(bad: str) -> None:
    with pytest.raises(ValueError):
        A.from_str(bad)


@pytest.mark.parametrize(("text", "scope", "src_scope"), [
    ("::1", A.IFA_HOST, 2),
    ("fe80::1", A.IFA_LINK, 2),
    ("fec0::1", A.IFA_SITE, 5),
    ("2001:db8::1", 0, 14),
    ("fd00::1", 0, 14),
    ("::ffff:1.2.3.4", 0, 14),
    ("::1.2.3.4", 0x80, 14),
])
def test_scopes_as_the_kernel_classifies(text: str, scope: int, src_scope: int) -> None:
    addr = A.from_str(text)
    assert A.ifa_scope(addr) == scope
    assert A.src_scope(addr) == src_scope


def test_rt_scope_maps_ifa_scopes() -> None:
    assert [A.rt_scope(s) for s in (0x10, 0x20, 0x40, 0x80, 0)] == [254, 253, 200, 0, 0]


def test_multicast_scope_and_type() -> None:
    kind, scope = A.addr_type(A.from_str("ff02::1"))
    assert kind & A.IPV6_ADDR_MULTICAST and scope == 2
    assert A.mc_scope(A.from_str("ff01::1")) == 1
    assert A.mc_scope(A.from_str("ff05::2")) == 5
    assert A.addr_type(0) == (A.IPV6_ADDR_ANY, 0)


@pytest.mark.parametrize(("mac", "linklocal"), [
    ("02:11:22:33:44:55", "fe80::11:22ff:fe33:4455"),
    ("b2:95:bb:a2:45:9d", "fe80::b095:bbff:fea2:459d"),
    ("02:00:00:00:00:b0", "fe80::ff:fe00:b0"),
    ("00:00:00:00:00:00", "fe80::200:ff:fe00:0"),
    ("c2:03:65:90:58:9c", "fe80::c003:65ff:fe90:589c"),
])
def test_eui64_link_local_from_mac(mac: str, linklocal: str) -> None:
    addr = A.LINKLOCAL_PREFIX | A.eui64_iid(mac_from_str(mac))
    assert A.to_str(addr) == linklocal


def test_solicited_node_group_and_mac() -> None:
    group = A.solicited_node(A.from_str("fe80::11:22ff:fe33:4455"))
    assert A.to_str(group) == "ff02::1:ff33:4455"
    assert A.multicast_mac(group) == mac_from_str("33:33:ff:33:44:55")
    assert A.multicast_mac(A.ALLNODES_LINK) == mac_from_str("33:33:00:00:00:01")
    assert A.to_str(A.solicited_node(A.from_str("fe80::"))) == "ff02::1:ff00:0"


def test_reserved_interface_ids() -> None:
    assert A.reserved_iid(A.from_str("fe80::"))
    assert A.reserved_iid(A.from_str("fe80::200:5eff:fe00:5213"))
    assert A.reserved_iid(A.from_str("fe80::fdff:ffff:ffff:ff80"))
    assert not A.reserved_iid(A.from_str("fe80::1"))


def test_prefix_helpers() -> None:
    assert A.prefix_of(A.from_str("2001:db8::1"), 64) == A.from_str("2001:db8::")
    assert A.mask(0) == 0 and A.mask(128) == A.ALL_ONES
