"""ping as a program in small worlds: output, statistics, exit codes and virtual time."""

from __future__ import annotations

import re
import struct

import pytest

from vnet.apps.ping import (
    MIN_SEND_GAP_NS,
    TIMER_SLACK_NS,
    Ping,
    PingConfig,
    describe_icmp,
    format_loss,
    format_triptime,
)
from vnet.cli.context import Context
from vnet.cli.ping import main as ping_main
from vnet.core.sched import NS_PER_MS, NS_PER_SEC
from vnet.transport.raw import RawSocket
from vnet.wire import icmp as icmpwire
from vnet.wire import ipv4 as ipwire
from vnet.wire.ipaddr import ip_from_str


def run(lab, ns: str, *argv: str) -> tuple[int, str, str, int]:  # type: ignore[no-untyped-def]
    """Run `ping ARGV` in namespace `ns`; (status, stdout, stderr, virtual ns it took)."""
    ctx = Context(lab.world, lab.ns[ns])
    start = lab.world.now
    status = ping_main(ctx, list(argv))
    return status, ctx.stdout, ctx.stderr, lab.world.now - start


def test_three_replies_over_veth(two_hosts) -> None:  # type: ignore[no-untyped-def]
    status, out, err, took = run(two_hosts, "a", "-c", "3", "-i", "0.2", "10.0.0.2")
    assert status == 0 and err == ""
    lines = out.splitlines()
    assert lines[0] == "PING 10.0.0.2 (10.0.0.2) 56(84) bytes of data."
    for seq in (1, 2, 3):
        assert lines[seq] == f"64 bytes from 10.0.0.2: icmp_seq={seq} ttl=64 time=0.000 ms"
    assert lines[4:] == [
        "",
        "--- 10.0.0.2 ping statistics ---",
        "3 packets transmitted, 3 received, 0% packet loss, time 400ms",
        "rtt min/avg/max/mdev = 0.000/0.000/0.000/0.000 ms",
    ]
    # the last reply ends the run: two intervals of virtual time, each woken 50 us late
    assert took == 400 * NS_PER_MS + 2 * TIMER_SLACK_NS


def test_quiet_and_no_socket_left_behind(two_hosts) -> None:  # type: ignore[no-untyped-def]
    status, out, _err, _took = run(two_hosts, "b", "-q", "-c", "1", "10.0.0.1")
    assert status == 0
    assert "bytes from" not in out and "1 received" in out
    assert two_hosts.ns["b"].ipv4.raw_sockets == []


def test_unanswered_waits_the_linger_time(two_hosts) -> None:  # type: ignore[no-untyped-def]
    status, out, _err, took = run(two_hosts, "a", "-c", "1", "-W", "1.5", "10.0.0.9")
    assert status == 1
    assert "1 packets transmitted, 0 received, 100% packet loss, time 0ms\n\n" in out
    assert took == 1500 * NS_PER_MS


def test_arp_failure_reports_host_unreachable(two_hosts) -> None:  # type: ignore[no-untyped-def]
    status, out, _err, took = run(two_hosts, "a", "-c", "2", "-i", "0.5", "10.0.0.9")
    assert status == 1
    assert "From 10.0.0.1 icmp_seq=1 Destination Host Unreachable\n" \
           "From 10.0.0.1 icmp_seq=2 Destination Host Unreachable\n" in out
    assert "2 packets transmitted, 0 received, +2 errors, 100% packet loss, time 500ms\n" \
           "pipe 2\n" in out
    assert took == 3 * NS_PER_SEC          # three ARP probes one second apart


def test_no_error_without_lo(two_hosts) -> None:  # type: ignore[no-untyped-def]
    """The unreachable error travels over lo; with lo down ping never hears of it."""
    two_hosts.ns["a"].get("lo").set_down()
    status, out, _err, took = run(two_hosts, "a", "-c", "1", "10.0.0.9")
    assert status == 1 and "From" not in out and "+1 errors" not in out
    assert took == 10 * NS_PER_SEC         # the default linger time


def test_deadline_counts_what_was_sent(two_hosts) -> None:  # type: ignore[no-untyped-def]
    status, out, _err, took = run(two_hosts, "a", "-w", "3", "10.0.0.2")
    assert status == 0 and "3 packets transmitted, 3 received" in out
    assert took == 3 * NS_PER_SEC
    status, out, _err, took = run(two_hosts, "a", "-w", "1", "-c", "5", "-i", "0.3", "10.0.0.2")
    assert status == 1 and "4 packets transmitted, 4 received" in out
    assert took == NS_PER_SEC


def test_deadline_ends_at_the_first_error(two_hosts) -> None:  # type: ignore[no-untyped-def]
    status, out, _err, took = run(two_hosts, "a", "-w", "5", "10.0.0.7")
    assert status == 1
    assert "3 packets transmitted, 0 received, +3 errors" in out
    assert took == 3 * NS_PER_SEC


