"""`ip link ... type vlan` options (iproute2 6.1 ip/iplink_vlan.c) and the 8021q module's
refusals (net/8021q/vlan_netlink.c: vlan_validate, vlan_newlink), and the
`vlan protocol 802.1Q id N <REORDER_HDR>` details `ip -d link` prints.

The CI kernel has no 8021q module, so this text follows the sources rather than a
comparison; `reorder_hdr off` and the QoS maps are refused as unsupported.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from vnet.cli.ip.errors import IpExit, invarg
from vnet.cli.ip.util import get_unsigned, matches
from vnet.cli.shell.api import UnsupportedError
from vnet.link import vlan

if TYPE_CHECKING:
    from vnet.cli.ip.output import Printer
    from vnet.link.device import Device

USAGE = (
    "Usage: ... vlan id VLANID\n"
    "\t\t[ protocol VLANPROTO ]\n"
    "\t\t[ reorder_hdr { on | off } ]\n"
    "\t\t[ gvrp { on | off } ]\n"
    "\t\t[ mvrp { on | off } ]\n"
    "\t\t[ loose_binding { on | off } ]\n"
    "\t\t[ bridge_binding { on | off } ]\n"
    "\t\t[ ingress-qos-map QOS-MAP ]\n"
    "\t\t[ egress-qos-map QOS-MAP ]\n"
    "\n"
    "VLANID := 0-4095\n"
    "VLANPROTO: [ 802.1Q | 802.1ad ]\n"
    "QOS-MAP := [ QOS-MAP ] QOS-MAPPING\n"
    "QOS-MAPPING := FROM:TO\n"
)
_FLAGS = {"reorder_hdr": vlan.FLAG_REORDER_HDR, "gvrp": vlan.FLAG_GVRP,
          "mvrp": vlan.FLAG_MVRP, "loose_binding": vlan.FLAG_LOOSE_BINDING,
          "bridge_binding": vlan.FLAG_BRIDGE_BINDING}
PROTO_NAMES = {vlan.ETH_P_8021Q: "802.1Q", vlan.ETH_P_8021AD: "802.1ad"}
#  more of iproute2's lib/ll_proto.c names, which parse but the kernel refuses for a vlan
_OTHER_PROTOS = {"ip": 0x0800, "arp": 0x0806, "ipv6": 0x86DD, "loop": 0x0060,
                 "mpls_uc": 0x8847, "mpls_mc": 0x8848, "lldp": 0x88CC}


@dataclass
class VlanOpts:
    given: bool = False             # any option at all (IFLA_INFO_DATA sent)
    vid: int | None = None
    proto: int | None = None
    flags: int = 0
    mask: int = 0


def _proto(text: str) -> int | None:
    """ll_proto_a2n for the protocols a vlan takes (names case-insensitive, or numbers)."""
    for number, name in PROTO_NAMES.items():
        if text.lower() == name.lower():
            return number
    return _OTHER_PROTOS.get(text.lower(), get_unsigned(text, 0xFFFF))


def parse(args: list[str]) -> VlanOpts:
    """vlan_parse_opt."""
    o = VlanOpts(given=bool(args))
    i = 0
    while i < len(args):
        w = args[i]
        if matches(w, "protocol") or matches(w, "id") or any(matches(w, f) for f in _FLAGS):
            i += 1
            if i >= len(args):
                raise IpExit('Command line is not complete. Try option "help"\n', 255)
            v = args[i]
            if matches(w, "protocol"):
                proto = _proto(v)
                if proto is None:
                    raise invarg("protocol is invalid", v)
                o.proto = proto
            elif matches(w, "id"):
                vid = get_unsigned(v, 0xFFFF)
                if vid is None:
                    raise invarg("id is invalid", v)
                o.vid = vid
            else:
                name = next(f for f in _FLAGS if matches(w, f))
                if v not in ("on", "off"):
                    raise IpExit(f'Error: argument of "{name}" must be "on" or "off", '
                                 f'not "{v}"\n', 1)
                if name == "reorder_hdr" and v == "off":
                    raise UnsupportedError("ip link type vlan reorder_hdr off")
                o.mask |= _FLAGS[name]
                o.flags = o.flags | _FLAGS[name] if v == "on" else o.flags & ~_FLAGS[name]
        elif matches(w, "ingress-qos-map") or matches(w, "egress-qos-map"):
            raise UnsupportedError(f"ip link type vlan {w}")
        elif matches(w, "help"):
            raise IpExit(USAGE, 1)
        else:
            raise IpExit(f'vlan: unknown command "{w}"?\n' + USAGE, 1)
        i += 1
    return o


def validate(o: VlanOpts) -> str | None:
    """vlan_validate and vlan_newlink's checks before the lower device: the extack text
    and errno of the first that fails."""
    if not o.given:
        return "8021q: VLAN properties not specified|EINVAL"
    if o.proto is not None and o.proto not in PROTO_NAMES:
        return "8021q: Invalid VLAN protocol|EPROTONOSUPPORT"
    if o.vid is not None and o.vid >= vlan.VLAN_N_VID - 1:
        return "8021q: Invalid VLAN id|ERANGE"
    if o.vid is None:
        return "8021q: VLAN id not specified|EINVAL"
    return None


def apply_flags(dev: Device, o: VlanOpts) -> None:
    """vlan_dev_change_flags."""
    assert isinstance(dev, vlan.VlanDev)
    dev.flags = (dev.flags & ~o.mask) | (o.flags & o.mask)


def print_vlan(p: Printer, dev: Device) -> None:
    """vlan_print_opt."""
    from vnet.cli.ip.output import ANY

    assert isinstance(dev, vlan.VlanDev)
    p.string(ANY, "protocol", "protocol %s ", PROTO_NAMES[dev.proto])
    p.value(ANY, "id", "id %u ", dev.vid)
    names = [name for bit, name in vlan.FLAG_NAMES if dev.flags & bit]
    p.open_array(ANY, "flags" if p.is_json else "<")
    for i, name in enumerate(names):
        p.string(ANY, None, "%s," if i < len(names) - 1 else "%s", name)
    p.close_array(ANY, "> ")
