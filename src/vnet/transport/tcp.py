"""A minimal TCP (RFC 9293; net/ipv4/tcp_ipv4.c, tcp_input.c, tcp_output.c, tcp_timer.c).

Sits above `ipv4_input.local_deliver` (protocol 6) and below the programs (`nc`, the
`vnet serve` daemon). Enough of TCP for connections to be real through NAT: the
three-way handshake (SYN and SYN-ACK carry Linux's options, mss, sackOK, timestamps,
nop, wscale, so segment sizes match; later segments carry timestamps, RFC 7323; the
windows are Linux's 64240 and 65160, then 64240 scaled), data delivered in order and
acknowledged at once, FIN close from either side (shutdown() half-closes, close() also
stops reading: data arriving after it is answered with a reset, as
tcp_rcv_state_process does; FIN_WAIT_1/2, CLOSE_WAIT, LAST_ACK, CLOSING, TIME_WAIT for
60 s as TCP_TIMEWAIT_LEN), and retransmission with Linux's initial RTO of 1 s, doubled
each time (tcp_retransmit_timer) except for the first net.ipv4.tcp_syn_linear_timeouts
(4) SYN retransmissions, which keep 1 s (Linux 6.5+); a SYN is retransmitted
tcp_syn_retries + tcp_syn_linear_timeouts (6 + 4) times, at 1, 2, 3, 4, 5, 7, 11, 19,
35 and 67 s, and the connection fails with ETIMEDOUT one RTO later, at 131 s (the
kernel's timer wheel adds slack to the long ones). A segment for which no socket exists
is answered by tcp_v4_send_reset: RST, or RST+ACK when the segment had no ACK (RFC 9293 3.10.7.1), never for a RST.
ICMP errors about a connection that is not yet established abort it (tcp_v4_err:
port/protocol unreachable -> ECONNREFUSED, host -> EHOSTUNREACH, net -> ENETUNREACH).

Not implemented: window scaling and SACK (announced only), PAWS, RTT measurement,
congestion control, out-of-order
queueing (an out-of-order segment is dropped and the expected sequence re-acked),
urgent data, simultaneous open, keepalive.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from vnet.net import ipv4_output
from vnet.wire import tcp as tcpwire
from vnet.wire.errors import WireError
from vnet.wire.tcp import ACK, FIN, PSH, RST, SYN, TcpSegment

if TYPE_CHECKING:
    from vnet.core.netns import Namespace
    from vnet.core.sched import Timer
    from vnet.link.device import Device
    from vnet.net.stack import Ipv4Stack
    from vnet.wire.icmp import IcmpPacket
    from vnet.wire.ipv4 import Ipv4Packet

PROTO = 6
SECOND = 1_000_000_000
RTO_INITIAL = SECOND            # TCP_TIMEOUT_INIT
RTO_MAX = 120 * SECOND          # TCP_RTO_MAX
TIME_WAIT = 60 * SECOND         # TCP_TIMEWAIT_LEN
WINDOW = 64240                  # what Linux advertises in its SYN (44 * 1460)
WINDOW_SYNACK = 65160           # and in its SYN-ACK (45 * 1448, timestamps on)
MSS_DEFAULT = 536               # RFC 9293 3.7.1 when the peer sends no MSS option
WSCALE = 7                      # the window scale announced (tcp_select_initial_window)
EPHEMERAL = (32768, 60999)      # net.ipv4.ip_local_port_range
MASK = 0xFFFFFFFF

#  ICMP destination-unreachable codes -> errno (icmp_err_convert)
_UNREACH_ERRNO = {0: "ENETUNREACH", 1: "EHOSTUNREACH", 2: "ENOPROTOOPT", 3: "ECONNREFUSED",
                  4: "EMSGSIZE", 5: "EOPNOTSUPP", 6: "ENETUNREACH", 7: "EHOSTDOWN",
                  9: "ENETUNREACH", 10: "EHOSTUNREACH", 11: "ENETUNREACH",
                  12: "EHOSTUNREACH", 13: "EHOSTUNREACH"}


def _lt(a: int, b: int) -> bool:
    """Sequence-space a < b (RFC 9293 3.4, before())."""
    return ((a - b) & MASK) > 0x7FFFFFFF


def _le(a: int, b: int) -> bool:
    return a == b or _lt(a, b)


class TcpTable:
    """Per-namespace sockets: listeners by port, connections by 4-tuple (tcp_hashinfo)."""

    def __init__(self) -> None:
        self.listeners: dict[int, TcpListener] = {}
        self.conns: dict[tuple[int, int, int, int], TcpConnection] = {}


def table(stack: Ipv4Stack) -> TcpTable:
    tcp = stack.tcp
    assert tcp is not None     # pernet_init made it with the stack
    return tcp


class TcpListener:
    def __init__(self, stack: Ipv4Stack, port: int,
                 on_accept: Callable[[TcpConnection], None], addr: int = 0) -> None:
        tbl = table(stack)
        if port in tbl.listeners or any(k[1] == port for k in tbl.conns):
            raise OSError("EADDRINUSE")
        self.stack = stack
        self.port = port
        self.addr = addr
        self.on_accept = on_accept
        tbl.listeners[port] = self

    def close(self) -> None:
        tbl = table(self.stack)
        if tbl.listeners.get(self.port) is self:
            del tbl.listeners[self.port]


class TcpConnection:
    """One connection's state (a struct tcp_sock, much reduced). Callbacks:
    `on_connect()` when established, `on_data(bytes)`, `on_eof()` when the peer's FIN
    arrives, `on_close(errno or None)` when the connection is gone."""

    def __init__(self, stack: Ipv4Stack, laddr: int, lport: int, raddr: int, rport: int) -> None:
        self.stack = stack
        self.world = stack.world
        self.laddr, self.lport, self.raddr, self.rport = laddr, lport, raddr, rport
        self.state = "CLOSED"
        self.iss = self.world.rng.getrandbits(32)
        self.snd_una = self.snd_nxt = self.iss
        self.rcv_nxt = 0
        self.snd_wnd = WINDOW
        self.mss = MSS_DEFAULT
        self.unsent = b""          # queued by send(), not yet in flight
        self.inflight: list[TcpSegment] = []
        self.fin_queued = False
        self.fin_sent = False
        self.rto = RTO_INITIAL
        self.retries = 0
        self.timer: Timer | None = None
        self.error: str | None = None
        self.ts_offset = self.world.rng.getrandbits(32)
        self.ts_recent = 0         # the peer's last TS val, echoed (RFC 7323 4.3)
        self.ts_ok = False
        self.rcv_shutdown = False  # closed by the program: no one reads any more
        self.on_connect: Callable[[], None] = lambda: None
        self.on_data: Callable[[bytes], None] = lambda _data: None
        self.on_eof: Callable[[], None] = lambda: None
        self.on_close: Callable[[str | None], None] = lambda _err: None

    @property
    def key(self) -> tuple[int, int, int, int]:
        return (self.laddr, self.lport, self.raddr, self.rport)

    # -- user calls -------------------------------------------------------------------------
    def send(self, data: bytes) -> None:
        if self.state in ("ESTABLISHED", "CLOSE_WAIT", "SYN_SENT", "SYN_RECV") \
                and not self.fin_queued:
            self.unsent += data
            self._push()

    def shutdown(self) -> None:
        """shutdown(SHUT_WR): a FIN after the queued data; receiving goes on."""
        if self.state in ("SYN_SENT", "LISTEN", "CLOSED"):
            self._done(None)
            return
        if not self.fin_queued:
            self.fin_queued = True
            self._push()

    def close(self) -> None:
        """close() (tcp_close): the FIN of shutdown, and the socket reads no more; data
        arriving afterwards is answered with a reset (RFC 1122 4.2.2.13)."""
        self.rcv_shutdown = True
        self.shutdown()

    def abort(self) -> None:
        """An RST to the peer and the connection is gone (tcp_disconnect)."""
        if self.state not in ("CLOSED", "SYN_SENT", "TIME_WAIT"):
            self._xmit(TcpSegment(self.lport, self.rport, self.snd_nxt, self.rcv_nxt,
                                  RST | ACK, 0))
        self._done(None)

    # -- output -----------------------------------------------------------------------------
    def _xmit(self, seg: TcpSegment) -> None:
        data = seg.emit(self.laddr, self.raddr)
        error = ipv4_output.local_out(self.stack, self.raddr, PROTO, data, src=self.laddr,
                                      df=True)
        if error is not None and self.state == "SYN_SENT":
            self._done(error)

    def _segment(self, flags: int, payload: bytes = b"", seq: int | None = None,
                 options: bytes = b"") -> TcpSegment:
        return TcpSegment(self.lport, self.rport, self.snd_nxt if seq is None else seq,
                          self.rcv_nxt if flags & ACK else 0, flags, WINDOW >> WSCALE, payload,
                          options=options or self._ts_option())

    def connect(self) -> None:
        self.state = "SYN_SENT"
        table(self.stack).conns[self.key] = self
        self._send_syn(SYN)

    def _ts_val(self) -> int:
        return (self.world.now // 1_000_000 + self.ts_offset) & MASK

    def _syn_options(self) -> bytes:
        """What Linux puts in a SYN: mss, sackOK, TS val ecr, nop, wscale (20 bytes).
        Window scaling and SACK are announced but not used (the window is not honoured
        and nothing is selectively acknowledged)."""
        return b"".join((tcpwire.mss_option(self._own_mss()),
                         bytes((tcpwire.OPT_SACK_PERM, 2, tcpwire.OPT_TIMESTAMP, 10)),
                         self._ts_val().to_bytes(4, "big"), self.ts_recent.to_bytes(4, "big"),
                         bytes((tcpwire.OPT_NOP, tcpwire.OPT_WSCALE, 3, WSCALE))))

    def _ts_option(self) -> bytes:
        """NOP NOP TS val ecr on every segment once both SYNs carried timestamps."""
        if not self.ts_ok:
            return b""
        return bytes((tcpwire.OPT_NOP, tcpwire.OPT_NOP, tcpwire.OPT_TIMESTAMP, 10)) + \
            self._ts_val().to_bytes(4, "big") + self.ts_recent.to_bytes(4, "big")

    def _send_syn(self, flags: int) -> None:
        seg = TcpSegment(self.lport, self.rport, self.iss, self.rcv_nxt if flags & ACK else 0,
                         flags, WINDOW if flags == SYN else WINDOW_SYNACK,
                         options=self._syn_options())
        if not self.inflight:
            self.inflight.append(seg)
            self.snd_nxt = (self.iss + 1) & MASK
        self._xmit(seg)
        self._arm()

    def _own_mss(self) -> int:
        from vnet.net import route as rt

        try:
            res = rt.output(self.stack, self.raddr, self.laddr)
        except rt.RouteError:
            return 1460
        return max(res.dev.mtu - 40, 88)

    def _push(self) -> None:
        if self.state not in ("ESTABLISHED", "CLOSE_WAIT"):
            return
        room = self.mss - (12 if self.ts_ok else 0)
        while self.unsent:
            chunk, self.unsent = self.unsent[:room], self.unsent[room:]
            flags = ACK | (PSH if not self.unsent else 0)
            seg = self._segment(flags, chunk)
            self.inflight.append(seg)
            self.snd_nxt = (self.snd_nxt + len(chunk)) & MASK
            self._xmit(seg)
        if self.fin_queued and not self.fin_sent:
            self.fin_sent = True
            seg = self._segment(FIN | ACK)
            self.inflight.append(seg)
            self.snd_nxt = (self.snd_nxt + 1) & MASK
            self.state = "FIN_WAIT_1" if self.state == "ESTABLISHED" else "LAST_ACK"
            self._xmit(seg)
        if self.inflight:
            self._arm(restart=False)

    def _ack_now(self) -> None:
        self._xmit(self._segment(ACK))

    # -- timers -----------------------------------------------------------------------------
    def _arm(self, restart: bool = True) -> None:
        if self.timer is not None and not restart:
            return
        if self.timer is not None:
            self.timer.cancel()
        self.timer = self.world.sched.call_later(self.rto, self._retransmit)

    def _disarm(self) -> None:
        if self.timer is not None:
            self.timer.cancel()
            self.timer = None

    def _retransmit(self) -> None:
        self.timer = None
        if not self.inflight or self.state in ("CLOSED", "TIME_WAIT"):
            return
        values = self.stack.ns.sysctl.values
        linear = int(values.get("net.ipv4.tcp_syn_linear_timeouts", "4"))
        if self.state == "SYN_SENT":   # tcp_write_timeout: syn_retries + linear timeouts
            limit = int(values.get("net.ipv4.tcp_syn_retries", "6")) + linear
        elif self.state == "SYN_RECV":
            limit = int(values.get("net.ipv4.tcp_synack_retries", "5"))
        else:
            limit = 15
        if self.retries >= limit:
            self._done("ETIMEDOUT")
            return
        self.retries += 1
        if self.state != "SYN_SENT" or self.retries > linear:
            self.rto = min(self.rto * 2, RTO_MAX)
        seg = self.inflight[0]
        if seg.flags & SYN:
            self._xmit(seg._replace(options=self._syn_options()))
        else:
            self._xmit(seg._replace(ack=self.rcv_nxt if seg.flags & ACK else 0,
                                    options=self._ts_option()))
        self._arm()

    # -- input ------------------------------------------------------------------------------
    def segment_arrived(self, seg: TcpSegment) -> None:
        """tcp_rcv_state_process, reduced."""
        flags = seg.flags
        if self.state == "SYN_SENT":
            if flags & ACK and seg.ack != self.snd_nxt:
                if not flags & RST:
                    _send_reset(self.stack, self.laddr, self.raddr, seg)
                return
            if flags & RST:
                if flags & ACK:
                    self._done("ECONNREFUSED")
                return
            if flags & SYN and flags & ACK:
                self.rcv_nxt = (seg.seq + 1) & MASK
                self._peer_mss(seg)
                self._acked(seg.ack)
                self.state = "ESTABLISHED"
                self._ack_now()
                self.on_connect()
                self._push()
            return
        self._note_ts(seg)
        # acceptability (RFC 9293 3.10.7.4, simplified: in-window start)
        if flags & RST:
            if seg.seq == self.rcv_nxt or self.state == "SYN_RECV":
                self._done("ECONNRESET" if self.state != "SYN_RECV" else None)
            return
        if flags & SYN:
            if self.state == "SYN_RECV" and not flags & ACK:
                self._send_syn(SYN | ACK)  # a retransmitted SYN: the SYN-ACK again
            else:
                self._ack_now()            # challenge ACK (RFC 5961 4)
            return
        if not flags & ACK:
            return
        if self.state == "SYN_RECV":
            if seg.ack != self.snd_nxt:
                _send_reset(self.stack, self.laddr, self.raddr, seg)
                return
            self._acked(seg.ack)
            self.state = "ESTABLISHED"
            listener = table(self.stack).listeners.get(self.lport)
            if listener is not None:
                listener.on_accept(self)
            self.on_connect()
        else:
            self._acked(seg.ack)
        if self.state == "CLOSED":
            return
        if self.rcv_shutdown and seg.payload and self.state in ("FIN_WAIT_1", "FIN_WAIT_2"):
            # tcp_rcv_state_process: data for a closed socket (TCPAbortOnData)
            _send_reset(self.stack, self.laddr, self.raddr, seg)
            self._done(None)
            return
        if seg.payload or flags & FIN:
            if seg.seq != self.rcv_nxt:
                self._ack_now()   # out of order or duplicate: re-ack what we expect
                return
            if seg.payload and self.state in ("ESTABLISHED", "FIN_WAIT_1", "FIN_WAIT_2"):
                self.rcv_nxt = (self.rcv_nxt + len(seg.payload)) & MASK
                self.on_data(seg.payload)
            if flags & FIN:
                self.rcv_nxt = (self.rcv_nxt + 1) & MASK
                self._ack_now()
                self._fin_received()
            elif seg.payload:
                self._ack_now()
        self._push()

    def _peer_mss(self, seg: TcpSegment) -> None:
        self.mss = min(MSS_DEFAULT, self._own_mss())
        for kind, value in tcpwire.parse_options(seg.options):
            if kind == tcpwire.OPT_MSS and len(value) == 2:
                self.mss = min(int.from_bytes(value, "big"), self._own_mss())
            elif kind == tcpwire.OPT_TIMESTAMP and len(value) == 8:
                self.ts_ok = True
                self.ts_recent = int.from_bytes(value[:4], "big")

    def _note_ts(self, seg: TcpSegment) -> None:
        if not self.ts_ok or not seg.options:
            return
        for kind, value in tcpwire.parse_options(seg.options):
            if kind == tcpwire.OPT_TIMESTAMP and len(value) == 8:
                self.ts_recent = int.from_bytes(value[:4], "big")

    def _acked(self, ack: int) -> None:
        if not (_lt(self.snd_una, ack) and _le(ack, self.snd_nxt)):
            return
        self.snd_una = ack
        self.inflight = [s for s in self.inflight
                         if _lt(ack, (s.seq + s.seq_len) & MASK)]
        self.retries = 0
        self.rto = RTO_INITIAL
        if self.inflight:
            self._arm()
        else:
            self._disarm()
        fin_acked = self.fin_sent and ack == self.snd_nxt
        if fin_acked:
            if self.state == "FIN_WAIT_1":
                self.state = "FIN_WAIT_2"
            elif self.state == "CLOSING":
                self._time_wait()
            elif self.state == "LAST_ACK":
                self._done(None)

    def _fin_received(self) -> None:
        if self.state in ("ESTABLISHED", "SYN_RECV"):
            self.state = "CLOSE_WAIT"
        elif self.state == "FIN_WAIT_1":
            self.state = "CLOSING"
        self.on_eof()
        if self.state == "FIN_WAIT_2":
            self._time_wait()

    def _time_wait(self) -> None:
        self.state = "TIME_WAIT"
        self._disarm()
        self.timer = self.world.sched.call_later(TIME_WAIT, self._done, None)
        self.on_close(None)

    def _done(self, error: str | None) -> None:
        was = self.state
        self._disarm()
        self.state = "CLOSED"
        self.error = error
        tbl = table(self.stack)
        if tbl.conns.get(self.key) is self:
            del tbl.conns[self.key]
        if was != "TIME_WAIT":
            self.on_close(error)


def connect(stack: Ipv4Stack, dst: int, dport: int, *, src: int = 0, sport: int = 0,
            oif: Device | None = None) -> TcpConnection:
    """connect(): pick the source address (route) and an ephemeral port, send the SYN.
    Raises OSError(errno name) when there is no route."""
    from vnet.net import route as rt

    try:
        res = rt.output(stack, dst, src, oif)
    except rt.RouteError as err:
        raise OSError(err.errno_name) from None
    laddr = res.src
    tbl = table(stack)
    if not sport:
        lo, hi = EPHEMERAL
        start = stack.world.rng.randrange(lo, hi + 1)
        sport = start
        while (laddr, sport, dst, dport) in tbl.conns or sport in tbl.listeners:
            sport = lo if sport == hi else sport + 1
            if sport == start:
                raise OSError("EADDRNOTAVAIL")
    conn = TcpConnection(stack, laddr, sport, dst, dport)
    conn.connect()
    return conn


def _send_reset(stack: Ipv4Stack, laddr: int, raddr: int, seg: TcpSegment) -> None:
    """tcp_v4_send_reset."""
    if seg.flags & RST:
        return
    rst = tcpwire.reset_for(seg)
    ipv4_output.local_out(stack, raddr, PROTO, rst.emit(laddr, raddr), src=laddr, df=True)


def rcv(stack: Ipv4Stack, dev: Device, ip: Ipv4Packet, bcast: bool) -> None:
    """tcp_v4_rcv: checksum, socket lookup (established, then listener), or a reset."""
    if bcast:
        stack.ns.drop("NOT_SPECIFIED")
        return
    try:
        seg = tcpwire.parse(ip.payload, ip.src, ip.dst)
    except WireError:
        stack.count("TcpInErrs")
        stack.ns.drop("TCP_CSUM")
        return
    stack.count("TcpInSegs")
    tbl = table(stack)
    conn = tbl.conns.get((ip.dst, seg.dport, ip.src, seg.sport))
    if conn is not None:
        conn.segment_arrived(seg)
        return
    listener = tbl.listeners.get(seg.dport)
    if listener is not None and (not listener.addr or listener.addr == ip.dst):
        if seg.flags & (SYN | ACK | RST) == SYN:
            conn = TcpConnection(stack, ip.dst, seg.dport, ip.src, seg.sport)
            conn.rcv_nxt = (seg.seq + 1) & MASK
            conn._peer_mss(seg)
            conn.state = "SYN_RECV"
            tbl.conns[conn.key] = conn
            conn._send_syn(SYN | ACK)
            return
        if seg.flags & RST:
            return
        if seg.flags & ACK:
            _send_reset(stack, ip.dst, ip.src, seg)  # no such connection: RST
        return
    stack.ns.drop("NO_SOCKET")
    _send_reset(stack, ip.dst, ip.src, seg)


def err(stack: Ipv4Stack, msg: IcmpPacket, inner: Ipv4Packet) -> None:
    """tcp_v4_err: hard errors end a connection that is still opening."""
    if len(inner.payload) < 8 or msg.type != 3:
        return
    sport = int.from_bytes(inner.payload[0:2], "big")
    dport = int.from_bytes(inner.payload[2:4], "big")
    conn = table(stack).conns.get((inner.src, sport, inner.dst, dport))
    if conn is None or msg.code == 4:   # fragmentation needed: PMTU, not an error here
        return
    if conn.state in ("SYN_SENT", "SYN_RECV"):
        conn._done(_UNREACH_ERRNO.get(msg.code, "EHOSTUNREACH"))
    else:
        conn.error = _UNREACH_ERRNO.get(msg.code, "EHOSTUNREACH")   # a soft error


def pernet_init(ns: Namespace) -> None:
    stack = ns.ipv4
    stack.tcp = TcpTable()
    stack.protocols[PROTO] = rcv
    stack.err_handlers[PROTO] = err
