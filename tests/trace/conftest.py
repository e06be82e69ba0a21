"""The `traced` fixture: run a script in the simulator with tracing on (tracelab)."""

from __future__ import annotations

import pytest
from tracelab import Traced, run_traced


@pytest.fixture
def traced() -> Traced:
    return run_traced