def test_sizes_and_fragments(two_hosts) -> None:  # type: ignore[no-untyped-def]
    _s, out, _e, _t = run(two_hosts, "a", "-c", "1", "-s", "8", "10.0.0.2")
    assert "16 bytes from 10.0.0.2: icmp_seq=1 ttl=64\n" in out and "rtt" not in out
    _s, out, _e, _t = run(two_hosts, "a", "-c", "1", "-s", "3000", "10.0.0.2")
    assert "PING 10.0.0.2 (10.0.0.2) 3000(3028) bytes of data." in out
    assert "3008 bytes from 10.0.0.2: icmp_seq=1" in out
    status, out, err, _t = run(two_hosts, "a", "-c", "2", "-i", "0.2", "-s", "1473", "-M", "do",
                               "10.0.0.2")
    assert status == 1 and err.count("ping: local error: message too long, mtu=1500\n") == 2
    assert "2 packets transmitted, 0 received, +2 errors" in out


def test_ttl_pattern_tos_and_ident_reach_the_wire(two_hosts) -> None:  # type: ignore[no-untyped-def]
    seen: list[ipwire.Ipv4Packet] = []
    sock = RawSocket(two_hosts.ns["b"].ipv4, 1, lambda ip, dev: seen.append(ip))
    run(two_hosts, "a", "-c", "1", "-t", "7", "-p", "abcd", "-Q", "0x10", "-e", "4660",
        "-s", "24", "10.0.0.2")
    sock.close()
    request = next(ip for ip in seen if ip.payload[0] == icmpwire.ECHO_REQUEST)
    assert (request.ttl, request.tos, request.df, request.ident) == (7, 0x10, True, 0)
    msg = icmpwire.parse(request.payload)
    assert (msg.ident, msg.seq) == (4660, 1)
    sec, usec = struct.unpack_from("<qq", msg.payload)
    assert sec * NS_PER_SEC + usec * 1000 <= two_hosts.world.now
    assert msg.payload[16:] == b"\xab\xcd" * 4


def test_default_payload_is_ping_pattern(two_hosts) -> None:  # type: ignore[no-untyped-def]
    seen: list[bytes] = []
    sock = RawSocket(two_hosts.ns["b"].ipv4, 1, lambda ip, dev: seen.append(ip.payload))
    run(two_hosts, "a", "-c", "1", "10.0.0.2")
    sock.close()
    assert seen[0][8 + 16:] == bytes(range(16, 56))


def test_flood_prints_dots(two_hosts) -> None:  # type: ignore[no-untyped-def]
    status, out, _e, took = run(two_hosts, "a", "-c", "3", "-f", "10.0.0.2")
    assert status == 0
    assert out.splitlines()[1] == ".\b \b.\b \b.\b \b"
    assert re.search(r"ms, ipg/ewma \d+\.\d{3}/0\.000 ms$", out.splitlines()[-1])
    assert 0 < took < NS_PER_MS


def test_flood_with_deadline_ends(two_hosts) -> None:  # type: ignore[no-untyped-def]
    """Zero latency must not freeze virtual time: probes go at least MIN_SEND_GAP apart."""
    status, out, _e, took = run(two_hosts, "a", "-q", "-f", "-w", "1", "10.0.0.2")
    assert status == 0 and took == NS_PER_SEC
    sent = int(re.search(r"(\d+) packets transmitted", out).group(1))  # type: ignore[union-attr]
    assert sent == NS_PER_SEC // (MIN_SEND_GAP_NS + TIMER_SLACK_NS) + 1


def test_outstanding_and_loss_percentage(two_hosts) -> None:  # type: ignore[no-untyped-def]
    _s, out, _e, _t = run(two_hosts, "a", "-c", "2", "-i", "0.2", "-O", "-W", "1", "10.0.0.5")
    assert "no answer yet for icmp_seq=1\n" in out
    assert format_loss(3, 2) == "33.3333" and format_loss(3, 0) == "100"
    assert format_loss(7, 7) == "0" and format_loss(8, 1) == "87.5"


def test_duplicates_are_flagged(two_hosts) -> None:  # type: ignore[no-untyped-def]
    """A second reply to the same probe: (DUP!) and `+1 duplicates` (the duplicate of the
    last probe comes after ping has had all its replies, and is never read)."""
    b = two_hosts.ns["b"].ipv4

    def echo_twice(ip: ipwire.Ipv4Packet, dev: object) -> None:
        msg = icmpwire.parse(ip.payload)
        if msg.type == icmpwire.ECHO_REQUEST:
            reply = icmpwire.IcmpPacket(icmpwire.ECHO_REPLY, 0, msg.rest, msg.payload).emit()
            sock.sendto(ip.src, reply, df=False)

    sock = RawSocket(b, 1, echo_twice)
    status, out, _e, _t = run(two_hosts, "a", "-c", "2", "-i", "0.2", "10.0.0.2")
    sock.close()
    assert status == 0
    assert out.count("icmp_seq=1") == 2 and "icmp_seq=1 ttl=64 time=0.000 ms (DUP!)\n" in out
    assert "2 packets transmitted, 2 received, +1 duplicates, 0% packet loss" in out


