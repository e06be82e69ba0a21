"""IPv4 reassembly (net/ipv4/ip_fragment.c, RFC 791 3.2 and RFC 815).

Fragments are keyed by (src, dst, id, protocol). Holes are filled in any order;
duplicates and overlaps keep the first data received (the kernel drops overlapping
fragments entirely since CVE-2018-5391; here a fragment that overlaps existing data is
dropped the same way). A queue that is not complete within ipfrag_time (30 s) is
discarded; if its first fragment arrived, ICMP time exceeded (fragment reassembly
time exceeded, RFC 792) goes back to the sender.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from vnet.core.sched import NS_PER_SEC
from vnet.net import icmp
from vnet.wire import ipv4 as ipwire

if TYPE_CHECKING:
    from vnet.net.stack import Ipv4Stack

IPFRAG_TIME_NS = 30 * NS_PER_SEC


class FragQueue:
    __slots__ = ("pieces", "total", "first", "timer", "meat")

    def __init__(self) -> None:
        self.pieces: dict[int, bytes] = {}
        self.total: int | None = None
        self.first: ipwire.Ipv4Packet | None = None
        self.timer = None
        self.meat = 0


def reassemble(stack: Ipv4Stack, ip: ipwire.Ipv4Packet) -> ipwire.Ipv4Packet | None:
    key = (ip.src, ip.dst, ip.ident, ip.proto)
    queue = stack.frags.get(key)
    sched = stack.world.sched
    if queue is None:
        queue = stack.frags[key] = FragQueue()
        queue.timer = sched.call_later(IPFRAG_TIME_NS, _expire, stack, key)
        stack.count("ReasmReqds")
    start = ip.frag_offset
    end = start + len(ip.payload)
    if not ip.mf:
        if queue.total is not None and queue.total != end:
            return _fail(stack, key, "IP_FRAG_BAD_LENGTH")
        queue.total = end
    elif len(ip.payload) % 8:
        return _fail(stack, key, "IP_FRAG_BAD_LENGTH")
    for other_start, data in queue.pieces.items():
        other_end = other_start + len(data)
        if other_start == start and other_end == end:
            stack.ns.drop("DUP_FRAG")
            return None
        if start < other_end and other_start < end:
            return _fail(stack, key, "IP_FRAG_OVERLAP")
    queue.pieces[start] = ip.payload
    queue.meat += len(ip.payload)
    if start == 0:
        queue.first = ip
    if queue.total is None or queue.meat != queue.total or queue.first is None:
        return None
    payload = b"".join(queue.pieces[k] for k in sorted(queue.pieces))
    _drop_queue(stack, key)
    stack.count("ReasmOKs")
    return queue.first._replace(payload=payload, mf=False, frag_offset=0)


def _drop_queue(stack: Ipv4Stack, key: tuple) -> None:
    queue = stack.frags.pop(key, None)
    if queue is not None and queue.timer is not None:
        queue.timer.cancel()


def _fail(stack: Ipv4Stack, key: tuple, reason: str) -> None:
    _drop_queue(stack, key)
    stack.count("ReasmFails")
    stack.ns.drop(reason)
    return None


def _expire(stack: Ipv4Stack, key: tuple) -> None:
    queue = stack.frags.pop(key, None)
    if queue is None:
        return
    stack.count("ReasmTimeout")
    stack.count("ReasmFails")
    stack.ns.drop("FRAG_REASM_TIMEOUT", None, queue.first)
    if queue.first is not None:
        icmp.send_error(stack, queue.first.emit(), icmp.TIME_EXCEEDED, icmp.EXC_FRAGTIME,
                        in_dev=None)
