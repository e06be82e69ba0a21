"""The simulated /proc and /sys of the current namespace, as `cat`, `ls` and `>` see them.

`write(ctx, path, data)` is one write(2) of a `>` redirection (None on success, else the
errno text bash prints); `file_command(ctx, argv)` runs `cat`/`ls` of simulated paths
and returns None for what it does not simulate (the shell then runs the real program).

What exists, per namespace:

- /proc/sys/net/...: the namespace's sysctl tree (vnet.core.sysctl plus the keys the
  protocols install). A write parses like the kernel's proc_dointvec family (one or two
  integers, base from the prefix, whitespace-separated, extra values ignored, a range
  per key) before the tree's own handlers run; `neigh/default` is hidden, as a child
  namespace has no such directory. Keys vnet does not model do not exist.
- /proc/net/dev (dev_seq_show) and /proc/net/if_inet6.
- /sys/class/net and /sys/devices/virtual/net: a directory per device with the
  net-sysfs.c attributes (address, mtu, operstate, carrier, flags, statistics/...),
  `bridge/`, `brif/` and `lower_*` of a bridge, `brport/`, `master` and `upper_*` of a
  port (vnet.link.bridge.sysfs). power/, queues/ and subsystem/ are listed but not
  simulated.

Reading a file prints what the kernel's show function prints; refusals carry the
kernel's errno (EINVAL for `carrier` of a device that is down, EACCES for write-only
files). Directory listings are sorted the way `ls` sorts in the C locale.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from vnet.cli.context import Context
from vnet.cli.ip import linkfmt
from vnet.cli.ip.errors import strerror
from vnet.cli.shell.api import UnsupportedError
from vnet.core.sysctl import SysctlError
from vnet.link.bridge import sysfs as brsysfs
from vnet.link.bridge.bridge import Bridge
from vnet.link.device import DeviceError
from vnet.link.macvlan import MacVlan
from vnet.link.vlan import VlanDev
from vnet.wire.mac import mac_to_str

if TYPE_CHECKING:
    from vnet.core.netns import Namespace
    from vnet.link.device import Device


class ProcError(Exception):
    """A failed open, read or write; errno_name as the kernel returns it."""

    def __init__(self, errno_name: str) -> None:
        super().__init__(errno_name)
        self.errno_name = errno_name

    @property
    def text(self) -> str:
        return strerror(self.errno_name)


@dataclass
class Node:
    """A resolved path: a file (read/write) or a directory (children)."""

    read: Callable[[], str] | None = None
    write: Callable[[str], None] | None = None
    children: Callable[[], list[str]] | None = None
    resolve: Callable[[str], Node | None] | None = None
    binary: bool = False
    extra: dict = field(default_factory=dict)

    @property
    def is_dir(self) -> bool:
        return self.children is not None


# -- /proc/sys ------------------------------------------------------------------------------------

#  (min, max) of the proc_do*_minmax handlers; keys not listed take any int
_INT_MAX = 2**31 - 1
SYSCTL_RANGES: dict[str, tuple[int, int]] = {
    "net.ipv4.ip_default_ttl": (1, 255),
    "net.ipv4.icmp_echo_ignore_all": (0, 1),
    "net.ipv4.icmp_echo_ignore_broadcasts": (0, 1),
    "net.ipv6.bindv6only": (0, 255),
    "net.ipv6.icmp.echo_ignore_all": (0, 1),
    "net.ipv6.icmp.echo_ignore_anycast": (0, 1),
    "net.ipv6.icmp.echo_ignore_multicast": (0, 1),
}
_CONF_RANGES = {"addr_gen_mode": (0, 3), "hop_limit": (1, 255), "mtu": (1280, _INT_MAX)}
#  proc_dointvec_ms_jiffies: stored as jiffies (HZ=250), shown back in ms
_MS_JIFFIES = ("net.ipv4.icmp_ratelimit", "net.ipv6.icmp.ratelimit")
_HZ_MS = 4
_HIDDEN_PREFIXES = ("net.ipv4.neigh.default.", "net.ipv6.neigh.default.")


def sysctl_keys(ns: Namespace) -> list[str]:
    """The keys that exist as files under /proc/sys in this namespace."""
    return [k for k in ns.sysctl.keys() if not k.startswith(_HIDDEN_PREFIXES)]


def sysctl_exists(ns: Namespace, key: str) -> bool:
    return key in ns.sysctl.values and not key.startswith(_HIDDEN_PREFIXES)


def sysctl_is_dir(ns: Namespace, key: str) -> bool:
    prefix = key + "."
    return any(k.startswith(prefix) for k in sysctl_keys(ns))


def sysctl_read(ns: Namespace, key: str) -> str:
    """The file's content, newline included."""
    if not sysctl_exists(ns, key):
        raise ProcError("ENOENT")
    return ns.sysctl.values[key] + "\n"


