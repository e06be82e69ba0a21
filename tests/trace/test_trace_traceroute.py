"""traceroute reports its probes to the trace; explain says where they stopped."""

from __future__ import annotations

import pytest
from tracelab import ROUTED, Traced

from vnet.trace import explain, journey, render
from vnet.trace import tracer as T

NO_ROUTE_BACK = ROUTED.replace("ip -n b route add default via 10.0.2.254\n", "")


@pytest.mark.parametrize("method", ["", "-I "])
def test_a_traceroute_that_arrives(traced: Traced, method: str) -> None:
    result, tracer = traced(ROUTED + f"ip netns exec a traceroute -n {method}-q 1 10.0.2.1\n")
    assert " 2  10.0.2.1 " in result.output
    (run,) = tracer.runs
    assert (run.app, run.reached, run.failed) == ("traceroute", True, False)
    answers = [(p.ttl, p.answer, p.answer_text) for p in run.probes.values()]
    assert answers[:2] == [(1, "hop", "time exceeded"),
                           (2, "reply", "echo reply" if method else "port unreachable")]
    assert len(answers) > 2     # 16 probes out at once; b's ICMP rate limit silences some
    assert explain.explain(tracer) == []
    journeys = journey.index_of(journey.build(tracer.records))
    first = journeys[run.probes[1].key]
    lines = [render.step(r, first, i) for i, r in enumerate(first.records)]
    assert lines[0][0] == "traceroute" and lines[0][1].startswith("sends probe 1: ")
    assert ("icmp_send", "sends ICMP time exceeded (TTL exceeded in transit) from "
                         "10.0.1.254 to 10.0.1.1") in lines
    assert lines[-1] == ("traceroute", "got an error for probe 1: From 10.0.1.254 time exceeded")
    assert T.ns_label(first.records[-1][T.NS]) == "a"


def test_a_traceroute_whose_answers_cannot_come_back(traced: Traced) -> None:
    _result, tracer = traced(NO_ROUTE_BACK +
                             "ip netns exec a traceroute -n -q 1 -w 1 -m 3 10.0.2.1\n")
    (paragraph,) = explain.explain(tracer)
    assert paragraph == (
        "line 19: `traceroute -n -q 1 -w 1 -m 3 10.0.2.1` in a: 10.0.2.1 was not reached. "
        "Hops answered for TTL 1 (10.0.1.254). Nothing answered the probes with TTL 2; the "
        "first of them: the UDP packet reached b on vb, which dropped it at icmp_send: the "
        "ICMP error about it cannot be sent: no route back to 10.0.1.1 [IP_OUTNOROUTES] (b: "
        "its only route is `10.0.2.0/24 dev vb proto kernel scope link src 10.0.2.1`).")


def test_a_traceroute_answered_with_an_error(traced: Traced) -> None:
    _result, tracer = traced(ROUTED + "ip netns exec a traceroute -n -q 1 10.0.7.1\n")
    (paragraph,) = explain.explain(tracer)
    assert "10.0.7.1 was not reached. Probe 1 (TTL 1) got !N from 10.0.1.254: the UDP " \
           "packet reached r on ra, which dropped it at ip_error: no route to 10.0.7.1 " \
           "[IP_INNOROUTES]" in paragraph


def test_a_traceroute_that_cannot_start(traced: Traced) -> None:
    script = "ip netns add x\nip netns exec x traceroute -n 10.0.7.1\n" \
             "ip netns exec x traceroute -n -i nosuch 127.0.0.1\n"
    _result, tracer = traced(script)
    assert explain.explain(tracer) == [
        "line 2: `traceroute -n 10.0.7.1` in x: nothing was sent (traceroute: connect: "
        "Network is unreachable). There is no route to 10.0.7.1 in x [IP_OUTNOROUTES]: it "
        "has no routes at all.",
        "line 3: `traceroute -n -i nosuch 127.0.0.1` in x: nothing was sent (traceroute: "
        "setsockopt SO_BINDTODEVICE: No such device)."]
