"""JSON lines: every line parses and carries the documented fields."""

from __future__ import annotations

import io
import json

from tracelab import ROUTED, Traced

from vnet.trace import journey, jsonl

STEP_FIELDS = {"type", "step", "t_ns", "time", "journey", "flow", "ns", "dev", "stage",
               "event", "text", "packet", "src_mac", "dst_mac", "reason", "line", "command"}


def test_lines_parse_and_carry_the_fields(traced: Traced) -> None:
    script = ROUTED + "ip netns exec a ping -c 1 10.0.2.1\n" \
                      "ip netns exec a ping -c 1 -t 1 10.0.2.1\n"
    _result, tracer = traced(script)
    stream = io.StringIO()
    count = jsonl.write(tracer, stream)
    objs = [json.loads(line) for line in stream.getvalue().splitlines()]
    assert len(objs) == count == len(tracer.records) + len(tracer.runs)
    steps = [o for o in objs if o["type"] == "step"]
    runs = [o for o in objs if o["type"] == "run"]
    assert all(set(o) == STEP_FIELDS for o in steps)
    assert [o["step"] for o in steps] == list(range(len(steps)))
    assert [o["t_ns"] for o in steps] == sorted(o["t_ns"] for o in steps)
    journeys = journey.build(tracer.records)
    assert {o["journey"] for o in steps} == {j.index for j in journeys}
    drop = next(o for o in steps if o["event"] == "drop")
    assert (drop["ns"], drop["dev"], drop["stage"], drop["reason"]) == \
        ("r", "ra", "ip_forward", "IP_INHDR")
    assert drop["packet"].startswith("ICMP echo request 10.0.1.1 > 10.0.2.1")
    assert drop["line"] == 21 and drop["command"] == "ping -c 1 -t 1 10.0.2.1"
    rx = next(o for o in steps if o["event"] == "rx")
    assert rx["stage"] == "netif_receive_skb" and len(rx["src_mac"]) == 17
    assert [(r["app"], r["ns"], r["dst"], r["status"], r["failed"]) for r in runs] == \
        [("ping", "a", "10.0.2.1", 0, False), ("ping", "a", "10.0.2.1", 1, True)]
    assert runs[0]["explain"] is None
    assert "TTL expired" in runs[1]["explain"]
    assert runs[1]["probes"] == [{"seq": 1, "t_ns": runs[1]["probes"][0]["t_ns"], "ttl": 1,
                                  "errno": None, "answer": "error",
                                  "answer_from": "10.0.1.254",
                                  "answer_text": "Time to live exceeded"}]
