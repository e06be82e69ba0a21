"""The IPv4/UDP side of VXLAN: sockets, routes and output of one namespace
(net/ipv4/udp_tunnel_core.c, ip_tunnel_core.c and vxlan_core.c's vxlan_sock_add,
vxlan_get_route, vxlan_xmit_one and vxlan_rcv up to the device).

`VxlanNet` is struct vxlan_net for one namespace: the vxlan devices created there
(wherever they were moved to later) and one UDP socket per destination port, shared by
every device on that port and demultiplexing by VNI. The device (vnet.link.vxlan)
decides where a frame goes; this module wraps it (RFC 7348 5: VXLAN header, UDP with
the flow-hash source port, outer IPv4 with the device's TTL/TOS/DF) and hands it to
`ipv4_output.local_out`, so the underlay's routes, netfilter and ARP apply as they do
to any locally generated datagram. On receipt the UDP layer has checked the checksum;
here the VXLAN header is checked (flags exactly I, reserved bits zero) and the frame
goes to the device of its VNI, or is dropped (VXLAN_INVALID_HDR, VXLAN_VNI_NOT_FOUND).
A remote that is a local address of the namespace is not encapsulated at all: the
frame goes straight to the local vxlan device of that VNI and port
(encap_bypass_if_local).
"""

from __future__ import annotations

import zlib
from typing import TYPE_CHECKING

from vnet.link import vxlan as vx
from vnet.link.device import Device, DeviceError
from vnet.net import icmp, ipv4_output
from vnet.net import route as rt
from vnet.transport.udp import UdpSocket
from vnet.wire import udp as udpwire
from vnet.wire import vxlan as vxwire
from vnet.wire.errors import WireError

if TYPE_CHECKING:
    from vnet.core.netns import Namespace
    from vnet.wire.ipv4 import Ipv4Packet

UDP = 17


class VxlanSock:
    """struct vxlan_sock: the UDP socket of one port and the devices on it by VNI."""

    def __init__(self, net: VxlanNet, port: int, external: bool) -> None:
        self.port = port
        self.external = external            # a collect-metadata socket: every VNI
        self.by_vni: dict[int, vx.Vxlan] = {}
        self.sock = UdpSocket(net.ns.ipv4, port, self.rcv)

    def rcv(self, ip: Ipv4Packet, dgram: udpwire.UdpDatagram, dev: Device) -> None:
        """vxlan_rcv: the datagram's checksum was checked by the UDP layer."""
        ns = self.sock.stack.ns
        try:
            hdr = vxwire.parse(dgram.payload)
        except WireError:
            ns.drop("VXLAN_INVALID_HDR", "vxlan_rcv")
            return
        target = self.by_vni.get(0 if self.external else hdr.vni)
        if target is None:
            ns.drop("VXLAN_VNI_NOT_FOUND", "vxlan_rcv")
            return
        tracer = ns.world.tracer
        if tracer is not None and target.netns is not None:
            tracer.tunnel_decap(target, hdr.payload, ("VXLAN", ip.src, dgram.sport, ip.dst,
                                                      dgram.dport, hdr.vni, ns.name))
        target.rcv(hdr.payload, ip.src, ip.dst, hdr.vni, ip.payload[6:8] != b"\x00\x00")


