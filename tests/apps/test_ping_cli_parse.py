"""ping's command-line parsing: GNU getopt, iputils' number parsers, inet_aton, names."""

from __future__ import annotations

import pytest

from vnet.cli.context import Context
from vnet.cli.ping import (
    PingExit,
    _gai_error,
    getopt,
    inet_aton,
    ping_strtod,
    resolve,
    strtol_or_err,
)
from vnet.sim import new_world


def test_getopt_bundles_attaches_and_permutes() -> None:
    assert getopt(["-qc1", "10.0.0.2", "-i", "0.2", "--", "-x"]) == (
        [("q", None), ("c", "1"), ("i", "0.2")], ["10.0.0.2", "-x"])
    assert getopt(["-", "-W1"]) == ([("W", "1")], ["-"])
    with pytest.raises(PingExit) as exc:
        getopt(["-c"])
    assert exc.value.message.startswith("ping: option requires an argument -- 'c'\n")
    with pytest.raises(PingExit) as exc:
        getopt(["-qZ"])
    assert exc.value.status == 2 and "invalid option -- 'Z'" in exc.value.message


@pytest.mark.parametrize(("text", "message"), [
    ("abc", "ping: invalid argument: 'abc'\n"),
    ("", "ping: invalid argument: ''\n"),
    ("5 ", "ping: invalid argument: '5 '\n"),
    ("99999999999999999999",
     "ping: invalid argument: '99999999999999999999': Numerical result out of range\n"),
    ("300", "ping: invalid argument: '300': out of range: 0 <= value <= 255\n"),
])
def test_strtol_or_err_messages(text: str, message: str) -> None:
    with pytest.raises(PingExit) as exc:
        strtol_or_err(text, "invalid argument", 0, 255)
    assert (exc.value.message, exc.value.status) == (message, 1)


def test_strtol_or_err_accepts_c_forms() -> None:
    assert strtol_or_err(" +7", "x", 0, 9) == 7
    assert strtol_or_err("-0", "x", 0, 9) == 0


def test_ping_strtod_warns_on_garbage() -> None:
    ctx = Context(new_world(0), new_world(0).init_ns)
    assert ping_strtod(ctx, "0.25", "bad") == 0.25
    assert ctx.stderr == ""
    assert ping_strtod(ctx, "1x", "bad") == 1.0
    assert ctx.stderr == ("ping: option argument contains garbage: x\n"
                          "ping: this will become fatal error in the future\n")
    assert ping_strtod(Context(ctx.world, ctx.ns), "0x10", "bad") == 16.0
    with pytest.raises(PingExit) as exc:
        ping_strtod(Context(ctx.world, ctx.ns), "inf", "bad timing interval")
    assert exc.value.message == "ping: bad timing interval: inf: Numerical result out of range\n"
    with pytest.raises(PingExit) as exc:
        ping_strtod(Context(ctx.world, ctx.ns), "", "bad linger time")
    assert exc.value.message == "ping: bad linger time: \n"


@pytest.mark.parametrize(("text", "value"), [
    ("10.0.0.1", 0x0A000001), ("10.1", 0x0A000001), ("127.1", 0x7F000001),
    ("0x7f000001", 0x7F000001), ("2130706433", 0x7F000001), ("017700000001", 0x7F000001),
    ("10.0.1", 0x0A000001), ("0", 0), ("1.2.3.0x10", 0x01020310), ("10.0.0.1 junk", 0x0A000001),
])
def test_inet_aton(text: str, value: int) -> None:
    assert inet_aton(text) == value


@pytest.mark.parametrize("text", ["", "10.0.0.300", "1.2.3.4.5", "08", "0x", "a.b.c.d", "1..2",
                                  "256.1", "-1", " 1.2.3.4"])
def test_inet_aton_rejects(text: str) -> None:
    assert inet_aton(text) is None


def test_exact_numeric_form_for_getaddrinfo() -> None:
    assert inet_aton("10.0.0.1 ", exact=True) is None


def test_names_without_dns() -> None:
    assert resolve("localhost", False) == (0x7F000001, "localhost")
    assert resolve("10.2", False) == (0x0A000002, None)
    assert _gai_error("nosuch") == "Temporary failure in name resolution"
    assert _gai_error("x.y.z.") == "Temporary failure in name resolution"
    for bad in ("", "a..b", "*", "-", "foo bar", "10.0.0.1 "):
        assert _gai_error(bad) == "Name or service not known"
    with pytest.raises(PingExit) as exc:
        resolve("127.0.0.1", True)
    assert exc.value.message == "ping: 127.0.0.1: Address family for hostname not supported\n"
