"""`ip link ... type bridge` and `type bridge_slave` options (ip/iplink_bridge*.c).

Parsing follows bridge_parse_opt / bridge_slave_parse_opt (keywords by prefix, u8/u16/u32
values, on/off words, `help`, the usage text for an unknown word); applying follows the
kernel's br_changelink / br_port_slave_changelink order and limits (hello time 1-10 s,
max age 6-40 s, forward delay 2-30 s once STP is on, path cost 1-65535, port priority
0-63, restricted group_fwd_mask bits, link-local group addresses). Multicast snooping
and netfilter switches are stored for `ip -d link` only: vnet does not snoop IGMP/MLD.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from vnet.cli.ip import usage
from vnet.cli.ip.errors import IpExit, invarg, rtnl_error
from vnet.cli.ip.util import Args, get_unsigned, matches, parse_lladdr
from vnet.cli.shell.api import UnsupportedError
from vnet.link.bridge import stp_if
from vnet.link.device import DeviceError
from vnet.wire.mac import mac_to_str

if TYPE_CHECKING:
    from vnet.link.device import Device

#  (keyword, how it must match: "m" prefix / "s" exact, value limit, error text)
_BRIDGE_NUMERIC = (
    ("forward_delay", "m", 0xFFFFFFFF, "invalid forward_delay"),
    ("hello_time", "m", 0xFFFFFFFF, "invalid hello_time"),
    ("max_age", "m", 0xFFFFFFFF, "invalid max_age"),
    ("ageing_time", "m", 0xFFFFFFFF, "invalid ageing_time"),
    ("stp_state", "m", 0xFFFFFFFF, "invalid stp_state"),
    ("priority", "m", 0xFFFF, "invalid priority"),
    ("vlan_filtering", "m", 0xFF, "invalid vlan_filtering"),
    ("group_fwd_mask", "m", 0xFFFF, "invalid group_fwd_mask"),
    ("no_linklocal_learn", "s", 0xFF, "invalid no_linklocal_learn"),
    ("vlan_default_pvid", "m", 0xFFFF, "invalid vlan_default_pvid"),
    ("vlan_stats_enabled", "m", 0xFF, "invalid vlan_stats_enabled"),
    ("vlan_stats_per_port", "m", 0xFF, "invalid vlan_stats_per_port"),
    ("mcast_router", "m", 0xFF, "invalid mcast_router"),
    ("mcast_snooping", "m", 0xFF, "invalid mcast_snooping"),
    ("mcast_vlan_snooping", "s", 0xFF, "invalid mcast_vlan_snooping"),
    ("mcast_query_use_ifaddr", "m", 0xFF, "invalid mcast_query_use_ifaddr"),
    ("mcast_querier", "m", 0xFF, "invalid mcast_querier"),
    ("mcast_hash_elasticity", "m", 0xFFFFFFFF, "invalid mcast_hash_elasticity"),
    ("mcast_hash_max", "m", 0xFFFFFFFF, "invalid mcast_hash_max"),
    ("mcast_last_member_count", "m", 0xFFFFFFFF, "invalid mcast_last_member_count"),
    ("mcast_startup_query_count", "m", 0xFFFFFFFF, "invalid mcast_startup_query_count"),
    ("mcast_last_member_interval", "m", 2**64 - 1, "invalid mcast_last_member_interval"),
    ("mcast_membership_interval", "m", 2**64 - 1, "invalid mcast_membership_interval"),
    ("mcast_querier_interval", "m", 2**64 - 1, "invalid mcast_querier_interval"),
    ("mcast_query_interval", "m", 2**64 - 1, "invalid mcast_query_interval"),
    ("mcast_query_response_interval", "m", 2**64 - 1, "invalid mcast_query_response_interval"),
    ("mcast_startup_query_interval", "m", 2**64 - 1, "invalid mcast_startup_query_interval"),
    ("mcast_stats_enabled", "m", 0xFF, "invalid mcast_stats_enabled"),
    ("mcast_igmp_version", "m", 0xFF, "invalid mcast_igmp_version"),
    ("mcast_mld_version", "m", 0xFF, "invalid mcast_mld_version"),
    ("nf_call_iptables", "m", 0xFF, "invalid nf_call_iptables"),
    ("nf_call_ip6tables", "m", 0xFF, "invalid nf_call_ip6tables"),
    ("nf_call_arptables", "m", 0xFF, "invalid nf_call_arptables"),
)
#  the -d name of stored-only options (linkinfo.BRIDGE_MCAST_DEFAULTS keys)
_STORED_AS = {"mcast_last_member_count": "mcast_last_member_cnt",
              "mcast_startup_query_count": "mcast_startup_query_cnt",
              "mcast_last_member_interval": "mcast_last_member_intvl",
              "mcast_membership_interval": "mcast_membership_intvl",
              "mcast_querier_interval": "mcast_querier_intvl",
              "mcast_query_interval": "mcast_query_intvl",
              "mcast_query_response_interval": "mcast_query_response_intvl",
              "mcast_startup_query_interval": "mcast_startup_query_intvl"}
GROUPFWD_RESTRICTED = 0x0007


def _explain_error(text: str) -> IpExit:
    return IpExit(text + usage.BRIDGE, 1)


def parse(argv: list[str]) -> list[tuple[str, Any]]:
    """bridge_parse_opt: [(option, value)] in the order given."""
    out: list[tuple[str, Any]] = []
    args = Args(argv)
    while args:
        w = args.cur
        for key, how, limit, err in _BRIDGE_NUMERIC:
            if (how == "m" and matches(w, key)) or (how == "s" and w == key):
                value = args.next()
                number = get_unsigned(value, limit)
                if number is None:
                    raise invarg(err, value)
                out.append((key, number))
                break
        else:
            if matches(w, "vlan_protocol"):
                value = args.next()
                if value not in ("802.1Q", "802.1ad"):
                    raise invarg("invalid vlan_protocol", value)
                out.append(("vlan_protocol", value))
            elif matches(w, "group_address"):
                mac = parse_lladdr(args.next())
                out.append(("group_address", mac))
            elif matches(w, "fdb_flush"):
                out.append(("fdb_flush", None))
            elif matches(w, "help"):
                raise _explain_error("")
            else:
                raise _explain_error(f'bridge: unknown command "{w}"?\n')
        args.advance()
    return out


def apply(br: Device, options: list[tuple[str, Any]]) -> None:
    """br_changelink: attributes in the kernel's order, each validated as it applies."""
    given = dict(options)
    b: Any = br
    try:
        if "forward_delay" in given:
            b.set_forward_delay(given["forward_delay"])
        if "hello_time" in given:
            if not 100 <= given["hello_time"] <= 1000:
                raise rtnl_error("ERANGE")
            b.set_hello_time(given["hello_time"])
        if "max_age" in given:
            if not 600 <= given["max_age"] <= 4000:
                raise rtnl_error("ERANGE")
            b.set_max_age(given["max_age"])
        if "ageing_time" in given:
            b.set_ageing_time(given["ageing_time"])
        if "stp_state" in given:
            b.set_stp(bool(given["stp_state"]))     # br_stp_start clamps the forward delay
        if "priority" in given:
            b.set_priority(given["priority"])
        if "vlan_filtering" in given or "vlan_protocol" in given or "vlan_default_pvid" in given \
                or "vlan_stats_enabled" in given or "vlan_stats_per_port" in given:
            # as the reference kernel (built without CONFIG_BRIDGE_VLAN_FILTERING) answers
            raise rtnl_error("EOPNOTSUPP")
        if "group_fwd_mask" in given:
            if given["group_fwd_mask"] & GROUPFWD_RESTRICTED:
                raise rtnl_error("EINVAL")
            b.group_fwd_mask = given["group_fwd_mask"]
        if "group_address" in given:
            mac = given["group_address"]
            if len(mac) != 6 or mac[:5] != b"\x01\x80\xc2\x00\x00" or mac[5] > 0x0F \
                    or mac[5] in (1, 2, 3):
                raise rtnl_error("EINVAL")
            b.ip_settings["group_addr"] = mac_to_str(mac)
        if "fdb_flush" in given:
            b.fdb.flush_dynamic()
        for key, value in options:
            if key.startswith(("mcast_", "nf_call_", "no_linklocal")):
                b.ip_settings[_STORED_AS.get(key, key)] = value
                if key == "mcast_snooping" and hasattr(b, "multicast_snooping"):
                    b.multicast_snooping = bool(value)
    except DeviceError as err:
        raise rtnl_error(err.errno_name, str(err)) from None


