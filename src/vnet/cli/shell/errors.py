"""Exceptions internal to the shell: syntax errors, aborts and control flow.

Only :class:`NeedMoreInput` (and :class:`ShellSyntaxError` through it) is meant
for callers; the rest are signals between the interpreter's parts and never
escape :meth:`Interpreter.run`.
"""

from __future__ import annotations


class ShellSyntaxError(Exception):
    """A bash syntax error.

    ``incomplete`` is set when more input could have completed the text (end of
    file inside a quote, a loop or after ``&&``): an interactive shell then asks
    for a continuation line instead of complaining.
    """

    def __init__(self, message: str, line: int, *, source_line: str | None = None,
                 incomplete: bool = False) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.source_line = source_line
        self.incomplete = incomplete


class NeedMoreInput(Exception):
    """Raised by ``Interpreter.run_line`` for input that is not complete yet."""


class ExpansionAbort(Exception):
    """An expansion error (bad substitution, arithmetic error).

    Bash prints the message and abandons the whole top-level command with
    status 1; the script goes on with the next one.
    """

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
        self.line: int | None = None


class FatalShellError(Exception):
    """An error that makes a non-interactive bash exit (``set -u``, ``${x:?}``)."""

    def __init__(self, message: str, status: int = 1) -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        self.line: int | None = None


class ExitShell(Exception):
    """``exit N``, or ``set -e`` tripping: leave the (sub)shell with ``status``."""

    def __init__(self, status: int) -> None:
        super().__init__(status)
        self.status = status


class ReturnFromFunction(Exception):
    """``return N`` inside a function."""

    def __init__(self, status: int) -> None:
        super().__init__(status)
        self.status = status


class LoopControl(Exception):
    """``break N`` / ``continue N``: ``levels`` counts enclosing loops left to unwind."""

    def __init__(self, levels: int, is_break: bool) -> None:
        super().__init__(levels)
        self.levels = levels
        self.is_break = is_break
