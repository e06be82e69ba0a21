"""The trace as text: one block per journey, one line per step.

    journey 3: ICMP echo 10.0.1.1 <-> 10.0.2.1 id 4660 seq 1  (line 25: ping -c 1 10.0.2.1)
      1.000000  a       -    ping                  sends echo request seq 1 to 10.0.2.1
      1.000000  a       va   ip_route_output       10.0.2.1 via 10.0.1.254 dev va src ...
      ...

Columns: virtual time in seconds, namespace ((host) for the initial one), device (- when
the step belongs to no device), the kernel function the step is named after, and what
happened in plain words. `step()` gives the stage and words of one record; the JSON
lines output (vnet.trace.jsonl) uses it too.
"""

from __future__ import annotations

from typing import Any

from vnet.net import fib as F
from vnet.net.neighbour import (
    NUD_CONNECTED,
    NUD_DELAY,
    NUD_FAILED,
    NUD_INCOMPLETE,
    NUD_PROBE,
    NUD_STALE,
    STATE_NAMES,
)
from vnet.trace import tracer as T
from vnet.trace.apps import Command
from vnet.trace.flow import arp_view, describe, describe_key, icmp_text, ip_view
from vnet.trace.journey import Journey
from vnet.wire.ipaddr import ip_to_str
from vnet.wire.mac import mac_to_str

STAGES = {
    T.RX: "netif_receive_skb", T.TX: "dev_queue_xmit", T.BR_LEARN: "br_fdb_update",
    T.BR_FORWARD: "br_forward", T.BR_FLOOD: "br_flood", T.BR_UP: "br_pass_frame_up",
    T.ROUTE_IN: "ip_route_input", T.ROUTE_OUT: "ip_route_output",
    T.ROUTE_OUT_FAIL: "ip_route_output", T.FORWARD: "ip_forward", T.LOCAL: "ip_local_deliver",
    T.ICMP_ECHO: "icmp_echo", T.ICMP_SEND: "icmp_send", T.FRAGMENT: "ip_fragment",
    T.DEFRAG: "ip_defrag", T.NAT: "nf_nat_manip_pkt", T.SOCK: "udp_queue_rcv_skb",
    T.NEIGH_OUTPUT: "neigh_resolve_output", T.NEIGH_PROBE: "arp_solicit",
    T.NEIGH_UPDATE: "neigh_update", T.NEIGH_FAILED: "neigh_timer_handler",
    T.ARP_IGNORE: "arp_process", T.TUNNEL_ENCAP: "vxlan_xmit_one", T.TUNNEL_DECAP: "vxlan_rcv",
}

STRERROR = {"ENETUNREACH": "Network is unreachable", "EHOSTUNREACH": "No route to host",
            "EACCES": "Permission denied", "EINVAL": "Invalid argument",
            "EMSGSIZE": "Message too long", "EPERM": "Operation not permitted",
            "EAGAIN": "Resource temporarily unavailable", "ENOBUFS": "No buffer space available",
            "ENODEV": "No such device", "EADDRNOTAVAIL": "Cannot assign requested address",
            "EADDRINUSE": "Address already in use"}

_PROTO_NAMES = {1: "ICMP", 6: "TCP", 17: "UDP"}
_FLOOD = {0: "unknown unicast destination", 1: "multicast", 2: "broadcast"}


def state_name(state: int) -> str:
    return STATE_NAMES.get(state, f"0x{state:02x}")


def fmt_time(t: int) -> str:
    return f"{t // 1_000_000_000}.{t % 1_000_000_000 // 1000:06d}"


def short_kind(data: Any, off: int) -> str:
    """"the echo request", "the ARP reply", ...: what a drop line says was dropped."""
    ip = ip_view(data, off)
    if ip is not None:
        p = ip.payload
        if ip.frag:
            return "a fragment"
        if ip.proto == 1 and p:
            return "the " + icmp_text(p[0], p[1] if len(p) > 1 else 0).split(" (")[0]
        return f"the {_PROTO_NAMES.get(ip.proto, 'IP')} packet"
    arp = arp_view(data, off)
    if arp is not None:
        return "the ARP " + ("request" if arp.op == 1 else "reply")
    return "the frame" if data is not None else "a packet"