# -- bridge_slave ---------------------------------------------------------------------------

_SLAVE_ON_OFF = ("hairpin", "guard", "root_block", "fastleave", "learning", "flood",
                 "mcast_flood", "bcast_flood", "mcast_to_unicast", "proxy_arp",
                 "proxy_arp_wifi", "mcast_fast_leave", "neigh_suppress", "vlan_tunnel",
                 "isolated", "locked")
#  the order bridge_slave_parse_opt tries keywords in (prefix matching depends on it)
_SLAVE_ORDER = ("fdb_flush", "state", "priority", "cost", "hairpin", "guard", "root_block",
                "fastleave", "learning", "flood", "mcast_flood", "bcast_flood",
                "mcast_to_unicast", "proxy_arp", "proxy_arp_wifi", "mcast_router",
                "mcast_fast_leave", "neigh_suppress", "group_fwd_mask", "vlan_tunnel",
                "isolated", "locked", "backup_port", "nobackup_port", "help")


def _parse_on_off(name: str, value: str) -> bool:
    """parse_on_off via parse_one_of: prefixes of "off" first, then "on"."""
    if matches(value, "off"):
        return False
    if matches(value, "on"):
        return True
    raise IpExit(f'Error: argument of "{name}" must be one of "off", "on", not "{value}"\n', 1)


