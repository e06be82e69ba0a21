"""The Linux bridge device (net/bridge/br_device.c, br_if.c, br_stp_if.c's bridge id).

A bridge is a device with ports. Enslaving a device (br_add_if) installs
`input.handle_frame` as its rx handler; the bridge's own xmit (br_dev_xmit) sends what
its local stack transmits by FDB lookup or floods it; frames for the bridge itself go up
its stack through `pass_frame_up` (br_pass_frame_up). Which ports forward is decided by
vnet.link.bridge.stp_if and, with STP on, the protocol in vnet.link.bridge.stp; the FDB
is vnet.link.bridge.fdb's.

Identity follows br_stp_recalculate_bridge_id: the bridge id starts as 8000.000000000000,
and unless the user set an address the bridge takes the lowest port MAC (and
00:00:00:00:00:00 once its last port leaves). The MTU follows the smallest port MTU
(1500 without ports) until the user sets one (br_mtu_auto_adjust). The bridge has
carrier while a port forwards once a port state selection has run (an empty bridge
keeps the carrier it was born with). While up, it joins the multicast router discovery groups
224.0.0.106 and ff02::6a (br_multicast_join_snoopers) and runs the FDB garbage
collector (br_fdb_cleanup, first 100 ms after opening). Bridge ports are promiscuous
and all-multicast internally (sysfs `flags` shows it, `ip link` does not).
"""

from __future__ import annotations

from typing import Any

from vnet.core.sched import Timer
from vnet.link.bridge import fdb as br_fdb
from vnet.link.bridge import input as br_input
from vnet.link.bridge import stp_bpdu, stp_if
from vnet.link.bridge.fdb import Fdb
from vnet.link.bridge.forward import flood, forward
from vnet.link.bridge.port import (
    BR_MAX_PORT_PRIORITY,
    BR_STATE_DISABLED,
    BR_STATE_FORWARDING,
    BridgePort,
    format_id,
    timer_remaining,
)
from vnet.link.device import Device, DeviceError, wire_len

CS = 10_000_000                       # one centisecond (USER_HZ tick) in ns
GC_FIRST_DELAY_NS = 100_000_000       # br_stp_enable_bridge: gc_work after HZ / 10
ZERO_MAC = b"\x00" * 6
#  br_multicast_join_snoopers: 224.0.0.106 and ff02::6a (multicast router discovery)
SNOOPER_GROUP4 = 0xE000006A
SNOOPER_GROUP6 = 0xFF02_0000_0000_0000_0000_0000_0000_006A
SNOOPER_MACS = (b"\x01\x00\x5e\x00\x00\x6a", b"\x33\x33\x00\x00\x00\x6a")

#  br_private.h limits, in centiseconds
MIN_HELLO_CS, MAX_HELLO_CS = 100, 1000
MIN_MAX_AGE_CS, MAX_MAX_AGE_CS = 600, 4000
MIN_FORWARD_DELAY_CS, MAX_FORWARD_DELAY_CS = 200, 3000


def _range_error() -> DeviceError:
    return DeviceError("Numerical result out of range", "ERANGE")


