"""Arbitrary iptables, iptables-restore and conntrack command lines end with a status,
never a traceback (UnsupportedError is the one allowed exception)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from vnet.cli import conntrack
from vnet.cli.context import Context
from vnet.cli.iptables import main as ipt
from vnet.cli.iptables import save
from vnet.cli.shell.api import UnsupportedError
from vnet.sim import new_world

TOKENS = ["-A", "-I", "-D", "-R", "-C", "-F", "-X", "-N", "-P", "-L", "-S", "-Z", "-E", "-t",
          "nat", "filter", "INPUT", "FORWARD", "OUTPUT", "PREROUTING", "POSTROUTING", "X",
          "-s", "-d", "-i", "-o", "-p", "tcp", "udp", "icmp", "all", "!", "-j", "-g", "-m",
          "ACCEPT", "DROP", "REJECT", "LOG", "SNAT", "DNAT", "MASQUERADE", "REDIRECT",
          "RETURN", "--dport", "--sport", "--icmp-type", "--ctstate", "--state", "NEW",
          "conntrack", "state", "multiport", "--dports", "comment", "--comment", "--syn",
          "--to-source", "--to-destination", "--to-ports", "--reject-with", "-n", "-v",
          "-x", "--line-numbers", "1", "0", "10.0.0.1", "10.0.0.0/8", "1.2.3.4:80",
          "80:90", "-nvL", "-w", "-W", "¹", "", "eth0", "eth+", "1-2", "--log-prefix"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(TOKENS) | st.text(max_size=6), max_size=9))
def test_iptables_never_raises(argv: list[str]) -> None:
    world = new_world(seed=1)
    ctx = Context(world, world.init_ns)
    try:
        status = ipt.main(ctx, argv)
    except UnsupportedError:
        return
    assert isinstance(status, int) and 0 <= status <= 255


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["*filter", "*nat", "*bogus", "COMMIT", ":INPUT DROP [0:0]",
                                 ":X - [0:0]", "-A INPUT -j X", "-A X -j DROP", "# c", "",
                                 "-A INPUT -p tcp --dport 22 -j ACCEPT", "-X X", "-F",
                                 "[1:2] -A INPUT -j ACCEPT", '-A INPUT -m comment --comment "'])
                | st.text(max_size=12), max_size=8))
def test_restore_never_raises(lines: list[str]) -> None:
    world = new_world(seed=1)
    ctx = Context(world, world.init_ns, stdin="\n".join(lines) + "\n")
    try:
        status = save.restore_main(ctx, [])
    except UnsupportedError:
        return
    assert isinstance(status, int)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(["-L", "-D", "-F", "-C", "-p", "icmp", "tcp", "-s", "-d",
                                 "10.0.0.1", "x", "-E"]), max_size=5))
def test_conntrack_never_raises(argv: list[str]) -> None:
    world = new_world(seed=1)
    ctx = Context(world, world.init_ns)
    try:
        status = conntrack.main(ctx, argv)
    except UnsupportedError:
        return
    assert isinstance(status, int)
