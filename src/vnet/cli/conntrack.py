"""`conntrack` (conntrack-tools 1.4.7): list (-L), count (-C), delete (-D) and flush (-F)
the namespace's connection tracking table (vnet.netfilter.conntrack); -p, -s and -d
select entries by protocol and original source or destination.

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


def _filters(argv: list[str]) -> list[tuple[str, int]] | None:
    """-p PROTO, -s/--orig-src ADDR, -d/--orig-dst ADDR (None: an option vnet lacks)."""
    out = []
    i = 0
    while i < len(argv):
        opt = argv[i]
        if i + 1 >= len(argv):
            return None
        value = argv[i + 1]
        if opt in ("-p", "--proto"):
            number = {"icmp": 1, "tcp": 6, "udp": 17}.get(value)
            if number is None:
                return None
            out.append(("p", number))
        elif opt in ("-s", "--src", "--orig-src", "-d", "--dst", "--orig-dst"):
            try:
                out.append(("s" if opt in ("-s", "--src", "--orig-src") else "d",
                            int(IPv4Address(value))))
            except ValueError:
                return None
        else:
            return None
        i += 2
    return out


def _selected(conn: Conn, filters: list[tuple[str, int]]) -> bool:
    for kind, value in filters:
        if kind == "p" and conn.orig[0] != value:
            return False
        if kind == "s" and conn.orig[1] != value:
            return False
        if kind == "d" and conn.orig[2] != value:
            return False
    return True


def main(ctx: Context, argv: list[str]) -> int:
    from vnet.cli.shell.api import UnsupportedError

    nf = ctx.ns.ipv4.nf
    if not argv:
        ctx.err(f"{PROG}: no command specified\nTry `conntrack -h' or 'conntrack --help' "
                "for more information.\n")
        return 2
    cmd = argv[0]
    filters = _filters(argv[1:])
    if filters is None:
        raise UnsupportedError(f"conntrack {' '.join(argv)}")
    table = nf.conntrack if nf is not None else None
    conns = [c for c in (table.entries() if table is not None else []) if _selected(c, filters)]
    ctx.ordered_output = True
    if cmd in ("-L", "--dump"):
        # stderr is unbuffered: the summary comes before the (buffered) listing
        ctx.err(f"{PROG}: {len(conns)} flow entries have been shown.\n")
        now = ctx.world.sched.now
        ctx.out("".join(line(c, now) for c in conns))
        return 0
    if cmd in ("-C", "--count") and not filters:
        ctx.out(f"{len(conns)}\n")
        return 0
    if cmd in ("-D", "--delete"):
        now = ctx.world.sched.now
        for conn in conns:
            assert table is not None
            table.remove(conn)
        ctx.err(f"{PROG}: {len(conns)} flow entries have been deleted.\n")
        ctx.out("".join(line(c, now) for c in conns))
        return 0 if conns else 1
    if cmd in ("-F", "--flush") and not filters:
        if table is not None:
            table.flush()
        ctx.err(f"{PROG}: connection tracking table has been emptied.\n")
        return 0
    raise UnsupportedError(f"conntrack {' '.join(argv)}")
