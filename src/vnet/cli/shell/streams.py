"""File descriptors of the simulated shell: output sinks and input streams.

There are no processes: a command "writes" by handing a string to the sink on its
fd 1 or 2, and "reads" from an :class:`InputStream` on fd 0.  Sinks forward to the
caller's callbacks (so stdout and stderr interleave in the order produced), collect
text for pipes and ``$(...)``, drop it (/dev/null), or write it to a simulated
/proc or /sys file through the host, one ``write_file`` call per write.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

from .api import CommandHost

# Errors an open() reports (bash names the file); anything else is a write error
# (bash names the command: "echo: write error: Invalid argument").
OPEN_ERRORS = frozenset({
    "No such file or directory", "Permission denied", "Is a directory", "Not a directory",
    "Read-only file system", "Operation not permitted",
})


class Sink(Protocol):
    def write(self, data: str) -> None: ...


class CallbackSink:
    def __init__(self, fn: Callable[[str], None]) -> None:
        self.fn = fn

    def write(self, data: str) -> None:
        if data:
            self.fn(data)


class NullSink:
    def write(self, data: str) -> None:
        pass


class BufferSink:
    def __init__(self, order: list[tuple[int, str]] | None = None, fd: int = 1) -> None:
        self.parts: list[str] = []
        self.order = order          # shared with the other stream's sink: write order
        self.fd = fd

    def write(self, data: str) -> None:
        self.parts.append(data)
        if self.order is not None:
            self.order.append((self.fd, data))

    def getvalue(self) -> str:
        return "".join(self.parts)


class FileSink:
    """A ``>``/``>>`` redirection to a simulated file.

    ``report(kind, errno_text)`` is called on failure, ``kind`` being "open" or
    "write"; after an open failure nothing more is written.
    """

    def __init__(self, host: CommandHost, path: str, append: bool,
                 report: Callable[[str, str], None]) -> None:
        self.host = host
        self.path = path
        self.append = append
        self.report = report
        self.writes = 0
        self.open_failed = False
        self.failures = 0

    def write(self, data: str) -> None:
        if self.open_failed or not data:
            return
        self._write(data)

    def _write(self, data: str) -> None:
        first = self.writes == 0
        self.writes += 1
        err = self.host.write_file(self.path, data, self.append or not first)
        if err is None:
            return
        self.failures += 1
        if first and err in OPEN_ERRORS:
            self.open_failed = True
            self.report("open", err)
        else:
            self.report("write", err)

    def close(self) -> None:
        """The open alone, if nothing was written (``: > file``)."""
        if self.writes == 0 and not self.open_failed:
            self._write("")

    def take_failures(self) -> int:
        n, self.failures = self.failures, 0
        return n


class InputStream:
    """Text on fd 0; reads consume it, peeks do not."""

    def __init__(self, data: str = "") -> None:
        self.data = data
        self.pos = 0

    def peek(self) -> str:
        return self.data[self.pos:]

    def read_all(self) -> str:
        rest = self.data[self.pos:]
        self.pos = len(self.data)
        return rest

    def readline(self, delim: str = "\n") -> tuple[str, bool] | None:
        """Next line without its delimiter and whether the delimiter was there; None at EOF."""
        if self.pos >= len(self.data):
            return None
        j = self.data.find(delim, self.pos)
        if j < 0:
            line = self.data[self.pos:]
            self.pos = len(self.data)
            return line, False
        line = self.data[self.pos:j]
        self.pos = j + len(delim)
        return line, True


@dataclass
class IO:
    """The fds a command runs with; fd 0 is an InputStream, the others sinks."""

    fds: dict[int, Sink | InputStream] = field(default_factory=dict)

    @property
    def stdin(self) -> InputStream:
        s = self.fds.get(0)
        return s if isinstance(s, InputStream) else InputStream()

    @property
    def stdout(self) -> Sink:
        s = self.fds.get(1)
        return NullSink() if s is None or isinstance(s, InputStream) else s

    @property
    def stderr(self) -> Sink:
        s = self.fds.get(2)
        return NullSink() if s is None or isinstance(s, InputStream) else s

    def with_fds(self, **kw: Sink | InputStream) -> IO:
        fds = dict(self.fds)
        for name, v in kw.items():
            fds[{"stdin": 0, "stdout": 1, "stderr": 2}[name]] = v
        return IO(fds)
