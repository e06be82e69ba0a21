"""802.1Q VLAN devices (vnet.link.vlan; net/8021q) and `vconfig`: trunks, what each device
counts, frames for VLANs nobody has, bridges carrying and terminating VLANs, QinQ, the
lower device's events, and the refusals. The CI kernel has no 8021q module, so these
are checked against the kernel sources' rules, and scapy decodes the tags on the wire.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from vnet.backend.sim import run_text
from vnet.core.world import World
from vnet.link.capture import PcapRecorder
from vnet.link.vlan import VlanDev
from vnet.sim import new_world

TRUNK = """\
ip netns add a
ip netns add b
ip link add eth0 address 02:00:00:00:00:0a netns a type veth peer name eth0 address 02:00:00:00:00:0b netns b
ip -n a link set eth0 up
ip -n b link set eth0 up
for ns in a b; do
  for vid in 10 20; do
    ip -n $ns link add link eth0 name eth0.$vid type vlan id $vid
    ip -n $ns link set eth0.$vid up
  done
done
ip -n a addr add 10.0.10.1/24 dev eth0.10
ip -n b addr add 10.0.10.2/24 dev eth0.10
ip -n a addr add 10.0.20.1/24 dev eth0.20
ip -n b addr add 10.0.20.2/24 dev eth0.20
ip -n a addr add 10.0.0.1/24 dev eth0
ip -n b addr add 10.0.0.2/24 dev eth0
"""


def _run(script: str, world: World | None = None) -> tuple[str, int, World]:
    result, world = run_text(script, world=world)
    return result.output, result.status, world


def _dev(world: World, ns: str, name: str):  # type: ignore[no-untyped-def]
    dev = world.named[ns].get(name)
    assert dev is not None, name
    return dev


def test_a_trunk_carries_each_vlan_and_the_untagged_lan_apart() -> None:
    out, status, world = _run(TRUNK + "ip netns exec a ping -c 2 10.0.10.2\n"
                              "ip netns exec a ping -c 1 10.0.20.2\n"
                              "ip netns exec a ping -c 1 10.0.0.2\n")
    assert status == 0, out
    assert out.count(" 0% packet loss") == 3
    # each vlan's neighbour was learned on its own device
    b = world.named["b"]
    assert [n for n in ("eth0.10", "eth0.20", "eth0") if b.get(n) is not None] == \
        ["eth0.10", "eth0.20", "eth0"]
    v10 = _dev(world, "a", "eth0.10")
    # what a vlan device counts: sent frames whole, received ones without their header
    # (ARP request 42 + 2 echo requests 98; ARP reply 28 + 2 echo replies 84)
    assert (v10.stats.tx_packets, v10.stats.tx_bytes) == (3, 42 + 2 * 98)
    assert (v10.stats.rx_packets, v10.stats.rx_bytes) == (3, 28 + 2 * 84)
    # the veth carries tags as metadata: its counters leave their 4 bytes out
    eth0 = _dev(world, "a", "eth0")
    assert eth0.stats.tx_bytes == (42 + 2 * 98) + (42 + 98) + (42 + 98)
    assert _dev(world, "b", "eth0").stats.rx_bytes == eth0.stats.tx_bytes


def test_a_vlan_nobody_has_is_another_hosts_and_vid_0_is_the_lower_devices() -> None:
    script = TRUNK + "ip -n b link del eth0.20\nip netns exec a ping -c 1 -W 1 10.0.20.2\n"
    out, status, world = _run(script)
    assert "0 received" in out
    assert world.named["b"].drops.get("OTHERHOST", 0) >= 1
    # a priority-tagged frame (VID 0) is taken as the lower device's own
    out, status, world = _run(TRUNK)
    a_eth0 = _dev(world, "a", "eth0")
    seen: list[bytes] = []
    b_ns = world.named["b"]
    b_ns.ptype[0x0806] = (lambda dev, frame, old=b_ns.ptype[0x0806]:
                          (seen.append(frame), old(dev, frame)))  # type: ignore[assignment]
    arp = bytes.fromhex("ffffffffffff02000000000a" "8100" "0000" "0806"
                        "0001080006040001" "02000000000a" "0a000001" "000000000000" "0a000002")
    a_eth0.xmit(arp)
    world.settle()
    assert seen and seen[0][12:14] == b"\x08\x06"        # untagged for the stack


def test_a_bridge_forwards_tagged_frames_and_a_vlan_on_a_port_comes_first() -> None:
    script = """\
ip netns add a
ip netns add b
ip netns add sw
ip link add eth0 netns a type veth peer name p1 netns sw
ip link add eth0 netns b type veth peer name p2 netns sw
ip -n sw link add br0 type bridge
ip -n sw link set p1 master br0
ip -n sw link set p2 master br0
for d in br0 p1 p2; do ip -n sw link set $d up; done
for ns in a b; do
  ip -n $ns link set eth0 up
  ip -n $ns link add link eth0 name eth0.30 type vlan id 30
  ip -n $ns link set eth0.30 up
