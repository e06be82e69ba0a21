"""VXLAN's bytes by independent decoders: scapy decodes every datagram the overlay example
puts on the underlay (and tshark, when installed, finds nothing malformed), and the
fields agree with what the vxlan devices sent, received and counted."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from vxlanlab import OVERLAY, _pair

from vnet.backend.sim import run_text
from vnet.core.world import World
from vnet.link.capture import PcapRecorder
from vnet.sim import new_world

# -- the bytes, by an independent decoder ------------------------------------------------------

scapy_all = pytest.importorskip("scapy.all", reason="scapy is not installed")
from scapy.layers.inet import IP, UDP  # noqa: E402
from scapy.layers.l2 import ARP  # noqa: E402
from scapy.layers.vxlan import VXLAN  # noqa: E402
from scapy.utils import rdpcap  # noqa: E402


@pytest.fixture(scope="module")
def overlay(tmp_path_factory: pytest.TempPathFactory) -> tuple[World, Path, str]:
    directory = tmp_path_factory.mktemp("vxlan-pcap")
    world = new_world(7)
    recorder = PcapRecorder(world, directory)
    result, world = run_text(OVERLAY, seed=7, world=world)
    recorder.close()
    assert result.status == 0, result.output
    return world, directory, result.output


def test_scapy_decodes_the_underlay_as_vxlan_carrying_the_tunnels_frames(overlay) -> None:  # type: ignore[no-untyped-def]
    world, directory, output = overlay
    assert "3 packets transmitted, 3 received" in output
    underlay = rdpcap(str(directory / "h1-eth0.pcap"))
    inner = [bytes(p) for p in rdpcap(str(directory / "h1-vxlan0.pcap"))]
    sent, received = [], []
    for pkt in underlay:
        if ARP in pkt and VXLAN not in pkt:
            continue                                    # the underlay's own ARP
        assert VXLAN in pkt, pkt.summary()
        ip, udp, vxlan = pkt[IP], pkt[UDP], pkt[VXLAN]
        assert vxlan.flags == 0x08 and vxlan.vni == 100
        assert udp.dport == 4789 and 32768 <= udp.sport < 60999
        # checksums as scapy recomputes them
        fresh = IP(bytes(ip))
        del fresh.chksum, fresh[UDP].chksum
        fresh = IP(bytes(fresh))
        assert (ip.chksum, udp.chksum) == (fresh.chksum, fresh[UDP].chksum)
        assert ip.flags == 0 and ip.ttl in (64, 63) and ip.len == len(bytes(ip))
        frame = bytes(vxlan.payload)
        if ip.src == "192.168.1.10":
            assert ip.dst == "192.168.2.10" and ip.ttl == 64
            sent.append(frame)
        else:
            assert (ip.src, ip.dst, ip.ttl) == ("192.168.2.10", "192.168.1.10", 63)
            received.append(frame)
    # what vxlan0 transmitted and received is exactly what the datagrams carry, in order
    assert sorted(sent + received) == sorted(inner)
    assert len(sent) == len(received) == 4          # ARP and three echoes each way
    h1 = world.named["h1"]
    vx = h1.get("vxlan0")
    assert vx is not None and vx.stats.tx_packets == 4
    assert vx.stats.tx_bytes == sum(len(f) - 14 for f in sent)
    assert vx.stats.rx_bytes == sum(len(f) - 14 for f in received)
    # the source port is a hash of the inner flow: one port per flow
    flows: dict[tuple, set[int]] = {}
    for pkt in underlay:
        if VXLAN in pkt and IP in pkt[VXLAN].payload:
            inner_ip = pkt[VXLAN].payload[IP]
            flows.setdefault((inner_ip.src, inner_ip.dst), set()).add(pkt[UDP].sport)
    assert flows and all(len(ports) == 1 for ports in flows.values())


@pytest.mark.skipif(shutil.which("tshark") is None, reason="tshark is not installed")
def test_tshark_decodes_the_tunnel_without_malformed_packets(overlay) -> None:  # type: ignore[no-untyped-def]
    _world, directory, _output = overlay
    out = subprocess.run(
        ["tshark", "-n", "-r", str(directory / "h2-eth0.pcap"), "-T", "fields",
         "-e", "vxlan.vni", "-e", "icmp.type", "-e", "_ws.malformed", "-e", "_ws.expert"],
        capture_output=True, text=True, check=True).stdout
    rows = [line.split("\t") for line in out.splitlines()]
    vxlan_rows = [r for r in rows if r[0]]
    assert len(vxlan_rows) == 8 and {r[0] for r in vxlan_rows} == {"100"}
    assert sorted(r[1] for r in vxlan_rows if r[1]) == ["0", "0", "0", "8", "8", "8"]
    assert not any(len(r) > 2 and (r[2] or r[3]) for r in rows)


def test_same_seed_same_underlay_bytes(overlay, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _world, directory, output = overlay
    world = new_world(7)
    recorder = PcapRecorder(world, tmp_path)
    result, _ = run_text(OVERLAY, seed=7, world=world)
    recorder.close()
    assert result.output == output
    for name in ("h1-eth0.pcap", "h2-eth0.pcap", "r-r1.pcap"):
        assert (tmp_path / name).read_bytes() == (directory / name).read_bytes()


# -- options on the outer header ---------------------------------------------------------------

def test_ttl_tos_df_and_no_udp_checksum_reach_the_outer_header(tmp_path: Path) -> None:
    world = new_world(0)
    recorder = PcapRecorder(world, tmp_path)
    out, status, world = _pair("ip netns exec a ping -c 1 -Q 0x28 192.168.100.2\n",
                               a_opts="ttl 9 tos inherit df set noudpcsum srcport 5000 5010",
                               world=world)
    recorder.close()
    assert status == 0, out
    outer = [p for p in rdpcap(str(tmp_path / "a-va.pcap")) if VXLAN in p]
    assert outer
    for pkt in outer:
        if pkt[IP].src != "10.0.0.1":
            continue
        assert pkt[IP].ttl == 9 and pkt[IP].flags == "DF" and pkt[UDP].chksum == 0
        assert 5000 <= pkt[UDP].sport < 5010
        inner = pkt[VXLAN].payload
        if IP in inner:
            assert pkt[IP].tos == inner[IP].tos == 0x28      # tos inherit
        else:
            assert pkt[IP].tos == 0                           # ARP has no TOS to inherit
