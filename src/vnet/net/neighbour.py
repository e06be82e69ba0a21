"""The neighbour table and its state machine (net/core/neighbour.c), used by ARP.

States and timers are the kernel's: a new entry is INCOMPLETE and sends up to
mcast_solicit broadcast probes one retrans_time (1 s) apart, then FAILED (queued packets
get ICMP host unreachable, RFC 1122 2.3.2.2). A confirmed entry is REACHABLE for a random
reachable_time in [base/2, 3*base/2) (base 30 s, RFC 4861 6.3.2 style), then STALE;
using a STALE entry moves it to DELAY, which after delay_first_probe_time (5 s) without
confirmation becomes PROBE: ucast_solicit unicast probes, then FAILED. The probe counter
arithmetic follows neigh_probe()/neigh_max_probes() so the number and kind of ARP
requests match Linux exactly. PERMANENT and NOARP entries are static.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from vnet.core.sched import NS_PER_MS, NS_PER_SEC, Timer

if TYPE_CHECKING:
    from vnet.core.netns import Namespace
    from vnet.link.device import Device

NUD_INCOMPLETE = 0x01
NUD_REACHABLE = 0x02
NUD_STALE = 0x04
NUD_DELAY = 0x08
NUD_PROBE = 0x10
NUD_FAILED = 0x20
NUD_NOARP = 0x40
NUD_PERMANENT = 0x80
NUD_NONE = 0x00

NUD_VALID = NUD_PERMANENT | NUD_NOARP | NUD_REACHABLE | NUD_PROBE | NUD_STALE | NUD_DELAY
NUD_CONNECTED = NUD_PERMANENT | NUD_NOARP | NUD_REACHABLE
NUD_IN_TIMER = NUD_INCOMPLETE | NUD_REACHABLE | NUD_DELAY | NUD_PROBE
#  states in which output sends at once and leaves the entry as it is
NUD_SENDS = NUD_CONNECTED | NUD_DELAY | NUD_PROBE

STATE_NAMES = {
    NUD_INCOMPLETE: "INCOMPLETE", NUD_REACHABLE: "REACHABLE", NUD_STALE: "STALE",
    NUD_DELAY: "DELAY", NUD_PROBE: "PROBE", NUD_FAILED: "FAILED", NUD_NOARP: "NOARP",
    NUD_PERMANENT: "PERMANENT", NUD_NONE: "NONE",
}

UNRES_QLEN = 101  # unres_qlen_bytes 212992 holds about this many ping-sized skbs


class NeighParms:
    """neigh_parms, read from the namespace's net.ipv4.neigh.default.* sysctls."""

    def __init__(self, ns: Namespace) -> None:
        s = ns.sysctl
        self.mcast_probes = s.get_int("net.ipv4.neigh.default.mcast_solicit")
        self.ucast_probes = s.get_int("net.ipv4.neigh.default.ucast_solicit")
        self.app_probes = 0
        self.mcast_reprobes = 0
        self.retrans_time = s.get_int("net.ipv4.neigh.default.retrans_time_ms") * NS_PER_MS
        self.base_reachable = s.get_int("net.ipv4.neigh.default.base_reachable_time_ms") * NS_PER_MS
        self.delay_probe_time = s.get_int("net.ipv4.neigh.default.delay_first_probe_time") * NS_PER_SEC


class Neighbour:
    __slots__ = ("table", "dev", "key", "lladdr", "state", "probes", "queue", "timer", "updated",
                 "confirmed", "used", "is_router")

    def __init__(self, table: NeighTable, dev: Device, key: int, now: int) -> None:
        self.table = table
        self.dev = dev
        self.key = key
        self.lladdr: bytes | None = None
        self.state = NUD_NONE
        self.probes = 0
        self.queue: list[bytes] = []
        self.timer: Timer | None = None
        self.updated = now
        self.confirmed = now - 1 - table.parms.base_reachable  # not confirmed yet
        self.used = now
        self.is_router = False

    @property
    def state_name(self) -> str:
        return STATE_NAMES.get(self.state, "NONE")


