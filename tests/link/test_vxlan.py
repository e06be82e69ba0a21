"""VXLAN devices (vnet.link.vxlan, vnet.net.udp_tunnel; drivers/net/vxlan): where frames go
and what is counted when they cannot, learning, the local bypass, the refusals, and the
link namespace's hold on its devices. The bytes are checked in test_vxlan_oracle.py; the
kernel comparisons are examples/vxlan-overlay.sh and tests/kernel/scripts/vxlan-*.sh."""

from __future__ import annotations

from vxlanlab import PAIR, REPO, _pair

from vnet.backend.sim import run_text
from vnet.core.world import World
from vnet.link.vxlan import Vxlan


def _vx(world: World, ns: str, name: str = "vx0") -> Vxlan:
    dev = world.named[ns].get(name)
    assert isinstance(dev, Vxlan)
    return dev


# -- where frames go, and what is counted when they cannot --------------------------------------

def test_no_entry_and_no_default_remote_drops_as_tx_dropped() -> None:
    script = PAIR.replace(" remote 10.0.0.2", "").format(a_opts="", b_opts="")
    result, world = run_text(script + "ip netns exec a ping -c 1 -W 1 192.168.100.2\n")
    assert "0 received" in result.output
    vx = _vx(world, "a")
    assert vx.stats.tx_packets == 0 and vx.stats.tx_dropped >= 1
    assert world.named["a"].drops.get("NO_TX_TARGET", 0) == vx.stats.tx_dropped


def test_an_unroutable_remote_counts_carrier_errors() -> None:
    script = PAIR.replace("remote 10.0.0.2", "remote 172.16.0.9").format(a_opts="", b_opts="")
    result, world = run_text(script + "ip netns exec a ping -c 1 -W 1 192.168.100.2\n")
    vx = _vx(world, "a")
    assert "0 received" in result.output
    assert vx.stats.tx_carrier == vx.stats.tx_errors >= 1 and vx.stats.tx_packets == 0


def test_a_route_through_the_tunnel_itself_is_a_collision() -> None:
    script = PAIR.replace("remote 10.0.0.2", "remote 172.16.0.9").format(a_opts="", b_opts="")
    result, world = run_text(script + "ip -n a route add 172.16.0.0/16 dev vx0\n"
                             "ip netns exec a ping -c 1 -W 1 192.168.100.2\n")
    vx = _vx(world, "a")
    assert vx.stats.collisions == vx.stats.tx_errors >= 1 and vx.stats.tx_carrier == 0


def test_a_local_remote_is_delivered_without_encapsulation() -> None:
    """encap_bypass_if_local (kernel comparison: tests/kernel/scripts/vxlan-local-bypass.sh)."""
    script = (REPO / "tests/kernel/scripts/vxlan-local-bypass.sh").read_text()
    result, world = run_text(script)
    vxa, vxb = _vx(world, "h", "vxa"), _vx(world, "c", "vxb")
    d0 = world.named["h"].get("d0")
    assert d0 is not None and d0.stats.tx_packets == 0       # nothing went on a wire
    # three frames from vxa with lo down (vxb's answers: no route to 127.0.0.1), three
    # more with lo up, when vxb's answers to 127.0.0.1 under its own VNI come back to it
    assert (vxa.stats.tx_packets, vxa.stats.tx_bytes) == (6, 6 * 42)    # whole ARP frames
    assert (vxb.stats.rx_packets, vxb.stats.rx_bytes) == (9, 9 * 42)
    assert (vxb.stats.tx_packets, vxb.stats.tx_carrier, vxb.stats.tx_errors) == (3, 3, 3)
    assert vxa.stats.rx_packets == 0
    assert "Destination Host Unreachable" in result.output


def test_learning_follows_a_move_but_not_over_a_static_entry() -> None:
    out, status, world = _pair("ip netns exec a ping -c 1 192.168.100.2\n")
    assert status == 0, out
    b = _vx(world, "b")
    assert b.fdb[bytes.fromhex("020000000a01")].remotes[0].remote_ip == 0x0A000001
    # a static entry for a's MAC elsewhere: frames from a are then dropped, not learned
    out, status, world = _pair(
        "bridge -n b fdb add 02:00:00:00:0a:01 dev vx0 dst 10.0.0.77\n"
        "ip netns exec a ping -c 1 -W 1 192.168.100.2\n")
    assert "0 received" in out
    assert world.named["b"].drops.get("VXLAN_ENTRY_EXISTS", 0) >= 1
    entry = _vx(world, "b").fdb[bytes.fromhex("020000000a01")]
    assert entry.remotes[0].remote_ip == (10 << 24) | 77


