"""How cheap can a bridge hop be in this CPython? A model, not vnet: the floor under
``five_over_one``.

The two speed goals of `make bench` pull against each other. ``five_over_one`` ≥ 0.7
means the eight extra bridge hops of the five-bridge chain (four more bridges, crossed
both ways) may add at most 3/7 of the one-bridge round trip, so one hop may cost at most
``t1 * 3 / 56``; ``sim_over_kernel`` ≥ 0.25 means ``t1 <= 4 / kernel_rate``. Together:
a hop may cost at most ``3 / (14 * kernel_rate)``, about 1.4 µs against a kernel that
does 155,000 round trips a second.

:func:`minimal_hop_us` times the least work one hop can do and still be the hop the
issue asks for, written as plainly as Python allows (``__slots__`` classes, one function
for the port's receive and the bridge): the sender's TX counters, one deferred delivery
through a FIFO (netif_rx's backlog), the receiving port's RX counters, the FDB refresh
of the source and the lookup of the destination, the egress port's state, MTU and
up-ness checks. It leaves out what vnet has on the same path and a model can skip: the
packet-journey trace hooks, the scheduler's storm guard, timers and event count,
br_netfilter, hairpin/isolation, link-local group addresses and promiscuous bridges.

``python3 bench/floor.py [--kernel RTT_PER_S]`` prints the model's hop, vnet's measured
hop (from a five- and a one-bridge flood) and what each implies for the two goals. vnet's
hop is measured on the vnet the interpreter imports: the installed build (its packet
path compiled) under ``.venv/bin/python``, the source tree (pure Python) otherwise. The
model is always interpreted: it is the floor for pure Python.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import time
from collections import deque
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
if importlib.util.find_spec("vnet") is None:    # not installed: the source tree, pure Python
    sys.path.insert(0, str(ROOT / "src"))

from bench import flood  # noqa: E402

#: extra bridge hops of the five-bridge chain per round trip: 4 bridges, both ways
EXTRA_HOPS = 8
FIVE_OVER_ONE = 0.7
SIM_OVER_KERNEL = 0.25


class _Stats:
    __slots__ = ("tx_packets", "tx_bytes", "rx_packets", "rx_bytes")

    def __init__(self) -> None:
        self.tx_packets = self.tx_bytes = self.rx_packets = self.rx_bytes = 0


class _Dev:
    __slots__ = ("stats", "admin_up", "mtu", "peer", "port")

    def __init__(self) -> None:
        self.stats = _Stats()
        self.admin_up = True
        self.mtu = 1500
        self.peer: _Dev | None = None
        self.port: _Port | None = None


class _Port:
    __slots__ = ("dev", "state", "fdb")

    def __init__(self, dev: _Dev, fdb: dict[bytes, _Entry]) -> None:
        self.dev = dev
        self.state = 3                  # BR_STATE_FORWARDING
        self.fdb = fdb


class _Entry:
    __slots__ = ("port", "is_local", "updated", "used")

    def __init__(self, port: _Port) -> None:
        self.port = port
        self.is_local = False
        self.updated = self.used = 0


def minimal_hop_us(frames: int = 200_000, rounds: int = 7) -> float:
    """Best-of-``rounds`` µs for one frame: veth xmit, backlog, port receive, bridge."""
    backlog: deque[tuple[_Dev, bytes]] = deque()
    post, pop = backlog.append, backlog.popleft
    sender, port_dev, egress_dev = _Dev(), _Dev(), _Dev()
    sender.peer = port_dev
    fdb: dict[bytes, _Entry] = {}
    ingress = port_dev.port = _Port(port_dev, fdb)
    egress = _Port(egress_dev, fdb)
    src, dst = b"\x02" * 6, b"\x04" * 6
    fdb[src], fdb[dst] = _Entry(ingress), _Entry(egress)
    frame = dst + src + b"\x08\x00" + bytes(84)

    def xmit(dev: _Dev, frame: bytes) -> None:
        peer = dev.peer
        n = len(frame)
        if peer is None or not peer.admin_up or n > peer.mtu + 14:
            return
        stats = dev.stats
        stats.tx_packets += 1
        stats.tx_bytes += n
        post((peer, frame))

    def receive(dev: _Dev, frame: bytes, now: int) -> _Dev | None:
        stats = dev.stats
        n = len(frame)
        stats.rx_packets += 1
        stats.rx_bytes += n
        port = dev.port
        if port is None or frame[6] & 1 or frame[0] & 1 or port.state != 3:
            return None
        table = port.fdb
        known = table.get(frame[6:12])
        if known is not None and known.port is port:
            known.updated = now
        entry = table.get(frame[:6])
        if entry is None or entry.is_local:
            return None
        entry.used = now
        to = entry.port
        out = to.dev
        if to.state != 3 or not out.admin_up or n > out.mtu + 18:
            return None
        return out                      # the next hop's xmit would start here

    best = float("inf")
    clock = time.perf_counter
    for _ in range(rounds):
        start = clock()
        for now in range(frames):
            xmit(sender, frame)
            dev, data = pop()
            if receive(dev, data, now) is not egress_dev:
                raise AssertionError("the model bridge did not forward")
        best = min(best, (clock() - start) / frames * 1e6)
    return best


def vnet_hop_us(count: int = 20_000) -> tuple[float, float, float]:
    """(one-bridge µs/RTT, five-bridge µs/RTT, µs per extra hop) of vnet's own floods, by
    CPU time (best of three runs each)."""
    def per_rtt(bridges: int) -> float:
        world, pinger = flood.build(bridges)
        flood.warm_up(pinger)
        best = float("inf")
        for _ in range(3):
            start = time.process_time()
            pinger.run(count=count)
            best = min(best, (time.process_time() - start) / count * 1e6)
        return best

    one, five = per_rtt(1), per_rtt(5)
    return one, five, (five - one) / EXTRA_HOPS


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kernel", type=float, default=None,
                        help="kernel ping -f round trips per second (default: "
                             "bench/results.json's kernel_rtt_per_s_1bridge)")
    args = parser.parse_args(argv)
    kernel = args.kernel
    if kernel is None:
        try:
            kernel = json.loads((HERE / "results.json").read_text())["kernel_rtt_per_s_1bridge"]
        except (OSError, ValueError, KeyError):
            kernel = None
    model = minimal_hop_us()
    one, five, hop = vnet_hop_us()
    print(f"model bridge hop (the least work, see the module doc): {model:.2f} us")
    print(f"vnet bridge hop: {hop:.2f} us  (one bridge {one:.1f} us/RTT, five {five:.1f} "
          f"us/RTT, five/one {one / five:.3f})")
    # five/one >= 0.7  <=>  t1 >= EXTRA_HOPS * hop * 0.7 / 0.3
    need = EXTRA_HOPS * FIVE_OVER_ONE / (1 - FIVE_OVER_ONE)
    print(f"five/one >= {FIVE_OVER_ONE} needs a one-bridge round trip of at least "
          f"{need * model:.1f} us with the model's hop, {need * hop:.1f} us with vnet's")
    if kernel:
        goal_t1 = 1e6 / (SIM_OVER_KERNEL * kernel)
        print(f"sim/kernel >= {SIM_OVER_KERNEL} against {kernel:,.0f} RTT/s needs at most "
              f"{goal_t1:.1f} us per round trip; both goals then allow a hop of at most "
              f"{goal_t1 / need:.2f} us")
        print(f"best sim/kernel that keeps five/one >= {FIVE_OVER_ONE}: "
              f"{1e6 / (need * model) / kernel:.3f} with the model's hop, "
              f"{1e6 / (need * hop) / kernel:.3f} with vnet's")
    return 0


if __name__ == "__main__":
    sys.exit(main())
