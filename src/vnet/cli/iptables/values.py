"""iptables' option values (libxtables and the extensions' parsers): addresses and masks,
ports and service names, port ranges of the nat targets, TCP flags, ICMP types,
conntrack states, rule numbers and chain names."""

from __future__ import annotations

from ipaddress import IPv4Address

from vnet.cli.iptables import render, services
from vnet.cli.iptables.errors import param
from vnet.netfilter.conntrack import STATE_BITS

ICMP_TYPES = render.ICMP_TYPES

TARGETS = ("ACCEPT", "DROP", "RETURN", "REJECT", "LOG", "SNAT", "DNAT", "MASQUERADE",
           "REDIRECT")


def digits(text: str) -> bool:
    """ASCII digits only (str.isdigit also accepts '¹', which int() refuses)."""
    return text.isascii() and text.isdigit()


#  names a host or network lookup answers from Debian 12's /etc/hosts and /etc/networks
_NAMES = {**{name: ip for ip, name in render.HOSTS.items()},
          **{name: ip for ip, name in render.NETWORKS.items()}}


def parse_addr(text: str) -> tuple[int, int]:
    addr, _, mask = text.partition("/")
    try:
        ip = int(IPv4Address(addr))
    except ValueError:
        ip = _NAMES.get(addr, -1)
        if ip < 0:
            raise param(f"host/network `{addr}' not found") from None
    if not mask:
        bits = 0xFFFFFFFF
    elif digits(mask) and int(mask) <= 32:
        bits = (0xFFFFFFFF << (32 - int(mask))) & 0xFFFFFFFF
    else:
        try:
            bits = int(IPv4Address(mask))
        except ValueError:
            raise param(f"invalid mask `{mask}' specified") from None
    return ip & bits, bits


def parse_port(text: str, proto: int) -> int:
    """xtables_parse_port: a number or a name getservbyname knows for the protocol."""
    if digits(text) and int(text) <= 0xFFFF:
        return int(text)
    names = services.UDP_NAMES if proto == 17 else services.TCP_NAMES
    if text in names:
        return names[text]
    raise param(f"invalid port/service `{text}' specified")


def port_range(text: str, proto: int) -> tuple[int, int]:
    if ":" in text:
        lo, _, hi = text.partition(":")
        a = parse_port(lo, proto) if lo else 0
        b = parse_port(hi, proto) if hi else 0xFFFF
        return (a, b) if a <= b else (b, a)
    p = parse_port(text, proto)
    return p, p


def nat_range(text: str, what: str) -> tuple[int, int, int, int]:
    addr, _, ports = text.partition(":")
    lo, _, hi = addr.partition("-")
    try:
        a = int(IPv4Address(lo)) if lo or not ports else 0    # `:PORT` keeps the address
        b = int(IPv4Address(hi)) if hi else a
    except ValueError:
        raise param(f"Bad IP address \"{addr}\"") from None
    plo = phi = 0
    if ports:
        plo, phi = port_pair(ports)
    return a, b, plo, phi


def port_pair(text: str) -> tuple[int, int]:
    """xtables parse of a PORT[-PORT] range (nat targets' options)."""
    p1, _, p2 = text.partition("-")
    if not digits(p1) or int(p1) > 0xFFFF:
        raise param(f"Port `{p1}' not valid")
    if p2 and (not digits(p2) or int(p2) > 0xFFFF):
        raise param(f"Port `{p2}' not valid")
    lo = int(p1)
    hi = int(p2) if p2 else lo
    if hi < lo:
        raise param(f"Port range `{p2}' funky")
    return lo, hi


def to_ports(text: str) -> tuple[int, int]:
    return port_pair(text)


def tcp_flags(text: str) -> int:
    bits = {"FIN": 0x01, "SYN": 0x02, "RST": 0x04, "PSH": 0x08, "ACK": 0x10, "URG": 0x20,
            "ALL": 0x3F, "NONE": 0}
    mask = 0
    for word in text.split(","):
        if word.upper() not in bits:
            raise param(f"Unknown TCP flag `{word}'")
        mask |= bits[word.upper()]
    return mask


def icmp_type(text: str) -> tuple[int, int, int]:
    if text in ICMP_TYPES:
        return ICMP_TYPES[text]
    t, _, c = text.partition("/")
    if digits(t) and int(t) < 256 and (not c or (digits(c) and int(c) < 256)):
        return (int(t), int(c), int(c)) if c else (int(t), 0, 0xFF)
    raise param(f"Unknown ICMP type `{text}'")


def states(text: str, what: str = "ctstate") -> int:
    mask = 0
    for word in text.split(","):
        bit = STATE_BITS.get(word.upper())
        if bit is None:
            raise param(f"Bad {what} \"{word}\"")
        mask |= bit
    return mask


def rulenum(text: str) -> int:
    if not digits(text) or int(text) < 1:
        raise param(f"Invalid rule number `{text}'")
    return int(text)


def check_chain_name_length(name: str) -> None:
    if len(name) >= 29:
        raise param(f"chain name `{name}' too long (must be under 29 chars)")


def check_chain_name(name: str) -> None:
    """xshared.c assert_valid_chain_name."""
    check_chain_name_length(name)
    if name.startswith(("-", "!")):
        raise param(f"chain name not allowed to start with `{name[0]}'")
    if name in TARGETS:
        raise param("chain name may not clash with target name")
    if any(c.isspace() for c in name):
        raise param(f"Invalid chain name `{name}'")
