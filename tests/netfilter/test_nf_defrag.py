"""Defragmentation before conntrack: any order, overlap drops the queue, silent expiry."""

from __future__ import annotations

from vnet.net.ipv4_output import fragment
from vnet.netfilter.defrag import gather
from vnet.netfilter.tables import Netfilter
from vnet.sim import new_world
from vnet.wire import ipv4 as ipwire


def _whole() -> bytes:
    return ipwire.Ipv4Packet(0x0A000001, 0x0A000002, 17, bytes(range(256)) * 10,
                             ident=0x1234).emit()


def test_out_of_order_fragments_give_the_datagram_back() -> None:
    world = new_world(seed=1)
    nf = Netfilter(world.init_ns.ipv4)
    pieces = fragment(_whole(), 1000)
    assert len(pieces) == 3
    assert gather(nf, pieces[2]) is None
    assert gather(nf, pieces[0]) is None
    assert gather(nf, pieces[1]) == _whole()
    assert nf.frag_queues == {}


def test_overlap_drops_the_queue_and_expiry_is_silent() -> None:
    world = new_world(seed=1)
    nf = Netfilter(world.init_ns.ipv4)
    pieces = fragment(_whole(), 1000)
    gather(nf, pieces[0])
    assert gather(nf, pieces[0]) is None
    assert nf.frag_queues == {}
    assert world.init_ns.drops["IP_FRAG_OVERLAP"] == 1
    gather(nf, pieces[1])
    world.run_for(31)
    assert nf.frag_queues == {}
