"""`ip -d link` details: the generic IFLA_* limits and each kind's IFLA_INFO_DATA.

Follows print_linkinfo's `show_details` block (promiscuity, allmulti, min/max MTU,
linkinfo, addrgenmode, queue and GSO/TSO/GRO sizes) and the per-kind printers
(link_veth.c prints only the kind, iplink_bridge.c, iplink_bridge_slave.c,
iptuntap.c's tun_print_opt). Attributes the simulator does not model are printed with
the kernel's defaults for a new device (multicast snooping parameters, netfilter
calls, GSO sizes); STP timers read 0.00 since STP is not simulated. The bridge fields
are the ones this kernel (no VLAN filtering support) reports.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from vnet.cli.ip import macvlanopts, vlanopts, vxlanopts
from vnet.cli.ip.options import IpOptions
from vnet.cli.ip.output import ANY, FP, JSON, Printer
from vnet.link import macvlan
from vnet.link.bridge.port import timer_remaining

if TYPE_CHECKING:
    from vnet.core.netns import Namespace
    from vnet.core.sched import Timer
    from vnet.link.device import Device

#  Debian base /etc/passwd and /etc/group, for `user NAME` / `group NAME`
USERS = {0: "root", 1: "daemon", 2: "bin", 3: "sys", 4: "sync", 5: "games", 6: "man", 7: "lp",
         8: "mail", 9: "news", 10: "uucp", 13: "proxy", 33: "www-data", 34: "backup",
         38: "list", 39: "irc", 42: "_apt", 65534: "nobody"}
GROUPS = {0: "root", 1: "daemon", 2: "bin", 3: "sys", 4: "adm", 5: "tty", 6: "disk", 7: "lp",
          8: "mail", 9: "news", 10: "uucp", 12: "man", 13: "proxy", 15: "kmem", 20: "dialout",
          21: "fax", 22: "voice", 24: "cdrom", 25: "floppy", 26: "tape", 27: "sudo",
          29: "audio", 30: "dip", 33: "www-data", 34: "backup", 37: "operator", 38: "list",
          39: "irc", 40: "src", 42: "shadow", 43: "utmp", 44: "video", 45: "sasl",
          46: "plugdev", 50: "staff", 60: "games", 100: "users", 65534: "nogroup"}

BRIDGE_MCAST_DEFAULTS: tuple[tuple[str, str, int], ...] = (
    ("mcast_snooping", "mcast_snooping", 1),
    ("no_linklocal_learn", "no_linklocal_learn", 0),
    ("mcast_vlan_snooping", "mcast_vlan_snooping", 0),
    ("mcast_router", "mcast_router", 1),
    ("mcast_query_use_ifaddr", "mcast_query_use_ifaddr", 0),
    ("mcast_querier", "mcast_querier", 0),
    ("mcast_hash_elasticity", "mcast_hash_elasticity", 16),
    ("mcast_hash_max", "mcast_hash_max", 4096),
    ("mcast_last_member_cnt", "mcast_last_member_count", 2),
    ("mcast_startup_query_cnt", "mcast_startup_query_count", 2),
    ("mcast_last_member_intvl", "mcast_last_member_interval", 100),
    ("mcast_membership_intvl", "mcast_membership_interval", 26000),
    ("mcast_querier_intvl", "mcast_querier_interval", 25500),
    ("mcast_query_intvl", "mcast_query_interval", 12500),
    ("mcast_query_response_intvl", "mcast_query_response_interval", 1000),
    ("mcast_startup_query_intvl", "mcast_startup_query_interval", 3124),
    ("mcast_stats_enabled", "mcast_stats_enabled", 0),
    ("mcast_igmp_version", "mcast_igmp_version", 2),
    ("mcast_mld_version", "mcast_mld_version", 1),
    ("nf_call_iptables", "nf_call_iptables", 0),
    ("nf_call_ip6tables", "nf_call_ip6tables", 0),
    ("nf_call_arptables", "nf_call_arptables", 0),
)


def possible_cpus() -> int:
    """num_possible_cpus(): veth gets one queue per possible CPU (veth_get_num_queues)."""
    try:
        text = Path("/sys/devices/system/cpu/possible").read_text().strip()
        total = 0
        for part in text.split(","):
            lo, _, hi = part.partition("-")
            total += int(hi or lo) - int(lo) + 1
        return max(1, min(total, 4096))
    except (OSError, ValueError):
        return 1


def mtu_limits(dev: Device) -> tuple[int, int]:
    if dev.link_type == "loopback":
        return 0, 0
    return dev.min_mtu, dev.max_mtu


def num_queues(dev: Device) -> int:
    if dev.kind == "veth":
        return possible_cpus()
    if dev.kind == "tun" and getattr(dev, "multi_queue", False):
        return 256
    return 1


def tso_max_size(dev: Device) -> int:
    """TSO limit: 64 KiB for tun/tap, 512 KiB - 8 for others; a bridge takes its ports', a
    vxlan its `dev`'s (64 KiB without one)."""
    if dev.kind == "tun":
        return 65536
    if dev.kind == "bridge":
        ports = getattr(dev, "port_list", [])
        return min((tso_max_size(p.dev) for p in ports), default=65536)
    if dev.kind == "vxlan":
        lower = dev.lower()  # type: ignore[attr-defined]
        return tso_max_size(lower) if lower is not None else 65536   # netif_inherit_tso_max
    return 524280


