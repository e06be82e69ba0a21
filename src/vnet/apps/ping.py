"""ping's engine: ICMP echo (RFC 792) over a raw socket, driven by the World's scheduler.

The program part of iputils 20221126 `ping` for IPv4, after `ping/ping_common.c`
(main_loop, pinger, __schedule_exit, gather_statistics, finish) and `ping/ping.c`
(ping4_send_probe, ping4_parse_reply, ping4_receive_error_msg). Option parsing, name
resolution, the connect() probe and the `PING ...` header are the command's
(`vnet.cli.ping`); this module owns the run from the first probe to the statistics.

It sits above `vnet.transport.raw`: echo requests leave through the namespace's IPv4
output path (routing, ARP, fragmentation) and every ICMP message delivered locally
comes back through `RawSocket.on_packet`, as raw_local_deliver gives root's ping a copy.
What the kernel would queue on the socket's error queue for IP_RECVERR (raw_err: a
destination unreachable, time exceeded or parameter problem quoting one of our
requests, received on the bound device if any) is reported as `From X icmp_seq=N ...`
and counted as an error; a local EMSGSIZE (ip_local_error) as `ping: local error: ...`.

Timing follows main_loop exactly, in virtual time: probes are due every `interval` ms
by pinger's token bucket (counted in whole milliseconds as iputils does); after the
last of `-c` probes ping waits `2 * max rtt` (at least one interval) if it has had a
reply, else the linger time (-W, 10 s); `-w` is an alarm from the start that ends the
run whatever is left, and with it any error ends the run too. Sending, receiving and
timers are scheduler events, so a run takes exactly the virtual time real ping takes.
Two costs are modelled because a zero-latency network would otherwise create ties real
ping never meets: a sleep ends TIMER_SLACK_NS (the kernel's default 50 us timer slack)
after it was due, so a probe due at the instant an ARP timer gives up goes out after the
kernel's error, as it does on Linux where ping's wake-ups run late; and with a zero
interval (-f, -i 0; or a negative one with no end but -w) probes are at least
MIN_SEND_GAP_NS apart, or a flood would run forever without time advancing. Replies are timestamped when they arrive, as
SO_TIMESTAMP does, so round-trip times stay those of the network (zero in vnet).
"""

from __future__ import annotations

import struct
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from vnet.core.sched import NS_PER_MS, NS_PER_SEC, Timer
from vnet.net import ipv4_output
from vnet.net import route as rt
from vnet.transport.raw import RawSocket
from vnet.wire import icmp as icmpwire
from vnet.wire import ipv4 as ipwire
from vnet.wire.checksum import internet_checksum
from vnet.wire.errors import WireError
from vnet.wire.ipaddr import ip_to_str

if TYPE_CHECKING:
    from vnet.link.device import Device
    from vnet.net.stack import Ipv4Stack

IPPROTO_ICMP = 1
MAXWAIT_MS = 10_000          # ping.h MAXWAIT: default linger time
MININTERVAL_MS = 10          # ping.h MININTERVAL
MAX_DUP_CHK = 0x10000
TIMEVAL_LEN = 16             # sizeof(struct timeval) on a 64-bit host
IP_MAX_PACKET = 0xFFFF
MIN_SEND_GAP_NS = 10_000     # see the module docstring
TIMER_SLACK_NS = 50_000      # a task's default timer_slack_ns: how late poll() returns
_TIMEVAL = struct.Struct("<qq")

#  ICMP types the raw socket's ICMP_FILTER lets through (ping4_run), and after the first
#  error arrived through the error queue (ping4_receive_error_msg)
_FILTER_FIRST = frozenset({icmpwire.SOURCE_QUENCH, icmpwire.DEST_UNREACH,
                           icmpwire.TIME_EXCEEDED, icmpwire.PARAMETERPROB,
                           icmpwire.REDIRECT, icmpwire.ECHO_REPLY})
_FILTER_AFTER_ERROR = frozenset({icmpwire.SOURCE_QUENCH, icmpwire.REDIRECT,
                                 icmpwire.ECHO_REPLY})
#  raw_err: the types that reach the error queue
_ERRQUEUE_TYPES = frozenset({icmpwire.DEST_UNREACH, icmpwire.TIME_EXCEEDED,
                             icmpwire.PARAMETERPROB})