def test_errors_and_exit_codes(two_hosts) -> None:  # type: ignore[no-untyped-def]
    assert run(two_hosts, "a", "-c", "1", "192.0.2.1")[:3] == (
        2, "", "ping: connect: Network is unreachable\n")
    assert run(two_hosts, "a", "-c", "0", "10.0.0.2")[:3] == (
        1, "", "ping: invalid argument: '0': out of range: 1 <= value <= 9223372036854775807\n")
    status, out, err, _t = run(two_hosts, "a", "-z", "10.0.0.2")
    assert status == 2 and out == "" and err.startswith("ping: invalid option -- 'z'\n\nUsage\n")
    assert run(two_hosts, "a")[:3] == (1, "", "ping: usage error: Destination address required\n")
    assert run(two_hosts, "a", "-c", "1", "nosuch")[:3] == (
        2, "", "ping: nosuch: Temporary failure in name resolution\n")
    assert run(two_hosts, "a", "-c", "1", "-I", "nosuch", "10.0.0.2")[:3] == (
        2, "", "ping: SO_BINDTODEVICE nosuch: No such device\n")
    assert run(two_hosts, "a", "-c", "1", "-I", "10.9.9.9", "10.0.0.2")[:3] == (
        2, "", "ping: bind: Cannot assign requested address\n")
    assert run(two_hosts, "a", "-c", "1", "10.0.0.255")[:3] == (
        2, "", "ping: Do you want to ping broadcast? Then -b. If not, check your local "
               "firewall rules\n")
    assert run(two_hosts, "a", "-V")[:2] == (0, "ping from iputils 20221126\nlibcap: yes, "
                                                "IDN: yes, NLS: no, error.h: yes, getrandom(): "
                                                "yes, __fpending(): yes\n")


def test_endless_runs_are_refused(two_hosts) -> None:  # type: ignore[no-untyped-def]
    from vnet.cli.shell.api import UnsupportedError

    with pytest.raises(UnsupportedError):
        run(two_hosts, "a", "10.0.0.2")


def test_source_and_device_header(two_hosts) -> None:  # type: ignore[no-untyped-def]
    _s, out, _e, _t = run(two_hosts, "a", "-c", "1", "-I", "veth0", "10.0.0.2")
    assert out.startswith("PING 10.0.0.2 (10.0.0.2) from 10.0.0.1 veth0: 56(84) bytes")
    _s, out, _e, _t = run(two_hosts, "a", "-c", "1", "-I", "10.0.0.1", "10.0.0.2")
    assert out.startswith("PING 10.0.0.2 (10.0.0.2) from 10.0.0.1 : 56(84) bytes")


def test_localhost_by_name(two_hosts) -> None:  # type: ignore[no-untyped-def]
    _s, out, _e, _t = run(two_hosts, "a", "-c", "1", "localhost")
    assert out.startswith("PING localhost (127.0.0.1) 56(84) bytes of data.\n"
                          "64 bytes from localhost (127.0.0.1): icmp_seq=1 ttl=64 time=")
    _s, out, _e, _t = run(two_hosts, "a", "-c", "1", "127.1")
    assert out.startswith("PING 127.1 (127.0.0.1) 56(84)")
    assert "--- 127.1 ping statistics ---" in out


def test_router_errors(bridge_three) -> None:  # type: ignore[no-untyped-def]
    """Through a bridge: replies from all hosts; ping engine used directly."""
    lab = bridge_three
    out: list[str] = []
    stack = lab.ns["h1"].ipv4
    ping = Ping(stack, PingConfig(dst=ip_from_str("10.0.0.3"), hostname="10.0.0.3",
                                  npackets=2, interval_ms=100, ident=99), out.append, out.append)
    ping.start()
    lab.world.sched.run_until(lab.world.now + 5 * NS_PER_SEC, stop=lambda: ping.done)
    assert ping.done and ping.status == 0 and ping.nreceived == 2
    assert "".join(out).count("64 bytes from 10.0.0.3") == 2


def test_formatting_helpers() -> None:
    assert [format_triptime(us) for us in (0, 45, 999, 1000, 1234, 9994, 9995, 12345,
                                           99949, 99950, 123456)] == [
        "0.000", "0.045", "0.999", "1.00", "1.23", "9.99", "10.0", "12.3", "99.9", "100", "123"]
    assert describe_icmp(3, 4, 1000) == "Frag needed and DF set (mtu = 1000)"
    assert describe_icmp(11, 0, 0) == "Time to live exceeded"
    assert describe_icmp(3, 0, 0) == "Destination Net Unreachable"
    assert describe_icmp(5, 1, 0x0A000001) == "Redirect Host(New nexthop: 10.0.0.1)"
    assert describe_icmp(12, 0, 5 << 24) == "Parameter problem: pointer = 5"
    assert describe_icmp(3, 99, 0) == "Dest Unreachable, Bad Code: 99"