class VxlanNet:
    """struct vxlan_net of one namespace."""

    def __init__(self, ns: Namespace) -> None:
        self.ns = ns
        self.devices: list[vx.Vxlan] = []       # vn->vxlan_list
        self.socks: dict[int, VxlanSock] = {}   # by destination port
        self.hash_key: int | None = None        # flow hash secret, drawn on first use
        ns.notifiers.append(self.netdev_event)
        ns.exit_hooks.append(self.exit_net)

    # -- devices ---------------------------------------------------------------------------
    def vni_in_use(self, vni: int, port: int, external: bool = False) -> bool:
        """vxlan_vni_in_use: same VNI, port and receive flags (collect metadata)."""
        return any(d.vni == vni and d.dst_port == port and d.external == external
                   for d in self.devices)

    def register(self, dev: vx.Vxlan) -> None:
        self.devices.append(dev)

    def unregister(self, dev: vx.Vxlan) -> None:
        if dev in self.devices:
            self.devices.remove(dev)

    def netdev_event(self, event: str, dev: Device) -> None:
        """vxlan_netdevice_event: a lower device going away takes its vxlans with it."""
        if event != "UNREGISTER" or isinstance(dev, vx.Vxlan):
            return
        for vxdev in list(self.devices):
            if vxdev.lower_ifindex == dev.ifindex and vxdev.lower() is dev:
                vxdev.unregister()

    def exit_net(self) -> None:
        """vxlan_exit_batch_rtnl: the namespace dies, and every vxlan made in it, even
        one moved elsewhere."""
        for vxdev in list(self.devices):
            if vxdev.netns is not None and vxdev.netns.by_index.get(vxdev.ifindex) is vxdev:
                vxdev.unregister()

    # -- sockets (vxlan_sock_add / vxlan_sock_release) ------------------------------------
    def sock_add(self, dev: vx.Vxlan) -> None:
        vs = self.socks.get(dev.dst_port)
        if vs is not None and vs.external != dev.external:
            # vxlan_sock_add: sockets are shared only between devices of the same
            # receive flags; another socket on the port cannot bind
            raise DeviceError("Address already in use", "EADDRINUSE")
        if vs is None:
            if dev.dst_port in self.ns.ipv4.udp_ports:
                raise DeviceError("Address already in use", "EADDRINUSE")
            vs = VxlanSock(self, dev.dst_port, dev.external)
            self.socks[dev.dst_port] = vs
        vs.by_vni[dev.vni] = dev

    def sock_release(self, dev: vx.Vxlan) -> None:
        vs = self.socks.get(dev.dst_port)
        if vs is None or vs.by_vni.get(dev.vni) is not dev:
            return
        del vs.by_vni[dev.vni]
        if not vs.by_vni:
            vs.sock.close()
            del self.socks[dev.dst_port]

    def find_vni(self, vni: int, port: int) -> vx.Vxlan | None:
        """vxlan_find_vni: the open device of this VNI on this port."""
        vs = self.socks.get(port)
        return vs.by_vni.get(vni) if vs is not None else None

    # -- transmit (vxlan_xmit_one's IPv4 part) --------------------------------------------
    def src_port(self, dev: vx.Vxlan, frame: bytes) -> int:
        """udp_flow_src_port: a hash of the inner flow scaled into the port range (the
        namespace's ip_local_port_range unless `srcport` set one)."""
        lo, hi = dev.port_min, dev.port_max
        if lo >= hi:
            text = self.ns.sysctl.get("net.ipv4.ip_local_port_range").split()
            lo, hi = int(text[0]), int(text[1])
        if self.hash_key is None:
            self.hash_key = self.ns.world.rng.getrandbits(32)
        h = zlib.crc32(flow_keys(frame), self.hash_key)
        h ^= (h << 16) & 0xFFFFFFFF
        return ((h * (hi - lo)) >> 32) + lo

    def xmit(self, dev: vx.Vxlan, frame: bytes, dst: int, dport: int, vni: int,
             ifindex: int, local: int, csum: bool) -> str | None:
        """Route, bypass or encapsulate and send from `local` (0: the route's source);
        None when sent, "local" when handed to a local device, else what the device
        counts: ENETUNREACH (no route), ELOOP (a route through itself), ENOENT (a local
        remote with no device), EXMIT (the output path dropped it)."""
        stack = self.ns.ipv4
        oif = self.ns.by_index.get(ifindex) if ifindex else None
        inner_ip = len(frame) >= 34 and frame[12:14] == b"\x08\x00"
        tos = dev.tos
        if tos == 1:
            tos = frame[15] if inner_ip else 0
        try:
            res = rt.output(stack, dst, local, oif, tos & 0x1E)   # RT_TOS
        except rt.RouteError as err:
            stack.ns.drop(err.reason, "vxlan_get_route")
            return "ENETUNREACH"
        if res.dev is dev:
            stack.ns.drop("IP_OUTNOROUTES", "vxlan_get_route")     # circular route
            return "ELOOP"
        if res.flags & rt.RTCF_LOCAL and not res.flags & (rt.RTCF_BROADCAST | rt.RTCF_MULTICAST):
            target = self.find_vni(vni, dport)
            if target is None:
                stack.ns.drop("VXLAN_VNI_NOT_FOUND", "encap_bypass_if_local")
                return "ENOENT"
            target.bypass_receive(dev, frame)
            return "local"
        inner_tos = frame[15] if inner_ip else 0
        tos = (tos & ~3) | ((inner_tos & 3) if inner_tos & 3 != 3 else 2)  # INET_ECN_encapsulate
        if dev.ttl_inherit and inner_ip:
            ttl = frame[22]
        else:
            ttl = dev.ttl or icmp.default_ttl(stack)
        if dev.df == vx.DF_SET:
            df = True
        elif dev.df == vx.DF_INHERIT:
            df = frame[12:14] == b"\x86\xdd" or (inner_ip and bool(frame[20] & 0x40))
        else:
            df = False
        payload = vxwire.VxlanHeader(vni, frame).emit()
        sport = self.src_port(dev, frame)
        src = res.src
        tracer = self.ns.world.tracer
        if tracer is not None:
            tracer.tunnel_encap(dev, frame, ("VXLAN", src, sport, dst, dport, vni, self.ns.name))
        data = udpwire.UdpDatagram(sport, dport, payload).emit(src, dst)
        if not csum:
            data = data[:6] + b"\x00\x00" + data[8:]      # noudpcsum: "no checksum"
        if ipv4_output.local_out(stack, dst, UDP, data, src=src, ttl=ttl, tos=tos, df=df,
                                 res=res) is not None:
            return "EXMIT"
        return None


def flow_keys(frame: bytes) -> bytes:
    """The part of the inner frame skb_get_hash covers: for IPv4 the addresses, the
    protocol and (TCP, UDP) the ports; otherwise the EtherType and the addresses."""
    if len(frame) >= 34 and frame[12:14] == b"\x08\x00":
        ihl = (frame[14] & 0x0F) * 4
        proto = frame[23]
        keys = frame[26:34] + bytes((proto,))
        if proto in (6, 17) and len(frame) >= 14 + ihl + 4:
            keys += frame[14 + ihl:14 + ihl + 4]
        return keys
    return frame[12:14] + frame[:12]


def vxlan_net(ns: Namespace) -> VxlanNet:
    """The namespace's struct vxlan_net, made on first use."""
    net = ns.vxlan_net
    if net is None:
        net = ns.vxlan_net = VxlanNet(ns)
    assert isinstance(net, VxlanNet)
    return net
