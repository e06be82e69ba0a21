"""macvlan: several devices with their own MAC addresses on one Ethernet device
(drivers/net/macvlan.c).

The lower device gets a port (struct macvlan_port) and an rx handler that hands each
frame to the macvlan whose address it is for, or lets it go on to the lower device's
own stack. Broadcast and multicast frames go to the lower device and, a moment later
(the port's broadcast work queue), to every open macvlan whose mode takes them.
What a macvlan sends goes out of the lower device, except in bridge mode, where a
frame for another bridge-mode macvlan on the same port is delivered directly (through
the lower device's receive path, as dev_forward_skb does) and a broadcast reaches the
other bridge-mode macvlans too. Modes: private (no traffic between macvlans), vepa
(everything goes out; the switch outside may hairpin it back), bridge, passthru (one
macvlan takes over the lower device: every unicast frame, the lower's MAC, the lower
promiscuous). Source mode is not built (the command line refuses it as unsupported).

Carrier follows the lower device's (netif_stacked_transfer_operstate); a macvlan's
MTU never exceeds its lower device's; deleting the lower device deletes its macvlans;
a macvlan may move to another namespace (the container case) while its lower device
stays. The lower device's promiscuity counts one while a macvlan on it is open (it has
no unicast filter: dev_uc_add falls back to promiscuous mode), or in passthru mode.
"""

from __future__ import annotations

from vnet.link.device import Device, DeviceError

MACVLAN_MODE_PRIVATE = 1
MACVLAN_MODE_VEPA = 2
MACVLAN_MODE_BRIDGE = 4
MACVLAN_MODE_PASSTHRU = 8
MACVLAN_MODE_SOURCE = 16
MODE_NAMES = {MACVLAN_MODE_PRIVATE: "private", MACVLAN_MODE_VEPA: "vepa",
              MACVLAN_MODE_BRIDGE: "bridge", MACVLAN_MODE_PASSTHRU: "passthru",
              MACVLAN_MODE_SOURCE: "source"}
MACVLAN_DEFAULT_BC_QUEUE_LEN = 1000
_ALL_MODES = MACVLAN_MODE_PRIVATE | MACVLAN_MODE_VEPA | MACVLAN_MODE_PASSTHRU | \
    MACVLAN_MODE_BRIDGE
_BROADCAST = b"\xff" * 6


class MacvlanPort:
    """struct macvlan_port: the macvlans of one lower device."""

    __slots__ = ("lower", "vlans", "by_mac", "passthru")

    def __init__(self, lower: Device) -> None:
        self.lower = lower
        self.vlans: list[MacVlan] = []          # port->vlans, in creation order
        self.by_mac: dict[bytes, MacVlan] = {}  # port->vlan_hash: the open macvlans
        self.passthru = False

    @property
    def bc_queue_len_used(self) -> int:
        """update_port_bc_queue_len: the largest bcqueuelen asked for on this port."""
        return max((v.bc_queue_len_req for v in self.vlans), default=0)

    def addr_busy(self, mac: bytes) -> bool:
        """macvlan_addr_busy: the lower device's address (unless passthru) or an open
        macvlan's."""
        return (not self.passthru and mac == self.lower.mac) or mac in self.by_mac

    @property
    def lower_promisc(self) -> bool:
        """Whether this port makes its lower device promiscuous (see the module doc)."""
        if self.passthru:
            return any(v.admin_up and not v.nopromisc for v in self.vlans)
        return bool(self.by_mac)

    def broadcast(self, frame: bytes, src: MacVlan | None, mode: int,
                  extra_bytes: int = 0) -> None:
        """macvlan_broadcast: a copy to every open macvlan of `mode` but the source.
        `extra_bytes`: called from the transmit path, the kernel counts skb->len +
        ETH_HLEN with skb->len already covering the Ethernet header (14 bytes more)."""
        dst = frame[:6]
        for vlan in self.vlans:
            if vlan is src or not vlan.mode & mode or self.by_mac.get(vlan.mac) is not vlan:
                continue
            if not (dst == _BROADCAST or dst in vlan.mc_list or vlan.promisc
                    or vlan.allmulti):
                continue                    # the macvlan's multicast filter (mc_filter)
            vlan.stats.multicast += 1
            vlan.stats.rx_bytes += extra_bytes
            vlan.sched.call_soon(vlan.receive, frame)      # netif_rx

    def multicast_rx(self, src: MacVlan | None, frame: bytes) -> None:
        """macvlan_process_broadcast -> macvlan_multicast_rx: a group frame the lower
        device received, to the macvlans that should see it."""
        if src is None:                     # from an address outside this port
            self.broadcast(frame, None, _ALL_MODES)
        elif src.mode == MACVLAN_MODE_VEPA:
            self.broadcast(frame, src, MACVLAN_MODE_VEPA | MACVLAN_MODE_BRIDGE)
        else:
            self.broadcast(frame, src, MACVLAN_MODE_VEPA)


