from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vnet.wire import dhcp, ipv4, udp
from vnet.wire.dhcp import (
    BOOTREPLY,
    BOOTREQUEST,
    DHCPACK,
    DHCPDISCOVER,
    DHCPOFFER,
    DHCPREQUEST,
    DhcpMessage,
)
from vnet.wire.errors import Malformed, Truncated, WireError
from vnet.wire.ipaddr import ip_from_str

from .capture import load
from .props import props

FRAMES = load("dhcp")
CLIENT_MAC = bytes.fromhex("02000000d002")
SERVER = ip_from_str("10.9.0.1")
OFFERED = ip_from_str("10.9.0.147")
XID = 0x579F4F24
# ISC dhclient's parameter request list: 1 28 2 3 15 6 119 12 44 47 26 121 42.
PRL = bytes.fromhex("011c02030f06770c2c2f1a792a")


def payload_of(index: int) -> tuple[ipv4.Ipv4Packet, udp.UdpDatagram]:
    ip = ipv4.parse(FRAMES[index][14:])
    return ip, udp.parse(ip.payload, ip.src, ip.dst)


def test_discover_golden() -> None:
    ip, datagram = payload_of(0)
    assert (ip.src, ip.dst, datagram.sport, datagram.dport) == (0, 0xFFFFFFFF, 68, 67)
    data = datagram.payload
    assert len(data) == 300
    assert data[:12] == bytes.fromhex("01 01 06 00 579f4f24 0000 0000")
    assert data[28:34] == CLIENT_MAC and data[236:240] == dhcp.MAGIC_COOKIE
    msg = dhcp.parse(data)
    assert msg == DhcpMessage(
        BOOTREQUEST,
        XID,
        CLIENT_MAC,
        ((dhcp.OPT_MESSAGE_TYPE, b"\x01"), (dhcp.OPT_HOSTNAME, b"vm"), (55, PRL)),
    )
    assert msg.message_type == DHCPDISCOVER
    assert msg.emit() == data


def test_offer_golden() -> None:
    _ip, datagram = payload_of(1)
    msg = dhcp.parse(datagram.payload)
    assert (msg.op, msg.message_type, msg.yiaddr, msg.siaddr) == (
        BOOTREPLY,
        DHCPOFFER,
        OFFERED,
        SERVER,
    )
    assert msg.get_ip(dhcp.OPT_SERVER_ID) == SERVER
    assert msg.get_ip(dhcp.OPT_SUBNET_MASK) == 0xFFFFFF00
    assert msg.get_ips(dhcp.OPT_ROUTER) == [SERVER]
    assert msg.get_u32(dhcp.OPT_LEASE_TIME) == 12 * 3600
    assert msg.get_u32(dhcp.OPT_RENEWAL_TIME) == 6 * 3600  # T1 = 0.5 lease
    assert msg.get_u32(dhcp.OPT_REBINDING_TIME) == 37800  # T2 = 0.875 lease
    assert msg.get(dhcp.OPT_DNS_SERVER) is None and msg.get_ips(dhcp.OPT_DNS_SERVER) == []
    built = DhcpMessage(
        BOOTREPLY,
        XID,
        CLIENT_MAC,
        (
            (dhcp.OPT_MESSAGE_TYPE, bytes((DHCPOFFER,))),
            (dhcp.OPT_SERVER_ID, dhcp.ip_option(SERVER)),
            (dhcp.OPT_LEASE_TIME, dhcp.u32_option(43200)),
            (dhcp.OPT_RENEWAL_TIME, dhcp.u32_option(21600)),
            (dhcp.OPT_REBINDING_TIME, dhcp.u32_option(37800)),
            (dhcp.OPT_SUBNET_MASK, dhcp.ip_option(0xFFFFFF00)),
            (dhcp.OPT_BROADCAST, dhcp.ip_option(ip_from_str("10.9.0.255"))),
            (dhcp.OPT_ROUTER, dhcp.ips_option([SERVER])),
        ),
        yiaddr=OFFERED,
        siaddr=SERVER,
    )
    assert built.emit() == datagram.payload


def test_whole_exchange_round_trips() -> None:
    types = []
    for index in range(len(FRAMES)):
        _ip, datagram = payload_of(index)
        msg = dhcp.parse(datagram.payload)
        assert msg.emit() == datagram.payload
        assert msg.xid == XID
        types.append(msg.message_type)
    assert types == [DHCPDISCOVER, DHCPOFFER, DHCPREQUEST, DHCPACK]
    request = dhcp.parse(payload_of(2)[1].payload)
    assert request.get_ip(dhcp.OPT_REQUESTED_IP) == OFFERED


