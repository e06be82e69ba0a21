"""traceroute in the simulator: the probes it sends (TTLs, ports, window of 16), what it
prints for answers, silence and unreachables, and how ICMP rate limiting at the last
hop shows as `*` when traces follow each other."""

from __future__ import annotations

import re
import struct

from vnet.backend.sim import run_text
from vnet.wire import ipv4 as ipwire

CHAIN = """
ip netns add h1
ip netns add r1
ip netns add r2
ip netns add h2
ip link add e0 netns h1 type veth peer name e0 netns r1
ip link add e1 netns r1 type veth peer name e0 netns r2
ip link add e1 netns r2 type veth peer name e0 netns h2
ip -n h1 addr add 10.0.1.1/24 dev e0
ip -n r1 addr add 10.0.1.254/24 dev e0
ip -n r1 addr add 10.0.2.1/24 dev e1
ip -n r2 addr add 10.0.2.2/24 dev e0
ip -n r2 addr add 10.0.3.254/24 dev e1
ip -n h2 addr add 10.0.3.1/24 dev e0
for n in h1 r1 r2 h2; do ip -n $n link set lo up; done
ip -n h1 link set e0 up
ip -n r1 link set e0 up
ip -n r1 link set e1 up
ip -n r2 link set e0 up
ip -n r2 link set e1 up
ip -n h2 link set e0 up
ip netns exec r1 sysctl -q -w net.ipv4.ip_forward=1
ip netns exec r2 sysctl -q -w net.ipv4.ip_forward=1
ip -n h1 route add default via 10.0.1.254
ip -n r1 route add 10.0.3.0/24 via 10.0.2.2
ip -n r2 route add 10.0.1.0/24 via 10.0.2.1
ip -n h2 route add default via 10.0.3.254
sleep 1
"""


def trace(extra: str) -> str:
    result, _world = run_text(CHAIN + extra)
    assert result.status == 0, result.output
    return result.output


def hops(output: str) -> list[str]:
    """Hop lines with the round-trip times taken out."""
    out = []
    for line in output.splitlines()[1:]:
        words = line.split()
        kept = [w for w in words[1:] if w != "ms" and not re.fullmatch(r"\d+\.\d{3}", w)]
        out.append(" ".join([words[0], *kept]))
    return out


def test_default_udp_trace() -> None:
    out = trace("ip netns exec h1 traceroute -n 10.0.3.1\n")
    assert out.splitlines()[0] == \
        "traceroute to 10.0.3.1 (10.0.3.1), 30 hops max, 60 byte packets"
    assert hops(out) == ["1 10.0.1.254", "2 10.0.2.2", "3 10.0.3.1"]
    assert out.splitlines()[1].count(" ms") == 3


def test_names_from_the_hosts_file_else_numbers() -> None:
    out = trace("ip netns exec h1 traceroute -q 1 127.0.0.1\n")
    assert out.splitlines()[1].startswith(" 1  localhost (127.0.0.1)  ")
    out = trace("ip netns exec h1 traceroute -q 1 -m 1 10.0.3.1\n")
    assert out.splitlines()[1].startswith(" 1  10.0.1.254 (10.0.1.254)  ")


def test_probe_pattern_ports_ttls_and_window() -> None:
    """16 probes leave at once, 3 per TTL, to ports 33434 and up, 60-byte datagrams
    with the 0x40.. pattern."""
    seen: list[tuple[int, int, int, bytes]] = []

    def tap(dev, frame: bytes) -> None:  # type: ignore[no-untyped-def]
        if frame[12:14] == b"\x08\x00":
            ip = ipwire.parse(frame[14:])
            if ip.proto == 17:
                dport = struct.unpack_from("!H", ip.payload, 2)[0]
                seen.append((dev.netns.world.now, ip.ttl, dport, ip.payload[8:]))

    result, world = run_text(CHAIN)
    assert result.status == 0, result.output
    for dev in world.named["h1"].devices():
        if dev.kind == "veth":
            dev.tx_tap = tap
    result, _world = run_text("ip netns exec h1 traceroute -n 10.0.3.1\n", world=world)
    assert result.status == 0, result.output
    first = seen[:16]
    assert [s[1] for s in first] == [1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4, 5, 5, 5, 6]
    assert [s[2] for s in first] == list(range(33434, 33450))
    assert first[0][3] == bytes(0x40 + (i & 0x3F) for i in range(32))
    # hops 1 and 2 answer at once: six more go out to keep 16 unanswered in flight,
    # then the destination's answer at hop 3 ends the trace
    assert [(s[1], s[2]) for s in seen[16:]] == [(6, 33450), (6, 33451), (7, 33452),
                                                 (7, 33453), (7, 33454), (8, 33455)]


def test_icmp_method_and_queries() -> None:
    out = trace("ip netns exec h1 traceroute -n -I -q 2 10.0.3.1\n")
    assert hops(out) == ["1 10.0.1.254", "2 10.0.2.2", "3 10.0.3.1"]
    assert out.splitlines()[3].count(" ms") == 2


def test_rate_limit_at_the_last_hop_shows_stars() -> None:
    """h2 answers at most 6 port unreachables in a row: a second trace right after the
    first gets none until its 5 s wait refills h2's bucket, as on Linux."""
    out = trace("ip netns exec h1 traceroute -n 10.0.3.1\n"
                "ip netns exec h1 traceroute -n 10.0.3.1\n")
    second = out.split("traceroute to")[2]
    assert hops("x" + second) == ["1 10.0.1.254", "2 10.0.2.2", "3 * * *", "4 * * *",
                                  "5 * * *", "6 * * *", "7 * * *", "8 * 10.0.3.1"]


def test_unreachable_annotations() -> None:
    out = trace("ip -n r2 route add prohibit 10.0.8.0/24\n"
                "ip -n r1 route add 10.0.8.0/24 via 10.0.2.2\n"
                "ip netns exec h1 traceroute -n -q 1 10.0.8.1\n"
                "sleep 5\n"
                "ip netns exec h1 traceroute -n -q 1 -w 2 10.0.9.1\n")
    first, second = out.split("traceroute to")[1:]
    assert hops("x" + first) == ["1 10.0.1.254", "2 10.0.2.2 !X"]
    assert hops("x" + second) == ["1 10.0.1.254 !N"]


def test_arp_failure_at_the_last_router_is_host_unreachable() -> None:
    out = trace("ip netns exec h1 traceroute -n -q 1 10.0.3.9\n")
    lines = hops(out)
    assert lines[:2] == ["1 10.0.1.254", "2 10.0.2.2"]
    assert lines[2] == "3 10.0.2.2 !H"


def test_command_line_errors() -> None:
    result, _ = run_text("traceroute -m 0 1.2.3.4; echo rc=$?\n"
                         "traceroute -q 11 1.2.3.4; echo rc=$?\n"
                         "traceroute -x 1.2.3.4; echo rc=$?\n"
                         "traceroute 1.2.3.4 100 extra; echo rc=$?\n"
                         "traceroute 10.1.1.1; echo rc=$?\n")
    assert result.output.splitlines() == [
        "first hop out of range", "rc=2",
        "no more than 10 probes per hop", "rc=2",
        "Bad option `-x' (argc 1)", "rc=2",
        "Extra arg `extra' (position 3, argc 3)", "rc=2",
        "traceroute to 10.1.1.1 (10.1.1.1), 30 hops max, 60 byte packets",
        "connect: Network is unreachable", "rc=1",
    ]
