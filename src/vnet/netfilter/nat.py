"""NAT (net/netfilter/nf_nat_core.c, nf_nat_proto.c, nf_nat_masquerade.c, xt_REDIRECT.c).

The nat table is consulted for a connection's first packet only; its verdict becomes a
binding stored on the connection (`bind`): a source manip (SNAT, MASQUERADE; at
POSTROUTING or INPUT) rewrites the reply tuple's destination, a destination manip
(DNAT, REDIRECT; at PREROUTING or OUTPUT) its source. Every later packet is rewritten
from the tuples (`manip`, nf_nat_packet): in the original direction towards the
inverse of the reply tuple, in the reply direction towards the inverse of the
original. ICMP errors about a translated connection have the quoted packet and the
outer header translated too (`manip_icmp_error`, nf_nat_icmp_reply_translation;
RFC 5508 4.2). A masqueraded connection is forgotten when its device goes down
(nf_nat_masquerade's netdevice notifier), so the next packet picks the address anew.
A source binding whose reply tuple another connection already uses
gets another port (or ICMP id) from the range, as nf_nat_l4proto_unique_tuple does:
1024-65535 for ports from 1024, 512-1023 and 1-511 below, starting at an offset of
the seeded random source and walking up.
"""

from __future__ import annotations

import struct
from typing import TYPE_CHECKING

from vnet.netfilter.conntrack import ORIGINAL, REPLY, Conn, ConntrackTable
from vnet.wire.checksum import internet_checksum

if TYPE_CHECKING:
    from vnet.link.device import Device
    from vnet.net.stack import Ipv4Stack
    from vnet.netfilter.tables import Rule

SRC, DST = 0, 1


def _port_range(port: int) -> tuple[int, int]:
    if port >= 1024:
        return 1024, 65535
    if port >= 512:
        return 600, 1023
    return 1, 511


def bind(stack: Ipv4Stack, ct: ConntrackTable, conn: Conn, rule: Rule, manip: int,
         packet: bytes | bytearray, in_dev: Device | None, out_dev: Device | None) -> bool:
    """Record the nat target's binding on the connection; False when no address exists
    (MASQUERADE on a device without one: the packet is dropped)."""
    proto, osrc, odst, osport, odport = conn.orig
    reply = conn.reply
    target = rule.target
    rng = rule.nat_range
    ports = rule.to_ports
    if manip == DST:
        if target == "REDIRECT":
            if in_dev is None:
                new_ip = 0x7F000001
            else:
                new_ip = next((a.local for a in in_dev.ip4 if not a.secondary), 0)
                if not new_ip:
                    return False
            lo_port = ports
        else:
            assert rng is not None
            new_ip = rng[0] or reply[1]     # `--to-destination :PORT` keeps the address
            lo_port = (rng[2], rng[3]) if rng[2] else None
        new_port = reply[3]
        if lo_port is not None and proto in (6, 17):
            new_port = lo_port[0]
        new_reply = (proto, new_ip, reply[2], new_port if proto in (6, 17) else reply[3],
                     reply[4])
        conn.dnat = True
        ct.reindex(conn, new_reply)
        return True
    # source manip
    if target == "MASQUERADE":
        new_ip = stack.select_source(out_dev, reply[1]) if out_dev is not None else 0
        if not new_ip:
            return False
        prange = ports
    else:
        assert rng is not None
        new_ip = rng[0]
        prange = (rng[2], rng[3]) if rng[2] else None
    key = 4 if proto in (6, 17) else 3      # the reply tuple's field holding our port/id
    want = reply[key] if proto in (6, 17) else reply[3]
    candidate = _with(reply, 2, new_ip)
    if prange is not None and proto in (6, 17) and not prange[0] <= want <= prange[1]:
        want = prange[0]
    candidate = _with(candidate, key, want)
    randomize = "random" in rule.nat_flags or "random-fully" in rule.nat_flags
    if proto in (1, 6, 17) and (ct.reply_in_use(candidate, conn) or
                                (randomize and proto in (6, 17))):
        if prange is not None and proto in (6, 17):
            low, high = prange
        elif proto == 1:
            low, high = 0, 65535
        else:
            low, high = _port_range(want)
        size = high - low + 1
        off = stack.world.rng.randrange(size)
        for i in range(size):
            value = low + (off + i) % size
            candidate = _with(candidate, key, value)
            if not ct.reply_in_use(candidate, conn):
                break
        else:
            return False
    conn.snat = True
    if target == "MASQUERADE" and out_dev is not None:
        conn.masq_ifindex = out_dev.ifindex
    ct.reindex(conn, candidate)
    return True


