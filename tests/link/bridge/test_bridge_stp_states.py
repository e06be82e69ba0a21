"""Port state control (br_stp_if.c): STP off forwards at once; STP on walks a lone root's
ports through listening and learning; user-set states; topology change ageing."""

from __future__ import annotations

import pytest
from bridgelab import build, frame, mac

from vnet.link.bridge import stp_if
from vnet.link.bridge.port import (
    BR_STATE_BLOCKING,
    BR_STATE_DISABLED,
    BR_STATE_FORWARDING,
    BR_STATE_LEARNING,
    BR_STATE_LISTENING,
)
from vnet.link.device import DeviceError
from vnet.sim import new_world

BCAST = b"\xff" * 6
STP_GROUP = b"\x01\x80\xc2\x00\x00\x00"


def _forwarded(lab) -> list[bytes]:  # type: ignore[no-untyped-def]
    """What the ports sent apart from the bridge's own BPDUs."""
    return [f for frames in lab.sent.values() for f in frames if f[:6] != STP_GROUP]


def _stp_lab(fd_cs: int = 400):  # type: ignore[no-untyped-def]
    lab = build(new_world(11), up=False)
    lab.br.set_forward_delay(fd_cs)
    lab.br.set_stp(True)
    lab.br.set_up()
    for name in lab.ports:
        lab.ports[name].set_up()
        lab.peers[name].set_up()
    lab.world.settle()
    return lab


def test_stp_on_walks_listening_learning_forwarding() -> None:
    lab = _stp_lab()
    port = lab.br.port_list[0]
    assert port.state == BR_STATE_LISTENING and not lab.br.carrier
    lab.world.run_for(4.1)
    assert port.state == BR_STATE_LEARNING and not lab.br.carrier
    lab.world.run_for(4)
    assert port.state == BR_STATE_FORWARDING and lab.br.carrier


def test_a_listening_port_neither_learns_nor_forwards_a_learning_one_only_learns() -> None:
    lab = _stp_lab()
    lab.inject("p1", frame(BCAST, mac(1)))
    assert lab.br.fdb.get(mac(1)) is None and not _forwarded(lab)
    lab.world.run_for(4.1)
    lab.inject("p1", frame(BCAST, mac(1)))
    assert lab.br.fdb.get(mac(1)) is not None and not _forwarded(lab)


def test_the_root_flags_a_topology_change_and_ages_fast_meanwhile() -> None:
    lab = _stp_lab()
    lab.world.run_for(8.1)
    assert lab.br.topology_change and lab.br.topology_change_detected
    assert lab.br.ageing_time_cs == 800               # 2 x forward delay
    lab.world.run_for(4 + 20)                         # forward delay + max age
    assert not lab.br.topology_change and lab.br.ageing_time_cs == 30000


def test_stp_start_clamps_the_forward_delay_and_refuses_short_ones_after() -> None:
    lab = build(new_world(12), up=False)
    lab.br.set_forward_delay(100)                     # accepted while STP is off
    lab.br.set_stp(True)
    assert lab.br.forward_delay_cs == 200
    with pytest.raises(DeviceError):
        lab.br.set_forward_delay(100)


def test_turning_stp_on_leaves_forwarding_ports_alone() -> None:
    lab = build(new_world(13))
    lab.br.set_stp(True)
    assert all(p.state == BR_STATE_FORWARDING for p in lab.br.port_list)


def test_user_states_without_stp() -> None:
    lab = build(new_world(14))
    port = lab.br.ports[lab.ports["p1"]]
    assert stp_if.set_user_state(port, BR_STATE_LISTENING) is None
    assert port.state == BR_STATE_LISTENING           # stays: no timer moves it on
    assert stp_if.set_user_state(port, BR_STATE_BLOCKING) is None
    assert port.state == BR_STATE_FORWARDING          # blocking is re-selected at once
    assert stp_if.set_user_state(port, 7) == "EINVAL"
    lab.br.set_stp(True)
    assert stp_if.set_user_state(port, BR_STATE_FORWARDING) == "EBUSY"
    lab.br.set_stp(False)
    lab.peers["p1"].set_down()
    assert port.state == BR_STATE_DISABLED
    assert stp_if.set_user_state(port, BR_STATE_FORWARDING) == "ENETDOWN"


def test_port_ids_and_designated_values() -> None:
    lab = build(new_world(15))
    port = lab.br.ports[lab.ports["p2"]]
    assert port.port_id == 0x8002 and port.designated_port == 0x8002
    lab.br.set_port_priority(port, 5)
    assert port.port_id == 0x1402 and port.designated_port == 0x1402
    with pytest.raises(DeviceError):
        lab.br.set_port_priority(port, 64)
    lab.br.set_priority(0x1000)
    assert port.designated_bridge[0] == 0x1000


def test_path_cost_limits() -> None:
    lab = build(new_world(16))
    port = lab.br.port_list[0]
    assert port.path_cost == 2                        # 10 Gb/s veth
    with pytest.raises(DeviceError):
        lab.br.set_path_cost(port, 0)
    lab.br.set_path_cost(port, 100)
    assert port.path_cost == 100 and port.admin_cost
