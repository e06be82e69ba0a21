"""`ip -batch -`: line splitting, quoting, failure reporting and -force."""

from __future__ import annotations

import pytest

from vnet.cli import commands
from vnet.cli.context import Context
from vnet.cli.ip.errors import IpExit
from vnet.cli.ip.main import batch_commands, makeargs


def test_makeargs_quotes_and_blanks() -> None:
    assert makeargs('  link  set "a b" \'c\'\t up ') == ["link", "set", "a b", "c", "up"]
    assert makeargs("   ") == []
    with pytest.raises(IpExit) as info:
        makeargs('link "open')
    assert (info.value.message, info.value.fatal) == ("Unterminated quoted string\n", True)


def test_batch_lines_comments_continuations() -> None:
    text = "link show # trailing\n\n# only a comment\naddr add 10.0.0.1/24 \\\n  dev v0\n"
    assert batch_commands(text) == [(1, ["link", "show"]), (5, ["addr", "add", "10.0.0.1/24",
                                                                  "dev", "v0"])]


def _batch(world, text: str, *opts: str) -> tuple[int, str, str]:  # type: ignore[no-untyped-def]
    ctx = Context(world, world.init_ns, stdin=text, run=commands.run)
    status = commands.run(ctx, ["ip", *opts, "-batch", "-"])
    return status, ctx.stdout, ctx.stderr


def test_batch_stops_at_first_failure(world) -> None:  # type: ignore[no-untyped-def]
    status, out, err = _batch(world, "link set nosuch up\nlink show lo\n")
    assert status == 1
    assert out == ""
    assert err == 'Cannot find device "nosuch"\nCommand failed -:1\n'


def test_batch_force_goes_on(world) -> None:  # type: ignore[no-untyped-def]
    status, out, err = _batch(world, "link set nosuch up\nlink show lo\n", "-force")
    assert status == 1 and out.startswith("1: lo:")


def test_exit_paths_end_the_batch(world) -> None:  # type: ignore[no-untyped-def]
    status, out, err = _batch(world, "addr add 10.0.0.300/24 dev lo\nlink show lo\n", "-force")
    assert status == 1 and out == ""
    assert err == 'Error: any valid prefix is expected rather than "10.0.0.300/24".\n'