def _proc_get_long(text: str, pos: int) -> tuple[int, int]:
    """proc_get_long: [-]digits in base 0, followed by whitespace or the end."""
    start = pos
    neg = False
    if pos < len(text) and text[pos] == "-" and len(text) - pos > 1:
        neg = True
        pos += 1
    if pos >= len(text) or not text[pos].isdigit():
        raise ProcError("EINVAL")
    if text[pos:pos + 2].lower() == "0x" and pos + 2 < len(text) and \
            text[pos + 2] in "0123456789abcdefABCDEF":
        end = pos + 2
        while end < len(text) and text[end] in "0123456789abcdefABCDEF":
            end += 1
        value = int(text[pos + 2:end], 16)
    elif text[pos] == "0":
        end = pos + 1
        while end < len(text) and text[end] in "01234567":
            end += 1
        value = int(text[pos:end], 8)
    else:
        end = pos
        while end < len(text) and text[end].isdigit():
            end += 1
        value = int(text[pos:end])
    if end - start >= 21 or (end < len(text) and text[end] not in " \t\n"):
        raise ProcError("EINVAL")
    return (-value if neg else value), end


def parse_intvec(text: str, count: int) -> list[int]:
    """__do_proc_dointvec for a write: up to `count` ints; extra input is ignored."""
    values: list[int] = []
    pos = 0
    while len(values) < count:
        while pos < len(text) and text[pos] in " \t\n":
            pos += 1
        if pos >= len(text):
            break
        value, pos = _proc_get_long(text, pos)
        values.append(value)
    if not values:
        raise ProcError("EINVAL")
    return values


