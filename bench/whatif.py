"""What-if: prototype the speed-ups PROFILE.md suggests, by monkeypatching, and measure them.

Not part of `make bench` and not a design: each patch is the smallest stand-in for a
suggestion in bench/PROFILE.md, applied cumulatively (level N = patches 1..N) to check
that the suggestion is worth doing before anyone edits src/. Patches reach into
internals as of the commit PROFILE.md names and may go stale as src/ changes; fix or
drop them then. Usage::

    python3 bench/whatif.py [--rounds 5] [--count 15000]

Every level runs in a fresh interpreter, levels interleaved round by round; the figure is
the minimum CPU time (``time.process_time``) per round trip over the rounds, the least
noisy estimate on a shared machine.
"""

from __future__ import annotations

import argparse
import heapq
import struct
import subprocess
import sys
from collections import deque
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
for _entry in (str(HERE.parent / "src"), str(HERE.parent)):
    if _entry not in sys.path:
        sys.path.insert(0, _entry)

from bench import flood  # noqa: E402
from vnet.core import sched as sched_mod  # noqa: E402
from vnet.core import world as world_mod  # noqa: E402
from vnet.net import fib as fib_mod  # noqa: E402
from vnet.net import icmp as icmp_mod  # noqa: E402
from vnet.net import ipv4_output  # noqa: E402
from vnet.net import route as route_mod  # noqa: E402
from vnet.wire.checksum import internet_checksum  # noqa: E402


class _FifoScheduler(sched_mod.Scheduler):
    """call_soon into a FIFO instead of the heap, same (time, seq) order."""

    def __init__(self) -> None:
        super().__init__()
        self.soon: deque[tuple[int, Callable[..., Any], tuple[Any, ...]]] = deque()

    def call_soon(self, callback: Callable[..., Any], *args: Any) -> None:
        self._seq += 1
        self.soon.append((self._seq, callback, args))

    def next_time(self) -> int | None:
        return self.now if self.soon else super().next_time()

    def run_until(self, deadline: int, stop: Callable[[], bool] | None = None) -> None:
        heap, soon, pop, popleft = self._heap, self.soon, heapq.heappop, self.soon.popleft
        while True:
            if soon:
                if heap and heap[0][0] <= self.now and heap[0][1] < soon[0][0]:
                    _when, _seq, timer, callback, args = pop(heap)
                    if timer is not None and timer.cancelled:
                        continue
                else:
                    _seq, callback, args = popleft()
            elif heap and heap[0][0] <= deadline:
                when, _seq, timer, callback, args = pop(heap)
                if timer is not None and timer.cancelled:
                    continue
                self.now = when
            else:
                break
            self.events_run += 1
            callback(*args)
            if stop is not None and stop():
                return
        if deadline > self.now:
            self.now = deadline


def fifo_scheduler() -> None:
    world_mod.Scheduler = _FifoScheduler  # type: ignore[misc]


def output_route_cache() -> None:
    original = route_mod.output

    def cached(stack: Any, dst: int, src: int = 0, oif: Any = None, tos: int = 0) -> Any:
        gen = (stack.fib.generation, id(stack.local_addrs))
        cache = stack.__dict__.get("_whatif_rt")
        if cache is None or cache[0] != gen:
            cache = stack._whatif_rt = (gen, {})
        key = (dst, src, oif, tos)
        res = cache[1].get(key)
        if res is None or not res.dev.admin_up or (oif is not None and not oif.admin_up):
            res = cache[1][key] = original(stack, dst, src, oif, tos)
        return res

    route_mod.output = cached


def input_route_cache() -> None:
    original = fib_mod.Fib.lookup

    def cached(self: Any, dst: int, scope: int = fib_mod.RT_SCOPE_UNIVERSE) -> Any:
        cache = self.__dict__.get("_whatif_lc")
        if cache is None or cache[0] != self.generation:
            cache = self._whatif_lc = (self.generation, {})
        key = (dst, scope)
        try:
            return cache[1][key]
        except KeyError:
            route = cache[1][key] = original(self, dst, scope)
            return route

    fib_mod.Fib.lookup = cached  # type: ignore[method-assign]