def ether_ntoa(mac: bytes) -> str:
    """glibc ether_ntoa_r: hex bytes without zero padding (`2:0:0:0:0:a`)."""
    return ":".join(f"{b:x}" for b in mac)


def bridge_id_mac(br: Device) -> bytes:
    """br->bridge_id.addr: zero until a port joins or the user sets an address."""
    mac = getattr(br, "bridge_id_mac", None)
    if mac is not None:
        return bytes(mac)
    if br.addr_assign_type == 3 or getattr(br, "port_list", None):
        return br.mac
    return bytes(6)


def bridge_id(br: Device) -> str:
    return format_bid((int(getattr(br, "priority", 0x8000)), bridge_id_mac(br)))


def format_bid(bid: tuple[int, bytes]) -> str:
    """A bridge id as iproute2 prints it: 8000.2:0:0:0:0:10 (ether_ntoa's address)."""
    prio = bid[0]
    return f"{prio >> 8:02x}{prio & 255:02x}.{ether_ntoa(bid[1])}"


def _timer_value(br: Device, timer: Timer | None) -> float:
    """IFLA_BR_*_TIMER / IFLA_BRPORT_*_TIMER: br_timer_value, centiseconds, in seconds."""
    return timer_remaining(timer, br.netns.world.sched.now) // 10_000_000 / 100


def _timer(p: Printer, name: str, value: float = 0.0) -> None:
    secs = int(value)
    cs = int(round((value - secs) * 100))
    if p.is_json:
        assert p.jw is not None
        p.jw.name(name)
        p.jw.raw(f"{secs}.{cs:02d}")
    else:
        p.text(f"{name} {secs:4d}.{cs:02d} ")


