"""802.1Q / 802.1ad VLAN devices (IEEE 802.1Q-2018 clause 9; net/8021q: vlan.c, vlan_dev.c,
vlan_core.c).

A vlan device sits on a real (lower) device and owns one VLAN of it: what it sends goes
out of the lower device with a tag (TPID 0x8100, or 0x88a8 for 802.1ad; the VID and
priority 0), and a tagged frame the lower device receives with that TPID and VID comes
out of the vlan device without its tag. The demultiplexing runs before the lower
device's rx handler (vlan_do_receive in __netif_receive_skb_core), so the VLAN of a
bridge port that has a vlan device goes to that device, not to the bridge; a tagged
frame for a VLAN with no device is not for this host (PACKET_OTHERHOST: a bridge still
forwards it, the stack drops it), and a priority-tagged frame (VID 0) is the lower
device's own.

Linux carries the tag of a frame a vlan device built as metadata (hardware-accelerated
tagging), not in the packet data, all the way through veth pairs and bridges, so no
device counts its four bytes (Device.receive and the veth and bridge transmit paths
leave them out); the vlan device counts what it sends with its Ethernet header and what
it receives without (vlan_dev_hard_start_xmit, vlan_do_receive). Carrier follows the
lower device's (netif_stacked_transfer_operstate); the lower device going down takes
its vlans down, coming up brings them up, unless `loose_binding`; the MTU is at most the
lower device's; the MAC is the lower device's (and follows it) unless one is given;
deleting the lower device deletes its vlans. A vlan device may move to another
namespace while its lower device stays.

Not built: reorder_hdr off (the tag left in the frame the stack sees), ingress/egress
QoS maps (priority 0 is sent), GVRP/MVRP (the flags are kept and shown, no
registration protocol runs), bridge_binding's carrier rule.
"""

from __future__ import annotations

from vnet.link.device import Device, DeviceError, untag

ETH_P_8021Q = 0x8100
ETH_P_8021AD = 0x88A8
VLAN_HLEN = 4
VLAN_N_VID = 4096
FLAG_REORDER_HDR = 0x1
FLAG_GVRP = 0x2
FLAG_LOOSE_BINDING = 0x4
FLAG_MVRP = 0x8
FLAG_BRIDGE_BINDING = 0x10
FLAG_NAMES = ((FLAG_REORDER_HDR, "REORDER_HDR"), (FLAG_GVRP, "GVRP"), (FLAG_MVRP, "MVRP"),
              (FLAG_LOOSE_BINDING, "LOOSE_BINDING"), (FLAG_BRIDGE_BINDING, "BRIDGE_BINDING"))
_BROADCAST = b"\xff" * 6


class VlanGroup:
    """struct vlan_info of a real device: its vlan devices by (TPID, VID)."""

    __slots__ = ("devs",)

    def __init__(self) -> None:
        self.devs: dict[tuple[int, int], VlanDev] = {}

    def receive(self, lower: Device, frame: bytes, proto: int) -> bool:
        """vlan_do_receive: True when a vlan device took the frame (or dropped it)."""
        vid = ((frame[14] << 8) | frame[15]) & 0x0FFF
        vlan = self.devs.get((proto, vid))
        if vlan is None:
            return False
        if not vlan.admin_up:
            lower.netns.drop("DEV_READY", "vlan_do_receive", frame, lower, True)
            return True
        inner = untag(frame)
        stats = vlan.stats
        stats.rx_packets += 1
        stats.rx_bytes += len(inner) - 14
        if inner[0] & 1 and inner[:6] != _BROADCAST:
            stats.multicast += 1
        vlan.receive_counted(inner)        # another_round, as the vlan device
        return True


