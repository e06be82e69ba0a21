"""`vnet` front-end errors: a clear message and status 2, never a traceback."""

from __future__ import annotations

import pytest

from vnet.cli.main import main


@pytest.mark.parametrize("argv", [
    ["run", "/nonexistent/lab.sh"],
    ["run", "--backend", "kernel", "/nonexistent/lab.sh"],
    ["diff", "/nonexistent/lab.sh"],
    ["explain", "/nonexistent/lab.sh"],
])
def test_missing_script(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err == "vnet: /nonexistent/lab.sh: No such file or directory\n"


def test_binary_file_is_not_a_script(tmp_path, capsys: pytest.CaptureFixture[str]) -> None:
    blob = tmp_path / "blob.sh"
    blob.write_bytes(b"\xff\xfe\x00\x81")
    assert main(["run", str(blob)]) == 2
    assert capsys.readouterr().err == f"vnet: {blob}: not a text file\n"
