"""DHCP server and client against RFC 2131: message contents, renewal on the virtual
clock, NAK, distinct addresses, an exhausted pool, release."""

from __future__ import annotations

import pytest

from vnet.apps.dhcp_client import DhcpClient
from vnet.apps.packet_tap import PacketTap
from vnet.backend.sim import run_text
from vnet.core.world import World
from vnet.wire import dhcp as D
from vnet.wire import ipv4 as ipwire
from vnet.wire import udp as udpwire

SETUP = """
ip netns add srv
ip -n srv link add br0 type bridge
ip -n srv addr add 10.10.0.1/24 dev br0
ip -n srv link set br0 up
for n in 1 2 3; do
  ip netns add c$n
  ip link add veth-c$n type veth peer name eth0 netns c$n
  ip -n c$n link set eth0 address 02:00:00:00:00:0$n
  ip link set veth-c$n netns srv
  ip -n srv link set veth-c$n master br0 up
  ip -n c$n link set eth0 up
done
"""
SECOND = 1_000_000_000


def ip(text: str) -> int:
    a, b, c, d = (int(x) for x in text.split("."))
    return a << 24 | b << 16 | c << 8 | d


class Sniffer:
    """Every DHCP message seen on one device: (time, ip src, ip dst, eth dst, message)."""

    def __init__(self, world: World, ns_name: str, dev_name: str) -> None:
        ns = world.named[ns_name]
        dev = ns.get(dev_name)
        assert dev is not None
        self.world = world
        self.seen: list[tuple[int, int, int, bytes, D.DhcpMessage]] = []
        self.tap = PacketTap(ns, dev, self._frame)

    def _frame(self, frame: bytes) -> None:
        packet = ipwire.parse(frame[14:])
        if packet.proto != 17:
            return
        dgram = udpwire.parse(packet.payload)
        if {dgram.sport, dgram.dport} & {67, 68}:
            self.seen.append((self.world.now, packet.src, packet.dst, frame[0:6],
                              D.parse(dgram.payload)))

    def of_type(self, kind: int) -> list[tuple[int, int, int, bytes, D.DhcpMessage]]:
        return [s for s in self.seen if s[4].message_type == kind]


def lab(extra: str = "", dnsmasq: str = "--dhcp-range=10.10.0.100,10.10.0.200,12h") -> World:
    result, world = run_text(SETUP + f"ip netns exec srv dnsmasq --interface=br0 {dnsmasq} "
                             "--port=0 --dhcp-option=option:router,10.10.0.1 "
                             "--dhcp-option=option:dns-server,10.10.0.53\n" + extra)
    assert result.status == 0, result.output
    return world


def run(world: World, text: str) -> str:
    result, _ = run_text(text, world=world)
    return result.output


def forced_request(world: World, ns_name: str, yiaddr: str,
                   server: str) -> tuple[DhcpClient, Sniffer]:
    """A client in `ns_name` that skips DISCOVER and REQUESTs `yiaddr` from `server`
    (as after an OFFER it never got), with a sniffer on its eth0; the world settled."""
    ns = world.named[ns_name]
    dev = ns.get("eth0")
    sniff = Sniffer(world, ns_name, "eth0")
    client = DhcpClient(ns, dev, lambda *_: None)
    client.start()
    client.state = "REQUESTING"
    client._cancel()
    client.offer = D.DhcpMessage(D.BOOTREPLY, client.xid, dev.mac, yiaddr=ip(yiaddr),
                                 options=((D.OPT_SERVER_ID, D.ip_option(ip(server))),))
    client._send_request()
    world.settle()
    return client, sniff


