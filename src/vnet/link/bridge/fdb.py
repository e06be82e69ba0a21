"""The bridge forwarding database (net/bridge/br_fdb.c).

Maps a MAC address to the port it was last seen on. Entries are learned from the
source address of frames arriving on a port in learning or forwarding state
(IEEE 802.1D 7.8), refreshed on every frame, and aged out `ageing_time` after they
were last refreshed (kernel default 300 s, IEEE 802.1D 7.9.2). Local entries
(the bridge's and its ports' own addresses) never age and mean "deliver up the bridge".
Static entries added with `bridge fdb add` never age either.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from vnet.link.bridge.port import BridgePort

DEFAULT_AGEING_NS = 300 * 1_000_000_000


class FdbEntry:
    __slots__ = ("mac", "port", "is_local", "is_static", "updated", "used", "added_by_user")

    def __init__(self, mac: bytes, port: BridgePort | None, now: int, is_local: bool = False,
                 is_static: bool = False) -> None:
        self.mac = mac
        self.port = port            # None: the bridge device itself
        self.is_local = is_local
        self.is_static = is_static
        self.updated = now
        self.used = now
        self.added_by_user = False


class Fdb:
    def __init__(self) -> None:
        self.entries: dict[bytes, FdbEntry] = {}
        self.ageing_ns = DEFAULT_AGEING_NS

    def get(self, mac: bytes) -> FdbEntry | None:
        return self.entries.get(mac)

    def learn(self, mac: bytes, port: BridgePort, now: int) -> bool:
        """br_fdb_update: returns True when an entry was created or moved."""
        entry = self.entries.get(mac)
        if entry is None:
            self.entries[mac] = FdbEntry(mac, port, now)
            return True
        if entry.is_local or entry.is_static:
            return False
        moved = entry.port is not port
        entry.port = port
        entry.updated = now
        return moved

    def insert_local(self, mac: bytes, port: BridgePort | None, now: int) -> None:
        existing = self.entries.get(mac)
        if existing is not None and existing.is_local:
            return
        self.entries[mac] = FdbEntry(mac, port, now, is_local=True, is_static=True)

    def delete_local(self, mac: bytes, port: BridgePort | None) -> None:
        entry = self.entries.get(mac)
        if entry is not None and entry.is_local and entry.port is port:
            del self.entries[mac]

    def delete_port(self, port: BridgePort, include_static: bool = True) -> None:
        for mac in [m for m, e in self.entries.items() if e.port is port]:
            entry = self.entries[mac]
            if include_static or not (entry.is_static or entry.is_local):
                del self.entries[mac]

    def flush_dynamic(self) -> None:
        for mac in [m for m, e in self.entries.items() if not (e.is_local or e.is_static)]:
            del self.entries[mac]

    def expire(self, now: int) -> int | None:
        """br_fdb_cleanup: drop aged entries; return when the next one will age."""
        ageing = self.ageing_ns
        next_due: int | None = None
        for mac in list(self.entries):
            entry = self.entries[mac]
            if entry.is_local or entry.is_static:
                continue
            due = entry.updated + ageing
            if due <= now:
                del self.entries[mac]
            elif next_due is None or due < next_due:
                next_due = due
        return next_due