_UNREACH_TEXT = {
    0: "Destination Net Unreachable", 1: "Destination Host Unreachable",
    2: "Destination Protocol Unreachable", 3: "Destination Port Unreachable",
    5: "Source Route Failed", 6: "Destination Net Unknown", 7: "Destination Host Unknown",
    8: "Source Host Isolated", 9: "Destination Net Prohibited",
    10: "Destination Host Prohibited", 11: "Destination Net Unreachable for Type of Service",
    12: "Destination Host Unreachable for Type of Service", 13: "Packet filtered",
    14: "Precedence Violation", 15: "Precedence Cutoff",
}
_REDIRECT_TEXT = {0: "Redirect Network", 1: "Redirect Host",
                  2: "Redirect Type of Service and Network",
                  3: "Redirect Type of Service and Host"}
_OTHER_TEXT = {
    icmpwire.ECHO_REPLY: "Echo Reply", icmpwire.ECHO_REQUEST: "Echo Request",
    icmpwire.SOURCE_QUENCH: "Source Quench", icmpwire.TIMESTAMP: "Timestamp",
    icmpwire.TIMESTAMPREPLY: "Timestamp Reply", icmpwire.INFO_REQUEST: "Information Request",
    icmpwire.INFO_REPLY: "Information Reply", icmpwire.ADDRESS: "Address Mask Request",
    icmpwire.ADDRESSREPLY: "Address Mask Reply",
}


def describe_icmp(icmp_type: int, code: int, info: int) -> str:
    """pr_icmph: the text after `From X icmp_seq=N ` (without the newline)."""
    if icmp_type == icmpwire.DEST_UNREACH:
        if code == icmpwire.FRAG_NEEDED:
            return f"Frag needed and DF set (mtu = {info})"
        return _UNREACH_TEXT.get(code, f"Dest Unreachable, Bad Code: {code}")
    if icmp_type == icmpwire.TIME_EXCEEDED:
        if code == icmpwire.EXC_TTL:
            return "Time to live exceeded"
        if code == icmpwire.EXC_FRAGTIME:
            return "Frag reassembly time exceeded"
        return f"Time exceeded, Bad Code: {code}"
    if icmp_type == icmpwire.REDIRECT:
        head = _REDIRECT_TEXT.get(code, f"Redirect, Bad Code: {code}")
        return f"{head}(New nexthop: {ip_to_str(info)})"
    if icmp_type == icmpwire.PARAMETERPROB:
        return f"Parameter problem: pointer = {info >> 24}"
    return _OTHER_TEXT.get(icmp_type, f"Bad ICMP type: {icmp_type}")


def format_loss(transmitted: int, received: int) -> str:
    """printf("%g%%") of a C float: the loss percentage as iputils prints it."""
    value = (transmitted - received) * 100.0 / transmitted
    (as_float,) = struct.unpack("f", struct.pack("f", value))
    return f"{as_float:g}"


def format_triptime(us: int) -> str:
    """gather_statistics: 3 significant decimals below 1 ms, fewer above."""
    if us >= 100000 - 50:
        return f"{(us + 500) // 1000}"
    if us >= 10000 - 5:
        return f"{(us + 50) // 1000}.{((us + 50) % 1000) // 100}"
    if us >= 1000:
        return f"{(us + 5) // 1000}.{((us + 5) % 1000) // 10:02d}"
    return f"{us // 1000}.{us % 1000:03d}"


