"""The VXLAN labs the vxlan tests share: the overlay example and a two-namespace pair."""

from __future__ import annotations

from pathlib import Path

from vnet.backend.sim import run_text
from vnet.core.world import World

REPO = Path(__file__).resolve().parents[2]
OVERLAY = (REPO / "examples" / "vxlan-overlay.sh").read_text()

#  two namespaces on a veth, a vxlan in each (VNI 42, port 4789), 192.168.100.0/24 over it
PAIR = """\
ip netns add a
ip netns add b
ip link add va address 02:00:00:00:00:01 netns a type veth peer name vb address 02:00:00:00:00:02 netns b
ip -n a addr add 10.0.0.1/24 dev va
ip -n b addr add 10.0.0.2/24 dev vb
ip -n a link set va up
ip -n b link set vb up
ip -n a link add vx0 address 02:00:00:00:0a:01 type vxlan id 42 remote 10.0.0.2 dstport 4789 {a_opts}
ip -n b link add vx0 address 02:00:00:00:0b:01 type vxlan id 42 remote 10.0.0.1 dstport 4789 {b_opts}
ip -n a addr add 192.168.100.1/24 dev vx0
ip -n b addr add 192.168.100.2/24 dev vx0
ip -n a link set vx0 up
ip -n b link set vx0 up
"""


def _pair(extra: str = "", a_opts: str = "", b_opts: str = "",
          world: World | None = None) -> tuple[str, int, World]:
    result, world = run_text(PAIR.format(a_opts=a_opts, b_opts=b_opts) + extra, world=world)
    return result.output, result.status, world
