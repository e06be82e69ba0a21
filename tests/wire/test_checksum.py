from __future__ import annotations

from hypothesis import assume, given
from hypothesis import strategies as st

from vnet.wire.checksum import (
    fold,
    incremental_update,
    internet_checksum,
    pseudo_header_sum,
    verifies,
)

from .capture import UDP_HELLO, ip_of
from .props import props


def reference_checksum(data: bytes, initial: int = 0) -> int:
    """RFC 1071 4.1 written out word by word, with end-around carry."""
    if len(data) % 2:
        data += b"\x00"
    total = initial
    for i in range(0, len(data), 2):
        total += (data[i] << 8) | data[i + 1]
    while total >> 16:
        total = (total & 0xFFFF) + (total >> 16)
    return ~total & 0xFFFF


def test_rfc1071_example() -> None:
    # RFC 1071 3: the words 0001 f203 f4f5 f6f7 sum to ddf2 (one's complement).
    data = bytes.fromhex("0001f203f4f5f6f7")
    assert internet_checksum(data) == ~0xDDF2 & 0xFFFF == 0x220D


def test_edge_values() -> None:
    assert internet_checksum(b"") == 0xFFFF
    assert internet_checksum(bytes(20)) == 0xFFFF
    assert internet_checksum(b"\xff\xff") == 0x0000
    assert internet_checksum(b"\xff\xff\x00\x01") == 0xFFFE
    assert internet_checksum(b"\x01") == 0xFEFF  # odd byte padded with zero
    assert fold(0) == 0
    assert fold(0xFFFF) == 0xFFFF
    assert fold(0x1FFFE) == 0xFFFF
    assert fold(0x10000) == 1


def test_linux_ip_header_verifies() -> None:
    header = ip_of(UDP_HELLO)[:20]
    assert internet_checksum(header) == 0
    zeroed = header[:10] + b"\x00\x00" + header[12:]
    assert internet_checksum(zeroed) == int.from_bytes(header[10:12], "big")


def test_linux_udp_pseudo_header() -> None:
    ip = ip_of(UDP_HELLO)
    src, dst = int.from_bytes(ip[12:16], "big"), int.from_bytes(ip[16:20], "big")
    udp = ip[20:]
    assert internet_checksum(udp, pseudo_header_sum(src, dst, 17, len(udp))) == 0


@props(100)
@given(st.binary(max_size=300), st.integers(min_value=0, max_value=0xFFFFF))
def test_matches_reference(data: bytes, initial: int) -> None:
    assert internet_checksum(data, initial) == reference_checksum(data, initial)


@props(100)
@given(
    st.binary(min_size=4, max_size=64).filter(lambda b: len(b) % 2 == 0),
    st.data(),
)
def test_incremental_update_equals_recomputation(data: bytes, draw: st.DataObject) -> None:
    # Word 0 holds the checksum; another word changes.
    body = bytearray(b"\x00\x00" + data)
    assume(any(body))
    csum = internet_checksum(body)
    body[0:2] = csum.to_bytes(2, "big")
    index = draw.draw(st.integers(min_value=1, max_value=len(body) // 2 - 1))
    new_word = draw.draw(st.integers(min_value=0, max_value=0xFFFF))
    old_word = int.from_bytes(body[2 * index : 2 * index + 2], "big")
    body[2 * index : 2 * index + 2] = new_word.to_bytes(2, "big")
    body[0:2] = b"\x00\x00"
    assume(any(body))  # all-zero data is the one case eqn. 3 answers 0 for 0xffff
    assert incremental_update(csum, old_word, new_word) == internet_checksum(body)


@given(st.binary(max_size=80))
def test_verifies_is_checksum_zero(data: bytes) -> None:
    assert verifies(data) == (internet_checksum(data) == 0)
    fixed = data[:2] + b"\0\0" + data[4:] if len(data) >= 4 else data
    if len(fixed) >= 4:
        csum = internet_checksum(fixed)
        fixed = fixed[:2] + csum.to_bytes(2, "big") + fixed[4:]
        assert verifies(fixed) == (internet_checksum(fixed) == 0)