def print_bridge(p: Printer, br: Device) -> None:
    b: Any = br
    extra = b.ip_settings                   # what vnet stores only to print it
    p.value(ANY, "forward_delay", "forward_delay %d ", int(getattr(b, "forward_delay_cs", 1500)))
    p.value(ANY, "hello_time", "hello_time %d ", int(getattr(b, "hello_time_cs", 200)))
    p.value(ANY, "max_age", "max_age %d ", int(getattr(b, "max_age_cs", 2000)))
    p.value(ANY, "ageing_time", "ageing_time %d ", int(getattr(b, "ageing_time_cs", 30000)))
    p.value(ANY, "stp_state", "stp_state %d ", 1 if getattr(b, "stp_enabled", False) else 0)
    p.value(ANY, "priority", "priority %d ", int(getattr(b, "priority", 0x8000)))
    p.value(ANY, "vlan_filtering", "vlan_filtering %d ", 0)
    bid = bridge_id(br)
    p.string(ANY, "bridge_id", "bridge_id %s ", bid)
    # iproute2 6.1 prints IFLA_BR_BRIDGE_ID here too (fixed upstream in 6.5): Debian 12's
    # `ip -d link` shows the bridge's own id as designated_root; sysfs root_id is right
    p.string(ANY, "root_id", "designated_root %s ", bid)
    p.value(ANY, "root_port", "root_port %d ", b.root_port)
    p.value(ANY, "root_path_cost", "root_path_cost %d ", b.root_path_cost)
    p.value(ANY, "topology_change", "topology_change %d ", 1 if b.topology_change else 0)
    p.value(ANY, "topology_change_detected", "topology_change_detected %d ",
            1 if b.topology_change_detected else 0)
    for name, timer in (("hello_timer", b.hello_timer), ("tcn_timer", b.tcn_timer),
                        ("topology_change_timer", b.topology_change_timer)):
        _timer(p, name, _timer_value(br, timer))
    _timer(p, "gc_timer", b.gc_remaining() // 10_000_000 / 100)
    p.hex0x(ANY, "group_fwd_mask", "group_fwd_mask %s ", int(getattr(b, "group_fwd_mask", 0)))
    p.string(ANY, "group_addr", "group_address %s ", extra.get("group_addr", "01:80:c2:00:00:00"))
    for key, label, value in BRIDGE_MCAST_DEFAULTS:
        p.value(ANY, key, label + " %d ", int(extra.get(key, value)))


def _fwd_mask_str(mask: int) -> str:
    names = {0: "stp", 2: "lacp", 14: "lldp"}
    parts = [names.get(i, f"0x{1 << i:x}") for i in range(16) if mask >> i & 1]
    return ",".join(parts) if parts else "0x0"


def print_bridge_slave(p: Printer, dev: Device) -> None:
    br = dev.master
    port = getattr(br, "ports", {}).get(dev)
    if port is None or br is None:
        return
    p.string(ANY, "state", "state %s ", port.state_name)
    p.value(ANY, "priority", "priority %d ", port.priority)
    p.value(ANY, "cost", "cost %d ", port.path_cost)
    p.on_off(ANY, "hairpin", "hairpin %s ", port.hairpin)
    p.on_off(ANY, "guard", "guard %s ", False)
    p.on_off(ANY, "root_block", "root_block %s ", False)
    p.on_off(ANY, "fastleave", "fastleave %s ", False)
    p.on_off(ANY, "learning", "learning %s ", port.learning)
    p.on_off(ANY, "flood", "flood %s ", port.flood)
    p.hex0x(ANY, "id", "port_id %s ", port.port_id)
    p.hex0x(ANY, "no", "port_no %s ", port.port_no)
    p.value(ANY, "designated_port", "designated_port %d ", port.designated_port)
    p.value(ANY, "designated_cost", "designated_cost %d ", port.designated_cost)
    p.string(ANY, "bridge_id", "designated_bridge %s ", format_bid(port.designated_bridge))
    p.string(ANY, "root_id", "designated_root %s ", format_bid(port.designated_root))
    for name, timer in (("hold_timer", port.hold_timer),
                        ("message_age_timer", port.message_age_timer),
                        ("forward_delay_timer", port.forward_delay_timer)):
        _timer(p, name, _timer_value(br, timer))
    p.value(ANY, "topology_change_ack", "topology_change_ack %d ",
            1 if port.topology_change_ack else 0)
    p.value(ANY, "config_pending", "config_pending %d ", 1 if port.config_pending else 0)
    p.on_off(ANY, "proxy_arp", "proxy_arp %s ", False)
    p.on_off(ANY, "proxy_arp_wifi", "proxy_arp_wifi %s ", False)
    p.value(ANY, "multicast_router", "mcast_router %d ", 1)
    p.string(FP, None, "mcast_fast_leave %s ", "off")
    p.on_off(ANY, "mcast_flood", "mcast_flood %s ", port.mcast_flood)
    p.on_off(ANY, "bcast_flood", "bcast_flood %s ", port.bcast_flood)
    p.on_off(ANY, "mcast_to_unicast", "mcast_to_unicast %s ", False)
    p.on_off(ANY, "neigh_suppress", "neigh_suppress %s ", False)
    mask = int(getattr(port, "group_fwd_mask", 0))
    p.hex0x(ANY, "group_fwd_mask", "group_fwd_mask %s ", mask)
    p.string(ANY, "group_fwd_mask_str", "group_fwd_mask_str %s ", _fwd_mask_str(mask))
    p.on_off(ANY, "vlan_tunnel", "vlan_tunnel %s ", False)
    p.on_off(ANY, "isolated", "isolated %s ", port.isolated)
    p.on_off(ANY, "locked", "locked %s ", False)


def print_tun(p: Printer, dev: Device) -> None:
    p.string(ANY, "type", "type %s ", getattr(dev, "mode", "tap"))
    p.on_off(ANY, "pi", "pi %s ", bool(getattr(dev, "pi", False)))
    p.on_off(ANY, "vnet_hdr", "vnet_hdr %s ", bool(getattr(dev, "vnet_hdr", False)))
    if getattr(dev, "multi_queue", False):
        p.bool(ANY, "multi_queue", "multi_queue ", True)
        attached = 1 if getattr(dev, "reader", None) is not None else 0
        p.value(ANY, "numqueues", "numqueues %d ", attached)
        p.value(ANY, "numdisabled", "numdisabled %d ", 0)
    elif p.is_json:
        p.value(JSON, "multi_queue", None, False)
    p.on_off(ANY, "persist", "persist %s ", bool(getattr(dev, "persist", True)))
    owner = int(getattr(dev, "owner", -1))
    group = int(getattr(dev, "group", -1))
    if owner != -1:
        if owner in USERS:
            p.string(ANY, "user", "user %s ", USERS[owner])
        else:
            p.value(ANY, "user", "user %d ", owner)
    if group != -1:
        if group in GROUPS:
            p.string(ANY, "group", "group %s ", GROUPS[group])
        else:
            p.value(ANY, "group", "group %d ", group)


KIND_PRINTERS = {"bridge": print_bridge, "tun": print_tun,
                 "macvlan": macvlanopts.print_macvlan, "vxlan": vxlanopts.print_vxlan,
                 "vlan": vlanopts.print_vlan}


def _addr_gen_mode(dev: Device) -> str | None:
    """IFLA_INET6_ADDR_GEN_MODE, when the device has an inet6 device."""
    if getattr(dev.netns, "ipv6", None) is None:
        return "eui64"
    from vnet.net import addrconf

    return addrconf.addr_gen_mode_name(dev)


def counted_flag(dev: Device, flag: str) -> int:
    """dev->promiscuity / dev->allmulti: one for being a bridge port (br_add_if sets both),
    one for the user's `ip link set ... promisc|allmulticast on`."""
    count = 1 if dev.master is not None and dev.master.kind == "bridge" else 0
    if linkfmt_user_flags(dev).get(flag):
        count += 1
    port = macvlan.port_of(dev)
    if flag == "PROMISC" and ((port is not None and port.lower_promisc) or any(
            getattr(up, "uc_on_lower", False) for up in dev.uppers)):
        count += 1              # macvlans or vlans with their own MAC on it: dev_uc_add
        #                         without a unicast filter turns promiscuity on, once
    return count


def linkfmt_user_flags(dev: Device) -> dict[str, bool]:
    return dev.user_flags or {}


def print_details(p: Printer, ns: Namespace, dev: Device, opts: IpOptions, do_link: bool) -> None:
    """The `show_details` block of print_linkinfo."""
    p.value(ANY, "promiscuity", " promiscuity %d ", counted_flag(dev, "PROMISC"))
    p.value(ANY, "allmulti", " allmulti %d ", counted_flag(dev, "ALLMULTI"))
    lo, hi = mtu_limits(dev)
    p.value(ANY, "min_mtu", "minmtu %d ", lo)
    p.value(ANY, "max_mtu", "maxmtu %d ", hi)
    slave_kind = "bridge" if dev.master is not None and dev.master.kind == "bridge" else None
    if dev.kind is not None or slave_kind:
        p.open_object("linkinfo")
        if dev.kind is not None:
            p.nl()
            p.string(ANY, "info_kind", "    %s ", dev.kind)
            printer = KIND_PRINTERS.get(dev.kind)
            if printer is not None:
                p.open_object("info_data")
                printer(p, dev)
                p.close_object()
        if slave_kind:
            p.nl()
            p.string(ANY, "info_slave_kind", "    %s_slave ", slave_kind)
            p.open_object("info_slave_data")
            print_bridge_slave(p, dev)
            p.close_object()
        p.close_object()
    if do_link:
        mode = _addr_gen_mode(dev)
        if mode is not None:
            p.string(ANY, "inet6_addr_gen_mode", "addrgenmode %s ", mode)
    queues = num_queues(dev)
    p.value(ANY, "num_tx_queues", "numtxqueues %d ", queues)
    p.value(ANY, "num_rx_queues", "numrxqueues %d ", queues)
    p.value(ANY, "gso_max_size", "gso_max_size %d ", 65536)
    p.value(ANY, "gso_max_segs", "gso_max_segs %d ", 65535)
    p.value(ANY, "tso_max_size", "tso_max_size %d ", tso_max_size(dev))
    p.value(ANY, "tso_max_segs", "tso_max_segs %d ", 65535)
    p.value(ANY, "gro_max_size", "gro_max_size %d ", 65536)
