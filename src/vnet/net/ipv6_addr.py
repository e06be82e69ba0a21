"""IPv6 addresses as 128-bit ints: text forms, address types and scopes, derived addresses.

Sits beside the IPv6 address configuration (vnet.net.addrconf) and its routes; nothing
here has state. Text conversion follows what iproute2 prints through glibc's
`inet_ntop` (RFC 5952 compression of the longest run of two or more zero groups, and
the dotted tail of IPv4-mapped and -compatible addresses, `::ffff:1.2.3.4`), not
Python's `ipaddress`, which differs on those. Types and scopes are the kernel's
`__ipv6_addr_type()` (net/ipv6/addrconf_core.c, RFC 4291 2.4); interface identifiers
are modified EUI-64 (RFC 4291 2.5.1, appendix A) and multicast MACs RFC 2464 7.
(These helpers would sit in `wire/`; they live here because net/ipv6_* is the IPv6
configuration's own space.)
"""

from __future__ import annotations

import ipaddress

ALL_ONES = (1 << 128) - 1

# __ipv6_addr_type() bits (include/net/ipv6.h)
IPV6_ADDR_ANY = 0x0000
IPV6_ADDR_UNICAST = 0x0001
IPV6_ADDR_MULTICAST = 0x0002
IPV6_ADDR_LOOPBACK = 0x0010
IPV6_ADDR_LINKLOCAL = 0x0020
IPV6_ADDR_SITELOCAL = 0x0040
IPV6_ADDR_COMPATV4 = 0x0080
IPV6_ADDR_MAPPED = 0x1000
IPV6_ADDR_RESERVED = 0x2000

# address scopes as inet6_ifaddr.scope holds them (IFA_HOST, IFA_LINK, IFA_SITE)
IFA_GLOBAL = 0x00
IFA_HOST = 0x10
IFA_LINK = 0x20
IFA_SITE = 0x40

# the 4-bit scope of multicast addresses and of source address selection (RFC 4291 2.7)
SCOPE_NODELOCAL = 0x1
SCOPE_LINKLOCAL = 0x2
SCOPE_SITELOCAL = 0x5
SCOPE_GLOBAL = 0xE

LOOPBACK = 1
LINKLOCAL_PREFIX = 0xFE80 << 112
ALLNODES_LINK = 0xFF02 << 112 | 1            # ff02::1
ALLNODES_IFACE = 0xFF01 << 112 | 1           # ff01::1
ALLROUTERS_LINK = 0xFF02 << 112 | 2          # ff02::2
ALLROUTERS_IFACE = 0xFF01 << 112 | 2         # ff01::2
ALLROUTERS_SITE = 0xFF05 << 112 | 2          # ff05::2
SOLICITED_PREFIX = 0xFF02 << 112 | 1 << 32 | 0xFF << 24   # ff02::1:ff00:0/104


def mask(plen: int) -> int:
    return (ALL_ONES << (128 - plen)) & ALL_ONES if plen else 0


def prefix_of(addr: int, plen: int) -> int:
    return addr & mask(plen)


# -- text ---------------------------------------------------------------------------------
def to_str(addr: int) -> str:
    """glibc inet_ntop(AF_INET6): `fe80::1`, `::1`, `::ffff:1.2.3.4`, `2001:db8:0:1::`."""
    words = [(addr >> (112 - 16 * i)) & 0xFFFF for i in range(8)]
    best_base, best_len = -1, 0
    cur_base, cur_len = -1, 0
    for i, word in enumerate(words):
        if word == 0:
            if cur_base == -1:
                cur_base, cur_len = i, 1
            else:
                cur_len += 1
        elif cur_base != -1:
            if best_base == -1 or cur_len > best_len:
                best_base, best_len = cur_base, cur_len
            cur_base = -1
    if cur_base != -1 and (best_base == -1 or cur_len > best_len):
        best_base, best_len = cur_base, cur_len
    if best_base != -1 and best_len < 2:
        best_base = -1
    out = []
    for i, word in enumerate(words):
        if best_base != -1 and best_base <= i < best_base + best_len:
            if i == best_base:
                out.append(":")
            continue
        if i:
            out.append(":")
        if i == 6 and best_base == 0 and (best_len == 6 or (best_len == 5 and words[5] == 0xFFFF)):
            v4 = addr & 0xFFFFFFFF
            out.append(f"{v4 >> 24}.{(v4 >> 16) & 0xFF}.{(v4 >> 8) & 0xFF}.{v4 & 0xFF}")
            break
        out.append(f"{word:x}")
    if best_base != -1 and best_base + best_len == 8:
        out.append(":")
    return "".join(out)


def from_str(text: str) -> int:
    """inet_pton(AF_INET6). Raises ValueError unless a plain IPv6 address (no zone id)."""
    if not isinstance(text, str) or "%" in text or not text.isascii():
        raise ValueError(f"not an IPv6 address: {text!r}")
    try:
        return int(ipaddress.IPv6Address(text))
    except ipaddress.AddressValueError as exc:
        raise ValueError(f"not an IPv6 address: {text!r}") from exc


