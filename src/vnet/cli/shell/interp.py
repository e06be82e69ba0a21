"""The public face of the shell: run a script, or an interactive shell's lines.

:class:`Interpreter` reads a script one complete command at a time, runs it, and
turns everything that can go wrong into a message rather than an exception:
bash's own messages for bash errors (``script: line 3: syntax error near
unexpected token `fi'``, status 2), ``vnet: line N: unsupported: ...`` (status 2)
for features vnet does not have, and ``vnet: line N: internal error: ...`` for
its own bugs.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from .api import CommandHost, CommandResult, UnsupportedError
from .errors import (
    ExitShell,
    ExpansionAbort,
    FatalShellError,
    LoopControl,
    NeedMoreInput,
    ReturnFromFunction,
    ShellSyntaxError,
)
from .executor import Executor
from .nodes import CommandList
from .parser import Parser
from .streams import IO, BufferSink, InputStream

# A shell function call is ~25 Python frames deep; scripts may nest them (and the
# parser nests with the syntax).  Python >= 3.11 runs Python-to-Python calls without
# using the C stack, so a larger limit is safe; RecursionError still ends cleanly.
_RECURSION_LIMIT = 20_000


@contextmanager
def _stack_room() -> Iterator[None]:
    old = sys.getrecursionlimit()
    if old < _RECURSION_LIMIT:
        sys.setrecursionlimit(_RECURSION_LIMIT)
    try:
        yield
    finally:
        if old < _RECURSION_LIMIT:
            sys.setrecursionlimit(old)


class Interpreter(Executor):
    """Runs lab scripts written in bash's syntax against a :class:`CommandHost`.

    ``out``/``err`` receive the script's stdout and stderr in the order produced.
    ``filename`` is what bash would call the script in its messages.
    """

    def __init__(self, host: CommandHost, out: Callable[[str], None],
                 err: Callable[[str], None], filename: str = "script", *,
                 max_loop_iterations: int = 100_000, external_filters: bool = True,
                 env: dict[str, str] | None = None) -> None:
        super().__init__(host, out, err, filename, max_loop_iterations=max_loop_iterations,
                         external_filters=external_filters, env=env)
        self.exit_requested = False  # set once `exit` (or set -e) ended the shell
        self._lines_seen = 0

    # -- scripts ----------------------------------------------------------------------
    def run(self, text: str) -> int:
        """Run a whole script; returns its exit status."""
        with _stack_room():
            return self._run(text)

    def _run(self, text: str) -> int:
        parser = Parser(text, warn=self.warn)
        status = 0
        try:
            while True:
                try:
                    node = parser.parse_next()
                except ShellSyntaxError as e:
                    self.syntax_error(e)
                    status = 2
                    break
                except RecursionError as e:
                    e.line = parser.lexer.line_of(parser.lexer.pos)  # type: ignore[attr-defined]
                    raise
                if node is None:
                    status = self.last_status
                    break
                status = self._toplevel(node)
        except ExitShell as e:
            status = e.status
        except FatalShellError as e:
            self.report(e, e.message)
            status = 127 if self.command_string else e.status  # bash -c exits 127 here
        except UnsupportedError as e:
            if self.nesting:
                raise  # a `bash -c` child: the outer script reports it and ends
            self.exit_requested = True
            return self._unsupported(e)
        except Exception as e:  # noqa: BLE001 - never a traceback out of a script
            if self.nesting:
                raise
            self.exit_requested = True
            return self._internal(e)
        self.exit_requested = True
        return self._exit_trap(status)

    # -- interactive --------------------------------------------------------------------
    def run_line(self, text: str) -> int:
        """Run one input of an interactive shell (variables persist between calls).

        Raises :class:`NeedMoreInput` if ``text`` is incomplete (open quote, loop,
        trailing ``&&`` or ``\\``, here-document...): nothing has run; call again with
        ``text + "\\n" + next_line``.  After ``exit`` (or ``set -e`` tripping),
        :attr:`exit_requested` is set and the return value is the exit status.
        """
        with _stack_room():
            return self._run_line(text)

    def _run_line(self, text: str) -> int:
        offset = self._lines_seen
        if (len(text) - len(text.rstrip("\\"))) % 2 == 1:
            raise NeedMoreInput("line continuation")
        try:
            nodes = Parser(text, line_offset=offset, interactive=True,
                           warn=self.warn).parse_all()
        except ShellSyntaxError as e:
            if e.incomplete:
                raise NeedMoreInput(e.message) from None
            self._lines_seen += text.count("\n") + 1
            self.syntax_error(e)
            self.last_status = 2
            return 2
        except UnsupportedError as e:
            self._lines_seen += text.count("\n") + 1
            self.last_status = self._unsupported(e)
            return self.last_status
        except Exception as e:  # noqa: BLE001
            return self._internal(e)
        self._lines_seen += text.count("\n") + 1
        status = self.last_status
        try:
            for node in nodes:
                status = self._toplevel(node)
        except ExitShell as e:
            self.exit_requested = True
            return self._exit_trap(e.status)
        except FatalShellError as e:
            self.report(e, e.message)
            status = e.status
        except UnsupportedError as e:
            status = self._unsupported(e)
        except Exception as e:  # noqa: BLE001
            status = self._internal(e)
        self.last_status = status
        return status

    # -- for hosts ----------------------------------------------------------------------
    def call(self, argv: list[str], stdin: str = "") -> CommandResult:
        """Run one command for a host (``ip netns exec NS CMD...``, ``timeout 5 CMD``).

        ``argv[0]`` may be a builtin (``echo``, ``sh -c '...'``), a host command or a
        text filter, as in a script; it runs in a subshell and its output is captured.
        UnsupportedError propagates to the caller.
        """
        order: list[tuple[int, str]] = []
        out, err = BufferSink(order, 1), BufferSink(order, 2)
        io = IO({0: InputStream(stdin), 1: out, 2: err})
        if not argv:
            return CommandResult()
        status = self.in_subshell(lambda: self.run_argv(list(argv), io, functions=False))
        return CommandResult(out.getvalue(), err.getvalue(), status, order)

    # -- helpers ----------------------------------------------------------------------
    def _toplevel(self, node: CommandList) -> int:
        try:
            return self.exec_list(node, self.top_io)
        except ExpansionAbort as e:
            self.report(e, e.message)
            self.last_status = 1
            return 1
        except (LoopControl, ReturnFromFunction):
            return self.last_status

    def _unsupported(self, e: UnsupportedError) -> int:
        line = getattr(e, "line", None) or self.line
        msg = str(e) or type(e).__name__
        self.err_sink.write(f"vnet: line {line}: unsupported: {msg}\n")
        return 2

    def _internal(self, e: BaseException) -> int:
        if isinstance(e, RecursionError):
            msg = "nesting too deep"
        else:
            msg = f"internal error: {type(e).__name__}: {e}"
        msg = re.sub(r"\s+", " ", msg).strip()
        line = getattr(e, "line", None) or self.line
        self.err_sink.write(f"vnet: line {line}: {msg}\n")
        return 2

    def _exit_trap(self, status: int) -> int:
        action = self.state.traps.pop("EXIT", None)
        if not action:
            return status
        self.last_status = status
        try:
            self.run_source(action, self.top_io, self.line - 1)
        except ExitShell as e:
            return e.status
        except (ExpansionAbort, FatalShellError) as e:
            self.report(e, e.message)
        except UnsupportedError as e:
            return self._unsupported(e)
        except Exception as e:  # noqa: BLE001
            return self._internal(e)
        return status
