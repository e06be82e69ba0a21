"""Defragmentation before connection tracking (net/ipv4/netfilter/nf_defrag_ipv4.c).

With conntrack in use, PREROUTING gathers the fragments of a datagram first (ip_defrag
with the IP_DEFRAG_CONNTRACK_IN user), so that conntrack and NAT see the transport
header of the whole datagram; forwarding fragments it again on output. Its queues are
apart from local delivery's (vnet.net.reassembly), keyed by (src, dst, id, protocol);
an incomplete queue is dropped after ipfrag_time (30 s) without the ICMP time exceeded
an end host sends (RFC 792: only the destination reports a reassembly timeout).
Overlapping fragments drop the queue (as ip_fragment.c does since CVE-2018-5391).
"""

from __future__ import annotations

import struct
from typing import TYPE_CHECKING

from vnet.wire.checksum import internet_checksum

if TYPE_CHECKING:
    from vnet.core.sched import Timer
    from vnet.netfilter.tables import Netfilter

IPFRAG_TIME_NS = 30_000_000_000


class _Queue:
    __slots__ = ("pieces", "total", "header", "timer")

    def __init__(self) -> None:
        self.pieces: dict[int, bytes] = {}      # offset -> data
        self.total: int | None = None
        self.header = b""                        # the first fragment's header
        self.timer: Timer | None = None


def gather(nf: Netfilter, packet: bytes) -> bytes | None:
    """The whole datagram once its last missing fragment arrives, else None (queued)."""
    ihl = (packet[0] & 0x0F) * 4
    frag = struct.unpack_from("!H", packet, 6)[0]
    offset = (frag & 0x1FFF) << 3
    more = bool(frag & 0x2000)
    key = (packet[12:16], packet[16:20], packet[4:6], packet[9])
    queues = nf.frag_queues
    queue = queues.get(key)
    sched = nf.stack.world.sched
    if queue is None:
        queue = queues[key] = _Queue()
        queue.timer = sched.call_later(IPFRAG_TIME_NS, queues.pop, key, None)
    data = packet[ihl:]
    end = offset + len(data)
    for start, piece in queue.pieces.items():
        if start < end and offset < start + len(piece):
            if queue.timer is not None:
                queue.timer.cancel()
            del queues[key]
            nf.stack.ns.drop("IP_FRAG_OVERLAP")
            return None
    queue.pieces[offset] = data
    if offset == 0:
        queue.header = packet[:ihl]
    if not more:
        queue.total = end
    if queue.total is None or not queue.header:
        return None
    have = 0
    for start in sorted(queue.pieces):
        if start != have:
            return None
        have += len(queue.pieces[start])
    if have != queue.total:
        return None
    if queue.timer is not None:
        queue.timer.cancel()
    del queues[key]
    body = b"".join(queue.pieces[s] for s in sorted(queue.pieces))
    head = bytearray(queue.header)
    struct.pack_into("!H", head, 2, len(head) + len(body))
    struct.pack_into("!H", head, 6, struct.unpack_from("!H", head, 6)[0] & 0x4000)
    struct.pack_into("!H", head, 10, 0)
    struct.pack_into("!H", head, 10, internet_checksum(head))
    return bytes(head) + body
