"""Multicast group memberships of devices and the link-layer list they load (state only).

Three lists, as the kernel keeps them:

* `dev.mc_list`: the device's link-layer multicast addresses (dev->mc,
  net/core/dev_addr_lists.c), in insertion order with a reference count each
  (kept in `McState.hw`); `bridge fdb show` prints them as `self permanent`
  entries and `ip maddr` as `link` lines. Only Ethernet-type devices map groups to
  MACs (ndisc_mc_map / arp_mc_map refuse loopback and tun).
* the IPv6 groups of an inet6 device (net/ipv6/mcast.c): ff01::1 and ff02::1 from
  registration, the solicited-node group of each address, the all-routers groups
  while forwarding. A group whose scope is below link-local (ff01::) is never
  loaded onto the link. ipv6_mc_down unloads every group, ipv6_mc_up loads them back.
* the IPv4 groups of a device (net/ipv4/igmp.c), here only what ip_mc_up/ip_mc_down
  do: 224.0.0.1 (01:00:5e:00:00:01) while the device is up, plus any group another
  layer joins (a bridge's 224.0.0.106) with `ip_mc_inc_group`.

Known deviation: no MLD or IGMP report is ever sent; memberships are state only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from vnet.net import ipv6_addr as A

if TYPE_CHECKING:
    from vnet.link.device import Device

IGMP_ALL_HOSTS = 0xE0000001


class Group:
    """One membership (ifmcaddr6 / ip_mc_list): address, users, loaded onto dev->mc."""

    __slots__ = ("addr", "users", "loaded")

    def __init__(self, addr: int) -> None:
        self.addr = addr
        self.users = 1
        self.loaded = False


class McState:
    """The per-namespace book-keeping: link-layer refcounts and IPv4 groups by device."""

    def __init__(self) -> None:
        self.hw: dict[Device, dict[bytes, int]] = {}
        self.in4: dict[Device, list[Group]] = {}

    # -- dev->mc (dev_mc_add / dev_mc_del) ---------------------------------------------------
    def dev_mc_add(self, dev: Device, mac: bytes) -> None:
        refs = self.hw.setdefault(dev, {})
        if mac in refs:
            refs[mac] += 1
            return
        refs[mac] = 1
        dev.mc_list.append(mac)

    def dev_mc_del(self, dev: Device, mac: bytes) -> None:
        refs = self.hw.get(dev)
        if not refs or mac not in refs:
            return
        refs[mac] -= 1
        if refs[mac] == 0:
            del refs[mac]
            dev.mc_list.remove(mac)

    def dev_mc_flush(self, dev: Device) -> None:
        """dev_mc_flush, done when a device leaves its namespace."""
        self.hw.pop(dev, None)
        dev.mc_list.clear()
        self.in4.pop(dev, None)

    def users(self, dev: Device, mac: bytes) -> int:
        return self.hw.get(dev, {}).get(mac, 0)

    # -- IPv4 groups (igmp.c) -------------------------------------------------------------------
    def _in4_load(self, dev: Device, group: Group) -> None:
        if not group.loaded:
            group.loaded = True
            if dev.link_type == "ether":
                self.dev_mc_add(dev, ip_mc_map(group.addr))

    def _in4_unload(self, dev: Device, group: Group) -> None:
        if group.loaded:
            group.loaded = False
            if dev.link_type == "ether":
                self.dev_mc_del(dev, ip_mc_map(group.addr))

    def ip_mc_inc_group(self, dev: Device, addr: int) -> None:
        groups = self.in4.setdefault(dev, [])
        for group in groups:
            if group.addr == addr:
                group.users += 1
                return
        group = Group(addr)
        groups.insert(0, group)
        self._in4_load(dev, group)

    def ip_mc_dec_group(self, dev: Device, addr: int) -> None:
        groups = self.in4.get(dev, [])
        for group in groups:
            if group.addr == addr:
                group.users -= 1
                if group.users == 0:
                    groups.remove(group)
                    self._in4_unload(dev, group)
                return

    def ip_mc_up(self, dev: Device) -> None:
        self.ip_mc_inc_group(dev, IGMP_ALL_HOSTS)
        for group in self.in4.get(dev, []):
            self._in4_load(dev, group)

    def ip_mc_down(self, dev: Device) -> None:
        for group in self.in4.get(dev, []):
            self._in4_unload(dev, group)
        self.ip_mc_dec_group(dev, IGMP_ALL_HOSTS)

    def inet_groups(self, dev: Device) -> list[Group]:
        """The IPv4 groups of a device, newest first (as `ip maddr` lists them)."""
        return list(self.in4.get(dev, ()))


def ip_mc_map(group: int) -> bytes:
    """ip_eth_mc_map: 01:00:5e and the low 23 bits of the group (RFC 1112 6.4)."""
    return b"\x01\x00\x5e" + (group & 0x7FFFFF).to_bytes(3, "big")


# -- IPv6 groups of an inet6 device (mcast.c) ---------------------------------------------------
class Mc6List:
    """idev->mc_list: newest first; loads groups of link scope and wider onto dev->mc."""

    def __init__(self, dev: Device, hw: McState) -> None:
        self.dev = dev
        self.hw = hw
        self.groups: list[Group] = []

    def _maps(self, group: Group) -> bool:
        return A.mc_scope(group.addr) >= A.SCOPE_LINKLOCAL and self.dev.link_type == "ether"

    def group_added(self, group: Group) -> None:
        """igmp6_group_added."""
        if A.mc_scope(group.addr) < A.SCOPE_LINKLOCAL or group.loaded:
            return
        group.loaded = True
        if self._maps(group):
            self.hw.dev_mc_add(self.dev, A.multicast_mac(group.addr))

    def group_dropped(self, group: Group) -> None:
        """igmp6_group_dropped."""
        if not group.loaded:
            return
        group.loaded = False
        if self._maps(group):
            self.hw.dev_mc_del(self.dev, A.multicast_mac(group.addr))

    def inc(self, addr: int) -> None:
        """ipv6_dev_mc_inc: join (or count one more user of) a group."""
        for group in self.groups:
            if group.addr == addr:
                group.users += 1
                return
        group = Group(addr)
        self.groups.insert(0, group)
        self.group_added(group)

    def dec(self, addr: int) -> None:
        """ipv6_dev_mc_dec."""
        for group in self.groups:
            if group.addr == addr:
                group.users -= 1
                if group.users == 0:
                    self.groups.remove(group)
                    self.group_dropped(group)
                return

    def up(self) -> None:
        """ipv6_mc_up."""
        for group in self.groups:
            self.group_added(group)

    def down(self) -> None:
        """ipv6_mc_down."""
        for group in self.groups:
            self.group_dropped(group)

    def destroy(self) -> None:
        """ipv6_mc_destroy_dev."""
        self.down()
        self.groups.clear()
