"""NAT through a router: MASQUERADE, DNAT port forward, ICMP errors translated back,
one nat-table packet per connection, source port reallocation on clash."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from nfworld import routed  # noqa: E402

from vnet.transport.udp import UdpSocket  # noqa: E402

MASQ = "ip netns exec router iptables -t nat -A POSTROUTING -o r1 -j MASQUERADE\n"


def _ip(text: str) -> int:
    a, b, c, d = (int(x) for x in text.split("."))
    return (a << 24) | (b << 16) | (c << 8) | d


def test_masquerade_ping_and_one_nat_packet_per_connection() -> None:
    out, _ = routed(MASQ + "ip netns exec inner ping -c 3 -i 0.2 192.168.1.100 | grep -c 'bytes from'\n"
                    "ip netns exec router iptables -t nat -S POSTROUTING -v\n")
    assert out.splitlines()[0] == "3"
    assert "-A POSTROUTING -o r1 -c 1 84 -j MASQUERADE" in out


def test_outside_sees_only_router_address_and_udp_reply_translated_back() -> None:
    _, world = routed(MASQ + "sleep 1\n")
    inner_ns = next(ns for ns in world.all_namespaces() if ns.name == "inner")
    outer_ns = next(ns for ns in world.all_namespaces() if ns.name == "outer")
    seen: list[tuple[int, int]] = []
    got: list[bytes] = []

    def server_rx(ip, dgram, dev):  # type: ignore[no-untyped-def]
        seen.append((ip.src, dgram.sport))
        server.sendto(ip.src, dgram.sport, b"pong")

    server = UdpSocket(outer_ns.ipv4, 7000, server_rx)
    client = UdpSocket(inner_ns.ipv4, 5000, lambda ip, d, dev: got.append(d.payload))
    assert client.sendto(_ip("192.168.1.100"), 7000, b"ping") is None
    world.run_for(1)
    assert seen == [(_ip("192.168.1.1"), 5000)]
    assert got == [b"pong"]


def test_source_port_reallocated_on_clash() -> None:
    _, world = routed(MASQ + "sleep 1\n")
    ns = {n.name: n for n in world.all_namespaces()}
    seen: list[tuple[int, int]] = []
    UdpSocket(ns["outer"].ipv4, 7000, lambda ip, d, dev: seen.append((ip.src, d.sport)))
    UdpSocket(ns["inner"].ipv4, 5000, lambda *a: None).sendto(_ip("192.168.1.100"), 7000, b"a")
    world.run_for(1)
    # the router's own socket on the same port: its reply tuple is taken
    UdpSocket(ns["router"].ipv4, 5000, lambda *a: None).sendto(_ip("192.168.1.100"), 7000,
                                                               b"b")
    world.run_for(1)
    assert seen[0] == (_ip("192.168.1.1"), 5000)
    assert seen[1][0] == _ip("192.168.1.1") and seen[1][1] != 5000
    assert 1024 <= seen[1][1] <= 65535


def test_dnat_port_forward_reaches_inner_host_and_answers_return() -> None:
    out, world = routed(
        "ip netns exec router iptables -t nat -A PREROUTING -i r1 -p udp --dport 8080 "
        "-j DNAT --to-destination 10.0.0.2:80\n"
        "ip netns exec router iptables -t nat -A POSTROUTING -o r1 -j MASQUERADE\nsleep 1\n")
    ns = {n.name: n for n in world.all_namespaces()}
    seen: list[tuple[int, int, int]] = []
    got: list[tuple[int, int, bytes]] = []

    def inner_rx(ip, d, dev):  # type: ignore[no-untyped-def]
        seen.append((ip.src, ip.dst, d.dport))
        srv.sendto(ip.src, d.sport, b"answer")

    srv = UdpSocket(ns["inner"].ipv4, 80, inner_rx)
    cli = UdpSocket(ns["outer"].ipv4, 4000, lambda ip, d, dev: got.append((ip.src, d.sport,
                                                                          d.payload)))
    cli.sendto(_ip("192.168.1.1"), 8080, b"q")
    world.run_for(1)
    assert seen == [(_ip("192.168.1.100"), _ip("10.0.0.2"), 80)]
    assert got == [(_ip("192.168.1.1"), 8080, b"answer")]


def test_icmp_error_about_translated_packet_is_translated_back() -> None:
    _, world = routed(MASQ + "sleep 1\n")
    ns = {n.name: n for n in world.all_namespaces()}
    errors = []
    cli = UdpSocket(ns["inner"].ipv4, 5000, lambda *a: None,
                    on_error=lambda msg, inner: errors.append((msg.type, msg.code, inner.src,
                                                               inner.dst)))
    cli.sendto(_ip("192.168.1.100"), 9, b"x")       # no socket on the outside: port unreachable
    world.run_for(1)
    assert errors == [(3, 3, _ip("10.0.0.2"), _ip("192.168.1.100"))]


def test_dnat_port_only_and_redirect_keep_or_pick_the_address() -> None:
    _, world = routed(
        "ip netns exec router iptables -t nat -A PREROUTING -i r0 -p udp --dport 53 "
        "-j DNAT --to-destination :5353\n"
        "ip netns exec router iptables -t nat -A PREROUTING -i r0 -p udp --dport 54 "
        "-j REDIRECT --to-ports 7000\nsleep 1\n")
    ns = {n.name: n for n in world.all_namespaces()}
    outer: list[tuple[int, int]] = []
    router: list[tuple[int, int]] = []
    UdpSocket(ns["outer"].ipv4, 5353, lambda ip, d, dev: outer.append((ip.dst, d.dport)))
    UdpSocket(ns["router"].ipv4, 7000, lambda ip, d, dev: router.append((ip.dst, d.dport)))
    cli = UdpSocket(ns["inner"].ipv4, 4000, lambda *a: None)
    cli.sendto(_ip("192.168.1.100"), 53, b"q")
    cli.sendto(_ip("192.168.1.100"), 54, b"q")
    world.run_for(1)
    assert outer == [(_ip("192.168.1.100"), 5353)]
    assert router == [(_ip("10.0.0.1"), 7000)]
