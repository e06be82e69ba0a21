"""VXLAN: Ethernet frames carried in UDP across an IP network (RFC 7348;
drivers/net/vxlan/vxlan_core.c).

A vxlan device is an Ethernet device with no wire of its own. What it transmits is
looked up by destination MAC in its forwarding database (one entry per MAC, each with
one or more remotes: IP, UDP port, VNI, underlay device); a frame with no entry goes
to the all-zeros entry's remotes (`remote IP` at creation, `bridge fdb append` for
head-end replication), or is dropped (tx_dropped, NO_TX_TARGET). Each remote gets a
copy wrapped in a VXLAN header (RFC 7348 5: I flag, 24-bit VNI) and sent as a UDP
datagram from the device's *link* namespace (the one it was created in: a device
moved into a container keeps its socket and routes where it was made), through that
namespace's routing, netfilter and neighbour tables: that IP part is
`vnet.net.udp_tunnel`, handed to the device at creation. The UDP source port is a
hash of the inner flow over the port range (udp_flow_src_port, RFC 7348 5: entropy
for ECMP), TTL 64 unless set, DF clear unless set.

Received datagrams reach the device whose VNI they carry (the tunnel's socket does
the demultiplexing); the inner frame's source MAC is learned against the outer source
IP (vxlan_snoop; RFC 7348 4.1) unless `nolearning`, a frame from the device's own MAC
is a loop and is dropped, and the frame then enters the device's receive path.
Learned entries age out after `ageing` seconds without a frame from them (the
cleanup timer runs every 10 s). Counters are kept as the kernel's tunnel stats keep
them: bytes of the inner frame after its Ethernet header, both ways.

`external` (collect metadata) makes the device Open vSwitch and tc use: it takes every
VNI arriving on its port and sends only what carries tunnel metadata, which nothing
in vnet attaches, so it drops the rest uncounted (TUNNEL_TXINFO), as the kernel does.

Not built: multicast groups (`group`), IPv6 underlay, proxy/l2miss/l3miss/rsc, GBP/GPE, remote checksum offload, VNI filtering, the ECN check
on decapsulation, and skb_tunnel_check_pmtu (a frame too big for the underlay with the
headers is sent as a fragmented datagram, where the kernel may answer an inner DF
packet with ICMP fragmentation needed).
"""

from __future__ import annotations

from typing import Any

from vnet.core.sched import Timer
from vnet.link.device import Device, DeviceError

NS_PER_SEC = 1_000_000_000
FDB_AGE_INTERVAL_NS = 10 * NS_PER_SEC        # FDB_AGE_INTERVAL
FDB_AGE_DEFAULT = 300                        # seconds, FDB_AGE_DEFAULT
VXLAN_HEADROOM = 50                          # outer IPv4 + UDP + VXLAN + inner Ethernet
NUD_REACHABLE = 0x02
NUD_NOARP = 0x40
NUD_PERMANENT = 0x80
DF_UNSET = 0
DF_SET = 1
DF_INHERIT = 2
ZERO_MAC = b"\x00" * 6
ETH_HLEN = 14


class VxlanRdst:
    """struct vxlan_rdst: one place an entry's frames go."""

    __slots__ = ("remote_ip", "remote_port", "remote_vni", "remote_ifindex")

    def __init__(self, remote_ip: int, remote_port: int, remote_vni: int,
                 remote_ifindex: int) -> None:
        self.remote_ip = remote_ip
        self.remote_port = remote_port
        self.remote_vni = remote_vni
        self.remote_ifindex = remote_ifindex

    def same(self, ip: int, port: int, vni: int, ifindex: int) -> bool:
        """vxlan_fdb_find_rdst's comparison."""
        return (self.remote_ip == ip and self.remote_port == port
                and self.remote_vni == vni and self.remote_ifindex == ifindex)


class VxlanFdb:
    """struct vxlan_fdb: a MAC address and its remotes."""

    __slots__ = ("mac", "remotes", "state", "updated", "used")

    def __init__(self, mac: bytes, state: int, now: int) -> None:
        self.mac = mac
        self.remotes: list[VxlanRdst] = []
        self.state = state
        self.updated = now
        self.used = now


