"""Flow keys and one-line packet descriptions, computed from a record's bytes.

The trace layer ties the records of one packet together (and its reply, the ICMP errors
about it, the ARP exchange it waited on) by a flow key computed from the bytes, only
when a trace is rendered: recording stores a reference to the bytes and nothing else.

Keys, all tuples:

* ``("echo", lo, hi, ident, seq)``: an ICMP echo request and its reply (RFC 792),
  addresses sorted so both directions share the key;
* an ICMP error (destination unreachable, time exceeded, parameter problem, redirect,
  source quench) has the key of the datagram it quotes (RFC 792: IP header + 8 bytes);
* ``("udp", (addr, port), (addr, port))`` and ``("tcp", ...)``: the 4-tuple, sorted;
* ``("frag", src, dst, ident, proto)``: a non-first fragment (the renderer maps it to
  the key of its first fragment, RFC 791 3.2 reassembly key);
* ``("arp", lo, hi)``: an ARP exchange (RFC 826), unless it belongs to a packet that
  waited for it (see vnet.trace.journey);
* ``("stp",)`` for Spanning Tree BPDUs (IEEE 802.3 frames with LLC SAP 0x42, 802.1D
  9.3), ``("llc", dsap)`` for other 802.3 frames;
* ``("ip", lo, hi, proto)`` for other IPv4, ``("eth", ethertype)`` for other frames.

Parsing here is lenient and never raises: a record of malformed bytes still renders.
"""

from __future__ import annotations

from typing import Any

from vnet.wire.ipaddr import ip_to_str
from vnet.wire.mac import mac_to_str

#  where a record's IPv4 (or ARP) header starts: an offset into its bytes, or one of these
OFF_KEY = -1      # the data is already a flow key
OFF_NONE = -2     # no data
OFF_PKT = -3      # the data is a vnet.wire.ipv4.Ipv4Packet's fields, as a plain tuple

ETH_P_IP = 0x0800
ETH_P_ARP = 0x0806
ETH_P_IPV6 = 0x86DD
ETH_P_8021Q = 0x8100
ETH_P_8021AD = 0x88A8
LLC_SAP_BSPAN = 0x42

_ICMP_ERRORS = frozenset({3, 4, 5, 11, 12})
_ICMP_NAMES = {0: "echo reply", 3: "destination unreachable", 4: "source quench",
               5: "redirect", 8: "echo request", 11: "time exceeded",
               12: "parameter problem", 13: "timestamp request", 14: "timestamp reply"}
_UNREACH = {0: "net unreachable", 1: "host unreachable", 2: "protocol unreachable",
            3: "port unreachable", 4: "fragmentation needed", 9: "net prohibited",
            10: "host prohibited", 13: "administratively prohibited"}
_EXCEEDED = {0: "TTL exceeded in transit", 1: "fragment reassembly time exceeded"}


def _u16(data: bytes | bytearray, at: int) -> int:
    return (data[at] << 8) | data[at + 1]


def _u32(data: bytes | bytearray, at: int) -> int:
    return int.from_bytes(data[at:at + 4], "big")


class IpView:
    """The fields of an IPv4 header the trace needs, read leniently from bytes."""

    __slots__ = ("src", "dst", "proto", "ttl", "ident", "frag", "mf", "df", "payload",
                 "length")

    def __init__(self, src: int, dst: int, proto: int, ttl: int, ident: int, frag: int,
                 mf: bool, df: bool, payload: bytes, length: int) -> None:
        self.src = src
        self.dst = dst
        self.proto = proto
        self.ttl = ttl
        self.ident = ident
        self.frag = frag
        self.mf = mf
        self.df = df
        self.payload = payload
        self.length = length


def untagged(data: Any, off: int) -> Any:
    """A record's frame without its 802.1Q/802.1ad tag, so a tagged frame is described and
    followed as the packet it carries (the tag only says which VLAN it is on)."""
    if off == 14 and isinstance(data, (bytes, bytearray)) and len(data) >= 18 and \
            _u16(data, 12) in (ETH_P_8021Q, ETH_P_8021AD):
        return bytes(data[:12]) + bytes(data[16:])
    return data


