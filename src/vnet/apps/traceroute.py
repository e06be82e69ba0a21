"""traceroute's engine: probes with growing TTL, driven by the World's scheduler.

The program part of Debian's traceroute 2.1.2 (Dmitry Butskoy's "modern traceroute"):
do_it's loop, get_timeout, check_expired, print_probe and recv_reply of
traceroute/traceroute.c, with the `default` (UDP to port 33434 and up, one socket and
one port per probe), `udp` (-U, one fixed port) and `icmp` (-I, echo requests on one raw
socket) methods of mod-udp.c and mod-icmp.c. Option parsing and the header are the
command's (vnet.cli.traceroute).

The send pattern is the real one: up to `sim_probes` (-N, 16) probes in flight, sent
in order of TTL while the first unanswered one is waited for; a probe is given up when
it waited MAX seconds, or HERE times the round trip of a probe of the same hop that
answered, or NEAR times that of a later hop's (-w MAX,HERE,NEAR; 5,3,10). The end
comes with the first hop whose probe reached the destination (or an ICMP unreachable).
Which probes get answers is the network's business: routers send time exceeded and
destinations port unreachable through vnet.net.icmp, rate limited per destination as
Linux does, which is why some hops show `*` when probes reach them in a burst.

What the kernel queues for IP_RECVERR on a probe socket (the ICMP error quoting it, its
offender and TTL) is seen here through a raw ICMP socket, as raw_local_deliver hands a
copy of every ICMP datagram delivered in the namespace; replies only count while their
probe's socket is open. Time is virtual: round trips are those of the network (zero in
vnet) plus RTT_FLOOR, the few microseconds a real kernel takes, so that the HERE and
NEAR factors (which ignore zero round trips) give up on silent hops after milliseconds
as they do on Linux, not after MAX seconds.
"""

from __future__ import annotations

import math
import struct
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from vnet.core.sched import NS_PER_MS, NS_PER_SEC, Timer
from vnet.net import route as rt
from vnet.transport.raw import RawSocket
from vnet.transport.udp import UdpSocket
from vnet.wire import icmp as icmpwire
from vnet.wire import ipv4 as ipwire
from vnet.wire.errors import WireError
from vnet.wire.ipaddr import ip_to_str

if TYPE_CHECKING:
    from vnet.link.device import Device
    from vnet.net.stack import Ipv4Stack
    from vnet.wire.udp import UdpDatagram

DEF_START_PORT = 33434
DEF_UDP_PORT = 53
DEF_WAIT_PREC = 0.001
RTT_FLOOR_S = 0.00002
EPOCH_S = 1_700_000_000
EPHEMERAL = (32768, 60999)


def ttl2hops(ttl: int) -> int:
    return (65 if ttl <= 64 else 129 if ttl <= 128 else 256) - ttl


@dataclass
class TraceConfig:
    """What the command line decided."""

    dst: int
    dst_name: str
    module: str = "default"        # default | udp | icmp
    first_hop: int = 1
    max_hops: int = 30
    nqueries: int = 3
    sim_probes: int = 16
    wait_secs: float = 5.0
    here_factor: float = 3.0
    near_factor: float = 10.0
    send_secs: float = 0.0
    port: int = 0                  # -p: first UDP port, or first ICMP sequence
    data_len: int = 32
    tos: int = 0
    dontfrag: bool = False
    numeric: bool = False
    device_name: str | None = None    # -i
    device: Device | None = None
    source: int = 0
    src_port: int = 0


class Probe:
    __slots__ = ("send_time", "recv_time", "done", "final", "res", "err_str", "recv_ttl",
                 "seq", "sock")

    def __init__(self) -> None:
        self.send_time = 0.0
        self.recv_time = 0.0
        self.done = False
        self.final = False
        self.res: int | None = None
        self.err_str = ""
        self.recv_ttl = 0
        self.seq = 0
        self.sock: UdpSocket | None = None

    def copy_from(self, other: Probe) -> None:
        for name in self.__slots__:
            setattr(self, name, getattr(other, name))


_UNREACH = {0: "!N", 6: "!N", 8: "!N", 11: "!N", 1: "!H", 7: "!H", 12: "!H", 9: "!X",
            10: "!X", 13: "!X", 3: "", 2: "!P", 5: "!S", 14: "!V", 15: "!C"}


class TraceError(Exception):
    """error(): `\\n<what>: <strerror>` on stderr and exit 1."""

    def __init__(self, what: str, errno_name: str) -> None:
        super().__init__(what)
        self.what = what
        self.errno_name = errno_name


