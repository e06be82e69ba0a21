"""Ethernet MAC addresses (IEEE 802-2014 clause 8): 6-byte ``bytes`` values.

Used wherever a link-layer address is read, compared or printed: the Ethernet codec,
ARP, the bridge FDB and STP (the reserved group addresses of IEEE 802.1D-2004 7.12.6
are never forwarded by a bridge), device creation (random addresses like the kernel's
``eth_random_addr``) and the command layer (``ip link set dev X address ...``).

Bit conventions (IEEE 802-2014 8.2): the least significant bit of the first octet is
the individual/group bit (multicast), the next one the universal/local bit.
"""

from __future__ import annotations

import random
import re

from .ipaddr import ip_from_str

__all__ = [
    "BROADCAST",
    "ZERO",
    "STP_GROUP",
    "mac_to_str",
    "mac_from_str",
    "is_multicast",
    "is_broadcast",
    "is_zero",
    "is_valid_unicast",
    "is_link_local_reserved",
    "random_local_mac",
]

BROADCAST = b"\xff" * 6
ZERO = b"\x00" * 6
#: Bridge group address, destination of STP BPDUs (IEEE 802.1D-2004 7.12.3).
STP_GROUP = b"\x01\x80\xc2\x00\x00\x00"

# One colon-separated group as glibc's sscanf("%x") reads it: optional leading white
# space and sign, optional 0x prefix, hex digits; whatever follows is ignored.
_GROUP = re.compile(r"\s*([+-]?)(?:0[xX](?=[0-9a-fA-F]))?([0-9a-fA-F]+)")


def mac_to_str(mac: bytes | bytearray) -> str:
    """Format as ``ip link`` prints it: ``aa:bb:cc:dd:ee:ff``, lowercase."""
    return mac.hex(":")


def mac_from_str(text: str) -> bytes:
    """Parse a MAC address the way ``ip link set dev X address ADDR`` does.

    Emulates iproute2's ``ll_addr_a2n``: colon-separated groups, each read like
    ``sscanf("%x")`` (so ``0:1:2:3:4:5``, ``AA:BB:CC:DD:EE:FF`` and ``0x2:...`` are
    accepted), then the length must be 6 bytes. Raises :class:`ValueError` with
    iproute2's message (``"100" is invalid lladdr.`` or
    ``Invalid address length 7 - must be 6 bytes``).
    """
    if not isinstance(text, str):
        raise ValueError(f"{text!r} is invalid lladdr.")
    if "." in text:
        # iproute2 reads a dotted quad as a 4-byte link-layer address.
        try:
            ip_from_str(text.strip())
        except ValueError:
            raise ValueError(f'"{text}" is invalid lladdr.') from None
        raise ValueError("Invalid address length 4 - must be 6 bytes")
    parts = text.split(":")
    out = bytearray()
    for part in parts:
        m = _GROUP.match(part)
        if m is None:
            raise ValueError(f'"{part}" is invalid lladdr.')
        value = int(m.group(2), 16)
        if m.group(1) == "-":
            value = -value
        if not 0 <= value <= 255:
            raise ValueError(f'"{part}" is invalid lladdr.')
        out.append(value)
    if len(out) != 6:
        raise ValueError(f"Invalid address length {len(out)} - must be 6 bytes")
    return bytes(out)


def is_multicast(mac: bytes) -> bool:
    """True if the individual/group bit is set (broadcast included)."""
    return bool(mac[0] & 0x01)


def is_broadcast(mac: bytes) -> bool:
    """True for ff:ff:ff:ff:ff:ff."""
    return mac == BROADCAST


def is_zero(mac: bytes) -> bool:
    """True for 00:00:00:00:00:00."""
    return mac == ZERO


def is_valid_unicast(mac: bytes) -> bool:
    """The kernel's ``is_valid_ether_addr``: neither multicast nor all zeros.

    A device refuses any other address (``ip link set address`` fails with
    ``EADDRNOTAVAIL``, "Cannot assign requested address").
    """
    return not (mac[0] & 0x01) and mac != ZERO


def is_link_local_reserved(mac: bytes) -> bool:
    """True for 01:80:c2:00:00:00 .. 01:80:c2:00:00:0f.

    IEEE 802.1D-2004 7.12.6: frames to these addresses are not relayed by a bridge
    (the kernel's ``is_link_local_ether_addr``; ``group_fwd_mask`` may relax it).
    """
    return mac[:5] == b"\x01\x80\xc2\x00\x00" and not (mac[5] & 0xF0)


def random_local_mac(rng: random.Random) -> bytes:
    """A random unicast, locally administered address, like ``eth_random_addr``.

    Six random bytes from ``rng``; the multicast bit cleared and the
    locally-administered bit set in the first octet. Deterministic for a seeded ``rng``.
    """
    raw = bytearray(rng.randbytes(6))
    raw[0] = (raw[0] & 0xFE) | 0x02
    return bytes(raw)