def vlan_of(data: Any, off: int) -> str:
    """`802.1Q VLAN 10: ` for a tagged frame, else empty."""
    if off == 14 and isinstance(data, (bytes, bytearray)) and len(data) >= 18:
        tpid = _u16(data, 12)
        if tpid in (ETH_P_8021Q, ETH_P_8021AD):
            name = "802.1Q" if tpid == ETH_P_8021Q else "802.1ad"
            return f"{name} VLAN {_u16(data, 14) & 0x0FFF}: "
    return ""


def ip_view(data: Any, off: int) -> IpView | None:
    """The IPv4 datagram in a record's data, or None when there is none."""
    data = untagged(data, off)
    if off == OFF_PKT:
        src, dst, proto, payload, ttl, _tos, ident, df, mf, frag, options = data
        return IpView(src, dst, proto, ttl, ident, frag, mf, df, payload,
                      20 + ((len(options) + 3) & ~3) + len(payload))
    if off < 0 or not isinstance(data, (bytes, bytearray)):
        return None
    if off == 14 and (len(data) < 14 or _u16(data, 12) != ETH_P_IP):
        return None
    return ip_from_bytes(data, off)


def ip_from_bytes(data: bytes | bytearray, off: int = 0) -> IpView | None:
    if len(data) < off + 20 or data[off] >> 4 != 4:
        return None
    ihl = (data[off] & 0x0F) * 4
    if ihl < 20:
        return None
    total = _u16(data, off + 2)
    flags = _u16(data, off + 6)
    end = off + total if off + total <= len(data) and total >= ihl else len(data)
    return IpView(_u32(data, off + 12), _u32(data, off + 16), data[off + 9], data[off + 8],
                  _u16(data, off + 4), (flags & 0x1FFF) * 8, bool(flags & 0x2000),
                  bool(flags & 0x4000), bytes(data[off + ihl:end]), total)


def _pair(a: Any, b: Any) -> tuple[Any, Any]:
    return (a, b) if a <= b else (b, a)


def echo_key(src: int, dst: int, ident: int, seq: int) -> tuple:
    """The key of an ICMP echo request from src to dst (and of its reply)."""
    lo, hi = _pair(src, dst)
    return ("echo", lo, hi, ident, seq)


def udp_key(src: int, sport: int, dst: int, dport: int) -> tuple:
    """The key of a UDP datagram (and of the ICMP errors quoting it)."""
    a, b = _pair((src, sport), (dst, dport))
    return ("udp", a, b)


def ip_key(ip: IpView, depth: int = 0) -> tuple:
    """The flow key of an IPv4 datagram (see the module docstring)."""
    if ip.frag:
        return ("frag", ip.src, ip.dst, ip.ident, ip.proto)
    p = ip.payload
    proto = ip.proto
    if proto == 1 and len(p) >= 8:
        icmp_type = p[0]
        if icmp_type in (0, 8):
            lo, hi = _pair(ip.src, ip.dst)
            return ("echo", lo, hi, _u16(p, 4), _u16(p, 6))
        if icmp_type in _ICMP_ERRORS and depth == 0:
            inner = ip_from_bytes(p, 8)
            if inner is not None:
                return ip_key(inner, 1)
        lo, hi = _pair(ip.src, ip.dst)
        return ("icmp", lo, hi, icmp_type)
    if proto in (6, 17) and len(p) >= 4:
        a, b = _pair((ip.src, _u16(p, 0)), (ip.dst, _u16(p, 2)))
        return ("udp" if proto == 17 else "tcp", a, b)
    lo, hi = _pair(ip.src, ip.dst)
    return ("ip", lo, hi, proto)


def first_fragment_key(ip: IpView) -> tuple | None:
    """For the first fragment of a datagram, the ("frag", ...) key its followers carry."""
    if ip.mf and not ip.frag:
        return ("frag", ip.src, ip.dst, ip.ident, ip.proto)
    return None


