"""Programs over TCP and UDP sockets: the `vnet serve` daemon and the `nc` client.

`Server` is the simulator's `vnet serve tcp|udp PORT [reply TEXT]`: bound to every
address of its namespace, it answers each TCP connection with TEXT (a newline added;
`%a` is replaced by the client's address as the server sees it, which shows what NAT
did) or, without `reply`, echoes what it receives; it closes a connection when the
client does. For UDP it answers each datagram the same way. The real-kernel twin is
vnet.backend.serve.

`NcClient` is netcat-openbsd's client side (`nc [-u] [-z] [-w N] HOST PORT`) on the
virtual clock: connect (or, with -z, only connect), send stdin, collect what the peer
sends, and stop when the peer closes, when the connection fails, or after N seconds
without traffic.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from vnet.transport import tcp
from vnet.transport.udp import UdpSocket
from vnet.wire.ipaddr import ip_to_str

if TYPE_CHECKING:
    from vnet.core.netns import Namespace
    from vnet.link.device import Device
    from vnet.wire.ipv4 import Ipv4Packet
    from vnet.wire.udp import UdpDatagram

SERVE_USAGE = "Usage: vnet serve tcp|udp PORT [reply TEXT]\n"
SECOND = 1_000_000_000


@dataclass
class ServeSpec:
    proto: str
    port: int
    reply: str | None = None


def parse_serve_args(argv: list[str]) -> ServeSpec | str:
    """ServeSpec, or an error message (usage) to print with status 2."""
    if len(argv) not in (2, 4) or argv[0] not in ("tcp", "udp"):
        return SERVE_USAGE
    if not (argv[1].isascii() and argv[1].isdigit()) or not 0 < int(argv[1]) < 65536:
        return f'vnet serve: invalid port "{argv[1]}"\n'
    if len(argv) == 4 and argv[2] != "reply":
        return SERVE_USAGE
    return ServeSpec(argv[0], int(argv[1]), argv[3] if len(argv) == 4 else None)


def reply_text(template: str, peer: str) -> str:
    return template.replace("%a", peer) + "\n"


class Server:
    def __init__(self, ns: Namespace, spec: ServeSpec) -> None:
        self.ns = ns
        self.spec = spec
        self.listener: tcp.TcpListener | None = None
        self.udp: UdpSocket | None = None

    def start(self) -> None:
        """Raises OSError("EADDRINUSE") when the port is taken."""
        stack = self.ns.ipv4
        if self.spec.proto == "tcp":
            self.listener = tcp.TcpListener(stack, self.spec.port, self._accept)
        else:
            self.udp = UdpSocket(stack, self.spec.port, self._datagram)

    def _accept(self, conn: tcp.TcpConnection) -> None:
        if self.spec.reply is not None:
            conn.send(reply_text(self.spec.reply, ip_to_str(conn.raddr)).encode())
        else:
            conn.on_data = conn.send
        conn.on_eof = conn.close

    def _datagram(self, ip: Ipv4Packet, dgram: UdpDatagram, dev: Device) -> None:
        assert self.udp is not None
        answer = dgram.payload if self.spec.reply is None else \
            reply_text(self.spec.reply, ip_to_str(ip.src)).encode()
        self.udp.sendto(ip.src, dgram.sport, answer, src=ip.dst)


@dataclass
class NcResult:
    status: int = 0
    output: bytes = b""
    error: str | None = None       # errno name of a failed connect/send


@dataclass
class NcClient:
    """One run of the nc client; `run()` drives the world's clock until it is done."""

    ns: Namespace
    dst: int
    port: int
    udp: bool = False
    zero_io: bool = False
    timeout_s: float | None = None
    stdin: bytes = b""
    half_close: bool = False       # -N: shutdown(SHUT_WR) after stdin's EOF
    probe: bool = False            # UDP with -v or -z: netcat's udptest() first
    on_connect: Callable[[], None] | None = None
    result: NcResult = field(default_factory=NcResult)
    done: bool = False
    hung: bool = False             # no -w and the peer never closed: the real nc waits on
    conn: tcp.TcpConnection | None = None
    _last: int = 0

    def run(self) -> NcResult:
        if self.udp:
            self._run_udp()
        else:
            self._run_tcp()
        return self.result

    def _wait(self, seconds: float | None, stop: Callable[[], bool] | None = None) -> None:
        sched = self.ns.world.sched
        limit = 3600.0 if seconds is None else seconds
        sched.run_until(sched.now + int(limit * SECOND), stop=stop or (lambda: self.done))

    # -- TCP ----------------------------------------------------------------------------------
    def _run_tcp(self) -> None:
        try:
            conn = tcp.connect(self.ns.ipv4, self.dst, self.port)
        except OSError as err:
            self._fail(str(err.args[0]))
            return
        self.conn = conn
        state = {"connected": False}

        def connected() -> None:
            state["connected"] = True
            if self.on_connect is not None:
                self.on_connect()
            if self.zero_io:
                self.done = True

        def closed(error: str | None) -> None:
            if error is not None and not state["connected"]:
                self.result.error = error
                self.result.status = 1
            self.done = True

        conn.on_connect = connected
        conn.on_close = closed
        conn.on_data = (lambda _data: None) if self.zero_io else self._data
        conn.on_eof = self._eof
        # connect(): with -w the attempt is bounded by the timeout, else by the SYN retries
        self._wait(self.timeout_s, lambda: self.done or state["connected"])
        if not state["connected"]:
            if self.result.error is None:
                self.result.error = "ETIMEDOUT" if self.timeout_s is None else "EINPROGRESS"
                self.result.status = 1
            conn.abort() if conn.state != "CLOSED" else None
            return
        if self.zero_io:
            conn.close()
            self.ns.world.run_for(0)
            return
        self.done = False
        if self.stdin:
            conn.send(self.stdin)
        if self.half_close:
            conn.shutdown()
        self._idle_loop()
        if conn.state not in ("CLOSED", "TIME_WAIT"):
            conn.close()

    def _data(self, data: bytes) -> None:
        self.result.output += data
        self._last = self.ns.world.sched.now

    def _eof(self) -> None:
        self.done = True

    def _idle_loop(self) -> None:
        """Read until the peer closes, or until -w seconds pass without traffic (poll's
        timeout restarts with every event)."""
        sched = self.ns.world.sched
        if self.timeout_s is None:
            self._wait(None)
            self.hung = not self.done
            return
        self._last = sched.now
        while not self.done:
            deadline = self._last + int(self.timeout_s * SECOND)
            if sched.now >= deadline:
                return
            sched.run_until(deadline, stop=lambda: self.done)

    # -- UDP ----------------------------------------------------------------------------------
    def _run_udp(self) -> None:
        stack = self.ns.ipv4
        world = self.ns.world
        port = world.rng.randrange(*tcp.EPHEMERAL)
        while port in stack.udp_ports:
            port += 1
        pending: list[str] = []       # the connected socket's sk_err, set by ICMP errors

        def datagram(ip: Ipv4Packet, dgram: UdpDatagram, dev: Device) -> None:
            if ip.src == self.dst and dgram.sport == self.port and not self.zero_io:
                self._data(dgram.payload)

        def icmp_error(msg: object, inner: Ipv4Packet) -> None:
            pending.append("ECONNREFUSED")

        sock = UdpSocket(stack, port, datagram, icmp_error)

        def write(payload: bytes) -> bool:
            """send() on the connected socket: a pending ICMP error fails it instead."""
            if pending:
                pending.clear()
                return False
            error = sock.sendto(self.dst, self.port, payload)
            world.settle()            # loopback and veth answer within the syscall
            return error is None

        try:
            if self.probe and not self._udptest(write):
                self.result.status = 1
                return
            if self.on_connect is not None:
                self.on_connect()
            if self.zero_io:
                return
            if self.stdin and not write(self.stdin):
                return
            self._idle_loop()
        finally:
            sock.close()

    def _udptest(self, write: Callable[[bytes], bool]) -> bool:
        """netcat's udptest(): two one-byte writes, then one a second for the -w timeout
        (3 s without -w); a write failing with ECONNREFUSED means the port is closed."""
        if not write(b"X") or not write(b"X"):
            return False
        for _ in range(3 if self.timeout_s is None else int(self.timeout_s)):
            self.ns.world.run_for(1)
            if not write(b"X"):
                return False
        return True

    def _fail(self, error: str) -> None:
        self.result.error = error
        self.result.status = 1
