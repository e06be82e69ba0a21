"""The `lab` fixture: a bridge with three forwarding veth ports (see bridgelab)."""

from __future__ import annotations

import pytest
from bridgelab import Lab, build

from vnet.sim import new_world


@pytest.fixture
def lab() -> Lab:
    return build(new_world(7))