done
ip -n a addr add 10.0.30.1/24 dev eth0.30
ip -n b addr add 10.0.30.2/24 dev eth0.30
ip netns exec a ping -c 1 10.0.30.2
# the switch itself in VLAN 30: on the bridge device, br0.30
ip -n sw link add link br0 name br0.30 type vlan id 30
ip -n sw addr add 10.0.30.254/24 dev br0.30
ip -n sw link set br0.30 up
ip netns exec a ping -c 1 10.0.30.254
# a vlan on the port p2 takes VLAN 30 frames arriving there before the bridge does
ip -n sw link add link p2 name p2.30 type vlan id 30
ip -n sw link set p2.30 up
ip netns exec b ping -c 1 -W 1 10.0.30.1
"""
    out, status, world = _run(script)
    assert out.count("1 received") == 2 and out.count("0 received") == 1, out
    assert _dev(world, "sw", "p2.30").stats.rx_packets >= 1
    assert _dev(world, "sw", "br0.30").stats.rx_packets >= 1


def test_qinq_a_vlan_on_a_vlan() -> None:
    script = TRUNK.replace("type vlan id $vid", "type vlan protocol 802.1ad id $vid") + """\
for ns in a b; do
  ip -n $ns link add link eth0.10 name eth0.10.7 type vlan id 7
  ip -n $ns link set eth0.10.7 up
done
ip -n a addr add 10.7.0.1/24 dev eth0.10.7
ip -n b addr add 10.7.0.2/24 dev eth0.10.7
ip netns exec a ping -c 1 10.7.0.2
ip -n a -d link show eth0.10 | grep -o "vlan protocol [^ ]* id [0-9]*"
"""
    out, status, world = _run(script)
    assert "1 received" in out and "vlan protocol 802.1ad id 10" in out, out


def test_the_lower_devices_state_mtu_address_and_deletion() -> None:
    out, status, world = _run(TRUNK + """\
ip -n a link set eth0 down
ip -n a -br link show eth0.10
ip -n a link set eth0.10 up; echo rc=$?
ip -n a link set eth0 up
ip -n a -br link show eth0.10
ip -n a link set eth0.10 mtu 1501; echo rc=$?
ip -n a link set eth0 mtu 1400
ip -n a link show eth0.10 | grep -o "mtu [0-9]*"
ip -n a link set eth0 address 02:00:00:00:00:99
ip -n a link show eth0.10 | grep -o "ether [^ ]*"
ip -n a link set eth0.20 address 02:00:00:00:00:20
ip -n a -d link show eth0 | grep -o "promiscuity [0-9]*"
ip -n a link del eth0
ip -n a link show eth0.10; echo rc=$?
""")
    assert "eth0.10@eth0     DOWN" in out
    assert "RTNETLINK answers: Network is down\nrc=2" in out
    assert "eth0.10@eth0     UP" in out
    assert "RTNETLINK answers: Numerical result out of range\nrc=2" in out
    assert "mtu 1400" in out
    assert "ether 02:00:00:00:00:99" in out                    # follows the lower's MAC
    assert "promiscuity 1" in out                              # eth0.20's own MAC
    assert 'Device "eth0.10" does not exist.\nrc=1' in out


def test_refusals_in_the_8021q_modules_words() -> None:
    out, status, world = _run(TRUNK + """\
ip -n a link add link eth0 name x type vlan id 10; echo rc=$?
ip -n a link add link eth0 name x type vlan; echo rc=$?
ip -n a link add link eth0 name x type vlan protocol 802.1ad; echo rc=$?
ip -n a link add link eth0 name x type vlan id 4095; echo rc=$?
ip -n a link add link eth0 name x type vlan id 5 protocol ip; echo rc=$?
ip -n a link add name x type vlan id 5; echo rc=$?
ip -n a link add link eth0 name x type vlan id 5 gvrp maybe; echo rc=$?
ip -n a link add link eth0 name x type vlan id 5 bogus; echo rc=$?
""")
    assert out.splitlines()[:10] == [
        "Error: 8021q: VLAN device already exists.", "rc=2",
        "Error: 8021q: VLAN properties not specified.", "rc=2",
        "Error: 8021q: VLAN id not specified.", "rc=2",
        "Error: 8021q: Invalid VLAN id.", "rc=2",
        "Error: 8021q: Invalid VLAN protocol.", "rc=2"]
    assert "Error: 8021q: link not specified.\nrc=2" in out
    assert 'Error: argument of "gvrp" must be "on" or "off", not "maybe"\nrc=1' in out
    assert 'vlan: unknown command "bogus"?\nUsage: ... vlan id VLANID' in out


def test_details_json_and_proc() -> None:
    out, status, world = _run(TRUNK + """\
