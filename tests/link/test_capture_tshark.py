"""A second independent oracle for vnet's bytes: Wireshark's dissectors (tshark).

Runs a lab (bridge, router, ping, traceroute) with --pcap and asks tshark about every
frame of every pcap: nothing malformed, every IPv4 header, ICMP and UDP checksum
verified good, and the echo requests/replies tshark sees agree with what ping printed.
Skipped, with the reason, when tshark is not installed.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from vnet.cli.main import main

LAB = """\
ip netns add a
ip netns add r
ip netns add b
ip link add br0 type bridge
ip link set br0 up
ip link add va type veth peer name pa
ip link set va netns a
ip link set pa master br0
ip link set pa up
ip link add ra type veth peer name pr
ip link set ra netns r
ip link set pr master br0
ip link set pr up
ip link add vb type veth peer name rb
ip link set vb netns b
ip link set rb netns r
ip -n a addr add 10.0.1.1/24 dev va
ip -n a link set va up
ip -n a route add default via 10.0.1.254
ip -n r addr add 10.0.1.254/24 dev ra
ip -n r addr add 10.0.2.254/24 dev rb
ip -n r link set ra up
ip -n r link set rb up
ip -n b addr add 10.0.2.1/24 dev vb
ip -n b link set vb up
ip -n b route add default via 10.0.2.254
ip netns exec r sysctl -qw net.ipv4.ip_forward=1
ip netns exec a ping -c 3 -i 0.2 10.0.2.1
ip netns exec a ping -c 1 -s 3000 10.0.2.1
ip netns exec a traceroute -n -q 1 10.0.2.1
"""

FIELDS = ["frame.protocols", "_ws.malformed", "ip.checksum.status", "icmp.checksum.status",
          "udp.checksum.status", "icmp.type", "ip.flags.mf"]


@pytest.fixture(scope="module")
def pcaps(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    if shutil.which("tshark") is None:
        pytest.skip("tshark is not installed (apt-get install tshark)")
    tmp = tmp_path_factory.mktemp("tshark")
    script = tmp / "lab.sh"
    script.write_text(LAB)
    out = tmp / "pcap"
    import contextlib
    import io

    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        status = main(["run", "--pcap", str(out), str(script)])
    assert status == 0, buf.getvalue()
    return out, buf.getvalue()


def _rows(pcap: Path) -> list[list[str]]:
    cmd = ["tshark", "-r", str(pcap), "-o", "ip.check_checksum:TRUE",
           "-o", "udp.check_checksum:TRUE", "-T", "fields", "-E", "separator=|"]
    for field in FIELDS:
        cmd += ["-e", field]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=60, check=True)
    return [line.split("|") for line in done.stdout.splitlines()]


def test_every_frame_decodes_with_good_checksums(pcaps: tuple[Path, str]) -> None:
    directory, _output = pcaps
    files = sorted(directory.glob("*.pcap"))
    assert len(files) >= 8
    frames = 0
    for pcap in files:
        for protocols, malformed, ip_ok, icmp_ok, udp_ok, _type, mf in _rows(pcap):
            frames += 1
            assert not malformed, (pcap.name, protocols)
            assert "malformed" not in protocols, (pcap.name, protocols)
            # 1: good; an ICMP error's quoted header shows as a second value
            if ip_ok:
                assert set(ip_ok.split(",")) == {"1"}, (pcap.name, protocols)
            # checksums above IP are only verifiable on whole datagrams
            if icmp_ok and "1" not in mf.split(","):
                assert icmp_ok.split(",")[0] == "1", (pcap.name, protocols)
            if udp_ok and "icmp" not in protocols:
                assert udp_ok in ("1", "2"), (pcap.name, protocols)  # 2: unverified (none)
    assert frames > 20


def test_echo_exchange_seen_by_tshark_matches_ping(pcaps: tuple[Path, str]) -> None:
    directory, output = pcaps
    rows = _rows(directory / "a-va.pcap")
    requests = sum(1 for r in rows if r[5].split(",")[0] == "8")
    replies = sum(1 for r in rows if r[5].split(",")[0] == "0")
    assert "3 packets transmitted, 3 received" in output
    assert "1 packets transmitted, 1 received" in output
    # 3 small echoes + 1 large one; tshark reports the type on the first fragment only
    assert (requests, replies) == (4, 4)
