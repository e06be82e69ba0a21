"""IPv4 addresses and masks as plain ``int`` (RFC 791 3.1, RFC 4632 for prefixes).

Every wire value carries IPv4 addresses as 32-bit ints (network byte order value, so
``10.0.0.1 == 0x0A000001``): comparisons, masking and dict lookups in the FIB and the
neighbour table stay cheap. These helpers convert at the edges (commands, output,
traces). They accept only the strict dotted-quad form; the looser forms iproute2
accepts in prefixes (``10/8``, octal ``010``) are the command layer's business.
"""

from __future__ import annotations

__all__ = ["ip_to_str", "ip_from_str", "prefix_to_mask", "mask_to_prefix", "network_of"]


def ip_to_str(addr: int) -> str:
    """``0x0A000001 -> "10.0.0.1"``. Raises :class:`ValueError` outside 0..2**32-1."""
    if not 0 <= addr <= 0xFFFFFFFF:
        raise ValueError(f"not an IPv4 address: {addr!r}")
    return f"{addr >> 24}.{(addr >> 16) & 0xFF}.{(addr >> 8) & 0xFF}.{addr & 0xFF}"


def ip_from_str(text: str) -> int:
    """``"10.0.0.1" -> 0x0A000001``. Raises :class:`ValueError` unless a strict dotted quad.

    Four decimal octets 0..255 without leading zeros (as Python's :mod:`ipaddress`).
    """
    if not isinstance(text, str):
        raise ValueError(f"not an IPv4 address: {text!r}")
    parts = text.split(".")
    if len(parts) != 4:
        raise ValueError(f"not an IPv4 address: {text!r}")
    addr = 0
    for part in parts:
        if not (part.isascii() and part.isdigit()) or len(part) > 3:
            raise ValueError(f"not an IPv4 address: {text!r}")
        if len(part) > 1 and part[0] == "0":
            raise ValueError(f"not an IPv4 address (leading zero): {text!r}")
        octet = int(part)
        if octet > 255:
            raise ValueError(f"not an IPv4 address: {text!r}")
        addr = (addr << 8) | octet
    return addr


def prefix_to_mask(plen: int) -> int:
    """``24 -> 0xFFFFFF00``. Raises :class:`ValueError` outside 0..32."""
    if not 0 <= plen <= 32:
        raise ValueError(f"invalid prefix length: {plen!r}")
    return (0xFFFFFFFF << (32 - plen)) & 0xFFFFFFFF


def mask_to_prefix(mask: int) -> int:
    """``0xFFFFFF00 -> 24``. Raises :class:`ValueError` if the mask is not contiguous."""
    if not 0 <= mask <= 0xFFFFFFFF:
        raise ValueError(f"invalid netmask: {mask!r}")
    host = ~mask & 0xFFFFFFFF
    if host & (host + 1):
        raise ValueError(f"non-contiguous netmask: {ip_to_str(mask)}")
    return 32 - host.bit_length()


def network_of(addr: int, plen: int) -> int:
    """The network address of ``addr/plen`` (host bits cleared)."""
    return addr & prefix_to_mask(plen)
