"""`sysctl` (vnet.cli.sysctl): names, options, writes and exit statuses."""

from __future__ import annotations

from l2run import run

from vnet.cli.sysctl import slashdot
from vnet.core.world import World


def test_slashdot() -> None:
    assert slashdot("net.ipv4.ip_forward", ".", "/") == "net/ipv4/ip_forward"
    assert slashdot("net/ipv4/ip_forward", ".", "/") == "net/ipv4/ip_forward"
    assert slashdot("net.ipv4.conf.eth0/100.forwarding", ".", "/") == \
        "net/ipv4/conf/eth0.100/forwarding"


def test_read_write_and_echo(world: World) -> None:
    assert run(world, "sysctl", "net.ipv4.ip_forward").out == "net.ipv4.ip_forward = 0\n"
    assert run(world, "sysctl", "-w", "net.ipv4.ip_forward=1").out == \
        "net.ipv4.ip_forward = 1\n"
    assert run(world, "sysctl", "-n", "net.ipv4.conf.lo.forwarding").out == "1\n"
    assert run(world, "sysctl", "net.ipv4.conf.all.accept_redirects").out.endswith("= 0\n")
    assert run(world, "sysctl", "-q", "net.ipv4.ip_default_ttl=65").out == ""
    assert run(world, "sysctl", "-n", "net.ipv4.ip_default_ttl").out == "65\n"


def test_errors_and_statuses(world: World) -> None:
    missing = run(world, "sysctl", "net.ipv4.nope")
    assert (missing.status, missing.err) == (
        1, "sysctl: cannot stat /proc/sys/net/ipv4/nope: No such file or directory\n")
    assert run(world, "sysctl", "net.ipv4.nope", "net.ipv4.nope2").status == 2
    assert run(world, "sysctl", "-e", "net.ipv4.nope").status == 0
    bad = run(world, "sysctl", "-w", "net.ipv4.ip_default_ttl=0")
    assert (bad.status, bad.err) == (
        1, 'sysctl: setting key "net.ipv4.ip_default_ttl": Invalid argument\n')
    syntax = run(world, "sysctl", "-w", "net.ipv4.ip_forward")
    assert syntax.err == "sysctl: command line(0): invalid syntax, continuing...\n"
    assert run(world, "sysctl").status == 1
    invalid = run(world, "sysctl", "-z")
    assert invalid.status == 0 and invalid.err == "sysctl: invalid option -- 'z'\n"


def test_directory_listing_is_sorted_and_recursive(world: World) -> None:
    out = run(world, "sysctl", "net.ipv4.conf").out.splitlines()
    assert out == sorted(out, key=lambda line: line.split(" = ")[0].split("."))
    assert any(line.startswith("net.ipv4.conf.lo.") for line in out)
