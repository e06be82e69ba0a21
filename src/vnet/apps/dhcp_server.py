"""A DHCP server in the style of dnsmasq (RFC 2131; options RFC 2132).

Sits on a UDP socket on port 67 bound to one interface (dnsmasq --interface), above
`transport/udp`: DISCOVERs and REQUESTs broadcast by clients that have no address yet
reach it through the normal local delivery of limited broadcasts.

Allocation is dnsmasq's `address_allocate`: the client's hardware address is hashed
(SDBM), the hash picks a starting point in the range, and the first address upward
(wrapping) that is not the server's own, not leased to another client and not a .0 or
.255 is offered. A client keeps its address while its lease lasts (and after, until
another client needs it).

Replies follow RFC 2131 4.1: to a relay (giaddr) on port 67; to `ciaddr` when it is set
(a renewing client); DHCPNAK and replies to a client asking for it (broadcast flag) to
255.255.255.255; otherwise unicast to `yiaddr` at the client's hardware address, which
dnsmasq does by injecting an ARP entry (STALE, as SIOCSARP makes it) before sending, as
done here too. Offered options: server
identifier (54), lease time (51), T1 = lease/2 (58), T2 = lease*7/8 (59), subnet mask
(1), broadcast (28), router (3, the server's own address unless configured), DNS
servers (6, only when configured: vnet's dnsmasq runs with DNS off, --port=0) and the
client's host name echoed (12). A REQUEST for an address this server cannot give
(outside the range, leased to another client, wrong subnet) is answered with DHCPNAK
(RFC 2131 4.3.2); a REQUEST naming another server identifier is ignored. A
--dhcp-host MAC gets its fixed address (it may lie outside the dynamic range, in the
range's subnet), which no other client is offered; asking for another address is NAKed;
an `ignore` host gets no answer. RELEASE frees the lease (4.3.4), DECLINE marks the address
unusable (4.3.3).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from vnet.net import ipv4_output
from vnet.net.neighbour import NUD_STALE
from vnet.transport.udp import UdpSocket
from vnet.wire import dhcp as D
from vnet.wire import udp as udpwire
from vnet.wire.errors import WireError
from vnet.wire.ipaddr import ip_to_str
from vnet.wire.ipv4 import build as ip_build
from vnet.wire.mac import mac_to_str

if TYPE_CHECKING:
    from vnet.link.device import Device
    from vnet.net.stack import Ipv4Stack
    from vnet.wire.ipv4 import Ipv4Packet

BROADCAST_IP = 0xFFFFFFFF
BROADCAST_MAC = b"\xff" * 6
INFINITE = 0xFFFFFFFF
#: the epoch the virtual clock starts at, for the expiry column of the lease file
EPOCH_BASE = 1_700_000_000


@dataclass
class Lease:
    mac: bytes
    addr: int
    expires_ns: int | None  # None: infinite
    hostname: str = ""
    client_id: bytes = b""


@dataclass
class DhcpRange:
    start: int
    end: int
    lease_secs: int  # INFINITE for "infinite"
    netmask: int | None = None


@dataclass
class StaticHost:
    """--dhcp-host: a fixed address (and name, lease time) for one MAC, or `ignore`."""

    addr: int | None = None
    hostname: str = ""
    lease_secs: int | None = None
    ignore: bool = False


@dataclass
class DhcpServer:
    stack: Ipv4Stack
    dev: Device
    ranges: list[DhcpRange]
    routers: list[int] | None = None  # None: the server's own address
    dns: list[int] = field(default_factory=list)
    domain: str = ""
    leases: list[Lease] = field(default_factory=list)
    declined: set[int] = field(default_factory=set)
    hosts: dict[bytes, StaticHost] = field(default_factory=dict)
    sock: UdpSocket | None = None
    log: list[str] = field(default_factory=list)

    # -- life cycle ----------------------------------------------------------------------
    def start(self) -> None:
        self.sock = UdpSocket(self.stack, D.SERVER_PORT, self._on_datagram)
        self.sock.bound_dev = self.dev

    def stop(self) -> None:
        if self.sock is not None:
            self.sock.close()
            self.sock = None

    @property
    def now(self) -> int:
        return self.stack.world.now

    def server_addr(self) -> int | None:
        for ifa in self.dev.ip4:
            if not ifa.secondary:
                return ifa.local
        return None

    def _range_for(self, addr: int) -> DhcpRange | None:
        for rng in self.ranges:
            if rng.start <= addr <= rng.end:
                return rng
        return None

    def _context_for(self, addr: int) -> DhcpRange | None:
        """The range an address belongs to: the dynamic range holding it, else (for a
        --dhcp-host address) the range whose subnet holds it."""
        rng = self._range_for(addr)
        if rng is not None:
            return rng
        for rng in self.ranges:
            mask = self._netmask(rng)
            if (addr ^ rng.start) & mask == 0 and addr & ~mask & 0xFFFFFFFF not in (0, ~mask & 0xFFFFFFFF):
                return rng
        return None

    def _reserved(self, addr: int, mac: bytes) -> bool:
        """config_find_by_address: another MAC's --dhcp-host address."""
        return any(h.addr == addr and m != mac for m, h in self.hosts.items())

    def _netmask(self, rng: DhcpRange) -> int:
        if rng.netmask is not None:
            return rng.netmask
        for ifa in self.dev.ip4:
            if ifa.matches(rng.start):
                return ifa.mask
        return 0xFFFFFF00

    # -- leases ----------------------------------------------------------------------------
    def _expired(self, lease: Lease) -> bool:
        return lease.expires_ns is not None and lease.expires_ns <= self.now

    def lease_of(self, mac: bytes) -> Lease | None:
        for lease in self.leases:
            if lease.mac == mac:
                return lease
        return None

    def _holder(self, addr: int) -> Lease | None:
        for lease in self.leases:
            if lease.addr == addr and not self._expired(lease):
                return lease
        return None

    def allocate(self, mac: bytes) -> int | None:
        """dnsmasq's address_allocate: SDBM hash of the MAC picks where to start."""
        h = 0
        for byte in mac:
            h = (byte + (h << 6) + (h << 16) - h) & 0xFFFFFFFF
        h = h or 1
        own = self.server_addr()
        for rng in self.ranges:
            size = 1 + rng.end - rng.start
            addr = start = rng.start + h % size
            while True:
                if addr != own and self._holder(addr) is None and addr not in self.declined \
                        and addr & 0xFF not in (0, 0xFF) and not self._reserved(addr, mac):
                    return addr
                addr = rng.start if addr == rng.end else addr + 1
                if addr == start:
                    break
        return None

    def _lease_secs(self, mac: bytes, rng: DhcpRange) -> int:
        host = self.hosts.get(mac)
        if host is not None and host.lease_secs is not None:
            return host.lease_secs
        return rng.lease_secs

    def _set_lease(self, mac: bytes, addr: int, rng: DhcpRange, msg: D.DhcpMessage) -> None:
        lease = self.lease_of(mac)
        if lease is None:
            lease = Lease(mac, addr, None)
            self.leases.append(lease)
        lease.addr = addr
        secs = self._lease_secs(mac, rng)
        lease.expires_ns = None if secs == INFINITE else self.now + secs * 1_000_000_000
        name = msg.get(D.OPT_HOSTNAME)
        host = self.hosts.get(mac)
        if host is not None and host.hostname:
            lease.hostname = host.hostname
        elif name:
            lease.hostname = name.decode("ascii", "replace")
        lease.client_id = msg.get(D.OPT_CLIENT_ID) or b""
        # another client's stale lease on the same address is gone
        self.leases = [x for x in self.leases if x is lease or x.addr != addr]

    def lease_file(self) -> str:
        """/var/lib/misc/dnsmasq.leases: expiry mac ip hostname client-id, newest first."""
        lines = []
        for lease in reversed(self.leases):
            if self._expired(lease):
                continue
            expiry = 0 if lease.expires_ns is None else \
                EPOCH_BASE + lease.expires_ns // 1_000_000_000
            cid = mac_to_str(lease.client_id) if lease.client_id else "*"
            lines.append(f"{expiry} {mac_to_str(lease.mac)} "
                         f"{ip_to_str(lease.addr)} {lease.hostname or '*'} {cid}\n")
        return "".join(lines)

    # -- receive ---------------------------------------------------------------------------
    def _on_datagram(self, ip: Ipv4Packet, dgram: udpwire.UdpDatagram, dev: Device) -> None:
        try:
            msg = D.parse(dgram.payload)
        except WireError:
            return
        if msg.op != D.BOOTREQUEST or msg.htype != 1 or len(msg.chaddr) != 6:
            return
        kind = msg.message_type
        if kind == D.DHCPDISCOVER:
            self._discover(msg)
        elif kind == D.DHCPREQUEST:
            self._request(msg)
        elif kind == D.DHCPRELEASE:
            self._release(msg)
        elif kind == D.DHCPDECLINE:
            self._decline(msg)

    def _discover(self, msg: D.DhcpMessage) -> None:
        mac = msg.chaddr
        lease = self.lease_of(mac)
        addr: int | None = None
        host = self.hosts.get(mac)
        if host is not None and host.ignore:
            return
        if host is not None and host.addr is not None:
            if self._context_for(host.addr) is not None and \
                    self._holder_other(host.addr, mac) is None:
                addr = host.addr
        elif lease is not None and self._range_for(lease.addr) is not None and \
                self._holder_other(lease.addr, mac) is None:
            addr = lease.addr
        else:
            wanted = msg.get_ip(D.OPT_REQUESTED_IP)
            if wanted is not None and self._range_for(wanted) is not None and \
                    self._holder(wanted) is None and wanted != self.server_addr() \
                    and wanted not in self.declined and not self._reserved(wanted, mac):
                addr = wanted
            else:
                addr = self.allocate(mac)
        if addr is None:
            self.log.append(f"DHCPDISCOVER({self.dev.name}) {mac_to_str(mac)} no address available")
            return
        rng = self._context_for(addr)
        assert rng is not None
        self.log.append(f"DHCPOFFER({self.dev.name}) {ip_to_str(addr)} {mac_to_str(mac)}")
        self._reply(msg, D.DHCPOFFER, addr, rng)

    def _holder_other(self, addr: int, mac: bytes) -> Lease | None:
        holder = self._holder(addr)
        return holder if holder is not None and holder.mac != mac else None

    def _request(self, msg: D.DhcpMessage) -> None:
        mac = msg.chaddr
        own = self.server_addr()
        sid = msg.get_ip(D.OPT_SERVER_ID)
        if sid is not None and sid != own:
            return  # 4.3.2: the client chose another server
        wanted = msg.get_ip(D.OPT_REQUESTED_IP) if msg.ciaddr == 0 else msg.ciaddr
        if wanted is None:
            return
        host = self.hosts.get(mac)
        if host is not None and host.ignore:
            return
        if host is not None and host.addr is not None:
            rng = self._context_for(wanted) if wanted == host.addr else None
            reason = "static lease available"
        else:
            rng = self._range_for(wanted)
            reason = "wrong address"
        if rng is None or self._holder_other(wanted, mac) is not None or \
                wanted in self.declined or self._reserved(wanted, mac):
            if rng is not None:
                reason = "address not available"
            self.log.append(f"DHCPNAK({self.dev.name}) {ip_to_str(wanted)} {mac_to_str(mac)} "
                            f"{reason}")
            self._nak(msg, reason)
            return
        self._set_lease(mac, wanted, rng, msg)
        self.log.append(f"DHCPACK({self.dev.name}) {ip_to_str(wanted)} {mac_to_str(mac)}")
        self._reply(msg, D.DHCPACK, wanted, rng)

    def _release(self, msg: D.DhcpMessage) -> None:
        lease = self.lease_of(msg.chaddr)
        if lease is not None and lease.addr == msg.ciaddr:
            self.leases.remove(lease)
            self.log.append(f"DHCPRELEASE({self.dev.name}) {ip_to_str(msg.ciaddr)} "
                            f"{mac_to_str(msg.chaddr)}")

    def _decline(self, msg: D.DhcpMessage) -> None:
        addr = msg.get_ip(D.OPT_REQUESTED_IP)
        if addr is None:
            return
        self.declined.add(addr)
        lease = self.lease_of(msg.chaddr)
        if lease is not None and lease.addr == addr:
            self.leases.remove(lease)

    # -- send ------------------------------------------------------------------------------
    def _options(self, kind: int, rng: DhcpRange, msg: D.DhcpMessage) -> list[tuple[int, bytes]]:
        own = self.server_addr() or 0
        lease = self._lease_secs(msg.chaddr, rng)
        netmask = self._netmask(rng)
        opts: list[tuple[int, bytes]] = [
            (D.OPT_MESSAGE_TYPE, bytes((kind,))),
            (D.OPT_SERVER_ID, D.ip_option(own)),
            (D.OPT_LEASE_TIME, D.u32_option(lease)),
        ]
        if lease != INFINITE:
            opts.append((D.OPT_RENEWAL_TIME, D.u32_option(lease // 2)))
            opts.append((D.OPT_REBINDING_TIME, D.u32_option(lease * 7 // 8)))
        opts.append((D.OPT_SUBNET_MASK, D.ip_option(netmask)))
        opts.append((D.OPT_BROADCAST, D.ip_option((rng.start & netmask) | (~netmask & INFINITE))))
        routers = [own] if self.routers is None else self.routers
        if routers:
            opts.append((D.OPT_ROUTER, D.ips_option(routers)))
        if self.dns:
            opts.append((D.OPT_DNS_SERVER, D.ips_option(self.dns)))
        if self.domain:
            opts.append((D.OPT_DOMAIN_NAME, self.domain.encode()))
        host = self.hosts.get(msg.chaddr)
        name = host.hostname.encode() if host is not None and host.hostname else \
            msg.get(D.OPT_HOSTNAME)
        if name:
            opts.append((D.OPT_HOSTNAME, name))
        return opts

    def _reply(self, msg: D.DhcpMessage, kind: int, yiaddr: int, rng: DhcpRange) -> None:
        reply = D.DhcpMessage(D.BOOTREPLY, msg.xid, msg.chaddr, tuple(self._options(kind, rng, msg)),
                              ciaddr=msg.ciaddr, yiaddr=yiaddr, siaddr=0, giaddr=msg.giaddr,
                              flags=msg.flags)
        self._send(msg, reply, nak=False)

    def _nak(self, msg: D.DhcpMessage, text: str) -> None:
        opts = ((D.OPT_MESSAGE_TYPE, bytes((D.DHCPNAK,))),
                (D.OPT_SERVER_ID, D.ip_option(self.server_addr() or 0)),
                (D.OPT_MESSAGE, text.encode()))
        reply = D.DhcpMessage(D.BOOTREPLY, msg.xid, msg.chaddr, opts, giaddr=msg.giaddr,
                              flags=msg.flags)
        self._send(msg, reply, nak=True)

    def _send(self, msg: D.DhcpMessage, reply: D.DhcpMessage, nak: bool) -> None:
        """RFC 2131 4.1, the choice of destination."""
        if self.sock is None:
            return
        payload = reply.emit()
        if msg.giaddr:
            self.sock.sendto(msg.giaddr, D.SERVER_PORT, payload)
        elif msg.ciaddr and not nak:
            self.sock.sendto(msg.ciaddr, D.CLIENT_PORT, payload)
        elif nak or msg.flags & D.FLAG_BROADCAST or not reply.yiaddr:
            self._send_frame(BROADCAST_MAC, BROADCAST_IP, payload)
        else:
            self._send_unicast(msg.chaddr, reply.yiaddr, payload)

    def _send_frame(self, mac: bytes, dst: int, payload: bytes) -> None:
        src = self.server_addr() or 0
        data = udpwire.UdpDatagram(D.SERVER_PORT, D.CLIENT_PORT, payload).emit(src, dst)
        if not self.dev.admin_up:
            return
        ipv4_output.send_resolved(self.dev, mac, ip_build(src, dst, 17, data))

    def _send_unicast(self, mac: bytes, dst: int, payload: bytes) -> None:
        """To a client without an address: dnsmasq's arp_inject (SIOCSARP with ATF_COM
        makes a STALE entry for yiaddr at chaddr, arp_req_set), then an ordinary send,
        which finds the entry (STALE -> DELAY)."""
        if not self.dev.admin_up:
            return
        table = self.stack.arp_tbl
        entry = table.lookup(self.dev, dst) or table.create(self.dev, dst)
        table.update(entry, mac, NUD_STALE, override=True, admin=True)
        src = self.server_addr() or 0
        data = udpwire.UdpDatagram(D.SERVER_PORT, D.CLIENT_PORT, payload).emit(src, dst)
        table.output(self.dev, dst, ip_build(src, dst, 17, data))