class NeighTable:
    """One protocol's table (arp_tbl) in one namespace.

    `solicit(neigh, queued_packet_or_None, probes_before)` sends a probe;
    `send(dev, lladdr, packet)` transmits a packet once resolved;
    `error_report(neigh, packet)` reports a packet that could not be resolved.
    """

    def __init__(self, ns: Namespace, solicit: Callable[[Neighbour, bytes | None, int], None],
                 send: Callable[[Device, bytes, bytes], None],
                 error_report: Callable[[Neighbour, bytes], None]) -> None:
        self.ns = ns
        self.sched = ns.world.sched
        self.parms = NeighParms(ns)
        self.entries: dict[tuple[Device, int], Neighbour] = {}
        #  the same entries as key -> {device: entry}: the output path's lookup, as an int
        #  and an object hash much faster than a tuple (create/delete keep both)
        self.by_key: dict[int, dict[Device, Neighbour]] = {}
        self.solicit = solicit
        self.send_resolved = send
        self.error_report = error_report
        self.reachable_time = self.rand_reach_time()

    def rand_reach_time(self) -> int:
        """neigh_rand_reach_time: uniform in [base/2, 3*base/2)."""
        base = self.parms.base_reachable
        return base // 2 + int(self.ns.world.rng.random() * base) if base else 0

    # -- lookup / create ------------------------------------------------------------
    def lookup(self, dev: Device, key: int) -> Neighbour | None:
        devs = self.by_key.get(key)
        return devs.get(dev) if devs is not None else None

    def create(self, dev: Device, key: int) -> Neighbour:
        entry = self.lookup(dev, key)
        if entry is None:
            entry = Neighbour(self, dev, key, self.sched.now)
            self.entries[(dev, key)] = entry
            self.by_key.setdefault(key, {})[dev] = entry
        return entry

    def delete(self, entry: Neighbour) -> None:
        self._del_timer(entry)
        entry.queue.clear()
        if self.entries.get((entry.dev, entry.key)) is entry:
            del self.entries[(entry.dev, entry.key)]
            devs = self.by_key[entry.key]
            del devs[entry.dev]
            if not devs:
                del self.by_key[entry.key]

    def flush_dev(self, dev: Device | None, keep_permanent: bool = True) -> None:
        """neigh_flush_dev: on link down, carrier loss, unregister or `ip neigh flush`."""
        for entry in list(self.entries.values()):
            if dev is not None and entry.dev is not dev:
                continue
            if keep_permanent and entry.state & (NUD_PERMANENT | NUD_NOARP):
                continue
            self.delete(entry)

    # -- timers -----------------------------------------------------------------------
    def _del_timer(self, entry: Neighbour) -> None:
        if entry.timer is not None:
            entry.timer.cancel()
            entry.timer = None

    def _add_timer(self, entry: Neighbour, when: int) -> None:
        self._del_timer(entry)
        entry.timer = self.sched.call_at(when, self._timer_handler, entry)

    def max_probes(self, entry: Neighbour) -> int:
        p = self.parms
        probes = p.ucast_probes + p.app_probes
        if entry.state & NUD_PROBE:
            return probes + p.mcast_reprobes
        return probes + p.mcast_probes

    def _probe(self, entry: Neighbour) -> None:
        """neigh_probe: solicit with the last queued packet, then count the probe."""
        queued = entry.queue[-1] if entry.queue else None
        tracer = self.ns.world.tracer
        if tracer is not None:
            tracer.neigh_probe(entry, queued)
        self.solicit(entry, queued, entry.probes)
        entry.probes += 1

    def _timer_handler(self, entry: Neighbour) -> None:
        entry.timer = None
        now = self.sched.now
        p = self.parms
        state = entry.state
        next_due = now + p.retrans_time
        if state & NUD_REACHABLE:
            if now < entry.confirmed + self.reachable_time:
                next_due = entry.confirmed + self.reachable_time
            elif now < entry.used + p.delay_probe_time:
                entry.state = NUD_DELAY
                entry.updated = now
                next_due = now + p.delay_probe_time
            else:
                entry.state = NUD_STALE
                entry.updated = now
                return
        elif state & NUD_DELAY:
            if now < entry.confirmed + p.delay_probe_time:
                entry.state = NUD_REACHABLE
                entry.updated = now
                next_due = entry.confirmed + self.reachable_time
            else:
                entry.state = NUD_PROBE
                entry.updated = now
                entry.probes = 0
                next_due = now + max(p.retrans_time, NS_PER_SEC // 100)
        else:
            next_due = now + max(p.retrans_time, NS_PER_SEC // 100)
        if entry.state & (NUD_INCOMPLETE | NUD_PROBE) and entry.probes >= self.max_probes(entry):
            tracer = self.ns.world.tracer
            if tracer is not None:
                tracer.neigh_failed(entry)
            entry.state = NUD_FAILED
            entry.updated = now
            self._invalidate(entry)
            return
        if entry.state & NUD_IN_TIMER:
            self._add_timer(entry, next_due)
        if entry.state & (NUD_INCOMPLETE | NUD_PROBE):
            self._probe(entry)

    def _invalidate(self, entry: Neighbour) -> None:
        """neigh_invalidate: every queued packet gets an error report, then is dropped."""
        queue, entry.queue = entry.queue, []
        for packet in queue:
            self.ns.drop("NEIGH_FAILED", None, packet, entry.dev)
            self.error_report(entry, packet)

    # -- output (neigh_resolve_output / __neigh_event_send) -----------------------------
    def output(self, dev: Device, key: int, packet: bytes) -> None:
        entry = self.lookup(dev, key)
        if entry is None:
            entry = self.create(dev, key)
        now = self.sched.now
        entry.used = now
        state = entry.state
        tracer = self.ns.world.tracer
        if tracer is not None:
            tracer.neigh_output(entry, packet)
        if state & NUD_SENDS:
            self.send_resolved(dev, entry.lladdr, packet)  # type: ignore[arg-type]
            return
        if state & NUD_STALE:
            entry.state = NUD_DELAY
            entry.updated = now
            self._add_timer(entry, now + self.parms.delay_probe_time)
            self.send_resolved(dev, entry.lladdr, packet)  # type: ignore[arg-type]
            return
        if state == NUD_NONE or state & NUD_FAILED:
            p = self.parms
            if p.mcast_probes + p.app_probes == 0:
                entry.state = NUD_FAILED
                self.error_report(entry, packet)
                return
            entry.probes = p.ucast_probes
            entry.state = NUD_INCOMPLETE
            entry.updated = now
            self._add_timer(entry, now + max(p.retrans_time, NS_PER_SEC // 100))
            self._queue(entry, packet)
            self._probe(entry)
            return
        # INCOMPLETE: queue behind the resolution already under way
        self._queue(entry, packet)

    def event_send(self, dev: Device, key: int) -> None:
        """neigh_event_send(neigh, NULL): resolve `key` (or re-check a STALE entry) with no
        packet to queue, as the new gateway of a redirect is probed."""
        entry = self.create(dev, key)
        now = self.sched.now
        entry.used = now
        state = entry.state
        if state & NUD_STALE:
            entry.state = NUD_DELAY
            entry.updated = now
            self._add_timer(entry, now + self.parms.delay_probe_time)
        elif state == NUD_NONE or state & NUD_FAILED:
            p = self.parms
            entry.updated = now
            if p.mcast_probes + p.app_probes == 0:
                entry.state = NUD_FAILED
                return
            entry.probes = p.ucast_probes
            entry.state = NUD_INCOMPLETE
            self._add_timer(entry, now + max(p.retrans_time, NS_PER_SEC // 100))
            self._probe(entry)

    def _queue(self, entry: Neighbour, packet: bytes) -> None:
        if len(entry.queue) >= UNRES_QLEN:
            self.ns.drop("NEIGH_QUEUEFULL", None, entry.queue.pop(0), entry.dev)
        entry.queue.append(packet)

    # -- updates from the protocol (neigh_update) ----------------------------------------
    def update(self, entry: Neighbour, lladdr: bytes | None, new_state: int,
               override: bool = True, admin: bool = False) -> None:
        now = self.sched.now
        old = entry.state
        if not admin and old & (NUD_NOARP | NUD_PERMANENT):
            return
        if not (new_state & NUD_VALID):
            self._del_timer(entry)
            entry.state = new_state
            entry.updated = now
            if old & NUD_VALID or old & NUD_INCOMPLETE:
                self._invalidate(entry) if new_state & NUD_FAILED else entry.queue.clear()
            return
        if lladdr is None:
            lladdr = entry.lladdr
        if old & NUD_VALID and lladdr != entry.lladdr and not override:
            if old & NUD_CONNECTED:
                lladdr = entry.lladdr
                new_state = NUD_STALE
            else:
                return
        elif old & NUD_VALID and lladdr == entry.lladdr and new_state == NUD_STALE and not admin:
            new_state = old
        if new_state & NUD_CONNECTED:
            entry.confirmed = now
        entry.updated = now
        if new_state != old:
            self._del_timer(entry)
            if new_state & NUD_PROBE:
                entry.probes = 0
            if new_state & NUD_IN_TIMER:
                due = now + (self.reachable_time if new_state & NUD_REACHABLE else 0)
                self._add_timer(entry, due)
            entry.state = new_state
        entry.lladdr = lladdr
        tracer = self.ns.world.tracer
        if tracer is not None and new_state != old:
            tracer.neigh_update(entry, old)
        if not (old & NUD_VALID) and new_state & NUD_VALID:
            queue, entry.queue = entry.queue, []
            for packet in queue:
                self.send_resolved(entry.dev, lladdr, packet)  # type: ignore[arg-type]
