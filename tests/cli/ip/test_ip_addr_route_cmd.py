"""`ip address` and `ip route` on the simulator."""

from __future__ import annotations


def _veth(ip) -> None:  # type: ignore[no-untyped-def]
    ip("link", "add", "v0", "type", "veth", "peer", "name", "v1")


def test_address_order_and_secondaries(ip) -> None:  # type: ignore[no-untyped-def]
    _veth(ip)
    ip("addr", "add", "10.0.0.1/24", "dev", "v0")
    ip("addr", "add", "10.0.0.2/24", "dev", "v0")
    ip("addr", "add", "172.16.0.1/24", "scope", "link", "dev", "v0")
    out = ip("-4", "-o", "addr", "show", "v0").out.splitlines()
    assert [line.split()[3] for line in out] == ["172.16.0.1/24", "10.0.0.1/24", "10.0.0.2/24"]
    assert "scope global secondary v0" in out[2]
    local = ip("route", "show", "table", "local").out
    assert "local 10.0.0.2 dev v0 proto kernel scope host src 10.0.0.1 \n" in local


def test_address_errors(ip) -> None:  # type: ignore[no-untyped-def]
    _veth(ip)
    ip("addr", "add", "10.0.0.1/24", "dev", "v0")
    r = ip("addr", "add", "10.0.0.1/24", "dev", "v0")
    assert (r.status, r.err) == (2, "Error: ipv4: Address already assigned.\n")
    r = ip("addr", "del", "10.9.9.9/24", "dev", "v0")
    assert (r.status, r.err) == (2, "Error: ipv4: Address not found.\n")
    r = ip("addr", "add", "10.0.0.7/24")
    assert (r.status, r.err) == (1, 'Not enough information: "dev" argument is required.\n')
    r = ip("addr", "del", "10.0.0.1", "dev", "v0")
    assert r.status == 0 and r.err.startswith("Warning: Executing wildcard deletion")


def test_brd_plus_and_brief(ip) -> None:  # type: ignore[no-untyped-def]
    _veth(ip)
    ip("addr", "add", "10.1.0.1/16", "brd", "+", "dev", "v0", "label", "v0:1")
    assert "inet 10.1.0.1/16 brd 10.1.255.255 scope global v0:1\n" in ip("addr", "show", "v0").out
    assert ip("-br", "addr", "show", "v0").out == (
        "v0@v1            DOWN           10.1.0.1/16 \n")


def test_routes(ip) -> None:  # type: ignore[no-untyped-def]
    _veth(ip)
    ip("addr", "add", "10.0.0.1/24", "dev", "v0")
    ip("link", "set", "v0", "up")
    assert ip("route").out == "10.0.0.0/24 dev v0 proto kernel scope link src 10.0.0.1 linkdown \n"
    r = ip("route", "add", "10.1.0.0/16", "via", "10.9.9.9")
    assert (r.status, r.err) == (2, "Error: Nexthop has invalid gateway.\n")
    assert ip("route", "add", "default", "via", "10.0.0.254", "metric", "5").status == 0
    assert ip("route", "add", "blackhole", "10.3.0.0/16").status == 0
    r = ip("route", "add", "default", "via", "10.0.0.254", "metric", "5")
    assert (r.status, r.err) == (2, "RTNETLINK answers: File exists\n")
    out = ip("route").out
    assert out.startswith("default via 10.0.0.254 dev v0 metric 5 linkdown \n")
    assert "blackhole 10.3.0.0/16 \n" in out
    r = ip("route", "del", "10.7.0.0/16")
    assert (r.status, r.err) == (2, "RTNETLINK answers: No such process\n")
    ip("link", "set", "v1", "up")
    assert ip("route", "get", "10.5.5.5").out == (
        "10.5.5.5 via 10.0.0.254 dev v0 src 10.0.0.1 uid 0 \n    cache \n")
    r = ip("route", "get", "10.3.0.1")
    assert (r.status, r.err) == (2, "RTNETLINK answers: Invalid argument\n")


def test_route_selectors_hide_fields(ip) -> None:  # type: ignore[no-untyped-def]
    _veth(ip)
    ip("addr", "add", "10.0.0.1/24", "dev", "v0")
    ip("link", "set", "v0", "up")
    assert ip("route", "show", "dev", "v0").out == \
        "10.0.0.0/24 proto kernel scope link src 10.0.0.1 linkdown \n"
    assert ip("route", "show", "proto", "kernel", "scope", "link").out == \
        "10.0.0.0/24 dev v0 src 10.0.0.1 linkdown \n"
