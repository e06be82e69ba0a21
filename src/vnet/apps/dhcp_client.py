"""A DHCP client in the style of ISC dhclient (RFC 2131 4.4, figure 5's state machine).

Runs in a namespace on one interface, on the virtual clock. Before it has an address
it sends from 0.0.0.0:68 to 255.255.255.255:67 in frames it builds itself and reads
replies through a packet tap (apps/packet_tap), as dhclient does with LPF; once bound,
renewals are unicast through a UDP socket on port 68 (dhclient's "Socket/fallback"),
which also keeps the stack from answering unicast replies with ICMP port unreachable.

States: INIT -> SELECTING (DISCOVER, retransmitted with RFC 2131 4.1's doubling
back-off, 4 s then 8, 16, 32, 64 +-1 s) -> REQUESTING (the first OFFER is taken, as
dhclient's select-timeout 0 does) -> BOUND (ACK) or INIT (NAK, RFC 2131 4.4.1).
At T1 (option 58, default lease/2) RENEWING unicasts a REQUEST with `ciaddr` to the
server; at T2 (option 59, default lease*7/8) REBINDING broadcasts it; at expiry the
address is dropped and the client starts over (4.4.5). Retransmissions while renewing
or rebinding wait half the time left to T2 / expiry, at least 60 s.

What the client configures is left to a `script(reason, lease)` callback, the twin of
dhclient-script: PREINIT, BOUND, RENEW, REBIND, EXPIRE, RELEASE, FAIL.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from vnet.apps.packet_tap import PacketTap
from vnet.core.sched import Timer
from vnet.net import ipv4_output
from vnet.transport.udp import UdpSocket
from vnet.wire import dhcp as D
from vnet.wire import ipv4 as ipwire
from vnet.wire import udp as udpwire
from vnet.wire.errors import WireError
from vnet.wire.ipaddr import ip_to_str

if TYPE_CHECKING:
    from vnet.core.netns import Namespace
    from vnet.link.device import Device

SECOND = 1_000_000_000
BROADCAST_IP = 0xFFFFFFFF
BROADCAST_MAC = b"\xff" * 6
PARAMS = bytes((D.OPT_SUBNET_MASK, D.OPT_BROADCAST, D.OPT_ROUTER, D.OPT_DOMAIN_NAME,
                D.OPT_DNS_SERVER, D.OPT_HOSTNAME, D.OPT_DOMAIN_SEARCH, D.OPT_MTU))


@dataclass
class Lease:
    addr: int
    server: int
    lease_secs: int
    t1: int
    t2: int
    netmask: int | None = None
    broadcast: int | None = None
    routers: list[int] = field(default_factory=list)
    dns: list[int] = field(default_factory=list)
    domain: str = ""
    bound_ns: int = 0

    @classmethod
    def from_ack(cls, msg: D.DhcpMessage, now: int) -> Lease:
        lease = msg.get_u32(D.OPT_LEASE_TIME) or 0xFFFFFFFF
        t1 = msg.get_u32(D.OPT_RENEWAL_TIME)
        t2 = msg.get_u32(D.OPT_REBINDING_TIME)
        domain = msg.get(D.OPT_DOMAIN_NAME) or b""
        return cls(msg.yiaddr, msg.get_ip(D.OPT_SERVER_ID) or 0, lease,
                   t1 if t1 is not None else lease // 2,
                   t2 if t2 is not None else lease * 7 // 8,
                   msg.get_ip(D.OPT_SUBNET_MASK), msg.get_ip(D.OPT_BROADCAST),
                   msg.get_ips(D.OPT_ROUTER), msg.get_ips(D.OPT_DNS_SERVER),
                   domain.decode("ascii", "replace").rstrip("\x00"), now)


Script = Callable[[str, "Lease | None", "Lease | None"], None]


class DhcpClient:
    def __init__(self, ns: Namespace, dev: Device, script: Script, *,
                 hostname: str = "", broadcast_flag: bool = False) -> None:
        self.ns = ns
        self.dev = dev
        self.script = script
        self.hostname = hostname
        self.broadcast_flag = broadcast_flag
        self.world = ns.world
        self.state = "INIT"
        self.xid = 0
        self.lease: Lease | None = None
        self.offer: D.DhcpMessage | None = None
        self.timer: Timer | None = None
        self.lease_timers: list[Timer] = []
        self.tries = 0
        self.started_ns = 0
        self.tap: PacketTap | None = None
        self.sock: UdpSocket | None = None
        self.sent: list[tuple[int, str]] = []    # (time, message type) for tests
        self.events: list[str] = []              # what `dhclient -v` logs, as it happens

    # -- life cycle ----------------------------------------------------------------------
    def start(self) -> None:
        self.script("PREINIT", None, None)
        self.tap = PacketTap(self.ns, self.dev, self._on_frame)
        try:
            self.sock = UdpSocket(self.ns.ipv4, D.CLIENT_PORT, lambda *_: None)
        except OSError:
            self.sock = None
        self._init()

    def stop(self) -> None:
        self._cancel()
        for timer in self.lease_timers:
            timer.cancel()
        self.lease_timers = []
        if self.tap is not None:
            self.tap.close()
            self.tap = None
        if self.sock is not None:
            self.sock.close()
            self.sock = None
        self.state = "STOPPED"

    def release(self) -> None:
        """DHCPRELEASE to the server (RFC 2131 4.4.6), then unconfigure and stop."""
        lease = self.lease
        self.stop()
        if lease is not None:
            send_release(self.ns, self.dev, lease, self.world.rng.getrandbits(32))
            self.script("RELEASE", None, lease)
        self.lease = None

    @property
    def now(self) -> int:
        return self.world.now

    def _cancel(self) -> None:
        if self.timer is not None:
            self.timer.cancel()
            self.timer = None

    def _later(self, delay_ns: int, callback: Callable[[], None]) -> None:
        self._cancel()
        self.timer = self.world.sched.call_later(delay_ns, callback)

    def _backoff(self) -> int:
        base = min(4 << self.tries, 64)
        self.tries += 1
        return base * SECOND + self.world.rng.randrange(-SECOND, SECOND + 1)

    # -- INIT / SELECTING / REQUESTING ---------------------------------------------------
    def _init(self) -> None:
        self.state = "SELECTING"
        self.xid = self.world.rng.getrandbits(32)
        self.tries = 0
        self.offer = None
        self.started_ns = self.now
        self._send_discover()

    def _send_discover(self) -> None:
        if self.state != "SELECTING":
            return
        self._broadcast(self._message(D.DHCPDISCOVER))
        delay = self._backoff()
        self.events.append(f"DHCPDISCOVER on {self.dev.name} to 255.255.255.255 port 67 "
                           f"interval {round(delay / SECOND)}")
        self._later(delay, self._send_discover)

    def _send_request(self) -> None:
        if self.state != "REQUESTING" or self.offer is None:
            return
        offer = self.offer
        sid = offer.get_ip(D.OPT_SERVER_ID) or 0
        msg = self._message(D.DHCPREQUEST, extra=((D.OPT_SERVER_ID, D.ip_option(sid)),
                                                  (D.OPT_REQUESTED_IP, D.ip_option(offer.yiaddr))))
        self._broadcast(msg)
        self.events.append(f"DHCPREQUEST for {ip_to_str(offer.yiaddr)} on {self.dev.name} to "
                           "255.255.255.255 port 67")
        if self.tries >= 4:  # no ACK: start over (RFC 2131 4.4.1)
            self._later(self._backoff(), self._init)
        else:
            self._later(self._backoff(), self._send_request)

    # -- BOUND / RENEWING / REBINDING ------------------------------------------------------
    def _bind(self, ack: D.DhcpMessage) -> None:
        old = self.lease
        reason = {"REQUESTING": "BOUND", "RENEWING": "RENEW", "REBINDING": "REBIND"}[self.state]
        lease = Lease.from_ack(ack, self.now)
        self.lease = lease
        self.events.append(f"DHCPACK of {ip_to_str(lease.addr)} from {ip_to_str(lease.server)}")
        self.events.append(f"bound to {ip_to_str(lease.addr)} -- renewal in {lease.t1} seconds.")
        self.state = "BOUND"
        self._cancel()
        self.script(reason, lease, old)
        for timer in self.lease_timers:
            timer.cancel()
        self.lease_timers = []
        if lease.lease_secs != 0xFFFFFFFF:
            sched = self.world.sched
            self.lease_timers = [
                sched.call_at(self.now + lease.t1 * SECOND, self._renew),
                sched.call_at(self.now + lease.t2 * SECOND, self._rebind),
                sched.call_at(self.now + lease.lease_secs * SECOND, self._expire),
            ]

    def _renew(self) -> None:
        if self.state == "BOUND":
            self.state = "RENEWING"
            self._send_renew()

    def _send_renew(self) -> None:
        lease = self.lease
        if self.state != "RENEWING" or lease is None:
            return
        self.xid = self.world.rng.getrandbits(32)
        self._unicast(lease.server, self._message(D.DHCPREQUEST, ciaddr=lease.addr), lease.addr)
        left = lease.bound_ns + lease.t2 * SECOND - self.now
        self._later(max(left // 2, 60 * SECOND), self._send_renew)

    def _rebind(self) -> None:
        if self.state in ("BOUND", "RENEWING"):
            self.state = "REBINDING"
            self._send_rebind()

    def _send_rebind(self) -> None:
        lease = self.lease
        if self.state != "REBINDING" or lease is None:
            return
        self._broadcast(self._message(D.DHCPREQUEST, ciaddr=lease.addr), src=lease.addr)
        left = lease.bound_ns + lease.lease_secs * SECOND - self.now
        self._later(max(left // 2, 60 * SECOND), self._send_rebind)

    def _expire(self) -> None:
        old = self.lease
        self.lease = None
        self._cancel()
        self.script("EXPIRE", None, old)
        self._init()

    # -- receive ---------------------------------------------------------------------------
    def _on_frame(self, frame: bytes) -> None:
        if frame[0:6] not in (self.dev.mac, BROADCAST_MAC):
            return
        try:
            ip = ipwire.parse(frame[14:])
            if ip.proto != 17 or ip.mf or ip.frag_offset:
                return
            dgram = udpwire.parse(ip.payload, ip.src, ip.dst)
            if dgram.dport != D.CLIENT_PORT:
                return
            msg = D.parse(dgram.payload)
        except WireError:
            return
        if msg.op != D.BOOTREPLY or msg.xid != self.xid or msg.chaddr != self.dev.mac:
            return
        kind = msg.message_type
        if kind == D.DHCPOFFER and self.state == "SELECTING":
            self.events.append(f"DHCPOFFER of {ip_to_str(msg.yiaddr)} from "
                               f"{ip_to_str(msg.get_ip(D.OPT_SERVER_ID) or 0)}")
            self.offer = msg
            self.state = "REQUESTING"
            self.tries = 0
            self._send_request()
        elif kind == D.DHCPACK and self.state in ("REQUESTING", "RENEWING", "REBINDING"):
            self._bind(msg)
        elif kind == D.DHCPNAK and self.state in ("REQUESTING", "RENEWING", "REBINDING"):
            self.events.append(f"DHCPNAK from {ip_to_str(msg.get_ip(D.OPT_SERVER_ID) or 0)}")
            old = self.lease
            self.lease = None
            if old is not None:
                self.script("EXPIRE", None, old)
            self._cancel()
            self._later(SECOND, self._init)  # RFC 2131 4.4.1: restart the configuration
            self.state = "INIT"

    # -- send ------------------------------------------------------------------------------
    def _message(self, kind: int, ciaddr: int = 0,
                 extra: tuple[tuple[int, bytes], ...] = ()) -> D.DhcpMessage:
        opts: list[tuple[int, bytes]] = [(D.OPT_MESSAGE_TYPE, bytes((kind,))), *extra]
        if self.hostname and kind in (D.DHCPDISCOVER, D.DHCPREQUEST):
            opts.append((D.OPT_HOSTNAME, self.hostname.encode()))
        if kind in (D.DHCPDISCOVER, D.DHCPREQUEST):
            opts.append((D.OPT_PARAM_REQUEST, PARAMS))
        secs = min((self.now - self.started_ns) // SECOND, 0xFFFF)
        flags = D.FLAG_BROADCAST if self.broadcast_flag and not ciaddr else 0
        self.sent.append((self.now, D.MESSAGE_TYPE_NAMES[kind]))
        return D.DhcpMessage(D.BOOTREQUEST, self.xid, self.dev.mac, tuple(opts),
                             ciaddr=ciaddr, secs=secs, flags=flags)

    def _broadcast(self, msg: D.DhcpMessage, src: int = 0) -> None:
        """0.0.0.0:68 -> 255.255.255.255:67 straight onto the interface (AF_PACKET)."""
        if not self.dev.admin_up:
            return
        data = udpwire.UdpDatagram(D.CLIENT_PORT, D.SERVER_PORT, msg.emit()).emit(src, BROADCAST_IP)
        ipv4_output.send_resolved(self.dev, BROADCAST_MAC,
                                  ipwire.build(src, BROADCAST_IP, 17, data, ttl=64, tos=0x10))

    def _unicast(self, server: int, msg: D.DhcpMessage, src: int) -> None:
        if self.sock is not None:
            self.sock.sendto(server, D.SERVER_PORT, msg.emit(), src=src)


def send_release(ns: Namespace, dev: Device, lease: Lease, xid: int) -> None:
    """What `dhclient -r` does with a lease from its lease file: a DHCPRELEASE unicast
    from the leased address to the server (RFC 2131 4.4.6: no retransmission)."""
    opts = ((D.OPT_MESSAGE_TYPE, bytes((D.DHCPRELEASE,))),
            (D.OPT_SERVER_ID, D.ip_option(lease.server)))
    msg = D.DhcpMessage(D.BOOTREQUEST, xid, dev.mac, opts, ciaddr=lease.addr)
    stack = ns.ipv4
    sock = stack.udp_ports.get(D.CLIENT_PORT)
    own = None
    if sock is None:
        try:
            own = sock = UdpSocket(stack, D.CLIENT_PORT, lambda *_: None)
        except OSError:
            return
    assert isinstance(sock, UdpSocket)
    sock.sendto(lease.server, D.SERVER_PORT, msg.emit(), src=lease.addr)
    if own is not None:
        own.close()