def _neigh_output(info: tuple) -> str:
    target, state, lladdr = info
    ip = ip_to_str(target)
    name = state_name(state)
    if state & (NUD_CONNECTED | NUD_DELAY | NUD_PROBE):
        return f"next hop {ip} is {name} at {mac_to_str(lladdr)}"
    if state & NUD_STALE:
        return f"next hop {ip} is STALE at {mac_to_str(lladdr)}: sent, and the entry " \
               "moves to DELAY to be confirmed"
    if state & NUD_INCOMPLETE:
        return f"next hop {ip} is still INCOMPLETE: packet queued behind the ARP request"
    if state & NUD_FAILED:
        return f"next hop {ip} had FAILED: packet queued, ARP resolution starts again"
    return f"next hop {ip} is unknown: packet queued, ARP resolution starts"


def _route_in(rec: tuple) -> str:
    ip = ip_view(rec[T.DATA], rec[T.OFF])
    words = rec[T.INFO]         # (type, route words, table) or None
    dst = ip_to_str(ip.dst) if ip is not None else "?"
    if words is None:
        return f"{dst}: no route in any table"
    rtype, route, table = words
    if rtype == F.LOCAL:
        return f"{dst} is an address of this host (route `{route}` in table {table})"
    if rtype == F.BROADCAST:
        return f"{dst} is a broadcast address here"
    return f"{dst} is not local: route `{route}` in table {table}"


def _route_out(rec: tuple) -> str:
    dev, nexthop, _rtype, words = rec[T.INFO]
    ip = ip_view(rec[T.DATA], rec[T.OFF])
    dst = ip_to_str(ip.dst) if ip is not None else "?"
    text = f"to {dst}"
    if nexthop and ip is not None and nexthop != ip.dst:
        text += f" via {ip_to_str(nexthop)}"
    text += f" dev {dev or '?'}"
    if ip is not None:
        text += f" src {ip_to_str(ip.src)}"
    if words is not None:
        text += f" (route `{words[1]}` in table {words[2]})"
    return text


def _forward(rec: tuple, journey: Journey | None, pos: int) -> str:
    out_dev, nexthop, ttl, macs = rec[T.INFO]
    text = f"out of {out_dev} to next hop {ip_to_str(nexthop)}, TTL {ttl} -> {ttl - 1}"
    if macs is not None and journey is not None:
        for later in journey.records[pos + 1:]:
            frame = later[T.DATA]
            if later[T.KIND] == T.TX and later[T.NS] == rec[T.NS] and later[T.OFF] == 14 \
                    and frame[12:14] == b"\x08\x00":
                text += f"; Ethernet header rewritten: {mac_to_str(macs[0])} > " \
                        f"{mac_to_str(macs[1])} becomes {mac_to_str(frame[6:12])} > " \
                        f"{mac_to_str(frame[0:6])}"
                break
    return text


def _endpoint(ip: Any) -> tuple[str, str]:
    p = ip.payload
    if ip.proto in (6, 17) and len(p) >= 4:
        return ip_to_str(ip.src) + f":{(p[0] << 8) | p[1]}", \
            ip_to_str(ip.dst) + f":{(p[2] << 8) | p[3]}"
    if ip.proto == 1 and len(p) >= 8 and p[0] in (0, 8):
        ident = f" id {(p[4] << 8) | p[5]}"
        return ip_to_str(ip.src) + ident, ip_to_str(ip.dst) + ident
    return ip_to_str(ip.src), ip_to_str(ip.dst)


def _nat(rec: tuple) -> str:
    hook, before = rec[T.INFO]
    old, new = ip_view(before, 0), ip_view(rec[T.DATA], rec[T.OFF])
    if old is None or new is None:
        return f"{hook}: NAT rewrote the packet"
    (os_, od), (ns_, nd) = _endpoint(old), _endpoint(new)
    changes = []
    if os_ != ns_:
        changes.append(f"source {os_} -> {ns_}")
    if od != nd:
        changes.append(f"destination {od} -> {nd}")
    return f"{hook}: NAT rewrites " + (", ".join(changes) or "the packet")


