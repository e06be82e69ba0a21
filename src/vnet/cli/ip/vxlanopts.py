"""`ip link add ... type vxlan` options (iproute2 6.1 ip/iplink_vxlan.c): parsing, and the
`vxlan id N remote A local A dev D srcport L H dstport P ... ageing S udpcsum ...`
details `ip -d link` prints (vxlan_print_opt).

IPv4 underlays only; `group` (multicast), IPv6 addresses, `proxy`, `rsc`, `l2miss`,
`l3miss`, `gbp`, `gpe`, `remcsum*`, `flowlabel` and `vnifilter` are refused as
unsupported (vnet.link.vxlan lists what is not built). `external` makes the
collect-metadata device Open vSwitch and tc use (`vxlan_sys_4789`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from vnet.cli.ip.errors import IpExit, duparg2, invarg
from vnet.cli.ip.util import AF_INET, format_ipv4, get_addr, get_unsigned, matches
from vnet.cli.shell.api import UnsupportedError
from vnet.link import vxlan

if TYPE_CHECKING:
    from vnet.cli.ip.output import Printer
    from vnet.core.netns import Namespace
    from vnet.link.device import Device

USAGE = (
    "Usage: ... vxlan id VNI\n"
    "\t\t[ { group | remote } IP_ADDRESS ]\n"
    "\t\t[ local ADDR ]\n"
    "\t\t[ ttl TTL ]\n"
    "\t\t[ tos TOS ]\n"
    "\t\t[ df DF ]\n"
    "\t\t[ flowlabel LABEL ]\n"
    "\t\t[ dev PHYS_DEV ]\n"
    "\t\t[ dstport PORT ]\n"
    "\t\t[ srcport MIN MAX ]\n"
    "\t\t[ [no]learning ]\n"
    "\t\t[ [no]proxy ]\n"
    "\t\t[ [no]rsc ]\n"
    "\t\t[ [no]l2miss ]\n"
    "\t\t[ [no]l3miss ]\n"
    "\t\t[ ageing SECONDS ]\n"
    "\t\t[ maxaddress NUMBER ]\n"
    "\t\t[ [no]udpcsum ]\n"
    "\t\t[ [no]udp6zerocsumtx ]\n"
    "\t\t[ [no]udp6zerocsumrx ]\n"
    "\t\t[ [no]remcsumtx ] [ [no]remcsumrx ]\n"
    "\t\t[ [no]external ] [ gbp ] [ gpe ]\n"
    "\t\t[ [no]vnifilter ]\n"
    "\n"
    "Where:\tVNI\t:= 0-16777215\n"
    "\tADDR\t:= { IP_ADDRESS | any }\n"
    "\tTOS\t:= { NUMBER | inherit }\n"
    "\tTTL\t:= { 1..255 | auto | inherit }\n"
    "\tDF\t:= { unset | set | inherit }\n"
    "\tLABEL := 0-1048575\n"
)
NO_DSTPORT_WARNING = (
    "vxlan: destination port not specified\n"
    "Will use Linux kernel default (non-standard value)\n"
    "Use 'dstport 4789' to get the IANA assigned value\n"
    "Use 'dstport 0' to get default and quiet this message\n"
)
_UNSUPPORTED = ("group", "proxy", "noproxy", "rsc", "norsc",
                "l2miss", "nol2miss", "l3miss", "nol3miss", "gbp", "gpe", "remcsumtx",
                "noremcsumtx", "remcsumrx", "noremcsumrx", "flowlabel", "label",
                "vnifilter", "novnifilter")


@dataclass
class VxlanOpts:
    vni: int | None = None
    remote: int = 0
    local: int = 0
    dev: str | None = None
    ttl: int = 0
    ttl_inherit: bool = False
    tos: int = 0
    df: int = vxlan.DF_UNSET
    dstport: int | None = None
    port_min: int = 0
    port_max: int = 0
    learning: bool = True
    ageing: int = vxlan.FDB_AGE_DEFAULT
    maxaddress: int = 0
    udp_csum: bool = True
    external: bool = False
    seen: set[str] = field(default_factory=set)
    warning: str = ""


def _explain(first: str = "") -> IpExit:
    return IpExit(first + USAGE, 1)


def _u32(text: str) -> int | None:
    return get_unsigned(text, 0xFFFFFFFF)


def _u32_or_zero(text: str, zero_word: str, what: str) -> int:
    """A u32, or the word that means 0 (`ageing none`, `maxaddress unlimited`)."""
    n = 0 if text == zero_word else _u32(text)
    if n is None:
        raise invarg(what, text)
    return n


def _ipv4(text: str, what: str) -> int:
    """get_addr for an IPv4 unicast address (IPv6 underlays are not built)."""
    if ":" in text:
        raise UnsupportedError("ip link type vxlan with an IPv6 address")
    addr = get_addr(text, AF_INET)
    value = addr.as_int()
    if addr.is_any or value == 0 or value >> 28 == 0xE:
        raise invarg(f"invalid {what} address", text)
    return value


def parse(args: list[str], ns: Namespace) -> VxlanOpts:
    """vxlan_parse_opt for a new device; `dev` is looked up in `ns` as it is read."""
    o = VxlanOpts()
    i = 0

    def value() -> str:
        nonlocal i
        i += 1
        if i >= len(args):
            raise IpExit('Command line is not complete. Try option "help"\n', 255)
        return args[i]

    def once(key: str, name: str, arg: str) -> None:
        if key in o.seen:
            raise duparg2(name, arg)
        o.seen.add(key)

    while i < len(args):
        w = args[i]
        if matches(w, "id") or matches(w, "vni"):
            v = value()
            once("id", "id", v)
            n = _u32(v)
            if n is None or n >= 1 << 24:
                raise invarg("invalid id", v)
            o.vni = n
        elif matches(w, "remote"):
            v = value()
            once("group", "remote", v)
            o.remote = _ipv4(v, "remote")
        elif matches(w, "local"):
            v = value()
            once("local", "local", v)
            o.local = _ipv4(v, "local")
        elif matches(w, "dev"):
            v = value()
            once("dev", "dev", v)
            if ns.get(v) is None:
                raise IpExit(f'Cannot find device "{v}"\n', 255)
            o.dev = v
        elif matches(w, "ttl") or matches(w, "hoplimit"):
            v = value()
            once("ttl", "ttl", v)
            if v == "inherit":
                o.ttl_inherit = True
            elif v != "auto":
                n = get_unsigned(v)
                if n is None:
                    raise invarg("invalid TTL", v)
                if n > 255:
                    raise invarg("TTL must be <= 255", v)
                o.ttl = n
        elif matches(w, "tos") or matches(w, "dsfield"):
            v = value()
            once("tos", "tos", v)
            if v == "inherit":
                o.tos = 1
            else:
                n = get_unsigned(v, 0xFF, 16)
                if n is None:
                    raise invarg("bad TOS value", v)
                o.tos = n
        elif matches(w, "df"):
            v = value()
            once("df", "df", v)
            modes = {"unset": vxlan.DF_UNSET, "set": vxlan.DF_SET, "inherit": vxlan.DF_INHERIT}
            if v not in modes:
                raise invarg("DF must be 'unset', 'set' or 'inherit'", v)
            o.df = modes[v]
        elif matches(w, "ageing"):
            v = value()
            once("ageing", "ageing", v)
            o.ageing = _u32_or_zero(v, "none", "ageing timer")
        elif matches(w, "maxaddress"):
            v = value()
            once("maxaddress", "maxaddress", v)
            o.maxaddress = _u32_or_zero(v, "unlimited", "max addresses")
        elif matches(w, "port") or matches(w, "srcport"):
            v = value()
            once("srcport", "srcport", v)
            low = get_unsigned(v, 0xFFFF)
            if low is None:
                raise invarg("min port", v)
            v = value()
            high = get_unsigned(v, 0xFFFF)
            if high is None:
                raise invarg("max port", v)
            o.port_min, o.port_max = low, high
        elif matches(w, "dstport"):
            v = value()
            once("dstport", "dstport", v)
            n = get_unsigned(v, 0xFFFF)
            if n is None:
                raise invarg("dst port", v)
            o.dstport = n
        elif matches(w, "nolearning"):
            once("learning", w, w)
            o.learning = False
        elif matches(w, "learning"):
            once("learning", w, w)
            o.learning = True
        elif matches(w, "external"):
            once("external", w, w)
            o.external = True
            o.learning = False
        elif matches(w, "noexternal"):
            once("external", w, w)
            o.external = False
        elif matches(w, "udpcsum"):
            once("udpcsum", w, w)
            o.udp_csum = True
        elif matches(w, "noudpcsum"):
            once("udpcsum", w, w)
            o.udp_csum = False
        elif w in ("udp6zerocsumtx", "noudp6zerocsumtx", "udp6zerocsumrx",
                   "noudp6zerocsumrx"):
            once(w.removeprefix("no"), w, w)
            if not w.startswith("no"):
                raise UnsupportedError(f"ip link type vxlan {w}")
        elif matches(w, "help"):
            raise _explain()
        elif any(matches(w, name) for name in _UNSUPPORTED):
            raise UnsupportedError(f"ip link type vxlan {w}")
        else:
            raise _explain(f'vxlan: unknown command "{w}"?\n')
        i += 1
    if o.external and o.vni is not None:
        raise IpExit("vxlan: both 'external' and vni cannot be specified\n", 1)
    if o.vni is None and not o.external:
        raise IpExit("vxlan: missing virtual network identifier\n", 1)
    if o.dstport is None:
        o.warning = NO_DSTPORT_WARNING
    return o


def print_vxlan(p: Printer, dev: Device, ns: Namespace | None = None) -> None:
    """vxlan_print_opt."""
    from vnet.cli.ip.output import ANY, FP, JSON

    assert isinstance(dev, vxlan.Vxlan)
    if dev.external:
        p.bool(ANY, "external", "external ", True)
    p.value(ANY, "id", "id %u ", dev.vni)
    if dev.remote:
        p.string(ANY, "remote", "remote %s ", format_ipv4(dev.remote))
    if dev.local:
        p.string(ANY, "local", "local %s ", format_ipv4(dev.local))
    if dev.lower_ifindex:
        here = ns if ns is not None else dev.netns
        lower = here.by_index.get(dev.lower_ifindex)
        p.string(ANY, "link", "dev %s ",
                 lower.name if lower is not None else f"if{dev.lower_ifindex}")
    if p.is_json:
        p.open_object("port_range")
        p.value(JSON, "low", None, dev.port_min)
        p.value(JSON, "high", None, dev.port_max)
        p.close_object()
    else:
        p.text(f"srcport {dev.port_min} {dev.port_max} ")
    p.value(ANY, "port", "dstport %u ", dev.dst_port)
    p.bool(JSON, "learning", None, dev.learning)
    if not dev.learning:
        p.bool(FP, None, "nolearning ", True)
    if dev.tos:
        if p.is_json or dev.tos != 1:
            p.string(ANY, "tos", "tos %s ", f"{dev.tos:#x}")
        else:
            p.string(FP, None, "tos %s ", "inherit")
    if dev.ttl_inherit:
        p.string(FP, None, "ttl %s ", "inherit")
    elif p.is_json or dev.ttl:
        p.value(ANY, "ttl", "ttl %u ", dev.ttl)
    else:
        p.string(FP, None, "ttl %s ", "auto")
    df_name = {vxlan.DF_UNSET: "unset", vxlan.DF_SET: "set", vxlan.DF_INHERIT: "inherit"}
    if dev.df == vxlan.DF_UNSET:
        p.string(JSON, "df", "df %s ", "unset")
    else:
        p.string(ANY, "df", "df %s ", df_name[dev.df])
    if dev.ageing == 0:
        p.value(ANY, "ageing", "ageing none ", 0)
    else:
        p.value(ANY, "ageing", "ageing %u ", dev.ageing)
    if dev.maxaddress:
        p.value(ANY, "limit", "maxaddr %u ", dev.maxaddress)
    if p.is_json:
        p.bool(JSON, "udp_csum", None, dev.udp_csum)
        p.bool(JSON, "udp_zero_csum6_tx", None, False)
        p.bool(JSON, "udp_zero_csum6_rx", None, False)
    else:
        p.text(("" if dev.udp_csum else "no") + "udpcsum ")
        p.text("noudp6zerocsumtx noudp6zerocsumrx ")
