"""Packet capture: every frame each device sends and receives, one pcap file per interface.

`PcapRecorder(world, directory)` is what `vnet run --pcap DIR` installs: the equivalent of
a `tcpdump -i IFACE -w NETNS-IFACE.pcap` on every interface of every namespace, host
included (`host-eth0.pcap`, `red-veth0.pcap`), with timestamps from the virtual clock
(nanosecond pcap, vnet.wire.pcap). It sits where the kernel's packet taps do:
dev_queue_xmit_nit on transmit (before the driver may drop the frame) and the ptype_all
delivery of __netif_receive_skb on receive (before any rx handler, so bridge ports show
what arrives on them; a bridge device shows what it passes up to its own stack). On
`lo` a packet is recorded once, as an AF_PACKET socket sees it once.

Capture is a wrapper, not a flag: the recorder replaces `xmit` and `receive` on each
device instance (and `pass_frame_up` / `receive_tun` where a device has them), so with
no recorder the hot path is untouched. Devices created later are caught by a per-net
init hook (World.pernet_ops) for new namespaces and the netdevice notifier (REGISTER,
CHANGENAME) for new, moved or renamed devices; a renamed or moved interface continues
in a file named after its new name (the old file is removed at the end if it stayed
empty). TUN devices carry bare IP (LINKTYPE_RAW). `close()` flushes the files and
restores the devices.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from vnet.wire import pcap

if TYPE_CHECKING:
    from vnet.core.netns import Namespace
    from vnet.core.world import World
    from vnet.link.device import Device

LINKTYPE_RAW = 101
PCAP_HEADER_LEN = 24
#  device methods a frame passes through on its way in, besides receive()
_RX_METHODS = ("pass_frame_up", "receive_tun")


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
        self._wrapped: dict[int, tuple[Device, list[str]]] = {}
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
        if id(dev) in self._wrapped:
            return
        record = self._record
        names = ["xmit", "receive"]

        def xmit(frame: bytes, _xmit: Callable[[bytes], None] = dev.xmit) -> None:
            record(dev, frame)
            _xmit(frame)

        if dev.link_type == "loopback":
            def receive(frame: bytes, _rx: Callable[[bytes], None] = dev.receive) -> None:
                _rx(frame)            # lo: seen once, on the way out
        else:
            def receive(frame: bytes, _rx: Callable[[bytes], None] = dev.receive) -> None:
                if dev.admin_up:
                    record(dev, frame)
                _rx(frame)

        dev.xmit = xmit               # type: ignore[method-assign]
        dev.receive = receive         # type: ignore[method-assign]
        for name in _RX_METHODS:
            original = getattr(dev, name, None)
            if original is None:
                continue
            names.append(name)

            def rx(frame: bytes, _rx: Callable[[bytes], None] = original) -> None:
                record(dev, frame)
                _rx(frame)

            setattr(dev, name, rx)
        self._wrapped[id(dev)] = (dev, names)

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
        for dev, names in self._wrapped.values():
            for name in names:
                dev.__dict__.pop(name, None)
        self._wrapped.clear()
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
