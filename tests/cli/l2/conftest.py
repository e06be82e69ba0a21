"""A fresh simulated machine for the tests of the bridge, brctl, ifconfig and sysctl
commands and of the simulated /proc and /sys."""

from __future__ import annotations

import pytest

from vnet.core.world import World
from vnet.sim import new_world


@pytest.fixture
def world() -> World:
    return new_world(seed=1)