ip -n a link set eth0.10 type vlan loose_binding on gvrp on
ip -n a -d link show eth0.10 | grep -o "vlan protocol.*> "
ip -n a -d -j link show eth0.20 | grep -o '"info_data":{[^}]*}'
ip netns exec a cat /proc/net/vlan/config
""")
    assert "vlan protocol 802.1Q id 10 <REORDER_HDR,GVRP,LOOSE_BINDING> " in out
    assert '"info_data":{"protocol":"802.1Q","id":20,"flags":["REORDER_HDR"]}' in out
    assert ("VLAN Dev name\t | VLAN ID\nName-Type: VLAN_NAME_TYPE_RAW_PLUS_VID_NO_PAD\n"
            "eth0.10        | 10  | eth0\neth0.20        | 20  | eth0\n") in out


def test_vconfig_is_debians_script() -> None:
    out, status, world = _run("""\
ip link add eth0 type veth peer name eth1
vconfig add eth0 10 2>/dev/null; echo rc=$?
vconfig add eth0 10 2>&1 | tail -n 1
vconfig set_name_type VLAN_PLUS_VID 2>/dev/null
vconfig add eth0 5 2>/dev/null
cat /run/network/vlan/name-type
vconfig set_flag eth0.10 1 1 2>/dev/null; echo rc=$?
vconfig set_flag eth0.10 1 2 2>&1 | tail -n 2; echo rc=$?
vconfig rem vlan0005 2>/dev/null; echo rc=$?
vconfig rem vlan0005 2>&1 | tail -n 1
vconfig frob x 2>&1 | tail -n 1
vconfig 2>&1 | head -n 4
ip -br link | cut -d' ' -f1
""")
    assert out.splitlines() == [
        "rc=0",
        "RTNETLINK answers: File exists",
        "VLAN_PLUS_VID",
        "eth0.10 1 1", "rc=0",
        "eth0.10 1 2", "Invalid flag parameter specified", "rc=0",
        "rc=0",
        'Cannot find device "vlan0005"',
        "Unknown command: frob",
        "",
        "Warning: vconfig is deprecated and might be removed in the future, please migrate "
        "to ip(route2) as soon as possible!",
        "",
        "Expecting argc to be 3-5, inclusive.  Was: 1",
        "lo", "eth1@eth0", "eth0@eth1", "eth0.10@eth0"]


scapy_all = pytest.importorskip("scapy.all", reason="scapy is not installed")


def test_scapy_reads_the_tags_on_the_wire(tmp_path: Path) -> None:
    from scapy.layers.inet import ICMP
    from scapy.layers.l2 import Dot1Q
    from scapy.utils import rdpcap

    world = new_world(3)
    recorder = PcapRecorder(world, tmp_path)
    out, status, world = _run(TRUNK + "ip netns exec a ping -c 1 10.0.20.2\n"
                              "ip netns exec a ping -c 1 10.0.0.2\n", world=world)
    recorder.close()
    assert status == 0, out
    wire = rdpcap(str(tmp_path / "a-eth0.pcap"))
    tagged = [p for p in wire if Dot1Q in p]
    assert {p[Dot1Q].vlan for p in tagged} == {20} and all(p[Dot1Q].prio == 0 for p in tagged)
    assert [p[ICMP].type for p in tagged if ICMP in p] == [8, 0]
    untagged = [p for p in wire if Dot1Q not in p and ICMP in p]
    assert [p[ICMP].type for p in untagged] == [8, 0]
    on_vlan = rdpcap(str(tmp_path / "a-eth0.20.pcap"))
    assert on_vlan and not any(Dot1Q in p for p in on_vlan)   # the vlan device sees no tag
    assert isinstance(_dev(world, "a", "eth0.20"), VlanDev)


def test_the_tenants_example_keeps_the_vlans_apart() -> None:
    script = (Path(__file__).resolve().parents[2] / "examples" / "sim-only" /
              "vlan-tenants.sh").read_text()
    out, status, world = _run(script)
    assert status == 0, out
    assert out.count("2 packets transmitted, 2 received") == 2
    # each tenant's VM answered from the same address with its own tenant's VM
    mac_a2 = _dev(world, "vmA2", "eth0").mac.hex(":")
    mac_b2 = _dev(world, "vmB2", "eth0").mac.hex(":")
    assert f"10.0.0.2 dev eth0 lladdr {mac_a2} REACHABLE" in out
    assert f"10.0.0.2 dev eth0 lladdr {mac_b2} REACHABLE" in out
    assert mac_a2 != mac_b2
