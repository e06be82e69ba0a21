"""IPv4 reassembly (net/ipv4/ip_fragment.c, inet_fragment.c; RFC 791 3.2, RFC 815).

Fragments are queued by (source, destination, identification, protocol) in the order
ip_frag_queue keeps them: consecutive fragments that arrive in order extend one run,
out of order ones start runs of their own. A fragment that lies inside data already
held is a duplicate and is dropped alone (SKB_DROP_REASON_DUP_FRAG); one that
overlaps it only partly kills the whole datagram, as Linux has done since
CVE-2018-5391 (RFC 5722's rule, applied to IPv4). A non-final fragment's length is cut
down to a multiple of 8; a final one that disagrees with the length already known,
an empty one, or data beyond a known end, discard the queue too. The datagram is
rebuilt when the first and last fragments are in and every byte between is held.

A queue not completed within net.ipv4.ipfrag_time (30 s) from its first fragment
expires (ReasmTimeout); if its first fragment (offset 0) had arrived, ICMP time
exceeded, fragment reassembly time exceeded (RFC 792) goes back to the sender, quoting
that fragment.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from vnet.core.sched import NS_PER_SEC
from vnet.net import icmp
from vnet.wire import ipv4 as ipwire

if TYPE_CHECKING:
    from vnet.core.sched import Timer
    from vnet.net.stack import Ipv4Stack

DUP = "dup"
OVERLAP = "overlap"


class FragQueue:
    __slots__ = ("pieces", "runs", "tail_start", "tail_end", "length", "last_in",
                 "first", "timer", "meat")

    def __init__(self) -> None:
        self.pieces: dict[int, bytes] = {}   # offset -> data
        self.runs: dict[int, int] = {}       # run start -> run end
        self.tail_start = -1                 # the run of the fragment ending furthest
        self.tail_end = 0
        self.length = 0                      # q.len: the datagram's known/assumed end
        self.last_in = False
        self.first: ipwire.Ipv4Packet | None = None
        self.timer: Timer | None = None
        self.meat = 0

    def insert(self, offset: int, end: int) -> str | None:
        """inet_frag_queue_insert: None when queued, else DUP or OVERLAP."""
        if not self.runs:
            self.runs[offset] = end
        elif self.tail_end < end:
            if offset < self.tail_end:
                return OVERLAP
            if offset == self.tail_end:
                self.runs[self.tail_start] = end
                self.tail_end = end
                return None
            self.runs[offset] = end
        else:
            for start, run_end in self.runs.items():
                if end <= start or offset >= run_end:
                    continue
                return DUP if start <= offset and end <= run_end else OVERLAP
            self.runs[offset] = end
            return None
        self.tail_start, self.tail_end = offset, end
        return None


def reassemble(stack: Ipv4Stack, ip: ipwire.Ipv4Packet) -> ipwire.Ipv4Packet | None:
    """ip_defrag: the whole datagram once complete, else None (queued or dropped)."""
    key = (ip.src, ip.dst, ip.ident, ip.proto)
    queue = stack.frags.get(key)
    if queue is None:
        queue = stack.frags[key] = FragQueue()
        seconds = int(stack.ns.sysctl.values.get("net.ipv4.ipfrag_time", "30"))
        queue.timer = stack.world.sched.call_later(seconds * NS_PER_SEC, _expire, stack, key)
        stack.count("ReasmReqds")
    offset = ip.frag_offset
    payload = ip.payload
    end = offset + len(payload)
    if not ip.mf:
        if end < queue.length or (queue.last_in and end != queue.length):
            _fail(stack, key, "IP_FRAG_BAD_LENGTH")
            return None
        queue.last_in = True
        queue.length = end
    else:
        end &= ~7
        if end > queue.length:
            if queue.last_in:
                _fail(stack, key, "IP_FRAG_BAD_LENGTH")
                return None
            queue.length = end
    if end == offset:
        _fail(stack, key, "IP_FRAG_EMPTY")
        return None
    verdict = queue.insert(offset, end)
    if verdict == DUP:
        stack.ns.drop("DUP_FRAG")
        return None
    if verdict == OVERLAP:
        stack.count("ReasmOverlaps")
        _fail(stack, key, "IP_FRAG_OVERLAP")
        return None
    queue.pieces[offset] = payload[:end - offset]
    queue.meat += end - offset
    if offset == 0:
        queue.first = ip
    if queue.first is None or not queue.last_in or queue.meat != queue.length:
        return None
    data = b"".join(queue.pieces[k] for k in sorted(queue.pieces))
    _drop_queue(stack, key)
    stack.count("ReasmOKs")
    return queue.first._replace(payload=data, mf=False, frag_offset=0)


def _drop_queue(stack: Ipv4Stack, key: tuple) -> None:
    """inet_frag_kill: the queue is gone; a later fragment starts a new one."""
    queue = stack.frags.pop(key, None)
    if queue is not None and queue.timer is not None:
        queue.timer.cancel()


def _fail(stack: Ipv4Stack, key: tuple, reason: str) -> None:
    _drop_queue(stack, key)
    stack.count("ReasmFails")
    stack.ns.drop(reason)


def _expire(stack: Ipv4Stack, key: tuple) -> None:
    """ip_expire."""
    queue = stack.frags.pop(key, None)
    if queue is None:
        return
    stack.count("ReasmFails")
    stack.count("ReasmTimeout")
    stack.ns.drop("FRAG_REASM_TIMEOUT")
    if queue.first is not None:
        first = queue.first
        icmp.send_error(stack, first._replace(payload=queue.pieces[0]).emit(),
                        icmp.TIME_EXCEEDED, icmp.EXC_FRAGTIME, in_dev=None)
