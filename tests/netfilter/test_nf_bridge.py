"""br_netfilter: bridged frames through iptables, garbage never raises."""

from __future__ import annotations

import random

from vnet.backend.sim import run_text

SETUP = """
ip netns add h
ip -n h link add br0 type bridge
ip link add pa netns h type veth peer name a0
ip link add pb netns h type veth peer name b0
ip -n h link set pa master br0
ip -n h link set pb master br0
for l in br0 pa pb; do ip -n h link set $l up; done
ip link set a0 up
ip link set b0 up
ip netns exec h iptables -t nat -A POSTROUTING -j MASQUERADE
ip netns exec h iptables -A FORWARD -m state --state NEW -j ACCEPT
"""


def test_garbage_ipv4_frames_through_a_filtering_bridge() -> None:
    res, world = run_text(SETUP, seed=1)
    assert res.status == 0
    a0 = world.init_ns.get("a0")
    assert a0 is not None
    rng = random.Random(3)
    for _ in range(500):
        body = bytearray(rng.randbytes(rng.randrange(0, 80)))
        if body and rng.random() < 0.7:
            body[0] = 0x45
        a0.xmit(b"\xff" * 6 + a0.mac + b"\x08\x00" + bytes(body))
        world.run_for(0.001)
    h = next(n for n in world.all_namespaces() if n.name == "h")
    assert h.drops.get("IP_INHDR", 0) > 0


def test_bridged_drop_is_named() -> None:
    res, world = run_text(SETUP + """
ip link set a0 netns 1 2>/dev/null
ip netns add a
ip netns add b
ip link set a0 netns a
ip link set b0 netns b
ip -n a addr add 10.0.0.1/24 dev a0
ip -n b addr add 10.0.0.2/24 dev b0
ip -n a link set a0 up
ip -n b link set b0 up
ip netns exec h iptables -I FORWARD -p icmp -j DROP
ip netns exec a ping -c 1 -W 1 10.0.0.2
""", seed=1)
    h = next(n for n in world.all_namespaces() if n.name == "h")
    assert h.drops.get("NETFILTER_DROP") == 1
    assert "0 received" in res.output
