"""Benchmark topologies, described once and realised in the simulator or as a kernel script.

A :class:`Plan` lists namespaces, veth pairs, bridges with their ports and addresses
(DESIGN.md "Describe, then realise"). :func:`realise_sim` builds it with the Python API
(``rtnl.add_veth`` / ``add_bridge`` / ``set_master`` / ``set_netns``, ``addr.add``,
``dev.set_up``); :func:`kernel_script` prints the ``ip`` commands that build the very same
topology in the kernel sandbox, so the sim and kernel numbers measure one network.

* :func:`chain` — ``ns1 eth0 ─ veth ─ br0@sw1 ─ veth ─ … ─ br0@swN ─ veth ─ eth0 ns2``:
  N bridges, each in its own namespace, joined by veths (a switch's port toward
  namespace X is ``to-X``); ns1 is 10.0.0.1/24 and ns2 10.0.0.2/24 on one L2 segment.
* :func:`routers` — ``ns1 ─ r1 ─ … ─ rN ─ ns2``: N forwarding routers in a row, one
  /24 per link, static routes each way (routed echo round trips).
* :func:`star` — N host namespaces ``h0…h{N-1}``, each ``eth0`` a veth whose peer
  ``v{i}`` is a port of ``br0`` in the ``hub`` namespace; all in 10.0.0.0/16.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from vnet.link import rtnl
from vnet.net import fib_semantics
from vnet.net.addr import InetAddr
from vnet.net.addr import add as addr_add
from vnet.wire.ipaddr import ip_from_str

if TYPE_CHECKING:
    from vnet.core.netns import Namespace
    from vnet.core.world import World


@dataclass
class Plan:
    """What to build. Every device listed here (and every ``lo``) ends up up."""

    namespaces: list[str] = field(default_factory=list)
    #: (namespace, name, peer namespace, peer name)
    veths: list[tuple[str, str, str, str]] = field(default_factory=list)
    #: (namespace, bridge name, port names in that namespace)
    bridges: list[tuple[str, str, list[str]]] = field(default_factory=list)
    #: (namespace, device, "a.b.c.d/len")
    addrs: list[tuple[str, str, str]] = field(default_factory=list)
    #: where the echo requests start from and go to (namespace, address)
    src: tuple[str, str] = ("", "")
    dst: tuple[str, str] = ("", "")
    #: (namespace, "prefix/len", gateway) static routes; namespaces that forward
    routes: list[tuple[str, str, str]] = field(default_factory=list)
    forwarding: list[str] = field(default_factory=list)


def chain(bridges: int) -> Plan:
    """``bridges`` bridges in a row between ns1 and ns2 (see the module doc)."""
    if bridges < 1:
        raise ValueError("a chain needs at least one bridge")
    plan = Plan(namespaces=["ns1", "ns2"])
    switches = [f"sw{k}" for k in range(1, bridges + 1)]
    plan.namespaces += switches
    # a switch's port toward namespace X is named "to-X"
    path = ["ns1", *switches, "ns2"]
    for a, b in zip(path, path[1:], strict=False):
        plan.veths.append((a, "eth0" if a == "ns1" else f"to-{b}",
                           b, "eth0" if b == "ns2" else f"to-{a}"))
    for left, sw, right in zip(path, path[1:], path[2:], strict=False):
        plan.bridges.append((sw, "br0", [f"to-{left}", f"to-{right}"]))
    plan.addrs += [("ns1", "eth0", "10.0.0.1/24"), ("ns2", "eth0", "10.0.0.2/24")]
    plan.src = ("ns1", "10.0.0.1")
    plan.dst = ("ns2", "10.0.0.2")
    return plan


def routers(count: int) -> Plan:
    """``ns1 ─ r1 ─ … ─ rN ─ ns2``: N routers in a row, link k is 10.0.k.0/24 (ns1 is
    10.0.0.1, ns2 10.0.N.2); every router forwards and has a route each way."""
    if count < 1:
        raise ValueError("a chain needs at least one router")
    rs = [f"r{k}" for k in range(1, count + 1)]
    plan = Plan(namespaces=["ns1", *rs, "ns2"], forwarding=list(rs))
    path = ["ns1", *rs, "ns2"]
    for k, (a, b) in enumerate(zip(path, path[1:], strict=False)):
        # a router's interface toward namespace X is named "to-X"
        a_dev = "eth0" if a == "ns1" else f"to-{b}"
        b_dev = "eth0" if b == "ns2" else f"to-{a}"
        plan.veths.append((a, a_dev, b, b_dev))
        plan.addrs.append((a, a_dev, f"10.0.{k}.1/24"))
        plan.addrs.append((b, b_dev, f"10.0.{k}.2/24"))
    plan.routes.append(("ns1", "0.0.0.0/0", "10.0.0.2"))
    plan.routes.append(("ns2", "0.0.0.0/0", f"10.0.{count}.1"))
    for k, r in enumerate(rs, start=1):
        if k < count:
            plan.routes.append((r, f"10.0.{count}.0/24", f"10.0.{k}.2"))
        if k > 1:
            plan.routes.append((r, "10.0.0.0/24", f"10.0.{k - 1}.1"))
    plan.src = ("ns1", "10.0.0.1")
    plan.dst = ("ns2", f"10.0.{count}.2")
    return plan


def star_host_ip(i: int) -> str:
    """Host ``h{i}``'s address in 10.0.0.0/16 (the hub's bridge is 10.0.255.254)."""
    n = i + 1
    return f"10.0.{n >> 8}.{n & 0xFF}"


def star(hosts: int) -> Plan:
    """``hosts`` namespaces each joined by a veth to one bridge in ``hub``."""
    if not 1 <= hosts < 65000:
        raise ValueError("1 <= hosts < 65000")
    plan = Plan(namespaces=["hub"])
    ports = []
    for i in range(hosts):
        ns = f"h{i}"
        plan.namespaces.append(ns)
        plan.veths.append((ns, "eth0", "hub", f"v{i}"))
        plan.addrs.append((ns, "eth0", f"{star_host_ip(i)}/16"))
        ports.append(f"v{i}")
    plan.bridges.append(("hub", "br0", ports))
    plan.addrs.append(("hub", "br0", "10.0.255.254/16"))
    plan.src = ("h0", star_host_ip(0))
    plan.dst = (f"h{hosts - 1}", star_host_ip(hosts - 1))
    return plan


def realise_sim(world: World, plan: Plan) -> dict[str, Namespace]:
    """Build ``plan`` in ``world`` through the same calls `ip` uses; returns namespaces."""
    spaces = {name: world.add_netns(name) for name in plan.namespaces}
    for ns_name, br_name, _ports in plan.bridges:
        rtnl.add_bridge(spaces[ns_name], br_name)
    for ns_name, name, peer_ns, peer_name in plan.veths:
        # ip -n NS link add NAME type veth peer name PEER; ip -n NS link set PEER netns PEER_NS
        _dev, peer = rtnl.add_veth(spaces[ns_name], name, peer_name)
        rtnl.set_netns(peer, spaces[peer_ns])
    for ns_name, br_name, ports in plan.bridges:
        ns = spaces[ns_name]
        br = ns.get(br_name)
        for port in ports:
            rtnl.set_master(ns.get(port), br)
    for ns_name, dev_name, cidr in plan.addrs:
        ns = spaces[ns_name]
        local, plen = cidr.split("/")
        addr_add(ns.ipv4, InetAddr(ns.get(dev_name), ip_from_str(local), int(plen)))
    for ns in spaces.values():
        for dev in ns.devices():
            dev.set_up()
    for ns_name in plan.forwarding:
        spaces[ns_name].sysctl.set("net.ipv4.ip_forward", "1")
    for ns_name, cidr, gateway in plan.routes:
        prefix, plen = cidr.split("/")
        fib_semantics.table_insert(spaces[ns_name].ipv4, fib_semantics.FibConfig(
            ip_from_str(prefix), int(plen), proto=3, gateway=ip_from_str(gateway),
            create=True, excl=True))
    return spaces


def kernel_script(plan: Plan) -> list[str]:
    """The bash lines that build ``plan`` with iproute2 (for the kernel sandbox only)."""
    lines = [f"ip netns add {ns}" for ns in plan.namespaces]
    for ns, br, _ports in plan.bridges:
        lines.append(f"ip -n {ns} link add {br} type bridge")
    for ns, name, peer_ns, peer_name in plan.veths:
        lines.append(f"ip -n {ns} link add {name} type veth peer name {peer_name}")
        lines.append(f"ip -n {ns} link set {peer_name} netns {peer_ns}")
    for ns, br, ports in plan.bridges:
        lines += [f"ip -n {ns} link set {port} master {br}" for port in ports]
    lines += [f"ip -n {ns} addr add {cidr} dev {dev}" for ns, dev, cidr in plan.addrs]
    up: dict[str, list[str]] = {ns: ["lo"] for ns in plan.namespaces}
    for ns, br, _ports in plan.bridges:
        up[ns].append(br)
    for ns, name, peer_ns, peer_name in plan.veths:
        up[ns].append(name)
        up[peer_ns].append(peer_name)
    for ns, devs in up.items():
        lines += [f"ip -n {ns} link set {dev} up" for dev in devs]
    lines += [f"ip netns exec {ns} sysctl -qw net.ipv4.ip_forward=1" for ns in plan.forwarding]
    lines += [f"ip -n {ns} route add {cidr} via {gw}" for ns, cidr, gw in plan.routes]
    return lines
