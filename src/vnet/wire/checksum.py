"""The Internet checksum (RFC 1071) and its incremental update (RFC 1624).

Used by every IP-family codec on both sides of the packet path: ``ipv4`` (header
checksum, RFC 791 3.1), ``icmp`` (RFC 792), ``udp`` and ``tcp`` (RFC 768, RFC 9293, with
the IPv4 pseudo-header), ``icmpv6`` and UDP over IPv6 (the RFC 8200 8.1 pseudo-header)
and by the forwarding path's TTL decrement (RFC 1812 5.3.1, which permits the
incremental update of RFC 1624 instead of a full recomputation).

Implementation note: the one's-complement sum of 16-bit words equals the big-endian
integer value of the data modulo 0xffff (because 2**16 == 1 mod 0xffff), so the sum is
computed with one ``int.from_bytes`` and one ``%`` instead of a per-word loop. A sum that
is a non-zero multiple of 0xffff folds to 0xffff (one's-complement "negative zero"),
exactly as the end-around-carry algorithm of RFC 1071 4.1 would.
"""

from __future__ import annotations

__all__ = [
    "internet_checksum",
    "verifies",
    "pseudo_header_sum",
    "pseudo_header_sum6",
    "incremental_update",
    "fold",
]


#: int.from_bytes; its byte order defaults to "big" (Python 3.11+), spelt out nowhere on
#: the hot path because parsing the argument costs as much as the conversion
_from_bytes = int.from_bytes


def fold(total: int) -> int:
    """Fold a non-negative sum of 16-bit words to 16 bits with end-around carry.

    Returns 0 only for a zero sum; any other multiple of 0xffff folds to 0xffff.
    """
    if total == 0:
        return 0
    return (total - 1) % 0xFFFF + 1


def internet_checksum(data: bytes | bytearray | memoryview, initial: int = 0) -> int:
    """Return the RFC 1071 checksum of ``data``: the value to store in the header.

    ``initial`` is a partial (unfolded) sum to start from, such as
    :func:`pseudo_header_sum`. An odd trailing byte is padded with a zero byte
    (RFC 1071 4.1). Verifying a message that includes its checksum field gives 0.
    """
    total = _from_bytes(data)
    if len(data) & 1:
        total <<= 8
    if initial:
        total += initial
    # fold(): 2**16 ≡ 1 (mod 0xffff), so the end-around-carry sum is the value mod 0xffff
    return ~((total - 1) % 0xFFFF + 1) & 0xFFFF if total else 0xFFFF


def verifies(data: bytes | bytearray | memoryview) -> bool:
    """``internet_checksum(data) == 0``: the data, its checksum field included, sums to
    -0 (RFC 1071 4.1), i.e. its value is a non-zero multiple of 0xffff."""
    total = _from_bytes(data)
    if len(data) & 1:
        total <<= 8
    return total != 0 and total % 0xFFFF == 0


def pseudo_header_sum(src: int, dst: int, proto: int, length: int) -> int:
    """Partial sum of the IPv4 pseudo-header (RFC 768, RFC 793 3.1).

    ``src``/``dst`` are IPv4 addresses as ints, ``length`` the transport length (header
    plus data). The result is an unfolded sum, usable as ``initial`` for
    :func:`internet_checksum`.
    """
    return (src >> 16) + (src & 0xFFFF) + (dst >> 16) + (dst & 0xFFFF) + proto + length


def pseudo_header_sum6(src: int, dst: int, length: int, next_header: int) -> int:
    """Partial sum of the IPv6 pseudo-header (RFC 8200 8.1).

    ``src``/``dst`` are 128-bit ints, ``length`` the upper-layer packet length,
    ``next_header`` the upper-layer protocol (17 UDP, 58 ICMPv6, 6 TCP).
    """
    return (
        (src >> 112)
        + ((src >> 96) & 0xFFFF)
        + ((src >> 80) & 0xFFFF)
        + ((src >> 64) & 0xFFFF)
        + ((src >> 48) & 0xFFFF)
        + ((src >> 32) & 0xFFFF)
        + ((src >> 16) & 0xFFFF)
        + (src & 0xFFFF)
        + (dst >> 112)
        + ((dst >> 96) & 0xFFFF)
        + ((dst >> 80) & 0xFFFF)
        + ((dst >> 64) & 0xFFFF)
        + ((dst >> 48) & 0xFFFF)
        + ((dst >> 32) & 0xFFFF)
        + ((dst >> 16) & 0xFFFF)
        + (dst & 0xFFFF)
        + (length >> 16)
        + (length & 0xFFFF)
        + next_header
    )


def incremental_update(old_csum: int, old_word: int, new_word: int) -> int:
    """Update a checksum for one 16-bit word changing from ``old_word`` to ``new_word``.

    RFC 1624 eqn. 3: ``HC' = ~(~HC + ~m + m')``. When the data is not all zeros before
    and after the change (true of any IPv4 header: the version nibble is 4), the result
    equals a full recomputation with :func:`internet_checksum` (eqn. 3 avoids the
    -0/+0 trap of RFC 1141's eqn. 2).
    """
    total = (~old_csum & 0xFFFF) + (~old_word & 0xFFFF) + (new_word & 0xFFFF)
    total = (total & 0xFFFF) + (total >> 16)
    total = (total & 0xFFFF) + (total >> 16)
    return ~total & 0xFFFF
