"""Text filters for pipelines: the machine's grep/sort/awk..., and vnet's own tee and xargs.

When the host does not know a command and its name is one of
:data:`EXTERNAL_FILTERS`, the machine's own program runs (no shell, input from the
pipe, a timeout).  Operands naming simulated ``/proc`` or ``/sys`` files are read
through the host's ``cat`` into a private temporary tree, so ``grep x
/proc/net/dev`` sees the simulation, not the real machine; the tree's prefix is
removed from the program's output so file names print as written.

``tee`` and ``xargs`` are implemented here rather than run: ``tee`` must write
through ``host.write_file`` (``echo 1 | tee /proc/sys/net/ipv4/ip_forward``), and
``xargs`` must run its command in the simulation, never on the real machine.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from typing import TYPE_CHECKING

from .api import CommandResult, UnsupportedError
from .chars import ascii_digits as _digits
from .streams import IO, InputStream

if TYPE_CHECKING:
    from .executor import Executor

EXTERNAL_FILTERS = frozenset({
    "grep", "cut", "awk", "sed", "sort", "uniq", "wc", "head", "tail", "tr", "column", "cat",
})
FILTER_TIMEOUT = 10.0
_SIMULATED = ("/proc/", "/sys/")


def run_external_filter(ex: Executor, argv: list[str], stdin: str,
                        env: dict[str, str]) -> CommandResult:
    """Run the machine's ``argv[0]`` on ``stdin``; UnsupportedError if it is not installed."""
    name = argv[0]
    path = shutil.which(name)
    if path is None:
        raise UnsupportedError(f"{name} (not installed on this machine)")
    with tempfile.TemporaryDirectory(prefix="vnet-filter-") as tmp:
        args = [_stage_operand(ex, tmp, a) for a in argv[1:]]
        full_env = dict(os.environ)
        full_env.update(env)
        try:
            proc = subprocess.run([path, *args], input=stdin, capture_output=True, text=True,
                                  timeout=FILTER_TIMEOUT, env=full_env, check=False,
                                  errors="replace")
        except subprocess.TimeoutExpired:
            raise UnsupportedError(
                f"{name} did not finish within {FILTER_TIMEOUT:g} s") from None
        except OSError as e:
            raise UnsupportedError(f"{name}: {e.strerror}") from None
        out = proc.stdout.replace(tmp, "")
        err = proc.stderr.replace(tmp, "")
        return CommandResult(out, err, proc.returncode & 0xFF)


def _stage_operand(ex: Executor, tmp: str, arg: str) -> str:
    """Copy a simulated file operand into ``tmp`` (same path under it); other args unchanged."""
    if not arg.startswith(_SIMULATED):
        return arg
    res = ex.host.run_command(["cat", arg], "")
    if res.status != 0:
        return tmp + arg  # absent: the program reports it missing, under its own name
    target = tmp + arg
    os.makedirs(os.path.dirname(target), exist_ok=True)
    with open(target, "w", encoding="utf-8") as fh:
        fh.write(res.stdout)
    return target


def tee(ex: Executor, argv: list[str], io: IO) -> int:
    append = False
    files: list[str] = []
    for a in argv[1:]:
        if a in ("-a", "--append"):
            append = True
        elif a in ("-i", "--ignore-interrupts", "-p"):
            pass
        elif a.startswith("-") and a != "-":
            raise UnsupportedError(f"tee {a}")
        else:
            files.append(a)
    data = io.stdin.read_all()
    io.stdout.write(data)
    status = 0
    for path in files:
        if path == "/dev/null":
            continue
        if path in ("-", "/dev/stdout"):
            io.stdout.write(data)
            continue
        if path == "/dev/stderr":
            io.stderr.write(data)
            continue
        if not path.startswith(_SIMULATED):
            raise UnsupportedError(f"tee {path} (vnet writes only the simulated /proc and /sys)")
        err = ex.host.write_file(path, data, append)
        if err is not None:
            io.stderr.write(f"tee: {path}: {err}\n")
            status = 1
    return status


def _xargs_split(data: str) -> list[str]:
    """xargs' default input parsing: blanks separate, quotes and backslash protect."""
    items: list[str] = []
    cur: list[str] = []
    have = False
    i = 0
    n = len(data)
    while i < n:
        c = data[i]
        if c in " \t\n":
            if have:
                items.append("".join(cur))
                cur, have = [], False
            i += 1
        elif c in "'\"":
            end = data.find(c, i + 1)
            if end < 0:
                raise UnsupportedError("xargs: unmatched quote in input")
            cur.append(data[i + 1:end])
            have = True
            i = end + 1
        elif c == "\\" and i + 1 < n:
            cur.append(data[i + 1])
            have = True
            i += 2
        else:
            cur.append(c)
            have = True
            i += 1
    if have:
        items.append("".join(cur))
    return items


def _xargs_usage(io: IO, msg: str) -> int:
    io.stderr.write(f"xargs: {msg}\nTry 'xargs --help' for more information.\n")
    return 1


def xargs(ex: Executor, argv: list[str], io: IO) -> int:
    args = argv[1:]
    max_args: int | None = None
    replace: str | None = None
    no_run_if_empty = False
    while args and args[0].startswith("-") and args[0] != "-":
        a = args.pop(0)
        if a == "--":
            break
        if a in ("-r", "--no-run-if-empty"):
            no_run_if_empty = True
        elif a.startswith("-n") and (len(a) > 2 or args):
            value = a[2:] if len(a) > 2 else args.pop(0)
            if not _digits(value):
                return _xargs_usage(io, f'invalid number "{value}" for -n option')
            if int(value) < 1:
                return _xargs_usage(io, f"value {value} for -n option should be >= 1")
            max_args = int(value)
        elif a == "-I" and args:
            replace = args.pop(0)
        elif a.startswith("-I") and len(a) > 2:
            replace = a[2:]
        elif a == "-i":
            replace = "{}"
        else:
            raise UnsupportedError(f"xargs {a}")
    command = args or ["echo"]
    data = io.stdin.read_all()
    batches: list[list[str]]
    if replace is not None:
        lines = [ln.strip() for ln in data.split("\n") if ln.strip()]
        batches = [[w.replace(replace, ln) for w in command] for ln in lines]
    else:
        items = _xargs_split(data)
        if not items:
            batches = [] if no_run_if_empty else [list(command)]
        else:
            size = max_args or len(items)
            batches = [command + items[k:k + size] for k in range(0, len(items), size)]
    status = 0
    empty_in = io.with_fds(stdin=InputStream(""))
    for batch in batches:
        st = ex.run_argv(batch, empty_in, functions=False)
        if st == 255:
            return 124
        if st:
            status = 123
    return status


INTERNAL_FILTERS: dict[str, Callable[[Executor, list[str], IO], int]] = {
    "tee": tee,
    "xargs": xargs,
}