def handle_frame(lower: Device, frame: bytes) -> bool:
    """macvlan_handle_frame, the lower device's rx handler; True: consumed."""
    port: MacvlanPort = lower.rx_handler_data  # type: ignore[assignment]
    if frame[0] & 1:
        src = port.by_mac.get(frame[6:12])
        if src is not None and src.mode != MACVLAN_MODE_VEPA \
                and src.mode != MACVLAN_MODE_BRIDGE:
            src.sched.call_soon(src.receive, frame)     # back to the port it came from
            return True
        lower.sched.call_soon(port.multicast_rx, src, frame)     # the broadcast queue
        return False
    if port.passthru:
        vlan: MacVlan | None = port.vlans[0] if port.vlans else None
    else:
        vlan = port.by_mac.get(frame[:6])
    if vlan is None:
        return False                            # for the lower device itself, or nobody
    if not vlan.admin_up:
        lower.netns.drop("DEV_READY", "macvlan_handle_frame", frame, lower, True)
        return True
    vlan.receive(frame)                         # RX_HANDLER_ANOTHER
    return True


def forward_to_lower(lower: Device, frame: bytes) -> None:
    """dev_forward_skb(lowerdev) -> netif_rx: the frame enters the lower device's receive
    path (its taps see it, its rx handler delivers it) without passing its driver, so
    the lower device's own counters do not move."""
    if lower.rx_tap is not None:
        lower.rx_tap(lower, frame)
    tracer = lower.world.tracer
    if tracer is not None:
        tracer.rx(lower, frame)
    if not (lower.rx_handler is not None and lower.rx_handler(lower, frame)):
        lower.deliver_to_stack(frame)


