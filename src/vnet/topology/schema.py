"""Topology files: a network described rather than typed, read from TOML (or JSON).

The description names nodes (network namespaces, bridges, VXLAN devices, and the
reserved node `host`, the namespace vnet starts in), the veth links between them,
addresses, routes and sysctls, and optionally the commands to run once it is up. `vnet.topology.script` turns
it into the same `ip`/`sysctl` command lines a lab script would have, so it runs
unchanged in the simulator and in the kernel sandbox (Mininet's Topo and containerlab's
topology file are the models; the schema is vnet's own):

    [nodes.c1]                          # a network namespace
    addresses = { eth0 = "172.17.0.2/16" }
    routes = ["default via 172.17.0.1"]

    [nodes.docker0]
    kind = "bridge"                     # lives in `host` unless netns = "..." says
    addresses = ["172.17.0.1/16"]       # (name = "..." names the device otherwise)

    [nodes.vx]                          # a VXLAN device (port 4789 unless dstport says)
    kind = "vxlan"
    id = 42
    remote = "192.168.2.10"
    dev = "eth1"
    bridge = "docker0"                  # a port of that bridge

    [[links]]                           # a veth pair; on a bridge, a port of it
    endpoints = ["c1:eth0", "docker0:veth1"]

    run = ["ip netns exec c1 ping -c 1 172.17.0.1"]   # (top level, before any table)
    sysctl = { "net.ipv6.conf.all.disable_ipv6" = 1 }  # every namespace the file makes

Everything is checked before anything is built: an unknown key, a link to a node that
is not described, an interface named twice, a malformed address or a value of the wrong
type is a `TopologyError` naming the place (`links[2].endpoints[1]: ...`).
"""

from __future__ import annotations

import json
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HOST = "host"
KINDS = ("netns", "bridge", "vxlan")
DEVICE_KINDS = ("bridge", "vxlan")          # nodes that are one device in a namespace
_NAME = re.compile(r"^[A-Za-z0-9_.-]{1,15}$")        # IFNAMSIZ, and names `ip netns` takes
_MAC = re.compile(r"^[0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){5}$")
_ADDR = re.compile(r"^\d{1,3}(\.\d{1,3}){3}(/\d{1,2})?$")


class TopologyError(Exception):
    """A topology file that cannot be used; the message names the place."""


@dataclass
class Vxlan:
    """A vxlan node's `ip link add ... type vxlan` options."""
    vni: int
    remote: str | None = None
    local: str | None = None
    dev: str | None = None
    dstport: int = 4789
    learning: bool = True
    ageing: int | None = None


@dataclass
class Node:
    name: str
    kind: str = "netns"
    netns: str = HOST                     # a device node's namespace
    ifname: str = ""                      # a device node's device name (default: name)
    lo: bool = True                       # bring lo up (a namespace)
    forward: bool = False                 # net.ipv4.ip_forward = 1
    stp: bool = False                     # a bridge's stp_state
    mcast_snooping: bool = True           # a bridge's mcast_snooping
    bridge: str | None = None             # a device node enslaved to this bridge node
    vxlan: Vxlan | None = None
    addresses: dict[str, list[str]] = field(default_factory=dict)   # ifname -> CIDRs
    routes: list[str] = field(default_factory=list)
    sysctl: dict[str, str] = field(default_factory=dict)

    @property
    def namespace(self) -> str:
        """The namespace the node's devices live in."""
        return self.netns if self.kind in DEVICE_KINDS else self.name


@dataclass
class Endpoint:
    node: str
    ifname: str
    mac: str | None = None


@dataclass
class Link:
    a: Endpoint
    b: Endpoint
    mtu: int | None = None


@dataclass
class Topology:
    nodes: dict[str, Node]
    links: list[Link]
    run: list[str]
    source: str = ""