def test_offer_and_ack_contents() -> None:
    world = lab()
    client_side = Sniffer(world, "c1", "eth0")
    server_side = Sniffer(world, "srv", "br0")
    assert run(world, "ip netns exec c1 dhclient eth0; echo rc=$?") == "rc=0\n"
    discover = server_side.of_type(D.DHCPDISCOVER)[0]
    assert discover[1] == 0 and discover[2] == 0xFFFFFFFF     # from 0.0.0.0 to broadcast
    (_, src, dst, eth_dst, offer), = client_side.of_type(D.DHCPOFFER)
    (_, _, _, _, ack), = client_side.of_type(D.DHCPACK)
    for msg in (offer, ack):
        assert msg.op == D.BOOTREPLY and msg.xid == discover[4].xid
        assert msg.chaddr == bytes.fromhex("020000000001")
        assert msg.yiaddr == ip("10.10.0.184")     # dnsmasq's hash of 02:00:00:00:00:01
        assert msg.get_ip(D.OPT_SERVER_ID) == ip("10.10.0.1")
        assert msg.get_u32(D.OPT_LEASE_TIME) == 43200
        assert msg.get_u32(D.OPT_RENEWAL_TIME) == 21600           # T1 = 0.5 lease
        assert msg.get_u32(D.OPT_REBINDING_TIME) == 37800         # T2 = 0.875 lease
        assert msg.get_ip(D.OPT_SUBNET_MASK) == ip("255.255.255.0")
        assert msg.get_ips(D.OPT_ROUTER) == [ip("10.10.0.1")]
        assert msg.get_ips(D.OPT_DNS_SERVER) == [ip("10.10.0.53")]
    # no broadcast flag: unicast to yiaddr at chaddr (RFC 2131 4.1)
    assert src == ip("10.10.0.1") and dst == ip("10.10.0.184")
    assert eth_dst == bytes.fromhex("020000000001")
    out = run(world, "ip -n c1 -br -4 addr; ip -n c1 route; cat /etc/resolv.conf")
    assert out.split("\n")[0].split()[-1] == "10.10.0.184/24"
    assert "default via 10.10.0.1 dev eth0" in out
    assert "nameserver 10.10.0.53\n" in out


def test_broadcast_flag_gets_broadcast_replies() -> None:
    world = lab()
    ns = world.named["c1"]
    dev = ns.get("eth0")
    assert dev is not None
    sniff = Sniffer(world, "c1", "eth0")
    client = DhcpClient(ns, dev, lambda *_: None, broadcast_flag=True)
    client.start()
    world.run_for(10)
    assert client.state == "BOUND"
    for _, _, dst, eth_dst, _ in sniff.of_type(D.DHCPOFFER) + sniff.of_type(D.DHCPACK):
        assert dst == 0xFFFFFFFF and eth_dst == b"\xff" * 6


def test_renew_at_t1_is_unicast_from_ciaddr() -> None:
    world = lab(dnsmasq="--dhcp-range=10.10.0.100,10.10.0.200,1h")
    assert run(world, "ip netns exec c1 dhclient eth0") == ""
    bound_at = world.now
    sniff = Sniffer(world, "srv", "br0")
    world.run_for(1799)
    assert not sniff.of_type(D.DHCPREQUEST)
    world.run_for(2)
    (when, src, dst, _, req), = sniff.of_type(D.DHCPREQUEST)
    assert when == bound_at + 1800 * SECOND                     # T1 = 0.5 * 3600
    assert src == req.ciaddr == ip("10.10.0.184") and dst == ip("10.10.0.1")
    assert req.get(D.OPT_SERVER_ID) is None and req.get(D.OPT_REQUESTED_IP) is None
    # the ACK extends the lease: still there after the original expiry
    world.run_for(3600)
    assert "10.10.0.184/24" in run(world, "ip -n c1 -br -4 addr")


