"""The simulated /proc and /sys (vnet.cli.procfs): writes, cat, ls, sysfs attributes."""

from __future__ import annotations

import pytest
from l2run import run, script

from vnet.cli.procfs import ProcError, parse_intvec, proc_net_dev, sysctl_write
from vnet.core.world import World


def test_parse_intvec_like_proc_dointvec() -> None:
    assert parse_intvec("1\n", 1) == [1]
    assert parse_intvec("0x10", 1) == [16]
    assert parse_intvec(" 5", 1) == [5]
    assert parse_intvec("3 4", 1) == [3]
    assert parse_intvec("1024\t65000", 2) == [1024, 65000]
    for bad in ("", "abc", "+1", "1a"):
        with pytest.raises(ProcError):
            parse_intvec(bad, 1)


def test_sysctl_write_ranges(world: World) -> None:
    ns = world.init_ns
    with pytest.raises(ProcError):
        sysctl_write(ns, "net.ipv4.ip_default_ttl", "256")
    sysctl_write(ns, "net.ipv4.icmp_ratelimit", "5")
    assert ns.sysctl.values["net.ipv4.icmp_ratelimit"] == "8"      # jiffies at HZ=250
    with pytest.raises(ProcError):
        sysctl_write(ns, "net.ipv4.ip_local_port_range", "6000 5000")


def test_proc_net_dev_header_and_rows(world: World) -> None:
    text = proc_net_dev(world.init_ns)
    assert text.startswith("Inter-|   Receive")
    assert "    lo:       0       0    0    0    0     0          0         0        0" in text


def test_cat_ls_and_redirections() -> None:
    out = script(
        "ip link add br0 type bridge\n"
        "ip link add veth0 address 02:00:00:00:00:10 type veth peer name veth1\n"
        "ip link set veth0 master br0\n"
        "ls /sys/class/net\n"
        "ls /sys/class/net/br0/brif\n"
        "cat /sys/class/net/veth0/address /sys/class/net/veth0/flags\n"
        "cat /sys/class/net/veth0/carrier; echo rc=$?\n"
        "echo 1 > /proc/sys/net/ipv4/ip_forward; cat /proc/sys/net/ipv4/ip_forward\n"
        "cat /sys/class/net/br0/bridge/bridge_id /sys/class/net/veth0/brport/port_id\n")
    assert out == ("br0\nlo\nveth0\nveth1\n"
                   "veth0\n"
                   "02:00:00:00:00:10\n0x1302\n"
                   "cat: /sys/class/net/veth0/carrier: Invalid argument\nrc=1\n"
                   "1\n"
                   "8000.020000000010\n0x8001\n")


def test_neigh_default_does_not_exist_in_a_namespace(world: World) -> None:
    res = run(world, "sysctl", "net.ipv4.neigh.default.gc_stale_time")
    assert res.status == 1 and "cannot stat" in res.err
