"""Independent oracles for the BPDUs vnet's bridges send: scapy's STP layer and
Wireshark's dissector (tshark) decode the frames `vnet run --pcap` captured while
examples/bridge-loop-stp.sh ran, and what they read must be what the bridges hold:
root and bridge ids, root path cost, port ids and the timers in 1/256 s."""

from __future__ import annotations

import contextlib
import io
import shutil
import subprocess
from pathlib import Path

import pytest

from vnet.cli.main import main

EXAMPLE = Path(__file__).resolve().parents[3] / "examples" / "bridge-loop-stp.sh"
STP_GROUP = "01:80:c2:00:00:00"


@pytest.fixture(scope="module")
def pcaps(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("stp") / "pcap"
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        status = main(["run", "--pcap", str(out), str(EXAMPLE)])
    assert status == 0, buf.getvalue()
    return out


def test_scapy_reads_the_bridges_ids_costs_and_timers(pcaps: Path) -> None:
    scapy_all = pytest.importorskip("scapy.all", reason="scapy is not installed")
    del scapy_all
    from scapy.layers.l2 import STP, Dot3
    from scapy.utils import rdpcap

    root_side = [p for p in rdpcap(str(pcaps / "sw1-p1.pcap")) if p.haslayer(STP)]
    from_root = [p for p in root_side if p[Dot3].src == "02:00:00:00:01:01"]
    assert len(from_root) >= 5
    for pkt in from_root:
        assert pkt[Dot3].dst == STP_GROUP and pkt[Dot3].len == 38
        bpdu = pkt[STP]
        assert (bpdu.proto, bpdu.version, bpdu.bpdutype) == (0, 0, 0)
        assert (bpdu.rootid, bpdu.rootmac) == (32768, "02:00:00:00:00:01")
        assert (bpdu.bridgeid, bpdu.bridgemac) == (32768, "02:00:00:00:00:01")
        assert bpdu.pathcost == 0 and bpdu.portid == 0x8001 and bpdu.age == 0
        assert (bpdu.maxage, bpdu.hellotime, bpdu.fwddelay) == (20, 2, 4)
    # sw2 speaks only before it hears the root: one BPDU per port naming itself root.
    # Afterwards it is designated for no segment, and when p2 takes over from p1 no TCN
    # is due either (br_forward_delay_timer_expired: only a bridge designated for some
    # port reports the change)
    for name, port_id in (("p1", 0x8001), ("p2", 0x8002)):
        own = [p[STP] for p in rdpcap(str(pcaps / f"sw2-{name}.pcap"))
               if p.haslayer(STP) and p[Dot3].src.endswith(f"0{port_id & 3}:02")]
        assert len(own) == 1
        assert own[0].rootmac == own[0].bridgemac == "02:00:00:00:00:02"
        assert own[0].portid == port_id


def test_tshark_decodes_every_bpdu_as_stp_without_malformed_frames(pcaps: Path) -> None:
    if shutil.which("tshark") is None:
        pytest.skip("tshark is not installed (apt-get install tshark)")
    rows: list[list[str]] = []
    for pcap in sorted(pcaps.glob("sw*-p*.pcap")):
        cmd = ["tshark", "-r", str(pcap), "-Y", "stp", "-T", "fields", "-E", "separator=|",
               "-e", "_ws.malformed", "-e", "eth.src", "-e", "stp.type",
               "-e", "stp.root.hw", "-e", "stp.root.cost", "-e", "stp.bridge.hw",
               "-e", "stp.port", "-e", "stp.max_age", "-e", "stp.forward"]
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=60, check=True)
        rows += [line.split("|") for line in done.stdout.splitlines()]
    assert len(rows) >= 20 and all(r[2] == "0x00" for r in rows)   # configuration BPDUs
    assert not any(r[0] for r in rows)
    for _, src, _, root, cost, bridge, port, max_age, fwd in rows:
        assert cost == "0" and bridge == root
        assert root == ("02:00:00:00:00:02" if src.endswith(":02") else "02:00:00:00:00:01")
        assert port == ("0x8001" if src.startswith("02:00:00:00:01") else "0x8002")
        assert (max_age, fwd) == ("20", "4")
