"""The event scheduler: a FIFO of events due now and a heap of (time_ns, seq, ...) for
later ones, on a virtual clock.

Everything that happens later in the simulation (a frame crossing a veth, an ARP
retransmit, an FDB ageing sweep, ping's next probe) is an event here. Time is integer
nanoseconds and only moves when the scheduler pops an event, so runs are deterministic:
two events due at the same instant run in the order they were scheduled (`seq`).
"""

from __future__ import annotations

import heapq
from collections import deque
from collections.abc import Callable
from typing import Any

NS_PER_SEC = 1_000_000_000
NS_PER_MS = 1_000_000


#  more events than this at one virtual instant means frames are circling forever
#  (a bridge loop without STP): stop with an error instead of hanging
MAX_EVENTS_PER_INSTANT = 500_000


class EventStorm(Exception):
    """Raised when one virtual instant runs more than MAX_EVENTS_PER_INSTANT events."""


class Timer:
    """A handle to a scheduled callback; `cancel()` makes it a no-op when it fires."""

    __slots__ = ("when", "cancelled")

    def __init__(self, when: int) -> None:
        self.when = when
        self.cancelled = False

    def cancel(self) -> None:
        self.cancelled = True


class Scheduler:
    """Virtual clock plus event heap. `now` is integer nanoseconds since the world began.

    Events due at the current instant wait in a FIFO (`_ready`) beside the heap of later
    events. Order is exactly (time, seq): `call_soon` and `call_at` for a time already
    reached append to the FIFO; when the clock advances to T, every heap event due at T
    moves to the FIFO in seq order, before anything scheduled at T itself can be
    appended. A FIFO entry carries its Timer (None for `call_soon`) so a cancel made
    after the move still takes effect.
    """

    __slots__ = ("now", "_heap", "_ready", "_seq", "events_run", "post", "halted")

    def __init__(self) -> None:
        self.now = 0
        self._heap: list[tuple[int, int, Timer, Callable[..., Any], tuple[Any, ...]]] = []
        self._ready: deque[tuple[Callable[..., Any], tuple[Any, ...], Timer | None]] = deque()
        self._seq = 0
        self.events_run = 0
        #: ``post((callback, args, None))`` is ``call_soon(callback, *args)`` without the
        #: call's overhead, for the packet path (a veth crossing is one of these)
        self.post: Callable[[tuple[Callable[..., Any], tuple[Any, ...], None]], None] = \
            self._ready.append
        #: set by `halt()`: the running `run_until` returns after the current event
        self.halted = False

    def call_soon(self, callback: Callable[..., Any], *args: Any) -> None:
        """Run `callback(*args)` at the current instant, after what is already due now."""
        self._ready.append((callback, args, None))

    def call_at(self, when: int, callback: Callable[..., Any], *args: Any) -> Timer:
        if when <= self.now:
            timer = Timer(self.now)
            self._ready.append((callback, args, timer))
            return timer
        timer = Timer(when)
        self._seq += 1
        heapq.heappush(self._heap, (when, self._seq, timer, callback, args))
        return timer

    def call_later(self, delay_ns: int, callback: Callable[..., Any], *args: Any) -> Timer:
        return self.call_at(self.now + delay_ns, callback, *args)

    def next_time(self) -> int | None:
        if self._ready:
            return self.now
        heap = self._heap
        while heap and heap[0][2].cancelled:
            heapq.heappop(heap)
        return heap[0][0] if heap else None

    def halt(self) -> None:
        """Make the running `run_until` return after the event now running, with the
        clock at that event's time: `stop` without a call after every event."""
        self.halted = True

    def run_until(self, deadline: int, stop: Callable[[], bool] | None = None) -> None:
        """Run every event due at or before `deadline`, then set the clock to `deadline`.

        If `stop()` becomes true after an event, or the event called `halt()`, return
        early with the clock at that event's time (used by programs such as ping that
        wait for "a reply or a timeout").
        """
        self.halted = False
        heap = self._heap
        ready = self._ready
        pop = heapq.heappop
        popleft = ready.popleft
        append = ready.append
        # the storm guard: events_run may not pass `limit` before the clock moves on
        limit = self.events_run + MAX_EVENTS_PER_INSTANT
        while True:
            if ready:
                callback, args, timer = popleft()
                if timer is not None and timer.cancelled:
                    continue
                ran = self.events_run + 1
                self.events_run = ran            # also the tracer's "which event is this"
                if ran > limit:
                    raise EventStorm(
                        f"packet storm at {self.now / NS_PER_SEC:.3f} s: over "
                        f"{MAX_EVENTS_PER_INSTANT:,} events in one instant "
                        "(a loop of bridges without STP? brctl stp BR on breaks it)")
                callback(*args)
                if self.halted or (stop is not None and stop()):
                    self.halted = False
                    return
            elif heap and heap[0][0] <= deadline:
                when = heap[0][0]
                if when != self.now:
                    limit = self.events_run + MAX_EVENTS_PER_INSTANT
                    self.now = when
                while heap and heap[0][0] == when:
                    _when, _seq, timer, callback, args = pop(heap)
                    if not timer.cancelled:
                        append((callback, args, timer))
            else:
                break
        if deadline > self.now:
            self.now = deadline

    def run_pending(self, limit: int = 10_000_000) -> None:
        """Run events due now or earlier (settle the network without advancing time)."""
        self.run_until(self.now)
