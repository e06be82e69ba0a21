"""The FIB: longest prefix match, metrics and route types, fib_table_insert/delete
semantics, routes following their link, and the net-tools `route` front end."""

from __future__ import annotations

import pytest

from vnet.cli.context import Context
from vnet.cli.route import main as route_main
from vnet.cli.route import proc_net_route
from vnet.net import fib as F
from vnet.net import fib_semantics as fs
from vnet.net import route as rt
from vnet.wire.ipaddr import ip_from_str


def cfg(cidr: str, **kw) -> fs.FibConfig:  # type: ignore[no-untyped-def]
    ip, plen = cidr.split("/")
    kw.setdefault("proto", 3)
    if "gateway" in kw and isinstance(kw["gateway"], str):
        kw["gateway"] = ip_from_str(kw["gateway"])
    return fs.FibConfig(ip_from_str(ip), int(plen), **kw)


def add(stack, cidr: str, **kw) -> F.Route:  # type: ignore[no-untyped-def]
    return fs.table_insert(stack, cfg(cidr, create=True, excl=True, **kw))


def test_longest_prefix_then_metric(two_hosts) -> None:
    stack = two_hosts.ns["a"].ipv4
    dev = two_hosts.dev["veth0"]
    add(stack, "10.9.0.0/16", gateway="10.0.0.2", priority=10)
    add(stack, "10.9.0.0/16", gateway="10.0.0.3", priority=5)
    add(stack, "10.9.1.0/24", gateway="10.0.0.4")
    add(stack, "0.0.0.0/0", gateway="10.0.0.5")
    assert rt.output(stack, ip_from_str("10.9.1.7")).nexthop == ip_from_str("10.0.0.4")
    assert rt.output(stack, ip_from_str("10.9.2.7")).nexthop == ip_from_str("10.0.0.3")
    assert rt.output(stack, ip_from_str("8.8.8.8")).nexthop == ip_from_str("10.0.0.5")
    res = rt.output(stack, ip_from_str("10.0.0.2"))
    assert (res.nexthop, res.dev, res.src) == (ip_from_str("10.0.0.2"), dev,
                                               ip_from_str("10.0.0.1"))


@pytest.mark.parametrize("rtype,errno", [("blackhole", "EINVAL"),
                                         ("unreachable", "EHOSTUNREACH"),
                                         ("prohibit", "EACCES")])
def test_error_route_types(two_hosts, rtype: str, errno: str) -> None:
    stack = two_hosts.ns["a"].ipv4
    add(stack, "10.7.0.0/16", type=rtype)
    with pytest.raises(rt.RouteError) as err:
        rt.output(stack, ip_from_str("10.7.0.1"))
    assert err.value.errno_name == errno
    with pytest.raises(fs.FibError) as ferr:
        add(stack, "10.8.0.0/16", type=rtype, oif=two_hosts.dev["veth0"])
    assert "can not be specified" in (ferr.value.extack or "")


def test_gateway_must_be_reachable_through_a_link_route(two_hosts) -> None:
    stack = two_hosts.ns["a"].ipv4
    with pytest.raises(fs.FibError) as err:
        add(stack, "10.9.0.0/16", gateway="192.168.7.1")
    assert (err.value.errno_name, err.value.extack) == ("ENETUNREACH",
                                                        "Nexthop has invalid gateway")
    add(stack, "10.6.0.0/16", gateway="10.0.0.2")
    with pytest.raises(fs.FibError):       # a gateway behind a gateway route: no
        add(stack, "10.5.0.0/16", gateway="10.6.0.1")
    with pytest.raises(fs.FibError):       # scope link: the gateway needs a host route
        add(stack, "10.4.0.0/16", gateway="10.0.0.2", scope=F.RT_SCOPE_LINK)
    route = add(stack, "10.4.0.0/16", gateway="10.0.0.1", scope=F.RT_SCOPE_LINK)
    assert route.dev is two_hosts.dev["veth0"]      # our own address: its local route
    with pytest.raises(fs.FibError) as err:
        add(stack, "10.3.0.0/16", gateway="10.0.0.2", scope=F.RT_SCOPE_HOST,
            oif=two_hosts.dev["veth0"])
    assert err.value.extack == "Route with host scope can not have a gateway"


def test_insert_flags_as_fib_table_insert(two_hosts) -> None:
    stack = two_hosts.ns["a"].ipv4
    fib = stack.fib
    add(stack, "10.9.0.0/24", gateway="10.0.0.2")
    with pytest.raises(fs.FibError) as err:
        add(stack, "10.9.0.0/24", gateway="10.0.0.3")               # add: EXCL
    assert err.value.errno_name == "EEXIST"
    fs.table_insert(stack, cfg("10.9.0.0/24", gateway="10.0.0.3", create=True))  # prepend
    fs.table_insert(stack, cfg("10.9.0.0/24", gateway="10.0.0.4", create=True,
                               append=True))
    gws = [r.gateway for r in fib.find(F.RT_TABLE_MAIN, ip_from_str("10.9.0.0"), 24)]
    assert gws == [ip_from_str(a) for a in ("10.0.0.3", "10.0.0.2", "10.0.0.4")]
    with pytest.raises(fs.FibError):       # identical to a non-first alias: EEXIST
        fs.table_insert(stack, cfg("10.9.0.0/24", gateway="10.0.0.2", create=True,
                                   replace=True))
    fs.table_insert(stack, cfg("10.9.0.0/24", gateway="10.0.0.5", replace=True))
    gws = [r.gateway for r in fib.find(F.RT_TABLE_MAIN, ip_from_str("10.9.0.0"), 24)]
    assert gws[0] == ip_from_str("10.0.0.5") and len(gws) == 3
    with pytest.raises(fs.FibError) as err:                          # change: ENOENT
        fs.table_insert(stack, cfg("10.8.0.0/24", gateway="10.0.0.5", replace=True))
    assert err.value.errno_name == "ENOENT"