class Bridge(Device):
    kind: str | None = "bridge"

    def __init__(self, name: str, mac: bytes) -> None:
        super().__init__(name, mac)
        self.ports: dict[Device, BridgePort] = {}
        #  br->port_list: list_add_rcu puts a new port first; floods walk it in this order
        self.port_list: list[BridgePort] = []
        self.fdb = Fdb()
        self.carrier = True             # born with carrier: UNKNOWN until a port joins
        self.stp_enabled = stp_if.BR_NO_STP
        self.group_fwd_mask = 0
        self.priority = 0x8000
        self.bridge_id_mac = ZERO_MAC       # br->bridge_id.addr
        self.bridge_ageing_ns = self.fdb.ageing_ns
        #  802.1D-1998 8.5.3: the bridge's own timer values (bridge_*) and those in use,
        #  which a bridge that is not the root learns from the root's BPDUs
        self.bridge_forward_delay_ns = 1500 * CS
        self.bridge_hello_time_ns = 200 * CS
        self.bridge_max_age_ns = 2000 * CS
        self.forward_delay_ns = self.bridge_forward_delay_ns
        self.hello_time_ns = self.bridge_hello_time_ns
        self.max_age_ns = self.bridge_max_age_ns
        #  802.1D-1998 8.5.3: the root as this bridge believes it to be, its cost from
        #  here and the port towards it (0: none, this bridge is the root)
        self.designated_root: tuple[int, bytes] = (self.priority, ZERO_MAC)
        self.root_path_cost = 0
        self.root_port = 0
        self.topology_change = False
        self.topology_change_detected = False
        self.topology_change_timer: Timer | None = None
        self.hello_timer: Timer | None = None
        self.tcn_timer: Timer | None = None
        self.multicast_snooping = True
        self.mtu_set_by_user = False
        self._gc_timer: Timer | None = None
        self._snooping_joined = False
        #  settings vnet only reports (`ip -d link`): vnet.cli.ip.bridgeopts
        self.ip_settings: dict[str, Any] = {}

    # -- identity ---------------------------------------------------------------------
    @property
    def bid(self) -> tuple[int, bytes]:
        """br->bridge_id as (priority, MAC): tuples compare as memcmp compares the bytes."""
        return (self.priority, self.bridge_id_mac)

    @property
    def bridge_id(self) -> str:
        """As sysfs and brctl print it: 8000.020000000010."""
        return format_id(self.bid)

    @property
    def root_id(self) -> str:
        """The designated root, printed as bridge_id is."""
        return format_id(self.designated_root)

    @property
    def is_root_bridge(self) -> bool:
        """br_is_root_bridge."""
        return self.designated_root == self.bid

    def recalculate_bridge_id(self) -> bool:
        """br_stp_recalculate_bridge_id: lowest port MAC unless the user set an address."""
        if self.addr_assign_type == 3:
            return False
        addr = ZERO_MAC
        for port in self.port_list:
            if addr == ZERO_MAC or port.dev.mac < addr:
                addr = port.dev.mac
        if addr == self.bridge_id_mac:
            return False
        self.change_bridge_id(addr)
        return True

    def change_bridge_id(self, addr: bytes) -> None:
        """br_stp_change_bridge_id: the address, the bridge's own FDB entry and the id."""
        br_fdb.change_mac_address(self, addr, self.now)
        stp_if.change_bridge_id(self, addr)

    def set_mac(self, mac: bytes) -> None:
        """br_set_mac_address: a user-set address sticks (NET_ADDR_SET)."""
        if mac[0] & 1 or mac == ZERO_MAC:
            raise DeviceError("Cannot assign requested address", "EADDRNOTAVAIL")
        if mac != self.mac:
            self.change_bridge_id(mac)
        self.addr_assign_type = 3
        self.netns_notify("CHANGEADDR")

    @property
    def now(self) -> int:
        return self.netns.world.sched.now

    # -- ports (br_if.c) ----------------------------------------------------------------
    def add_port(self, dev: Device) -> None:
        """br_add_if."""
        if dev.master is self:
            return
        if dev.link_type != "ether" or dev.mac[0] & 1 or dev.mac == ZERO_MAC:
            raise DeviceError("Invalid argument", "EINVAL")
        if isinstance(dev, Bridge):
            raise DeviceError("Can not enslave a bridge to a bridge.", "ELOOP")
        if dev.master is not None or dev.rx_handler is not None:   # macvlans on it, say
            raise DeviceError("Device or resource busy", "EBUSY")
        used = {p.port_no for p in self.port_list}
        port_no = 1
        while port_no in used:
            port_no += 1
        port = BridgePort(self, dev, port_no)
        self.ports[dev] = port
        self.port_list.insert(0, port)
        dev.master = self
        dev.rx_handler = br_input.handle_frame
        dev.rx_handler_data = port
        br_fdb.add_local(self, port, dev.mac, self.now)
        changed = self.recalculate_bridge_id()
        if stp_if.port_usable(port) and self.admin_up:
            stp_if.enable_port(port)
        # from the first port on, carrier follows the ports and operstate is computed
        # (Linux 6.18: a bridge that got a forwarding port reports UP, not UNKNOWN)
        if not any(p.state == BR_STATE_FORWARDING for p in self.port_list):
            self.set_carrier(False)
        self.carrier_changed = True
        if changed:
            self.netns_notify("CHANGEADDR")
        self.update_mtu()
        self.netns_notify("CHANGEUPPER")

    def del_port(self, dev: Device) -> None:
        """br_del_if / del_nbp."""
        port = self.ports.get(dev)
        if port is None:
            raise DeviceError("Invalid argument", "EINVAL")
        stp_if.disable_port(port)
        self.port_list.remove(port)
        del self.ports[dev]
        br_fdb.delete_by_port(self, port, do_all=True)
        dev.master = None
        dev.rx_handler = None
        dev.rx_handler_data = None
        self.update_mtu()
        if self.recalculate_bridge_id():
            self.netns_notify("CHANGEADDR")
        self.netns_notify("CHANGEUPPER")

    def port_state_changed(self, port: BridgePort) -> None:
        """br_set_state's hook (rtnl notifications in the kernel); nothing to do yet."""

    # -- MTU (br_mtu_auto_adjust) --------------------------------------------------------
    def update_mtu(self) -> None:
        if self.mtu_set_by_user:
            return
        mtu = min((p.dev.mtu for p in self.port_list), default=1500)
        if mtu != self.mtu:
            self.mtu = mtu
            self.netns_notify("CHANGEMTU")

    def set_mtu(self, mtu: int) -> None:
        super().set_mtu(mtu)
        self.mtu_set_by_user = True

    # -- events of the ports (br_device_event) --------------------------------------------
    def lower_event(self, event: str, lower: Device) -> None:
        port = self.ports.get(lower)
        if port is None:
            return
        if event == "UP":
            if self.admin_up and stp_if.port_usable(port):
                stp_if.enable_port(port)
        elif event == "DOWN":
            if self.admin_up:
                stp_if.disable_port(port)
        elif event == "CHANGE":
            stp_if.carrier_check(port)
        elif event == "CHANGEADDR":
            br_fdb.changeaddr(self, port, lower.mac, self.now)
            if self.recalculate_bridge_id():
                self.netns_notify("CHANGEADDR")
        elif event == "CHANGEMTU":
            self.update_mtu()
        elif event == "UNREGISTER":
            self.del_port(lower)

    # -- bridge parameters (br_stp_if.c, br_ioctl.c, br_sysfs_br.c) -----------------------
    @property
    def ageing_time_cs(self) -> int:
        return self.fdb.ageing_ns // CS

    @property
    def forward_delay_cs(self) -> int:
        return self.forward_delay_ns // CS

    @property
    def hello_time_cs(self) -> int:
        return self.hello_time_ns // CS

    @property
    def max_age_cs(self) -> int:
        return self.max_age_ns // CS

    def set_ageing_time(self, centisecs: int) -> None:
        """br_set_ageing_time: takes effect at once (the collector runs now)."""
        self.bridge_ageing_ns = centisecs * CS
        self.fdb.ageing_ns = self.bridge_ageing_ns
        self.arm_gc(0)

    def set_forward_delay(self, centisecs: int) -> None:
        """br_set_forward_delay: the bridge's value, in use at once only on the root."""
        if self.stp_enabled and not MIN_FORWARD_DELAY_CS <= centisecs <= MAX_FORWARD_DELAY_CS:
            raise _range_error()
        stp_if.set_forward_delay(self, centisecs * CS)

    def set_hello_time(self, centisecs: int) -> None:
        """br_set_hello_time."""
        if not MIN_HELLO_CS <= centisecs <= MAX_HELLO_CS:
            raise _range_error()
        self.bridge_hello_time_ns = centisecs * CS
        if self.is_root_bridge:
            self.hello_time_ns = self.bridge_hello_time_ns

    def set_max_age(self, centisecs: int) -> None:
        """br_set_max_age."""
        if not MIN_MAX_AGE_CS <= centisecs <= MAX_MAX_AGE_CS:
            raise _range_error()
        self.bridge_max_age_ns = centisecs * CS
        if self.is_root_bridge:
            self.max_age_ns = self.bridge_max_age_ns

    def set_priority(self, prio: int) -> None:
        """br_stp_set_bridge_priority (a u16)."""
        stp_if.set_bridge_priority(self, prio & 0xFFFF)

    def set_stp(self, on: bool) -> None:
        stp_if.set_stp(self, on)

    def set_port_priority(self, port: BridgePort, prio: int) -> None:
        """br_stp_set_port_priority."""
        if not 0 <= prio <= BR_MAX_PORT_PRIORITY:
            raise _range_error()
        stp_if.set_port_priority(port, prio)

    def set_path_cost(self, port: BridgePort, cost: int) -> None:
        """br_stp_set_path_cost."""
        if not 1 <= cost <= 65535:
            raise _range_error()
        port.admin_cost = True
        stp_if.set_path_cost(port, cost)

    # -- device ------------------------------------------------------------------------
    def open(self) -> None:
        """br_dev_open: ports come up, the collector starts, snooper groups are joined."""
        stp_if.enable_bridge(self)
        self.arm_gc(GC_FIRST_DELAY_NS)
        if self.multicast_snooping and not self._snooping_joined:
            self._snooping_joined = True
            self._snoopers(join=True)

    def stop(self) -> None:
        """br_dev_stop."""
        stp_if.disable_bridge(self)
        if self._gc_timer is not None:
            self._gc_timer.cancel()
            self._gc_timer = None
        if self._snooping_joined:
            self._snooping_joined = False
            self._snoopers(join=False)

    def _snoopers(self, join: bool) -> None:
        """br_multicast_join_snoopers / leave: the groups are the namespace's IPv4 and
        IPv6 memberships (ip_mc_inc_group, ipv6_dev_mc_inc), reached through `ns.ipv6`
        since the link layer does not import the protocols; without them, the bare
        link-layer list."""
        v6 = getattr(self.netns, "ipv6", None)
        mc = getattr(v6, "mc", None)
        if mc is None:
            for mac in SNOOPER_MACS:
                if join and mac not in self.mc_list:
                    self.mc_list.append(mac)
                elif not join and mac in self.mc_list:
                    self.mc_list.remove(mac)
            return
        assert v6 is not None       # it has `mc`
        idev = v6.idevs.get(self)
        if join:
            mc.ip_mc_inc_group(self, SNOOPER_GROUP4)
            if idev is not None:
                idev.mc.inc(SNOOPER_GROUP6)
        else:
            mc.ip_mc_dec_group(self, SNOOPER_GROUP4)
            if idev is not None:
                idev.mc.dec(SNOOPER_GROUP6)

    def unregister(self) -> None:
        for port in list(self.port_list):
            self.del_port(port.dev)
        super().unregister()
        for timer in (self._gc_timer, self.topology_change_timer, self.hello_timer,
                      self.tcn_timer):
            if timer is not None:
                timer.cancel()

    def receive_bpdu(self, port: BridgePort, frame: bytes) -> None:
        """A frame to the bridge group address while STP is on (br_stp_rcv)."""
        stp_bpdu.receive(port, frame)

    def pass_frame_up(self, frame: bytes) -> None:
        """br_pass_frame_up: counted on the bridge (skb->len, past the Ethernet header)
        and received by its stack."""
        if self.rx_tap is not None:
            self.rx_tap(self, frame)
        tracer = self.netns.world.tracer
        if tracer is not None:
            tracer.br_up(self, frame)
        stats = self.stats
        stats.rx_packets += 1
        stats.rx_bytes += len(frame) - 14
        self.deliver_to_stack(frame)

    def xmit(self, frame: bytes) -> None:
        """br_dev_xmit: flood group and unknown addresses, else out of the entry's port."""
        self.xmit_nit(frame)
        stats = self.stats
        stats.tx_packets += 1
        stats.tx_bytes += wire_len(frame)
        dst = frame[:6]
        if dst[0] & 1:
            flood(self, frame, None)
            return
        entry = self.fdb.entries.get(dst)
        if entry is None:
            flood(self, frame, None)
        elif entry.port is not None:
            forward(self, entry.port, frame, None)

    # -- FDB garbage collection (br_fdb_cleanup as delayed work) ---------------------------
    def arm_gc(self, delay_ns: int | None = None) -> None:
        """(Re)schedule the collector; without a delay, only start it if it is idle."""
        if delay_ns is None:
            if self._gc_timer is not None:
                return
            delay_ns = 0
        if self._gc_timer is not None:
            self._gc_timer.cancel()
        self._gc_timer = self.netns.world.sched.call_later(delay_ns, self._gc_run)

    def _gc_run(self) -> None:
        self._gc_timer = None
        delay = self.fdb.cleanup(self.now)
        self._gc_timer = self.netns.world.sched.call_later(delay, self._gc_run)

    def gc_remaining(self) -> int:
        """Nanoseconds until the collector runs (brctl showstp's gc timer)."""
        return timer_remaining(self._gc_timer, self.now)


__all__ = ["Bridge", "BR_STATE_DISABLED", "BR_STATE_FORWARDING"]
