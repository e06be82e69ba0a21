"""The World: every namespace, the scheduler and clock, and the seeded random source.

A World is the whole simulated machine. It has one initial network namespace (the one a
script starts in, like the sandbox's own namespace in the kernel backend) and any number
of named ones (`ip netns add`). Nothing in vnet reads wall time or module-level random:
the clock is `world.sched.now` (integer ns) and randomness is `world.rng`.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from vnet.core.sched import Scheduler

if TYPE_CHECKING:
    from vnet.core.netns import Namespace


class World:
    def __init__(
        self, seed: int = 0, pernet_ops: tuple[Callable[[Namespace], None], ...] = ()
    ) -> None:
        from vnet.core.netns import Namespace

        self.seed = seed
        #  per-namespace init of the higher layers (the kernel's pernet_operations)
        self.pernet_ops = pernet_ops
        self.rng = random.Random(seed)
        self.sched = Scheduler()
        self._ns_serial = 0
        #  the packet-journey recorder (vnet.trace.tracer.Tracer) while tracing is on; every
        #  stage of the packet path checks it, so with None tracing costs one attribute load
        self.tracer: Any = None
        #  the last tracer, kept after `trace off` so that `trace show` still has its records
        self.trace_log: Any = None
        #  state the simulated programs keep for the whole world (vnet.apps.files' file
        #  table, the DHCP servers and clients, `vnet serve` daemons), by program
        self.apps: dict[str, Any] = {}
        self.init_ns: Namespace = Namespace(self, name=None)
        self.named: dict[str, Namespace] = {}

    @property
    def now(self) -> int:
        return self.sched.now

    def next_ns_serial(self) -> int:
        self._ns_serial += 1
        return self._ns_serial

    # -- named namespaces (ip netns) ------------------------------------------------
    def add_netns(self, name: str) -> Namespace:
        from vnet.core.netns import Namespace

        ns = Namespace(self, name=name)
        self.named[name] = ns
        return ns

    def del_netns(self, name: str) -> None:
        ns = self.named.pop(name)
        ns.destroy()

    def all_namespaces(self) -> list[Namespace]:
        return [self.init_ns, *self.named.values()]

    # -- time ----------------------------------------------------------------------
    def run_for(self, seconds: float) -> None:
        self.sched.run_until(self.sched.now + int(round(seconds * 1e9)))

    def settle(self) -> None:
        """Run what is due now (frames in flight with zero delay) without advancing time."""
        self.sched.run_pending()
