"""br_handle_frame / br_forward in a three-port bridge: learning, forwarding, flooding,
the IEEE 802.1D reserved group addresses, hairpin, isolation, flood flags, MTU."""

from __future__ import annotations

from bridgelab import Lab, frame, mac

from vnet.link.bridge.port import BR_STATE_FORWARDING

BCAST = b"\xff" * 6


def test_ports_forward_and_the_bridge_has_carrier(lab: Lab) -> None:
    assert all(p.state == BR_STATE_FORWARDING for p in lab.br.port_list)
    assert lab.br.carrier and lab.br.operstate == "UP"


def test_unknown_unicast_floods_then_known_goes_to_one_port(lab: Lab) -> None:
    lab.inject("p1", frame(mac(2), mac(1)))
    assert [len(lab.out_of(p)) for p in ("p1", "p2", "p3")] == [0, 1, 1]
    assert lab.br.fdb.get(mac(1)).port.dev.name == "p1"
    lab.clear()
    lab.inject("p2", frame(mac(1), mac(2)))          # h2 answers: h1 is known
    assert [len(lab.out_of(p)) for p in ("p1", "p2", "p3")] == [1, 0, 0]
    lab.clear()
    lab.inject("p1", frame(mac(2), mac(1)))
    assert [len(lab.out_of(p)) for p in ("p1", "p2", "p3")] == [0, 1, 0]


def test_a_station_that_moves_is_learned_on_its_new_port(lab: Lab) -> None:
    lab.inject("p1", frame(BCAST, mac(1)))
    lab.inject("p3", frame(BCAST, mac(1)))
    assert lab.br.fdb.get(mac(1)).port.dev.name == "p3"


def test_destination_on_the_ingress_port_is_dropped_unless_hairpin(lab: Lab) -> None:
    lab.inject("p1", frame(BCAST, mac(1)))
    lab.inject("p1", frame(BCAST, mac(9)))          # mac 9 lives behind p1 too
    lab.clear()
    lab.inject("p1", frame(mac(9), mac(1)))
    assert not any(lab.sent.values())
    lab.br.ports[lab.ports["p1"]].hairpin = True
    lab.inject("p1", frame(mac(9), mac(1)))
    assert len(lab.out_of("p1")) == 1


def test_broadcast_floods_and_goes_up_the_bridge(lab: Lab) -> None:
    rx = lab.br.stats.rx_packets
    lab.inject("p2", frame(BCAST, mac(2), size=100))
    assert [len(lab.out_of(p)) for p in ("p1", "p2", "p3")] == [1, 0, 1]
    assert lab.br.stats.rx_packets == rx + 1
    assert lab.br.stats.multicast == 0             # broadcast is not counted as multicast


def test_multicast_is_counted_on_the_bridge_and_bytes_exclude_the_header(lab: Lab) -> None:
    before = lab.br.stats.rx_bytes
    lab.inject("p2", frame(b"\x01\x00\x5e\x00\x00\x05", mac(2), size=100))
    assert lab.br.stats.multicast == 1
    assert lab.br.stats.rx_bytes == before + 100 - 14


def test_frames_for_a_port_mac_go_up_the_bridge(lab: Lab) -> None:
    rx = lab.br.stats.rx_packets
    lab.inject("p1", frame(lab.ports["p3"].mac, mac(1)))
    assert not any(lab.sent.values())
    assert lab.br.stats.rx_packets == rx + 1


def test_invalid_source_is_dropped(lab: Lab) -> None:
    lab.inject("p1", frame(BCAST, b"\x01\x00\x00\x00\x00\x01"))
    lab.inject("p1", frame(BCAST, bytes(6)))
    assert not any(lab.sent.values())
    assert len(lab.br.fdb) == 3                      # the three local entries only


def test_stp_group_address_is_forwarded_while_stp_is_off(lab: Lab) -> None:
    lab.inject("p1", frame(b"\x01\x80\xc2\x00\x00\x00", mac(1), ethertype=0x0026))
    assert [len(lab.out_of(p)) for p in ("p2", "p3")] == [1, 1]


