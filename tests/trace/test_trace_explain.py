"""`vnet explain`: for each failing ping, the right namespace, device and reason."""

from __future__ import annotations

import pytest
from tracelab import BRIDGED, ROUTED, Traced

from vnet.trace import explain

NO_ROUTE_BACK = ROUTED.replace("ip -n b route add default via 10.0.2.254\n", "")
NO_ROUTE = NO_ROUTE_BACK.replace("ip -n a route add default via 10.0.1.254\n", "")


def _paragraphs(traced: Traced, script: str) -> list[str]:
    _result, tracer = traced(script)
    return explain.explain(tracer)


def _one(traced: Traced, script: str) -> str:
    paragraphs = _paragraphs(traced, script)
    assert len(paragraphs) == 1, paragraphs
    return paragraphs[0]


def test_no_route_at_the_source(traced: Traced) -> None:
    text = _one(traced, NO_ROUTE + "ip netns exec a ping -c 1 10.0.2.1\n")
    assert text == (
        "line 18: `ping -c 1 10.0.2.1` in a: nothing was sent (ping: connect: Network is "
        "unreachable). There is no route to 10.0.2.1 in a [IP_OUTNOROUTES]: its only route "
        "is `10.0.1.0/24 dev va proto kernel scope link src 10.0.1.1`.")


def test_forwarding_off(traced: Traced) -> None:
    script = ROUTED + "ip netns exec r sysctl -q -w net.ipv4.ip_forward=0\n" \
                      "ip netns exec a ping -c 2 -i 0.2 -W 1 10.0.2.1\n"
    text = _one(traced, script)
    assert "2 probes sent, none answered. Every probe: the echo request reached r on ra, " \
           "which dropped it at ip_error: it is not for this host and forwarding is " \
           "disabled (net.ipv4.ip_forward=0) [IP_INADDRERRORS]." in text


def test_forwarding_off_on_the_input_device_only(traced: Traced) -> None:
    script = ROUTED + "ip netns exec r sysctl -q -w net.ipv4.conf.ra.forwarding=0\n" \
                      "ip netns exec a ping -c 1 -W 1 10.0.2.1\n"
    assert "forwarding is disabled (net.ipv4.conf.ra.forwarding=0) [IP_INADDRERRORS]" in \
        _one(traced, script)


def test_ttl_expired(traced: Traced) -> None:
    text = _one(traced, ROUTED + "ip netns exec a ping -c 1 -t 1 10.0.2.1\n")
    assert "the echo request reached r on ra, which dropped it at ip_forward: TTL expired " \
           "(it arrived with TTL 1) [IP_INHDR]; r sent ICMP time exceeded (TTL exceeded in " \
           "transit) from 10.0.1.254 to 10.0.1.1; ping showed \"Time to live exceeded\" " \
           "from 10.0.1.254." in text


def test_no_arp_answer_on_the_senders_link(traced: Traced) -> None:
    text = _one(traced, ROUTED + "ip netns exec a ping -c 1 10.0.1.9\n")
    assert "Its probe: a asked who-has 10.0.1.9 on va 3 times and got no answer " \
           "[NEIGH_FAILED]: the requests reached only r (ra), which does not have " \
           "10.0.1.9; nobody on that link has it" in text


def test_no_arp_answer_behind_a_router(traced: Traced) -> None:
    text = _one(traced, ROUTED + "ip netns exec a ping -c 1 10.0.2.9\n")
    assert "r asked who-has 10.0.2.9 on rb 3 times and got no answer [NEIGH_FAILED]: " \
           "the requests reached only b (vb)" in text
    assert "r sent ICMP destination unreachable (host unreachable) from 10.0.1.254 to " \
           "10.0.1.1; ping showed \"Destination Host Unreachable\" from 10.0.1.254" in text


def test_route_back_missing(traced: Traced) -> None:
    text = _one(traced, NO_ROUTE_BACK + "ip netns exec a ping -c 2 -i 0.2 -W 1 10.0.2.1\n")
    assert text == (
        "line 19: `ping -c 2 -i 0.2 -W 1 10.0.2.1` in a: 2 probes sent, none answered. "
        "Every probe: the echo request reached b, which answered it, but b has no route back "
        "to 10.0.1.1: the echo reply was dropped in b at ip_route_output [IP_OUTNOROUTES] "
        "(ENETUNREACH); its only route is `10.0.2.0/24 dev vb proto kernel scope link src "
        "10.0.2.1`.")


def test_no_route_at_a_router(traced: Traced) -> None:
    text = _one(traced, ROUTED + "ip netns exec a ping -c 1 10.0.3.1\n")
    assert "the echo request reached r on ra, which dropped it at ip_error: no route to " \
           "10.0.3.1 [IP_INNOROUTES] (r: its routes are `10.0.1.0/24 dev ra" in text
    assert "ping showed \"Destination Net Unreachable\" from 10.0.1.254" in text


