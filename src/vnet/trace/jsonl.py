"""The trace as JSON lines, for tools: one object per step, then one per program run.

Every step line has the same fields (null when they do not apply):

    {"type": "step", "step": 12, "t_ns": 1000000000, "time": "1.000000",
     "journey": 3, "flow": "ICMP echo 10.0.1.1 <-> 10.0.2.1 id 4660 seq 1",
     "ns": "a", "dev": "va", "stage": "ip_route_output", "event": "route_out",
     "text": "to 10.0.2.1 via 10.0.1.254 dev va src 10.0.1.1 (...)",
     "packet": "ICMP echo request 10.0.1.1 > 10.0.2.1 id 4660 seq 1 ttl 64",
     "src_mac": null, "dst_mac": null, "reason": null, "line": 25,
     "command": "ping -c 1 10.0.2.1"}

`event` is the record kind (vnet.trace.tracer), `stage` the kernel function it is named
after, `reason` the SKB_DROP_REASON name of a drop. Run lines (`"type": "run"`) give
each ping/traceroute: namespace, destination, exit status, the probes and their
answers, and for a failing run the paragraph `vnet explain` prints. Lines are in the
order the steps happened; `step` numbers them from 0.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from vnet.trace import explain as explain_mod
from vnet.trace import journey as journey_mod
from vnet.trace import tracer as T
from vnet.trace.flow import describe, describe_key
from vnet.trace.render import fmt_time, step
from vnet.wire.ipaddr import ip_to_str
from vnet.wire.mac import mac_to_str


def _macs(rec: tuple) -> tuple[str | None, str | None]:
    data = rec[T.DATA]
    if rec[T.OFF] == 14 and isinstance(data, (bytes, bytearray)) and len(data) >= 14:
        return mac_to_str(data[6:12]), mac_to_str(data[0:6])
    return None, None


def lines(tracer: T.Tracer) -> Iterator[str]:
    records = list(tracer.records)
    journeys = journey_mod.build(records)
    placed: dict[int, tuple[journey_mod.Journey, int]] = {}
    for j in journeys:
        for pos, number in enumerate(j.numbers):
            placed[number] = (j, pos)
    commands = tracer.commands
    for number, rec in enumerate(records):
        j, pos = placed[number]
        stage, text = step(rec, j, pos)
        src_mac, dst_mac = _macs(rec)
        cmd = commands[rec[T.CMD]] if rec[T.CMD] < len(commands) else None
        obj: dict[str, Any] = {
            "type": "step", "step": number, "t_ns": rec[T.T], "time": fmt_time(rec[T.T]),
            "journey": j.index, "flow": describe_key(j.key),
            "ns": T.ns_label(rec[T.NS]), "dev": rec[T.DEV],
            "stage": stage, "event": rec[T.KIND], "text": text,
            "packet": describe(rec[T.DATA], rec[T.OFF], with_mac=False) or None,
            "src_mac": src_mac, "dst_mac": dst_mac,
            "reason": rec[T.INFO][0] if rec[T.KIND] == T.DROP else None,
            "line": cmd.line if cmd is not None and cmd.line else None,
            "command": cmd.text if cmd is not None and cmd.text else None,
        }
        yield json.dumps(obj, sort_keys=False)
    for run in tracer.runs:
        probes = [{"seq": p.seq, "t_ns": p.sent, "ttl": p.ttl, "errno": p.errno,
                   "answer": p.answer, "answer_from": ip_to_str(p.answer_from)
                   if p.answer_from is not None else None, "answer_text": p.answer_text or None}
                  for p in sorted(run.probes.values(), key=lambda p: p.seq)]
        explanation = explain_mod.explain_run(run, journeys, records) if run.failed else None
        yield json.dumps({
            "type": "run", "app": run.app, "ns": run.ns.label, "dst": ip_to_str(run.dst),
            "line": run.command.line or None, "command": run.command.text or None,
            "status": run.status, "failed": run.failed, "connect_error": run.connect_error,
            "transmitted": run.transmitted, "received": run.received, "errors": run.errors,
            "probes": probes, "explain": explanation,
        })


def write(tracer: T.Tracer, stream: Any) -> int:
    """Write every line to a text stream; returns how many were written."""
    count = 0
    for line in lines(tracer):
        stream.write(line + "\n")
        count += 1
    return count
