"""Scripts run through the simulator with the packet-journey trace on (vnet.trace): the
shared worlds of tests/trace and `run_traced`."""

from __future__ import annotations

from collections.abc import Callable

from vnet.backend.result import RunResult
from vnet.backend.sim import run_text
from vnet.sim import new_world
from vnet.trace.tracer import Tracer

#  two namespaces a and b behind a router r (its own namespace), forwarding on
ROUTED = """\
ip netns add a
ip netns add r
ip netns add b
ip link add va type veth peer name ra netns r
ip link add vb type veth peer name rb netns r
ip link set va netns a
ip link set vb netns b
ip -n a addr add 10.0.1.1/24 dev va
ip -n r addr add 10.0.1.254/24 dev ra
ip -n r addr add 10.0.2.254/24 dev rb
ip -n b addr add 10.0.2.1/24 dev vb
for n in a r b; do ip -n $n link set lo up; done
ip -n a link set va up
ip -n r link set ra up
ip -n r link set rb up
ip -n b link set vb up
ip netns exec r sysctl -q -w net.ipv4.ip_forward=1
ip -n a route add default via 10.0.1.254
ip -n b route add default via 10.0.2.254
"""

#  three namespaces on one bridge br0 in the host namespace
BRIDGED = """\
ip link add br0 type bridge
ip link set br0 up
for i in 1 2 3; do
    ip netns add h$i
    ip link add p$i type veth peer name eth0 netns h$i
    ip link set p$i master br0
    ip link set p$i up
    ip -n h$i addr add 192.168.7.$i/24 dev eth0
    ip -n h$i link set eth0 up
done
"""

Traced = Callable[..., tuple[RunResult, Tracer]]


def run_traced(script: str, seed: int = 0) -> tuple[RunResult, Tracer]:
    world = new_world(seed)
    tracer = Tracer(world).start()
    result, _world = run_text(script, seed=seed, world=world)
    tracer.stop()
    return result, tracer
