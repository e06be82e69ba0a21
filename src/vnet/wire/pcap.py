"""Classic libpcap capture files (the format tcpdump ``-w`` writes).

Used at the edge of the packet path by ``link/capture`` and ``apps/tcpdump`` to save
what a device saw, so captures open in tcpdump and Wireshark. Format as specified in
draft-ietf-opsawg-pcap (sections 4 and 5): a 24-byte file header, then per packet a
16-byte record header and the captured bytes. Files are written little-endian with the
nanosecond-resolution magic 0xa1b23c4d (virtual time is in nanoseconds), version 2.4.
:func:`read_records` reads both byte orders and both resolutions.
"""

from __future__ import annotations

import struct

from .errors import Malformed, Truncated

__all__ = [
    "LINKTYPE_ETHERNET",
    "MAGIC_NS",
    "MAGIC_US",
    "DEFAULT_SNAPLEN",
    "file_header",
    "record",
    "read_records",
]

LINKTYPE_ETHERNET = 1
MAGIC_US = 0xA1B2C3D4
MAGIC_NS = 0xA1B23C4D
DEFAULT_SNAPLEN = 262144

_FILE_HDR = struct.Struct("<IHHiIII")
_REC_HDR = struct.Struct("<IIII")


def file_header(linktype: int = LINKTYPE_ETHERNET, snaplen: int = DEFAULT_SNAPLEN) -> bytes:
    """The 24-byte file header: nanosecond magic, version 2.4, zone 0, sigfigs 0."""
    return _FILE_HDR.pack(MAGIC_NS, 2, 4, 0, 0, snaplen, linktype)


def record(ts_ns: int, frame: bytes, snaplen: int = DEFAULT_SNAPLEN) -> bytes:
    """One packet record: timestamp in ns, captured length capped at ``snaplen``."""
    sec, nsec = divmod(ts_ns, 1_000_000_000)
    incl = min(len(frame), snaplen)
    try:
        head = _REC_HDR.pack(sec, nsec, incl, len(frame))
    except struct.error as exc:
        raise ValueError(f"pcap record out of range: {exc}") from None
    return head + bytes(frame[:incl])


def read_records(data: bytes) -> list[tuple[int, bytes]]:
    """Read a whole capture into ``[(ts_ns, captured_bytes), ...]``.

    Raises :class:`Truncated` for a short header or record, :class:`Malformed` for an
    unknown magic number.
    """
    if len(data) < _FILE_HDR.size:
        raise Truncated(f"pcap: {len(data)} bytes < file header")
    (magic,) = struct.unpack_from("<I", data)
    if magic in (MAGIC_US, MAGIC_NS):
        rec = _REC_HDR
    else:
        (magic,) = struct.unpack_from(">I", data)
        if magic not in (MAGIC_US, MAGIC_NS):
            raise Malformed(f"pcap: bad magic {magic:#010x}")
        rec = struct.Struct(">IIII")
    scale = 1 if magic == MAGIC_NS else 1000
    out: list[tuple[int, bytes]] = []
    off = _FILE_HDR.size
    end = len(data)
    while off < end:
        if end - off < rec.size:
            raise Truncated(f"pcap: record header at offset {off} cut short")
        sec, frac, incl, _orig = rec.unpack_from(data, off)
        off += rec.size
        if end - off < incl:
            raise Truncated(f"pcap: record at offset {off} wants {incl} bytes")
        out.append((sec * 1_000_000_000 + frac * scale, bytes(data[off : off + incl])))
        off += incl
    return out