def echo_reply_incremental() -> None:
    original = icmp_mod.rcv

    def rcv(stack: Any, dev: Any, ip: Any, bcast: bool) -> None:
        p = ip.payload
        if (p[:1] == b"\x08" and not bcast and len(p) >= 8 and internet_checksum(p) == 0
                and stack.ns.sysctl.values["net.ipv4.icmp_echo_ignore_all"] == "0"):
            stack.count("IcmpInMsgs")
            csum = int.from_bytes(p[2:4], "big") + 0x0800  # RFC 1624: type 8 -> 0
            csum = (csum & 0xFFFF) + (csum >> 16)
            reply = b"\x00" + p[1:2] + csum.to_bytes(2, "big") + p[4:]
            stack.count("IcmpOutMsgs")
            ipv4_output.local_out(stack, ip.src, 1, reply, src=ip.dst, tos=ip.tos,
                                  ttl=icmp_mod.default_ttl(stack))
            return
        original(stack, dev, ip, bcast)

    icmp_mod.rcv = rcv


_HDR = struct.Struct("!BBHHHBBHII")


def ipv4_header_fast_path() -> None:
    finish = ipv4_output.finish_output

    def local_out(stack: Any, dst: int, proto: int, payload: bytes, *, src: int = 0,
                  ttl: int = 64, tos: int = 0, df: bool = False, oif: Any = None,
                  res: Any = None) -> str | None:
        try:
            if res is None:
                res = route_mod.output(stack, dst, src, oif, tos)
        except route_mod.RouteError as err:
            stack.ns.drop(err.reason)
            return err.errno_name
        head = _HDR.pack(0x45, tos, 20 + len(payload), ipv4_output.next_ident(stack, df),
                         0x4000 if df else 0, ttl, proto, 0, src or res.src, dst)
        c = int.from_bytes(head, "big") % 0xFFFF
        csum = (~c & 0xFFFF) if c else 0
        packet = b"".join((head[:10], csum.to_bytes(2, "big"), head[12:], payload))
        stack.count("OutRequests")
        return finish(stack, res, packet)

    ipv4_output.local_out = local_out


def cached_hardware_header() -> None:
    headers: dict[tuple[bytes, bytes], bytes] = {}

    def send_resolved(dev: Any, lladdr: bytes, packet: bytes) -> None:
        if dev.header_len == 0:
            dev.xmit(packet)
            return
        key = (lladdr, dev.mac)
        hh = headers.get(key)
        if hh is None:
            hh = headers[key] = lladdr + dev.mac + b"\x08\x00"
        dev.xmit(hh + packet)

    ipv4_output.send_resolved = send_resolved


LEVELS: list[tuple[str, Callable[[], None] | None]] = [
    ("baseline", None),
    ("+ call_soon FIFO instead of heap", fifo_scheduler),
    ("+ output route cache (fib generation)", output_route_cache),
    ("+ input route cache (fib generation)", input_route_cache),
    ("+ echo reply by RFC 1624 update", echo_reply_incremental),
    ("+ IPv4 header fast path in local_out", ipv4_header_fast_path),
    ("+ cached Ethernet header (hh_cache)", cached_hardware_header),
]


def run_level(level: int, count: int) -> tuple[float, float]:
    """CPU µs per round trip with patches 1..level, for 1 and 5 bridges."""
    for _label, patch in LEVELS[1:level + 1]:
        assert patch is not None
        patch()
    one = flood.measure(1, count=count)
    five = flood.measure(5, count=count)
    return one.cpu_s / count * 1e6, five.cpu_s / count * 1e6


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--count", type=int, default=15_000)
    parser.add_argument("--level", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.level is not None:
        one, five = run_level(args.level, args.count)
        print(f"{one} {five}")
        return 0
    best: dict[int, tuple[float, float]] = {}
    for _round in range(args.rounds):
        for level in range(len(LEVELS)):
            out = subprocess.run([sys.executable, __file__, "--level", str(level),
                                  "--count", str(args.count)],
                                 check=True, capture_output=True, text=True).stdout
            one, five = (float(x) for x in out.split())
            old = best.get(level, (one, five))
            best[level] = (min(old[0], one), min(old[1], five))
    print(f"{'cumulative patch':40s}  {'1 bridge':>10s}  {'5 bridges':>10s}  (CPU us/RTT, min of "
          f"{args.rounds})")
    for level, (label, _patch) in enumerate(LEVELS):
        one, five = best[level]
        print(f"{label:40s}  {one:10.1f}  {five:10.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
