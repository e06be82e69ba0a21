"""DHCP messages (RFC 2131 section 2 and 3; options RFC 2132; long options RFC 3396).

Sits above UDP (server port 67, client port 68): ``apps/dhcp`` clients and servers
build messages with :class:`DhcpMessage` and parse them with :func:`parse`. The
message is the BOOTP layout (RFC 951, 236 fixed octets) followed by the magic cookie
99.130.83.99 and the options (RFC 2131 3, RFC 2132 2).

Checks on receive: at least 240 octets (:class:`Truncated`); op 1 or 2, hlen at most
16 and the magic cookie present (:class:`Malformed`; plain BOOTP is not spoken). Options
are type-length-value; PAD is skipped, END stops; an option running past the data is
:class:`Malformed`. A code that appears more than once is concatenated (RFC 3396 5).
Option overload (52, RFC 2132 9.3) is honoured: options continue in ``file`` then
``sname`` (RFC 3396 7 order).

On emit, options longer than 255 octets are split (RFC 3396), END is appended and the
message is zero-padded to 300 octets, the BOOTP minimum that ISC dhclient and dnsmasq
send (RFC 1542 2.1).
"""

from __future__ import annotations

import struct
from typing import NamedTuple

from .errors import Malformed, Truncated

__all__ = [
    "SERVER_PORT",
    "CLIENT_PORT",
    "BOOTREQUEST",
    "BOOTREPLY",
    "FLAG_BROADCAST",
    "MAGIC_COOKIE",
    "DHCPDISCOVER",
    "DHCPOFFER",
    "DHCPREQUEST",
    "DHCPDECLINE",
    "DHCPACK",
    "DHCPNAK",
    "DHCPRELEASE",
    "DHCPINFORM",
    "MESSAGE_TYPE_NAMES",
    "DhcpMessage",
    "parse",
    "ip_option",
    "ips_option",
    "u32_option",
]

SERVER_PORT = 67
CLIENT_PORT = 68
BOOTREQUEST = 1
BOOTREPLY = 2
FLAG_BROADCAST = 0x8000
MAGIC_COOKIE = b"\x63\x82\x53\x63"
MIN_LEN = 300

# Option codes (RFC 2132 and successors).
OPT_PAD = 0
OPT_SUBNET_MASK = 1
OPT_ROUTER = 3
OPT_DNS_SERVER = 6
OPT_HOSTNAME = 12
OPT_DOMAIN_NAME = 15
OPT_MTU = 26
OPT_BROADCAST = 28
OPT_REQUESTED_IP = 50
OPT_LEASE_TIME = 51
OPT_OVERLOAD = 52
OPT_MESSAGE_TYPE = 53
OPT_SERVER_ID = 54
OPT_PARAM_REQUEST = 55
OPT_MESSAGE = 56
OPT_MAX_SIZE = 57
OPT_RENEWAL_TIME = 58
OPT_REBINDING_TIME = 59
OPT_VENDOR_CLASS = 60
OPT_CLIENT_ID = 61
OPT_DOMAIN_SEARCH = 119
OPT_CLASSLESS_ROUTE = 121
OPT_END = 255

# Message types (option 53, RFC 2132 9.6).
DHCPDISCOVER = 1
DHCPOFFER = 2
DHCPREQUEST = 3
DHCPDECLINE = 4
DHCPACK = 5
DHCPNAK = 6
DHCPRELEASE = 7
DHCPINFORM = 8
MESSAGE_TYPE_NAMES = {
    DHCPDISCOVER: "DHCPDISCOVER",
    DHCPOFFER: "DHCPOFFER",
    DHCPREQUEST: "DHCPREQUEST",
    DHCPDECLINE: "DHCPDECLINE",
    DHCPACK: "DHCPACK",
    DHCPNAK: "DHCPNAK",
    DHCPRELEASE: "DHCPRELEASE",
    DHCPINFORM: "DHCPINFORM",
}

#: op, htype, hlen, hops, xid, secs, flags, ciaddr, yiaddr, siaddr, giaddr, chaddr,
#: sname, file (RFC 2131 figure 1), then the magic cookie.
_BOOTP = struct.Struct("!BBBBIHHIIII16s64s128s4s")
_FIXED = _BOOTP.size  # 240


