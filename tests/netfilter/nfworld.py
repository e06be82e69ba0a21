"""Small worlds for the netfilter tests: inner -- router -- outer over veths."""

from __future__ import annotations

from vnet.backend.sim import run_text
from vnet.core.world import World

TOPOLOGY = """
ip netns add inner
ip netns add router
ip netns add outer
ip link add i0 netns inner type veth peer name r0 netns router
ip link add r1 netns router type veth peer name o0 netns outer
ip -n inner addr add 10.0.0.2/24 dev i0
ip -n router addr add 10.0.0.1/24 dev r0
ip -n router addr add 192.168.1.1/24 dev r1
ip -n outer addr add 192.168.1.100/24 dev o0
for ns in inner router outer; do ip -n $ns link set lo up; done
ip -n inner link set i0 up
ip -n router link set r0 up
ip -n router link set r1 up
ip -n outer link set o0 up
ip -n inner route add default via 10.0.0.1
ip netns exec router sysctl -q -w net.ipv4.ip_forward=1
"""


def run(script: str, world: World | None = None) -> tuple[str, World]:
    result, world = run_text(script, world=world, seed=1)
    return result.output, world


def routed(script: str) -> tuple[str, World]:
    return run(TOPOLOGY + script)
