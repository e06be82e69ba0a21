"""A bridge loop (no STP) ends the script with a clear message instead of hanging."""

from vnet.backend.sim import run_text
from vnet.core import sched

LOOP = """\
ip link add br0 type bridge
ip link add br1 type bridge
ip link add a0 type veth peer name a1
ip link add b0 type veth peer name b1
ip link set a0 master br0
ip link set b0 master br0
ip link set a1 master br1
ip link set b1 master br1
for d in br0 br1 a0 a1 b0 b1; do ip link set $d up; done
ip addr add 10.0.0.1/24 dev br0
ping -c 1 -W 1 10.0.0.2
echo not reached
"""


def test_bridge_loop_is_reported_as_a_storm(monkeypatch) -> None:
    monkeypatch.setattr(sched, "MAX_EVENTS_PER_INSTANT", 20_000)
    result, _ = run_text(LOOP)
    assert result.status == 2
    assert "vnet: line 11: unsupported: packet storm" in result.output
    assert "not reached" not in result.output