class ArpView:
    __slots__ = ("op", "sha", "spa", "tha", "tpa")

    def __init__(self, op: int, sha: bytes, spa: int, tha: bytes, tpa: int) -> None:
        self.op = op
        self.sha = sha
        self.spa = spa
        self.tha = tha
        self.tpa = tpa


def arp_view(data: Any, off: int) -> ArpView | None:
    data = untagged(data, off)
    if off != 14 or not isinstance(data, (bytes, bytearray)) or len(data) < 42 or \
            _u16(data, 12) != ETH_P_ARP:
        return None
    return ArpView(_u16(data, 20), bytes(data[22:28]), _u32(data, 28), bytes(data[32:38]),
                   _u32(data, 38))


def key_of(data: Any, off: int) -> tuple | None:
    """The flow key of a record's data (None: the record has no packet)."""
    if off == OFF_KEY:
        return data
    if off == OFF_NONE or data is None:
        return None
    data = untagged(data, off)
    ip = ip_view(data, off)
    if ip is not None:
        return ip_key(ip)
    arp = arp_view(data, off)
    if arp is not None:
        lo, hi = _pair(arp.spa, arp.tpa)
        return ("arp", lo, hi)
    if off == 14 and isinstance(data, (bytes, bytearray)) and len(data) >= 14:
        ethertype = _u16(data, 12)
        if ethertype < 0x0600 and len(data) >= 15:      # an 802.3 length: LLC follows
            return ("stp",) if data[14] == LLC_SAP_BSPAN else ("llc", data[14])
        return ("eth", ethertype)
    return None


def describe_llc(data: bytes | bytearray) -> str:
    """An IEEE 802.3/LLC frame; a BPDU as `STP config root 8000.0200000000a0 cost 2
    bridge 8000.0200000000b0 port 0x8001 [TC]`."""
    body = data[17:]
    if data[14] != LLC_SAP_BSPAN or len(body) < 4:
        return f"802.3 LLC frame, DSAP 0x{data[14]:02x}, {len(data)} bytes"
    if body[3] == 0x80:
        return "STP TCN BPDU"
    if body[3] != 0 or len(body) < 35:
        return f"STP BPDU type 0x{body[3]:02x}, {len(body)} bytes"
    flags = "".join((" [TC]" if body[4] & 1 else "", " [TC ack]" if body[4] & 0x80 else ""))
    return (f"STP config root {body[5:7].hex()}.{body[7:13].hex()} cost {_u32(body, 13)} "
            f"bridge {body[17:19].hex()}.{body[19:25].hex()} port 0x{_u16(body, 25):04x}"
            f"{flags}")


# -- descriptions ----------------------------------------------------------------------------


def icmp_text(icmp_type: int, code: int) -> str:
    if icmp_type == 3:
        return "destination unreachable (" + _UNREACH.get(code, f"code {code}") + ")"
    if icmp_type == 11:
        return "time exceeded (" + _EXCEEDED.get(code, f"code {code}") + ")"
    return _ICMP_NAMES.get(icmp_type, f"type {icmp_type} code {code}")


def describe_ip(ip: IpView, depth: int = 0) -> str:
    """`ICMP echo request 10.0.1.1 > 10.0.2.1 id 0x1a2b seq 1 ttl 64`, and so on."""
    src, dst = ip_to_str(ip.src), ip_to_str(ip.dst)
    p = ip.payload
    frag = ""
    if ip.mf or ip.frag:
        frag = f" (fragment id {ip.ident} offset {ip.frag}{'+' if ip.mf else ''})"
        if ip.frag:
            return f"IP {src} > {dst} proto {ip.proto}{frag} ttl {ip.ttl}"
    ttl = f" ttl {ip.ttl}" if depth == 0 else ""
    if ip.proto == 1 and len(p) >= 4:
        icmp_type, code = p[0], p[1]
        text = f"ICMP {icmp_text(icmp_type, code)} {src} > {dst}"
        if icmp_type in (0, 8) and len(p) >= 8:
            text += f" id {_u16(p, 4)} seq {_u16(p, 6)}"
        text += frag + ttl
        if icmp_type in _ICMP_ERRORS and depth == 0 and len(p) >= 8:
            if icmp_type == 3 and code == 4:
                text += f" mtu {_u16(p, 6)}"
            if icmp_type == 5:
                text += f" new gateway {ip_to_str(_u32(p, 4))}"
            inner = ip_from_bytes(p, 8)
            if inner is not None:
                text += ", about: " + describe_ip(inner, 1)
        return text
    if ip.proto in (6, 17) and len(p) >= 4:
        name = "UDP" if ip.proto == 17 else "TCP"
        return f"{name} {src}:{_u16(p, 0)} > {dst}:{_u16(p, 2)}{frag}{ttl}"
    return f"IP {src} > {dst} proto {ip.proto}{frag}{ttl}"