class FdbError(Exception):
    """A refused `bridge fdb` change on a vxlan device: errno name (and extack text)."""

    def __init__(self, errno_name: str, message: str = "") -> None:
        super().__init__(errno_name)
        self.errno_name = errno_name
        self.message = message


class Vxlan(Device):
    kind: str | None = "vxlan"

    def __init__(self, name: str, mac: bytes, vni: int, link_ns: Any, tunnel: Any) -> None:
        super().__init__(name, mac)
        self.vni = vni
        self.link_ns = link_ns          # vxlan->net: where the socket and routes are
        self.tunnel = tunnel            # vnet.net.udp_tunnel.VxlanNet of link_ns
        self.remote = 0                 # default_dst.remote_ip (0: none)
        self.local = 0                  # cfg.saddr
        self.lower_ifindex = 0          # default_dst.remote_ifindex (`dev`)
        self.dst_port = 8472            # cfg.dst_port: Linux's pre-IANA default
        self.port_min = 0
        self.port_max = 0
        self.ttl = 0                    # 0: auto (the route's hop limit)
        self.ttl_inherit = False
        self.tos = 0                    # 1: inherit
        self.df = DF_UNSET
        self.learning = True
        self.ageing = FDB_AGE_DEFAULT   # seconds (`ageing none` at creation gets the default)
        self.udp_csum = True
        self.maxaddress = 0             # 0: unlimited
        self.external = False           # VXLAN_F_COLLECT_METADATA
        #  (outer src, outer dst, VNI, UDP checksum) of the frame an external device is
        #  delivering, while its receipt is processed: the skb's tunnel metadata
        self.rx_tun: tuple[int, int, int, bool] | None = None
        self.fdb: dict[bytes, VxlanFdb] = {}   # in creation order; dumped newest first
        self.addrcnt = 0                # entries counted against maxaddress
        self.age_timer: Timer | None = None

    # -- configuration --------------------------------------------------------------
    def lower(self) -> Device | None:
        """The `dev` device, looked up by index in the link namespace."""
        if not self.lower_ifindex:
            return None
        dev: Device | None = self.link_ns.by_index.get(self.lower_ifindex)
        return dev

    def link_net(self) -> Any:
        return self.link_ns

    def set_mtu(self, mtu: int) -> None:
        """vxlan_change_mtu: not above the lower device's MTU less the headers."""
        lower = self.lower()
        if lower is not None and mtu > lower.mtu - VXLAN_HEADROOM \
                and self.min_mtu <= mtu <= self.max_mtu:
            raise DeviceError("Invalid argument", "EINVAL")
        super().set_mtu(mtu)

    # -- open / stop -------------------------------------------------------------------
    def set_up(self) -> None:
        """dev_open -> vxlan_open: the UDP socket is bound first (EADDRINUSE when a
        socket that is not a VXLAN one holds the port)."""
        if not self.admin_up:
            self.tunnel.sock_add(self)
        super().set_up()

    def open(self) -> None:
        if self.ageing:
            self.age_timer = self.sched.call_later(FDB_AGE_INTERVAL_NS, self.cleanup)

    def stop(self) -> None:
        """vxlan_stop: the ageing timer stops, learned entries go, the socket closes."""
        if self.age_timer is not None:
            self.age_timer.cancel()
            self.age_timer = None
        for mac in list(self.fdb):
            entry = self.fdb[mac]
            if entry.state & (NUD_PERMANENT | NUD_NOARP) or mac == ZERO_MAC:
                continue
            self._destroy(entry)
        self.tunnel.sock_release(self)

    def unregister(self) -> None:
        super().unregister()
        self.tunnel.unregister(self)

    # -- the forwarding database (vxlan_fdb_*) --------------------------------------------
    def fdb_update(self, mac: bytes, ip: int, state: int, port: int, vni: int, ifindex: int,
                   create: bool, exclusive: bool = False, replace: bool = False,
                   append: bool = False) -> None:
        """vxlan_fdb_update: change an entry or make one (NLM_F_* semantics)."""
        now = self.sched.now
        f = self.fdb.get(mac)
        group = mac == ZERO_MAC or bool(mac[0] & 1)
        if f is not None:
            if exclusive:
                raise FdbError("EEXIST")
            if replace and group:
                raise FdbError("EOPNOTSUPP", "Cannot replace non-unicast fdb entries")
            if f.state != state:
                f.state = state
                f.updated = now
            if replace:
                rd = f.remotes[0]
                if not rd.same(ip, port, vni, ifindex):
                    rd.remote_ip, rd.remote_port = ip, port
                    rd.remote_vni, rd.remote_ifindex = vni, ifindex
                    f.updated = now
            if append and group:
                if not any(rd.same(ip, port, vni, ifindex) for rd in f.remotes):
                    f.remotes.append(VxlanRdst(ip, port, vni, ifindex))
                    f.updated = now
            return
        if not create:
            raise FdbError("ENOENT")
        if replace and group:
            raise FdbError("EOPNOTSUPP")
        if self.maxaddress and self.addrcnt >= self.maxaddress:
            raise FdbError("ENOSPC")
        f = VxlanFdb(mac, state, now)
        f.remotes.append(VxlanRdst(ip, port, vni, ifindex))
        self.fdb[mac] = f
        self.addrcnt += 1

    def fdb_delete(self, mac: bytes, ip: int, port: int, vni: int, ifindex: int) -> None:
        """__vxlan_fdb_delete: one remote when a destination is named and the entry has
        others, else the whole entry; a named destination the entry lacks deletes
        nothing and is no error."""
        f = self.fdb.get(mac)
        if f is None:
            raise FdbError("ENOENT")
        if ip:
            for rd in f.remotes:
                if rd.same(ip, port, vni, ifindex):
                    if len(f.remotes) > 1:
                        f.remotes.remove(rd)
                        return
                    break
            else:
                return
        self._destroy(f)

    def _destroy(self, f: VxlanFdb) -> None:
        del self.fdb[f.mac]
        self.addrcnt -= 1

    def newest_first(self) -> list[VxlanFdb]:
        """The dump order: entries are added at the head of their list."""
        return list(reversed(self.fdb.values()))

    def cleanup(self) -> None:
        """vxlan_cleanup: learned entries not refreshed for `ageing` seconds go."""
        self.age_timer = None
        if not self.admin_up:
            return
        now = self.sched.now
        next_timer = now + FDB_AGE_INTERVAL_NS
        age = self.ageing * NS_PER_SEC
        for f in list(self.fdb.values()):
            if f.state & (NUD_PERMANENT | NUD_NOARP):
                continue
            timeout = f.updated + age
            if timeout <= now:
                self._destroy(f)
            elif timeout < next_timer:
                next_timer = timeout
        self.age_timer = self.sched.call_later(next_timer - now, self.cleanup)

    def snoop(self, src_ip: int, src_mac: bytes) -> str | None:
        """vxlan_snoop: learn or refresh where `src_mac` lives; a drop reason when the
        frame must be dropped."""
        if src_mac[0] & 1 or src_mac == ZERO_MAC:
            return "MAC_INVALID_SOURCE"
        f = self.fdb.get(src_mac)
        now = self.sched.now
        if f is not None:
            rd = f.remotes[0]
            if rd.remote_ip == src_ip and rd.remote_ifindex == 0:
                f.updated = now
                return None
            if f.state & (NUD_PERMANENT | NUD_NOARP):
                return "VXLAN_ENTRY_EXISTS"         # static entries do not migrate
            rd.remote_ip = src_ip
            f.updated = now
            return None
        if self.admin_up:
            try:
                self.fdb_update(src_mac, src_ip, NUD_REACHABLE, self.dst_port, self.vni, 0,
                                create=True, exclusive=True)
            except FdbError:
                pass                                # maxaddress reached: not learned
        return None

    # -- transmit (vxlan_xmit) ------------------------------------------------------------
    def xmit(self, frame: bytes) -> None:
        self.xmit_nit(frame)
        if self.external:
            tun = self.rx_tun
            if tun is not None and frame[12:14] == b"\x08\x06" and frame[20:22] == b"\x00\x02":
                # arp_process answers a request that came with tunnel metadata through
                # the reversed metadata (iptunnel_metadata_reply)
                src, dst, vni, csum = tun
                self.encap(frame, src, self.dst_port, vni, 0, dst, csum)
                return
            self.netns.drop("TUNNEL_TXINFO", "vxlan_xmit", frame, self, True)
            return                      # no tunnel metadata: dropped, nothing counted
        f = self.fdb.get(frame[:6])
        if f is None:
            f = self.fdb.get(ZERO_MAC)
            if f is None:
                self.stats.tx_dropped += 1
                self.netns.drop("NO_TX_TARGET", "vxlan_xmit", frame, self, True)
                return
        f.used = self.sched.now
        for rd in f.remotes:
            self.xmit_one(frame, rd)

    def xmit_one(self, frame: bytes, rd: VxlanRdst) -> None:
        """vxlan_xmit_one toward one remote of an entry."""
        if not rd.remote_ip:
            self.stats.tx_dropped += 1
            self.netns.drop("NO_TX_TARGET", "vxlan_xmit_one", frame, self, True)
            return
        self.encap(frame, rd.remote_ip, rd.remote_port or self.dst_port,
                   rd.remote_vni or self.vni, rd.remote_ifindex, self.local, self.udp_csum)

    def encap(self, frame: bytes, dst: int, port: int, vni: int, ifindex: int, local: int,
              csum: bool) -> None:
        """Encapsulate and send through the tunnel's namespace, and count the outcome."""
        stats = self.stats
        result = self.tunnel.xmit(self, frame, dst, port, vni, ifindex, local, csum)
        if result is None:
            stats.tx_packets += 1
            stats.tx_bytes += len(frame) - ETH_HLEN
        elif result == "local":
            pass                            # the tunnel delivered it by encap bypass
        elif result == "ENOENT":
            stats.tx_errors += 1            # encap_bypass_if_local: no device for it
        elif result == "ELOOP":
            stats.collisions += 1           # the route to the remote is this device
            stats.tx_errors += 1
        elif result == "ENETUNREACH":
            stats.tx_carrier += 1           # no route to the remote
            stats.tx_errors += 1
        else:
            stats.tx_dropped += 1           # iptunnel_xmit_stats: ip_local_out failed

    def bypass_receive(self, src: Vxlan, frame: bytes) -> None:
        """vxlan_encap_bypass: a remote that is a local address reaches this device
        directly (netif_rx), counted on both (the whole frame: the length is read
        before the Ethernet header is pulled) and learned against 127.0.0.1."""
        n = len(frame)
        if not self.admin_up:
            self.stats.rx_dropped += 1           # and the sender counts nothing
            self.netns.drop("DEV_READY", "vxlan_encap_bypass", frame, self, True)
            return
        src.stats.tx_packets += 1
        src.stats.tx_bytes += n
        if self.learning:
            self.snoop(0x7F000001, frame[6:12])
        self.stats.rx_packets += 1
        self.stats.rx_bytes += n
        self.sched.call_soon(self.deliver, frame)

    # -- receive (vxlan_rcv, after the UDP socket found this device) ---------------------
    def rcv(self, frame: bytes, outer_src: int, outer_dst: int = 0, vni: int = 0,
            csum: bool = True) -> None:
        """vxlan_rcv from vxlan_set_mac on: loop check, learning, then into the stack."""
        if len(frame) < ETH_HLEN:
            self.link_ns.drop("PKT_TOO_SMALL", "vxlan_rcv")
            return
        if frame[6:12] == self.mac:
            self.link_ns.drop("LOCAL_MAC", "vxlan_set_mac")     # a loop
            return
        if self.learning:
            reason = self.snoop(outer_src, frame[6:12])
            if reason is not None:
                self.link_ns.drop(reason, "vxlan_snoop")
                return
        if not self.admin_up:
            self.stats.rx_dropped += 1
            self.link_ns.drop("DEV_READY", "vxlan_rcv")
            return
        self.stats.rx_packets += 1
        self.stats.rx_bytes += len(frame) - ETH_HLEN
        if self.external:
            self.rx_tun = (outer_src, outer_dst, vni, csum)
            try:
                self.deliver(frame)
            finally:
                self.rx_tun = None
            return
        self.deliver(frame)

    def deliver(self, frame: bytes) -> None:
        """gro_cells_receive -> netif_receive_skb on this device: the counting is done."""
        if not self.admin_up:
            self.stats.rx_dropped += 1
            return
        self.receive_counted(frame)


def create(name: str, mac: bytes, vni: int, link_ns: Any, tunnel: Any) -> Vxlan:
    return Vxlan(name, mac, vni, link_ns, tunnel)
