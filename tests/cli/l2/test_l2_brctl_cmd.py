"""`brctl` (vnet.cli.brctl): its tabular output, messages, number parsing."""

from __future__ import annotations

from l2run import run

from vnet.cli.brctl import _scan_int, _strtotimeval, _timer, help_text
from vnet.core.world import World


def test_time_and_number_parsing() -> None:
    assert _strtotimeval("12.345") == 1234
    assert _strtotimeval("30") == 3000
    assert _strtotimeval("abc") is None
    assert _scan_int("0x10") == 16 and _scan_int("010") == 8 and _scan_int("x") is None
    assert _timer(1234) == "  12.34" and _timer(0) == "   0.00"


def test_help_is_tab_aligned() -> None:
    lines = help_text().splitlines()
    assert lines[0] == "Usage: brctl [commands]"
    assert lines[2] == "\taddbr     \t<bridge>\t\tadd bridge"
    assert lines[-1] == "\tstp       \t<bridge> {on|off}\tturn stp on/off"


def test_show_lists_ports_alphabetically_with_tabs(world: World) -> None:
    assert run(world, "brctl", "show").out == ""             # no bridge, no header
    run(world, "brctl", "addbr", "br0")
    for name, m in (("veth2", "05"), ("veth0", "10")):
        run(world, "ip", "link", "add", name, "address", f"02:00:00:00:00:{m}", "type", "veth")
        run(world, "brctl", "addif", "br0", name)
    assert run(world, "brctl", "show").out == (
        "bridge name\tbridge id\t\tSTP enabled\tinterfaces\n"
        "br0\t\t8000.020000000005\tno\t\tveth0\n"
        "\t\t\t\t\t\t\tveth2\n")


def test_messages(world: World) -> None:
    run(world, "brctl", "addbr", "br0")
    assert run(world, "brctl", "addbr", "br0").err == \
        "device br0 already exists; can't create bridge with the same name\n"
    assert run(world, "brctl", "delbr", "br9").err == "bridge br9 doesn't exist; can't delete it\n"
    assert run(world, "brctl", "addif", "br0", "x").err == "interface x does not exist!\n"
    assert run(world, "brctl", "showmacs", "nope").err == \
        "read of forward table failed: No such device\n"
    short = run(world, "brctl", "addif", "br0")
    assert short.status == 1 and short.out.startswith("Incorrect number of arguments")
    assert run(world, "brctl", "addbr", "abcdefghijklmnopq").status == 0
    assert world.init_ns.get("abcdefghijklmno") is not None


def test_showmacs_sorts_by_mac(world: World) -> None:
    run(world, "brctl", "addbr", "br0")
    run(world, "ip", "link", "add", "veth0", "address", "02:00:00:00:00:10", "type", "veth",
        "peer", "name", "veth1", "address", "02:00:00:00:00:01")
    run(world, "brctl", "addif", "br0", "veth0", "veth1")
    assert run(world, "brctl", "showmacs", "br0").out == (
        "port no\tmac addr\t\tis local?\tageing timer\n"
        "  2\t02:00:00:00:00:01\tyes\t\t   0.00\n"
        "  1\t02:00:00:00:00:10\tyes\t\t   0.00\n")