class VlanDev(Device):
    kind: str | None = "vlan"

    def __init__(self, name: str, mac: bytes, lower: Device, vid: int, proto: int) -> None:
        super().__init__(name, mac)
        self.lower = lower
        self.vid = vid
        self.proto = proto
        self.flags = FLAG_REORDER_HDR
        self.mtu = lower.mtu
        self.carrier = lower.carrier       # netif_stacked_transfer_operstate at register
        self.carrier_changed = True

    def iflink_dev(self) -> Device | None:
        return self.lower

    def has_lower_link(self) -> bool:
        return True

    @property
    def tag(self) -> bytes:
        return self.proto.to_bytes(2, "big") + self.vid.to_bytes(2, "big")

    # -- open / stop (vlan_dev_open, vlan_dev_stop) -------------------------------------
    def set_up(self) -> None:
        if not self.admin_up and not self.lower.admin_up and \
                not self.flags & FLAG_LOOSE_BINDING:
            raise DeviceError("Network is down", "ENETDOWN")
        super().set_up()

    def open(self) -> None:
        if self.lower.carrier and not self.flags & FLAG_BRIDGE_BINDING:
            self.set_carrier(True)

    def stop(self) -> None:
        if not self.flags & FLAG_BRIDGE_BINDING:
            self.set_carrier(False)

    def set_mtu(self, mtu: int) -> None:
        """vlan_dev_change_mtu: not above the lower device's."""
        if mtu > self.lower.mtu and self.min_mtu <= mtu <= self.max_mtu:
            raise DeviceError("Numerical result out of range", "ERANGE")
        super().set_mtu(mtu)

    @property
    def uc_on_lower(self) -> bool:
        """An open vlan device with its own MAC puts it on the lower device's unicast
        list (dev_uc_add), which a device without a unicast filter serves by going
        promiscuous."""
        return self.admin_up and self.mac != self.lower.mac

    # -- the lower device's events (vlan_device_event) ----------------------------------
    def lower_event(self, event: str, lower: Device) -> None:
        loose = bool(self.flags & FLAG_LOOSE_BINDING)
        if event == "UP":
            if not self.admin_up and not loose:
                self.set_up()
            self.transfer_operstate()
        elif event == "DOWN":
            if self.admin_up and not loose:
                self.set_down()
            self.transfer_operstate()
        elif event == "CHANGE":
            self.transfer_operstate()
        elif event == "CHANGEMTU" and self.mtu > lower.mtu:
            Device.set_mtu(self, lower.mtu)
        elif event == "CHANGEADDR" and self.addr_assign_type == 2:
            self.mac = lower.mac                # vlan_dev_inherit_address
            self.netns_notify("CHANGEADDR")
        elif event == "UNREGISTER":
            self.unregister()

    def transfer_operstate(self) -> None:
        if not self.flags & FLAG_BRIDGE_BINDING:
            self.set_carrier(self.lower.carrier)

    def unregister(self) -> None:
        """unregister_vlan_dev: off the lower device's group."""
        super().unregister()
        grp = self.lower.vlan_grp
        if isinstance(grp, VlanGroup) and grp.devs.get((self.proto, self.vid)) is self:
            del grp.devs[(self.proto, self.vid)]
            if not grp.devs:
                self.lower.vlan_grp = None
        if self in self.lower.uppers:
            self.lower.uppers.remove(self)

    # -- transmit (vlan_dev_hard_start_xmit) ----------------------------------------------
    def xmit(self, frame: bytes) -> None:
        self.xmit_nit(frame)
        lower = self.lower
        stats = self.stats
        dropped = lower.stats.tx_dropped
        if lower.admin_up:
            lower.xmit(frame[:12] + self.tag + frame[12:])     # dev_queue_xmit
        if not lower.admin_up or lower.stats.tx_dropped != dropped:
            stats.tx_dropped += 1
            return
        stats.tx_packets += 1
        stats.tx_bytes += len(frame)


def find(lower: Device, proto: int, vid: int) -> VlanDev | None:
    grp = lower.vlan_grp
    return grp.devs.get((proto, vid)) if isinstance(grp, VlanGroup) else None


def create(name: str, mac: bytes, lower: Device, vid: int, proto: int) -> VlanDev:
    """register_vlan_dev up to register_netdevice (the caller registers), after
    vlan_check_real_dev."""
    if lower.link_type != "ether":
        raise DeviceError("8021q: VLANs not supported on device", "EOPNOTSUPP")
    if find(lower, proto, vid) is not None:
        raise DeviceError("8021q: VLAN device already exists", "EEXIST")
    dev = VlanDev(name, mac, lower, vid, proto)
    grp = lower.vlan_grp
    if not isinstance(grp, VlanGroup):
        grp = VlanGroup()
        lower.vlan_grp = grp
    grp.devs[(proto, vid)] = dev
    lower.uppers.append(dev)
    return dev
