"""nc, vnet serve, dnsmasq and dhclient on arbitrary command lines: a status, never a
traceback."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from vnet.cli.context import Context
from vnet.cli.shell.api import UnsupportedError
from vnet.sim import new_world

WORDS = st.lists(st.one_of(
    st.sampled_from(["-z", "-v", "-w", "1", "-u", "-N", "10.0.0.1", "80", "http", "-l", "tcp",
                     "udp", "reply", "x", "--interface=lo", "--dhcp-range=10.0.0.1,10.0.0.9",
                     "--dhcp-option=3,10.0.0.1", "--port=0", "-r", "-1", "eth0", "lo", "-pf"]),
    st.text(max_size=6)), max_size=6)


@settings(max_examples=150, deadline=None)
@given(WORDS, st.sampled_from(["nc", "vnet serve", "dnsmasq", "dhclient"]))
def test_never_raises(argv: list[str], command: str) -> None:
    from vnet.cli import commands

    world = new_world(0)
    ctx = Context(world, world.init_ns)
    try:
        status = commands.run(ctx, [*command.split(), *argv])
    except UnsupportedError:
        return
    assert isinstance(status, int)
