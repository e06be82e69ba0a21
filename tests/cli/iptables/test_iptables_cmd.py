"""iptables command parsing and rendering, straight through a Context."""

from __future__ import annotations

import pytest

from vnet.cli.context import Context
from vnet.cli.iptables import main as ipt
from vnet.cli.iptables import save
from vnet.sim import new_world


@pytest.fixture
def ctx() -> Context:
    world = new_world(seed=1)
    return Context(world, world.init_ns)


def run(ctx: Context, line: str) -> tuple[int, str, str]:
    sub = Context(ctx.world, ctx.ns)
    status = ipt.main(sub, line.split())
    return status, sub.stdout, sub.stderr


def test_empty_listing(ctx: Context) -> None:
    status, out, _ = run(ctx, "-L")
    assert status == 0
    assert out.startswith("Chain INPUT (policy ACCEPT)\n"
                          "target     prot opt source               destination         \n\n")


def test_rule_rendering_numeric_and_names(ctx: Context) -> None:
    assert run(ctx, "-A INPUT -s 10.0.0.0/8 -p tcp --dport 22 -j ACCEPT")[0] == 0
    _, out, _ = run(ctx, "-L INPUT -n")
    assert out.splitlines()[2] == ("ACCEPT     6    --  10.0.0.0/8           0.0.0.0/0    "
                                   "        tcp dpt:22")
    _, out, _ = run(ctx, "-L INPUT")
    assert out.splitlines()[2].endswith("anywhere             tcp dpt:ssh")
    _, out, _ = run(ctx, "-S INPUT")
    assert out == "-P INPUT ACCEPT\n-A INPUT -s 10.0.0.0/8 -p tcp -m tcp --dport 22 -j ACCEPT\n"


def test_negations_and_matches_save_form(ctx: Context) -> None:
    run(ctx, "-A FORWARD ! -s 1.2.3.4 -o eth0 -p icmp --icmp-type echo-request -j REJECT "
             "--reject-with icmp-host-unreachable")
    run(ctx, "-A FORWARD -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT")
    run(ctx, "-A FORWARD -p udp ! --dport 53 -j DROP")
    _, out, _ = run(ctx, "-S FORWARD")
    assert out.splitlines()[1:] == [
        "-A FORWARD ! -s 1.2.3.4/32 -o eth0 -p icmp -m icmp --icmp-type 8 -j REJECT "
        "--reject-with icmp-host-unreachable",
        "-A FORWARD -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT",
        "-A FORWARD -p udp -m udp ! --dport 53 -j DROP"]


@pytest.mark.parametrize(("line", "status", "err"), [
    ("-A INPUT -j FOO", 2, "Chain 'FOO' does not exist"),
    ("-D INPUT -s 9.9.9.9 -j DROP", 1,
     "iptables: Bad rule (does a matching rule exist in that chain?)."),
    ("-A NOPE -j DROP", 1, "iptables: No chain/target/match by that name."),
    ("-X INPUT", 4, "CHAIN_DEL failed (Device or resource busy): chain INPUT"),
    ("--bogus", 2, 'unknown option "--bogus"'),
    ("-A INPUT -p tcp --dport 99999 -j DROP", 2, "invalid port/service `99999' specified"),
    ("-A INPUT -s 300.1.1.1 -j DROP", 2, "host/network `300.1.1.1' not found"),
    ("-t bogus -L", 3, "table 'bogus' does not exist"),
    ("-P INPUT FOO", 1, "iptables: Bad policy name."),
    ("", 2, "no command specified"),
    ("-A INPUT -j MASQUERADE", 4, "RULE_APPEND failed (Invalid argument)"),
])
def test_errors(ctx: Context, line: str, status: int, err: str) -> None:
    got, _, stderr = run(ctx, line)
    assert got == status
    assert err in stderr


def test_chain_lifecycle(ctx: Context) -> None:
    assert run(ctx, "-N MY")[0] == 0
    assert run(ctx, "-N MY")[2] == "iptables: Chain already exists.\n"
    run(ctx, "-A INPUT -j MY")
    assert run(ctx, "-X MY")[0] == 4
    _, out, _ = run(ctx, "-L MY")
    assert out.startswith("Chain MY (1 references)\n")
    run(ctx, "-D INPUT 1")
    assert run(ctx, "-X MY")[0] == 0


def test_insert_replace_check(ctx: Context) -> None:
    run(ctx, "-A INPUT -j ACCEPT")
    run(ctx, "-I INPUT -s 1.1.1.1 -j DROP")
    assert run(ctx, "-C INPUT -s 1.1.1.1 -j DROP")[0] == 0
    assert run(ctx, "-R INPUT 2 -d 2.2.2.2 -j DROP")[0] == 0
    assert run(ctx, "-C INPUT -j ACCEPT")[0] == 1
    assert run(ctx, "-R INPUT 3 -j ACCEPT")[2] == "iptables: Index of replacement too big.\n"


def test_nat_targets_render(ctx: Context) -> None:
    run(ctx, "-t nat -A POSTROUTING -o eth0 -j MASQUERADE")
    run(ctx, "-t nat -A PREROUTING -p udp --dport 80 -j DNAT --to-destination 10.0.0.2:8080")
    run(ctx, "-t nat -A PREROUTING -p tcp --dport 81 -j REDIRECT --to-ports 8080")
    _, out, _ = run(ctx, "-t nat -L -n")
    assert "udp dpt:80 to:10.0.0.2:8080" in out
    assert "tcp dpt:81 redir ports 8080" in out
    sub = Context(ctx.world, ctx.ns)
    save.save_main(sub, [])
    assert "*nat\n:PREROUTING ACCEPT [0:0]\n" in sub.stdout
    assert "-A POSTROUTING -o eth0 -j MASQUERADE\n" in sub.stdout


def test_restore_round_trip(ctx: Context) -> None:
    run(ctx, "-N LOGDROP")
    run(ctx, "-A INPUT -p icmp -j LOGDROP")
    run(ctx, "-A LOGDROP -j LOG --log-prefix x:")
    first = Context(ctx.world, ctx.ns)
    save.save_main(first, [])
    ipt.main(Context(ctx.world, ctx.ns), ["-F"])
    ipt.main(Context(ctx.world, ctx.ns), ["-X"])
    restore = Context(ctx.world, ctx.ns, stdin=first.stdout)
    assert save.restore_main(restore, []) == 0
    again = Context(ctx.world, ctx.ns)
    save.save_main(again, [])
    assert again.stdout == first.stdout


def test_counters_format() -> None:
    from vnet.cli.iptables.render import _num

    assert _num(99999, False) == "99999 "
    assert _num(100000, False) == " 100K "
    assert _num(123456789, False) == " 123M "
    assert _num(5, True) == "       5 "
