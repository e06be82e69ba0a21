"""The packet-journey recorder: one record per stage a packet passes, named after the kernel.

`world.tracer` is a Tracer while tracing is on and None otherwise; every stage of the
packet path does `tracer = ns.world.tracer; if tracer is not None: tracer.<stage>(...)`,
so tracing off costs one attribute check per stage. Recording is cheap on purpose: a
record is a tuple `(time_ns, namespace name, device name, kind, data, offset, info,
command)` holding a reference to the packet's bytes (immutable, never copied) and the
few facts that will not be true later (a neighbour's state, the TTL, why a drop
happened). Records hold only strings, numbers, bytes and plain tuples, never a device,
route or namespace object, so the garbage collector untracks them and a long trace does
not make every collection slower (routes are formatted once per route object). Flow
keys, journeys, words and JSON are computed only when a trace is rendered
(vnet.trace.journey, vnet.trace.render, vnet.trace.jsonl, vnet.trace.explain).

The stages and the kernel functions they stand for:

    rx / tx           __netif_receive_skb / dev_queue_xmit (vnet.link.device and kinds)
    br_learn ...      br_fdb_update, br_forward, br_flood, br_pass_frame_up (net/bridge)
    route_in / out    ip_route_input_slow / ip_route_output_key (net/ipv4/route.c)
    forward           ip_forward: TTL decrement, output device, next hop (ip_forward.c)
    local             ip_local_deliver (ip_input.c); icmp_echo, icmp_send (icmp.c)
    sock              udp_queue_rcv_skb: delivered to a bound socket (udp.c)
    neigh_*           neigh_resolve_output, neigh_probe/arp_solicit, neigh_update,
                      neigh_invalidate (net/core/neighbour.c, net/ipv4/arp.c)
    fragment, defrag  ip_fragment (ip_output.c), ip_defrag (ip_fragment.c)
    nat               nf_nat_manip_pkt: the packet's new addresses (vnet.netfilter)
    drop              kfree_skb_reason: the SKB_DROP_REASON_* name (vnet.trace.reasons)
    app_*             what ping and traceroute sent and what answered (vnet.trace.apps)

Programs that probe (ping, traceroute) report their runs with the program object as the
handle: `app_start(prog, "traceroute", ns, dst, src)`, then per probe `app_probe(prog, n,
key, ttl, text)` with the probe's flow key (vnet.trace.flow.udp_key / echo_key), then
`app_answer(prog, n, "reply" | "hop" | "error", from_addr, text)` for what came back, and
`app_done(prog, status, reached)`; `app_connect_failed` when nothing could be sent.

A drop without the packet in hand is attributed to the frame the current scheduler
event is receiving, if any (the event counter tells "the same event" apart).
"""

from __future__ import annotations

from collections import deque
from typing import TYPE_CHECKING, Any

from vnet.net import route as route_mod
from vnet.trace import reasons
from vnet.trace import routes as routes_mod
from vnet.trace.apps import AppRun, Command, Probe
from vnet.trace.flow import (
    OFF_KEY,
    OFF_NONE,
    OFF_PKT,
    IpView,
    echo_key,
    ip_key,
    ip_view,
    udp_key,
)

if TYPE_CHECKING:
    from vnet.core.netns import Namespace
    from vnet.core.world import World
    from vnet.link.device import Device

#  record fields
T, NS, DEV, KIND, DATA, OFF, INFO, CMD = range(8)

#  record kinds
RX = "rx"
TX = "tx"
BR_LEARN = "br_learn"
BR_FORWARD = "br_forward"
BR_FLOOD = "br_flood"
BR_UP = "br_up"
DROP = "drop"
ROUTE_IN = "route_in"
ROUTE_OUT = "route_out"
ROUTE_OUT_FAIL = "route_out_fail"
FORWARD = "forward"
LOCAL = "local"
ICMP_ECHO = "icmp_echo"
ICMP_SEND = "icmp_send"
FRAGMENT = "fragment"
DEFRAG = "defrag"
NAT = "nat"
SOCK = "sock"
NEIGH_OUTPUT = "neigh_output"
NEIGH_PROBE = "neigh_probe"
NEIGH_UPDATE = "neigh_update"
NEIGH_FAILED = "neigh_failed"
ARP_IGNORE = "arp_ignore"
APP_SEND = "app_send"
APP_SEND_FAIL = "app_send_fail"
APP_ANSWER = "app_answer"
APP_CONNECT_FAIL = "app_connect_fail"
TUNNEL_ENCAP = "tunnel_encap"
TUNNEL_DECAP = "tunnel_decap"