class MacVlan(Device):
    kind: str | None = "macvlan"

    def __init__(self, name: str, mac: bytes, lower: Device, port: MacvlanPort,
                 mode: int) -> None:
        super().__init__(name, mac)
        self.lower = lower
        self.port = port
        self.mode = mode
        self.nopromisc = False
        self.bc_queue_len_req = MACVLAN_DEFAULT_BC_QUEUE_LEN
        self.mtu = lower.mtu
        self.carrier = lower.carrier
        self.carrier_changed = True         # linkwatch_fire_event at creation

    def iflink_dev(self) -> Device | None:
        return self.lower

    def has_lower_link(self) -> bool:
        return True

    # -- open / stop: the address joins the port's table ------------------------------
    def set_up(self) -> None:
        """dev_open -> macvlan_open, which refuses an address the port already has."""
        if not self.admin_up and not self.port.passthru and self.port.addr_busy(self.mac):
            raise DeviceError("Address already in use", "EADDRINUSE")
        super().set_up()

    def open(self) -> None:
        """macvlan_open: the address joins the port's table."""
        self.port.by_mac[self.mac] = self

    def stop(self) -> None:
        """macvlan_stop."""
        if self.port.by_mac.get(self.mac) is self:
            del self.port.by_mac[self.mac]

    def set_mac(self, mac: bytes) -> None:
        """macvlan_set_mac_address: not an address the port already has (its lower
        device's or an open macvlan's); in passthru mode the lower device's changes."""
        port = self.port
        if mac == self.mac:
            return
        if port.passthru:
            self.lower.set_mac(mac)             # CHANGEADDR brings it here (lower_event)
            return
        if port.addr_busy(mac):
            raise DeviceError("Address already in use", "EADDRINUSE")
        if port.by_mac.get(self.mac) is self:
            del port.by_mac[self.mac]
            port.by_mac[mac] = self
        super().set_mac(mac)

    def set_mtu(self, mtu: int) -> None:
        """macvlan_change_mtu: not above the lower device's MTU."""
        if mtu > self.lower.mtu and self.min_mtu <= mtu <= self.max_mtu:
            raise DeviceError("Invalid argument", "EINVAL")
        super().set_mtu(mtu)

    def set_mode(self, mode: int) -> None:
        """macvlan_changelink: passthru can be neither set nor cleared later."""
        if (mode == MACVLAN_MODE_PASSTHRU) != (self.mode == MACVLAN_MODE_PASSTHRU):
            raise DeviceError("Invalid argument", "EINVAL")
        self.mode = mode

    # -- the lower device's events (macvlan_device_event) -----------------------------
    def lower_event(self, event: str, lower: Device) -> None:
        if event in ("UP", "DOWN", "CHANGE"):
            self.set_carrier(lower.carrier)     # netif_stacked_transfer_operstate
        elif event == "CHANGEMTU" and self.mtu > lower.mtu:
            Device.set_mtu(self, lower.mtu)
        elif event == "CHANGEADDR" and self.port.passthru:
            self.mac = lower.mac                # macvlan_sync_address: eth_hw_addr_set
            self.netns_notify("CHANGEADDR")
        elif event == "UNREGISTER":
            self.unregister()

    def unregister(self) -> None:
        """macvlan_dellink (and macvlan_uninit): off the port; the last one takes the
        port's rx handler away."""
        super().unregister()
        port = self.port
        if self in port.vlans:
            port.vlans.remove(self)
        lower = self.lower
        if self in lower.uppers:
            lower.uppers.remove(self)
        if not port.vlans and lower.rx_handler_data is port:
            lower.rx_handler = None
            lower.rx_handler_data = None

    # -- transmit (macvlan_start_xmit / macvlan_queue_xmit) ---------------------------
    def xmit(self, frame: bytes) -> None:
        self.xmit_nit(frame)
        stats = self.stats
        lower = self.lower
        if self.mode == MACVLAN_MODE_BRIDGE:
            if frame[0] & 1:
                self.port.broadcast(frame, self, MACVLAN_MODE_BRIDGE, 14)
            else:
                dest = self.port.by_mac.get(frame[:6])
                if dest is not None and dest.mode == MACVLAN_MODE_BRIDGE:
                    stats.tx_packets += 1
                    stats.tx_bytes += len(frame)
                    self.sched.call_soon(forward_to_lower, lower, frame)
                    return
        dropped = lower.stats.tx_dropped
        if lower.admin_up:
            lower.xmit(frame)                   # dev_queue_xmit on the lower device
        if not lower.admin_up or lower.stats.tx_dropped != dropped:
            stats.tx_dropped += 1
            return
        stats.tx_packets += 1
        stats.tx_bytes += len(frame)


def real_lower(dev: Device) -> Device:
    """A macvlan made on a macvlan is made on that one's lower device."""
    return dev.lower if isinstance(dev, MacVlan) else dev


def create(name: str, mac: bytes, lower: Device, mode: int) -> MacVlan:
    """macvlan_common_newlink up to register_netdevice (the caller registers)."""
    lower = real_lower(lower)
    if lower.link_type != "ether":
        raise DeviceError("Invalid argument", "EINVAL")
    port = lower.rx_handler_data
    if not isinstance(port, MacvlanPort):
        if lower.rx_handler is not None:        # a bridge port, say
            raise DeviceError("Device or resource busy", "EBUSY")
        port = MacvlanPort(lower)
    if mode == MACVLAN_MODE_PASSTHRU:
        if port.vlans:
            raise DeviceError("Invalid argument", "EINVAL")
        mac = lower.mac                         # eth_hw_addr_inherit
    elif port.passthru:
        raise DeviceError("Invalid argument", "EINVAL")
    vlan = MacVlan(name, mac, lower, port, mode)
    if mode == MACVLAN_MODE_PASSTHRU:
        port.passthru = True
    port.vlans.append(vlan)
    lower.uppers.append(vlan)
    lower.rx_handler = handle_frame
    lower.rx_handler_data = port
    return vlan


def port_of(dev: Device) -> MacvlanPort | None:
    data = dev.rx_handler_data
    return data if isinstance(data, MacvlanPort) else None
