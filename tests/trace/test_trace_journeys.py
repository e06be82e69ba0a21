"""The journey of a ping across a bridge and across a router: the right steps, in order."""

from __future__ import annotations

from tracelab import BRIDGED, ROUTED, Traced

from vnet.trace import journey, render
from vnet.trace import tracer as T


def _lines(j: journey.Journey) -> list[tuple[str, str, str, str]]:
    """(namespace, device, stage, words) of each step."""
    out = []
    for pos, rec in enumerate(j.records):
        stage, text = render.step(rec, j, pos)
        out.append((T.ns_label(rec[T.NS]), rec[T.DEV] or "-", stage, text))
    return out


def _in_order(lines: list[tuple[str, str, str, str]],
              expected: list[tuple[str, str, str, str]]) -> None:
    """Each expected (ns, dev, stage, words fragment) appears, in this order."""
    at = 0
    for want in expected:
        while at < len(lines):
            ns, dev, stage, text = lines[at]
            at += 1
            if (ns, dev, stage) == want[:3] and want[3] in text:
                break
        else:
            raise AssertionError(f"missing {want} after step {at}:\n" +
                                 "\n".join(map(str, lines)))


def _echo(tracer: T.Tracer, seq: int = 1) -> journey.Journey:
    journeys = journey.build(tracer.records)
    run = tracer.runs[-1]
    found = journey.find_echo(journeys, run.dst, run.ident, seq)
    assert found is not None
    return found


def test_ping_across_a_bridge(traced: Traced) -> None:
    result, tracer = traced(BRIDGED + "ip netns exec h1 ping -c 1 192.168.7.3\n")
    assert "1 received" in result.output
    lines = _lines(_echo(tracer))
    _in_order(lines, [
        ("h1", "-", "ping", "sends echo request icmp_seq=1"),
        ("h1", "eth0", "ip_route_output", "to 192.168.7.3 dev eth0 src 192.168.7.1"),
        ("h1", "eth0", "neigh_resolve_output", "192.168.7.3 is unknown: packet queued"),
        ("h1", "eth0", "arp_solicit", "ARP request (broadcast) for 192.168.7.3"),
        ("h1", "eth0", "dev_queue_xmit", "ARP who-has 192.168.7.3 tell 192.168.7.1"),
        ("(host)", "p1", "netif_receive_skb", "ARP who-has 192.168.7.3"),
        ("(host)", "br0", "br_fdb_update", "is behind port p1"),
        ("(host)", "br0", "br_flood", "broadcast"),
        ("(host)", "p3", "dev_queue_xmit", "ARP who-has"),
        ("h3", "eth0", "netif_receive_skb", "ARP who-has 192.168.7.3"),
        ("h3", "eth0", "dev_queue_xmit", "ARP reply 192.168.7.3 is-at"),
        ("(host)", "br0", "br_forward", "is behind port p1: forwarded there"),
        ("h1", "eth0", "neigh_update", "INCOMPLETE -> REACHABLE"),
        ("h1", "eth0", "dev_queue_xmit", "ICMP echo request 192.168.7.1 > 192.168.7.3"),
        ("(host)", "br0", "br_forward", "is behind port p3"),
        ("h3", "eth0", "ip_route_input", "192.168.7.3 is an address of this host"),
        ("h3", "eth0", "ip_local_deliver", "ICMP"),
        ("h3", "-", "icmp_echo", "answers with an echo reply"),
        ("h3", "eth0", "dev_queue_xmit", "ICMP echo reply 192.168.7.3 > 192.168.7.1"),
        ("(host)", "br0", "br_forward", "is behind port p1"),
        ("h1", "eth0", "ip_local_deliver", "ICMP"),
        ("h1", "-", "ping", "got its answer for probe 1: echo reply from 192.168.7.3"),
    ])
    # the ARP exchange is part of this journey, not one of its own
    assert not [j for j in journey.build(tracer.records) if j.key and j.key[0] == "arp"]