def sysctl_write(ns: Namespace, key: str, text: str) -> None:
    """One write to /proc/sys/KEY: parse as the key's handler does, then store."""
    if not sysctl_exists(ns, key):
        raise ProcError("EISDIR" if sysctl_is_dir(ns, key) else "ENOENT")
    tree = ns.sysctl
    current = tree.values[key]
    count = len(current.split()) or 1
    values = parse_intvec(text, count)
    if len(values) < count:
        values += [int(v) for v in current.split()[len(values):]]
    lo, hi = SYSCTL_RANGES.get(key) or _conf_range(key) or (-_INT_MAX - 1, _INT_MAX)
    for value in values:
        if not lo <= value <= hi:
            raise ProcError("EINVAL")
    if key in _MS_JIFFIES:
        if values[0] < 0:
            raise ProcError("EINVAL")
        values = [-(-values[0] // _HZ_MS) * _HZ_MS]
    if key == "net.ipv4.ip_local_port_range":
        low, high = values
        if not (1 <= low <= 65535 and 1 <= high <= 65535) or high < low or \
                (low < 1024 <= high):
            raise ProcError("EINVAL")
    elif key == "net.ipv4.ping_group_range":
        if values[1] < values[0]:
            raise ProcError("EINVAL")
    new = "\t".join(str(v) for v in values)
    if key in ("net.ipv4.ip_forward", "net.ipv4.conf.all.forwarding") and new == current:
        return          # devinet_sysctl_forward acts only on a change
    try:
        tree.set(key, new)
    except SysctlError:
        raise ProcError("ENOENT") from None
    except ValueError:
        raise ProcError("EINVAL") from None


def _conf_range(key: str) -> tuple[int, int] | None:
    if key.startswith("net.ipv6.conf."):
        return _CONF_RANGES.get(key.rsplit(".", 1)[1])
    return None


def _sysctl_children(ns: Namespace, key: str) -> list[str]:
    """Entries of the directory /proc/sys/<key> (device names may contain dots)."""
    prefix = key + "." if key else ""
    scopes = None
    if key in ("net.ipv4.conf", "net.ipv6.conf", "net.ipv4.neigh", "net.ipv6.neigh"):
        scopes = ["all", "default", *ns.by_name]
    names: set[str] = set()
    for k in sysctl_keys(ns):
        if not k.startswith(prefix):
            continue
        rest = k[len(prefix):]
        child = rest.split(".", 1)[0]
        if scopes is not None:
            for scope in scopes:
                if rest.startswith(scope + ".") and len(scope) > len(child):
                    child = scope
        names.add(child)
    return sorted(names)


def _proc_sys_node(ns: Namespace, parts: list[str]) -> Node | None:
    key = ".".join(parts)
    if parts and sysctl_exists(ns, key):
        return Node(read=lambda: sysctl_read(ns, key),
                    write=lambda text: sysctl_write(ns, key, text))
    if not parts or sysctl_is_dir(ns, key):
        if parts and parts[0] != "net":
            return None
        return Node(children=lambda: _sysctl_children(ns, key) if parts else ["net"],
                    write=_eisdir)
    return None


def _eisdir(text: str) -> None:
    raise ProcError("EISDIR")


# -- /proc/net --------------------------------------------------------------------------------------

PROC_NET_DEV_HEADER = (
    "Inter-|   Receive                                                |  Transmit\n"
    " face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets "
    "errs drop fifo colls carrier compressed\n"
)


def proc_net_dev(ns: Namespace) -> str:
    """dev_seq_show, devices in the namespace's list order."""
    lines = [PROC_NET_DEV_HEADER]
    for dev in ns.by_index.values():
        s = dev.stats
        lines.append(
            f"{dev.name:>6}: {s.rx_bytes:7d} {s.rx_packets:7d} {s.rx_errors:4d} "
            f"{s.rx_dropped + s.rx_missed:4d} {s.rx_fifo_errors:4d} "
            f"{s.rx_length_errors + s.rx_over_errors + s.rx_crc_errors + s.rx_frame_errors:5d} "
            f"{0:10d} {s.multicast:9d} {s.tx_bytes:8d} {s.tx_packets:7d} {s.tx_errors:4d} "
            f"{s.tx_dropped:4d} {s.tx_fifo_errors:4d} {s.collisions:5d} "
            f"{s.tx_carrier + s.tx_aborted_errors + s.tx_window_errors + s.tx_heartbeat_errors:7d} "
            f"{0:10d}\n")
    return "".join(lines)


def _if_inet6(ns: Namespace) -> str:
    try:
        from vnet.net.ipv6_print import if_inet6
    except ImportError:      # pragma: no cover - the IPv6 layer is optional
        return ""
    return if_inet6(ns)


def _proc_net_route(ns: Namespace) -> str:
    from vnet.cli.route import proc_net_route

    return proc_net_route(ns)


def _vlans(ns: Namespace) -> list[VlanDev]:
    return [d for d in ns.devices() if isinstance(d, VlanDev)]


def _proc_net_vlan_config(ns: Namespace) -> str:
    """vlan_seq_show: the header, the name type (the kernel's default: no SIOCSIFVLAN
    ioctl sets another; Debian's vconfig keeps its own), one line per vlan device."""
    lines = ["VLAN Dev name\t | VLAN ID\n", "Name-Type: VLAN_NAME_TYPE_RAW_PLUS_VID_NO_PAD\n"]
    lines += [f"{d.name:<15}| {d.vid}  | {d.lower.name}\n" for d in _vlans(ns)]
    return "".join(lines)


def _proc_net_vlan(ns: Namespace, parts: list[str]) -> Node | None:
    """/proc/net/vlan (net/8021q/vlanproc.c): config, and a file per vlan device."""
    if not parts:
        return Node(children=lambda: ["config"] + sorted(d.name for d in _vlans(ns)))
    if parts == ["config"]:
        return Node(read=lambda: _proc_net_vlan_config(ns))
    if len(parts) == 1 and parts[0] in {d.name for d in _vlans(ns)}:
        raise UnsupportedError(f"/proc/net/vlan/{parts[0]} (per-VLAN statistics)")
    if parts[0] == "config" or parts[0] in {d.name for d in _vlans(ns)}:
        raise ProcError("ENOTDIR")
    raise ProcError("ENOENT")


def _proc_net_node(ns: Namespace, parts: list[str]) -> Node | None:
    files = {"dev": lambda: proc_net_dev(ns), "if_inet6": lambda: _if_inet6(ns),
             "route": lambda: _proc_net_route(ns)}
    if not parts:
        return Node(children=lambda: sorted([*files, "vlan"]))
    if parts[0] == "vlan":
        return _proc_net_vlan(ns, parts[1:])
    if len(parts) == 1 and parts[0] in files:
        return Node(read=files[parts[0]])
    if parts[0] in files:
        raise ProcError("ENOTDIR")
    raise UnsupportedError(f"/proc/net/{'/'.join(parts)}")


# -- /sys/class/net ----------------------------------------------------------------------------------

IFF_BITS = {"UP": 0x1, "BROADCAST": 0x2, "DEBUG": 0x4, "LOOPBACK": 0x8, "POINTOPOINT": 0x10,
            "NOTRAILERS": 0x20, "RUNNING": 0x40, "NOARP": 0x80, "PROMISC": 0x100,
            "ALLMULTI": 0x200, "MASTER": 0x400, "SLAVE": 0x800, "MULTICAST": 0x1000,
            "PORTSEL": 0x2000, "AUTOMEDIA": 0x4000, "DYNAMIC": 0x8000}
ARPHRD = {"ether": 1, "loopback": 772, "none": 65534}
NETDEV_FILES = ("addr_assign_type", "addr_len", "address", "broadcast", "carrier",
                "carrier_changes", "carrier_down_count", "carrier_up_count", "dev_id",
                "dev_port", "dormant", "duplex", "flags", "gro_flush_timeout", "ifalias",
                "ifindex", "iflink", "link_mode", "mtu", "name_assign_type",
                "napi_defer_hard_irqs", "netdev_group", "operstate", "proto_down", "speed",
                "testing", "threaded", "tx_queue_len", "type", "uevent")
NETDEV_DIRS = ("power", "queues", "statistics", "subsystem")
STAT_FILES = {
    "collisions": "collisions", "multicast": "multicast", "rx_bytes": "rx_bytes",
    "rx_compressed": None, "rx_crc_errors": "rx_crc_errors", "rx_dropped": "rx_dropped",
    "rx_errors": "rx_errors", "rx_fifo_errors": "rx_fifo_errors",
    "rx_frame_errors": "rx_frame_errors", "rx_length_errors": "rx_length_errors",
    "rx_missed_errors": "rx_missed", "rx_nohandler": None, "rx_over_errors": "rx_over_errors",
    "rx_packets": "rx_packets", "tx_aborted_errors": "tx_aborted_errors",
    "tx_bytes": "tx_bytes", "tx_carrier_errors": "tx_carrier", "tx_compressed": None,
    "tx_dropped": "tx_dropped", "tx_errors": "tx_errors", "tx_fifo_errors": "tx_fifo_errors",
    "tx_heartbeat_errors": "tx_heartbeat_errors", "tx_packets": "tx_packets",
    "tx_window_errors": "tx_window_errors",
}


def raw_flags(dev: Device) -> int:
    """dev->flags: the user's flags plus the promiscuity and all-multi a bridge port holds."""
    flags = 0
    for name in linkfmt.link_flags(dev):
        flags |= IFF_BITS.get(name, 0)
    if isinstance(dev.master, Bridge):
        flags |= IFF_BITS["PROMISC"] | IFF_BITS["ALLMULTI"]
    return flags


def ifconfig_flags(dev: Device) -> int:
    """dev_get_flags() as SIOCGIFFLAGS returns it (16 bits: RUNNING, no LOWER_UP)."""
    flags = 0
    for name in linkfmt.link_flags(dev):
        flags |= IFF_BITS.get(name, 0)
    if linkfmt.is_running(dev):
        flags |= IFF_BITS["RUNNING"]
    return flags


def _running(dev: Device) -> bool:
    return dev.admin_up


def link_speed(dev: Device) -> int | None:
    """What ethtool's get_link_ksettings reports: veth/tun 10000, a bridge unknown (-1)."""
    if dev.kind in ("veth", "tun"):
        return 10000
    if dev.kind == "bridge":
        return -1
    return None


def _need_running(dev: Device, value: Callable[[], str]) -> str:
    if not _running(dev):
        raise ProcError("EINVAL")
    return value()


def _speed(dev: Device) -> str:
    speed = link_speed(dev)
    if speed is None or not _running(dev):
        raise ProcError("EINVAL")
    return str(speed)


def _duplex(dev: Device) -> str:
    speed = link_speed(dev)
    if speed is None or not _running(dev):
        raise ProcError("EINVAL")
    return "unknown" if speed < 0 else "full"


def _name_assign_type(dev: Device) -> str:
    value = dev.name_assign_type
    if value is None:
        value = 2 if dev.link_type == "loopback" else 3
    if value == 0:
        raise ProcError("EINVAL")
    return str(value)


def netdev_attr(dev: Device, name: str) -> str:
    """One /sys/class/net/DEV/<name> file, newline included."""
    has_addr = dev.link_type != "none"
    changes = int(getattr(dev, "carrier_changes", 0))
    peer = dev.iflink_dev()
    readers: dict[str, Callable[[], str]] = {
        "addr_assign_type": lambda: str(dev.addr_assign_type),
        "addr_len": lambda: "6" if has_addr else "0",
        "address": lambda: mac_to_str(dev.mac) if has_addr else "",
        "broadcast": lambda: mac_to_str(dev.broadcast) if has_addr else "",
        "carrier": lambda: _need_running(dev, lambda: "1" if dev.carrier else "0"),
        "carrier_changes": lambda: str(changes),
        "carrier_down_count": lambda: str((changes + 1) // 2),
        "carrier_up_count": lambda: str(changes // 2),
        "dev_id": lambda: "0x0",
        "dev_port": lambda: "0",
        "dormant": lambda: _need_running(dev, lambda: "0"),
        "duplex": lambda: _duplex(dev),
        "flags": lambda: f"{raw_flags(dev):#x}",
        "gro_flush_timeout": lambda: "0",
        "ifalias": lambda: dev.alias or "",
        "ifindex": lambda: str(dev.ifindex),
        "iflink": lambda: str(peer.ifindex if peer is not None else dev.ifindex),
        "link_mode": lambda: str(dev.link_mode),
        "mtu": lambda: str(dev.mtu),
        "name_assign_type": lambda: _name_assign_type(dev),
        "napi_defer_hard_irqs": lambda: "0",
        "netdev_group": lambda: str(dev.ifgroup),
        "operstate": lambda: linkfmt.operstate(dev).lower(),
        "proto_down": lambda: "0",
        "speed": lambda: _speed(dev),
        "testing": lambda: _need_running(dev, lambda: "0"),
        "threaded": lambda: "0",
        "tx_queue_len": lambda: str(dev.txqlen),
        "type": lambda: str(ARPHRD.get(dev.link_type, 1)),
        "uevent": lambda: f"INTERFACE={dev.name}\nIFINDEX={dev.ifindex}",
    }
    reader = readers.get(name)
    if reader is None:
        raise ProcError("ENOENT")
    if name == "ifalias" and not dev.alias:
        return ""       # ifalias_show prints nothing without an alias
    return reader() + "\n"


def netdev_store(dev: Device, name: str, text: str) -> None:
    """The writable net-sysfs attributes: mtu, tx_queue_len, ifalias (others refuse)."""
    if name == "ifalias":
        dev.alias = text.rstrip("\n")[:255] or None
        return
    if name in ("mtu", "tx_queue_len", "flags", "carrier", "gro_flush_timeout",
                "napi_defer_hard_irqs", "netdev_group", "proto_down", "threaded"):
        try:
            value = brsysfs.kstrtoul(text)
        except brsysfs.SysfsError as err:
            raise ProcError(err.errno_name) from None
        if name == "mtu":
            try:
                dev.set_mtu(value)
            except DeviceError as err:
                raise ProcError(err.errno_name) from None
        elif name == "tx_queue_len":
            dev.txqlen = value
        elif name == "carrier":
            raise ProcError("EOPNOTSUPP")
        else:
            raise UnsupportedError(f"writing /sys/class/net/{dev.name}/{name}")
        return
    raise ProcError("EACCES")


def _sysfs_call(fn: Callable[[], str]) -> str:
    try:
        return fn()
    except brsysfs.SysfsError as err:
        raise ProcError(err.errno_name) from None


def _sysfs_store(fn: Callable[[], None]) -> None:
    try:
        fn()
    except brsysfs.SysfsError as err:
        raise ProcError(err.errno_name) from None


def _dir(entries: dict[str, Callable[[], Node]]) -> Node:
    def resolve(name: str) -> Node | None:
        make = entries.get(name)
        return make() if make is not None else None
    return Node(children=lambda: sorted(entries), resolve=resolve)


def _unsimulated(what: str) -> Node:
    def refuse(*_args: object) -> list[str]:
        raise UnsupportedError(what)
    return Node(children=refuse, resolve=refuse)  # type: ignore[arg-type]


def netdev_node(dev: Device) -> Node:
    """/sys/class/net/DEV."""
    entries: dict[str, Callable[[], Node]] = {}
    for name in NETDEV_FILES:
        entries[name] = (lambda n: lambda: Node(
            read=lambda: netdev_attr(dev, n),
            write=lambda text: netdev_store(dev, n, text)))(name)
    entries["statistics"] = lambda: _stats_node(dev)
    for name in ("power", "queues", "subsystem"):
        entries[name] = (lambda n: lambda: _unsimulated(f"/sys/class/net/{dev.name}/{n}"))(name)
    if isinstance(dev, Bridge):
        br = dev
        entries["bridge"] = lambda: _bridge_node(br)
        entries["brif"] = lambda: _dir({p.dev.name: (lambda port: lambda: _brport_node(port))(p)
                                        for p in br.port_list})
        entries["brforward"] = lambda: Node(read=lambda: _brforward(br), binary=True)
        for port in br.port_list:
            entries[f"lower_{port.dev.name}"] = (lambda d: lambda: netdev_node(d))(port.dev)
    master = dev.master
    if isinstance(master, Bridge) and dev in master.ports:
        port = master.ports[dev]
        entries["brport"] = lambda: _brport_node(port)
        entries["master"] = lambda: netdev_node(master)
        entries[f"upper_{master.name}"] = lambda: netdev_node(master)
    #  netdev_adjacent_sysfs_add: links between upper and lower devices of one namespace
    for upper in dev.uppers:
        if upper.netns is dev.netns:
            entries[f"upper_{upper.name}"] = (lambda d: lambda: netdev_node(d))(upper)
    lower = dev.lower if isinstance(dev, MacVlan) else None
    if lower is not None and lower.netns is dev.netns:
        entries[f"lower_{lower.name}"] = lambda: netdev_node(lower)
    return _dir(entries)


def _stats_node(dev: Device) -> Node:
    def stat(attr: str | None) -> Callable[[], Node]:
        return lambda: Node(read=lambda: f"{getattr(dev.stats, attr) if attr else 0}\n",
                            write=_eacces)
    return _dir({name: stat(attr) for name, attr in STAT_FILES.items()})


def _eacces(text: str) -> None:
    raise ProcError("EACCES")


def _bridge_node(br: Bridge) -> Node:
    return _dir({name: (lambda n: lambda: Node(
        read=lambda: _sysfs_call(lambda: brsysfs.bridge_read(br, n)),
        write=lambda text: _sysfs_store(lambda: brsysfs.bridge_write(br, n, text))))(name)
        for name in brsysfs.BRIDGE_FILES})


def _brport_node(port: object) -> Node:
    from vnet.link.bridge.port import BridgePort

    assert isinstance(port, BridgePort)
    entries: dict[str, Callable[[], Node]] = {
        name: (lambda n: lambda: Node(
            read=lambda: _sysfs_call(lambda: brsysfs.port_read(port, n)),
            write=lambda text: _sysfs_store(lambda: brsysfs.port_write(port, n, text))))(name)
        for name in brsysfs.PORT_FILES}
    entries["bridge"] = lambda: netdev_node(port.br)
    return _dir(entries)


def _brforward(br: Bridge) -> str:
    raise UnsupportedError("reading the binary /sys/class/net/BR/brforward (use brctl showmacs)")


def _class_net(ns: Namespace) -> Node:
    return _dir({name: (lambda d: lambda: netdev_node(d))(dev) for name, dev in ns.by_name.items()})


# -- path resolution --------------------------------------------------------------------------------

SIMULATED_ROOTS = ("/proc/sys", "/proc/net", "/sys/class/net", "/sys/devices/virtual/net")


def _components(path: str) -> list[str]:
    out: list[str] = []
    for part in path.split("/"):
        if part in ("", "."):
            continue
        if part == "..":
            if out:
                out.pop()
            continue
        out.append(part)
    return out


def simulated(path: str) -> bool:
    parts = _components(path)
    if len(parts) >= 2 and parts[:2] in (["proc", "sys"], ["proc", "net"]):
        return True
    if len(parts) >= 3 and parts[:3] == ["sys", "class", "net"]:
        return True
    return len(parts) >= 4 and parts[:4] == ["sys", "devices", "virtual", "net"]


def resolve(ns: Namespace, path: str) -> Node:
    """The node at `path`; ProcError(ENOENT/ENOTDIR) when there is none."""
    parts = _components(path)
    if parts[:2] == ["proc", "sys"]:
        node = _proc_sys_node(ns, parts[2:])
        if node is None:
            raise ProcError(_missing_errno(ns, parts[2:]))
        return _check_trailing_slash(node, path)
    if parts[:2] == ["proc", "net"]:
        node = _proc_net_node(ns, parts[2:])
        assert node is not None
        return _check_trailing_slash(node, path)
    if parts[:3] == ["sys", "class", "net"]:
        rest = parts[3:]
    elif parts[:4] == ["sys", "devices", "virtual", "net"]:
        rest = parts[4:]
    else:
        raise UnsupportedError(f"the path {path}")
    node = _class_net(ns)
    for part in rest:
        if not node.is_dir:
            raise ProcError("ENOTDIR")
        assert node.resolve is not None
        child = node.resolve(part)
        if child is None:
            raise ProcError("ENOENT")
        node = child
    return _check_trailing_slash(node, path)


def _missing_errno(ns: Namespace, parts: list[str]) -> str:
    for i in range(1, len(parts)):
        if sysctl_exists(ns, ".".join(parts[:i])):
            return "ENOTDIR"
    return "ENOENT"


def _check_trailing_slash(node: Node, path: str) -> Node:
    if path.endswith("/") and not node.is_dir:
        raise ProcError("ENOTDIR")
    return node


# -- the shell's entry points --------------------------------------------------------------------

def write(ctx: Context, path: str, data: str) -> str | None:
    """One write of a redirection; None on success, else the errno text."""
    if not simulated(path):
        raise UnsupportedError(f"redirection to {path}")
    try:
        node = resolve(ctx.ns, path)
        if node.is_dir:
            raise ProcError("EISDIR")
        if not data:
            return None
        if node.write is None:
            raise ProcError("EACCES")
        node.write(data)
    except ProcError as err:
        return err.text
    return None


def read(ctx: Context, path: str) -> str:
    node = resolve(ctx.ns, path)
    if node.is_dir:
        raise ProcError("EISDIR")
    assert node.read is not None
    return node.read()


def file_command(ctx: Context, argv: list[str]) -> int | None:
    """`cat` or `ls` of simulated paths; None when the real program should run."""
    name = argv[0]
    args = argv[1:]
    ctx.ordered_output = True       # cat writes unbuffered; ls reports errors first
    if name == "cat":
        if not args or any(a.startswith("-") and a != "-" for a in args) \
                or not all(simulated(a) for a in args):
            return None
        return _cat(ctx, args)
    if name == "ls":
        return _ls(ctx, args)
    return None


def _cat(ctx: Context, paths: list[str]) -> int:
    status = 0
    for path in paths:
        try:
            ctx.out(read(ctx, path))
        except ProcError as err:
            ctx.err(f"cat: {path}: {err.text}\n")
            status = 1
    return status


def _ls(ctx: Context, args: list[str]) -> int | None:
    opts = [a for a in args if a.startswith("-") and a != "-"]
    paths = [a for a in args if a not in opts]
    for opt in opts:
        if opt not in ("-1", "--"):
            raise UnsupportedError(f"ls {opt}")
    if not paths or not all(simulated(p) for p in paths):
        return None
    status = 0
    files: list[str] = []
    dirs: list[tuple[str, list[str]]] = []
    for path in paths:
        try:
            node = resolve(ctx.ns, path)
        except ProcError as err:
            ctx.err(f"ls: cannot access '{path}': {err.text}\n")
            status = 2
            continue
        if node.is_dir:
            assert node.children is not None
            dirs.append((path, node.children()))
        else:
            files.append(path)
    files.sort(key=_c_key)
    dirs.sort(key=lambda d: _c_key(d[0]))
    for path in files:
        ctx.out(path + "\n")
    many = len(paths) > 1
    for i, (path, children) in enumerate(dirs):
        if many:
            if files or i:
                ctx.out("\n")
            ctx.out(f"{path}:\n")
        for child in sorted(children, key=_c_key):
            ctx.out(child + "\n")
    return status


def _c_key(text: str) -> bytes:
    """strcoll in the C locale: byte order."""
    return text.encode()