def _app(rec: tuple) -> str:
    kind, info = rec[T.KIND], rec[T.INFO]
    if kind == T.APP_SEND:
        app, seq, ttl, text = info
        if text:
            return text
        ttl_text = f" with TTL {ttl}" if ttl is not None else ""
        return f"sends echo request icmp_seq={seq}{ttl_text}"
    if kind == T.APP_SEND_FAIL:
        _app_name, seq, errno_name = info
        return f"sendto() of probe {seq} failed: {STRERROR.get(errno_name, errno_name)}"
    if kind == T.APP_ANSWER:
        _app_name, seq, answer, src, text = info
        if answer == "reply":
            return f"got its answer for probe {seq}: {text} from {ip_to_str(src)}"
        return f"got an error for probe {seq}: From {ip_to_str(src)} {text}"
    app, dst, errno_name, _routes = info
    return f"connect() to {ip_to_str(dst)} failed: {STRERROR.get(errno_name, errno_name)}"


def step(rec: tuple, journey: Journey | None = None, pos: int = 0) -> tuple[str, str]:
    """(stage, words) of one record."""
    kind, data, off, info = rec[T.KIND], rec[T.DATA], rec[T.OFF], rec[T.INFO]
    if kind == T.RX:
        return STAGES[kind], "received " + describe(data, off)
    if kind == T.TX:
        return STAGES[kind], "sends " + describe(data, off)
    if kind == T.DROP:
        reason, where, text, _facts = info
        return where, f"DROPS {short_kind(data, off)}: {text} [{reason}]"
    if kind == T.BR_LEARN:
        return STAGES[kind], f"learns {mac_to_str(data[6:12])} is behind port {info}"
    if kind == T.BR_FORWARD:
        return STAGES[kind], f"{mac_to_str(data[0:6])} is behind port {info}: forwarded there"
    if kind == T.BR_FLOOD:
        return STAGES[kind], f"{_FLOOD.get(info, 'flood')}: a copy to every forwarding port " \
                             "but the one it came in on"
    if kind == T.BR_UP:
        return STAGES[kind], "for the bridge device itself: passed up to its own stack"
    if kind == T.ROUTE_IN:
        return STAGES[kind], _route_in(rec)
    if kind == T.ROUTE_OUT:
        return STAGES[kind], _route_out(rec)
    if kind == T.ROUTE_OUT_FAIL:
        dst, src, errno_name, _reason, _routes = info
        return STAGES[kind], f"no route to {ip_to_str(dst)}" + \
            (f" from {ip_to_str(src)}" if src else "") + \
            f": {STRERROR.get(errno_name, errno_name)} ({errno_name})"
    if kind == T.FORWARD:
        return STAGES[kind], _forward(rec, journey, pos)
    if kind == T.LOCAL:
        ip = ip_view(data, off)
        proto = ip.proto if ip is not None else 0
        return STAGES[kind], f"for this host: handed to {_PROTO_NAMES.get(proto, 'IP')} " \
                             f"(protocol {proto})"
    if kind == T.ICMP_ECHO:
        return STAGES[kind], "answers with an echo reply"
    if kind == T.ICMP_SEND:
        icmp_type, code, src, dst = info
        return STAGES[kind], f"sends ICMP {icmp_text(icmp_type, code)} from " \
                             f"{ip_to_str(src)} to {ip_to_str(dst)}"
    if kind == T.FRAGMENT:
        mtu, count = info
        ip = ip_view(data, off)
        size = ip.length if ip is not None else len(data)
        return STAGES[kind], f"{size} bytes exceed MTU {mtu}: split into {count} fragments"
    if kind in (T.TUNNEL_ENCAP, T.TUNNEL_DECAP):
        tunnel, src, sport, dst, dport, vni, link_ns = info
        where = "" if link_ns == rec[T.NS] else f" in namespace {link_ns}"
        if kind == T.TUNNEL_ENCAP:
            return STAGES[kind], f"wrapped in {tunnel} (VNI {vni}) and sent as UDP " \
                                 f"{ip_to_str(src)}:{sport} > {ip_to_str(dst)}:{dport}{where}"
        return STAGES[kind], f"unwrapped from {tunnel} (VNI {vni}) that came as UDP " \
                             f"{ip_to_str(src)}:{sport} > {ip_to_str(dst)}:{dport}{where}"
    if kind == T.SOCK:
        proto, port = info
        return STAGES[kind], f"delivered to the {proto} socket bound to port {port}"
    if kind == T.NAT:
        return STAGES[kind], _nat(rec)
    if kind == T.DEFRAG:
        ip = ip_view(data, off)
        assert ip is not None
        frag = f"fragment at offset {ip.frag} ({len(ip.payload)} bytes)"
        if info is None:
            return STAGES[kind], f"{frag} queued for reassembly"
        return STAGES[kind], f"{frag} completes the datagram: {info} bytes reassembled"
    if kind == T.NEIGH_OUTPUT:
        return STAGES[kind], _neigh_output(info)
    if kind == T.NEIGH_PROBE:
        target, probes, state, _lladdr = info
        how = "unicast" if state & NUD_PROBE else "broadcast"
        return STAGES[kind], f"ARP request ({how}) for {ip_to_str(target)}"
    if kind == T.NEIGH_UPDATE:
        target, old, new, lladdr, queued = info
        text = f"{ip_to_str(target)}: {state_name(old)} -> {state_name(new)}"
        if lladdr is not None:
            text += f" at {mac_to_str(lladdr)}"
        if queued and not old & (NUD_CONNECTED | NUD_STALE | NUD_DELAY | NUD_PROBE):
            text += f"; {queued} queued packet(s) sent"
        return STAGES[kind], text
    if kind == T.NEIGH_FAILED:
        target, sent, _queued = info
        return STAGES[kind], f"{ip_to_str(target)}: no answer to {sent} ARP request(s): " \
                             "FAILED, queued packets dropped"
    if kind == T.ARP_IGNORE:
        arp = arp_view(data, off)
        tip = ip_to_str(arp.tpa) if arp is not None else "?"
        if info:
            return STAGES[kind], f"who-has {tip}: not answered on this device (arp_ignore)"
        return STAGES[kind], f"who-has {tip}: not an address of this host, no reply"
    app = info[0] if isinstance(info, tuple) and info else "app"
    return str(app), _app(rec)


