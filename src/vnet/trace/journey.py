"""Journeys: the trace's records grouped by the packet (and its reply, errors, ARP) they follow.

Records are walked once in the order they were made, and each gets its flow key
(vnet.trace.flow), with two rules that need the order:

* An ARP exchange belongs to the packet that waited for it. When a neighbour probe is
  sent for a target on behalf of a queued packet (neigh_probe → arp_solicit), ARP
  requests for that target and replies from it join that packet's journey until the
  entry resolves or fails. A probe with no packet queued (re-checking a STALE entry)
  starts a journey of its own, "neighbour resolution of X".
* A non-first fragment joins the journey of the first fragment of its datagram (same
  source, destination, IP id and protocol: RFC 791's reassembly key).
* A packet NAT rewrote keeps its journey: from the NAT step on, the new flow key (and so
  the replies and errors of the translated flow) is an alias of the old one.

Journeys are listed in the order of their first record.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from vnet.net.neighbour import NUD_VALID
from vnet.trace import tracer as T
from vnet.trace.flow import arp_view, first_fragment_key, ip_key, ip_view, key_of


@dataclass
class Journey:
    index: int
    key: tuple | None
    records: list[tuple] = field(default_factory=list)
    numbers: list[int] = field(default_factory=list)    # each record's position in the trace

    @property
    def command(self) -> int:
        return self.records[0][T.CMD] if self.records else 0


_NEIGH_KINDS = (T.NEIGH_PROBE, T.NEIGH_UPDATE, T.NEIGH_FAILED)


class _Keyer:
    def __init__(self) -> None:
        self.owners: dict[int, tuple] = {}     # ARP target -> key of the packet waiting
        self.frags: dict[tuple, tuple] = {}    # ("frag", ...) -> key of the first fragment
        self.alias: dict[tuple, tuple] = {}    # key after NAT -> key before

    def resolve(self, key: tuple | None) -> tuple | None:
        for _ in range(8):                     # a chain of NATs, never a loop
            if key is None or key not in self.alias:
                break
            key = self.alias[key]
        return key

    def key(self, rec: tuple) -> tuple | None:
        if rec[T.KIND] == T.NAT:
            return self._nat(rec)
        key = self.resolve(self._plain(rec))
        if rec[T.KIND] in _NEIGH_KINDS:
            return self._neigh(rec, key)
        return key

    def _nat(self, rec: tuple) -> tuple | None:
        """The flow continues under the rewritten addresses: alias them to the old key."""
        _hook, before = rec[T.INFO]
        old_ip = ip_view(before, 0)
        new_ip = ip_view(rec[T.DATA], rec[T.OFF])
        if old_ip is None or new_ip is None:
            return self.resolve(key_of(rec[T.DATA], rec[T.OFF]))
        old = self.resolve(ip_key(old_ip))
        new = ip_key(new_ip)
        if new != old and old is not None:
            self.alias[new] = old
        return old

    def _plain(self, rec: tuple) -> tuple | None:
        data, off = rec[T.DATA], rec[T.OFF]
        arp = arp_view(data, off)
        if arp is not None:
            owner = self.owners.get(arp.tpa if arp.op == 1 else arp.spa)
            return owner if owner is not None else key_of(data, off)
        ip = ip_view(data, off)
        if ip is None:
            return key_of(data, off)
        key = ip_key(ip)
        first = first_fragment_key(ip)
        if first is not None:
            self.frags[first] = key
        elif key[0] == "frag":
            key = self.frags.get(key, key)
        return key

    def _neigh(self, rec: tuple, key: tuple | None) -> tuple | None:
        kind, info = rec[T.KIND], rec[T.INFO]
        target = info[0]
        if key is not None and key[0] == "neigh" and target in self.owners:
            key = self.owners[target]
        if kind == T.NEIGH_PROBE:
            if key is not None:
                self.owners[target] = key
        elif kind == T.NEIGH_FAILED or (kind == T.NEIGH_UPDATE and info[2] & NUD_VALID
                                        and not info[1] & NUD_VALID):
            self.owners.pop(target, None)
        return key


def build(records: Iterable[tuple]) -> list[Journey]:
    """Group records into journeys, in the order of each journey's first record."""
    keyer = _Keyer()
    journeys: dict[tuple | None, Journey] = {}
    for number, rec in enumerate(records):
        key = keyer.key(rec)
        journey = journeys.get(key)
        if journey is None:
            journey = journeys[key] = Journey(len(journeys) + 1, key)
        journey.records.append(rec)
        journey.numbers.append(number)
    return list(journeys.values())


def index_of(journeys: list[Journey]) -> dict[tuple | None, Journey]:
    return {j.key: j for j in journeys}


def find_echo(journeys: list[Journey], dst: int, ident: int, seq: int) -> Journey | None:
    """The journey of ping's echo request `seq` to `dst` (whatever source it left with)."""
    for journey in journeys:
        key = journey.key
        if key is not None and key[0] == "echo" and key[3] == ident and key[4] == seq \
                and dst in (key[1], key[2]):
            return journey
    return None
