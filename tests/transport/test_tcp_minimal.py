"""Minimal TCP: handshake, data both ways in order, FIN close, RST for closed ports,
SYN retransmission with the 1 s initial RTO, ICMP errors while connecting."""

from __future__ import annotations

from vnet.apps.packet_tap import PacketTap
from vnet.backend.sim import run_text
from vnet.core.world import World
from vnet.transport import tcp
from vnet.wire import ipv4 as ipwire
from vnet.wire import tcp as tcpwire

SETUP = """
ip netns add a
ip netns add b
ip link add eth0 netns a type veth peer name eth0 netns b
ip -n a addr add 10.0.0.1/24 dev eth0
ip -n b addr add 10.0.0.2/24 dev eth0
ip -n a link set eth0 up
ip -n b link set eth0 up
ip -n a link set lo up
ip -n b link set lo up
"""
A, B = 0x0A000001, 0x0A000002
SECOND = 1_000_000_000


def world() -> World:
    result, w = run_text(SETUP)
    assert result.status == 0, result.output
    return w


def segments(w: World, ns: str) -> list[tuple[int, tcpwire.TcpSegment]]:
    """Segments received in ns on eth0, with their arrival time."""
    seen: list[tuple[int, tcpwire.TcpSegment]] = []
    space = w.named[ns]

    def frame(data: bytes) -> None:
        if data[12:14] != b"\x08\x00":
            return
        ip = ipwire.parse(data[14:])
        if ip.proto == 6:
            seen.append((w.now, tcpwire.parse(ip.payload)))

    PacketTap(space, space.get("eth0"), frame)
    return seen


def test_handshake_data_and_close() -> None:
    w = world()
    sa, sb = w.named["a"].ipv4, w.named["b"].ipv4
    got_server: list[bytes] = []
    got_client: list[bytes] = []
    events: list[str] = []
    accepted: list[tcp.TcpConnection] = []

    def accept(conn: tcp.TcpConnection) -> None:
        accepted.append(conn)
        conn.on_data = lambda d: (got_server.append(d), conn.send(d.upper()))
        conn.on_eof = lambda: (events.append("server eof"), conn.close())
        conn.on_close = lambda e: events.append(f"server closed {e}")

    tcp.TcpListener(sb, 8080, accept)
    on_b = segments(w, "b")
    conn = tcp.connect(sa, B, 8080)
    conn.on_data = got_client.append
    conn.on_eof = lambda: events.append("client eof")
    conn.on_close = lambda e: events.append(f"client closed {e}")
    conn.on_connect = lambda: events.append("connected")
    w.run_for(0.01)
    assert conn.state == "ESTABLISHED" and accepted[0].state == "ESTABLISHED"
    syn = on_b[0][1]
    assert syn.flags == tcpwire.SYN and syn.window == 64240
    kinds = [k for k, _ in tcpwire.parse_options(syn.options)]
    assert kinds == [tcpwire.OPT_MSS, tcpwire.OPT_SACK_PERM, tcpwire.OPT_TIMESTAMP,
                     tcpwire.OPT_WSCALE]
    assert len(syn.options) == 20 and syn.options[:4] == tcpwire.mss_option(1460)
    data_seg = [s for _, s in on_b if s.payload]
    assert not data_seg
    assert 32768 <= syn.sport <= 60999
    conn.send(b"hello ")
    conn.send(b"world\n")
    w.run_for(0.01)
    assert b"".join(got_server) == b"hello world\n"
    assert b"".join(got_client) == b"HELLO WORLD\n"
    conn.close()
    w.run_for(0.01)
    assert events == ["connected", "server eof", "client eof", "client closed None",
                      "server closed None"]
    assert conn.state == "TIME_WAIT" and accepted[0].state == "CLOSED"
    w.run_for(61)
    assert conn.state == "CLOSED" and not tcp.table(sa).conns


def test_large_data_is_segmented_by_mss() -> None:
    w = world()
    sa, sb = w.named["a"].ipv4, w.named["b"].ipv4
    got: list[bytes] = []
    tcp.TcpListener(sb, 9, lambda c: setattr(c, "on_data", got.append))
    conn = tcp.connect(sa, B, 9)
    w.run_for(0.01)
    conn.send(bytes(range(256)) * 40)
    w.run_for(0.01)
    assert b"".join(got) == bytes(range(256)) * 40
    assert max(len(x) for x in got) == 1448     # MSS less the timestamp option