DEFAULT_LIMIT = 2_000_000      # records kept (the oldest go first)


class Tracer:
    __slots__ = ("world", "sched", "records", "_append", "commands", "cmd", "runs", "_owner",
                 "_ctx_ev", "_ctx", "limit", "_route_words", "_res_words")

    def __init__(self, world: World, limit: int = DEFAULT_LIMIT) -> None:
        self.world = world
        self.sched = world.sched
        self.limit = limit
        self.records: deque[tuple] = deque(maxlen=limit)
        self._append = self.records.append
        self.commands: list[Command] = [Command(0, 0, "", "")]
        self.cmd = 0
        self.runs: list[AppRun] = []
        self._owner: dict[Any, AppRun] = {}   # the program object -> its run
        self._ctx_ev = -1                     # scheduler event of the frame in _ctx
        self._ctx: tuple | None = None        # (frame, offset, device) being received
        self._route_words: dict[Any, tuple] = {}   # Route -> (type, words, table)
        self._res_words: dict[int, tuple] = {}     # id(RouteResult) -> (it, its words)

    # -- control ----------------------------------------------------------------------------
    def start(self) -> Tracer:
        self.world.tracer = self
        self.world.trace_log = self
        return self

    def stop(self) -> None:
        if self.world.tracer is self:
            self.world.tracer = None

    def clear(self) -> None:
        self.records.clear()
        self.runs.clear()
        self._owner.clear()
        del self.commands[1:]
        self.cmd = 0

    @property
    def full(self) -> bool:
        return len(self.records) >= self.limit

    def command(self, argv: list[str], line: int, ns: Namespace) -> None:
        """A command of the script starts (records that follow are grouped under it)."""
        text = " ".join(_quote(a) for a in argv)
        self.cmd = len(self.commands)
        self.commands.append(Command(self.cmd, line, text, ns.label))

    def _rec(self, ns: Namespace, dev: str | None, kind: str, data: Any, off: int,
             info: Any) -> None:
        self._append((self.sched.now, ns.name, dev, kind, data, off, info, self.cmd))

    # -- link layer -------------------------------------------------------------------------
    def rx(self, dev: Device, frame: bytes) -> None:
        sched = self.sched
        off = dev.header_len
        self._ctx_ev = sched.events_run
        self._ctx = (frame, off, dev)
        self._append((sched.now, dev.netns.name, dev.name, RX, frame, off, None, self.cmd))

    def tx(self, dev: Device, frame: bytes) -> None:
        self._append((self.sched.now, dev.netns.name, dev.name, TX, frame, dev.header_len,
                      None, self.cmd))

    def br_learn(self, br: Device, port: Any, frame: bytes) -> None:
        self._rec(br.netns, br.name, BR_LEARN, frame, 14, port.dev.name)

    def br_forward(self, br: Device, to: Any, frame: bytes) -> None:
        self._append((self.sched.now, br.netns.name, br.name, BR_FORWARD, frame, 14,
                      to.dev.name, self.cmd))

    def br_flood(self, br: Device, frame: bytes, kind: int) -> None:
        self._rec(br.netns, br.name, BR_FLOOD, frame, 14, kind)

    def br_up(self, br: Device, frame: bytes) -> None:
        sched = self.sched
        self._ctx_ev = sched.events_run
        self._ctx = (frame, 14, br)
        self._append((sched.now, br.netns.name, br.name, BR_UP, frame, 14, None, self.cmd))

    def tunnel_encap(self, dev: Device, frame: bytes, outer: tuple) -> None:
        """A tunnel wrapped `frame` (vxlan_xmit_one): outer = (kind, src, sport, dst,
        dport, vni, ns name)."""
        self._rec(dev.netns, dev.name, TUNNEL_ENCAP, frame, dev.header_len, outer)

    def tunnel_decap(self, dev: Device, frame: bytes, outer: tuple) -> None:
        """A tunnel unwrapped `frame` for `dev` (vxlan_rcv), in its link namespace."""
        self._rec(dev.netns, dev.name, TUNNEL_DECAP, frame, dev.header_len, outer)

    # -- drops ------------------------------------------------------------------------------
    def drop(self, ns: Namespace, reason: str, where: str | None, data: Any,
             dev: Device | None, l2: bool) -> None:
        ctx = self._ctx
        if ctx is None or self._ctx_ev != self.sched.events_run or ctx[2].netns is not ns:
            ctx = None          # no frame is being received here and now
        if dev is None and ctx is not None:
            dev = ctx[2]
        if data is None:
            if ctx is not None:
                data, off = ctx[0], ctx[1]
            else:
                off = OFF_NONE
        elif isinstance(data, (bytes, bytearray)):
            off = (dev.header_len if dev is not None else 14) if l2 else 0
        else:
            data, off = tuple(data), OFF_PKT
        ip = ip_view(data, off)
        text, facts = reasons.particulars(ns, reason, where, ip, dev)
        if reason == "NETFILTER_DROP" or not where:     # netfilter's where is its rule
            where = reasons.stage(reason)
        info = (reason, where, text, facts)
        self._rec(ns, dev.name if dev is not None else None, DROP, data, off, info)

    # -- IPv4 -------------------------------------------------------------------------------
    def route_words(self, route: Any) -> tuple | None:
        """(type, `ip route` words, table name) of a route, formatted once per route."""
        if route is None:
            return None
        words = self._route_words.get(route)
        if words is None:
            if len(self._route_words) > 4096:
                self._route_words.clear()
            words = self._route_words[route] = (
                route.type, routes_mod.format_route(route), routes_mod.table_name(route))
        return words

    def route_input(self, stack: Any, dev: Device, ip: Any, route: Any) -> None:
        self._append((self.sched.now, stack.ns.name, dev.name, ROUTE_IN, tuple(ip), OFF_PKT,
                      self.route_words(route) if route is not None else None, self.cmd))

    def route_output(self, stack: Any, packet: bytes, res: Any) -> None:
        hit = self._res_words.get(id(res))
        if hit is None or hit[0] is not res:
            if len(self._res_words) > 4096:
                self._res_words.clear()
            dev = res.dev
            hit = self._res_words[id(res)] = (res, (
                dev.name if dev is not None else None, res.nexthop, res.type,
                self.route_words(res.route)))
        words = hit[1]
        self._append((self.sched.now, stack.ns.name, words[0], ROUTE_OUT, packet, 0, words,
                      self.cmd))

    def route_output_failed(self, stack: Any, dst: int, src: int, proto: int, payload: bytes,
                            error: Any) -> None:
        key = ip_key(IpView(src, dst, proto, 64, 0, 0, False, False, payload, 0))
        info = (dst, src, error.errno_name, error.reason, routes_mod.table_snapshot(stack))
        self._rec(stack.ns, None, ROUTE_OUT_FAIL, key, OFF_KEY, info)

    def forward(self, stack: Any, in_dev: Device, ip: Any, out_dev: Device, nexthop: int,
                packet: bytes) -> None:
        ctx = self._ctx
        macs = None
        if ctx is not None and self._ctx_ev == self.sched.events_run and ctx[1] == 14:
            macs = (ctx[0][6:12], ctx[0][0:6])
        self._rec(stack.ns, in_dev.name, FORWARD, packet, 0,
                  (out_dev.name, nexthop, ip.ttl, macs))

    def nat(self, stack: Any, hook: str, before: bytes, after: bytes,
            dev: Device | None) -> None:
        """NAT rewrote a packet at a netfilter hook: the journey continues under the new
        addresses (the renderer maps the new flow key to the old one)."""
        self._rec(stack.ns, dev.name if dev is not None else None, NAT, after, 0,
                  (hook, before))

    def local_deliver(self, stack: Any, dev: Device, ip: Any) -> None:
        self._append((self.sched.now, stack.ns.name, dev.name, LOCAL, tuple(ip), OFF_PKT, None,
                      self.cmd))

    def sock_deliver(self, stack: Any, dev: Device, ip: Any, proto: str, port: int) -> None:
        """__udp4_lib_rcv → udp_queue_rcv_skb: the datagram reached a bound socket."""
        self._rec(stack.ns, dev.name, SOCK, tuple(ip), OFF_PKT, (proto, port))

    def icmp_echo(self, stack: Any, ip: Any) -> None:
        self._rec(stack.ns, None, ICMP_ECHO, tuple(ip), OFF_PKT, None)

    def icmp_send(self, stack: Any, original: bytes, icmp_type: int, code: int, src: int,
                  dst: int) -> None:
        self._rec(stack.ns, None, ICMP_SEND, original, 0, (icmp_type, code, src, dst))

    def fragment(self, stack: Any, packet: bytes, mtu: int, count: int, dev: Device) -> None:
        self._rec(stack.ns, dev.name, FRAGMENT, packet, 0, (mtu, count))

    def defrag(self, stack: Any, dev: Device, fragment: Any, whole: Any) -> None:
        """A fragment reached ip_defrag: queued, or it completed the datagram `whole`."""
        info = None if whole is None else whole.total_len
        self._rec(stack.ns, dev.name, DEFRAG, tuple(fragment), OFF_PKT, info)

    # -- neighbours (ARP) -------------------------------------------------------------------
    def neigh_output(self, entry: Any, packet: bytes) -> None:
        self._append((self.sched.now, entry.table.ns.name, entry.dev.name, NEIGH_OUTPUT, packet,
                      0, (entry.key, entry.state, entry.lladdr), self.cmd))

    def neigh_probe(self, entry: Any, queued: bytes | None) -> None:
        ns = entry.table.ns
        data, off = (queued, 0) if queued is not None else (_neigh_key(entry), OFF_KEY)
        self._rec(ns, entry.dev.name, NEIGH_PROBE, data, off,
                  (entry.key, entry.probes, entry.state, entry.lladdr))

    def neigh_update(self, entry: Any, old: int) -> None:
        """A state change; when it resolves an entry, one record per packet it releases."""
        ns = entry.table.ns
        info = (entry.key, old, entry.state, entry.lladdr, len(entry.queue))
        if entry.queue and entry.lladdr is not None:
            for packet in entry.queue:
                self._rec(ns, entry.dev.name, NEIGH_UPDATE, packet, 0, info)
        else:
            ctx = self._ctx     # learnt from the ARP packet being received, if any
            if ctx is not None and self._ctx_ev == self.sched.events_run:
                self._rec(ns, entry.dev.name, NEIGH_UPDATE, ctx[0], ctx[1], info)
            else:
                self._rec(ns, entry.dev.name, NEIGH_UPDATE, _neigh_key(entry), OFF_KEY, info)

    def neigh_failed(self, entry: Any) -> None:
        """Called before the entry turns FAILED: the ARP requests it sent got no answer
        (INCOMPLETE counts its probes from ucast_solicit, as neigh_max_probes does)."""
        ns = entry.table.ns
        sent = entry.probes
        if entry.state & 0x01:      # NUD_INCOMPLETE
            sent -= entry.table.parms.ucast_probes
        info = (entry.key, sent, len(entry.queue))
        if entry.queue:
            for packet in entry.queue:
                self._rec(ns, entry.dev.name, NEIGH_FAILED, packet, 0, info)
        else:
            self._rec(ns, entry.dev.name, NEIGH_FAILED, _neigh_key(entry), OFF_KEY, info)

    def arp_ignore(self, stack: Any, dev: Device, frame: bytes, tip: int) -> None:
        self._rec(stack.ns, dev.name, ARP_IGNORE, frame, 14, stack.is_local_address(tip))

    # -- programs (ping, traceroute) --------------------------------------------------------
    def app_start(self, owner: Any, app: str, ns: Namespace, dst: int, src: int,
                  ident: int = 0) -> AppRun:
        run = AppRun(app, ns, dst, src, self.commands[self.cmd], ident=ident,
                     started=self.sched.now)
        self.runs.append(run)
        self._owner[owner] = run
        return run

    def app_probe(self, owner: Any, seq: int, key: tuple, ttl: int | None = None,
                  text: str = "") -> None:
        run = self._owner.get(owner)
        if run is None:
            return
        run.probes[seq] = Probe(seq, key, self.sched.now, ttl)
        run.transmitted += 1
        self._rec(run.ns, None, APP_SEND, key, OFF_KEY, (run.app, seq, ttl, text))

    def app_send_failed(self, owner: Any, seq: int, errno_name: str) -> None:
        run = self._owner.get(owner)
        if run is None:
            return
        probe = run.probes.get(seq)
        key = probe.key if probe is not None else None
        if probe is not None:
            probe.errno = errno_name
        self._rec(run.ns, None, APP_SEND_FAIL, key, OFF_KEY if key else OFF_NONE,
                  (run.app, seq, errno_name))

    def app_answer(self, owner: Any, seq: int, kind: str, from_addr: int, text: str,
                   data: Any = None) -> None:
        """A probe was answered: kind "reply" (it got through: an echo reply, or for
        traceroute the destination's port unreachable), "hop" (a router's time exceeded,
        what traceroute expects of the hops on the way) or "error" (any other ICMP error)."""
        run = self._owner.get(owner)
        if run is None:
            return
        probe = run.probes.get(seq)
        if probe is not None and probe.answer != "reply":
            probe.answer, probe.answer_from, probe.answer_text = kind, from_addr, text
        if kind == "reply":
            run.received += 1
        elif kind == "error":
            run.errors += 1
        key = probe.key if probe is not None else None
        self._rec(run.ns, None, APP_ANSWER, key, OFF_KEY if key else OFF_NONE,
                  (run.app, seq, kind, from_addr, text))

    def app_done(self, owner: Any, status: int, reached: bool = False,
                 error: tuple[str, str] | None = None) -> None:
        """The run ended; `error` (the failed call, its errno name) when an error ended it
        (`("connect", "ENETUNREACH")`: connect() found no usable route)."""
        run = self._owner.pop(owner, None)
        if run is None:
            return
        run.status = status
        run.reached = reached
        if error is not None and error[0] == "connect":
            run.connect_error = error[1]
            self._routes_of(run)
        elif error is not None:
            run.error = error

    def _routes_of(self, run: AppRun) -> None:
        stack = run.ns.ipv4
        if stack is not None:
            run.routes = routes_mod.table_snapshot(stack)
            route = stack.fib.lookup(run.dst)
            if route is not None:
                run.route = routes_mod.format_route(route)

    def app_connect_failed(self, app: str, ns: Namespace, dst: int, errno_name: str) -> None:
        """The program stopped before sending: its connect() found no usable route."""
        run = AppRun(app, ns, dst, 0, self.commands[self.cmd], started=self.sched.now,
                     connect_error=errno_name, status=2)
        self._routes_of(run)
        self.runs.append(run)
        self._rec(ns, None, APP_CONNECT_FAIL, ("connect", app, dst), OFF_KEY,
                  (app, dst, errno_name, run.routes))

    # ping's seams (vnet.apps.ping), in ping's own terms
    def ping_start(self, ping: Any) -> None:
        cfg = ping.cfg
        self.app_start(ping, "ping", ping.stack.ns, cfg.dst, cfg.source, cfg.ident)

    def ping_probe(self, ping: Any, seq: int) -> None:
        cfg = ping.cfg
        self.app_probe(ping, seq, echo_key(cfg.source, cfg.dst, cfg.ident, seq), cfg.ttl)

    def ping_reply(self, ping: Any, seq: int, ip: Any) -> None:
        self.app_answer(ping, seq, "reply", ip.src, "echo reply")

    def ping_error(self, ping: Any, seq: int, offender: int, text: str) -> None:
        self.app_answer(ping, seq, "error", offender, text)


    # traceroute's seams (vnet.apps.traceroute): probe n is the run's probe index + 1
    def traceroute_start(self, tr: Any) -> None:
        cfg = tr.cfg
        self.app_start(tr, "traceroute", tr.stack.ns, cfg.dst, cfg.source, tr.ident)

    def traceroute_probe(self, tr: Any, idx: int, ttl: int, src: int, sport: int | None,
                         dport_or_seq: int) -> None:
        cfg = tr.cfg
        if sport is None:           # -I: an echo request, keyed as ping's
            if not src:
                try:
                    src = route_mod.output(tr.stack, cfg.dst, 0, cfg.device).src
                except route_mod.RouteError:
                    src = 0
            key = echo_key(src, cfg.dst, tr.ident, dport_or_seq)
            text = f"sends probe {idx + 1}: ICMP echo request seq {dport_or_seq}, TTL {ttl}"
        else:
            key = udp_key(src, sport, cfg.dst, dport_or_seq)
            text = f"sends probe {idx + 1}: UDP to port {dport_or_seq}, TTL {ttl}"
        self.app_probe(tr, idx + 1, key, ttl, text)

    def traceroute_answer(self, tr: Any, pb: Any, src: int, icmp_type: int | None) -> None:
        if icmp_type == 11:
            kind, text = "hop", "time exceeded"
        elif src == tr.cfg.dst:
            kind = "reply"
            text = {None: "UDP reply", 0: "echo reply"}.get(icmp_type, "port unreachable")
            if pb.err_str:
                text = pb.err_str
        else:
            kind, text = "error", pb.err_str or "destination unreachable"
        self.app_answer(tr, tr.probes.index(pb) + 1, kind, src, text)

    def traceroute_done(self, tr: Any) -> None:
        err = tr.error
        reached = any(pb.res == tr.cfg.dst for pb in tr.probes)
        error = (err.what, err.errno_name) if err is not None and err.what else None
        self.app_done(tr, 1 if err is not None else 0, reached, error)


def ns_label(name: str | None) -> str:
    """A record's namespace as the trace prints it: its name, `(host)` for the initial one."""
    return "(host)" if name is None else name


def _neigh_key(entry: Any) -> tuple:
    return ("neigh", entry.key, entry.table.ns.label)


def _quote(arg: str) -> str:
    if arg and all(c.isalnum() or c in "-_./:=,+@%" for c in arg):
        return arg
    return "'" + arg.replace("'", "'\\''") + "'"