def test_rebind_at_t2_then_expiry_without_server() -> None:
    world = lab(dnsmasq="--dhcp-range=10.10.0.100,10.10.0.200,1h")
    run(world, "ip netns exec c1 dhclient eth0")
    bound_at = world.now
    run(world, "ip -n srv link set veth-c1 down")       # the server is unreachable
    sniff = Sniffer(world, "c1", "eth0")
    client_dev = world.named["c1"].get("eth0")
    sent: list[tuple[int, int]] = []
    def tap(_dev, frame: bytes) -> None:  # type: ignore[no-untyped-def]
        packet = ipwire.parse(frame[14:]) if frame[12:14] == b"\x08\x00" else None
        if packet is not None and packet.proto == 17 and udpwire.parse(packet.payload).dport == 67:
            sent.append((world.now, packet.dst))

    client_dev.tx_tap = tap
    world.run_for(3150)
    rebinds = [(t, d) for t, d in sent if d == 0xFFFFFFFF]
    assert rebinds and rebinds[0][0] == bound_at + 3150 * SECOND   # T2 = 0.875 * 3600
    assert all(d == ip("10.10.0.1") for t, d in sent if t < bound_at + 3150 * SECOND)
    world.run_for(500)
    assert run(world, "ip -n c1 -br -4 addr") == ""                # expired: unconfigured
    assert not sniff.of_type(D.DHCPACK)


def test_nak_for_address_outside_range() -> None:
    world = lab()
    # INIT-REBOOT style REQUEST for an address the server cannot give
    client, sniff = forced_request(world, "c1", "10.10.0.50", "10.10.0.1")
    (_, _, dst, eth_dst, nak), = sniff.of_type(D.DHCPNAK)
    assert dst == 0xFFFFFFFF and eth_dst == b"\xff" * 6        # NAKs are broadcast
    assert nak.yiaddr == 0 and nak.get_ip(D.OPT_SERVER_ID) == ip("10.10.0.1")
    # the client starts over and ends bound to an address of the range
    world.run_for(20)
    assert client.state == "BOUND" and client.lease is not None
    assert client.lease.addr == ip("10.10.0.184")


def test_request_for_another_server_is_ignored() -> None:
    world = lab()
    client, sniff = forced_request(world, "c1", "10.10.0.150", "10.10.0.9")
    assert not sniff.of_type(D.DHCPNAK) and not sniff.of_type(D.DHCPACK)


def test_nak_for_address_leased_to_another_client() -> None:
    world = lab()
    run(world, "ip netns exec c1 dhclient eth0")
    client, sniff = forced_request(world, "c2", "10.10.0.184", "10.10.0.1")
    assert len(sniff.of_type(D.DHCPNAK)) == 1


def test_two_clients_distinct_addresses_and_lease_file() -> None:
    world = lab()
    out = run(world, "ip netns exec c1 dhclient eth0\nip netns exec c2 dhclient eth0\n"
                     "ip -n c1 -br -4 addr\nip -n c2 -br -4 addr\n"
                     "cat /var/lib/misc/dnsmasq.leases | cut -d' ' -f2-")
    lines = out.splitlines()
    assert lines[0].split()[-1] == "10.10.0.184/24"
    assert lines[1].split()[-1] == "10.10.0.185/24"
    assert lines[2:] == ["02:00:00:00:00:02 10.10.0.185 * *", "02:00:00:00:00:01 10.10.0.184 * *"]


def test_pool_runs_out() -> None:
    world = lab(dnsmasq="--dhcp-range=10.10.0.100,10.10.0.101,12h")
    out = run(world, "for c in c1 c2 c3; do ip netns exec $c dhclient -1 eth0; echo rc=$?; done\n"
                     "cat /var/lib/misc/dnsmasq.leases | cut -d' ' -f3")
    assert out == "rc=0\nrc=0\nrc=2\n10.10.0.100\n10.10.0.101\n"


def test_release_frees_the_address() -> None:
    world = lab()
    out = run(world, "ip netns exec c1 dhclient eth0\nip netns exec c1 dhclient -r eth0\n"
                     "echo rc=$?\nip -n c1 -br -4 addr\nip -n c1 route\n"
                     "cat /var/lib/misc/dnsmasq.leases")
    assert out == "Killed old client process\nrc=0\n"


