"""Rule matching and chain traversal on hand-made packets."""

from __future__ import annotations

from vnet.netfilter.hooks import traverse
from vnet.netfilter.matches import packet_info, rule_matches
from vnet.netfilter.tables import Chain, Match, Netfilter, Rule, Table
from vnet.sim import new_world
from vnet.wire import ipv4 as ipwire
from vnet.wire import udp as udpwire

SRC = 0x0A000002
DST = 0xC0A80164


def udp_packet(sport: int = 5000, dport: int = 53) -> bytes:
    payload = udpwire.UdpDatagram(sport, dport, b"x").emit(SRC, DST)
    return ipwire.build(SRC, DST, 17, payload)


def icmp_packet(itype: int, code: int) -> bytes:
    return ipwire.build(SRC, DST, 1, bytes((itype, code, 0, 0, 0, 1, 0, 1)))


def test_addresses_interfaces_protocol_with_negation() -> None:
    info = packet_info(udp_packet(), "eth0", "", 0)
    assert rule_matches(Rule(src=(0x0A000000, 0xFF000000)), info)
    assert not rule_matches(Rule(src=(0x0A000000, 0xFF000000), src_inv=True), info)
    assert rule_matches(Rule(iface_in="eth+"), info)
    assert not rule_matches(Rule(iface_in="eth1"), info)
    assert rule_matches(Rule(iface_in="eth1", in_inv=True), info)
    assert rule_matches(Rule(proto=17), info)
    assert not rule_matches(Rule(proto=17, proto_inv=True), info)


def test_ports_and_ranges() -> None:
    info = packet_info(udp_packet(5000, 53), "", "", 0)
    assert rule_matches(Rule(proto=17, matches=[Match("udp", dport=(53, 53))]), info)
    assert not rule_matches(Rule(proto=17, matches=[Match("udp", dport=(53, 53),
                                                          dport_inv=True)]), info)
    assert rule_matches(Rule(proto=17, matches=[Match("udp", sport=(1024, 65535))]), info)


def test_icmp_type_and_code() -> None:
    info = packet_info(icmp_packet(3, 1), "", "", 0)
    assert rule_matches(Rule(proto=1, matches=[Match("icmp", icmp=(3, 0, 0xFF))]), info)
    assert rule_matches(Rule(proto=1, matches=[Match("icmp", icmp=(3, 1, 1))]), info)
    assert not rule_matches(Rule(proto=1, matches=[Match("icmp", icmp=(3, 3, 3))]), info)
    assert rule_matches(Rule(proto=1, matches=[Match("icmp", icmp=(0xFF, 0, 0xFF))]), info)


def test_ctstate() -> None:
    from vnet.netfilter.conntrack import ESTABLISHED, NEW, RELATED

    info = packet_info(udp_packet(), "", "", NEW)
    assert rule_matches(Rule(matches=[Match("conntrack", states=NEW | RELATED)]), info)
    assert not rule_matches(Rule(matches=[Match("state", states=ESTABLISHED)]), info)
    assert rule_matches(Rule(matches=[Match("state", states=ESTABLISHED, states_inv=True)]),
                        info)


def _nf() -> tuple[Netfilter, Table]:
    world = new_world(seed=1)
    nf = Netfilter(world.init_ns.ipv4)
    table = nf.table("filter")
    assert table is not None
    return nf, table


def test_traversal_jump_return_goto_and_counters() -> None:
    nf, table = _nf()
    table.chains["A"] = Chain("A", False, rules=[Rule(src=(SRC, 0xFFFFFFFF), target="RETURN"),
                                                 Rule(target="DROP")])
    table.chains["B"] = Chain("B", False, rules=[Rule(target="DROP")])
    fwd = table.chains["FORWARD"]
    fwd.rules = [Rule(target="A"), Rule(proto=17, target="B", goto=True),
                 Rule(target="ACCEPT")]
    info = packet_info(udp_packet(), "", "", 0)
    verdict = traverse(nf, table, "FORWARD", info)
    assert verdict is not None
    rule, where = verdict
    assert rule is table.chains["B"].rules[0]
    assert where == "filter/B rule 1"
    assert [r.pkts for r in fwd.rules] == [1, 1, 0]
    assert fwd.rules[0].bytes == len(udp_packet())


def test_policy_drop_counts() -> None:
    nf, table = _nf()
    table.chains["INPUT"].policy = "DROP"
    table.chains["INPUT"].counters = True
    verdict = traverse(nf, table, "INPUT", packet_info(udp_packet(), "", "", 0))
    assert verdict == (None, "filter/INPUT policy")
    assert table.chains["INPUT"].pkts == 1
