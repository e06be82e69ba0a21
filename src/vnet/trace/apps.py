"""What programs that probe the network (ping, traceroute) tell the trace about their runs.

A run is one invocation: where it ran, whom it probed, from which command line, each
probe (its flow key, so its journey can be found, and whether and how it was answered)
and how it ended. `vnet explain` starts from the runs that failed and reads the
journeys of their unanswered probes (vnet.trace.explain).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from vnet.core.netns import Namespace


@dataclass
class Command:
    """A command line of the script, as the trace groups records under it."""

    index: int
    line: int
    text: str
    ns: str

    def title(self) -> str:
        where = f"line {self.line}: " if self.line else ""
        return f"{where}{self.text}" if self.text else "(before the first command)"


@dataclass
class Probe:
    seq: int                      # ping's icmp_seq, or traceroute's probe number
    key: tuple | None             # the flow key of the probe's journey
    sent: int                     # virtual time (ns)
    ttl: int | None = None
    errno: str | None = None      # sendto() failed with this
    answer: str | None = None     # "reply", "hop" (traceroute: time exceeded), "error"
    answer_from: int | None = None
    answer_text: str = ""


@dataclass
class AppRun:
    app: str                      # "ping", "traceroute"
    ns: Namespace
    dst: int
    src: int
    command: Command
    ident: int = 0
    started: int = 0
    probes: dict[int, Probe] = field(default_factory=dict)
    connect_error: str | None = None   # the run stopped before sending anything
    error: tuple[str, str] | None = None    # it ended on another error: (call, errno)
    routes: tuple[str, ...] = ()       # the namespace's routes when it stopped so
    route: str | None = None           # the route its destination matched then, if any
    status: int | None = None          # exit status once done
    transmitted: int = 0
    received: int = 0
    errors: int = 0
    reached: bool = False              # traceroute: the destination answered

    @property
    def failed(self) -> bool:
        if self.connect_error is not None or self.error is not None:
            return True
        if self.app == "traceroute":
            return not self.reached
        return self.status not in (None, 0)

    def unanswered(self) -> list[Probe]:
        return [p for p in self.probes.values() if p.answer != "reply"]