def test_peer_down(traced: Traced) -> None:
    script = ROUTED + "ip -n r link set ra down\nip netns exec a ping -c 1 10.0.1.254\n"
    text = _one(traced, script)
    assert "a asked who-has 10.0.1.254 on va 3 times and got no answer [NEIGH_FAILED]: the " \
           "requests were dropped: the other end of va, ra in r, is down [DEV_READY]" in text


def test_still_waiting_for_arp(traced: Traced) -> None:
    text = _one(traced, ROUTED + "ip netns exec a ping -c 1 -W 1 10.0.1.9\n")
    assert "it was still waiting in a for ARP to resolve 10.0.1.9 on va when ping gave up" \
        in text


@pytest.mark.parametrize("kind, errno_text", [("unreachable", "No route to host"),
                                               ("prohibit", "Permission denied")])
def test_connect_refused_by_a_route_type(traced: Traced, kind: str, errno_text: str) -> None:
    script = ROUTED + f"ip -n a route add {kind} 10.0.9.0/24\n" \
                      "ip netns exec a ping -c 1 10.0.9.1\n"
    paragraphs = _paragraphs(traced, script)
    if kind == "prohibit":   # ping answers EACCES with its broadcast hint, no connect error
        assert paragraphs == []
        return
    assert paragraphs == [
        f"line 21: `ping -c 1 10.0.9.1` in a: nothing was sent (ping: connect: {errno_text})."
        f" The route to 10.0.9.1 in a is `{kind} 10.0.9.0/24`, of type {kind}."]


def test_succeeding_pings_are_not_explained(traced: Traced) -> None:
    _result, tracer = traced(ROUTED + "ip netns exec a ping -c 2 -i 0.2 10.0.2.1\n")
    assert explain.explain(tracer) == []
    assert explain.render(tracer) == \
        "=== vnet explain: 1 run of ping/traceroute, none failed ===\n"


def test_probes_with_different_fates(traced: Traced) -> None:
    """Probes 1-3 wait for the ARP resolution that fails at 3 s; probe 4 starts a new one
    that ping (-W 1) does not wait for: one paragraph, a sentence per fate."""
    text = _one(traced, ROUTED + "ip netns exec a ping -c 4 -i 1 -W 1 10.0.1.9\n")
    assert "4 probes sent, none answered. Probes 1-3: a asked who-has 10.0.1.9 on va 3 times" \
        in text
    assert text.endswith("Probe 4: it was still waiting in a for ARP to resolve 10.0.1.9 on "
                         "va when ping gave up.")


def test_no_arp_answer_on_a_bridge(traced: Traced) -> None:
    """Every host on the bridge heard the requests (the bridge device too): none has it."""
    text = _one(traced, BRIDGED + "ip netns exec h1 ping -c 1 192.168.7.9\n")
    assert "h1 asked who-has 192.168.7.9 on eth0 3 times and got no answer [NEIGH_FAILED]: " \
           "the requests reached the host (br0), h3 (eth0), h2 (eth0), none of which has " \
           "192.168.7.9; nobody on that link has it" in text


def test_arp_ignore(traced: Traced) -> None:
    """b has the address on lo only and arp_ignore=1: it hears the request, keeps silent."""
    script = ROUTED + "ip -n b addr add 10.0.2.7/32 dev lo\n" \
                      "ip netns exec b sysctl -q -w net.ipv4.conf.all.arp_ignore=1\n" \
                      "ip -n r route add 10.0.2.7/32 dev rb\n" \
                      "ip netns exec a ping -c 1 10.0.2.7\n"
    assert "r asked who-has 10.0.2.7 on rb 3 times and got no answer [NEIGH_FAILED]: b (vb) " \
           "has 10.0.2.7 but does not answer for it on that device (arp_ignore)" in \
        _one(traced, script)


def test_netfilter_drops_name_table_chain_and_rule(traced: Traced) -> None:
    """Issue 4: explain names the table, chain and rule (or policy) that dropped a probe."""
    rules = ("ip netns exec r iptables -A FORWARD -d 10.0.2.1 -p icmp -j DROP\n"
             "ip netns exec a ping -c 1 -W 1 10.0.2.1\n"
             "ip netns exec r iptables -F FORWARD\n"
             "ip netns exec r iptables -P INPUT DROP\n"
             "ip netns exec a ping -c 1 -W 1 10.0.1.254\n")
    first, second = _paragraphs(traced, ROUTED + rules)
    assert "reached r on ra, which dropped it" in first
    assert "(filter/FORWARD rule 1) [NETFILTER_DROP]" in first
    assert "(filter/INPUT policy) [NETFILTER_DROP]" in second
