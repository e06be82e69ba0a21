"""An independent oracle for vnet's bytes: scapy decodes every frame `vnet run --pcap` wrote.

A lab (a host, a router, a bridge with two more hosts) runs pings that produce replies,
fragments, TTL-exceeded and host-unreachable errors, ARP requests and replies. Then, for
every pcap file: scapy must parse every frame without leftovers, recompute the same IPv4
and ICMP checksums (ICMP over reassembled fragments), and the fields must agree with
what vnet knows and printed: MACs are those of the devices (ARP replies give the MAC of
the device owning the address), IP addresses are the lab's, echo identifiers and
sequences are those ping printed, replies carry their request's data, and ping's
`From X icmp_seq=N` lines match ICMP errors quoting request N. The same script and seed
give byte-identical output and capture files, through the API and through `vnet run`.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from vnet.backend.sim import run_text
from vnet.link.capture import PcapRecorder
from vnet.sim import new_world
from vnet.wire.ipaddr import ip_to_str
from vnet.wire.mac import mac_to_str

scapy_all = pytest.importorskip("scapy.all", reason="scapy is not installed")
from scapy.layers.inet import ICMP, IP, defragment  # noqa: E402
from scapy.layers.l2 import ARP, Ether  # noqa: E402
from scapy.packet import Padding, Raw  # noqa: E402
from scapy.utils import rdpcap  # noqa: E402

SCRIPT = """\
echo 1 > /proc/sys/net/ipv4/ip_forward
ip link set lo up
ip netns add a
ip netns add b
ip netns add c
ip link add ra type veth peer name va netns a
ip link add rb type veth peer name vb netns b
ip link add rc type veth peer name vc netns c
ip link add br0 type bridge
ip link set rb master br0
ip link set rc master br0
ip addr add 10.0.1.254/24 dev ra
ip addr add 10.0.2.254/24 dev br0
ip -n a addr add 10.0.1.1/24 dev va
ip -n b addr add 10.0.2.1/24 dev vb
ip -n c addr add 10.0.2.2/24 dev vc
for d in ra rb rc br0; do ip link set $d up; done
for n in a b c; do ip -n $n link set lo up; done
ip -n a link set va up
ip -n b link set vb up
ip -n c link set vc up
ip -n a route add default via 10.0.1.254
ip -n b route add default via 10.0.2.254
ip -n c route add default via 10.0.2.254
ip netns exec a ping -c 3 -i 0.2 10.0.2.1
ip netns exec a ping -c 2 -i 0.2 -s 3000 10.0.2.2
ip netns exec a ping -c 2 -i 0.2 -t 1 10.0.2.1
ip netns exec a ping -c 1 10.0.2.9
ip netns exec b ping -c 2 -i 0.2 -p 5a 10.0.2.2
"""

ECHO_LINE = re.compile(r"^(\d+) bytes from ([\d.]+): icmp_seq=(\d+) ttl=(\d+)")
ERROR_LINE = re.compile(r"^From ([\d.]+) icmp_seq=(\d+) (.*)$")


@pytest.fixture(scope="module")
def lab(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    directory = tmp_path_factory.mktemp("pcap")
    world = new_world(5)
    recorder = PcapRecorder(world, directory)
    result, world = run_text(SCRIPT, seed=5, world=world)
    recorder.close()
    assert result.status == 0
    return world, directory, result.output


def _devices(world):  # type: ignore[no-untyped-def]
    """file name -> device, every MAC, and address -> owning device."""
    by_file, macs, owner = {}, set(), {}
    for ns in world.all_namespaces():
        for dev in ns.devices():
            by_file[f"{ns.name or 'host'}-{dev.name}.pcap"] = dev
            macs.add(mac_to_str(dev.mac))
            for ifa in dev.ip4:
                owner[ip_to_str(ifa.local)] = dev
    return by_file, macs, owner


def _packets(directory: Path):  # type: ignore[no-untyped-def]
    for path in sorted(directory.glob("*.pcap")):
        yield path.name, rdpcap(str(path))


def test_every_frame_parses_and_checksums_verify(lab) -> None:  # type: ignore[no-untyped-def]
    _world, directory, _out = lab
    total = 0
    for name, packets in _packets(directory):
        fragments = []
        last = 0.0
        for pkt in packets:
            total += 1
            assert float(pkt.time) >= last, f"{name}: timestamps go back"
            last = float(pkt.time)
            assert Ether in pkt, f"{name}: not Ethernet"
            assert pkt.haslayer(Raw) or pkt.haslayer(ARP) or pkt.haslayer(ICMP), name
            assert not pkt.haslayer(Padding), f"{name}: trailing bytes {pkt.summary()}"
            if ARP in pkt:
                assert pkt[ARP].op in (1, 2) and pkt[ARP].hwlen == 6 and pkt[ARP].plen == 4
                assert len(bytes(pkt)) == 14 + 28
                continue
            ip = pkt[IP]
            assert ip.version == 4 and ip.ihl == 5 and ip.len == len(bytes(ip))
            rebuilt = IP(bytes(ip))
            rebuilt.chksum = None
            assert IP(bytes(rebuilt)).chksum == ip.chksum, f"{name}: IP checksum"
            if ip.flags.MF or ip.frag:
                fragments.append(ip.copy())
                continue
            _check_icmp(name, ip)
        for whole in defragment(fragments):
            if ICMP in whole and not (whole.flags.MF or whole.frag):
                _check_icmp(name, whole)
    assert total > 50


def _check_icmp(name: str, ip) -> None:  # type: ignore[no-untyped-def]
    icmp = ip[ICMP]
    raw = bytes(icmp)
    again = ICMP(raw)
    again.chksum = None
    assert ICMP(bytes(again)).chksum == icmp.chksum, f"{name}: ICMP checksum {ip.summary()}"


def test_addresses_are_the_labs(lab) -> None:  # type: ignore[no-untyped-def]
    world, directory, _out = lab
    by_file, macs, owner = _devices(world)
    for name, packets in _packets(directory):
        dev = by_file[name]
        me = mac_to_str(dev.mac)
        for pkt in packets:
            eth = pkt[Ether]
            assert eth.src in macs, f"{name}: unknown source MAC {eth.src}"
            assert eth.dst in macs or eth.dst == "ff:ff:ff:ff:ff:ff" or \
                eth.dst == "00:00:00:00:00:00", f"{name}: unknown destination {eth.dst}"
            if dev.link_type != "loopback" and dev.master is None and dev.kind != "bridge":
                assert me in (eth.src, eth.dst) or eth.dst == "ff:ff:ff:ff:ff:ff", name
            if ARP in pkt:
                arp = pkt[ARP]
                assert arp.hwsrc == eth.src
                assert arp.psrc in owner
                assert mac_to_str(owner[arp.psrc].mac) == arp.hwsrc, "ARP sender MAC"
                if arp.op == 2:
                    assert arp.hwdst == eth.dst and arp.pdst in owner
                    assert mac_to_str(owner[arp.pdst].mac) == arp.hwdst
                else:
                    assert arp.hwdst == "00:00:00:00:00:00"
            else:
                ip = pkt[IP]
                assert ip.src in owner or ip.src == "127.0.0.1", f"{name}: {ip.src}"
                assert ip.dst in owner or ip.dst.endswith(".9"), f"{name}: {ip.dst}"


def test_echoes_match_what_ping_printed(lab) -> None:  # type: ignore[no-untyped-def]
    _world, directory, output = lab
    packets = rdpcap(str(directory / "a-va.pcap"))
    whole = [p for p in defragment([p[IP] for p in packets if IP in p])]
    requests = {}
    replies = []
    for ip in whole:
        if ICMP not in ip or ip.flags.MF or ip.frag:
            continue
        icmp = ip[ICMP]
        if icmp.type == 8:
            assert ip.src == "10.0.1.1"
            requests[(ip.dst, icmp.id, icmp.seq)] = bytes(icmp.payload)
        elif icmp.type == 0:
            replies.append((ip.src, icmp.id, icmp.seq, ip.ttl, len(bytes(icmp)),
                            bytes(icmp.payload)))
    # requests per destination: one identifier, sequences 1..N
    per_dst: dict[str, tuple[set[int], list[int]]] = {}
    for dst, ident, seq in requests:
        ids, seqs = per_dst.setdefault(dst, (set(), []))
        ids.add(ident)
        seqs.append(seq)
    assert sorted(per_dst["10.0.2.1"][1]) == [1, 1, 2, 2, 3]   # two runs: -c 3, then -t 1 -c 2
    assert sorted(per_dst["10.0.2.2"][1]) == [1, 2]
    # every reply answers a request with the same identifier, sequence and data
    for src, ident, seq, _ttl, _size, data in replies:
        assert requests[(src, ident, seq)] == data
    # and ping printed exactly these replies (size, source, sequence, TTL)
    runs_of_a = "PING".join(output.split("PING")[:5])   # the first four runs are a's
    printed = [tuple(int(x) if x.isdigit() else x for x in m.groups())
               for m in map(ECHO_LINE.match, runs_of_a.splitlines()) if m]
    assert printed == [(size, src, seq, ttl) for src, _i, seq, ttl, size, _d in replies]


def test_errors_match_what_ping_printed(lab) -> None:  # type: ignore[no-untyped-def]
    _world, directory, output = lab
    seen = []
    for pkt in rdpcap(str(directory / "a-va.pcap")) + rdpcap(str(directory / "a-lo.pcap")):
        if ICMP in pkt and pkt[ICMP].type in (3, 11):
            icmp = pkt[ICMP]
            quoted = IP(bytes(icmp.payload))    # scapy calls it IPerror; decode afresh
            assert quoted.src == "10.0.1.1"
            inner = bytes(quoted.payload)
            assert inner[0] == 8                     # it quotes one of our echo requests
            seq = int.from_bytes(inner[6:8], "big")
            kind = {11: "Time to live exceeded", 3: "Destination Host Unreachable"}
            seen.append((pkt[IP].src, seq, kind[icmp.type]))
    printed = [m.groups() for m in map(ERROR_LINE.match, output.splitlines()) if m]
    assert sorted((src, int(seq), text) for src, seq, text in printed) == sorted(seen)
    assert len(seen) == 3


def test_pattern_reaches_the_wire(lab) -> None:  # type: ignore[no-untyped-def]
    _world, directory, _out = lab
    echoes = [p[ICMP] for p in rdpcap(str(directory / "b-vb.pcap"))
              if ICMP in p and p[ICMP].type == 8 and p[IP].src == "10.0.2.1"]
    assert echoes and all(bytes(e.payload)[16:] == b"\x5a" * 40 for e in echoes)


def test_same_seed_same_bytes(lab, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Determinism: the API run above and `vnet run --pcap` with the same seed agree."""
    from vnet.cli.main import main

    _world, first_dir, first_out = lab
    script = tmp_path / "lab.sh"
    script.write_text(SCRIPT)
    again = tmp_path / "again"
    import contextlib
    import io

    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        status = main(["run", "--seed", "5", "--pcap", str(again), str(script)])
    assert status == 0 and buffer.getvalue() == first_out
    files = sorted(p.name for p in first_dir.glob("*.pcap"))
    assert files == sorted(p.name for p in again.glob("*.pcap"))
    for name in files:
        assert (first_dir / name).read_bytes() == (again / name).read_bytes(), name