def test_maxaddress_caps_what_is_learned() -> None:
    out, status, world = _pair("ip netns exec a ping -c 1 192.168.100.2\n",
                               b_opts="maxaddress 1")
    assert status == 0, out
    b = _vx(world, "b")
    assert len(b.fdb) == 1 and b.addrcnt == 1       # the default entry took the only slot


def test_unknown_vni_and_bad_headers_are_dropped_by_name() -> None:
    from vnet.transport.udp import UdpSocket

    script = PAIR.format(a_opts="", b_opts="").replace("id 42 remote 10.0.0.1",
                                                       "id 43 remote 10.0.0.1")
    result, world = run_text(script + "ip netns exec a ping -c 1 -W 1 192.168.100.2\n")
    assert "0 received" in result.output
    b = world.named["b"]
    assert b.drops.get("VXLAN_VNI_NOT_FOUND", 0) >= 1
    assert _vx(world, "b").stats.rx_packets == 0
    # datagrams to the port whose VXLAN header is wrong: no I flag, reserved bits set
    sock = UdpSocket(world.named["a"].ipv4, 40000, lambda *a: None)
    for header in (b"\x00\x00\x00\x00\x00\x00\x2b\x00", b"\x08\x00\x00\x01\x00\x00\x2a\x00"):
        assert sock.sendto(0x0A000002, 4789, header + bytes(60)) is None
    world.settle()
    assert b.drops.get("VXLAN_INVALID_HDR", 0) == 2


def test_a_port_held_by_another_socket_refuses_to_open() -> None:
    from vnet.transport.udp import UdpSocket

    result, world = run_text("ip link add vx0 type vxlan id 1 dstport 4789\n")
    UdpSocket(world.init_ns.ipv4, 4789, lambda *a: None)
    result, world = run_text("ip link set vx0 up\necho rc=$?\nip link show vx0\n",
                             world=world)
    assert result.output.startswith("RTNETLINK answers: Address already in use\nrc=2\n")
    assert "state DOWN" in result.output


def test_the_link_namespace_takes_its_vxlans_with_it() -> None:
    out, status, world = _pair("ip netns add c\nip -n b link set vx0 netns c\n"
                               "ip -n c link show vx0 >/dev/null && echo moved\n"
                               "ip netns del b\nip -n c link show vx0\n")
    assert status == 1
    assert out.endswith('moved\nDevice "vx0" does not exist.\n')
    assert world.named["c"].get("vx0") is None


# -- bad bytes from the underlay never raise ---------------------------------------------------

import functools  # noqa: E402

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


@settings(max_examples=200, deadline=None)
@given(payload=st.binary(max_size=80), vni=st.sampled_from([42, 43]),
       flags=st.sampled_from([b"\x08\x00\x00\x00", b"\x00\x00\x00\x00", b"\x08\x00\x01\x00"]))
def test_any_datagram_to_the_port_is_delivered_or_dropped_by_name(
        payload: bytes, vni: int, flags: bytes) -> None:
    from vnet.transport.udp import UdpSocket

    world = _fuzz_world()
    b = world.named["b"]
    vx = _vx(world, "b")
    before = (vx.stats.rx_packets, sum(b.drops.values()))
    sock = UdpSocket(world.named["a"].ipv4, 40001, lambda *a: None)
    try:
        assert sock.sendto(0x0A000002, 4789, flags + (vni << 8).to_bytes(4, "big") + payload) \
            is None
        world.settle()
    finally:
        sock.close()
    delivered = vx.stats.rx_packets - before[0]
    dropped = sum(b.drops.values()) - before[1]
    assert delivered + dropped >= 1                 # nothing vanishes unaccounted for


@functools.cache
def _fuzz_world() -> World:
    """One pair of vxlan namespaces for all the examples (a world per example is slow)."""
    return _pair()[2]
