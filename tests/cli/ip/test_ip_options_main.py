"""Global options and object dispatch (ip/ip.c): prefix order, usage, version, errors."""

from __future__ import annotations

from vnet.cli.ip.usage import IP as USAGE


def test_version(ip) -> None:  # type: ignore[no-untyped-def]
    r = ip("-V")
    assert (r.status, r.out) == (0, "ip utility, iproute2-6.1.0, libbpf 1.1.2\n")


def test_usage_and_help_exit_255(ip) -> None:  # type: ignore[no-untyped-def]
    for argv in ((), ("help",), ("-h",)):
        r = ip(*argv)
        assert (r.status, r.err) == (255, USAGE)


def test_unknown_object_and_option(ip) -> None:  # type: ignore[no-untyped-def]
    assert ip("xyz").err == 'Object "xyz" is unknown, try "ip help".\n'
    assert ip("xyz").status == 1
    r = ip("-frob", "link")
    assert (r.status, r.err) == (255, 'Option "-frob" is unknown, try "ip -help".\n')
    r = ip("-family", "bogus", "link")
    assert r.err == 'Error: argument "bogus" is wrong: invalid protocol family\n'


def test_object_abbreviations(ip) -> None:  # type: ignore[no-untyped-def]
    assert ip("l").out == ip("link", "show").out
    assert ip("a").out == ip("address", "show").out
    assert ip("r").out == ip("route", "show").out


def test_netns_option(ip, world) -> None:  # type: ignore[no-untyped-def]
    r = ip("-n", "nosuch", "link")
    assert (r.status, r.err) == (255, 'Cannot open network namespace "nosuch": '
                                      "No such file or directory\n")
    r = ip("-n")
    assert r.err == 'Cannot open network namespace "(null)": No such file or directory\n'
    world.add_netns("a")
    assert ip("-n", "a", "link").out.startswith("1: lo:")


def test_json_and_brief_and_oneline(ip) -> None:  # type: ignore[no-untyped-def]
    assert ip("-j", "link", "show", "lo").out.startswith('[{"ifindex":1,"ifname":"lo"')
    assert ip("-br", "link", "show", "lo").out == (
        "lo               DOWN           00:00:00:00:00:00 <LOOPBACK> \n")
    assert "\\    link/loopback" in ip("-o", "link", "show", "lo").out


def test_colour_always(ip) -> None:  # type: ignore[no-untyped-def]
    out = ip("-c", "link", "show", "lo").out
    assert out.startswith("1: \x1b[36mlo: \x1b[0m<LOOPBACK>")
    assert "\x1b" not in ip("-c=never", "link", "show", "lo").out
    assert "\x1b" not in ip("-c", "-j", "link", "show", "lo").out