def _with(t: tuple, index: int, value: int) -> tuple:
    items = list(t)
    items[index] = value
    return tuple(items)


def applies(conn: Conn, direction: int, manip: int) -> bool:
    """Does the connection's binding rewrite this direction at this manip type?"""
    if manip == SRC:
        return conn.snat if direction == ORIGINAL else conn.dnat
    return conn.dnat if direction == ORIGINAL else conn.snat


def manip(packet: bytes, conn: Conn, direction: int, manip_type: int) -> bytes:
    """nf_nat_packet: rewrite one address (and port/id) towards the inverse of the
    other direction's tuple."""
    other = conn.reply if direction == ORIGINAL else conn.orig
    # target tuple = invert(other): src = other.dst, dst = other.src
    proto = other[0]
    if manip_type == SRC:
        addr = other[2]
        port = other[3] if proto == 1 else other[4]
    else:
        addr = other[1]
        port = other[3]
    return rewrite(packet, manip_type, addr, port)


def rewrite(packet: bytes | bytearray, manip_type: int, addr: int, port: int) -> bytes:
    """Set the source (SRC) or destination (DST) address and port/ICMP id of a packet;
    the IP and transport checksums are updated incrementally (RFC 1624), as
    nf_nat_ipv4_manip_pkt and the l4 manip functions do."""
    buf = bytearray(packet)
    ihl = (buf[0] & 0x0F) * 4
    proto = buf[9]
    off = 12 if manip_type == SRC else 16
    old_addr = _U32.unpack_from(buf, off)[0]
    if old_addr != addr:
        _U32.pack_into(buf, off, addr)
        csum = _U16.unpack_from(buf, 10)[0]
        _U16.pack_into(buf, 10, _csum_replace(csum, [old_addr >> 16, old_addr & 0xFFFF],
                                              [addr >> 16, addr & 0xFFFF]))
    if ((buf[6] << 8) | buf[7]) & 0x1FFF:
        return bytes(buf)                   # a later fragment: no transport header
    if proto in (6, 17):
        if len(buf) < ihl + 8:
            return bytes(buf)
        poff = ihl + (0 if manip_type == SRC else 2)
        old_port = _U16.unpack_from(buf, poff)[0]
        _U16.pack_into(buf, poff, port)
        coff = ihl + (16 if proto == 6 else 6)
        if len(buf) < coff + 2 or (proto == 17 and buf[coff] == 0 and buf[coff + 1] == 0):
            return bytes(buf)               # UDP without checksum stays so
        csum = _csum_replace(_U16.unpack_from(buf, coff)[0],
                             [old_addr >> 16, old_addr & 0xFFFF, old_port],
                             [addr >> 16, addr & 0xFFFF, port])
        if proto == 17 and csum == 0:
            csum = 0xFFFF
        _U16.pack_into(buf, coff, csum)
    elif proto == 1 and len(buf) >= ihl + 8 and buf[ihl] in _ICMP_QUERY_TYPES:
        old_id = _U16.unpack_from(buf, ihl + 4)[0]
        if old_id != port:
            _U16.pack_into(buf, ihl + 4, port)
            csum = _U16.unpack_from(buf, ihl + 2)[0]
            _U16.pack_into(buf, ihl + 2, _csum_replace(csum, [old_id], [port]))
    return bytes(buf)


