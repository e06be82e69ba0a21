"""`ifconfig` (vnet.cli.ifconfig): formats, address semantics, errors and statuses."""

from __future__ import annotations

from l2run import run

from vnet.cli.ifconfig import getmask, human, inet_abc_len, inet_aton, mask_len, nstrcmp_key
from vnet.core.world import World


def test_human_sizes() -> None:
    assert human(0) == "0.0 B"
    assert human(1024) == "1024.0 B"
    assert human(1535) == "1.4 KiB"
    assert human(1132145) == "1.0 MiB"


def test_name_order_knows_numbers() -> None:
    names = ["veth10", "veth2", "lo", "veth0:1", "veth0", "br0"]
    assert sorted(names, key=nstrcmp_key) == ["br0", "lo", "veth0", "veth0:1", "veth2", "veth10"]


def test_address_parsing() -> None:
    assert inet_aton("10.1") == 0x0A000001
    assert inet_aton("1") == 1
    assert inet_aton("10.0.0.300") is None
    assert getmask("10.0.0.1/24") == ("10.0.0.1", 0xFFFFFF00)
    assert getmask("10.0.0.1/32") == ("10.0.0.1", 0)          # C's 32-bit shift
    assert getmask("10.0.0.1/33") == ("10.0.0.1", 0x80000000)
    assert [inet_abc_len(a) for a in (0x0A000001, 0xAC100001, 0xC0A80101, 0xE0000005)] \
        == [8, 16, 24, -1]
    assert mask_len(0xFFFF0000) == 16 and mask_len(0xFF00FF00) is None


def test_set_and_show(world: World) -> None:
    run(world, "ip", "link", "add", "veth0", "address", "02:00:00:00:00:10", "type", "veth",
        "peer", "name", "veth1")
    assert run(world, "ifconfig", "veth0", "10.1.0.1").status == 0
    out = run(world, "ifconfig", "veth0").out
    assert out.splitlines()[:2] == [
        "veth0: flags=4099<UP,BROADCAST,MULTICAST>  mtu 1500",
        "        inet 10.1.0.1  netmask 255.0.0.0  broadcast 10.255.255.255"]
    assert "        ether 02:00:00:00:00:10  txqueuelen 1000  (Ethernet)\n" in out
    run(world, "ifconfig", "veth0", "netmask", "255.255.0.0")
    assert "broadcast 10.1.255.255" in run(world, "ifconfig", "veth0").out
    run(world, "ifconfig", "veth0", "0.0.0.0")
    assert "inet " not in run(world, "ifconfig", "veth0").out


def test_errors(world: World) -> None:
    missing = run(world, "ifconfig", "nope")
    assert (missing.status, missing.err) == (
        1, "nope: error fetching interface information: Device not found\n")
    flags = run(world, "ifconfig", "nope", "up")
    assert (flags.status, flags.err) == (
        255, "nope: ERROR while getting interface flags: No such device\n")
    run(world, "ip", "link", "add", "veth0", "type", "veth", "peer", "name", "veth1")
    mtu = run(world, "ifconfig", "veth0", "mtu", "10")
    assert (mtu.status, mtu.err) == (1, "SIOCSIFMTU: Invalid argument\n")
    host = run(world, "ifconfig", "veth0", "bogus")
    assert host.status == 1 and host.err.startswith("bogus: Host name lookup failure\n")
    usage = run(world, "ifconfig", "veth0", "mtu")
    assert usage.status == 3 and usage.err.startswith("Usage:")
