"""Redirections: ``> >> < 2>&1 &> <<EOF <<<`` applied to a command's fds.

Only the files a lab script can meaningfully touch exist: ``/dev/null``,
``/dev/stdout``/``/dev/stderr``, and the simulated ``/proc`` and ``/sys`` (written
through ``host.write_file``, read through the host's ``cat``).  Any other path is
unsupported rather than silently touching the real filesystem.  Errors are
printed the way bash prints them (``script: line 3: /proc/sys/x: No such file or
directory``) to the stderr in effect at that point, and the command does not run.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .api import UnsupportedError
from .chars import ascii_digits as _digits
from .nodes import Redirect
from .scan import Unterminated
from .streams import IO, FileSink, InputStream, NullSink, Sink

if TYPE_CHECKING:
    from .executor import Executor

SIMULATED_ROOTS = ("/proc/", "/sys/")


def _sink(fds: dict[int, Sink | InputStream], fd: int) -> Sink:
    s = fds.get(fd)
    return NullSink() if s is None or isinstance(s, InputStream) else s


def open_redirects(ex: Executor, reds: list[Redirect],
                   io: IO) -> tuple[IO, list[FileSink]] | None:
    """The fds after ``reds``; None (error printed) if one cannot be opened."""
    fds = dict(io.fds)
    files: list[FileSink] = []
    for r in reds:
        op = r.op
        if op in ("<<", "<<-"):
            doc = r.heredoc
            assert doc is not None
            try:
                body = doc.body if doc.quoted else ex.expander.heredoc(doc.body)
            except Unterminated as e:
                ex.error_to(_sink(fds, 2), f"unexpected EOF while looking for matching `{e.closer}'")
                close_files(files)
                return None
            fds[0 if r.fd is None else r.fd] = InputStream(body)
            continue
        if op == "<<<":
            fds[0 if r.fd is None else r.fd] = InputStream(ex.expander.string(r.target.raw) + "\n")
            continue
        targets = ex.expander.fields([r.target])
        if len(targets) != 1:
            ex.error_to(_sink(fds, 2), f"{r.target.raw}: ambiguous redirect")
            close_files(files)
            return None
        path = targets[0]
        if op in (">&", "<&") and (_digits(path) or path == "-"):
            if path == "-":
                raise UnsupportedError(f"closing file descriptors ({op}-)")
            src = int(path)
            if src not in fds:
                ex.error_to(_sink(fds, 2), f"{path}: Bad file descriptor")
                close_files(files)
                return None
            fds[(1 if op == ">&" else 0) if r.fd is None else r.fd] = fds[src]
            continue
        if op == "<>":
            raise UnsupportedError("<> redirections")
        if op == "<" or op == "<&":
            stream = _open_input(ex, path, fds)
            if stream is None:
                close_files(files)
                return None
            fds[0 if r.fd is None else r.fd] = stream
            continue
        append = op in (">>", "&>>")
        sink = _open_output(ex, path, append, fds, files)
        if op in ("&>", "&>>") or (op == ">&" and r.fd is None):
            fds[1] = sink
            fds[2] = sink
        else:
            fds[1 if r.fd is None else r.fd] = sink
    return IO(fds), files


def close_files(files: list[FileSink]) -> bool:
    """Finish the redirections to simulated files; True if any write or open failed."""
    failed = False
    for f in files:
        f.close()
        if f.take_failures():
            failed = True
    return failed


def _open_output(ex: Executor, path: str, append: bool, fds: dict[int, Sink | InputStream],
                 files: list[FileSink]) -> Sink:
    if path == "/dev/null":
        return NullSink()
    if path in ("/dev/stdout", "/dev/fd/1"):
        return _sink(fds, 1)
    if path in ("/dev/stderr", "/dev/fd/2"):
        return _sink(fds, 2)
    if path.startswith(SIMULATED_ROOTS):
        err_sink = _sink(fds, 2)

        def report(kind: str, text: str) -> None:
            if kind == "open":
                ex.error_to(err_sink, f"{path}: {text}")
            else:
                ex.error_to(err_sink, f"{ex.current_command}: write error: {text}")

        sink = FileSink(ex.host, path, append, report)
        files.append(sink)
        return sink
    raise UnsupportedError(f"redirection to {path} (only /dev/null and the simulated "
                           "/proc and /sys can be written)")


def _open_input(ex: Executor, path: str, fds: dict[int, Sink | InputStream]) -> InputStream | None:
    if path == "/dev/null":
        return InputStream("")
    if path in ("/dev/stdin", "/dev/fd/0"):
        s = fds.get(0)
        return s if isinstance(s, InputStream) else InputStream("")
    if path.startswith(SIMULATED_ROOTS):
        res = ex.host.run_command(["cat", path], "")
        if res.status == 0:
            return InputStream(res.stdout)
        reason = res.stderr.strip().rsplit(": ", 1)[-1] or "No such file or directory"
        ex.error_to(_sink(fds, 2), f"{path}: {reason}")
        return None
    raise UnsupportedError(f"input redirection from {path} (only /dev/null and the simulated "
                           "/proc and /sys can be read)")
