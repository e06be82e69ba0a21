from __future__ import annotations

import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vnet.wire.mac import (
    BROADCAST,
    STP_GROUP,
    ZERO,
    is_broadcast,
    is_link_local_reserved,
    is_multicast,
    is_valid_unicast,
    is_zero,
    mac_from_str,
    mac_to_str,
    random_local_mac,
)

from .props import props

macs = st.binary(min_size=6, max_size=6)


def test_to_str_lowercase() -> None:
    assert mac_to_str(bytes.fromhex("AABBCCDDEE0F")) == "aa:bb:cc:dd:ee:0f"
    assert mac_to_str(BROADCAST) == "ff:ff:ff:ff:ff:ff"
    assert mac_to_str(ZERO) == "00:00:00:00:00:00"


# What `ip link set dev d0 address ADDR` does with each ADDR (iproute2 6.1, Linux 6.18).
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("02:00:00:00:00:0a", "02:00:00:00:00:0a"),
        ("0:1:2:3:4:5", "00:01:02:03:04:05"),
        ("AA:BB:CC:DD:EE:0F", "aa:bb:cc:dd:ee:0f"),
        ("0x2:1:2:3:4:5", "02:01:02:03:04:05"),
        (" 02:1:2:3:4:5", "02:01:02:03:04:05"),
        ("02: 1:2:3:4:5", "02:01:02:03:04:05"),
        ("+2:1:2:3:4:5", "02:01:02:03:04:05"),
        ("02:01:02:03:04:0g", "02:01:02:03:04:00"),  # sscanf stops at the 'g'
    ],
)
def test_from_str_accepts_iproute2_forms(text: str, expected: str) -> None:
    assert mac_to_str(mac_from_str(text)) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("02:1:2:3:4:5:6", "Invalid address length 7 - must be 6 bytes"),
        ("02:1:2:3:4", "Invalid address length 5 - must be 6 bytes"),
        ("02-01-02-03-04-05", "Invalid address length 1 - must be 6 bytes"),
        ("1.2.3.4", "Invalid address length 4 - must be 6 bytes"),
        ("020102030405", '"020102030405" is invalid lladdr.'),
        ("02:01:02:03:04:100", '"100" is invalid lladdr.'),
        ("02::2:3:4:5", '"" is invalid lladdr.'),
        ("-1:1:2:3:4:5", '"-1" is invalid lladdr.'),
        ("", '"" is invalid lladdr.'),
        ("zz:00:00:00:00:00", '"zz" is invalid lladdr.'),
    ],
)
def test_from_str_rejects_like_iproute2(text: str, message: str) -> None:
    with pytest.raises(ValueError) as info:
        mac_from_str(text)
    assert str(info.value) == message


def test_predicates() -> None:
    assert is_broadcast(BROADCAST) and is_multicast(BROADCAST)
    assert not is_broadcast(bytes.fromhex("ffffffffff fe".replace(" ", "")))
    assert is_multicast(bytes.fromhex("333300000016"))
    assert is_multicast(bytes.fromhex("01005e000001"))
    assert not is_multicast(bytes.fromhex("02000000000a"))
    assert is_zero(ZERO) and not is_valid_unicast(ZERO)
    assert is_valid_unicast(bytes.fromhex("02000000000a"))
    assert not is_valid_unicast(bytes.fromhex("010000000001"))


def test_link_local_reserved() -> None:
    assert is_link_local_reserved(STP_GROUP)
    assert is_link_local_reserved(bytes.fromhex("0180c2000002"))  # LACP
    assert is_link_local_reserved(bytes.fromhex("0180c200000e"))  # LLDP
    assert is_link_local_reserved(bytes.fromhex("0180c200000f"))
    assert not is_link_local_reserved(bytes.fromhex("0180c2000010"))
    assert not is_link_local_reserved(bytes.fromhex("0180c2000100"))
    assert not is_link_local_reserved(bytes.fromhex("0180c3000000"))


def test_random_local_mac() -> None:
    a = random_local_mac(random.Random(7))
    assert a == random_local_mac(random.Random(7))  # same seed, same address
    assert a != random_local_mac(random.Random(8))
    for seed in range(200):
        mac = random_local_mac(random.Random(seed))
        assert len(mac) == 6
        assert mac[0] & 0x01 == 0  # unicast
        assert mac[0] & 0x02 == 0x02  # locally administered
        assert is_valid_unicast(mac)


@props(50)
@given(macs)
def test_str_round_trip(mac: bytes) -> None:
    text = mac_to_str(mac)
    assert mac_from_str(text) == mac
    assert mac_from_str(text.upper()) == mac


@props(40)
@given(st.text(max_size=40))
def test_from_str_only_raises_value_error(text: str) -> None:
    try:
        mac = mac_from_str(text)
    except ValueError:
        return
    assert len(mac) == 6
