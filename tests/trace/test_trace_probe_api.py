"""The probe API a traceroute reports through (app_start/app_probe/app_answer/app_done),
driven here by a minimal UDP traceroute, and what explain makes of such runs."""

from __future__ import annotations

from tracelab import ROUTED

from vnet.backend.sim import run_text
from vnet.core.world import World
from vnet.sim import new_world
from vnet.trace import explain, journey
from vnet.trace.flow import udp_key
from vnet.trace.tracer import Tracer
from vnet.transport.raw import RawSocket
from vnet.transport.udp import UdpSocket
from vnet.wire import icmp
from vnet.wire import ipv4 as ipwire
from vnet.wire.ipaddr import ip_from_str

SPORT = 40000
BASE = 33434


class MiniTraceroute:
    """One UDP probe per TTL; ICMP errors read from a raw socket, as traceroute does."""

    def __init__(self, world: World, ns_name: str, dst: str, max_ttl: int) -> None:
        self.world = world
        self.stack = world.named[ns_name].ipv4
        self.dst = ip_from_str(dst)
        self.src = self.stack.select_source(None, self.dst)
        self.max_ttl = max_ttl
        self.reached = False
        self.udp = UdpSocket(self.stack, SPORT, lambda ip, dgram, dev: None)
        self.raw = RawSocket(self.stack, 1, self._on_icmp)

    def run(self) -> None:
        tracer = self.world.tracer
        tracer.app_start(self, "traceroute", self.stack.ns, self.dst, self.src)
        for ttl in range(1, self.max_ttl + 1):
            port = BASE + ttl
            tracer.app_probe(self, ttl, udp_key(self.src, SPORT, self.dst, port), ttl,
                             f"sends UDP probe {ttl} with TTL {ttl} to port {port}")
            self.udp.sendto(self.dst, port, b"x" * 32, ttl=ttl)
            self.world.run_for(5)
        tracer.app_done(self, 0 if self.reached else 1, self.reached)
        self.udp.close()
        self.raw.close()

    def _on_icmp(self, ip: ipwire.Ipv4Packet, dev: object) -> None:
        msg = icmp.parse(ip.payload, verify_checksum=False)
        if msg.type not in (icmp.TIME_EXCEEDED, icmp.DEST_UNREACH):
            return
        inner = ipwire.parse_quoted(msg.payload)
        ttl = int.from_bytes(inner.payload[2:4], "big") - BASE
        if msg.type == icmp.TIME_EXCEEDED:
            self.world.tracer.app_answer(self, ttl, "hop", ip.src, "time exceeded")
        else:
            self.reached = self.reached or ip.src == self.dst
            self.world.tracer.app_answer(self, ttl, "reply", ip.src, "port unreachable")


def _trace(script: str, max_ttl: int = 3) -> Tracer:
    world = new_world(0)
    tracer = Tracer(world).start()
    run_text(script + "sleep 1\n", world=world)
    MiniTraceroute(world, "a", "10.0.2.1", max_ttl).run()
    return tracer


def test_a_traceroute_that_arrives_is_not_explained() -> None:
    tracer = _trace(ROUTED)
    (run,) = tracer.runs
    assert run.reached and not run.failed
    assert [(p.ttl, p.answer) for p in run.probes.values()] == \
        [(1, "hop"), (2, "reply"), (3, "reply")]
    assert explain.explain(tracer) == []
    journeys = journey.build(tracer.records)
    probe2 = journey.index_of(journeys)[udp_key(run.src, SPORT, run.dst, BASE + 2)]
    kinds = [r[3] for r in probe2.records]
    assert kinds[0] == "app_send" and "icmp_send" in kinds and kinds[-1] == "app_answer"


def test_a_traceroute_whose_answers_cannot_come_back() -> None:
    script = ROUTED.replace("ip -n b route add default via 10.0.2.254\n", "")
    tracer = _trace(script)
    (paragraph,) = explain.explain(tracer)
    assert " in a: 10.0.2.1 was not reached. Hops answered for TTL 1 " \
           "(10.0.1.254). Nothing answered the probes with TTL 2; the first of them: the " \
           "UDP packet reached b on vb, which dropped it at icmp_send: the ICMP error about " \
           "it cannot be sent: no route back to 10.0.1.1 [IP_OUTNOROUTES] (b: its only " \
           "route is `10.0.2.0/24 dev vb proto kernel scope link src 10.0.2.1`)." in paragraph