def test_delete_matches_given_fields_first_alias(two_hosts) -> None:
    stack = two_hosts.ns["a"].ipv4
    add(stack, "10.9.0.0/24", gateway="10.0.0.2", priority=5)
    add(stack, "10.9.0.0/24", gateway="10.0.0.3", priority=7)
    with pytest.raises(fs.FibError) as err:
        fs.table_delete(stack, cfg("10.9.0.0/24", priority=6, type=None,
                                   scope=F.RT_SCOPE_NOWHERE))
    assert err.value.errno_name == "ESRCH"
    gone = fs.table_delete(stack, cfg("10.9.0.0/24", type=None, proto=0,
                                      scope=F.RT_SCOPE_NOWHERE))
    assert gone.gateway == ip_from_str("10.0.0.2")


def test_routes_follow_their_link(two_hosts) -> None:
    """Down flushes every route through the device except host-scope ones; up brings
    back the kernel's (from the addresses), not the user's; carrier loss keeps them."""
    lab = two_hosts
    stack = lab.ns["a"].ipv4
    dev = lab.dev["veth0"]
    add(stack, "10.9.0.0/24", gateway="10.0.0.2")
    add(stack, "10.8.0.0/24", oif=dev, scope=F.RT_SCOPE_HOST)
    lab.dev["veth1"].set_down()                   # carrier loss only
    routes = list(stack.fib.tables[F.RT_TABLE_MAIN].routes())
    assert [r.linkdown for r in routes] == [True, False, True]   # host scope: never
    lab.dev["veth1"].set_up()
    dev.set_down()
    routes = list(stack.fib.tables[F.RT_TABLE_MAIN].routes())
    assert [(r.dst, r.scope) for r in routes] == [(ip_from_str("10.8.0.0"), F.RT_SCOPE_HOST)]
    dev.set_up()
    routes = list(stack.fib.tables[F.RT_TABLE_MAIN].routes())
    assert sorted((r.dst, r.proto) for r in routes) == [
        (ip_from_str("10.0.0.0"), F.RTPROT_KERNEL), (ip_from_str("10.8.0.0"), 3)]


def run(ns, argv: list[str]) -> tuple[int, str, str]:  # type: ignore[no-untyped-def]
    ctx = Context(ns.world, ns)
    status = route_main(ctx, argv)
    return status, ctx.stdout, ctx.stderr


def test_route_command_add_show_del(two_hosts) -> None:
    ns = two_hosts.ns["a"]
    assert run(ns, ["add", "default", "gw", "10.0.0.2"])[0] == 0
    assert run(ns, ["add", "-net", "10.9.0.0", "netmask", "255.255.0.0", "gw", "10.0.0.3",
                    "metric", "4"])[0] == 0
    assert run(ns, ["add", "-host", "10.8.0.1", "reject"])[0] == 0
    status, out, _ = run(ns, ["-n"])
    assert status == 0
    assert out.splitlines() == [
        "Kernel IP routing table",
        "Destination     Gateway         Genmask         Flags Metric Ref    Use Iface",
        "0.0.0.0         10.0.0.2        0.0.0.0         UG    0      0        0 veth0",
        "10.0.0.0        0.0.0.0         255.255.255.0   U     0      0        0 veth0",
        "10.8.0.1        -               255.255.255.255 !H    0      -        0 -",
        "10.9.0.0        10.0.0.3        255.255.0.0     UG    4      0        0 veth0",
    ]
    assert run(ns, [])[1].splitlines()[2].startswith("default         10.0.0.2")
    assert run(ns, ["add", "-net", "10.9.0.0", "netmask", "255.255.0.0", "gw", "10.0.0.3",
                    "metric", "4"]) == (7, "", "SIOCADDRT: File exists\n")
    assert run(ns, ["add", "-net", "10.7.0.0/16", "gw", "10.5.5.5"]) == \
        (7, "", "SIOCADDRT: Network is unreachable\n")
    assert run(ns, ["del", "-net", "10.6.0.0/16"]) == (7, "", "SIOCDELRT: No such process\n")
    status, _, err = run(ns, ["add", "-net", "10.9.0.1", "netmask", "255.255.0.0", "dev",
                              "veth0"])
    assert status == 3 and err.startswith("route: netmask doesn't match route address\n"
                                          "Usage: inet_route")
    assert run(ns, ["del", "default"])[0] == 0
    text = proc_net_route(ns)
    lines = text.splitlines()
    assert lines[0].startswith("Iface\tDestination\tGateway") and len(lines[0]) == 127
    assert lines[1].split("\t")[:4] == ["veth0", "0000000A", "00000000", "0001"]
