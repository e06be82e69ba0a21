"""Argument parsing of vnet.cli.ip.util against iproute2's lib/utils.c rules."""

from __future__ import annotations

import pytest

from vnet.cli.ip.errors import IpExit, rtnl_error
from vnet.cli.ip.util import (
    AF_INET,
    AF_INET6,
    AF_UNSPEC,
    get_addr,
    get_integer,
    get_netmask,
    get_prefix,
    get_unsigned,
    matches,
    name_to_index,
    parse_lladdr,
    rtntype_a2n,
    scope_a2n,
    strtoul,
)


def test_matches_is_a_prefix_test() -> None:
    assert matches("l", "link")
    assert matches("", "link")
    assert not matches("lnk", "link")
    assert not matches("links", "link")


@pytest.mark.parametrize(("text", "value", "end"), [
    ("10", 10, 2), ("0x1f", 31, 4), ("010", 8, 3), ("  7x", 7, 3), ("x", 0, 0),
    ("-1", 2**64 - 1, 2), ("0x", 0, 1),
])
def test_strtoul_base0(text: str, value: int, end: int) -> None:
    assert strtoul(text)[:2] == (value, end)


def test_unsigned_and_integer_limits() -> None:
    assert get_unsigned("4294967295") == 4294967295
    assert get_unsigned("4294967296") is None
    assert get_unsigned("-1") is None
    assert get_unsigned("12abc") is None
    assert get_unsigned("") is None
    assert get_unsigned("255", 0xFF) == 255
    assert get_unsigned("256", 0xFF) is None
    assert get_integer("-5") == -5
    assert get_integer("2147483648") is None


def test_ipv4_parsing_is_iproute2s() -> None:
    assert get_addr("10.8", AF_UNSPEC).data == bytes([10, 8, 0, 0])
    assert get_addr("0x0a.1.2.3", AF_UNSPEC).data == bytes([10, 1, 2, 3])
    assert get_addr("default", AF_INET).is_default
    pfx = get_prefix("10.0.0.0/255.255.255.0", AF_UNSPEC)
    assert (pfx.family, pfx.bitlen, pfx.specified) == (AF_INET, 24, True)
    assert get_prefix("10.0.0.1", AF_UNSPEC).bitlen == 32
    assert get_prefix("2001:db8::/32", AF_UNSPEC).family == AF_INET6
    assert get_netmask("255.255.0.0") == 16
    assert get_netmask("255.0.255.0") is None


@pytest.mark.parametrize(("text", "family", "message"), [
    ("10.0.0.300/24", AF_UNSPEC, 'Error: any valid prefix is expected rather than "10.0.0.300/24".\n'),
    ("10.0.0.1/33", AF_UNSPEC, 'Error: any valid prefix is expected rather than "10.0.0.1/33".\n'),
    ("::1/24", AF_INET, 'Error: inet prefix is expected rather than "::1/24".\n'),
])
def test_prefix_errors_exit_1(text: str, family: int, message: str) -> None:
    with pytest.raises(IpExit) as info:
        get_prefix(text, family)
    assert (info.value.message, info.value.status) == (message, 1)


def test_lladdr() -> None:
    assert parse_lladdr("2:0:0:0:0:a") == bytes([2, 0, 0, 0, 0, 10])
    with pytest.raises(IpExit) as info:
        parse_lladdr("02:zz:00")
    assert info.value.message == '"zz" is invalid lladdr.\n'


def test_names() -> None:
    assert scope_a2n("link") == 253
    assert scope_a2n("universe") is None
    assert scope_a2n("200") == 200
    assert rtntype_a2n("black") == 6
    assert rtntype_a2n("b") == 3           # broadcast comes first
    assert rtntype_a2n("throw") == 9
    assert rtntype_a2n("thr") is None


def test_name_to_index(world) -> None:  # type: ignore[no-untyped-def]
    ns = world.init_ns
    assert name_to_index(ns, "lo") == 1
    assert name_to_index(ns, "lo:1") == 1     # SIOCGIFINDEX strips the alias
    assert name_to_index(ns, "if7") == 7
    assert name_to_index(ns, "nosuch") == 0


def test_kernel_errors() -> None:
    assert rtnl_error("EEXIST").message == "RTNETLINK answers: File exists\n"
    assert rtnl_error("EEXIST", "File exists").message == "RTNETLINK answers: File exists\n"
    assert rtnl_error("EINVAL", "Nexthop has invalid gateway").message == \
        "Error: Nexthop has invalid gateway.\n"
    assert rtnl_error("EINVAL", "ipv4: bad.").message == "Error: ipv4: bad.\n"
