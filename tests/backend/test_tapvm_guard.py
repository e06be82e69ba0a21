"""`vnet vm` on the real kernel never runs outside vnet's sandbox."""

from __future__ import annotations

import pytest

from vnet.backend import tapvm


def test_refuses_outside_the_sandbox(monkeypatch: pytest.MonkeyPatch,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.delenv("VNET_SANDBOX", raising=False)
    called = []
    monkeypatch.setattr(tapvm, "add_vm", lambda *a, **k: called.append(a))
    assert tapvm.main(["add", "vm1", "tap", "tap0"]) == 1
    assert called == []
    assert "runs only inside vnet's kernel sandbox" in capsys.readouterr().err


def test_bad_arguments_are_usage_errors(capsys: pytest.CaptureFixture[str]) -> None:
    assert tapvm.main(["add"]) == 2
    assert capsys.readouterr().err.startswith("Usage: vnet vm add NAME tap TAP")
