"""The network device base class: one receive, one xmit, flags, carrier and counters.

Sits at the bottom of the packet path. `receive()` is `__netif_receive_skb`: count the
frame, hand an 802.1Q-tagged one to the vlan device of its VID (vnet.link.vlan), offer
it to an rx handler (a bridge, bond or macvlan upper device may claim it),
classify it by destination MAC (eth_type_trans's pkt_type) and hand it to the
namespace's protocol demux by EtherType. `xmit()` is `ndo_start_xmit` and is what
each device kind overrides. Operational state follows RFC 2863 the way the kernel's
`rfc2863_policy()`/`default_operstate()` derive it from admin state and carrier.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from vnet.wire import mac as macmod

if TYPE_CHECKING:
    from vnet.core.netns import Namespace
    from vnet.core.sched import Scheduler
    from vnet.core.world import World

# net_device flags as `ip link` names them
IFF_UP = "UP"

#  rx handler result, as the kernel's rx_handler_result_t
RX_HANDLER_CONSUMED = True
RX_HANDLER_PASS = False


class DeviceError(Exception):
    """A refused configuration change; the message is the kernel's (extack) text."""

    def __init__(self, message: str, errno_name: str = "EINVAL") -> None:
        super().__init__(message)
        self.errno_name = errno_name


class Stats:
    """The rtnl_link_stats64 counters `ip -s link` and `ifconfig` print."""

    __slots__ = (
        "rx_packets", "rx_bytes", "rx_errors", "rx_dropped", "rx_missed", "multicast",
        "tx_packets", "tx_bytes", "tx_errors", "tx_dropped", "tx_carrier", "collisions",
        "rx_length_errors", "rx_crc_errors", "rx_frame_errors", "rx_over_errors",
        "rx_fifo_errors", "tx_aborted_errors", "tx_fifo_errors", "tx_heartbeat_errors",
        "tx_window_errors",
    )

    def __init__(self) -> None:
        self.rx_packets = 0
        self.rx_bytes = 0
        self.rx_errors = 0
        self.rx_dropped = 0
        self.rx_missed = 0
        self.multicast = 0
        self.tx_packets = 0
        self.tx_bytes = 0
        self.tx_errors = 0
        self.tx_dropped = 0
        self.tx_carrier = 0
        self.collisions = 0
        self.rx_length_errors = 0
        self.rx_crc_errors = 0
        self.rx_frame_errors = 0
        self.rx_over_errors = 0
        self.rx_fifo_errors = 0
        self.tx_aborted_errors = 0
        self.tx_fifo_errors = 0
        self.tx_heartbeat_errors = 0
        self.tx_window_errors = 0


