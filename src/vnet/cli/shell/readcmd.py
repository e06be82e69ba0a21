"""The ``read`` builtin: one line from fd 0, backslash handling, IFS splitting into names.

A ``while read`` loop consumes its input line by line from the shared
:class:`InputStream`; EOF (or a last line without newline) makes ``read`` return 1.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .api import UnsupportedError
from .streams import IO

if TYPE_CHECKING:
    from .executor import Executor

_NAME_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")


def b_read(ex: Executor, argv: list[str], io: IO) -> int:
    raw = False
    delim = "\n"
    names: list[str] = []
    args = argv[1:]
    i = 0
    while i < len(args):
        a = args[i]
        if a == "-r":
            raw = True
        elif a in ("-p", "-t", "-u"):
            if a == "-u":
                raise UnsupportedError("read -u")
            i += 1  # prompt only shown on terminals; no timeouts in a script's input
        elif a == "-s":
            pass
        elif a == "-d":
            i += 1
            delim = args[i][:1] if i < len(args) else "\n"
            if delim == "":
                raise UnsupportedError("read -d ''")
        elif a.startswith("-") and len(a) > 1:
            raise UnsupportedError(f"read {a}")
        else:
            names.append(a)
        i += 1
    if not names:
        names = ["REPLY"]
    for n in names:
        if not _NAME_RE.match(n):
            ex.error(io, f"read: `{n}': not a valid identifier")
            return 1
    stdin = io.stdin
    got = stdin.readline(delim)
    if got is None:
        for n in names:
            ex.assign(n, "", io)
        return 1
    line, complete = got
    if not raw:
        while line.endswith("\\") and not line.endswith("\\\\") and complete:
            more = stdin.readline(delim)
            line = line[:-1]
            if more is None:
                complete = False
                break
            line += more[0]
            complete = more[1]
        line = re.sub(r"\\(.)", r"\1", line)
    values = _split_for_read(line, len(names), ex.get_param("IFS"), names == ["REPLY"])
    for n, v in zip(names, values, strict=False):
        ex.assign(n, v, io)
    return 0 if complete else 1


def _split_for_read(line: str, count: int, ifs: str | None, reply: bool) -> list[str]:
    if ifs is None:
        ifs = " \t\n"
    ws = "".join(c for c in ifs if c in " \t\n")
    if reply:
        return [line]
    fields: list[str] = []
    i = 0
    n = len(line)
    while i < n and line[i] in ws:
        i += 1
    while len(fields) < count - 1 and i < n:
        j = i
        while j < n and line[j] not in ifs:
            j += 1
        fields.append(line[i:j])
        i = j
        while i < n and line[i] in ws:
            i += 1
        if i < n and line[i] in ifs and line[i] not in ws:
            i += 1
            while i < n and line[i] in ws:
                i += 1
    rest = line[i:].rstrip(ws) if i < n else ""
    fields.append(rest)
    while len(fields) < count:
        fields.append("")
    return fields
