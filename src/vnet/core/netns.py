"""A network namespace: its devices, interface indexes, sysctls and per-net state.

Mirrors `struct net`: devices by index and by name, the cyclic ifindex allocator of
`dev_index_reserve()` (a moved device keeps its index where it is free), netnsids
(`peernet2id_alloc`) that `ip link` prints as `link-netnsid N`, and the sysctl tree
under net.*. Protocol state (the IPv4 stack, neighbour tables, sockets) is attached by
the higher layers' per-net init, as the kernel's `pernet_operations` do.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from vnet.core.sysctl import SysctlTree

if TYPE_CHECKING:
    from vnet.core.world import World
    from vnet.link.device import Device

IFINDEX_MAX = 2**31 - 1


class Namespace:
    def __init__(self, world: World, name: str | None) -> None:
        self.world = world
        self.name = name
        self.serial = world.next_ns_serial()
        self.by_index: dict[int, Device] = {}
        self.by_name: dict[str, Device] = {}
        self._ifindex_hint = 1
        self.netnsids: dict[int, int] = {}  # other namespace serial -> id
        self.sysctl = SysctlTree()
        #  EtherType -> handler(dev, frame_bytes); filled by the protocols' per-net init
        self.ptype: dict[int, Callable[[Device, bytes], None]] = {}
        self.drops: dict[str, int] = {}
        #  netdevice notifier chain: (event, dev) -> None, event in UP, DOWN, CHANGE,
        #  CHANGEADDR, CHANGEMTU, CHANGENAME, REGISTER, UNREGISTER, CHANGEUPPER
        self.notifiers: list[Callable[[str, Device], None]] = []
        self.ipv4: Any = None  # vnet.net.stack.Ipv4Stack, attached by per-net init
        self.ipv6: Any = None  # vnet.net.addrconf.Ipv6State, attached by per-net init
        self.alive = True
        #  pernet exit work of the higher layers (vxlan devices made here die with it)
        self.exit_hooks: list[Callable[[], None]] = []
        self.vxlan_net: Any = None  # vnet.net.udp_tunnel.VxlanNet, made on first use
        for init in world.pernet_ops:
            init(self)

    def __repr__(self) -> str:
        return f"<Namespace {self.name or '(init)'}>"

    @property
    def label(self) -> str:
        """A name for messages and traces."""
        return self.name if self.name is not None else "(host)"

    # -- interface indexes (net/core/dev.c: dev_index_reserve) ----------------------
    def reserve_ifindex(self, wanted: int = 0) -> int:
        if wanted:
            if wanted in self.by_index:
                raise ValueError("ifindex in use")
            return wanted
        index = self._ifindex_hint
        while index in self.by_index:
            index = index + 1 if index < IFINDEX_MAX else 1
        self._ifindex_hint = index + 1
        return index

    def register(self, dev: Device, ifindex: int = 0) -> None:
        """Attach a device to this namespace (register_netdevice / dev_change_net_namespace)."""
        if ifindex and ifindex in self.by_index:
            ifindex = 0
        dev.ifindex = self.reserve_ifindex(ifindex)
        dev.netns = self
        dev.world = self.world
        dev.sched = self.world.sched
        self.by_index[dev.ifindex] = dev
        self.by_name[dev.name] = dev
        self.sysctl.add_device(dev.name)
        self.notify("REGISTER", dev)

    def unregister(self, dev: Device) -> None:
        del self.by_index[dev.ifindex]
        del self.by_name[dev.name]
        self.sysctl.remove_device(dev.name)

    def rename(self, dev: Device, new: str) -> None:
        del self.by_name[dev.name]
        self.sysctl.rename_device(dev.name, new)
        dev.name = new
        self.by_name[new] = dev

    def devices(self) -> list[Device]:
        return [self.by_index[i] for i in sorted(self.by_index)]

    def get(self, name: str) -> Device | None:
        return self.by_name.get(name)

    def notify(self, event: str, dev: Device) -> None:
        for notifier in self.notifiers:
            notifier(event, dev)
        if event != "REGISTER":
            self.link_netnsid(dev)

    def link_netnsid(self, dev: Device) -> int | None:
        """IFLA_LINK_NETNSID of `dev` as an RTM_NEWLINK built here carries it: the id of
        the namespace of its link (a veth's peer), allocated on first use
        (rtnl_fill_link_netnsid -> peernet2id_alloc). None when the link is local."""
        link_net = dev.link_net()
        if link_net is None or link_net is self:
            return None
        return self.peer_id(link_net)

    # -- netnsid (net/core/net_namespace.c: peernet2id_alloc) ------------------------
    def peer_id(self, other: Namespace, alloc: bool = True) -> int | None:
        nid = self.netnsids.get(other.serial)
        if nid is None and alloc:
            used = set(self.netnsids.values())
            nid = 0
            while nid in used:
                nid += 1
            self.netnsids[other.serial] = nid
        return nid

    # -- drops -----------------------------------------------------------------------
    def drop(self, reason: str, where: str | None = None, data: Any = None,
             dev: Device | None = None, l2: bool = False) -> None:
        """Count a drop under its SKB_DROP_REASON_* style name (kfree_skb_reason) and, when
        tracing, record it in its packet's journey: `where` is the stage or place (default:
        the reason's usual one), `data` the dropped packet (an IPv4 datagram's bytes or a
        parsed one, or with `l2` a frame of `dev`), `dev` the device it was on. Without
        data the trace attributes the drop to the frame being received, if any."""
        self.drops[reason] = self.drops.get(reason, 0) + 1
        tracer = self.world.tracer
        if tracer is not None:
            tracer.drop(self, reason, where, data, dev, l2)

    def destroy(self) -> None:
        """Tear down as cleanup_net does: virtual devices die, veth peers with them, and
        every other namespace forgets the id it had for this one."""
        self.alive = False
        for hook in self.exit_hooks:
            hook()
        for other in self.world.all_namespaces():
            other.netnsids.pop(self.serial, None)
        for dev in list(self.devices()):
            if self.by_index.get(dev.ifindex) is dev:   # a veth goes with its peer
                dev.on_netns_destroy()