def test_long_options_and_overload() -> None:
    long_value = bytes(range(256)) * 2  # 512 octets: split in 255 + 255 + 2 (RFC 3396)
    msg = DhcpMessage(BOOTREQUEST, 1, CLIENT_MAC, ((dhcp.OPT_CLASSLESS_ROUTE, long_value),))
    data = msg.emit()
    assert data[240:242] == bytes((121, 255)) and data[497:499] == bytes((121, 255))
    assert dhcp.parse(data) == msg
    # Option overload: options continue in `file` (1), then `sname` (2).
    base = DhcpMessage(BOOTREPLY, 2, CLIENT_MAC, ((dhcp.OPT_OVERLOAD, b"\x03"),))
    raw = bytearray(base.emit())
    raw[44:50] = bytes((12, 2)) + b"hi" + bytes((255,)) + b"\x00"  # sname: hostname
    raw[108:114] = bytes((53, 1, DHCPACK, 12, 1)) + b"!"  # file: type, hostname part
    parsed = dhcp.parse(bytes(raw))
    assert parsed.message_type == DHCPACK
    assert parsed.get(dhcp.OPT_HOSTNAME) == b"!hi"  # file first, then sname
    assert parsed.sname == b"" and parsed.file == b""


def test_errors() -> None:
    good = payload_of(0)[1].payload
    with pytest.raises(Truncated):
        dhcp.parse(good[:239])
    with pytest.raises(Malformed):
        dhcp.parse(good[:236] + b"\x00\x00\x00\x00" + good[240:])  # plain BOOTP
    with pytest.raises(Malformed):
        dhcp.parse(b"\x03" + good[1:])  # op
    with pytest.raises(Malformed):
        dhcp.parse(good[:2] + b"\x11" + good[3:])  # hlen 17
    with pytest.raises(Malformed):
        dhcp.parse(good[:240] + b"\x35\x05\x01")  # option past the end
    assert dhcp.parse(good[:240]).options == ()  # no END is tolerated
    with pytest.raises(ValueError):
        DhcpMessage(BOOTREQUEST, 1, bytes(17)).emit()
    with pytest.raises(ValueError):
        DhcpMessage(BOOTREQUEST, 1, CLIENT_MAC, ((255, b""),)).emit()


def test_scapy_agrees() -> None:
    scapy_dhcp = pytest.importorskip("scapy.layers.dhcp")
    pkt = scapy_dhcp.BOOTP(payload_of(1)[1].payload)
    assert pkt.yiaddr == "10.9.0.147" and pkt.xid == XID
    opts = dict(o for o in pkt[scapy_dhcp.DHCP].options if isinstance(o, tuple))
    assert opts["message-type"] == 2 and opts["lease_time"] == 43200
    assert opts["router"] == "10.9.0.1"


options = st.lists(
    st.tuples(
        st.integers(1, 254).filter(lambda c: c != dhcp.OPT_OVERLOAD),
        st.binary(min_size=1, max_size=300),
    ),
    max_size=4,
    unique_by=lambda o: o[0],
).map(tuple)
messages = st.builds(
    DhcpMessage,
    op=st.sampled_from([BOOTREQUEST, BOOTREPLY]),
    xid=st.integers(0, 2**32 - 1),
    chaddr=st.binary(max_size=16),
    options=options,
    ciaddr=st.integers(0, 2**32 - 1),
    yiaddr=st.integers(0, 2**32 - 1),
    siaddr=st.integers(0, 2**32 - 1),
    giaddr=st.integers(0, 2**32 - 1),
    secs=st.integers(0, 0xFFFF),
    flags=st.sampled_from([0, dhcp.FLAG_BROADCAST]),
    hops=st.integers(0, 255),
    htype=st.integers(0, 255),
    sname=st.binary(max_size=64).map(lambda b: b.rstrip(b"\x00")),
    file=st.binary(max_size=128).map(lambda b: b.rstrip(b"\x00")),
)


@props(50)
@given(messages)
def test_round_trip(msg: DhcpMessage) -> None:
    assert dhcp.parse(msg.emit()) == msg


@props(40)
@given(st.binary(max_size=64), st.binary(max_size=8))
def test_parse_raises_only_wire_errors(options: bytes, head: bytes) -> None:
    base = payload_of(0)[1].payload
    for data in (base[:240] + options, head + base[len(head) : 240] + options, options):
        try:
            dhcp.parse(data)
        except WireError:
            pass
