from __future__ import annotations

import ipaddress

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vnet.wire.ipaddr import ip_from_str, ip_to_str, mask_to_prefix, network_of, prefix_to_mask

from .props import props

addrs = st.integers(min_value=0, max_value=0xFFFFFFFF)


def test_examples() -> None:
    assert ip_from_str("10.0.0.1") == 0x0A000001
    assert ip_to_str(0x0A000001) == "10.0.0.1"
    assert ip_from_str("255.255.255.255") == 0xFFFFFFFF
    assert ip_to_str(0) == "0.0.0.0"
    assert prefix_to_mask(24) == 0xFFFFFF00
    assert prefix_to_mask(0) == 0
    assert prefix_to_mask(32) == 0xFFFFFFFF
    assert mask_to_prefix(0xFFFFFF00) == 24
    assert mask_to_prefix(0) == 0
    assert mask_to_prefix(0xFFFFFFFF) == 32
    assert network_of(ip_from_str("192.168.1.77"), 24) == ip_from_str("192.168.1.0")


@pytest.mark.parametrize(
    "text",
    [
        "",
        "10.0.0",
        "10.0.0.1.2",
        "10.0.0.256",
        "10.0.0.-1",
        "010.0.0.1",
        "10.0.0.1 ",
        "a.b.c.d",
        "1..2.3",
        "10.0.0.0x1",
        "１.2.3.4",
        "10.0.0.1/24",
    ],
)
def test_from_str_rejects(text: str) -> None:
    with pytest.raises(ValueError):
        ip_from_str(text)


def test_range_errors() -> None:
    for bad in (-1, 1 << 32):
        with pytest.raises(ValueError):
            ip_to_str(bad)
    for bad in (-1, 33):
        with pytest.raises(ValueError):
            prefix_to_mask(bad)
    for bad in (0xFFFF00FF, 0x00FFFFFF, 0x80000001, -1, 1 << 32):
        with pytest.raises(ValueError):
            mask_to_prefix(bad)


@props(40)
@given(addrs)
def test_matches_ipaddress_module(addr: int) -> None:
    text = ip_to_str(addr)
    assert text == str(ipaddress.IPv4Address(addr))
    assert ip_from_str(text) == addr


@props(33)
@given(st.integers(min_value=0, max_value=32))
def test_mask_round_trip(plen: int) -> None:
    mask = prefix_to_mask(plen)
    assert mask == int(ipaddress.IPv4Network(f"0.0.0.0/{plen}").netmask)
    assert mask_to_prefix(mask) == plen


@props(40)
@given(addrs)
def test_mask_to_prefix_agrees_with_ipaddress(mask: int) -> None:
    try:
        expected = ipaddress.IPv4Network(f"0.0.0.0/{ip_to_str(mask)}").prefixlen
    except ValueError:
        expected = None
    if expected is not None and prefix_to_mask(expected) != mask:
        expected = None  # ipaddress also reads host masks (0.0.0.255): not a netmask
    if expected is None:
        with pytest.raises(ValueError):
            mask_to_prefix(mask)
    else:
        assert mask_to_prefix(mask) == expected


@props(40)
@given(st.text(alphabet="0123456789.x -", max_size=20))
def test_from_str_agrees_with_ipaddress(text: str) -> None:
    try:
        expected = int(ipaddress.IPv4Address(text))
    except ValueError:
        expected = None
    if expected is None:
        with pytest.raises(ValueError):
            ip_from_str(text)
    else:
        assert ip_from_str(text) == expected
