"""The ``printf`` builtin: C conversions, escapes in the format, format reuse, ``-v``.

Follows bash's ``printf.def``: missing arguments read as "" or 0, numeric
arguments accept ``0x``, leading-zero octal and ``'c`` (a character's code), a
bad number prints ``printf: ARG: invalid number`` and makes the status 1, and the
format is reused while arguments remain.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .quoting import printf_q
from .streams import IO
from .wordparts import escapes_b

if TYPE_CHECKING:
    from .executor import Executor

_SPEC = re.compile(r"%([-+ #0]*)(\*|[0-9]+)?(?:\.(\*|[0-9]*))?([a-zA-Z%]?)")
_FORMAT_ESC = {"a": "\a", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t", "v": "\v",
               "\\": "\\", '"': '"', "'": "'", "?": "?", "e": "\x1b", "E": "\x1b"}
_NAME_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
_INT_RE = re.compile(r"\s*([-+]?)(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)")


class _Stop(Exception):
    """``\\c`` in a %b argument: stop all output."""


class _Formatter:
    def __init__(self, ex: Executor, io: IO, out: list[str], to_var: bool) -> None:
        self.ex = ex
        self.io = io
        self.out = out
        self.to_var = to_var
        self.status = 0

    def flush(self) -> None:
        """Write what is formatted so far (bash's output and messages interleave)."""
        if not self.to_var and self.out:
            self.io.stdout.write("".join(self.out))
            self.out.clear()

    def message(self, text: str) -> None:
        self.flush()
        self.ex.error(self.io, text)
        self.status = 1

    def bad(self, arg: str, what: str = "invalid number") -> None:
        self.message(f"printf: {arg}: {what}")

    def to_int(self, arg: str) -> int:
        if arg == "":
            return 0
        if arg[0] in "'\"":
            return ord(arg[1]) if len(arg) > 1 else 0
        m = _INT_RE.match(arg)
        if not m:
            self.bad(arg)
            return 0
        digits = m.group(2)
        v = int(digits, 16) if digits[:2].lower() == "0x" else int(digits, 8) \
            if digits.startswith("0") and len(digits) > 1 else int(digits)
        if m.group(1) == "-":
            v = -v
        if arg[m.end():]:
            self.bad(arg)
        return v

    def to_float(self, arg: str) -> float:
        if arg == "":
            return 0.0
        if arg[0] in "'\"":
            return float(ord(arg[1])) if len(arg) > 1 else 0.0
        try:
            return float(arg)
        except ValueError:
            return float(self.to_int(arg))


def _format_escapes(text: str) -> str:
    out: list[str] = []
    i = 0
    n = len(text)
    while i < n:
        c = text[i]
        if c != "\\" or i + 1 >= n:
            out.append(c)
            i += 1
            continue
        e = text[i + 1]
        if e in _FORMAT_ESC:
            out.append(_FORMAT_ESC[e])
            i += 2
        elif e in "01234567":
            m = re.match(r"[0-7]{1,3}", text[i + 1:])
            assert m
            out.append(chr(int(m.group(), 8)))
            i += 1 + len(m.group())
        elif e in "xuU":
            width = {"x": 2, "u": 4, "U": 8}[e]
            m = re.match(r"[0-9A-Fa-f]{1,%d}".replace("%d", str(width)), text[i + 2:])
            if m:
                out.append(chr(min(int(m.group(), 16), 0x10FFFF)))
                i += 2 + len(m.group())
            else:
                out.append("\\" + e)
                i += 2
        else:
            out.append("\\" + e)
            i += 2
    return "".join(out)


def _render(f: _Formatter, fmt: str, args: list[str], pos: int, out: list[str]) -> tuple[int, bool]:
    """One pass over the format; returns (next argument index, any conversion used)."""
    converted = False
    i = 0
    n = len(fmt)

    def take() -> str | None:
        nonlocal pos
        if pos < len(args):
            pos += 1
            return args[pos - 1]
        return None

    while i < n:
        j = fmt.find("%", i)
        lit = fmt[i:] if j < 0 else fmt[i:j]
        out.append(_format_escapes(lit))
        if j < 0:
            break
        m = _SPEC.match(fmt, j)
        assert m
        flags, width, prec, conv = m.groups()
        i = m.end()
        if conv == "%":
            out.append("%")
            continue
        if conv == "" or conv not in "diouxXcsbqfFeEgG":
            bad = conv or fmt[m.end():m.end() + 1] or "%"
            f.message(f"printf: `{bad}': invalid format character")
            raise _Stop
        converted = True
        if width == "*":
            width = str(f.to_int(take() or ""))
            if width.startswith("-"):
                flags += "-"
                width = width[1:]
        if prec == "*":
            prec = str(max(f.to_int(take() or ""), 0))
        spec = "%" + flags + (width or "") + ("." + prec if prec is not None else "")
        arg = take()
        if conv in "sbq":
            s = arg or ""
            if conv == "b":
                s, stop = escapes_b(s)
                if stop:
                    out.append((spec + "s") % s)
                    raise _Stop
            elif conv == "q":
                s = printf_q(s)
            out.append((spec + "s") % s)
        elif conv == "c":
            out.append((spec.split(".")[0] + "s") % (arg or "")[:1])
        elif conv in "diouxX":
            v = f.to_int(arg or "")
            if conv in "ouxX" and v < 0:
                v += 1 << 64
            if conv == "o" and "#" in flags:
                body = "0" + format(v, "o") if v else "0"
                out.append((spec.replace("#", "") + "s") % body)
            else:
                out.append((spec + ("d" if conv in "iu" else conv)) % v)
        else:
            out.append((spec + conv) % f.to_float(arg or ""))
    return pos, converted


def printf_builtin(ex: Executor, argv: list[str], io: IO) -> int:
    args = argv[1:]
    var = None
    if args[:1] == ["-v"]:
        if len(args) < 2:
            ex.error(io, "printf: -v: option requires an argument")
            return 2
        var = args[1]
        if not _NAME_RE.match(var):
            ex.error(io, f"printf: `{var}': not a valid identifier")
            return 1
        args = args[2:]
    if args[:1] == ["--"]:
        args = args[1:]
    if not args:
        ex.error(io, "printf: usage: printf [-v var] format [arguments]")
        return 2
    fmt, rest = args[0], args[1:]
    out: list[str] = []
    f = _Formatter(ex, io, out, var is not None)
    pos = 0
    try:
        while True:
            pos, converted = _render(f, fmt, rest, pos, out)
            if not converted or pos >= len(rest):
                break
    except _Stop:
        pass
    if var is not None:
        if not ex.assign(var, "".join(out), io):
            return 1
    else:
        f.flush()
    return f.status
