"""The outcome of running one lab script, whichever backend ran it.

Both backends (``vnet.backend.sim`` and ``vnet.backend.kernel``) return a
:class:`RunResult`: the script's combined stdout+stderr, as bash would have
printed it with ``2>&1``, and bash's exit status. ``vnet.backend.compare``
holds the two side by side.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RunResult:
    """Combined output (stdout and stderr interleaved) and exit status of a script."""

    output: str
    status: int
