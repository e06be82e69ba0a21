"""Packet capture: every frame each device sends and receives, one pcap file per interface.

`PcapRecorder(world, directory)` is what `vnet run --pcap DIR` installs: the equivalent of
a `tcpdump -i IFACE -w NETNS-IFACE.pcap` on every interface of every namespace, host
included (`host-eth0.pcap`, `red-veth0.pcap`), with timestamps from the virtual clock
(nanosecond pcap, vnet.wire.pcap). It sits where the kernel's packet taps do:
dev_queue_xmit_nit on transmit (before the driver may drop the frame) and the ptype_all
delivery of __netif_receive_skb on receive (before any rx handler, so bridge ports show
what arrives on them; a bridge device shows what it passes up to its own stack). On
`lo` a packet is recorded once, as an AF_PACKET socket sees it once.

The recorder sets each device's packet taps (`tx_tap`, `rx_tap`: the kernel's
dev_queue_xmit_nit and ptype_all), which every xmit and receive path of every device
kind calls first; with no recorder they are None and cost one test. Devices created
later are caught by a per-net init hook (World.pernet_ops) for new namespaces and the
netdevice notifier (REGISTER, CHANGENAME) for new, moved or renamed devices; a renamed
or moved interface continues in a file named after its new name (the old file is removed
at the end if it stayed empty). TUN devices carry bare IP (LINKTYPE_RAW). `close()`
flushes the files and removes the taps.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from vnet.wire import pcap

if TYPE_CHECKING:
    from vnet.core.netns import Namespace
    from vnet.core.world import World
    from vnet.link.device import Device

LINKTYPE_RAW = 101
PCAP_HEADER_LEN = 24


def file_name(dev: Device) -> str:
    """`<netns>-<ifname>.pcap`, `host-<ifname>.pcap` for the initial namespace."""
    ns = dev.netns
    owner = ns.name if ns is not None and ns.name is not None else "host"
    return f"{owner}-{dev.name}.pcap"


class PcapRecorder:
    def __init__(self, world: World, directory: str | Path,
                 snaplen: int = pcap.DEFAULT_SNAPLEN) -> None:
        self.world = world
        self.directory = Path(directory)
        self.snaplen = snaplen
        self.directory.mkdir(parents=True, exist_ok=True)
        self._files: dict[str, BinaryIO] = {}
        self._handles: dict[tuple[Namespace, str], BinaryIO] = {}   # per-frame lookup
        self._tapped: dict[int, Device] = {}       # id -> device
        self._namespaces: list[Namespace] = []
        self.closed = False
        self.frames = 0
        for ns in world.all_namespaces():
            self._attach_ns(ns)
        world.pernet_ops = (*world.pernet_ops, self._attach_ns)

    # -- hooks -----------------------------------------------------------------------------
    def _attach_ns(self, ns: Namespace) -> None:
        """Per-net init: capture what the namespace has, and what it will get."""
        if self.closed:
            return
        ns.notifiers.append(self._netdev_event)
        self._namespaces.append(ns)
        for dev in ns.devices():
            self._attach(dev)

    def _netdev_event(self, event: str, dev: Device) -> None:
        if event in ("REGISTER", "CHANGENAME") and not self.closed:
            self._attach(dev)

    def _attach(self, dev: Device) -> None:
        self._file(dev)
        if id(dev) in self._tapped:
            return
        self._tapped[id(dev)] = dev
        dev.tx_tap = self._record
        if dev.link_type != "loopback":     # lo: seen once, on the way out
            dev.rx_tap = self._record

    # -- files -----------------------------------------------------------------------------
    def _file(self, dev: Device) -> BinaryIO:
        name = file_name(dev)
        handle = self._files.get(name)
        if handle is None:
            handle = open(self.directory / name, "wb")  # noqa: SIM115 (closed by close())
            linktype = pcap.LINKTYPE_ETHERNET if dev.header_len else LINKTYPE_RAW
            handle.write(pcap.file_header(linktype, self.snaplen))
            self._files[name] = handle
        return handle

    def _record(self, dev: Device, frame: bytes) -> None:
        self.frames += 1
        key = (dev.netns, dev.name)
        handle = self._handles.get(key)
        if handle is None:
            handle = self._handles[key] = self._file(dev)
        handle.write(pcap.record(self.world.sched.now, frame, self.snaplen))

    def paths(self) -> list[Path]:
        return sorted(self.directory / name for name in self._files)

    def close(self) -> None:
        """Flush every file and give the devices their own methods back."""
        if self.closed:
            return
        self.closed = True
        for dev in self._tapped.values():
            dev.tx_tap = dev.rx_tap = None
        self._tapped.clear()
        for ns in self._namespaces:
            if self._netdev_event in ns.notifiers:
                ns.notifiers.remove(self._netdev_event)
        self.world.pernet_ops = tuple(op for op in self.world.pernet_ops
                                      if op != self._attach_ns)
        live = {file_name(dev) for ns in self.world.all_namespaces() for dev in ns.devices()}
        for name, handle in self._files.items():
            empty = handle.tell() <= PCAP_HEADER_LEN
            handle.close()
            if empty and name not in live:   # an interface that moved or was renamed
                (self.directory / name).unlink(missing_ok=True)