def load(path: str | Path) -> Topology:
    """Read and check a topology file (.toml, or .json)."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except OSError as err:
        raise TopologyError(f"{p}: {err.strerror}") from None
    except UnicodeDecodeError:
        raise TopologyError(f"{p}: not a text file") from None
    return loads(text, json_format=p.suffix == ".json", source=str(p))


def loads(text: str, json_format: bool = False, source: str = "topology") -> Topology:
    try:
        data = json.loads(text) if json_format else tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise TopologyError(f"{source}: not valid TOML: {err}") from None
    except json.JSONDecodeError as err:
        raise TopologyError(f"{source}: not valid JSON: {err.msg} (at line {err.lineno}, "
                            f"column {err.colno})") from None
    if not isinstance(data, dict):
        raise TopologyError(f"{source}: the top level must be a table")
    try:
        topo = _topology(data)
    except TopologyError as err:
        raise TopologyError(f"{source}: {err}") from None
    topo.source = source
    return topo


# -- checking -------------------------------------------------------------------------------

def _keys(where: str, table: dict[str, Any], allowed: tuple[str, ...]) -> None:
    for key in table:
        if key not in allowed:
            raise TopologyError(f"{where}: unknown key {key!r} (expected one of: "
                                f"{', '.join(allowed)})")


def _typed(where: str, value: Any, kind: type | tuple[type, ...], what: str) -> Any:
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise TopologyError(f"{where}: expected {what}, got {_show(value)}")
    return value


def _show(value: Any) -> str:
    return json.dumps(value) if isinstance(value, (str, int, float, bool, list, dict)) \
        else type(value).__name__


def _name(where: str, value: Any) -> str:
    name = _typed(where, value, str, "a name")
    if not _NAME.match(name) or name in (".", ".."):
        raise TopologyError(f"{where}: {name!r} is not a usable name (1-15 letters, digits, "
                            "'_', '-' or '.')")
    return name


def _strings(where: str, value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    items = _typed(where, value, list, "a string or a list of strings")
    for i, item in enumerate(items):
        _typed(f"{where}[{i}]", item, str, "a string")
    return list(items)


def _address(where: str, text: str) -> str:
    if not _ADDR.match(text) or any(int(p) > 255 for p in text.split("/")[0].split(".")) \
            or ("/" in text and int(text.split("/")[1]) > 32):
        raise TopologyError(f"{where}: {text!r} is not an IPv4 address (A.B.C.D/LEN)")
    return text


def _node(name: str, table: Any) -> Node:
    where = f"nodes.{name}"
    _name(where, name)
    table = _typed(where, table, dict, "a table")
    _keys(where, table, ("kind", "netns", "name", "lo", "forward", "stp", "mcast_snooping",
                         "bridge",
                         "addresses", "routes", "sysctl", *_VXLAN_KEYS))
    node = Node(name, lo=name != HOST)      # lo comes up in a node's own namespace
    node.kind = _typed(f"{where}.kind", table.get("kind", "netns"), str, "a string")
    if node.kind not in KINDS:
        raise TopologyError(f"{where}.kind: {node.kind!r} is not a node kind (expected one "
                            f"of: {', '.join(KINDS)})")
    if name == HOST and node.kind != "netns":
        raise TopologyError(f"{where}: 'host' is the namespace vnet starts in, not a "
                            f"{node.kind}")
    if node.kind in DEVICE_KINDS:
        node.netns = _name(f"{where}.netns", table.get("netns", HOST))
        node.ifname = _name(f"{where}.name", table.get("name", name))
        if "bridge" in table:
            node.bridge = _name(f"{where}.bridge", table["bridge"])
    else:
        for key in ("netns", "name", "bridge"):
            if key in table:
                raise TopologyError(f"{where}.{key}: only a bridge or vxlan node has a "
                                    f"{key}")
    if node.kind == "vxlan":
        node.vxlan = _vxlan(where, table)
    else:
        for key in _VXLAN_KEYS:
            if key in table:
                raise TopologyError(f"{where}.{key}: only a vxlan node has {key!r}")
    for key in ("lo", "forward", "stp", "mcast_snooping"):
        if key in table:
            setattr(node, key, _typed(f"{where}.{key}", table[key], bool, "true or false"))
    for key in ("stp", "mcast_snooping"):
        if key in table and node.kind != "bridge":
            raise TopologyError(f"{where}.{key}: only a bridge has {key!r}")
    addresses = table.get("addresses", {})
    if node.kind in DEVICE_KINDS and not isinstance(addresses, dict):
        addresses = {node.ifname: addresses}  # the device's own addresses
    addresses = _typed(f"{where}.addresses", addresses, dict,
                       "a table of interface = address(es)")
    for ifname, value in addresses.items():
        _name(f"{where}.addresses", ifname)
        node.addresses[ifname] = [_address(f"{where}.addresses.{ifname}", a)
                                  for a in _strings(f"{where}.addresses.{ifname}", value)]
    node.routes = _strings(f"{where}.routes", table.get("routes", []))
    node.sysctl = _sysctls(f"{where}.sysctl", table.get("sysctl", {}))
    return node


def _sysctls(where: str, table: Any) -> dict[str, str]:
    table = _typed(where, table, dict, "a table")
    out = {}
    for key, value in table.items():
        if not re.match(r"^net\.[A-Za-z0-9_.\-/]+$", key):
            raise TopologyError(f"{where}: {key!r} is not a net.* sysctl")
        _typed(f"{where}.{key}", value, (str, int), "a string or a number")
        out[key] = str(value)
    return out


_VXLAN_KEYS = ("id", "remote", "local", "dev", "dstport", "learning", "ageing")


def _vxlan(where: str, table: dict[str, Any]) -> Vxlan:
    if "id" not in table:
        raise TopologyError(f"{where}: a vxlan node needs an id (its VNI)")
    vni = _typed(f"{where}.id", table["id"], int, "a number")
    if not 0 <= vni < 1 << 24:
        raise TopologyError(f"{where}.id: {vni} is not a VNI (0-16777215)")
    vx = Vxlan(vni)
    for key in ("remote", "local"):
        if key in table:
            text = _address(f"{where}.{key}", _typed(f"{where}.{key}", table[key], str,
                                                     "an IPv4 address"))
            if "/" in text:
                raise TopologyError(f"{where}.{key}: {text!r} is an address, not a prefix")
            setattr(vx, key, text)
    if "dev" in table:
        vx.dev = _name(f"{where}.dev", table["dev"])
    if "dstport" in table:
        vx.dstport = _typed(f"{where}.dstport", table["dstport"], int, "a number")
        if not 0 <= vx.dstport <= 65535:
            raise TopologyError(f"{where}.dstport: {vx.dstport} is not a port")
    if "learning" in table:
        vx.learning = _typed(f"{where}.learning", table["learning"], bool, "true or false")
    if "ageing" in table:
        vx.ageing = _typed(f"{where}.ageing", table["ageing"], int, "a number of seconds")
    return vx


def _endpoint(where: str, value: Any, nodes: dict[str, Node]) -> Endpoint:
    mac = None
    if isinstance(value, dict):
        _keys(where, value, ("interface", "mac"))
        if "mac" in value:
            mac = _typed(f"{where}.mac", value["mac"], str, "a MAC address")
            if not _MAC.match(mac) or int(mac[:2], 16) & 1 or mac == "00:00:00:00:00:00":
                raise TopologyError(f"{where}.mac: {mac!r} is not a unicast MAC address")
        value = value.get("interface")
    text = _typed(where, value, str, '"node:interface"')
    node, sep, ifname = text.partition(":")
    if not sep:
        raise TopologyError(f"{where}: {text!r} is not \"node:interface\"")
    if node not in nodes:
        raise TopologyError(f"{where}: node {node!r} is not described under [nodes]")
    if nodes[node].kind == "vxlan":
        raise TopologyError(f"{where}: {node!r} is a vxlan node, not a place for a link end")
    return Endpoint(node, _name(where, ifname), mac)


def _topology(data: dict[str, Any]) -> Topology:
    _keys("top level", data, ("nodes", "links", "run", "sysctl"))
    common = _sysctls("sysctl", data.get("sysctl", {}))
    nodes_table = _typed("nodes", data.get("nodes", {}), dict, "a table of nodes")
    nodes = {name: _node(name, table) for name, table in nodes_table.items()}
    nodes.setdefault(HOST, Node(HOST, lo=False))   # links may end in it without a table
    for node in nodes.values():
        if node.kind == "netns" and node.name != HOST:
            node.sysctl = {**common, **node.sysctl}
    for node in nodes.values():
        if node.kind in DEVICE_KINDS and node.netns != HOST and \
                (node.netns not in nodes or nodes[node.netns].kind != "netns"):
            raise TopologyError(f"nodes.{node.name}.netns: {node.netns!r} is not a "
                                "namespace node")
    links: list[Link] = []
    seen: dict[tuple[str, str], str] = {}
    for node in nodes.values():
        if node.kind in DEVICE_KINDS:
            key = (node.namespace, node.ifname)
            if key in seen:
                raise TopologyError(f"nodes.{node.name}: {node.ifname!r} in namespace "
                                    f"{key[0]!r} is already {seen[key]}")
            seen[key] = f"nodes.{node.name}"
    for i, item in enumerate(_typed("links", data.get("links", []), list, "a list of links")):
        where = f"links[{i}]"
        item = _typed(where, item, dict, "a table")
        _keys(where, item, ("endpoints", "mtu"))
        ends = _typed(f"{where}.endpoints", item.get("endpoints"), list,
                      "two endpoints")
        if len(ends) != 2:
            raise TopologyError(f"{where}.endpoints: a link has two endpoints, not {len(ends)}")
        a, b = (_endpoint(f"{where}.endpoints[{j}]", e, nodes) for j, e in enumerate(ends))
        for j, end in enumerate((a, b)):
            key = (nodes[end.node].namespace, end.ifname)
            if key in seen:
                raise TopologyError(f"{where}.endpoints[{j}]: {end.ifname!r} in namespace "
                                    f"{key[0]!r} is already {seen[key]}")
            seen[key] = f"{where}.endpoints[{j}]"
        mtu = item.get("mtu")
        if mtu is not None:
            _typed(f"{where}.mtu", mtu, int, "a number")
            if not 68 <= mtu <= 65535:
                raise TopologyError(f"{where}.mtu: {mtu} is not between 68 and 65535")
        links.append(Link(a, b, mtu))
    for node in nodes.values():
        where = f"nodes.{node.name}"
        if node.bridge is not None:
            br = nodes.get(node.bridge)
            if br is None or br.kind != "bridge" or br.namespace != node.namespace:
                raise TopologyError(f"{where}.bridge: {node.bridge!r} is not a bridge node "
                                    f"in namespace {node.namespace!r}")
        if node.vxlan is not None and node.vxlan.dev is not None and \
                (node.namespace, node.vxlan.dev) not in seen:
            raise TopologyError(f"{where}.dev: {node.vxlan.dev!r} is not an interface in "
                                f"namespace {node.namespace!r}")
        for ifname in node.addresses:
            if (node.namespace, ifname) not in seen and ifname != "lo":
                raise TopologyError(f"nodes.{node.name}.addresses: {ifname!r} is not an "
                                    "interface of this node (no link ends there)")
    run = _strings("run", data.get("run", []))
    return Topology(nodes, links, run)
