"""The bridge forwarding database (net/bridge/br_fdb.c).

Maps a MAC address to the port it was last seen on. Entries are learned from the source
address of frames arriving on a port in learning or forwarding state (IEEE 802.1D-2004
7.8), refreshed by every frame, and removed by the garbage collector once they have not
been refreshed for the ageing time (7.9.2; Linux default 300 s). A bridge that never
ages (ageing time 0) never learns either: "some users want to always flood".

Entry kinds, as the kernel's BR_FDB_* flags combine them:

- local (BR_FDB_LOCAL|BR_FDB_STATIC): the bridge's and its ports' own addresses, and
  what `bridge fdb add ... permanent` adds; frames to them go up the bridge. A local
  entry with no port is the bridge device's own ("dev br0 master br0 permanent").
- static (BR_FDB_STATIC): `bridge fdb add ... static`; forwards, never ages.
- dynamic: learned, or added with `dynamic`; ages out.

The table is one list, newest first (fdb_create adds at the head of br->fdb_list), which
is the order `bridge fdb show` prints; here a dict in creation order, walked backwards.
Times are the scheduler's integer nanoseconds.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from vnet.link.bridge.bridge import Bridge
    from vnet.link.bridge.port import BridgePort

DEFAULT_AGEING_NS = 300 * 1_000_000_000
GC_MIN_DELAY_NS = 10_000_000          # br_fdb_cleanup: "minimum 10 milliseconds apart"
ZERO_MAC = b"\x00" * 6

#  what `bridge fdb add` asks for (iproute2 turns its keywords into these)
PERMANENT = "permanent"
STATIC = "static"
DYNAMIC = "dynamic"


class FdbError(Exception):
    """A refused `bridge fdb add/del`; errno_name is what rtnetlink answers."""

    def __init__(self, errno_name: str) -> None:
        super().__init__(errno_name)
        self.errno_name = errno_name


def is_valid_ether_addr(mac: bytes) -> bool:
    return not mac[0] & 1 and mac != ZERO_MAC


class FdbEntry:
    __slots__ = ("mac", "port", "is_local", "is_static", "added_by_user", "sticky", "updated",
                 "used")

    def __init__(self, mac: bytes, port: BridgePort | None, now: int, is_local: bool = False,
                 is_static: bool = False) -> None:
        self.mac = mac
        self.port = port            # None: the bridge device itself
        self.is_local = is_local
        self.is_static = is_static
        self.added_by_user = False
        self.sticky = False         # BR_FDB_STICKY: learning never moves it
        self.updated = now
        self.used = now

    def __repr__(self) -> str:
        where = self.port.dev.name if self.port is not None else "bridge"
        return f"<FdbEntry {self.mac.hex(':')} {where} {self.kind}>"

    @property
    def kind(self) -> str:
        if self.is_local:
            return PERMANENT
        return STATIC if self.is_static else DYNAMIC


class Fdb:
    def __init__(self) -> None:
        self.entries: dict[bytes, FdbEntry] = {}
        #  the hold time now in force: the bridge's ageing time, or twice the forward
        #  delay during an STP topology change (__br_set_topology_change)
        self.ageing_ns = DEFAULT_AGEING_NS

    def __len__(self) -> int:
        return len(self.entries)

    def get(self, mac: bytes) -> FdbEntry | None:
        return self.entries.get(mac)

    def newest_first(self) -> Iterator[FdbEntry]:
        """br->fdb_list order."""
        return reversed(list(self.entries.values()))

    # -- creation and removal -----------------------------------------------------------
    def create(self, mac: bytes, port: BridgePort | None, now: int, is_local: bool = False,
               is_static: bool = False) -> FdbEntry:
        entry = FdbEntry(mac, port, now, is_local, is_static)
        self.entries[mac] = entry
        return entry

    def insert_local(self, mac: bytes, port: BridgePort | None, now: int) -> None:
        """A local entry for `mac` unless one exists (the new bridge's own address)."""
        entry = self.entries.get(mac)
        if entry is not None:
            if entry.is_local:
                return
            del self.entries[mac]
        self.create(mac, port, now, is_local=True, is_static=True)

    def delete(self, entry: FdbEntry) -> None:
        if self.entries.get(entry.mac) is entry:
            del self.entries[entry.mac]

    def has_expired(self, entry: FdbEntry, now: int) -> bool:
        return not entry.is_static and entry.updated + self.ageing_ns <= now

    def nud_state(self, entry: FdbEntry, now: int) -> str:
        """fdb_to_nud, as `bridge fdb show` names it: permanent, static, stale or ''."""
        if entry.is_local:
            return "permanent"
        if entry.is_static:
            return "static"
        return "stale" if self.has_expired(entry, now) else ""

    # -- learning (br_fdb_update) -------------------------------------------------------
    def learn(self, mac: bytes, port: BridgePort, now: int) -> bool:
        """Learn `mac` behind `port`; True when an entry was created or moved."""
        if self.ageing_ns == 0:
            return False
        entry = self.entries.get(mac)
        if entry is None:
            self.entries[mac] = FdbEntry(mac, port, now)
            return True
        if entry.is_local:
            return False        # "received packet on X with own address as source"
        entry.updated = now
        if entry.port is not port and not entry.sticky:
            entry.port = port
            return True
        return False

    def delete_port(self, port: BridgePort, include_static: bool = True) -> None:
        """Forget what points at `port` (the dynamic entries only, unless include_static)."""
        for entry in list(self.entries.values()):
            if entry.port is port and (include_static or not entry.is_static):
                del self.entries[entry.mac]

    def flush_dynamic(self) -> None:
        for mac in [m for m, e in self.entries.items() if not e.is_static]:
            del self.entries[mac]

    # -- garbage collection (br_fdb_cleanup) --------------------------------------------
    def cleanup(self, now: int) -> int:
        """Delete what has aged out; return the delay until the next run."""
        hold = self.ageing_ns
        delay = hold
        for entry in list(self.entries.values()):
            if entry.is_static:
                continue
            due = entry.updated + hold
            if due > now:
                delay = min(delay, due - now)
            else:
                del self.entries[entry.mac]
        return max(delay, GC_MIN_DELAY_NS)


# -- operations that need the bridge (br_fdb.c functions taking a net_bridge) -----------

def add_local(br: Bridge, port: BridgePort | None, mac: bytes, now: int) -> None:
    """fdb_add_local: the first port with an address owns its local entry."""
    if not is_valid_ether_addr(mac):
        return
    fdb = br.fdb
    entry = fdb.get(mac)
    if entry is not None:
        if entry.is_local:
            return
        fdb.delete(entry)   # "adding interface with same address as a received packet"
    fdb.create(mac, port, now, is_local=True, is_static=True)


def delete_local(br: Bridge, port: BridgePort | None, entry: FdbEntry) -> None:
    """fdb_delete_local: hand the entry to another owner of the address, or delete it."""
    for other in br.port_list:
        if other is not port and other.dev.mac == entry.mac:
            entry.port = other
            entry.added_by_user = False
            return
    if port is not None and br.mac == entry.mac:
        entry.port = None
        entry.added_by_user = False
        return
    br.fdb.delete(entry)


def change_mac_address(br: Bridge, new: bytes, now: int) -> None:
    """br_fdb_change_mac_address: the bridge's own entry follows its address."""
    entry = br.fdb.get(br.mac)
    if entry is not None and entry.is_local and entry.port is None \
            and not entry.added_by_user:
        delete_local(br, None, entry)
    add_local(br, None, new, now)


def changeaddr(br: Bridge, port: BridgePort, new: bytes, now: int) -> None:
    """br_fdb_changeaddr: a port's address changed."""
    for entry in list(br.fdb.newest_first()):
        if entry.port is port and entry.is_local and not entry.added_by_user:
            delete_local(br, port, entry)
            break
    add_local(br, port, new, now)


def delete_by_port(br: Bridge, port: BridgePort, do_all: bool) -> None:
    """br_fdb_delete_by_port: all entries (port removed) or the dynamic ones (disabled)."""
    for entry in list(br.fdb.newest_first()):
        if entry.port is not port:
            continue
        if not do_all and entry.is_static:
            continue
        if entry.is_local:
            delete_local(br, port, entry)
        else:
            br.fdb.delete(entry)


def user_add(br: Bridge, port: BridgePort | None, mac: bytes, state: str, now: int,
             create: bool = True, exclusive: bool = True) -> None:
    """br_fdb_add -> fdb_add_entry: `bridge fdb add|replace MAC dev D master|self`."""
    from vnet.link.bridge.port import BR_STATE_FORWARDING, BR_STATE_LEARNING

    if mac == ZERO_MAC:
        raise FdbError("EINVAL")
    if port is not None and state == DYNAMIC and port.state not in (
            BR_STATE_LEARNING, BR_STATE_FORWARDING):
        raise FdbError("EPERM")          # the port cannot learn: local and static only
    if port is None and state != PERMANENT:
        raise FdbError("EINVAL")         # "RTM_NEWNEIGH br0 without NUD_PERMANENT"
    fdb = br.fdb
    entry = fdb.get(mac)
    if entry is None:
        if not create:
            raise FdbError("ENOENT")
        entry = fdb.create(mac, port, now)
    else:
        if exclusive:
            raise FdbError("EEXIST")
        entry.port = port
    entry.is_local = state == PERMANENT
    entry.is_static = state != DYNAMIC
    entry.added_by_user = True
    entry.used = now
    entry.updated = now


def user_delete(br: Bridge, port: BridgePort | None, mac: bytes) -> None:
    """fdb_delete_by_addr_and_port: `bridge fdb del MAC dev D master`."""
    entry = br.fdb.get(mac)
    if entry is None or entry.port is not port:
        raise FdbError("ENOENT")
    br.fdb.delete(entry)
