"""Connection tracking (net/netfilter/nf_conntrack_core.c, nf_conntrack_proto_*.c).

A connection is its original-direction tuple and its reply tuple (the inverse,
rewritten by NAT). Tuples are (proto, src, dst, a, b): ports for TCP and UDP; for
ICMP queries a = the identifier, b = the type (echo 8, reply 0), as
nf_conntrack_proto_icmp.c keys them. Four keys index a connection, so that a packet
is found before and after its own translation: orig, inverse(reply) (direction
ORIGINAL) and reply, inverse(orig) (direction REPLY).

`classify` is nf_conntrack_in at the first hook a packet meets (PREROUTING or
OUTPUT): NEW for a first packet (the entry is created unconfirmed and confirmed at
POSTROUTING/INPUT, __nf_conntrack_confirm), ESTABLISHED once a reply was seen (or for
further packets of a connection that saw one), RELATED for an ICMP error quoting a
tracked packet (icmp_error_message), INVALID otherwise. Timeouts are Linux's
defaults on the virtual clock: UDP 30 s, 120 s once a reply was seen and two seconds
went by (stream); ICMP 30 s; TCP by state (tcp_conntracks: SYN_SENT 120 s, SYN_RECV
60 s, ESTABLISHED 432000 s, FIN_WAIT 120 s, CLOSE_WAIT 60 s, LAST_ACK 30 s,
TIME_WAIT 120 s, CLOSE 10 s; a RST as the only answer removes the entry). Sequence
number windows (tcp_in_window) are not checked.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from vnet.net.stack import Ipv4Stack

NEW, ESTABLISHED, RELATED, INVALID, UNTRACKED = 1, 2, 4, 8, 16
STATE_BITS = {"INVALID": INVALID, "ESTABLISHED": ESTABLISHED, "NEW": NEW,
              "RELATED": RELATED, "UNTRACKED": UNTRACKED}
#  iptables prints states in this order (xt_state / xt_conntrack print_state)
STATE_ORDER = ("INVALID", "NEW", "RELATED", "ESTABLISHED", "UNTRACKED")

ORIGINAL, REPLY = 0, 1
SEC = 1_000_000_000

SYSCTL_DEFAULTS = {
    "net.netfilter.nf_conntrack_udp_timeout": "30",
    "net.netfilter.nf_conntrack_udp_timeout_stream": "120",
    "net.netfilter.nf_conntrack_icmp_timeout": "30",
    "net.netfilter.nf_conntrack_tcp_timeout_syn_sent": "120",
    "net.netfilter.nf_conntrack_tcp_timeout_syn_recv": "60",
    "net.netfilter.nf_conntrack_tcp_timeout_established": "432000",
    "net.netfilter.nf_conntrack_tcp_timeout_fin_wait": "120",
    "net.netfilter.nf_conntrack_tcp_timeout_close_wait": "60",
    "net.netfilter.nf_conntrack_tcp_timeout_last_ack": "30",
    "net.netfilter.nf_conntrack_tcp_timeout_time_wait": "120",
    "net.netfilter.nf_conntrack_tcp_timeout_close": "10",
    "net.netfilter.nf_conntrack_generic_timeout": "600",
    "net.netfilter.nf_conntrack_max": "262144",
}

#  ICMP query types and their replies (invmap in nf_conntrack_proto_icmp.c)
ICMP_INVERSE = {8: 0, 0: 8, 13: 14, 14: 13, 15: 16, 16: 15, 17: 18, 18: 17}
ICMP_QUERIES = (8, 13, 15, 17)
ICMP_ERRORS = (3, 4, 5, 11, 12)

Tuple = tuple[int, int, int, int, int]


def invert(t: Tuple) -> Tuple:
    proto, src, dst, a, b = t
    if proto == 1:
        return (1, dst, src, a, ICMP_INVERSE.get(b, b))
    return (proto, dst, src, b, a)


@dataclass
class Conn:
    orig: Tuple
    reply: Tuple
    expires: int = 0
    seen_reply: bool = False
    assured: bool = False
    confirmed: bool = False
    snat: bool = False              # the original direction's source is translated
    dnat: bool = False              # the original direction's destination is translated
    tcp_state: str = ""
    state: int = NEW                # the state classify gave the packet being processed
    created: int = 0
    masq_ifindex: int = 0           # MASQUERADE's output device (nf_nat_masquerade)

    def tuple(self, direction: int) -> Tuple:
        return self.orig if direction == ORIGINAL else self.reply


def packet_tuple(packet: bytes | bytearray, ihl: int) -> Tuple | None:
    """nf_ct_get_tuple for an IPv4 packet (None when it cannot be tracked by ports)."""
    proto = packet[9]
    src = int.from_bytes(packet[12:16], "big")
    dst = int.from_bytes(packet[16:20], "big")
    l4 = packet[ihl:ihl + 8]
    if proto in (6, 17):
        if len(l4) < 4:
            return None
        return (proto, src, dst, (l4[0] << 8) | l4[1], (l4[2] << 8) | l4[3])
    if proto == 1:
        if len(l4) < 8:
            return None
        return (1, src, dst, (l4[4] << 8) | l4[5], l4[0])
    return (proto, src, dst, 0, 0)


class ConntrackTable:
    def __init__(self, stack: Ipv4Stack) -> None:
        self.stack = stack
        self.index: dict[Tuple, tuple[Conn, int]] = {}
        self.alias: dict[Tuple, tuple[Conn, int]] = {}
        self.conns: dict[int, Conn] = {}     # id(conn) -> conn, in creation order

    # -- index ------------------------------------------------------------------------------
    def insert(self, conn: Conn) -> None:
        """Hash the original and reply tuples (what nf_conntrack_find_get looks up), and
        their inverses as aliases: how a packet looks once translated, for the hooks
        after the first (the kernel carries the entry on the skb instead)."""
        self.conns[id(conn)] = conn
        self.index.setdefault(conn.orig, (conn, ORIGINAL))
        self.index.setdefault(conn.reply, (conn, REPLY))     # a clash is NAT's to resolve
        self.alias.setdefault(invert(conn.reply), (conn, ORIGINAL))
        self.alias.setdefault(invert(conn.orig), (conn, REPLY))

    def remove(self, conn: Conn) -> None:
        self.conns.pop(id(conn), None)
        for table, key in ((self.index, conn.orig), (self.index, conn.reply),
                           (self.alias, invert(conn.reply)), (self.alias, invert(conn.orig))):
            hit = table.get(key)
            if hit is not None and hit[0] is conn:
                del table[key]

    def reindex(self, conn: Conn, new_reply: Tuple) -> None:
        self.remove(conn)
        conn.reply = new_reply
        self.insert(conn)

    def reply_in_use(self, reply: Tuple, conn: Conn) -> bool:
        """nf_nat_used_tuple: another connection already answers to this reply tuple."""
        hit = self.lookup(reply)
        return hit is not None and hit[0] is not conn

    def expire(self) -> None:
        now = self.stack.world.sched.now
        dead = [c for c in self.conns.values() if c.expires <= now]
        for conn in dead:
            self.remove(conn)

    def entries(self) -> list[Conn]:
        self.expire()
        return list(self.conns.values())

    def flush(self) -> None:
        self.index.clear()
        self.alias.clear()
        self.conns.clear()

    def lookup(self, t: Tuple, translated: bool = False) -> tuple[Conn, int] | None:
        """The entry of a tuple; with `translated`, also of a packet already rewritten."""
        hit = self.index.get(t)
        if hit is None and translated:
            hit = self.alias.get(t)
        if hit is not None and hit[0].expires <= self.stack.world.sched.now:
            self.remove(hit[0])
            return None
        return hit

    # -- nf_conntrack_in --------------------------------------------------------------------
    def classify(self, packet: bytes | bytearray, ihl: int) -> tuple[Conn | None, int, int]:
        """(conn, direction, state) for a packet at its first hook."""
        t = packet_tuple(packet, ihl)
        if t is None:
            return None, ORIGINAL, INVALID
        proto = t[0]
        if proto == 1 and t[4] not in ICMP_QUERIES and t[4] not in ICMP_INVERSE:
            if t[4] in ICMP_ERRORS:
                return self._related(packet, ihl)
            return None, ORIGINAL, INVALID
        hit = self.lookup(t)
        if hit is None:
            if proto == 1 and t[4] not in ICMP_QUERIES:
                return None, ORIGINAL, INVALID      # a reply nobody asked for
            conn = Conn(t, invert(t), created=self.stack.world.sched.now)
            if proto == 6 and not _tcp_can_start(packet, ihl):
                return None, ORIGINAL, INVALID      # tcp_new: sIV from TCP_CONNTRACK_NONE
            self._refresh(conn, packet, ihl, ORIGINAL)
            conn.state = NEW
            self.insert(conn)
            return conn, ORIGINAL, NEW
        conn, direction = hit
        first_reply = direction == REPLY and not conn.seen_reply
        if first_reply:
            conn.seen_reply = True
        if not self._refresh(conn, packet, ihl, direction, first_reply):
            self.remove(conn)
            conn.state = ESTABLISHED
            return conn, direction, ESTABLISHED
        conn.state = ESTABLISHED if conn.seen_reply else NEW
        return conn, direction, conn.state

    def _related(self, packet: bytes | bytearray, ihl: int) -> tuple[Conn | None, int, int]:
        inner = packet[ihl + 8:]
        if len(inner) < 20 or inner[0] >> 4 != 4:
            return None, ORIGINAL, INVALID
        inner_ihl = (inner[0] & 0x0F) * 4
        t = packet_tuple(inner, inner_ihl)
        if t is None:
            return None, ORIGINAL, INVALID
        hit = self.lookup(t, translated=True)
        if hit is None:
            return None, ORIGINAL, INVALID
        conn, inner_dir = hit
        conn.state = RELATED
        return conn, 1 - inner_dir, RELATED

    def _timeout(self, name: str) -> int:
        values = self.stack.ns.sysctl.values
        return int(values.get(f"net.netfilter.nf_conntrack_{name}", SYSCTL_DEFAULTS.get(
            f"net.netfilter.nf_conntrack_{name}", "30"))) * SEC

    def _refresh(self, conn: Conn, packet: bytes | bytearray, ihl: int, direction: int,
                 first_reply: bool = False) -> bool:
        """Advance the protocol state and the timeout; False when the entry must go (a
        RST as the only answer: nf_conntrack_tcp_packet kills it at once)."""
        now = self.stack.world.sched.now
        proto = conn.orig[0]
        if proto == 17:
            name = "udp_timeout"
            if conn.seen_reply and now > conn.created + 2 * SEC:
                name = "udp_timeout_stream"     # still active after two seconds
                conn.assured = True
        elif proto == 1:
            name = "icmp_timeout"
        elif proto == 6:
            flags = packet[ihl + 13] if len(packet) > ihl + 13 else 0
            if flags & 0x04 and first_reply:
                return False
            conn.tcp_state = tcp_next(conn.tcp_state, direction, flags) or "ESTABLISHED"
            if conn.tcp_state == "ESTABLISHED" and conn.seen_reply:
                conn.assured = True
            name = TCP_TIMEOUTS[conn.tcp_state]
        else:
            name = "generic_timeout"
        conn.expires = now + self._timeout(name)
        return True


def _tcp_can_start(packet: bytes | bytearray, ihl: int) -> bool:
    """tcp_new: a SYN starts a connection, a bare ACK picks one up midstream
    (nf_conntrack_tcp_loose=1); SYN/ACK, FIN, RST and no flag at all do not."""
    if len(packet) <= ihl + 13:
        return False
    flags = packet[ihl + 13]
    if flags & 0x04:
        return False
    if flags & 0x02:
        return not flags & 0x10
    return not flags & 0x01 and bool(flags & 0x10)


#  the TCP state of a connection (nf_conntrack_proto_tcp.c tcp_conntracks) and its timeout
TCP_TIMEOUTS = {
    "SYN_SENT": "tcp_timeout_syn_sent", "SYN_RECV": "tcp_timeout_syn_recv",
    "ESTABLISHED": "tcp_timeout_established", "FIN_WAIT": "tcp_timeout_fin_wait",
    "CLOSE_WAIT": "tcp_timeout_close_wait", "LAST_ACK": "tcp_timeout_last_ack",
    "TIME_WAIT": "tcp_timeout_time_wait", "CLOSE": "tcp_timeout_close",
}


def tcp_next(state: str, direction: int, flags: int) -> str:
    """The tcp_conntracks transition for one segment (index: RST, SYN, SYN/ACK, FIN,
    ACK, in that order of precedence, as get_conntrack_index picks it)."""
    if flags & 0x04:
        return "CLOSE"
    if flags & 0x02:
        if flags & 0x10:
            return "SYN_RECV" if direction == REPLY and state == "SYN_SENT" else state
        return "SYN_SENT" if state in ("", "SYN_SENT", "CLOSE", "TIME_WAIT") else state
    if flags & 0x01:
        return {"SYN_RECV": "FIN_WAIT", "ESTABLISHED": "FIN_WAIT", "FIN_WAIT": "LAST_ACK",
                "CLOSE_WAIT": "LAST_ACK"}.get(state, state or "ESTABLISHED")
    if flags & 0x10:
        if state == "SYN_RECV":
            return "ESTABLISHED" if direction == ORIGINAL else state
        return {"FIN_WAIT": "CLOSE_WAIT", "LAST_ACK": "TIME_WAIT",
                "": "ESTABLISHED"}.get(state, state)
    return state or "ESTABLISHED"
