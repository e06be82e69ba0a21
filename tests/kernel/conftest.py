"""Fixtures for tests that run scripts in the real kernel sandbox.

* :func:`require_kernel` skips (with the reason) when not root, ``unshare`` is missing or
  a tool the script uses is missing; :func:`require_sim` skips while the simulator
  backend does not exist yet.
* The autouse ``host_namespace_untouched`` fixture snapshots the host's network
  namespaces and links before each test and fails the test if any new one is there
  after it: the sandbox must never leak into the machine's own namespace.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from .support import host_network_state


@pytest.fixture(autouse=True)
def host_namespace_untouched() -> Iterator[None]:
    """Fail the test if it left a new netns or link in the host namespace."""
    before = host_network_state()
    yield
    after = host_network_state()
    if before is None or after is None:
        return
    new_netns = sorted(after[0] - before[0])
    new_links = sorted(after[1] - before[1])
    assert not new_netns, f"network namespaces leaked into the host: {new_netns}"
    assert not new_links, f"links leaked into the host namespace: {new_links}"