class DhcpMessage(NamedTuple):
    """A DHCP message. ``chaddr`` holds ``hlen`` octets (6 for Ethernet); ``options``
    is an ordered tuple of ``(code, value)`` without PAD/END; addresses are ints."""

    op: int
    xid: int
    chaddr: bytes
    options: tuple[tuple[int, bytes], ...] = ()
    ciaddr: int = 0
    yiaddr: int = 0
    siaddr: int = 0
    giaddr: int = 0
    secs: int = 0
    flags: int = 0
    hops: int = 0
    htype: int = 1
    sname: bytes = b""
    file: bytes = b""

    def get(self, code: int) -> bytes | None:
        """The value of option ``code``, or None."""
        for c, value in self.options:
            if c == code:
                return value
        return None

    @property
    def message_type(self) -> int | None:
        """Option 53 (DHCPDISCOVER ... DHCPINFORM), or None for plain BOOTP."""
        value = self.get(OPT_MESSAGE_TYPE)
        return value[0] if value and len(value) == 1 else None

    def get_ip(self, code: int) -> int | None:
        """A single-address option (server id, requested IP, subnet mask), or None."""
        value = self.get(code)
        if value is None or len(value) != 4:
            return None
        return int.from_bytes(value, "big")

    def get_ips(self, code: int) -> list[int]:
        """An address-list option (routers, DNS servers); empty if absent or malformed."""
        value = self.get(code)
        if not value or len(value) % 4:
            return []
        return [int.from_bytes(value[i : i + 4], "big") for i in range(0, len(value), 4)]

    def get_u32(self, code: int) -> int | None:
        """A 32-bit number option (lease, T1, T2 times), or None."""
        value = self.get(code)
        if value is None or len(value) != 4:
            return None
        return int.from_bytes(value, "big")

    def emit(self, min_len: int = MIN_LEN) -> bytes:
        """Serialize, zero-padding the message to ``min_len`` octets."""
        if len(self.chaddr) > 16 or len(self.sname) > 64 or len(self.file) > 128:
            raise ValueError("DHCP chaddr/sname/file too long")
        try:
            head = _BOOTP.pack(
                self.op,
                self.htype,
                len(self.chaddr),
                self.hops,
                self.xid,
                self.secs,
                self.flags,
                self.ciaddr,
                self.yiaddr,
                self.siaddr,
                self.giaddr,
                self.chaddr,
                self.sname,
                self.file,
                MAGIC_COOKIE,
            )
        except struct.error as exc:
            raise ValueError(f"DHCP field out of range: {exc}") from None
        parts = [head]
        for code, value in self.options:
            if not 0 < code < 255:
                raise ValueError(f"DHCP option code out of range: {code}")
            if not value:
                parts.append(bytes((code, 0)))
            for i in range(0, len(value), 255):  # RFC 3396: split long options
                chunk = value[i : i + 255]
                parts.append(bytes((code, len(chunk))) + chunk)
        parts.append(bytes((OPT_END,)))
        data = b"".join(parts)
        if len(data) < min_len:
            data += bytes(min_len - len(data))
        return data


def _options(area: bytes, out: dict[int, bytes], where: str) -> None:
    i, n = 0, len(area)
    while i < n:
        code = area[i]
        if code == OPT_PAD:
            i += 1
            continue
        if code == OPT_END:
            return
        if i + 1 >= n or i + 2 + area[i + 1] > n:
            raise Malformed(f"dhcp: option {code} runs past the end of {where}")
        size = area[i + 1]
        value = area[i + 2 : i + 2 + size]
        out[code] = out.get(code, b"") + value  # RFC 3396 concatenation
        i += 2 + size


def parse(data: bytes) -> DhcpMessage:
    """Parse a DHCP message (the UDP payload)."""
    if len(data) < _FIXED:
        raise Truncated(f"dhcp: {len(data)} bytes < {_FIXED}")
    (op, htype, hlen, hops, xid, secs, flags, ciaddr, yiaddr, siaddr, giaddr, chaddr, sname,
     file, cookie) = _BOOTP.unpack_from(data)  # fmt: skip
    if op not in (BOOTREQUEST, BOOTREPLY):
        raise Malformed(f"dhcp: op {op}")
    if hlen > 16:
        raise Malformed(f"dhcp: hlen {hlen} > 16")
    if cookie != MAGIC_COOKIE:
        raise Malformed(f"dhcp: magic cookie {cookie.hex()}")
    found: dict[int, bytes] = {}
    _options(bytes(data[_FIXED:]), found, "options")
    overload = found.get(OPT_OVERLOAD)
    if overload and len(overload) == 1 and overload[0] in (1, 2, 3):
        if overload[0] & 1:
            _options(file, found, "file")
            file = b""
        if overload[0] & 2:
            _options(sname, found, "sname")
            sname = b""
    return DhcpMessage(
        op,
        xid,
        chaddr[:hlen],
        tuple(found.items()),
        ciaddr,
        yiaddr,
        siaddr,
        giaddr,
        secs,
        flags,
        hops,
        htype,
        sname.rstrip(b"\x00"),
        file.rstrip(b"\x00"),
    )


def ip_option(addr: int) -> bytes:
    """Encode one IPv4 address option value."""
    return addr.to_bytes(4, "big")


def ips_option(addrs: list[int]) -> bytes:
    """Encode an address-list option value."""
    return b"".join(a.to_bytes(4, "big") for a in addrs)


def u32_option(value: int) -> bytes:
    """Encode a 32-bit number option value (times in seconds)."""
    return value.to_bytes(4, "big")
