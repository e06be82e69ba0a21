"""`conntrack` (conntrack-tools 1.4.7): list (-L) and flush (-F) the namespace's
connection tracking table (vnet.netfilter.conntrack).

`-L` prints one line per connection as conntrack-tools' default output does:
`PROTO NUM TIMEOUT [STATE] src= dst= sport= dport= [UNREPLIED] src= ... [ASSURED]
mark=0 use=1`, ICMP with type/code/id, and the summary `conntrack v1.4.7
(conntrack-tools): N flow entries have been shown.` on stderr.
"""

from __future__ import annotations

from ipaddress import IPv4Address

from vnet.cli.context import Context
from vnet.netfilter.conntrack import Conn

PROG = "conntrack v1.4.7 (conntrack-tools)"
PROTO_NAMES = {1: "icmp", 6: "tcp", 17: "udp"}


def _tuple(t: tuple[int, int, int, int, int]) -> str:
    proto, src, dst, a, b = t
    text = f"src={IPv4Address(src)} dst={IPv4Address(dst)} "
    if proto == 1:
        return text + f"type={b} code=0 id={a} "
    if proto in (6, 17):
        return text + f"sport={a} dport={b} "
    return text


def line(conn: Conn, now: int) -> str:
    proto = conn.orig[0]
    name = PROTO_NAMES.get(proto, "unknown")
    # the kernel prints whole seconds left, after at least a jiffy went by: 29 for 30 s
    ttl = max(0, (conn.expires - now - 1) // 1_000_000_000)
    text = f"{name:<8} {proto} {ttl} "
    if proto == 6:
        text += f"{conn.tcp_state or 'SYN_SENT'} "
    text += _tuple(conn.orig)
    if not conn.seen_reply:
        text += "[UNREPLIED] "
    text += _tuple(conn.reply)
    if conn.assured:
        text += "[ASSURED] "
    return text + "mark=0 use=1\n"


def main(ctx: Context, argv: list[str]) -> int:
    nf = ctx.ns.ipv4.nf
    if not argv:
        ctx.err(f"{PROG}: no command specified\nTry `conntrack -h' or 'conntrack --help' "
                "for more information.\n")
        return 2
    cmd = argv[0]
    if cmd in ("-L", "--dump", "-F", "--flush") and len(argv) == 1:
        conns = nf.conntrack.entries() if nf is not None else []
        if cmd in ("-F", "--flush"):
            if nf is not None:
                nf.conntrack.flush()
            ctx.err(f"{PROG}: connection tracking table has been emptied.\n")
            return 0
        now = ctx.world.sched.now
        # stderr is unbuffered: the summary comes before the (buffered) listing
        ctx.ordered_output = True
        ctx.err(f"{PROG}: {len(conns)} flow entries have been shown.\n")
        ctx.out("".join(line(c, now) for c in conns))
        return 0
    from vnet.cli.shell.api import UnsupportedError

    raise UnsupportedError(f"conntrack {' '.join(argv)}")