def test_closed_port_answers_rst_ack() -> None:
    w = world()
    on_a = segments(w, "a")
    errors: list[str | None] = []
    conn = tcp.connect(w.named["a"].ipv4, B, 81)
    conn.on_close = errors.append
    w.run_for(0.01)
    assert errors == ["ECONNREFUSED"] and conn.state == "CLOSED"
    (_, rst), = on_a
    syn_seq = conn.iss
    assert rst.flags == tcpwire.RST | tcpwire.ACK and rst.seq == 0
    assert rst.ack == (syn_seq + 1) & 0xFFFFFFFF and rst.window == 0


def test_syn_retransmission_linear_then_doubling() -> None:
    """RTO 1 s; the first tcp_syn_linear_timeouts (4) retransmissions keep it."""
    w = world()
    run_text("ip -n b link set eth0 down", world=w)
    run_text("ip -n a neigh add 10.0.0.2 lladdr 02:00:00:00:00:09 dev eth0", world=w)
    sent: list[int] = []
    dev = w.named["a"].get("eth0")
    def tap(_dev, frame: bytes) -> None:  # type: ignore[no-untyped-def]
        if frame[12:14] == b"\x08\x00" and frame[14 + 9] == 6:
            sent.append(w.now)

    dev.tx_tap = tap
    errors: list[str | None] = []
    start = w.now
    conn = tcp.connect(w.named["a"].ipv4, B, 80)
    conn.on_close = errors.append
    w.run_for(130.5)
    assert [(t - start) // SECOND for t in sent] == [0, 1, 2, 3, 4, 5, 7, 11, 19, 35, 67]
    assert errors == []
    w.run_for(1)
    assert errors == ["ETIMEDOUT"]
    assert conn.error == "ETIMEDOUT"


def test_no_route_fails_at_once() -> None:
    w = world()
    try:
        tcp.connect(w.named["a"].ipv4, 0x0B000001, 80)
    except OSError as exc:
        assert exc.args[0] == "ENETUNREACH"
    else:
        raise AssertionError("connect succeeded")


def test_unreachable_host_reports_ehostunreach() -> None:
    w = world()
    errors: list[str | None] = []
    conn = tcp.connect(w.named["a"].ipv4, 0x0A000009, 80)
    conn.on_close = errors.append
    w.run_for(10)
    assert errors == ["EHOSTUNREACH"]


def test_rst_from_peer_resets_established() -> None:
    w = world()
    accepted: list[tcp.TcpConnection] = []
    tcp.TcpListener(w.named["b"].ipv4, 7, accepted.append)
    conn = tcp.connect(w.named["a"].ipv4, B, 7)
    errors: list[str | None] = []
    conn.on_close = errors.append
    w.run_for(0.01)
    accepted[0].abort()
    w.run_for(0.01)
    assert errors == ["ECONNRESET"] and conn.state == "CLOSED"


def test_data_after_close_is_answered_with_reset() -> None:
    """close() stops reading: data arriving in FIN_WAIT gets an RST (TCPAbortOnData),
    while shutdown() (nc -N) keeps receiving."""
    w = world()
    sa, sb = w.named["a"].ipv4, w.named["b"].ipv4
    server_conns: list[tcp.TcpConnection] = []

    def accept(conn: tcp.TcpConnection) -> None:
        server_conns.append(conn)
        conn.send(b"banner\n")

    tcp.TcpListener(sb, 25, accept)
    on_b = segments(w, "b")
    conn = tcp.connect(sa, B, 25)
    got: list[bytes] = []
    conn.on_data = got.append
    conn.on_connect = conn.close            # nc -z: close at once
    w.run_for(0.01)
    assert got == [] and conn.state == "CLOSED"
    assert on_b[-1][1].flags == tcpwire.RST
    # shutdown(): the banner is read
    conn2 = tcp.connect(sa, B, 25)
    got2: list[bytes] = []
    conn2.on_data = got2.append
    conn2.on_connect = conn2.shutdown
    w.run_for(0.01)
    assert got2 == [b"banner\n"]
