"""nc against vnet serve in the simulator: what a script sees."""

from __future__ import annotations

import pytest

from vnet.backend.sim import run_text

SETUP = """
ip netns add a
ip netns add b
ip link add eth0 netns a type veth peer name eth0 netns b
ip -n a addr add 10.0.0.1/24 dev eth0
ip -n b addr add 10.0.0.2/24 dev eth0
ip -n a link set eth0 up
ip -n b link set eth0 up
ip netns exec b vnet serve tcp 80 reply "hi %a"
ip netns exec b vnet serve tcp 7
ip netns exec b vnet serve udp 7
"""


def run(text: str) -> str:
    result, _ = run_text(SETUP + text)
    return result.output


@pytest.mark.parametrize("line,expected", [
    ("ip netns exec a nc -z 10.0.0.2 80; echo $?", "0\n"),
    ("ip netns exec a nc -z 10.0.0.2 81; echo $?", "1\n"),
    ("ip netns exec a nc -zv 10.0.0.2 81; echo $?",
     "nc: connect to 10.0.0.2 port 81 (tcp) failed: Connection refused\n1\n"),
    ("ip netns exec a nc -zv 10.0.0.2 80", "Connection to 10.0.0.2 80 port [tcp/http] succeeded!\n"),
    ("echo x | ip netns exec a nc -w1 10.0.0.2 80", "hi 10.0.0.1\n"),
    ("echo abc | ip netns exec a nc -N 10.0.0.2 7", "abc\n"),
    ("echo abc | ip netns exec a nc -u -w1 10.0.0.2 7", "abc\n"),
    ("ip netns exec a nc -zv -w2 10.0.0.3 7; echo $?",
     "nc: connect to 10.0.0.3 port 7 (tcp) timed out: Operation now in progress\n1\n"),
])
def test_nc_client(line: str, expected: str) -> None:
    assert run(line) == expected


def test_nc_without_timeout_against_a_server_that_never_closes_is_unsupported() -> None:
    out = run("echo x | ip netns exec a nc 10.0.0.2 80")
    assert "unsupported: nc waiting forever" in out


def test_nc_listen_is_unsupported() -> None:
    assert "unsupported: nc -l" in run("nc -l 8080")


def test_serve_errors() -> None:
    assert run("ip netns exec b vnet serve tcp 80; echo $?") == \
        "vnet serve: tcp port 80: Address already in use\n1\n"
    assert run("vnet serve tcp; echo $?") == "Usage: vnet serve tcp|udp PORT [reply TEXT]\n2\n"


def test_timing_of_minus_w_is_idle_time() -> None:
    result, world = run_text(SETUP)
    start = world.now
    run_text("echo x | ip netns exec a nc -w3 10.0.0.2 80", world=world)
    assert 3.0 <= (world.now - start) / 1e9 < 3.1
