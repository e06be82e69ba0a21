"""Any command line: ping answers with an exit status (and text), never a traceback."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from vnet.cli.context import Context
from vnet.cli.ping import main as ping_main
from vnet.cli.shell.api import UnsupportedError
from vnet.link import rtnl
from vnet.net.addr import InetAddr, add
from vnet.sim import new_world
from vnet.wire.ipaddr import ip_from_str

TOKENS = ["-c", "1", "2", "-W", "0.1", "-s", "0", "100", "3000", "70000", "-t", "0", "1",
          "-q", "-n", "-M", "do", "want", "x", "-I", "va", "lo", "nosuch", "10.0.0.1", "-p",
          "ab", "zz", "-Q", "5", "0x1g", "-e", "7", "-b", "--", "-", "10.0.0.2", "10.0.0.9",
          "127.0.0.1", "0", "localhost", "10.0.0.255", "", "-x", "-h", "-V", "-4", "-6",
          "-O", "-a", "-i", "0.3", "-f", "-qc1", "-c1", "-W1e999", "-s-1", "1.2.3.4.5",
          "::1", "-D", "-l"]


def _world():  # type: ignore[no-untyped-def]
    world = new_world(2)
    a, b = world.add_netns("a"), world.add_netns("b")
    va, vb = rtnl.add_veth(a, "va", "vb", b)
    add(a.ipv4, InetAddr(va, ip_from_str("10.0.0.1"), 24))
    add(b.ipv4, InetAddr(vb, ip_from_str("10.0.0.2"), 24))
    for dev in (va, vb, a.get("lo"), b.get("lo")):
        dev.set_up()  # type: ignore[union-attr]
    return world, a


@settings(max_examples=300, deadline=None, database=None)
@given(st.lists(st.sampled_from(TOKENS), max_size=8))
def test_any_argv_gives_a_status(argv: list[str]) -> None:
    world, ns = _world()
    ctx = Context(world, ns)
    try:
        status = ping_main(ctx, argv)
    except UnsupportedError:
        return
    assert status in (0, 1, 2)
    if status == 2 and not ctx.stdout:
        assert ctx.stderr.startswith(("ping: ", "\nUsage", "WARNING: pinging broadcast"))
    assert ns.ipv4.raw_sockets == []