class Traceroute:
    """One run: `start()`, then run the scheduler until `done`."""

    def __init__(self, stack: Ipv4Stack, cfg: TraceConfig, out: Callable[[str], None],
                 name_of: Callable[[int], str]) -> None:
        self.stack = stack
        self.sched = stack.world.sched
        self.rng = stack.world.rng
        self.cfg = cfg
        self.out = out
        self.name_of = name_of
        self.num_probes = cfg.max_hops * cfg.nqueries
        self.probes = [Probe() for _ in range(self.num_probes)]
        self.start_idx = (cfg.first_hop - 1) * cfg.nqueries
        self.end_idx = self.num_probes
        self.last_send = 0.0
        self.done = False
        self.error: TraceError | None = None
        self._timer: Timer | None = None
        self._busy = False
        self._pending = False
        self.curr_port = 0
        self.seq = 1
        self.ident = 0
        self.icmp_sock: RawSocket | None = None
        self.observer: RawSocket | None = None
        if cfg.module == "icmp":
            if cfg.port:
                self.seq = cfg.port
            self.ident = self.rng.getrandbits(16)
            self.data = bytearray(max(cfg.data_len, icmpwire.HEADER_LEN))
            for i in range(icmpwire.HEADER_LEN, len(self.data)):
                self.data[i] = 0x40 + (i & 0x3F)
        else:
            self.curr_port = (cfg.port or DEF_START_PORT) if cfg.module == "default" else 0
            self.dport = (cfg.port or DEF_UDP_PORT) if cfg.module == "udp" else self.curr_port
            self.data = bytearray(0x40 + (i & 0x3F) for i in range(cfg.data_len))

    # -- time ----------------------------------------------------------------------------
    def now(self) -> float:
        """get_time(): gettimeofday as a double (from a 2023 epoch, so that the 1.0 s
        check_expired leaves in a moved probe is long past, as it is on Linux)."""
        return EPOCH_S + (self.sched.now // 1000) / 1e6

    # -- setup (the module's init: the ICMP socket is opened, bound and connected here) -----
    def open(self) -> None:
        if self.cfg.module == "icmp":
            self.icmp_sock = RawSocket(self.stack, 1, self._on_icmp)
            self._tune(None)
            self._connect()
        else:
            self.observer = RawSocket(self.stack, 1, self._on_icmp)

    def _tune(self, port: int | None) -> None:
        """tune_socket: SO_BINDTODEVICE, then bind() to the source address."""
        cfg = self.cfg
        if cfg.device_name is not None:
            cfg.device = self.stack.ns.get(cfg.device_name)
            if cfg.device is None:
                raise TraceError("setsockopt SO_BINDTODEVICE", "ENODEV")
        if cfg.source and not self.stack.is_local_address(cfg.source):
            raise TraceError("bind", "EADDRNOTAVAIL")
        if port is not None and port in self.stack.udp_ports:
            raise TraceError("bind", "EADDRINUSE")

    def _connect(self) -> rt.RouteResult:
        try:
            return rt.output(self.stack, self.cfg.dst, self.cfg.source, self.cfg.device,
                             self.cfg.tos)
        except rt.RouteError as err:
            raise TraceError("connect", err.errno_name) from None

    # -- the main loop ---------------------------------------------------------------------
    def start(self) -> None:
        tracer = self.stack.world.tracer
        if tracer is not None:
            tracer.traceroute_start(self)
        self._loop()

    def _loop(self) -> None:
        """do_it: passes of the while loop until every hop up to the final one printed."""
        if self.done:
            return
        self._timer = None
        self._busy = True
        try:
            wait = self._pass()
        except TraceError as err:
            self.error = err
            self._finish()
            return
        finally:
            self._busy = False
        if self.done:
            return
        if self._pending:
            self._pending = False
            self.sched.call_soon(self._loop)
        elif wait is not None:
            self._timer = self.sched.call_later(wait, self._loop)
        else:
            self.sched.call_soon(self._loop)

    def _pass(self) -> int | None:
        """One pass; returns the poll() timeout in ns (None: poll is not called)."""
        cfg = self.cfg
        probes = self.probes
        nq = cfg.nqueries
        if self.start_idx >= self.end_idx:
            self._finish()
            return None
        num = 0
        next_time = 0.0
        now_time = self.now()
        n = self.start_idx
        while n < self.end_idx:
            pb = probes[n]
            if n == self.start_idx and not pb.done and pb.send_time:
                expire_time = pb.send_time + self._get_timeout(n)
                if expire_time > now_time:
                    next_time = expire_time
                else:
                    self._probe_done(pb)
                    self._check_expired(n)
            if pb.done:
                if n == self.start_idx:
                    self._print_probe(n)
                    self.start_idx += 1
                if pb.final:
                    self.end_idx = (n // nq + 1) * nq
                n += 1
                continue
            if not pb.send_time:
                if cfg.send_secs:
                    nxt = self.last_send + cfg.send_secs
                    if nxt > now_time:
                        next_time = nxt
                        break
                self._send_probe(n, n // nq + 1)
                if not pb.send_time:
                    if next_time:
                        break
                    raise TraceError("send probe", "ENOBUFS")
                self.last_send = pb.send_time
            if not next_time:
                next_time = pb.send_time + self._get_timeout(n)
            num += 1
            if num >= cfg.sim_probes:
                break
            n += 1
        if self.start_idx >= self.end_idx:
            self._finish()
            return None
        if not next_time:
            return None
        timeout = max(next_time - self.now(), 0.0)
        ms = math.ceil(timeout * 1000)
        if not self._polled_fds() and not self._pending:
            # do_poll with no descriptor returns at once: the loop spins until then
            return max(int(round((next_time - self.now()) * NS_PER_SEC)), 1000)
        return ms * NS_PER_MS

    def _polled_fds(self) -> bool:
        return self.icmp_sock is not None or any(pb.sock is not None for pb in self.probes)

    def _finish(self) -> None:
        if self.done:
            return
        if self.error is None:
            self.out("\n")          # print_end
        self.done = True
        tracer = self.stack.world.tracer
        if tracer is not None:
            tracer.traceroute_done(self)
        if self._timer is not None:
            self._timer.cancel()
        for pb in self.probes:
            if pb.sock is not None:
                pb.sock.close()
                pb.sock = None
        for sock in (self.icmp_sock, self.observer):
            if sock is not None:
                sock.close()

    def abort(self) -> None:
        self.error = self.error or TraceError("", "")
        self._finish()

    # -- timeouts and expiry ------------------------------------------------------------------
    def _rtt(self, pb: Probe) -> float:
        return pb.recv_time - pb.send_time

    def _get_timeout(self, idx: int) -> float:
        cfg = self.cfg
        probes = self.probes
        if cfg.here_factor:
            first = idx - idx % cfg.nqueries
            for p in probes[first:first + cfg.nqueries]:
                if p.done:
                    value = self._rtt(p)
                    if value > 0:
                        value = (value + DEF_WAIT_PREC) * cfg.here_factor
                        return min(value, cfg.wait_secs)
        if cfg.near_factor:
            for p in probes[idx + 1:]:
                if not p.send_time:
                    break
                if p.done:
                    value = self._rtt(p)
                    if value > 0:
                        value = (value + DEF_WAIT_PREC) * cfg.near_factor
                        return min(value, cfg.wait_secs)
        return cfg.wait_secs

    def _check_expired(self, idx: int) -> None:
        """check_expired: a final error report that arrived for a later probe of a hop
        whose earlier ones are silent is moved into this place."""
        probes = self.probes
        nq = self.cfg.nqueries
        pb = probes[idx]
        if not pb.done:
            return
        pfp = None
        for p in probes[idx - idx % nq:idx]:
            if not p.done or not p.final:
                return
            pfp = p
        fp_idx = -1
        for j in range(idx + 1, self.num_probes):
            p = probes[j]
            if not p.send_time:
                break
            if p.done:
                if not p.final:
                    return
                fp_idx = j
                break
        if fp_idx < 0:
            return
        fp = probes[fp_idx]
        if not fp.err_str:
            return
        if pfp is not None or (idx % nq) + (fp_idx - idx) < nq:
            self._replace(idx, fp_idx)
            return
        for j in range(idx - 1, -1, -1):
            if probes[j].res is not None and probes[j].res == fp.res:
                self._replace(idx, fp_idx)
                return
        if fp.recv_ttl:
            back_hops = ttl2hops(fp.recv_ttl)
            for j in range(idx - 1, -1, -1):
                p = probes[j]
                if p.done and not p.final and p.recv_ttl:
                    hops = ttl2hops(p.recv_ttl)
                    if hops < back_hops:
                        back_hops = (back_hops - hops) + (j // nq + 1)
                        break
            if back_hops <= idx // nq + 1:
                self._replace(idx, fp_idx)

    def _replace(self, idx: int, fp_idx: int) -> None:
        pb, fp = self.probes[idx], self.probes[fp_idx]
        pb.copy_from(fp)
        fresh = Probe()
        fp.copy_from(fresh)
        fp.send_time = 1.0          # "block extra re-send"

    # -- output --------------------------------------------------------------------------------
    def _print_probe(self, idx: int) -> None:
        nq = self.cfg.nqueries
        pb = self.probes[idx]
        ttl = idx // nq + 1
        np = idx % nq
        text = f"\n{ttl:2d} " if np == 0 else ""
        if pb.res is None:
            text += " *"
        else:
            prn = not np
            if np:
                j = idx - 1
                k = np
                while k and self.probes[j].res is None:
                    j -= 1
                    k -= 1
                if not k or self.probes[j].res != pb.res:
                    prn = True
            if prn:
                addr = ip_to_str(pb.res)
                text += f" {addr}" if self.cfg.numeric else f" {self.name_of(pb.res)} ({addr})"
        if pb.recv_time:
            text += f"  {(pb.recv_time - pb.send_time) * 1000:.3f} ms"
        if pb.err_str:
            text += f" {pb.err_str}"
        self.out(text)

    # -- sending -------------------------------------------------------------------------------
    def _send_probe(self, idx: int, ttl: int) -> None:
        if self.cfg.module == "icmp":
            self._send_icmp(idx, ttl)
        else:
            self._send_udp(idx, ttl)

    def _ephemeral_port(self) -> int:
        used = self.stack.udp_ports
        low, high = EPHEMERAL
        port = low + self.rng.randrange(high - low + 1)
        while port in used:
            port = port + 1 if port < high else low
        return port

    def _send_udp(self, idx: int, ttl: int) -> None:
        """udp_send_probe: a new socket, bound, connected, one datagram."""
        cfg = self.cfg
        pb = self.probes[idx]
        port = cfg.src_port or self._ephemeral_port()
        self._tune(port)
        res = self._connect()
        sock = UdpSocket(self.stack, port, self._on_udp, None, addr=cfg.source or res.src)
        sock.bound_dev = cfg.device
        dport = self.curr_port if self.curr_port else self.dport
        pb.send_time = self.now()
        tracer = self.stack.world.tracer
        if tracer is not None:
            tracer.traceroute_probe(self, idx, ttl, sock.addr, port, dport)
        error = sock.sendto(cfg.dst, dport, bytes(self.data), ttl=ttl, tos=cfg.tos,
                            df=cfg.dontfrag)
        pb.sock = sock
        pb.seq = dport
        if self.curr_port:
            self.curr_port += 1
        if error is not None:
            self._send_error(pb, error, res)

    def _send_icmp(self, idx: int, ttl: int) -> None:
        cfg = self.cfg
        pb = self.probes[idx]
        seq = self.seq & 0xFFFF
        message = icmpwire.echo_request(self.ident, seq,
                                        bytes(self.data[icmpwire.HEADER_LEN:])).emit()
        pb.send_time = self.now()
        tracer = self.stack.world.tracer
        if tracer is not None:
            tracer.traceroute_probe(self, idx, ttl, cfg.source, None, seq)
        assert self.icmp_sock is not None
        self.icmp_sock.bound_dev = cfg.device
        error = self.icmp_sock.sendto(cfg.dst, message, src=cfg.source, ttl=ttl, tos=cfg.tos,
                                      df=cfg.dontfrag)
        pb.seq = seq
        self.seq += 1
        if error is not None:
            self._send_error(pb, error, None)

    def _send_error(self, pb: Probe, error: str, res: rt.RouteResult | None) -> None:
        """do_send: EMSGSIZE and EHOSTUNREACH leave the probe sent (the error queue tells
        more: a local EMSGSIZE is `!F-mtu`); anything else ends traceroute."""
        tracer = self.stack.world.tracer
        if tracer is not None:
            tracer.app_send_failed(self, self.probes.index(pb) + 1, error)
        if error == "EMSGSIZE":
            if res is None:
                try:
                    res = self._connect()
                except TraceError:
                    res = None
            mtu = res.dev.mtu if res is not None and res.dev is not None else 0
            pb.err_str = f"!F-{mtu}"
            pb.final = True
            pb.recv_time = self.now() + RTT_FLOOR_S
            self._probe_done(pb)
            self._wake()
            return
        if error in ("EHOSTUNREACH", "ENOBUFS"):
            return
        raise TraceError("send", error)

    # -- receiving -------------------------------------------------------------------------------
    def _probe_done(self, pb: Probe) -> None:
        if pb.sock is not None:
            pb.sock.close()
            pb.sock = None
        pb.seq = 0
        pb.done = True

    def _wake(self) -> None:
        """A descriptor became readable: poll() returns."""
        if self.done:
            return
        if self._busy:
            self._pending = True
            return
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
            self.sched.call_soon(self._loop)

    def _arrived(self, pb: Probe, res: int, ttl: int) -> None:
        pb.recv_time = self.now() + RTT_FLOOR_S
        pb.recv_ttl = ttl
        pb.res = res

    def _on_udp(self, ip: ipwire.Ipv4Packet, dgram: UdpDatagram, dev: Device) -> None:
        """A datagram on a probe's socket: the destination answered (final)."""
        for pb in self.probes:
            if pb.sock is not None and pb.sock.port == dgram.dport and not pb.done:
                if ip.src != self.cfg.dst or dgram.sport != pb.seq:
                    return
                self._arrived(pb, ip.src, ip.ttl)
                pb.final = True
                tracer = self.stack.world.tracer
                if tracer is not None:
                    tracer.traceroute_answer(self, pb, ip.src, None)
                self._probe_done(pb)
                self._wake()
                return

    def _on_icmp(self, ip: ipwire.Ipv4Packet, dev: Device) -> None:
        if self.done or len(ip.payload) < 8:
            return
        icmp_type = ip.payload[0]
        if self.cfg.device is not None and dev is not self.cfg.device and \
                dev.link_type != "loopback":
            return
        if icmp_type == icmpwire.ECHO_REPLY:
            if self.cfg.module != "icmp" or ip.src != self.cfg.dst:
                return
            ident, seq = struct.unpack_from("!HH", ip.payload, 4)
            pb = self._by_seq(ident, seq)
            if pb is None:
                return
            self._arrived(pb, ip.src, ip.ttl)
            pb.final = True
            tracer = self.stack.world.tracer
            if tracer is not None:
                tracer.traceroute_answer(self, pb, ip.src, icmp_type)
            self._probe_done(pb)
            self._wake()
            return
        if icmp_type not in (icmpwire.DEST_UNREACH, icmpwire.TIME_EXCEEDED,
                             icmpwire.PARAMETERPROB):
            return
        try:
            msg = icmpwire.parse(ip.payload, verify_checksum=False)
            inner = ipwire.parse_quoted(msg.payload)
        except WireError:
            return
        if inner.dst != self.cfg.dst or len(inner.payload) < 8:
            return
        if self.cfg.module == "icmp":
            if inner.proto != 1 or inner.payload[0] != icmpwire.ECHO_REQUEST:
                return
            ident, seq = struct.unpack_from("!HH", inner.payload, 4)
            pb = self._by_seq(ident, seq)
        else:
            if inner.proto != 17:
                return
            sport, dport = struct.unpack_from("!HH", inner.payload, 0)
            pb = next((p for p in self.probes if p.sock is not None and
                       p.sock.port == sport and not p.done), None)
            if pb is not None and pb.seq != dport:
                pb = None
        if pb is None:
            return
        self._arrived(pb, ip.src, ip.ttl)
        info = msg.rest & 0xFFFF if msg.type == icmpwire.DEST_UNREACH else msg.rest
        self._parse_icmp_res(pb, msg.type, msg.code, info)
        tracer = self.stack.world.tracer
        if tracer is not None:
            tracer.traceroute_answer(self, pb, ip.src, msg.type)
        self._probe_done(pb)
        self._wake()

    def _by_seq(self, ident: int, seq: int) -> Probe | None:
        if ident != self.ident or seq <= 0:
            return None
        for pb in self.probes:
            if pb.seq == seq and not pb.done and pb.send_time:
                return pb
        return None

    def _parse_icmp_res(self, pb: Probe, icmp_type: int, code: int, info: int) -> None:
        if icmp_type == icmpwire.TIME_EXCEEDED and code == 0:
            return
        text: str | None = None
        if icmp_type == icmpwire.DEST_UNREACH:
            if code == 4:
                text = f"!F-{info}"
            else:
                text = _UNREACH.get(code, f"!<{code}>")
        if text is None:
            text = f"!<{icmp_type}-{code}>"
        pb.err_str = text
        pb.final = True
