"""ARP and the neighbour state machine against the kernel's timers and probe counts."""

from vnet.net import neighbour as nud
from vnet.wire import arp as arpwire
from vnet.wire.ipaddr import ip_from_str

SEC = 1_000_000_000


def _arp_sent(dev, frames):  # type: ignore[no-untyped-def]
    def tap(_dev, frame: bytes) -> None:  # type: ignore[no-untyped-def]
        if frame[12:14] == b"\x08\x06":
            frames.append((dev.netns.world.now, arpwire.parse(frame[14:]), frame[:6]))

    dev.tx_tap = tap


def test_resolution_reaches_reachable_and_peer_learns_stale_then_delay(two_hosts) -> None:
    lab = two_hosts
    p = lab.pinger("a")
    p.send("10.0.0.2", 1)
    lab.world.run_for(0.5)
    assert [r[2] for r in p.replies] == [1]
    a_entry = lab.ns["a"].ipv4.arp_tbl.lookup(lab.dev["veth0"], ip_from_str("10.0.0.2"))
    b_entry = lab.ns["b"].ipv4.arp_tbl.lookup(lab.dev["veth1"], ip_from_str("10.0.0.1"))
    assert a_entry.state == nud.NUD_REACHABLE
    assert a_entry.lladdr == lab.dev["veth1"].mac
    # b learned a from the request (STALE) and used it for the reply: DELAY
    assert b_entry.state == nud.NUD_DELAY
    # after delay_first_probe_time (5 s) b probes a by unicast and becomes REACHABLE
    lab.world.run_for(6)
    assert b_entry.state == nud.NUD_REACHABLE


def test_unanswered_resolution_sends_three_broadcasts_then_fails(two_hosts) -> None:
    lab = two_hosts
    frames: list = []
    _arp_sent(lab.dev["veth0"], frames)
    p = lab.pinger("a")
    p.send("10.0.0.9", 1)
    lab.world.run_for(0.5)
    entry = lab.ns["a"].ipv4.arp_tbl.lookup(lab.dev["veth0"], ip_from_str("10.0.0.9"))
    assert entry.state == nud.NUD_INCOMPLETE
    lab.world.run_for(3)
    requests = [(t, dst) for t, pkt, dst in frames if pkt.op == arpwire.OP_REQUEST]
    assert [t // SEC for t, _ in requests] == [0, 1, 2]
    assert all(dst == b"\xff" * 6 for _, dst in requests)
    assert entry.state == nud.NUD_FAILED
    # the queued echo request comes back as ICMP host unreachable from our own address
    assert [(src, t, c) for _, src, t, c in p.errors] == [(ip_from_str("10.0.0.1"), 3, 1)]
    assert p.errors[0][0] == 3 * SEC


def test_stale_entry_is_reprobed_by_unicast(two_hosts) -> None:
    lab = two_hosts
    p = lab.pinger("a")
    p.send("10.0.0.2", 1)
    lab.world.run_for(60)   # REACHABLE times out (15..45 s) to STALE
    entry = lab.ns["a"].ipv4.arp_tbl.lookup(lab.dev["veth0"], ip_from_str("10.0.0.2"))
    assert entry.state == nud.NUD_STALE
    frames: list = []
    _arp_sent(lab.dev["veth0"], frames)
    p.send("10.0.0.2", 2)
    lab.world.run_for(0.1)
    assert entry.state == nud.NUD_DELAY
    lab.world.run_for(5)
    # DELAY → PROBE at 5 s: one unicast request, answered, REACHABLE again
    requests = [dst for _, pkt, dst in frames if pkt.op == arpwire.OP_REQUEST]
    assert requests == [lab.dev["veth1"].mac]
    assert entry.state == nud.NUD_REACHABLE


def test_malformed_arp_is_dropped_and_counted(two_hosts) -> None:
    lab = two_hosts
    v0, v1 = lab.dev["veth0"], lab.dev["veth1"]
    frame = b"\xff" * 6 + v1.mac + b"\x08\x06" + b"\x00\x01\x08\x00\x06"  # cut short
    v0.receive(frame)
    assert lab.ns["a"].drops.get("ARP_MALFORMED") == 1


def test_lookup_index_follows_create_delete_and_flush(two_hosts) -> None:
    """NeighTable keeps (dev, key) -> entry twice (entries, by_key); every change keeps
    both the same, and lookup() sees what entries holds."""
    import random

    lab = two_hosts
    tbl = lab.ns["a"].ipv4.arp_tbl
    devs = [lab.dev["veth0"], lab.ns["a"].by_name["lo"]]
    rng = random.Random(3)
    for _ in range(400):
        dev, key = rng.choice(devs), rng.randrange(6)
        step = rng.randrange(4)
        if step == 0:
            tbl.create(dev, key)
        elif step == 1 and tbl.lookup(dev, key) is not None:
            tbl.delete(tbl.lookup(dev, key))
        elif step == 2 and rng.random() < 0.1:
            tbl.flush_dev(rng.choice([dev, None]), keep_permanent=False)
        flat = {(d, k): e for k, by_dev in tbl.by_key.items() for d, e in by_dev.items()}
        assert flat == tbl.entries
        assert all(by_dev for by_dev in tbl.by_key.values())
        for (d, k), entry in tbl.entries.items():
            assert tbl.lookup(d, k) is entry
