"""Golden frames captured from a real Linux 6.18 kernel.

``data/linux-6.18-router.pcap`` was written by tcpdump on host ``a``'s veth in the
topology of ``data/linux-6.18-router.sh`` (a -- r -- b, r forwarding, 1280-byte MTU
towards b). Transmit checksum offload was switched off on ``va`` so UDP checksums are
real. Indices below name the frames the tests use.

``data/linux-6.18-ipv6.pcap`` comes from ``data/linux-6.18-ipv6.sh``: the router topology
again over IPv6 (DAD, MLDv2, RS, ND, echo, hop limit, packet too big, port unreachable,
a fragmented datagram). ``data/linux-6.18-{stp,vxlan,tcp,dhcp}.pcap`` come from ``data/linux-6.18-l2.sh``: kernel
STP between two bridges (with a topology change), VXLAN 42 over a veth underlay, a TCP
exchange plus a RST from a closed port, and dnsmasq answering ISC dhclient.
"""

from __future__ import annotations

from pathlib import Path

from vnet.wire import pcap

PCAP_PATH = Path(__file__).parent / "data" / "linux-6.18-router.pcap"

ARP_REQUEST = 1  # a -> broadcast: who-has 10.0.1.1 tell 10.0.1.2
ARP_REPLY = 2  # r -> a: 10.0.1.1 is-at 02:00:00:00:01:0a
ECHO_REQUEST = 3  # ping -c1 -p 6162 -s 24 10.0.1.1
ECHO_REPLY = 4
ECHO_TTL1 = 5  # ping -t1 10.0.2.2 (expires at r)
TIME_EXCEEDED = 6  # r -> a, quoting ECHO_TTL1
ECHO_BIG_DF = 7  # ping -M do -s 1400 10.0.2.2 (too big for r -> b)
FRAG_NEEDED = 8  # r -> a, mtu 1280, quote capped at 548 bytes
UDP_HELLO = 9  # 10.0.1.2:40000 -> 10.0.1.1:53 "hello vnet"
PORT_UNREACH_HELLO = 10
UDP_1K = 11  # 1024-byte payload to closed port 9999
PORT_UNREACH_1K = 12  # quote capped at 548 bytes
UDP_CSUM_FFFF = 13  # payload chosen so the checksum computes to 0: sent as 0xffff
PORT_UNREACH_FFFF = 14
IPV6_MLD = 0  # an IPv6 frame (ethertype 0x86dd), untouched by the IPv4 codecs


def load(name: str) -> list[bytes]:
    """All frames of ``data/linux-6.18-<name>.pcap``, in order."""
    path = PCAP_PATH.with_name(f"linux-6.18-{name}.pcap")
    return [frame for _ts, frame in pcap.read_records(path.read_bytes())]


FRAMES = load("router")


def ip_of(index: int) -> bytes:
    """The IPv4 datagram of frame ``index`` (Ethernet header stripped)."""
    return FRAMES[index][14:]