_U16 = struct.Struct("!H")
_U32 = struct.Struct("!I")
_ICMP_QUERY_TYPES = frozenset((0, 8, 13, 14, 15, 16, 17, 18))


def manip_icmp_error(packet: bytes, conn: Conn, direction: int, manip_type: int) -> bytes:
    """nf_nat_icmp_reply_translation: the quoted packet (of the other direction) is
    rewritten back to what its sender sent, then the outer header follows."""
    inner_dir = 1 - direction
    want = conn.tuple(inner_dir)
    buf = bytearray(packet)
    ihl = (buf[0] & 0x0F) * 4
    total = struct.unpack_from("!H", buf, 2)[0]
    inner_off = ihl + 8
    inner = bytes(buf[inner_off:total])
    if len(inner) < 20:
        return packet
    inner_ihl = (inner[0] & 0x0F) * 4
    # the quoted packet went the other way: its destination manip is our source manip
    if manip_type == DST:
        new_inner = _rewrite_quoted(inner, inner_ihl, SRC, want[1], want[3])
    else:
        new_inner = _rewrite_quoted(inner, inner_ihl, DST, want[2],
                                    want[3] if want[0] == 1 else want[4])
    buf[inner_off:total] = new_inner
    struct.pack_into("!H", buf, ihl + 2, 0)
    struct.pack_into("!H", buf, ihl + 2, internet_checksum(buf[ihl:total]))
    # outer: towards invert(tuple[inner_dir])
    outer_addr = want[1] if manip_type == DST else want[2]
    off = 16 if manip_type == DST else 12
    struct.pack_into("!I", buf, off, outer_addr)
    struct.pack_into("!H", buf, 10, 0)
    struct.pack_into("!H", buf, 10, internet_checksum(buf[:ihl]))
    return bytes(buf)


def _rewrite_quoted(inner: bytes, ihl: int, manip_type: int, addr: int, port: int) -> bytes:
    """Rewrite a quoted (possibly truncated) packet: header checksum recomputed, the
    transport checksum updated incrementally (RFC 1624)."""
    buf = bytearray(inner)
    off = 12 if manip_type == SRC else 16
    old_addr = struct.unpack_from("!I", buf, off)[0]
    struct.pack_into("!I", buf, off, addr)
    struct.pack_into("!H", buf, 10, 0)
    struct.pack_into("!H", buf, 10, internet_checksum(buf[:ihl]))
    proto = buf[9]
    if len(buf) < ihl + 8:
        return bytes(buf)
    if proto in (6, 17):
        poff = ihl + (0 if manip_type == SRC else 2)
        old_port = struct.unpack_from("!H", buf, poff)[0]
        struct.pack_into("!H", buf, poff, port)
        coff = ihl + (16 if proto == 6 else 6)
        if len(buf) >= coff + 2 and not (proto == 17 and buf[coff:coff + 2] == b"\0\0"):
            csum = struct.unpack_from("!H", buf, coff)[0]
            csum = _csum_replace(csum, [old_addr >> 16, old_addr & 0xFFFF, old_port],
                                 [addr >> 16, addr & 0xFFFF, port])
            struct.pack_into("!H", buf, coff, csum)
    elif proto == 1:
        old_id = struct.unpack_from("!H", buf, ihl + 4)[0]
        struct.pack_into("!H", buf, ihl + 4, port)
        csum = struct.unpack_from("!H", buf, ihl + 2)[0]
        struct.pack_into("!H", buf, ihl + 2, _csum_replace(csum, [old_id], [port]))
    return bytes(buf)


def _csum_replace(csum: int, old: list[int], new: list[int]) -> int:
    """RFC 1624 eqn. 3: HC' = ~(~HC + ~m + m')."""
    total = ~csum & 0xFFFF
    for o, n in zip(old, new, strict=True):
        total += (~o & 0xFFFF) + n
    while total >> 16:
        total = (total & 0xFFFF) + (total >> 16)
    return ~total & 0xFFFF


__all__ = ["DST", "REPLY", "SRC", "applies", "bind", "manip", "manip_icmp_error", "rewrite"]
