"""The Spanning Tree Protocol between bridges (vnet.link.bridge.stp, IEEE 802.1D-1998
clause 8 as net/bridge/br_stp*.c runs it): root election, blocking of redundant links,
the BPDUs on the wire, topology change notification, information ageing out, and
malformed BPDUs. The comparisons with a real kernel are tests/kernel/scripts/stp-*.sh."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from stplab import STP_GROUP, build

from vnet.core.sched import EventStorm
from vnet.link import rtnl
from vnet.link.bridge import stp, stp_bpdu
from vnet.link.bridge.port import BR_STATE_BLOCKING, BR_STATE_FORWARDING, BR_STATE_LISTENING
from vnet.wire import stp as stpwire

SEC = 1_000_000_000


def _bid(i: int, prio: int = 0x8000) -> tuple[int, bytes]:
    return (prio, bytes([2, 0, 0, 0, 0, i + 1]))


def test_two_bridges_with_two_links_block_one_port_of_the_non_root() -> None:
    lab = build(2, [(0, 1), (0, 1)])
    lab.world.run_for(10)
    root, other = lab.bridges
    assert root.is_root_bridge and root.root_port == 0
    assert other.designated_root == _bid(0) and not other.is_root_bridge
    states = {dev.name: lab.port(1, dev).state for _, _, _, dev in lab.links}
    # equal costs: the port facing the root's lower port id becomes the root port
    assert states == {"l0": BR_STATE_FORWARDING, "l1": BR_STATE_BLOCKING}
    assert other.root_port == lab.port(1, lab.links[0][3]).port_no
    assert other.root_path_cost == 2
    assert lab.active_links() == [(0, 1)]


def test_priority_decides_the_root_before_the_address() -> None:
    lab = build(3, [(0, 1), (1, 2), (2, 0)], priorities={2: 0x1000})
    lab.world.run_for(10)
    assert [br.is_root_bridge for br in lab.bridges] == [False, False, True]
    assert all(br.designated_root == _bid(2, 0x1000) for br in lab.bridges)
    # the a-b segment is blocked at the end of the bridge with the worse id (1)
    _, d01, _, d10 = lab.links[0]
    assert lab.port(0, d01).state == BR_STATE_FORWARDING
    assert lab.port(1, d10).state == BR_STATE_BLOCKING
    assert sorted(lab.active_links()) == [(1, 2), (2, 0)]


def test_a_loop_without_stp_storms_and_with_stp_settles() -> None:
    lab = build(2, [(0, 1), (0, 1)], stp=False)
    with pytest.raises(EventStorm):
        lab.bridges[0].xmit(b"\xff" * 6 + bytes([2, 0, 0, 0, 0, 9]) + b"\x88\xb5" + bytes(46))
        lab.world.settle()
    lab = build(2, [(0, 1), (0, 1)])
    lab.world.run_for(10)
    lab.bridges[0].xmit(b"\xff" * 6 + bytes([2, 0, 0, 0, 0, 9]) + b"\x88\xb5" + bytes(46))
    lab.world.settle()                  # the blocking port ends the loop


def test_the_root_sends_configuration_bpdus_every_hello_time() -> None:
    lab = build(2, [(0, 1)])
    lab.world.run_for(9.5)
    _, d0, _, d1 = lab.links[0]
    frames = lab.bpdus(0, d0.name)
    assert len(frames) >= 4              # at 2 s intervals, rounded to whole seconds
    frame = frames[-1]
    assert frame[:6] == STP_GROUP and frame[6:12] == d0.mac
    assert int.from_bytes(frame[12:14], "big") == 38 and len(frame) == 52
    bpdu = stpwire.parse_frame(frame)
    assert bpdu.type == stpwire.BPDU_TYPE_CONFIG
    assert bpdu.root_id == bpdu.bridge_id == stpwire.make_bridge_id(*_bid(0))
    assert bpdu.root_path_cost == 0 and bpdu.port_id == 0x8001 and bpdu.message_age == 0
    assert (bpdu.max_age, bpdu.hello_time, bpdu.forward_delay) == (5120, 512, 1024)
    # the non-root's designated ports carry the root's word with its cost and age: it has
    # none here (its only port is the root port), so it sends nothing after hearing it
    assert len(lab.bpdus(1, d1.name)) <= 1


def test_hold_timer_allows_one_bpdu_a_second() -> None:
    lab = build(2, [(0, 1)])
    lab.world.run_for(5)
    _, d0, _, _ = lab.links[0]
    port = lab.port(0, d0)
    before = len(lab.bpdus(0, d0.name))
    stp.transmit_config(port)
    stp.transmit_config(port)
    assert len(lab.bpdus(0, d0.name)) - before <= 1
    assert port.config_pending or len(lab.bpdus(0, d0.name)) == before


def test_a_relayed_bpdu_carries_the_root_path_cost_and_a_message_age() -> None:
    lab = build(3, [(0, 1), (1, 2)])
    lab.world.run_for(10)
    _, d12, _, _ = lab.links[1]
    bpdu = stpwire.parse_frame(lab.bpdus(1, d12.name)[-1])
    assert bpdu.root_id == stpwire.make_bridge_id(*_bid(0))
    assert bpdu.bridge_id == stpwire.make_bridge_id(*_bid(1))
    assert bpdu.root_path_cost == 2 and bpdu.message_age >= 1


def test_a_new_port_sends_a_tcn_to_the_root_until_acknowledged() -> None:
    lab = build(2, [(0, 1)])
    lab.world.run_for(12)
    root, other = lab.bridges
    assert not other.topology_change_detected
    # a new link on the non-root: when its port forwards, that is a topology change
    extra, peer = rtnl.add_veth(other.netns, "x0", "x1", mac=bytes([2, 0, 0, 2, 0, 1]),
                                peer_mac=bytes([2, 0, 0, 2, 0, 2]))
    rtnl.set_master(extra, other)
    lab.sent[(1, "l0")].clear()
    extra.set_up()
    peer.set_up()
    lab.world.run_for(8.5)
    tcns = [f for f in lab.bpdus(1, "l0") if stpwire.parse_frame(f).type == stpwire.BPDU_TYPE_TCN]
    assert len(tcns) == 1 and len(tcns[0]) == 21
    assert root.topology_change and root.topology_change_detected
    lab.world.run_for(2)
    # acknowledged (TCA) by the root, which also sets TC in its BPDUs for a while
    assert not other.topology_change_detected and other.tcn_timer is None
    assert other.topology_change
    assert other.ageing_time_cs == 2 * 400        # twice the root's forward delay
    lab.world.run_for(4 + 20 + 2)
    assert not root.topology_change and not other.topology_change
    assert other.ageing_time_cs == 30000


def test_information_from_a_silent_root_ages_out() -> None:
    lab = build(2, [(0, 1), (0, 1)])
    lab.world.run_for(10)
    root, other = lab.bridges
    assert other.designated_root == _bid(0)
    root.set_stp(False)            # stops its BPDUs (and floods other's back to it)
    lab.world.run_for(15)
    assert other.designated_root == _bid(0)         # max age is 20 s
    lab.world.run_for(7)
    assert other.is_root_bridge
    # its own BPDUs come back through the STP-less bridge: port 2 hears port 1, blocks
    states = sorted(lab.port(1, db).state for _, _, _, db in lab.links)
    assert states == sorted([BR_STATE_FORWARDING, BR_STATE_BLOCKING])


def test_a_port_that_goes_down_makes_the_backup_port_take_over() -> None:
    lab = build(2, [(0, 1), (0, 1)])
    lab.world.run_for(10)
    _, d00, _, d10 = lab.links[0]
    _, _, _, d11 = lab.links[1]
    assert lab.port(1, d11).state == BR_STATE_BLOCKING
    d00.set_down()
    lab.world.settle()
    assert lab.port(1, d11).state == BR_STATE_LISTENING
    assert lab.bridges[1].root_port == lab.port(1, d11).port_no
    lab.world.run_for(8.1)
    assert lab.port(1, d11).state == BR_STATE_FORWARDING
    assert lab.port(1, d10).state != BR_STATE_FORWARDING


@pytest.mark.parametrize("body,reason", [
    (b"\x00\x00\x02\x02" + bytes(32), "STP_BPDU_INVALID"),       # RST BPDU (version 2)
    (b"\x00\x00\x00\x00" + bytes(10), "STP_BPDU_INVALID"),       # truncated config
    (b"\x00\x00\x00\x42", "STP_BPDU_INVALID"),                   # unknown type
])
def test_malformed_bpdus_are_dropped_and_counted(body: bytes, reason: str) -> None:
    lab = build(2, [(0, 1)])
    lab.world.run_for(1)
    _, d0, _, d1 = lab.links[0]
    frame = STP_GROUP + d1.mac + (len(body) + 3).to_bytes(2, "big") + b"\x42\x42\x03" + body
    before = d0.netns.drops.get(reason, 0)
    d0.receive(frame)
    lab.world.settle()
    assert d0.netns.drops.get(reason, 0) == before + 1


def test_a_bpdu_older_than_its_max_age_is_refused() -> None:
    lab = build(2, [(0, 1)])
    lab.world.run_for(1)
    _, d0, _, d1 = lab.links[0]
    better = stpwire.Bpdu(stpwire.BPDU_TYPE_CONFIG, root_id=0, bridge_id=0, port_id=0x8001,
                          message_age=5121, max_age=5120, hello_time=512, forward_delay=1024)
    d0.receive(stpwire.emit_frame(d1.mac, better))
    lab.world.settle()
    assert lab.bridges[0].is_root_bridge
    assert d0.netns.drops.get("STP_BPDU_INVALID", 0) == 1


def test_bpdu_time_units_follow_the_kernel_rounding() -> None:
    assert stp_bpdu.ns_to_ticks(15 * SEC) == 3840
    assert stp_bpdu.ticks_to_ns(3840) == 15 * SEC
    assert stp_bpdu.ns_to_ticks(4_000_000) == 1            # one jiffy: MESSAGE_AGE_INCR
    assert stp_bpdu.ticks_to_ns(1) == 4_000_000             # rounded up to a jiffy


@st.composite
def _graphs(draw: st.DrawFn) -> tuple[int, list[tuple[int, int]], dict[int, int]]:
    """A connected multigraph of 2..6 bridges: a random spanning tree plus extra links
    (parallel ones included), and random priorities for some bridges."""
    n = draw(st.integers(2, 6))
    links = [(draw(st.integers(0, i - 1)), i) for i in range(1, n)]
    extra = draw(st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1))
                          .filter(lambda e: e[0] != e[1]), max_size=4))
    prios = draw(st.dictionaries(st.integers(0, n - 1), st.sampled_from([0x1000, 0x8000,
                                                                         0xF000]), max_size=2))
    return n, links + extra, prios


@settings(max_examples=25, deadline=None)
@given(_graphs())
def test_any_connected_network_of_bridges_converges_to_one_spanning_tree(
        graph: tuple[int, list[tuple[int, int]], dict[int, int]]) -> None:
    n, links, prios = graph
    lab = build(n, links, priorities=prios)
    lab.world.run_for(8 + 2 * n * 2 + 30)
    best = min((prios.get(i, 0x8000), bytes([2, 0, 0, 0, 0, i + 1])) for i in range(n))
    assert all(br.designated_root == best for br in lab.bridges)
    assert sum(br.is_root_bridge for br in lab.bridges) == 1
    # the links forwarding at both ends form a spanning tree: n - 1 of them, connected
    active = lab.active_links()
    assert len(active) == n - 1
    reach = {0}
    for _ in range(n):
        reach |= {b for a, b in active if a in reach} | {a for a, b in active if b in reach}
    assert reach == set(range(n))
    # every other link is blocked at one end at least
    for a, da, b, db in lab.links:
        ends = (lab.port(a, da).state, lab.port(b, db).state)
        assert ends == (BR_STATE_FORWARDING, BR_STATE_FORWARDING) or BR_STATE_BLOCKING in ends


def test_repeated_bpdus_refresh_the_recorded_information_so_the_tree_holds() -> None:
    lab = build(2, [(0, 1), (0, 1)])
    lab.world.run_for(10)
    ports = [lab.port(1, db) for _, _, _, db in lab.links]
    first = [p.state for p in ports]
    for _ in range(60):
        lab.world.run_for(1)
        assert [p.state for p in ports] == first
        assert lab.bridges[1].root_port == ports[0].port_no
        timer = ports[0].message_age_timer
        assert timer is not None and timer.when - lab.world.sched.now > 15 * SEC