def test_ping_across_a_router(traced: Traced) -> None:
    result, tracer = traced(ROUTED + "ip netns exec a ping -c 1 10.0.2.1\n")
    assert "ttl=63" in result.output
    lines = _lines(_echo(tracer))
    _in_order(lines, [
        ("a", "-", "ping", "sends echo request"),
        ("a", "va", "ip_route_output", "to 10.0.2.1 via 10.0.1.254 dev va src 10.0.1.1 "
                                       "(route `default via 10.0.1.254 dev va` in table main)"),
        ("a", "va", "dev_queue_xmit", "ICMP echo request 10.0.1.1 > 10.0.2.1"),
        ("r", "ra", "netif_receive_skb", "ttl 64"),
        ("r", "ra", "ip_route_input", "10.0.2.1 is not local: route `10.0.2.0/24 dev rb "
                                      "proto kernel scope link src 10.0.2.254` in table main"),
        ("r", "ra", "ip_forward", "out of rb to next hop 10.0.2.1, TTL 64 -> 63"),
        ("r", "rb", "arp_solicit", "for 10.0.2.1"),
        ("b", "vb", "dev_queue_xmit", "ARP reply 10.0.2.1 is-at"),
        ("r", "rb", "neigh_update", "10.0.2.1: INCOMPLETE -> REACHABLE"),
        ("r", "rb", "dev_queue_xmit", "ICMP echo request 10.0.1.1 > 10.0.2.1 id"),
        ("b", "vb", "netif_receive_skb", "ttl 63"),
        ("b", "-", "icmp_echo", "answers"),
        ("r", "rb", "ip_forward", "out of ra to next hop 10.0.1.1, TTL 64 -> 63"),
        ("a", "-", "ping", "got its answer"),
    ])
    forward = next(text for ns, dev, stage, text in lines if stage == "ip_forward")
    # the MAC header is rewritten at the hop, the addresses stay
    macs = {d.name: d.mac for n in ("a", "r", "b") for d in _ns(tracer, n).devices()}
    from vnet.wire.mac import mac_to_str
    assert f"Ethernet header rewritten: {mac_to_str(macs['va'])} > {mac_to_str(macs['ra'])} " \
           f"becomes {mac_to_str(macs['rb'])} > {mac_to_str(macs['vb'])}" in forward


def _ns(tracer: T.Tracer, name: str):  # type: ignore[no-untyped-def]
    return tracer.world.named[name]


def test_every_record_lands_in_a_journey_in_time_order(traced: Traced) -> None:
    _result, tracer = traced(ROUTED + "ip netns exec a ping -c 2 -i 0.3 10.0.2.1\n")
    journeys = journey.build(tracer.records)
    assert sum(len(j.records) for j in journeys) == len(tracer.records)
    for j in journeys:
        times = [r[T.T] for r in j.records]
        assert times == sorted(times)
    titles = [render.render_journey(j, tracer.commands).splitlines()[0] for j in journeys]
    assert any("seq 1" in t and "line 20: ping -c 2 -i 0.3 10.0.2.1" in t for t in titles)
    assert any("seq 2" in t for t in titles)


def test_a_drop_without_its_packet_joins_the_frame_being_received(traced: Traced) -> None:
    """icmp_echo_ignore_all drops inside the receive of the request: same journey."""
    script = ROUTED + ("ip netns exec b sysctl -q -w net.ipv4.icmp_echo_ignore_all=1\n"
                       "ip netns exec a ping -c 1 -W 1 10.0.2.1\n")
    _result, tracer = traced(script)
    lines = _lines(_echo(tracer))
    _in_order(lines, [
        ("b", "vb", "ip_local_deliver", "ICMP"),
        ("b", "vb", "icmp_echo", "DROPS the echo request: echo requests are ignored "
                                 "(net.ipv4.icmp_echo_ignore_all=1) [ICMP_ECHO_IGNORED]"),
    ])


def test_fragments_join_their_datagram(traced: Traced) -> None:
    _result, tracer = traced(ROUTED + "ip netns exec a ping -c 1 -s 3000 10.0.2.1\n")
    lines = _lines(_echo(tracer))
    _in_order(lines, [
        ("a", "va", "ip_fragment", "3028 bytes exceed MTU 1500: split into 3 fragments"),
        ("a", "va", "dev_queue_xmit", "fragment id"),
        ("r", "ra", "netif_receive_skb", "offset 2960"),
        ("b", "vb", "ip_defrag", "fragment at offset 0 (1480 bytes) queued for reassembly"),
        ("b", "vb", "ip_defrag", "fragment at offset 2960 (48 bytes) completes the datagram: "
                                 "3028 bytes reassembled"),
        ("b", "-", "icmp_echo", "answers"),
        ("b", "vb", "ip_fragment", "split into 3 fragments"),
        ("a", "-", "ping", "got its answer"),
    ])
    assert not [j for j in journey.build(tracer.records) if j.key and j.key[0] == "frag"]


def test_nat_keeps_the_journey(traced: Traced) -> None:
    """Masquerade on r: b answers 10.0.2.254, and the reply is still the same journey."""
    script = ROUTED.replace("ip -n b route add default via 10.0.2.254\n", "") + \
        "ip netns exec r iptables -t nat -A POSTROUTING -o rb -j MASQUERADE\n" \
        "ip netns exec a ping -c 1 10.0.2.1\n"
    result, tracer = traced(script)
    assert "1 received" in result.output
    journeys = journey.build(tracer.records)
    assert len(journeys) == 1
    lines = _lines(journeys[0])
    run = tracer.runs[-1]
    _in_order(lines, [
        ("r", "rb", "nf_nat_manip_pkt", f"POSTROUTING: NAT rewrites source 10.0.1.1 id "
                                        f"{run.ident} -> 10.0.2.254 id"),
        ("b", "vb", "dev_queue_xmit", "ICMP echo reply 10.0.2.1 > 10.0.2.254"),
        ("r", "rb", "nf_nat_manip_pkt", "PREROUTING: NAT rewrites destination 10.0.2.254 id"),
        ("a", "-", "ping", "got its answer"),
    ])