def describe_arp(arp: ArpView) -> str:
    if arp.op == 1:
        return f"ARP who-has {ip_to_str(arp.tpa)} tell {ip_to_str(arp.spa)}"
    if arp.op == 2:
        return f"ARP reply {ip_to_str(arp.spa)} is-at {mac_to_str(arp.sha)}"
    return f"ARP op {arp.op}"


def describe(data: Any, off: int, with_mac: bool = True) -> str:
    """A one-line description of a record's packet (frame or datagram)."""
    if off in (OFF_KEY, OFF_NONE) or data is None:
        return ""
    vlan = vlan_of(data, off)
    frame = data
    data = untagged(data, off)
    ip = ip_view(data, off)
    if ip is not None:
        text = describe_ip(ip)
    else:
        arp = arp_view(data, off)
        if arp is not None:
            text = describe_arp(arp)
        elif off == 14 and len(data) >= 15 and _u16(data, 12) < 0x0600:
            text = describe_llc(data)
        elif off == 14 and len(data) >= 14:
            ethertype = _u16(data, 12)
            name = {ETH_P_IPV6: "IPv6"}.get(ethertype, f"ethertype 0x{ethertype:04x}")
            text = f"{name} frame, {len(data)} bytes"
        else:
            text = f"{len(data)} bytes"
    text = vlan + text
    if with_mac and off == 14 and isinstance(frame, (bytes, bytearray)) and len(frame) >= 14:
        text += f" [{mac_to_str(frame[6:12])} > {mac_to_str(frame[0:6])}]"
    return text


def describe_key(key: tuple | None) -> str:
    """A journey's title from its key."""
    if key is None:
        return "other events"
    kind = key[0]
    if kind == "echo":
        return f"ICMP echo {ip_to_str(key[1])} <-> {ip_to_str(key[2])} id {key[3]} seq {key[4]}"
    if kind in ("udp", "tcp"):
        (a, pa), (b, pb) = key[1], key[2]
        return f"{kind.upper()} {ip_to_str(a)}:{pa} <-> {ip_to_str(b)}:{pb}"
    if kind == "arp":
        return f"ARP {ip_to_str(key[1])} <-> {ip_to_str(key[2])}"
    if kind == "neigh":
        return f"neighbour resolution of {ip_to_str(key[1])}"
    if kind == "frag":
        return f"fragments {ip_to_str(key[1])} > {ip_to_str(key[2])} id {key[3]}"
    if kind == "icmp":
        return f"ICMP {icmp_text(key[3], 0)} {ip_to_str(key[1])} <-> {ip_to_str(key[2])}"
    if kind == "ip":
        return f"IP proto {key[3]} {ip_to_str(key[1])} <-> {ip_to_str(key[2])}"
    if kind == "connect":
        return f"{key[1]} to {ip_to_str(key[2])}: connect()"
    if kind == "eth":
        return f"ethertype 0x{key[1]:04x} frames"
    if kind == "stp":
        return "Spanning Tree BPDUs"
    if kind == "llc":
        return f"802.3 LLC frames, DSAP 0x{key[1]:02x}"
    return " ".join(str(part) for part in key)
