from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vnet.wire import ethernet, stp
from vnet.wire.errors import Malformed, Truncated, WireError
from vnet.wire.stp import BPDU_TYPE_CONFIG, BPDU_TYPE_TCN, STP_GROUP, Bpdu

from .capture import load
from .props import props

FRAMES = load("stp")
P0 = bytes.fromhex("0200000000f0")  # root bridge br0's port
P1 = bytes.fromhex("0200000000f1")  # br1's root port
BR0 = stp.make_bridge_id(0x1000, bytes.fromhex("02000000b000"))

# br0 (priority 4096) on p0, hello 1 s, max age 20 s, forward delay 2 s, as Linux sent it:
# 802.3 length 38, LLC 42 42 03, then the 35-octet configuration BPDU.
CONFIG_FRAME = bytes.fromhex(
    "0180c2000000 0200000000f0 0026 424203"
    " 0000 00 00 00 1000 02000000b000 00000000 1000 02000000b000 8001"
    " 0000 1400 0100 0200"
)
CONFIG = Bpdu(
    BPDU_TYPE_CONFIG,
    root_id=BR0,
    root_path_cost=0,
    bridge_id=BR0,
    port_id=0x8001,
    message_age=0,
    max_age=20 * 256,
    hello_time=256,
    forward_delay=2 * 256,
)
# br1's Topology Change Notification up its root port (802.1D-2004 9.3.2).
TCN_FRAME = bytes.fromhex("0180c2000000 0200000000f1 0007 424203 0000 00 80")

configs = st.builds(
    Bpdu,
    st.just(BPDU_TYPE_CONFIG),
    st.integers(0, 2**64 - 1),
    st.integers(0, 2**32 - 1),
    st.integers(0, 2**64 - 1),
    st.integers(0, 0xFFFF),
    st.integers(0, 0xFFFF),
    st.integers(0, 0xFFFF),
    st.integers(0, 0xFFFF),
    st.integers(0, 0xFFFF),
    st.booleans(),
    st.booleans(),
)


def test_golden_matches_capture() -> None:
    assert FRAMES[1] == CONFIG_FRAME
    assert FRAMES[11] == TCN_FRAME


def test_parse_golden() -> None:
    assert stp.parse_frame(CONFIG_FRAME) == CONFIG
    assert stp.parse_frame(TCN_FRAME) == Bpdu(BPDU_TYPE_TCN)
    assert ethernet.parse(CONFIG_FRAME).ethertype == 38  # an 802.3 length, not a type


def test_emit_golden() -> None:
    assert stp.emit_frame(P0, CONFIG) == CONFIG_FRAME
    assert stp.emit_frame(P1, Bpdu(BPDU_TYPE_TCN)) == TCN_FRAME
    assert len(CONFIG.emit()) == stp.CONFIG_BPDU_LEN


def test_every_captured_bpdu_round_trips() -> None:
    flags = set()
    for frame in FRAMES:
        bpdu = stp.parse_frame(frame)
        assert stp.emit_frame(frame[6:12], bpdu) == frame
        flags.add((bpdu.type, bpdu.topology_change, bpdu.topology_change_ack))
    # Plain config, topology change, TC + TC acknowledgement, and the TCN itself.
    assert flags == {
        (BPDU_TYPE_CONFIG, False, False),
        (BPDU_TYPE_CONFIG, True, False),
        (BPDU_TYPE_CONFIG, True, True),
        (BPDU_TYPE_TCN, False, False),
    }
    # br1 (priority 32768) believed itself root before hearing br0.
    assert stp.bridge_id_priority(stp.parse_frame(FRAMES[0]).root_id) == 0x8000


def test_identifiers_and_timers() -> None:
    assert stp.bridge_id_priority(BR0) == 0x1000
    assert stp.bridge_id_mac(BR0) == bytes.fromhex("02000000b000")
    low = stp.make_bridge_id(0x8000, bytes.fromhex("020000000001"))
    high = stp.make_bridge_id(0x8000, bytes.fromhex("020000000002"))
    assert BR0 < low < high  # lower priority wins, then lower MAC (802.1D-2004 9.2.5)
    assert stp.ticks_to_ns(512) == 2_000_000_000
    assert stp.ns_to_ticks(20_000_000_000) == 5120
    assert stp.ns_to_ticks(3_999_999) == 1  # rounded down
    with pytest.raises(ValueError):
        stp.make_bridge_id(0x10000, bytes(6))


def test_kernel_refusals() -> None:
    rst = bytes.fromhex("0000 02 02 3c") + CONFIG.emit()[5:] + b"\x00"  # RSTP, version 2
    with pytest.raises(Malformed):
        stp.parse(rst)
    with pytest.raises(Malformed):
        stp.parse(b"\x00\x01\x00\x00")  # protocol identifier 1
    with pytest.raises(Malformed):
        stp.parse(b"\x00\x00\x00\x02")  # unknown type
    with pytest.raises(Truncated):
        stp.parse(CONFIG.emit()[:34])
    for n in range(4):
        with pytest.raises(Truncated):
            stp.parse(TCN_FRAME[17 : 17 + n])


def test_frame_checks() -> None:
    with pytest.raises(Malformed):
        stp.parse_frame(CONFIG_FRAME[:12] + b"\x08\x00" + CONFIG_FRAME[14:])  # EtherType
    with pytest.raises(Malformed):
        stp.parse_frame(CONFIG_FRAME[:12] + b"\x00\x27" + CONFIG_FRAME[14:])  # too long
    with pytest.raises(Malformed):
        stp.parse_frame(CONFIG_FRAME[:14] + b"\xaa\xaa\x03" + CONFIG_FRAME[17:])  # SNAP
    with pytest.raises(Truncated):
        stp.parse_frame(CONFIG_FRAME[:16])
    # Padding to the 60-byte minimum is cut off by the 802.3 length.
    assert stp.parse_frame(TCN_FRAME + bytes(60 - len(TCN_FRAME))) == Bpdu(BPDU_TYPE_TCN)
    with pytest.raises(ValueError):
        Bpdu(0x02).emit()


def test_scapy_agrees() -> None:
    l2 = pytest.importorskip("scapy.layers.l2")
    pkt = l2.Ether(CONFIG_FRAME)
    bpdu = pkt[l2.STP]
    assert (bpdu.rootid, bpdu.rootmac, bpdu.bridgeid, bpdu.portid) == (
        0x1000,
        "02:00:00:00:b0:00",
        0x1000,
        0x8001,
    )
    assert (bpdu.maxage, bpdu.hellotime, bpdu.fwddelay) == (20, 1, 2)


@props(50)
@given(configs, st.binary(min_size=6, max_size=6))
def test_round_trip(bpdu: Bpdu, src: bytes) -> None:
    assert stp.parse(bpdu.emit()) == bpdu
    frame = stp.emit_frame(src, bpdu)
    assert stp.parse_frame(frame) == bpdu
    assert frame[:6] == STP_GROUP


@props(40)
@given(st.binary(max_size=60))
def test_parse_raises_only_wire_errors(data: bytes) -> None:
    for func in (stp.parse, stp.parse_frame):
        try:
            func(data)
        except WireError:
            pass


@props(40)
@given(st.binary(min_size=32, max_size=40))
def test_parse_any_config_body(body: bytes) -> None:
    bpdu = stp.parse(b"\x00\x00\x00\x00" + body)
    assert bpdu.type == BPDU_TYPE_CONFIG