class Device:
    """A net_device. Subclasses set `kind` and override `xmit` (and `open`/`stop`)."""

    kind: str | None = None          # rtnl_link_ops kind: "veth", "bridge", "tun", ...
    link_type = "ether"              # ARPHRD name as ip link prints it
    default_mtu = 1500
    min_mtu = 68
    max_mtu = 65535
    no_queue = True                  # IFF_NO_QUEUE: qdisc noqueue when up
    header_len = 14

    def __init__(self, name: str, mac: bytes) -> None:
        self.name = name
        self.ifindex = 0
        self.netns: Namespace = None  # type: ignore[assignment]  # set by register()
        self.world: World = None  # type: ignore[assignment]  # set by register()
        self.sched: Scheduler = None  # type: ignore[assignment]  # the world's, set by register()
        self.mac = mac
        self.perm_mac = mac
        self.broadcast = macmod.BROADCAST
        self.mtu = self.default_mtu
        self.txqlen = 1000
        self.admin_up = False
        self.carrier = True           # lower layer present; subclasses manage it
        #  linkwatch has computed an operstate (rfc2863_policy). A device registered with
        #  carrier on and never changed stays IF_OPER_UNKNOWN (linkwatch_init_dev).
        self.carrier_changed = False
        self.carrier_changes = 0      # IFLA_CARRIER_CHANGES: carrier up + down events
        self.qdisc_attached = False   # dev_activate ran once (ip link shows the qdisc)
        self.down_state: str | None = None  # operstate linkwatch computed at carrier loss
        self.promisc = 0
        self.allmulti = 0
        self.master: Device | None = None
        #  upper devices that are not its master (macvlans on it): told of its events
        self.uppers: list[Device] = []
        self.rx_handler: Callable[[Device, bytes], bool] | None = None
        self.rx_handler_data: object = None
        #  the 802.1Q devices on this one (vnet.link.vlan.VlanGroup), demultiplexed before
        #  the rx handler
        self.vlan_grp: Any = None
        #  packet taps (dev_queue_xmit_nit and ptype_all: a packet socket bound to the
        #  device, vnet.link.capture): called with every frame the device transmits and
        #  every frame it receives while up, before anything else sees it
        self.tx_tap: Callable[[Device, bytes], None] | None = None
        self.rx_tap: Callable[[Device, bytes], None] | None = None
        self.stats = Stats()
        self.alias: str | None = None
        self.addr_assign_type = 1     # NET_ADDR_RANDOM; 3 = NET_ADDR_SET by user
        self.ip4: list = []           # IPv4 addresses (vnet.net.addr.InetAddr), in order
        self.ip6: list = []           # IPv6 addresses (vnet.net.addrconf.Inet6Addr), in order
        self.mc_list: list[bytes] = []  # link-layer multicast addresses (dev->mc), in order
        #  what `ip link` / `ip tuntap` / sysfs set and print
        self.ifgroup = 0              # IFLA_GROUP
        self.link_mode = 0            # IFLA_LINKMODE: 1 = dormant
        self.one_queue = False        # tuntap's one_queue flag
        self.user_flags: dict[str, bool] | None = None  # linkfmt.user_flags, made on use
        self.name_assign_type: int | None = None  # NET_NAME_*; None: as the kind's default
        #  (deadline ns, carrier_changes then): operstate reads UNKNOWN until linkwatch ran
        self.operstate_unknown_until: tuple[int, int] | None = None

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.name}>"

    # -- flags and state ------------------------------------------------------------
    def flag_names(self) -> list[str]:
        """The IFF_* flags in the order iproute2's print_link_flags prints them."""
        flags = ["BROADCAST", "MULTICAST"]
        if self.promisc:
            flags.append("PROMISC")
        if self.admin_up:
            flags.append("UP")
            if self.running:
                flags.append("LOWER_UP")
        return flags

    @property
    def running(self) -> bool:
        """IFF_RUNNING: up with carrier (and operstate UP or UNKNOWN)."""
        return self.admin_up and self.carrier

    @property
    def operstate(self) -> str:
        if not self.admin_up:
            return "DOWN"
        if not self.carrier:
            if self.down_state is not None:
                return self.down_state
            return "LOWERLAYERDOWN" if self.has_lower_link() else "DOWN"
        return "UP" if self.carrier_changed else "UNKNOWN"

    def linkwatch_down(self) -> None:
        """rfc2863_policy after a carrier loss, as linkwatch runs it once the command is
        done: LOWERLAYERDOWN when dev->iflink names another device that exists in this
        device's own namespace (default_operstate looks it up by index), else DOWN. The
        state then sticks until the next carrier event."""
        if self.carrier or self.netns is None:
            return
        peer = self.iflink_dev()
        index = peer.ifindex if peer is not None else self.ifindex
        lower = self.netns.by_index.get(index)
        self.down_state = "LOWERLAYERDOWN" if index != self.ifindex and lower is not None \
            else "DOWN"

    def has_lower_link(self) -> bool:
        """True when dev->iflink names another device (veth's peer, a vlan's real dev)."""
        return False

    def iflink_dev(self) -> Device | None:
        """The device dev_get_iflink() names when it is another one (a veth's peer, a
        macvlan's lower device): `ip link` prints it after the name (`veth0@veth1`)."""
        return None

    def link_net(self) -> Namespace | None:
        """The namespace of the device's link (rtnl_link_ops->get_link_net): its iflink
        device's, or a tunnel's underlay namespace. `ip link` prints `link-netns` when
        it is not the device's own."""
        peer = self.iflink_dev()
        return peer.netns if peer is not None else None

    @property
    def qdisc(self) -> str:
        """IFLA_QDISC: noop until first opened (dev_activate attaches the default qdisc,
        which stays reported after the device goes down again)."""
        if not self.admin_up and not self.qdisc_attached:
            return "noop"
        return "noqueue" if self.no_queue else "pfifo_fast"

    # -- state changes ----------------------------------------------------------------
    def set_up(self) -> None:
        if self.admin_up:
            return
        self.admin_up = True
        self.qdisc_attached = True
        self.open()
        self.netns_notify("UP")

    def set_down(self) -> None:
        if not self.admin_up:
            return
        self.admin_up = False
        self.stop()
        self.netns_notify("DOWN")

    def open(self) -> None:
        """ndo_open: subclasses bring their carrier up here."""

    def stop(self) -> None:
        """ndo_stop."""

    def set_carrier(self, on: bool) -> None:
        if self.carrier == on:
            return
        self.carrier = on
        self.carrier_changed = True
        self.carrier_changes += 1
        if not on and self.netns is not None:
            self.netns.world.sched.call_soon(self.linkwatch_down)
        self.netns_notify("CHANGE")

    def set_mac(self, mac: bytes) -> None:
        self.mac = mac
        self.addr_assign_type = 3
        self.netns_notify("CHANGEADDR")

    def set_mtu(self, mtu: int) -> None:
        if mtu < self.min_mtu:
            raise DeviceError("mtu less than device minimum.", "EINVAL")
        if mtu > self.max_mtu:
            raise DeviceError("mtu greater than device maximum.", "EINVAL")
        self.mtu = mtu
        self.netns_notify("CHANGEMTU")

    def netns_notify(self, event: str) -> None:
        ns = self.netns
        if ns is not None:
            ns.notify(event, self)
        master = self.master
        if master is not None:
            master.lower_event(event, self)
        for upper in list(self.uppers):
            upper.lower_event(event, self)

    def lower_event(self, event: str, lower: Device) -> None:
        """An enslaved device changed (the upper device's netdevice notifier)."""

    def on_netns_destroy(self) -> None:
        """The namespace is going away: virtual devices are deleted with it."""
        self.unregister()

    def unregister(self) -> None:
        if self.admin_up:
            self.set_down()
        self.netns_notify("UNREGISTER")
        self.netns.unregister(self)

    # -- the packet path ----------------------------------------------------------------
    def xmit(self, frame: bytes) -> None:
        """ndo_start_xmit. The base device has no wire: count and drop."""
        if self.tx_tap is not None:
            self.tx_tap(self, frame)
        self.stats.tx_dropped += 1
        self.netns.drop("DEV_READY", "ndo_start_xmit", frame, self, True)

    def xmit_nit(self, frame: bytes) -> None:
        """dev_queue_xmit_nit: the packet taps and the trace see what the device sends
        (veth inlines this on the hot path)."""
        if self.tx_tap is not None:
            self.tx_tap(self, frame)
        tracer = self.world.tracer
        if tracer is not None:
            tracer.tx(self, frame)

    def receive(self, frame: bytes) -> None:
        """__netif_receive_skb: taps, rx handler, then protocol demux by EtherType."""
        if self.rx_tap is not None and self.admin_up:
            self.rx_tap(self, frame)
        stats = self.stats
        tracer = self.world.tracer
        if tracer is not None:
            tracer.rx(self, frame)
        if not self.admin_up:
            stats.rx_dropped += 1
            self.netns.drop("DEV_READY", "netif_receive_skb", frame, self, True)
            return
        n = len(frame)
        stats.rx_packets += 1
        if n >= 18 and (frame[12] == 0x81 or frame[12] == 0x88):
            tpid = _tag_proto(frame)
            if tpid:
                self.receive_tagged(frame, tpid)
                return
        stats.rx_bytes += n
        if n < 14:
            stats.rx_length_errors += 1
            stats.rx_errors += 1
            self.netns.drop("PKT_TOO_SMALL", None, frame, self, True)
            return
        handler = self.rx_handler
        if handler is not None and handler(self, frame):
            return
        # deliver_to_stack, inlined on the hot path
        proto = self.netns.ptype.get((frame[12] << 8) | frame[13])
        if proto is None:
            self.netns.drop("UNHANDLED_PROTO", None, frame, self, True)
            stats.rx_dropped += 1
            return
        proto(self, frame)

    def receive_tagged(self, frame: bytes, proto: int) -> None:
        """An 802.1Q/802.1ad tagged frame: its tag was metadata, not counted bytes; the
        vlan device of its VID takes it before the rx handler (vlan_do_receive); else a
        VID other than 0 makes it another host's (a bridge still forwards it)."""
        self.stats.rx_bytes += len(frame) - 4
        self.demux_tagged(frame, proto)

    def demux_tagged(self, frame: bytes, proto: int) -> None:
        """A tagged frame's way: the vlan device of its VID, else the rx handler, else
        the stack (deliver_tagged)."""
        grp = self.vlan_grp
        if grp is not None and grp.receive(self, frame, proto):
            return
        handler = self.rx_handler
        if handler is not None and handler(self, frame):
            return
        self.deliver_tagged(frame)

    def deliver_tagged(self, frame: bytes) -> None:
        """The stack's side of a tagged frame no vlan device took: priority-tagged (VID 0)
        frames are this device's, others are dropped as another host's."""
        if (frame[14] & 0x0F) or frame[15]:
            self.netns.drop("OTHERHOST", None, frame, self, True)
            return
        self.deliver_to_stack(untag(frame))

    def receive_counted(self, frame: bytes) -> None:
        """__netif_receive_skb_core for a frame an upper device (vlan, vxlan) already
        counted: taps, the trace, the rx handler, the protocols."""
        if self.rx_tap is not None:
            self.rx_tap(self, frame)
        tracer = self.world.tracer
        if tracer is not None:
            tracer.rx(self, frame)
        n = len(frame)
        if n >= 18 and (frame[12] == 0x81 or frame[12] == 0x88):
            tpid = _tag_proto(frame)
            if tpid:                        # QinQ: the inner tag, on this device
                self.demux_tagged(frame, tpid)
                return
        handler = self.rx_handler
        if handler is not None and handler(self, frame):
            return
        self.deliver_to_stack(frame)

    def deliver_to_stack(self, frame: bytes) -> None:
        ns = self.netns
        ethertype = (frame[12] << 8) | frame[13]
        if (ethertype == 0x8100 or ethertype == 0x88A8) and len(frame) >= 18:
            # a tagged frame passed up by a bridge: the bridge device's own vlans
            grp = self.vlan_grp
            if grp is None or not grp.receive(self, frame, ethertype):
                self.deliver_tagged(frame)
            return
        proto = ns.ptype.get(ethertype)
        if proto is None:
            ns.drop("UNHANDLED_PROTO", None, frame, self, True)
            self.stats.rx_dropped += 1
            return
        proto(self, frame)


def _tag_proto(frame: bytes) -> int:
    """The TPID of an 802.1Q (0x8100) or 802.1ad (0x88a8) tagged frame, else 0."""
    b12 = frame[12]
    if b12 == 0x81 and frame[13] == 0x00:
        return 0x8100
    if b12 == 0x88 and frame[13] == 0xA8:
        return 0x88A8
    return 0


def untag(frame: bytes) -> bytes:
    """A tagged frame without its 4-byte 802.1Q/802.1ad tag."""
    return frame[:12] + frame[16:]


def wire_len(frame: bytes) -> int:
    """The length the kernel counts for a frame on a virtual device: a tag added by a
    vlan device travels as metadata (hardware-accelerated tagging), not in the data."""
    n = len(frame)
    if n >= 18 and (frame[12] == 0x81 or frame[12] == 0x88) and _tag_proto(frame):
        return n - 4
    return n