def _place(rec: tuple) -> tuple[str, str]:
    return T.ns_label(rec[T.NS]), rec[T.DEV] or "-"


def render_journey(journey: Journey, commands: list[Command]) -> str:
    title = f"journey {journey.index}: {describe_key(journey.key)}"
    cmd = commands[journey.command] if journey.command < len(commands) else None
    if cmd is not None and cmd.text:
        title += f"  ({cmd.title()})"
    rows = []
    for pos, rec in enumerate(journey.records):
        ns, dev = _place(rec)
        stage, text = step(rec, journey, pos)
        rows.append((fmt_time(rec[T.T]), ns, dev, stage, text))
    wt = max(len(r[0]) for r in rows)
    wn = max(len(r[1]) for r in rows)
    wd = max(len(r[2]) for r in rows)
    ws = max(len(r[3]) for r in rows)
    lines = [title]
    lines += [f"  {t:>{wt}}  {n:<{wn}}  {d:<{wd}}  {s:<{ws}}  {x}".rstrip()
              for t, n, d, s, x in rows]
    return "\n".join(lines) + "\n"


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


def render(journeys: list[Journey], commands: list[Command], full: bool = False) -> str:
    """Every journey, in the order they started."""
    count = sum(len(j.records) for j in journeys)
    head = f"=== packet journeys: {_count(len(journeys), 'journey')}, " \
           f"{_count(count, 'step')} ==="
    if full:
        head += " (the trace buffer filled up: the oldest steps are gone)"
    if not journeys:
        return head + "\n"
    return head + "\n\n" + "\n".join(render_journey(j, commands) for j in journeys)