def parse_slave(argv: list[str]) -> list[tuple[str, Any]]:
    out: list[tuple[str, Any]] = []
    args = Args(argv)
    while args:
        w = args.cur
        key = next((k for k in _SLAVE_ORDER if matches(w, k)), None)
        if key is None:
            raise IpExit(f'bridge_slave: unknown option "{w}"?\n' + usage.BRIDGE_SLAVE, 1)
        if key == "help":
            raise IpExit(usage.BRIDGE_SLAVE, 1)
        if key == "fdb_flush" or key == "nobackup_port":
            out.append((key, None))
        elif key in _SLAVE_ON_OFF:
            out.append((key, _parse_on_off(key, args.next())))
        elif key == "backup_port":
            raise UnsupportedError("bridge_slave backup_port")
        else:
            value = args.next()
            limits = {"state": (0xFF, "state is invalid"), "priority": (0xFFFF, "priority is invalid"),
                      "cost": (0xFFFFFFFF, "cost is invalid"),
                      "mcast_router": (0xFF, "invalid mcast_router"),
                      "group_fwd_mask": (0xFFFF, "invalid group_fwd_mask")}
            limit, err = limits[key]
            number = get_unsigned(value, limit)
            if number is None:
                raise invarg(err, value)
            out.append((key, number))
        args.advance()
    return out


def apply_slave(dev: Device, options: list[tuple[str, Any]]) -> None:
    """br_port_slave_changelink -> br_setport: flags, then cost, priority, state."""
    br: Any = dev.master
    port = br.ports[dev]
    given = dict(options)
    attrs = {"hairpin": "hairpin", "learning": "learning", "flood": "flood",
             "mcast_flood": "mcast_flood", "bcast_flood": "bcast_flood", "isolated": "isolated"}
    try:
        for key, value in options:
            if key in attrs:
                setattr(port, attrs[key], value)
            elif key in _SLAVE_ON_OFF and value:
                raise UnsupportedError(f"bridge_slave {key}")
        if "cost" in given:
            br.set_path_cost(port, given["cost"])
        if "priority" in given:
            br.set_port_priority(port, given["priority"])
        if "state" in given:
            errno_name = stp_if.set_user_state(port, given["state"])
            if errno_name:
                raise rtnl_error(errno_name)
        if "group_fwd_mask" in given:
            if given["group_fwd_mask"] & GROUPFWD_RESTRICTED:
                raise rtnl_error("EINVAL")
            if given["group_fwd_mask"]:
                raise UnsupportedError("bridge_slave group_fwd_mask")
        if "mcast_router" in given and given["mcast_router"] != 1:
            raise UnsupportedError("bridge_slave mcast_router")
        if "fdb_flush" in given:
            br.fdb.delete_port(port, include_static=False)
    except DeviceError as err:
        raise rtnl_error(err.errno_name, str(err)) from None
