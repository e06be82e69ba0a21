"""Hypothesis settings for the wire tests.

The default example counts keep ``tests/wire`` under ten seconds; set
``VNET_WIRE_EXAMPLES=10`` (a multiplier) for a thorough run. No example database:
a failure prints its falsifying example, and runs leave nothing behind.
"""

from __future__ import annotations

import os

from hypothesis import settings

SCALE = float(os.environ.get("VNET_WIRE_EXAMPLES", "1"))


def props(examples: int) -> settings:
    """``@settings`` with ``examples`` (times the scale) examples, no deadline, no database."""
    return settings(max_examples=max(1, int(examples * SCALE)), deadline=None, database=None)