def test_stp_group_address_is_consumed_while_stp_is_on(lab: Lab) -> None:
    lab.br.set_stp(True)
    lab.clear()
    lab.inject("p1", frame(b"\x01\x80\xc2\x00\x00\x00", mac(1), ethertype=0x0026))
    assert not any(lab.sent.values())


def test_mac_control_is_dropped_and_other_reserved_groups_stay_local(lab: Lab) -> None:
    lab.inject("p1", frame(b"\x01\x80\xc2\x00\x00\x01", mac(1), ethertype=0x8808))
    assert lab.br.fdb.get(mac(1)) is None          # dropped before learning
    p1_rx_dropped = lab.ports["p1"].stats.rx_dropped
    lab.inject("p1", frame(b"\x01\x80\xc2\x00\x00\x0e", mac(1), ethertype=0x88CC))
    assert not any(lab.sent.values())               # LLDP is not forwarded...
    assert lab.br.fdb.get(mac(1)) is not None       # ...but its source is learned
    # it went up p1's own stack (no LLDP handler there: counted as dropped on p1)
    assert lab.ports["p1"].stats.rx_dropped == p1_rx_dropped + 1


def test_group_fwd_mask_forwards_a_reserved_group(lab: Lab) -> None:
    lab.br.group_fwd_mask = 1 << 0x0E
    lab.inject("p1", frame(b"\x01\x80\xc2\x00\x00\x0e", mac(1), ethertype=0x88CC))
    assert [len(lab.out_of(p)) for p in ("p2", "p3")] == [1, 1]


def test_isolated_ports_do_not_talk_to_each_other(lab: Lab) -> None:
    for name in ("p1", "p2"):
        lab.br.ports[lab.ports[name]].isolated = True
    lab.inject("p1", frame(BCAST, mac(1)))
    assert [len(lab.out_of(p)) for p in ("p2", "p3")] == [0, 1]


def test_flood_flags(lab: Lab) -> None:
    p3 = lab.br.ports[lab.ports["p3"]]
    p3.flood = False
    lab.inject("p1", frame(mac(7), mac(1)))         # unknown unicast
    assert [len(lab.out_of(p)) for p in ("p2", "p3")] == [1, 0]
    p3.bcast_flood = False
    lab.clear()
    lab.inject("p1", frame(BCAST, mac(1)))
    assert len(lab.out_of("p3")) == 0
    lab.clear()
    lab.br.xmit(frame(BCAST, lab.br.mac))           # the bridge's own broadcasts still go
    assert len(lab.out_of("p3")) == 1


def test_frames_larger_than_the_egress_mtu_are_dropped(lab: Lab) -> None:
    lab.ports["p3"].set_mtu(1000)
    lab.ports["p2"].set_mtu(1000)
    lab.ports["p1"].set_mtu(1000)
    lab.ports["p3"].mtu = 500                        # only p3's own limit, not the bridge's
    lab.inject("p1", frame(BCAST, mac(1), size=800))
    assert [len(lab.out_of(p)) for p in ("p2", "p3")] == [1, 0]


def test_the_bridge_sends_to_known_ports_and_floods_the_rest(lab: Lab) -> None:
    lab.inject("p2", frame(BCAST, mac(2)))
    lab.clear()
    lab.br.xmit(frame(mac(2), lab.br.mac))
    assert [len(lab.out_of(p)) for p in ("p1", "p2", "p3")] == [0, 1, 0]
    lab.clear()
    lab.br.xmit(frame(lab.ports["p3"].mac, lab.br.mac))   # a port's own MAC: out of it
    assert [len(lab.out_of(p)) for p in ("p1", "p2", "p3")] == [0, 0, 1]
    lab.br.set_mac(mac(0xAA))                             # a port-less local entry
    lab.clear()
    lab.br.xmit(frame(mac(0xAA), mac(0xAA)))              # the bridge itself: nowhere
    assert not any(lab.sent.values())


def test_a_down_bridge_forwards_nothing(lab: Lab) -> None:
    lab.br.set_down()
    lab.inject("p1", frame(BCAST, mac(1)))
    assert not any(lab.sent.values())
    assert all(p.state == 0 for p in lab.br.port_list)
