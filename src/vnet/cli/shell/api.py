"""The interface between the script interpreter and whatever runs the commands.

The interpreter (``interp.py``) owns the bash subset: quoting, variables, control
flow, pipes and redirections.  Everything that touches the simulated machine goes
through a :class:`CommandHost`: the ``ip``/``bridge``/``sysctl``/... command families,
``cat`` and ``ls`` of simulated ``/proc`` and ``/sys`` paths, virtual sleeping and
writes done with ``>`` redirections.  The host answers in the shape a process
would: stdout text, stderr text and an exit status.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


@dataclass
class CommandResult:
    """What a command printed and its exit status."""

    stdout: str = ""
    stderr: str = ""
    status: int = 0
    #: the same text as (1 or 2, text) writes in program order, when the command keeps
    #: that order (it flushes stdout before writing stderr); None: stdout, then stderr
    chunks: list[tuple[int, str]] | None = None


class UnsupportedError(Exception):
    """A feature vnet does not have; the message says what.

    Raised by anyone: the parser for syntax outside the supported bash subset, a
    host for a command, option or path it does not simulate.  The interpreter ends
    the script with ``vnet: line N: unsupported: <message>`` and status 2.
    """


class CommandHost(Protocol):
    """The simulated machine as seen by a script."""

    def run_command(self, argv: list[str], stdin: str) -> CommandResult:
        """Run a simulated command.

        Raises :class:`UnsupportedError` for command names it does not know; the
        interpreter then tries the machine's own text filters (grep, sort, ...).
        """
        ...

    def sleep(self, seconds: float) -> None:
        """Advance virtual time."""
        ...

    def write_file(self, path: str, data: str, append: bool) -> str | None:
        """Write ``data`` to a simulated file, as a ``>``/``>>`` redirection does.

        Returns None on success or the errno text (``"No such file or directory"``,
        ``"Invalid argument"``...).  ``data`` is one ``write()``; it is empty when the
        command wrote nothing (the open alone: must change nothing).  Raises
        :class:`UnsupportedError` for paths outside the simulated /proc and /sys.
        """
        ...
