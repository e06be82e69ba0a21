from __future__ import annotations

import shutil
import subprocess

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vnet.wire import pcap
from vnet.wire.errors import Malformed, Truncated, WireError

from .capture import ARP_REQUEST, FRAMES, PCAP_PATH
from .props import props

ARP_FRAME = FRAMES[ARP_REQUEST]


def test_file_header_golden() -> None:
    assert pcap.file_header() == bytes.fromhex(
        "4d3cb2a1 0200 0400 00000000 00000000 00000400 01000000"
    )
    assert pcap.file_header(linktype=113, snaplen=65535)[16:] == bytes.fromhex("ffff0000 71000000")


def test_record_golden() -> None:
    rec = pcap.record(1_700_000_000_123_456_789, ARP_FRAME)
    assert rec[:16] == bytes.fromhex("00f15365 15cd5b07 2a000000 2a000000")
    assert rec[16:] == ARP_FRAME
    cut = pcap.record(5, ARP_FRAME, snaplen=14)
    assert cut == bytes.fromhex("00000000 05000000 0e000000 2a000000") + ARP_FRAME[:14]


def test_reads_tcpdump_file() -> None:
    # tcpdump wrote microsecond-resolution little-endian records.
    data = PCAP_PATH.read_bytes()
    records = pcap.read_records(data)
    assert len(records) == 17
    assert all(ts % 1000 == 0 for ts, _ in records)
    assert [ts for ts, _ in records] == sorted(ts for ts, _ in records)
    scapy_utils = pytest.importorskip("scapy.utils")
    theirs = scapy_utils.rdpcap(str(PCAP_PATH))
    assert [bytes(p) for p in theirs] == [frame for _, frame in records]


def test_big_endian_and_microseconds() -> None:
    header = bytes.fromhex("a1b2c3d4 0002 0004 00000000 00000000 0000ffff 00000001")
    rec = bytes.fromhex("00000002 00000003 00000002 00000004") + b"ab"
    assert pcap.read_records(header + rec) == [(2_000_003_000, b"ab")]


def write_file(tmp_path, frames):  # type: ignore[no-untyped-def]
    path = tmp_path / "out.pcap"
    body = b"".join(pcap.record(i * 1_000_000_007, f) for i, f in enumerate(frames))
    path.write_bytes(pcap.file_header() + body)
    return path


def test_scapy_reads_ours(tmp_path) -> None:  # type: ignore[no-untyped-def]
    scapy_utils = pytest.importorskip("scapy.utils")
    path = write_file(tmp_path, FRAMES[:5])
    theirs = scapy_utils.rdpcap(str(path))
    assert [bytes(p) for p in theirs] == FRAMES[:5]
    assert [int(p.time * 1_000_000_000) // 1000 for p in theirs] == [
        i * 1_000_000_007 // 1000 for i in range(5)
    ]


@pytest.mark.skipif(shutil.which("tcpdump") is None, reason="tcpdump not installed")
def test_tcpdump_reads_ours(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = write_file(tmp_path, FRAMES[1:3])
    out = subprocess.run(
        ["tcpdump", "-nn", "-r", str(path), "--nano", "-tt"],
        capture_output=True,
        text=True,
        timeout=10,
        check=False,
    )
    if out.returncode != 0:
        pytest.skip(f"tcpdump cannot run here: {out.stderr.strip()}")
    lines = out.stdout.splitlines()
    assert lines[0].startswith("0.000000000 ARP, Request who-has 10.0.1.1 tell 10.0.1.2")
    assert lines[1].startswith("1.000000007 ARP, Reply 10.0.1.1 is-at 02:00:00:00:01:0a")


def test_errors() -> None:
    header = pcap.file_header()
    with pytest.raises(Truncated):
        pcap.read_records(header[:23])
    with pytest.raises(Malformed):
        pcap.read_records(b"\x00" * 24)
    rec = pcap.record(0, ARP_FRAME)
    with pytest.raises(Truncated):
        pcap.read_records(header + rec[:10])
    with pytest.raises(Truncated):
        pcap.read_records(header + rec[:-1])
    assert pcap.read_records(header) == []
    with pytest.raises(ValueError):
        pcap.record(-1, ARP_FRAME)


@props(50)
@given(st.lists(st.tuples(st.integers(0, 2**40), st.binary(max_size=80)), max_size=5))
def test_round_trip(records: list[tuple[int, bytes]]) -> None:
    data = pcap.file_header() + b"".join(pcap.record(ts, frame) for ts, frame in records)
    assert pcap.read_records(data) == records


@props(40)
@given(st.binary(max_size=60))
def test_read_raises_only_wire_errors(data: bytes) -> None:
    try:
        pcap.read_records(pcap.file_header() + data)
    except WireError:
        pass