def to_hex(addr: int) -> str:
    """The 32 hex digits /proc/net/if_inet6 prints (`%pi6`)."""
    return f"{addr:032x}"


# -- types and scopes (__ipv6_addr_type) --------------------------------------------------
def addr_type(addr: int) -> tuple[int, int]:
    """(type bits, 4-bit scope) of an address, as __ipv6_addr_type() classifies it.

    The type bits include the kernel's scope flags (0x10 loopback/node, 0x20 link,
    0x40 site, 0x80 v4-compatible), which ipv6_addr_scope() masks out as IFA_* scope.
    """
    top = addr >> 96
    if top & 0xE0000000 not in (0, 0xE0000000):
        return IPV6_ADDR_UNICAST, SCOPE_GLOBAL           # 2000::/3 and the like
    if top & 0xFF000000 == 0xFF000000:
        scope = (top >> 16) & 0xF
        bits = {SCOPE_NODELOCAL: IPV6_ADDR_LOOPBACK, SCOPE_LINKLOCAL: IPV6_ADDR_LINKLOCAL,
                SCOPE_SITELOCAL: IPV6_ADDR_SITELOCAL}.get(scope, 0)
        return IPV6_ADDR_MULTICAST | bits, scope
    if top & 0xFFC00000 == 0xFE800000:
        return IPV6_ADDR_LINKLOCAL | IPV6_ADDR_UNICAST, SCOPE_LINKLOCAL
    if top & 0xFFC00000 == 0xFEC00000:
        return IPV6_ADDR_SITELOCAL | IPV6_ADDR_UNICAST, SCOPE_SITELOCAL
    if top & 0xFE000000 == 0xFC000000:
        return IPV6_ADDR_UNICAST, SCOPE_GLOBAL           # unique local fc00::/7
    if addr >> 64 == 0:
        word2 = (addr >> 32) & 0xFFFFFFFF
        low = addr & 0xFFFFFFFF
        if word2 == 0:
            if low == 0:
                return IPV6_ADDR_ANY, 0
            if low == 1:                                   # addr-select 3.4: link scope
                return IPV6_ADDR_LOOPBACK | IPV6_ADDR_UNICAST, SCOPE_LINKLOCAL
            return IPV6_ADDR_COMPATV4 | IPV6_ADDR_UNICAST, SCOPE_GLOBAL
        if word2 == 0xFFFF:
            return IPV6_ADDR_MAPPED, SCOPE_GLOBAL
    return IPV6_ADDR_UNICAST | IPV6_ADDR_RESERVED, SCOPE_GLOBAL


def ifa_scope(addr: int) -> int:
    """ipv6_addr_scope(): the IFA_* scope an interface address gets (0x10 host, 0x20 link...)."""
    return addr_type(addr)[0] & 0xF0


def rt_scope(scope: int) -> int:
    """rt_scope(): the RT_SCOPE_* value netlink reports for an IFA_* scope."""
    if scope & IFA_HOST:
        return 254
    if scope & IFA_LINK:
        return 253
    if scope & IFA_SITE:
        return 200
    return 0


def src_scope(addr: int) -> int:
    """__ipv6_addr_src_scope(): 2 loopback and link, 5 site, 14 global (-1 for ::)."""
    kind, scope = addr_type(addr)
    return -1 if kind == IPV6_ADDR_ANY else scope


def is_multicast(addr: int) -> bool:
    return addr >> 120 == 0xFF


def mc_scope(addr: int) -> int:
    return (addr >> 112) & 0xF


# -- derived addresses --------------------------------------------------------------------
def solicited_node(addr: int) -> int:
    """ff02::1:ffXX:XXXX (RFC 4291 2.7.1)."""
    return SOLICITED_PREFIX | (addr & 0xFFFFFF)


def multicast_mac(group: int) -> bytes:
    """ipv6_eth_mc_map: 33:33 and the group's low 32 bits (RFC 2464 7)."""
    return b"\x33\x33" + (group & 0xFFFFFFFF).to_bytes(4, "big")


def eui64_iid(mac: bytes) -> int:
    """Modified EUI-64 from a 48-bit MAC: ff:fe in the middle, U/L bit flipped."""
    eui = bytearray(mac[:3] + b"\xff\xfe" + mac[3:6])
    eui[0] ^= 0x02
    return int.from_bytes(eui, "big")


def reserved_iid(addr: int) -> bool:
    """ipv6_reserved_interfaceid(): all-zero, the IANA ethernet block, subnet anycast (RFC 5453)."""
    iid = addr & ((1 << 64) - 1)
    if iid == 0:
        return True
    high, low = iid >> 32, iid & 0xFFFFFFFF
    if high == 0x02005EFF and low & 0xFE000000 == 0xFE000000:
        return True
    return high == 0xFDFFFFFF and low & 0xFFFFFF80 == 0xFFFFFF80