def test_dnsmasq_errors() -> None:
    world = lab()
    out = run(world, "ip netns exec srv dnsmasq --interface=br0 --dhcp-range=10.10.0.2,10.10.0.9 "
                     "--port=0; echo rc=$?\n"
                     "dnsmasq --dhcp-range=10.1.0.1,12h --port=0; echo rc=$?\n"
                     "dnsmasq --bogus; echo rc=$?\n"
                     "dnsmasq --dhcp-range=10.1.0.1,10.1.0.9 --dhcp-option=option:bogus,1.2.3.4;"
                     " echo rc=$?\n")
    assert out == ("\ndnsmasq: failed to bind DHCP server socket: Address already in use\nrc=2\n"
                   "\ndnsmasq: bad command line options: bad dhcp-range\nrc=1\n"
                   "\ndnsmasq: bad command line options: try --help\nrc=1\n"
                   "\ndnsmasq: bad command line options: bad dhcp-option\nrc=1\n")


@pytest.mark.parametrize("text,expected", [("12h", 43200), ("30m", 1800), ("60", 120),
                                           ("infinite", 0xFFFFFFFF), ("2d", 172800)])
def test_lease_time_parsing(text: str, expected: int) -> None:
    from vnet.cli.dnsmasq import _lease_time

    assert _lease_time(text) == expected


def test_static_hosts_and_ignore() -> None:
    world = lab(dnsmasq="--dhcp-range=10.10.0.100,10.10.0.200,12h "
                        "--dhcp-host=02:00:00:00:00:01,10.10.0.50,vm-one,2h "
                        "--dhcp-host=02:00:00:00:00:02,ignore")
    sniff = Sniffer(world, "c1", "eth0")
    out = run(world, "ip netns exec c1 dhclient eth0; echo rc=$?\n"
                     "ip netns exec c2 dhclient -1 -pf /run/c2.pid eth0; echo rc=$?\n"
                     "ip -n c1 -br -4 addr; cat /var/lib/misc/dnsmasq.leases | cut -d' ' -f2-4")
    lines = out.splitlines()
    assert lines[:2] == ["rc=0", "rc=2"]
    assert lines[2].split()[-1] == "10.10.0.50/24"
    assert lines[3:] == ["02:00:00:00:00:01 10.10.0.50 vm-one"]
    (_, _, _, _, ack), = sniff.of_type(D.DHCPACK)
    assert ack.get_u32(D.OPT_LEASE_TIME) == 7200 and ack.get(D.OPT_HOSTNAME) == b"vm-one"


def test_static_host_asking_for_another_address_is_naked() -> None:
    world = lab(dnsmasq="--dhcp-range=10.10.0.100,10.10.0.200,12h "
                        "--dhcp-host=02:00:00:00:00:01,10.10.0.50")
    client, sniff = forced_request(world, "c1", "10.10.0.150", "10.10.0.1")
    (_, _, _, _, nak), = sniff.of_type(D.DHCPNAK)
    assert nak.get(D.OPT_MESSAGE) == b"static lease available"


def test_resolv_conf_domain_and_kept_nameservers() -> None:
    result, world = run_text(SETUP + "ip netns exec srv dnsmasq --interface=br0 "
                             "--dhcp-range=10.10.0.100,10.10.0.200,12h --port=0 "
                             "--dhcp-option=option:domain-name,lab.test\n"
                             "ip netns exec c1 dhclient eth0\ncat /etc/resolv.conf\n")
    # no DNS option (DNS off with --port=0): dhclient-script keeps the old nameservers
    assert result.output == "domain lab.test\nsearch lab.test\n"
    result, world = run_text(SETUP + "ip netns exec srv dnsmasq --interface=br0 "
                             "--dhcp-range=10.10.0.100,10.10.0.200,12h\n"
                             "ip netns exec c1 dhclient eth0\ncat /etc/resolv.conf\n"
                             "ip -n c1 route show default\n")
    # DNS on (no --port=0): dnsmasq names itself DNS server and router
    assert result.output == "nameserver 10.10.0.1\ndefault via 10.10.0.1 dev eth0 \n"
