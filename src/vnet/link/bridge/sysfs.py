"""The bridge's sysfs files (net/bridge/br_sysfs_br.c, br_sysfs_if.c, br_fdb_fillbuf).

`/sys/class/net/BR/bridge/*` and `/sys/class/net/PORT/brport/*` as the kernel shows
them: times in USER_HZ ticks (centiseconds), ids as `8000.020000000010`, port ids in hex,
designated ports in decimal. Writes parse like kstrtoul(buf, 0) and go through the
same setters brctl's ioctls and `ip link` use, so they are refused the same way
(ERANGE, EINVAL...). `fillbuf` is the binary `brforward` file brctl showmacs reads: the
FDB without the bridge's own port-less entries and without expired ones. The multicast
snooping knobs report the kernel defaults (vnet does not snoop).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from vnet.link.bridge import stp_if
from vnet.link.bridge.port import format_id, timer_remaining
from vnet.link.device import DeviceError

if TYPE_CHECKING:
    from vnet.core.sched import Timer
    from vnet.link.bridge.bridge import Bridge
    from vnet.link.bridge.port import BridgePort

CS = 10_000_000


class SysfsError(Exception):
    """A refused read or write; errno_name says how (EACCES, EINVAL, ERANGE...)."""

    def __init__(self, errno_name: str) -> None:
        super().__init__(errno_name)
        self.errno_name = errno_name


def _cs(ns: int) -> str:
    return str(ns // CS)


def _bid(prio: int, mac: bytes) -> str:
    return f"{prio:04x}.{mac.hex()}"


_MCAST_DEFAULTS = {
    "hash_elasticity": "16", "hash_max": "4096", "multicast_igmp_version": "2",
    "multicast_last_member_count": "2", "multicast_last_member_interval": "100",
    "multicast_membership_interval": "26000", "multicast_mld_version": "1",
    "multicast_querier": "0", "multicast_querier_interval": "25500",
    "multicast_query_interval": "12500", "multicast_query_response_interval": "1000",
    "multicast_query_use_ifaddr": "0", "multicast_router": "1",
    "multicast_startup_query_count": "2", "multicast_startup_query_interval": "3124",
    "multicast_stats_enabled": "0", "nf_call_arptables": "0", "nf_call_ip6tables": "0",
    "nf_call_iptables": "0", "no_linklocal_learn": "0",
}

_BRIDGE_READERS: dict[str, Callable[[Bridge], str]] = {
    "ageing_time": lambda br: _cs(br.fdb.ageing_ns),
    "bridge_id": lambda br: br.bridge_id,
    "forward_delay": lambda br: _cs(br.forward_delay_ns),
    "gc_timer": lambda br: _cs(br.gc_remaining()),
    "group_addr": lambda br: "01:80:c2:00:00:00",
    "group_fwd_mask": lambda br: f"{br.group_fwd_mask:#x}",
    "hello_time": lambda br: _cs(br.hello_time_ns),
    "hello_timer": lambda br: _timer_cs(br, br.hello_timer),
    "max_age": lambda br: _cs(br.max_age_ns),
    "multicast_snooping": lambda br: "1" if br.multicast_snooping else "0",
    "priority": lambda br: str(br.priority),
    "root_id": lambda br: br.root_id,
    "root_path_cost": lambda br: str(br.root_path_cost),
    "root_port": lambda br: str(br.root_port),
    "stp_state": lambda br: str(br.stp_enabled),
    "tcn_timer": lambda br: _timer_cs(br, br.tcn_timer),
    "topology_change": lambda br: "1" if br.topology_change else "0",
    "topology_change_detected": lambda br: "1" if br.topology_change_detected else "0",
    "topology_change_timer": lambda br: _timer_cs(br, br.topology_change_timer),
}


def _timer_cs(br: Bridge, timer: Timer | None) -> str:
    """br_timer_value in USER_HZ ticks."""
    return _cs(timer_remaining(timer, br.now))


BRIDGE_FILES = sorted({*_BRIDGE_READERS, *_MCAST_DEFAULTS, "flush"})


def bridge_read(br: Bridge, name: str) -> str:
    if name == "flush":
        raise SysfsError("EACCES")          # write-only (0200)
    reader = _BRIDGE_READERS.get(name)
    if reader is not None:
        return reader(br) + "\n"
    if name in _MCAST_DEFAULTS:
        return _MCAST_DEFAULTS[name] + "\n"
    raise SysfsError("ENOENT")


def kstrtoul(text: str) -> int:
    """kstrtoul(buf, 0): one number, base from its prefix, one trailing newline allowed."""
    body = text[:-1] if text.endswith("\n") else text
    if body.startswith("+"):
        body = body[1:]
    try:
        if body.lower().startswith("0x"):
            value = int(body[2:], 16)
        elif len(body) > 1 and body.startswith("0"):
            value = int(body[1:], 8)
        else:
            value = int(body, 10) if body.isdigit() else -1
    except ValueError:
        value = -1
    if value < 0 or value >= 2**64:
        raise SysfsError("EINVAL")
    return value


def bridge_write(br: Bridge, name: str, text: str) -> None:
    """store_bridge_parm: kstrtoul, then the setter."""
    if name not in BRIDGE_FILES:
        raise SysfsError("ENOENT")
    if name in ("bridge_id", "root_id", "root_path_cost", "root_port", "gc_timer",
                "hello_timer", "tcn_timer", "topology_change", "topology_change_detected",
                "topology_change_timer"):
        raise SysfsError("EACCES")
    if name == "group_addr":
        raise SysfsError("EINVAL")
    value = kstrtoul(text)
    try:
        if name == "flush":
            br.fdb.flush_dynamic()
        elif name == "ageing_time":
            br.set_ageing_time(value)
        elif name == "forward_delay":
            br.set_forward_delay(value)
        elif name == "hello_time":
            br.set_hello_time(value)
        elif name == "max_age":
            br.set_max_age(value)
        elif name == "priority":
            br.set_priority(value)
        elif name == "stp_state":
            br.set_stp(bool(value))
        elif name == "group_fwd_mask":
            if value > 0xFFFF or value & 0x0007:
                raise SysfsError("EINVAL")
            br.group_fwd_mask = value
        elif name == "multicast_snooping":
            br.multicast_snooping = bool(value)
    except DeviceError as err:
        raise SysfsError(err.errno_name) from None


# -- brport/ --------------------------------------------------------------------------------------

_PORT_READERS: dict[str, Callable[[BridgePort], str]] = {
    "backup_port": lambda p: "",
    "bpdu_guard": lambda p: "0",
    "broadcast_flood": lambda p: str(int(p.bcast_flood)),
    "change_ack": lambda p: str(int(p.topology_change_ack)),
    "config_pending": lambda p: str(int(p.config_pending)),
    "designated_bridge": lambda p: format_id(p.designated_bridge),
    "designated_cost": lambda p: str(p.designated_cost),
    "designated_port": lambda p: str(p.designated_port),
    "designated_root": lambda p: format_id(p.designated_root),
    "forward_delay_timer": lambda p: _timer_cs(p.br, p.forward_delay_timer),
    "group_fwd_mask": lambda p: "0x0",
    "hairpin_mode": lambda p: str(int(p.hairpin)),
    "hold_timer": lambda p: _timer_cs(p.br, p.hold_timer),
    "isolated": lambda p: str(int(p.isolated)),
    "learning": lambda p: str(int(p.learning)),
    "message_age_timer": lambda p: _timer_cs(p.br, p.message_age_timer),
    "multicast_fast_leave": lambda p: "0",
    "multicast_flood": lambda p: str(int(p.mcast_flood)),
    "multicast_router": lambda p: "1",
    "multicast_to_unicast": lambda p: "0",
    "neigh_suppress": lambda p: "0",
    "path_cost": lambda p: str(p.path_cost),
    "port_id": lambda p: f"{p.port_id:#x}",
    "port_no": lambda p: f"{p.port_no:#x}",
    "priority": lambda p: str(p.priority),
    "proxyarp": lambda p: "0",
    "proxyarp_wifi": lambda p: "0",
    "root_block": lambda p: "0",
    "state": lambda p: str(p.state),
    "unicast_flood": lambda p: str(int(p.flood)),
}

PORT_FILES = sorted({*_PORT_READERS, "flush"})
_PORT_FLAGS = {"hairpin_mode": "hairpin", "learning": "learning", "unicast_flood": "flood",
               "multicast_flood": "mcast_flood", "broadcast_flood": "bcast_flood",
               "isolated": "isolated"}


def port_read(port: BridgePort, name: str) -> str:
    if name == "flush":
        raise SysfsError("EACCES")
    reader = _PORT_READERS.get(name)
    if reader is None:
        raise SysfsError("ENOENT")
    text = reader(port)
    return text + "\n" if text else ""      # no backup port: nothing at all


def port_write(port: BridgePort, name: str, text: str) -> None:
    """brport_store: kstrtoul, then the port setter."""
    from vnet.link.bridge import fdb

    if name not in PORT_FILES:
        raise SysfsError("ENOENT")
    if name not in ("flush", "path_cost", "priority", *_PORT_FLAGS):
        if name in ("bpdu_guard", "root_block", "multicast_fast_leave", "proxyarp",
                    "proxyarp_wifi", "neigh_suppress", "multicast_to_unicast",
                    "group_fwd_mask", "multicast_router", "backup_port"):
            value = kstrtoul(text)
            if value:
                raise SysfsError("EOPNOTSUPP")
            return
        raise SysfsError("EACCES")
    value = kstrtoul(text)
    br = port.br
    try:
        if name == "flush":
            fdb.delete_by_port(br, port, do_all=False)
        elif name == "path_cost":
            br.set_path_cost(port, value)
        elif name == "priority":
            br.set_port_priority(port, value)
        else:
            setattr(port, _PORT_FLAGS[name], bool(value))
    except DeviceError as err:
        raise SysfsError(err.errno_name) from None


def fillbuf(br: Bridge) -> list[tuple[int, bytes, bool, int]]:
    """br_fdb_fillbuf: (port_no, mac, is_local, centiseconds since last update)."""
    now = br.now
    fdb = br.fdb
    out = []
    for entry in fdb.newest_first():
        if entry.port is None or fdb.has_expired(entry, now):
            continue
        age = 0 if entry.is_static else (now - entry.updated) // CS
        out.append((entry.port.port_no, entry.mac, entry.is_local, age))
    return out


def stp_state_name(state: int) -> str:
    return {stp_if.BR_NO_STP: "no", stp_if.BR_KERNEL_STP: "yes"}.get(state, "no")
