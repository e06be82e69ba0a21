"""The Linux bridge device (net/bridge/br_device.c, br_if.c).

A bridge is a device with ports. Enslaving a device installs `input.handle_frame` as
its rx handler; the bridge's own xmit (br_dev_xmit) forwards what its local stack sends
by FDB lookup or floods it. The bridge takes the lowest port MAC unless the user set its
address (br_stp_recalculate_bridge_id), has carrier while any port forwards, and its
MTU follows the smallest port MTU unless set. Frames the bridge delivers locally go up
its own stack (br_pass_frame_up), counted on the bridge device.
"""

from __future__ import annotations

from vnet.core.sched import Timer
from vnet.link.bridge import input as br_input
from vnet.link.bridge.fdb import Fdb
from vnet.link.bridge.forward import flood, forward
from vnet.link.bridge.port import BR_STATE_DISABLED, BR_STATE_FORWARDING, BridgePort
from vnet.link.device import Device, DeviceError


class Bridge(Device):
    kind = "bridge"

    def __init__(self, name: str, mac: bytes) -> None:
        super().__init__(name, mac)
        self.ports: dict[Device, BridgePort] = {}
        self.port_list: list[BridgePort] = []
        self.fdb = Fdb()
        self.carrier = False
        self.stp_enabled = False
        self.group_fwd_mask = 0
        self.priority = 0x8000
        self.forward_delay_cs = 1500
        self.hello_time_cs = 200
        self.max_age_cs = 2000
        self.mtu_set_by_user = False
        self._ageing_timer: Timer | None = None

    # -- identity ---------------------------------------------------------------------
    @property
    def bridge_id(self) -> str:
        return f"{self.priority:04x}.{self.mac.hex()}"

    @property
    def ageing_time_cs(self) -> int:
        return self.fdb.ageing_ns // 10_000_000

    def set_ageing_time(self, centisecs: int) -> None:
        self.fdb.ageing_ns = centisecs * 10_000_000
        self._rearm_ageing()

    def recalculate_mac(self) -> None:
        """br_stp_recalculate_bridge_id: lowest port MAC unless the user set one."""
        if self.addr_assign_type == 3 or not self.port_list:
            return
        lowest = min(p.dev.mac for p in self.port_list)
        if lowest != self.mac:
            now = self.netns.world.sched.now
            self.fdb.delete_local(self.mac, None)
            self.mac = lowest
            self.fdb.insert_local(lowest, None, now)
            self.netns_notify("CHANGEADDR")

    def set_mac(self, mac: bytes) -> None:
        now = self.netns.world.sched.now
        self.fdb.delete_local(self.mac, None)
        super().set_mac(mac)
        self.fdb.insert_local(mac, None, now)

    # -- ports (br_if.c) ----------------------------------------------------------------
    def add_port(self, dev: Device) -> None:
        if dev is self:
            raise DeviceError("Can not enslave a bridge to itself.", "ELOOP")
        if dev.master is not None:
            if dev.master is self:
                return
            raise DeviceError("Device is already enslaved to another master", "EBUSY")
        if dev.link_type != "ether":
            raise DeviceError("Device does not allow enslaving to a bridge.", "EINVAL")
        if isinstance(dev, Bridge):
            raise DeviceError("Can not enslave a bridge to a bridge.", "ELOOP")
        port_no = 1
        used = {p.port_no for p in self.port_list}
        while port_no in used:
            port_no += 1
        port = BridgePort(self, dev, port_no)
        self.ports[dev] = port
        self.port_list.append(port)
        self.port_list.sort(key=lambda p: p.port_no)
        dev.master = self
        dev.rx_handler = br_input.handle_frame
        dev.rx_handler_data = port
        dev.promisc += 1
        now = self.netns.world.sched.now
        self.fdb.insert_local(dev.mac, port, now)
        self.recalculate_mac()
        self.update_mtu()
        self.port_state_selection()
        self.netns_notify("CHANGEUPPER")

    def del_port(self, dev: Device) -> None:
        port = self.ports.pop(dev)
        self.port_list.remove(port)
        dev.master = None
        dev.rx_handler = None
        dev.rx_handler_data = None
        dev.promisc -= 1
        self.fdb.delete_port(port)
        self.recalculate_mac()
        self.update_mtu()
        self.port_state_selection()
        self.netns_notify("CHANGEUPPER")

    def update_mtu(self) -> None:
        if self.port_list and not self.mtu_set_by_user:
            mtu = min(p.dev.mtu for p in self.port_list)
            if mtu != self.mtu:
                self.mtu = mtu
                self.netns_notify("CHANGEMTU")

    def set_mtu(self, mtu: int) -> None:
        super().set_mtu(mtu)
        self.mtu_set_by_user = True

    def lower_event(self, event: str, lower: Device) -> None:
        port = self.ports.get(lower)
        if port is None:
            return
        if event in ("UP", "DOWN", "CHANGE"):
            self.port_state_selection()
        elif event == "CHANGEADDR":
            now = self.netns.world.sched.now
            for mac, entry in list(self.fdb.entries.items()):
                if entry.is_local and entry.port is port:
                    del self.fdb.entries[mac]
            self.fdb.insert_local(lower.mac, port, now)
            self.recalculate_mac()
        elif event == "CHANGEMTU":
            self.update_mtu()
        elif event == "UNREGISTER":
            self.del_port(lower)

    def port_state_selection(self) -> None:
        """With STP off: forwarding iff bridge up and port up with carrier."""
        any_forwarding = False
        for port in self.port_list:
            usable = self.admin_up and port.dev.running
            new = BR_STATE_FORWARDING if usable else BR_STATE_DISABLED
            if new != port.state:
                port.state = new
                if new == BR_STATE_DISABLED:
                    self.fdb.delete_port(port, include_static=False)
            any_forwarding |= port.state == BR_STATE_FORWARDING
        self.set_carrier(any_forwarding)

    # -- device ------------------------------------------------------------------------
    def open(self) -> None:
        self.port_state_selection()

    def stop(self) -> None:
        self.port_state_selection()

    def unregister(self) -> None:
        for port in list(self.port_list):
            self.del_port(port.dev)
        if self._ageing_timer is not None:
            self._ageing_timer.cancel()
        super().unregister()

    def receive_bpdu(self, port: BridgePort, frame: bytes) -> None:
        """STP is not implemented yet; with STP on, BPDUs are consumed and counted."""
        self.netns.drop("BRIDGE_BPDU_IGNORED")

    def pass_frame_up(self, frame: bytes) -> None:
        """br_pass_frame_up: the frame enters the stack as received by the bridge."""
        if not self.admin_up:
            return
        stats = self.stats
        stats.rx_packets += 1
        stats.rx_bytes += len(frame)
        if frame[0] & 1:
            stats.multicast += 1
        self.deliver_to_stack(frame)

    def xmit(self, frame: bytes) -> None:
        """br_dev_xmit: forward by FDB lookup, flood otherwise."""
        stats = self.stats
        stats.tx_packets += 1
        stats.tx_bytes += len(frame)
        dst = frame[:6]
        if dst[0] & 1:
            flood(self, frame, None)
            return
        entry = self.fdb.entries.get(dst)
        if entry is None or entry.is_local:
            if entry is None:
                flood(self, frame, None)
            return
        entry.used = self.netns.world.sched.now
        forward(self, entry.port, frame, None)

    # -- ageing (br_fdb_cleanup as a timer) ----------------------------------------------
    def arm_ageing(self) -> None:
        if self._ageing_timer is None:
            self._rearm_ageing()

    def _rearm_ageing(self) -> None:
        if self._ageing_timer is not None:
            self._ageing_timer.cancel()
            self._ageing_timer = None
        sched = self.netns.world.sched
        due = self.fdb.expire(sched.now)
        if due is not None:
            self._ageing_timer = sched.call_at(due, self._ageing_fire)

    def _ageing_fire(self) -> None:
        self._ageing_timer = None
        self._rearm_ageing()


__all__ = ["Bridge", "BR_STATE_DISABLED", "BR_STATE_FORWARDING"]