def _llsqrt(a: int) -> int:
    """ping_common.c llsqrt: Newton's integer square root."""
    prev = 2**63 - 1
    x = a
    if x > 0:
        while x < prev:
            prev = x
            x = (x + a // x) // 2
    return x


def _ms3(value: int) -> str:
    return f"{value // 1000}.{value % 1000:03d}"


@dataclass
class PingConfig:
    """What the command line and the connect() probe decided (struct ping_rts)."""

    dst: int
    hostname: str                 # as printed in "--- NAME ping statistics ---"
    source: int = 0               # source address (bound with -I ADDR)
    strict_source: bool = False   # -I ADDR: the raw socket is bound to `source`
    device: Device | None = None  # -I IFACE: SO_BINDTODEVICE
    npackets: int = 0             # -c
    interval_ms: int = 1000       # -i
    linger_ms: int = MAXWAIT_MS   # -W
    deadline_s: int = 0           # -w
    datalen: int = 56             # -s
    ttl: int | None = None        # -t
    pmtudisc: str | None = None   # -M do|dont|want
    quiet: bool = False           # -q
    numeric: bool = True          # -n, or a numeric destination
    flood: bool = False           # -f
    tos: int = 0                  # -Q
    pattern: bytes | None = None  # -p: the data bytes repeat this
    outstanding: bool = False     # -O
    audible: bool = False         # -a
    broadcast: bool = False       # -b: SO_BROADCAST
    multicast: bool = False       # -b, or a multicast destination
    ident: int = 0


class Ping:
    """One run of ping in a namespace: `start()`, then run the scheduler until `done`."""

    def __init__(self, stack: Ipv4Stack, cfg: PingConfig, out: Callable[[str], None],
                 err: Callable[[str], None],
                 name_of: Callable[[int], str] | None = None) -> None:
        self.stack = stack
        self.sched = stack.world.sched
        self.cfg = cfg
        self.out = out
        self.err = err
        self.name_of = name_of
        self.sock = RawSocket(stack, IPPROTO_ICMP, self._on_packet)
        self.sock.bound_dev = cfg.device
        self.filter = _FILTER_FIRST
        self.timing = cfg.datalen >= TIMEVAL_LEN
        # counters (struct ping_rts)
        self.ntransmitted = 0
        self.nreceived = 0
        self.nrepeats = 0
        self.nchecksum = 0
        self.nerrors = 0
        self.acked = 0
        self.pipesize = -1
        self.tmin = 2**63 - 1
        self.tmax = 0
        self.tsum = 0
        self.tsum2 = 0.0
        self.rtt = 0
        self.rcvd: bytearray = bytearray(MAX_DUP_CHK // 8)
        # timing state
        self.start_time = 0
        self.cur_time: int | None = None
        self.tokens = 0
        self.waittime_us: int | None = None
        self.exiting = False
        self.done = False
        self.status = 0
        self._wake_timer: Timer | None = None
        self._alarm: Timer | None = None
        self._deadline: Timer | None = None
        self._busy = False
        size = min(cfg.datalen, IP_MAX_PACKET)
        if cfg.pattern is None:
            self.pattern = bytes(i & 0xFF for i in range(size))
        elif cfg.pattern:
            self.pattern = (cfg.pattern * (size // len(cfg.pattern) + 1))[:size]
        else:
            self.pattern = bytes(size)

    # -- the main loop -----------------------------------------------------------------
    def start(self) -> None:
        """setup(): the clock starts, the -w alarm is armed, the first probe goes out."""
        self.start_time = self.sched.now
        tracer = self.stack.world.tracer
        if tracer is not None:
            tracer.ping_start(self)
        if self.cfg.deadline_s:
            self._deadline = self.sched.call_later(self.cfg.deadline_s * NS_PER_SEC,
                                                   self._sigalrm)
        self._main_loop()

    def _sigalrm(self) -> None:
        self.exiting = True
        self._main_loop()

    def interrupt(self) -> None:
        """SIGINT (Ctrl-C): sigexit, as for the -w alarm; the statistics follow."""
        self._sigalrm()

    def _main_loop(self) -> None:
        """One pass of main_loop: exit checks, then send what is due, then sleep."""
        if self.done:
            return
        if self._busy:   # re-entered from inside a send: continue once it returns
            self.sched.call_soon(self._main_loop)
            return
        cfg = self.cfg
        if self.exiting or (cfg.npackets and self.nreceived + self.nerrors >= cfg.npackets) \
                or (cfg.deadline_s and self.nerrors):
            self._finish()
            return
        self._busy = True
        try:
            while True:
                next_ns = self._schedule_exit(self._pinger())
                if next_ns > 0:
                    break
        finally:
            self._busy = False
        if cfg.npackets and self.nreceived + self.nerrors >= cfg.npackets:
            # a local error just ended the count: the blocking recvmsg() times out after
            # SO_RCVTIMEO (the interval) and the loop's exit check ends ping
            next_ns = min(next_ns, max(cfg.interval_ms, MININTERVAL_MS) * NS_PER_MS)
        if self._wake_timer is not None:
            self._wake_timer.cancel()
        self._wake_timer = self.sched.call_later(next_ns + TIMER_SLACK_NS, self._main_loop)

    def _in_flight(self) -> int:
        diff = (self.ntransmitted - self.acked) & 0xFFFF
        if diff <= 0x7FFF:
            return diff
        return self.ntransmitted - self.nreceived - self.nerrors

    def _acknowledge(self, seq: int) -> None:
        diff = (self.ntransmitted - seq) & 0xFFFF
        if diff <= 0x7FFF:
            if diff + 1 > self.pipesize:
                self.pipesize = diff + 1
            if _s16(seq - self.acked) > 0 or ((self.ntransmitted - self.acked) & 0xFFFF) > 0x7FFF:
                self.acked = seq

    def _rcvd_test(self, seq: int) -> bool:
        seq &= 0xFFFF
        return bool(self.rcvd[seq >> 3] & (1 << (seq & 7)))

    def _advance_ntransmitted(self) -> None:
        self.ntransmitted += 1
        if ((self.ntransmitted - self.acked) & 0xFFFF) > 0x7FFF:
            self.acked = (self.ntransmitted + 1) & 0xFFFF

    def _pinger(self) -> int:
        """pinger(): send one probe if the token bucket allows; ns until the next is due."""
        cfg = self.cfg
        interval = cfg.interval_ms
        if self.exiting or (cfg.npackets and self.ntransmitted >= cfg.npackets
                            and not cfg.deadline_s):
            return 1000 * NS_PER_MS
        now = self.sched.now
        if self.cur_time is None:
            self.cur_time = now
            self.tokens = 0          # interval * (preload - 1)
        else:
            if (interval == 0 or (interval < 0 and (cfg.deadline_s or not cfg.npackets))) \
                    and now - self.cur_time < MIN_SEND_GAP_NS:
                return self.cur_time + MIN_SEND_GAP_NS - now
            ntokens = _elapsed_ms(self.cur_time, now)
            if interval == 0 and ntokens < MININTERVAL_MS and self._in_flight() >= 1:
                return (MININTERVAL_MS - ntokens) * NS_PER_MS
            ntokens += self.tokens
            ntokens = min(ntokens, interval)      # interval * preload
            if ntokens < interval:
                return (interval - ntokens) * NS_PER_MS
            self.cur_time = now
            self.tokens = ntokens - interval
        if cfg.outstanding and self.ntransmitted > 0 and not self._rcvd_test(self.ntransmitted):
            self.out(f"no answer yet for icmp_seq={self.ntransmitted % MAX_DUP_CHK}\n")
        result = self._send_probe()
        if result is None:
            self._advance_ntransmitted()
            if cfg.flood and not cfg.quiet:
                self.out(".")
            return (interval - self.tokens) * NS_PER_MS
        # hard local error: pretend we sent the packet (receive_error_msg already spoke)
        self._advance_ntransmitted()
        self.tokens = 0
        return max(interval, MININTERVAL_MS) * NS_PER_MS

    def _schedule_exit(self, next_ns: int) -> int:
        """schedule_exit/__schedule_exit: after the last of -c probes, arm the final wait."""
        cfg = self.cfg
        if not (cfg.npackets and self.ntransmitted >= cfg.npackets and not cfg.deadline_s):
            return next_ns
        if self.waittime_us:
            return next_ns
        if self.nreceived:
            waittime = max(2 * self.tmax, 1000 * cfg.interval_ms)
        else:
            waittime = cfg.linger_ms * 1000
        self.waittime_us = waittime
        if self._alarm is not None:
            self._alarm.cancel()
            self._alarm = None
        if waittime:   # setitimer with a zero value disarms: ping then waits for errors
            self._alarm = self.sched.call_later(waittime * 1000, self._sigalrm)
        return max(next_ns, (waittime // 1000) * NS_PER_MS)

    # -- sending ---------------------------------------------------------------------------
    def _send_probe(self) -> str | None:
        """ping4_send_probe + raw_sendmsg: None when sent, else the errno of sendto()."""
        cfg = self.cfg
        seq = (self.ntransmitted + 1) & 0xFFFF
        self.rcvd[seq >> 3] &= ~(1 << (seq & 7)) & 0xFF
        if icmpwire.HEADER_LEN + cfg.datalen > IP_MAX_PACKET:
            return "EMSGSIZE"                 # raw_sendmsg: len > 0xFFFF, nothing queued
        data = self.pattern
        if self.timing:
            now = self.sched.now
            data = _TIMEVAL.pack(now // NS_PER_SEC, (now % NS_PER_SEC) // 1000) + \
                data[TIMEVAL_LEN:]
        message = icmpwire.echo_request(cfg.ident, seq, data).emit()
        tracer = self.stack.world.tracer
        if tracer is not None:
            tracer.ping_probe(self, seq)
        result = self._sendmsg(message)
        if result is not None and tracer is not None:
            tracer.app_send_failed(self, seq, result)
        return result

    def _sendmsg(self, message: bytes) -> str | None:
        """raw_sendmsg → ip_append_data with the socket's IP_MTU_DISCOVER mode.

        The default (want) sets DF when the datagram fits the route MTU and fragments it
        otherwise; `do` always sets DF and refuses what does not fit with EMSGSIZE on the
        error queue (ip_local_error), reported here as ping does."""
        cfg = self.cfg
        stack = self.stack
        src = cfg.source if cfg.strict_source else 0
        try:
            res = rt.output(stack, cfg.dst, src, cfg.device)
        except rt.RouteError as error:
            stack.ns.drop(error.reason)
            return error.errno_name
        if res.type == "broadcast" and not cfg.broadcast:
            return "EACCES"                   # no SO_BROADCAST
        mtu = rt.path_mtu(stack, cfg.dst, res.dev) if res.dev is not None else IP_MAX_PACKET
        total = ipwire.HEADER_MIN + len(message)
        mode = cfg.pmtudisc or "want"
        limit = mtu if mode == "do" else IP_MAX_PACKET
        if total > limit:
            self._local_error(mtu)
            return "EMSGSIZE"
        df = mode == "do" or (mode == "want" and total <= mtu)
        ttl = cfg.ttl if cfg.ttl is not None else \
            int(stack.ns.sysctl.values["net.ipv4.ip_default_ttl"])
        stack.count("IcmpOutMsgs")
        stack.count("IcmpOutEchos")
        return ipv4_output.local_out(stack, cfg.dst, IPPROTO_ICMP, message, src=src, ttl=ttl,
                                     tos=cfg.tos, df=df, oif=cfg.device, res=res)

    def _local_error(self, mtu: int) -> None:
        """ping4_receive_error_msg for SO_EE_ORIGIN_LOCAL (quiet: not even counted)."""
        if self.cfg.quiet:
            return
        if self.cfg.flood:
            self.out("E")
        else:
            self.err(f"ping: local error: message too long, mtu={mtu}\n")
        self.nerrors += 1

    # -- receiving ---------------------------------------------------------------------------
    def _on_packet(self, ip: ipwire.Ipv4Packet, dev: Device) -> None:
        """An ICMP datagram delivered in the namespace: the raw socket's copy (if the
        ICMP_FILTER passes it) and, for errors about our probes, the error queue."""
        if self.done or not ip.payload:
            return
        icmp_type = ip.payload[0]
        passes_filter = icmp_type >= 32 or icmp_type in self.filter
        if icmp_type in _ERRQUEUE_TYPES:
            self._receive_error(ip, dev, passes_filter)
        elif passes_filter:
            self._parse_reply(ip)
        else:
            return
        if self._in_flight() == 0:
            self._main_loop()       # main_loop's receive loop breaks at once
        else:                       # it first reads whatever else arrived at this instant
            self.sched.call_soon(self._main_loop)

    def _receive_error(self, ip: ipwire.Ipv4Packet, dev: Device, raw_copy: bool) -> None:
        """raw_err's IP_RECVERR queue entry (ping4_receive_error_msg) and the raw copy that
        ping4_parse_reply only acknowledges."""
        quote = self._our_quote(ip)
        if quote is None:
            return
        inner, seq, msg = quote
        if raw_copy:
            self._acknowledge(seq)
        if self._errqueue_match(inner, dev):
            self._acknowledge(seq)
            self._net_error(ip.src, seq, msg)

    def _our_quote(self, ip: ipwire.Ipv4Packet
                   ) -> tuple[ipwire.Ipv4Packet, int, icmpwire.IcmpPacket] | None:
        """The quoted datagram of an ICMP error, if it is one of our echo requests."""
        payload = ip.payload
        if len(payload) < 8 + 20 + 8:
            return None
        try:
            msg = icmpwire.parse(payload, verify_checksum=False)
            inner = ipwire.parse_quoted(msg.payload)
        except WireError:
            return None
        quoted = inner.payload
        if len(quoted) < 8 or len(payload) < 8 + inner.header_len + 8:
            return None
        if quoted[0] != icmpwire.ECHO_REQUEST or inner.dst != self.cfg.dst:
            return None
        ident, seq = struct.unpack_from("!HH", quoted, 4)
        if ident != self.cfg.ident:
            return None
        return inner, seq, msg

    def _parse_reply(self, ip: ipwire.Ipv4Packet) -> None:
        """ping4_parse_reply for echo replies, redirects and source quenches."""
        payload = ip.payload
        cc = len(payload)
        if cc < icmpwire.HEADER_LEN:
            return
        try:
            msg = icmpwire.parse(payload, verify_checksum=False)
        except WireError:
            return
        csfailed = internet_checksum(payload) != 0
        cfg = self.cfg
        if msg.type == icmpwire.ECHO_REPLY:
            if msg.ident != cfg.ident:
                return
            wrong_source = not cfg.multicast and ip.src != cfg.dst
            self._gather_statistics(ip, msg, cc, csfailed, wrong_source)
            return
        if msg.type not in (icmpwire.SOURCE_QUENCH, icmpwire.REDIRECT):
            return
        quote = self._our_quote(ip)
        if quote is None:
            return
        seq = quote[1]
        if cfg.quiet or cfg.flood:
            return
        text = f"From {self._pr_addr(ip.src)}: icmp_seq={seq} "
        if csfailed:
            text += "(BAD CHECKSUM)"
        self.out(text + describe_icmp(msg.type, msg.code, msg.rest) + "\n")

    def _errqueue_match(self, inner: ipwire.Ipv4Packet, dev: Device) -> bool:
        """raw_icmp_error's socket lookup: the bound device and address must match."""
        cfg = self.cfg
        if cfg.device is not None and dev is not cfg.device:
            return False
        return not (cfg.strict_source and inner.src != cfg.source)

    def _net_error(self, offender: int, seq: int, msg: icmpwire.IcmpPacket) -> None:
        """ping4_receive_error_msg, SO_EE_ORIGIN_ICMP."""
        self.filter = _FILTER_AFTER_ERROR
        self.nerrors += 1
        tracer = self.stack.world.tracer
        if tracer is not None:
            info = msg.rest & 0xFFFF if msg.type == icmpwire.DEST_UNREACH else msg.rest
            tracer.ping_error(self, seq, offender, describe_icmp(msg.type, msg.code, info))
        cfg = self.cfg
        if cfg.quiet:
            return
        if cfg.flood:
            self.out("\bE")
            return
        info = msg.rest & 0xFFFF if msg.type == icmpwire.DEST_UNREACH else msg.rest
        self.out(f"From {self._pr_addr(offender)} icmp_seq={seq} "
                 f"{describe_icmp(msg.type, msg.code, info)}\n")

    def _gather_statistics(self, ip: ipwire.Ipv4Packet, msg: icmpwire.IcmpPacket, cc: int,
                           csfailed: bool, wrong_source: bool) -> None:
        cfg = self.cfg
        seq = msg.seq
        tracer = self.stack.world.tracer
        if tracer is not None:
            tracer.ping_reply(self, seq, ip)
        self.nreceived += 1
        if not csfailed:
            self._acknowledge(seq)
        triptime = 0
        if self.timing and cc >= 8 + TIMEVAL_LEN:
            sec, usec = _TIMEVAL.unpack_from(msg.payload)
            now = self.sched.now
            triptime = (now // NS_PER_SEC - sec) * 1_000_000 + (now % NS_PER_SEC) // 1000 - usec
            triptime = max(triptime, 0)
            if not csfailed:
                self.tsum += triptime
                self.tsum2 += float(triptime * triptime)
                self.tmin = min(self.tmin, triptime)
                self.tmax = max(self.tmax, triptime)
                if not self.rtt:
                    self.rtt = triptime * 8
                else:
                    self.rtt += triptime - self.rtt // 8
        bit = 1 << (seq & 7)
        dupflag = False
        if csfailed:
            self.nchecksum += 1
            self.nreceived -= 1
        elif self.rcvd[seq >> 3] & bit:
            self.nrepeats += 1
            self.nreceived -= 1
            dupflag = True
        else:
            self.rcvd[seq >> 3] |= bit
        if cfg.quiet:
            return
        if cfg.flood:
            self.out("\b \b" if not csfailed else "\bC")
            return
        line = f"{cc} bytes from {self._pr_addr(ip.src)}: icmp_seq={seq} ttl={ip.ttl}"
        if cc < cfg.datalen + 8:
            self.out(line + " (truncated)\n")
            return
        if self.timing:
            line += f" time={format_triptime(triptime)} ms"
        if dupflag and not cfg.multicast:
            line += " (DUP!)"
        if csfailed:
            line += " (BAD CHECKSUM!)"
        if wrong_source:
            line += " (DIFFERENT ADDRESS!)"
        line += self._check_data(msg.payload)
        self.out(line + ("\a\n" if cfg.audible else "\n"))

    def _check_data(self, data: bytes) -> str:
        """The "wrong data byte" report of gather_statistics."""
        start = TIMEVAL_LEN
        expected = self.pattern
        for i in range(start, self.cfg.datalen):
            if data[i] != expected[i]:
                text = f"\nwrong data byte #{i} should be 0x{expected[i]:x} but was 0x{data[i]:x}"
                for j in range(start, self.cfg.datalen):
                    if j % 32 == start:
                        text += f"\n#{j}\t"
                    text += f"{data[j]:x} "
                return text
        return ""

    def _pr_addr(self, addr: int) -> str:
        text = ip_to_str(addr)
        if self.cfg.numeric or self.exiting or self.name_of is None:
            return text
        return f"{self.name_of(addr)} ({text})"

    # -- the end -----------------------------------------------------------------------------
    def abort(self) -> None:
        """Stop without statistics (the process was killed)."""
        self.done = True
        for timer in (self._wake_timer, self._alarm, self._deadline):
            if timer is not None:
                timer.cancel()
        self.sock.close()

    def _finish(self) -> None:
        """finish(): print the statistics; the exit status follows."""
        self.abort()
        cfg = self.cfg
        elapsed = (self.cur_time if self.cur_time is not None else self.start_time) \
            - self.start_time
        sec, nsec = divmod(elapsed, NS_PER_SEC)
        text = f"\n--- {cfg.hostname} ping statistics ---\n"
        text += f"{self.ntransmitted} packets transmitted, {self.nreceived} received"
        if self.nrepeats:
            text += f", +{self.nrepeats} duplicates"
        if self.nchecksum:
            text += f", +{self.nchecksum} corrupted"
        if self.nerrors:
            text += f", +{self.nerrors} errors"
        if self.ntransmitted:
            text += f", {format_loss(self.ntransmitted, self.nreceived)}% packet loss"
            text += f", time {1000 * sec + (nsec + 500000) // 1000000}ms"
        text += "\n"
        comma = ""
        if self.nreceived and self.timing:
            total = self.nreceived + self.nrepeats
            tmavg = self.tsum // total
            if self.tsum < 2**31 - 1:
                tmvar = int((self.tsum2 - (self.tsum * self.tsum) // total) / total)
            else:
                tmvar = int(self.tsum2 / total - tmavg * tmavg)
            tmdev = _llsqrt(tmvar)
            text += (f"rtt min/avg/max/mdev = {_ms3(self.tmin)}/{_ms3(tmavg)}/"
                     f"{_ms3(self.tmax)}/{_ms3(tmdev)} ms")
            comma = ", "
        if self.pipesize > 1:
            text += f"{comma}pipe {self.pipesize}"
            comma = ", "
        if self.nreceived and (cfg.interval_ms == 0 or cfg.flood) and self.ntransmitted > 1:
            ipg = (1000000 * sec + nsec // 1000) // (self.ntransmitted - 1)
            text += (f"{comma}ipg/ewma {ipg // 1000}.{ipg % 1000:03d}/"
                     f"{self.rtt // 8000}.{(self.rtt // 8) % 1000:03d} ms")
        text += "\n"
        self.out(text)
        self.status = 1 if (not self.nreceived or
                            (cfg.deadline_s and self.nreceived < cfg.npackets)) else 0
        tracer = self.stack.world.tracer
        if tracer is not None:
            tracer.app_done(self, self.status)


def _elapsed_ms(then: int, now: int) -> int:
    """pinger's `(tv_sec - cur.tv_sec) * 1000 + (tv_nsec - cur.tv_nsec) / 1000000` (C division
    truncates toward zero)."""
    dsec = now // NS_PER_SEC - then // NS_PER_SEC
    dnsec = now % NS_PER_SEC - then % NS_PER_SEC
    ms = dnsec // NS_PER_MS if dnsec >= 0 else -((-dnsec) // NS_PER_MS)
    return dsec * 1000 + ms


def _s16(value: int) -> int:
    """The value as a C int16_t."""
    value &= 0xFFFF
    return value - 0x10000 if value & 0x8000 else value
