"""Splitting a raw word into its parts: literals, quotes, ``$x``, ``${...}``, ``$(...)``.

This is the syntax half of word expansion (``expand.py`` is the meaning half).
Modes say which quoting rules apply: ``word`` (unquoted text), ``dq`` (inside
double quotes), ``heredoc`` (a here-document body: like dq, but ``"`` is
ordinary), ``arg`` / ``arg_dq`` (the word inside ``${x:-word}``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import scan
from .api import UnsupportedError
from .chars import ascii_digits as _digits
from .errors import ExpansionAbort


@dataclass(frozen=True)
class Lit:
    text: str
    quoted: bool


@dataclass(frozen=True)
class DQ:
    parts: tuple[Part, ...]


@dataclass(frozen=True)
class Param:
    name: str
    op: str | None = None  # ":-", "#", "/", ":" (substring), ...
    arg: str | None = None
    arg2: str | None = None  # replacement of "/", length of ":"
    length: bool = False  # ${#x}
    indirect: bool = False  # ${!x}
    source: str = ""  # the ${...} text, for "bad substitution"


@dataclass(frozen=True)
class CmdSub:
    src: str
    backtick: bool = False


@dataclass(frozen=True)
class ArithSub:
    src: str


@dataclass(frozen=True)
class Tilde:
    text: str


Part = Lit | DQ | Param | CmdSub | ArithSub | Tilde

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_SPECIAL = "@*#?-$!0"
_BRACE_OPS = (":-", ":=", ":+", ":?", "-", "=", "+", "?", "##", "#", "%%", "%",
              "//", "/#", "/%", "/", "^^", "^", ",,", ",", ":")
_ANSI = {"a": "\a", "b": "\b", "e": "\x1b", "E": "\x1b", "f": "\f", "n": "\n", "r": "\r",
         "t": "\t", "v": "\v", "\\": "\\", "'": "'", '"': '"', "?": "?"}


def _escapes(s: str, octal: str) -> tuple[str, bool]:
    """Backslash escapes; ``octal`` is "ansi" (\\nnn), "echo" (\\0nnn) or "both".

    Returns the text and whether ``\\c`` asked to stop output there (echo/%b only).
    """
    out: list[str] = []
    i = 0
    n = len(s)
    while i < n:
        c = s[i]
        if c != "\\" or i + 1 >= n:
            out.append(c)
            i += 1
            continue
        e = s[i + 1]
        i += 2
        if e in _ANSI and not (octal != "ansi" and e in "'\"?"):
            out.append(_ANSI[e])
        elif e == "0" and octal in ("echo", "both"):
            m = re.match(r"[0-7]{0,3}", s[i:])
            assert m
            out.append(chr(int(m.group() or "0", 8) & 0xFF))
            i += len(m.group())
        elif e in "01234567" and octal in ("ansi", "both"):
            m = re.match(r"[0-7]{1,3}", s[i - 1:])
            assert m
            out.append(chr(int(m.group(), 8) & 0xFF))
            i += len(m.group()) - 1
        elif e in "xuU":
            width = {"x": 2, "u": 4, "U": 8}[e]
            m = re.match(r"[0-9A-Fa-f]{1,%d}".replace("%d", str(width)), s[i:])
            if m:
                out.append(chr(min(int(m.group(), 16), 0x10FFFF)))
                i += len(m.group())
            else:
                out.append("\\" + e)
        elif e == "c":
            if octal == "ansi" and i < n:
                out.append(chr(ord(s[i]) & 0x1F))
                i += 1
            elif octal != "ansi":
                return "".join(out), True
            else:
                out.append("\\c")
        else:
            out.append("\\" + e)
    return "".join(out), False


def ansi_c(s: str) -> str:
    """Decode the inside of ``$'...'``."""
    return _escapes(s, "ansi")[0]


def escapes_echo(s: str) -> tuple[str, bool]:
    """``echo -e`` escapes; True if ``\\c`` ended the output."""
    return _escapes(s, "echo")


def escapes_b(s: str) -> tuple[str, bool]:
    """``printf %b`` escapes; True if ``\\c`` ended the output."""
    return _escapes(s, "both")


def unescape_backtick(s: str, in_dq: bool) -> str:
    """Inside backticks a backslash quotes only ``$``, backquote, backslash (and ``"`` in dq)."""
    specials = "$`\\\"" if in_dq else "$`\\"
    out: list[str] = []
    i = 0
    while i < len(s):
        if s[i] == "\\" and i + 1 < len(s) and s[i + 1] in specials:
            out.append(s[i + 1])
            i += 2
        else:
            out.append(s[i])
            i += 1
    return "".join(out)


def parse_brace(inner: str) -> Param:
    """The inside of ``${...}``."""
    source = "${" + inner + "}"

    def bad() -> ExpansionAbort:
        return ExpansionAbort(f"{source}: bad substitution")

    if inner == "":
        raise bad()
    if inner[0] == "#" and len(inner) > 1:
        rest = inner[1:]
        if _NAME.fullmatch(rest) or _digits(rest) or (len(rest) == 1 and rest in _SPECIAL):
            return Param(rest, length=True, source=source)
        if rest[0] not in ":-=+?#%/":
            if "[" in rest:
                raise UnsupportedError("arrays")
            raise bad()
    indirect = False
    if inner[0] == "!" and len(inner) > 1:
        m = _NAME.match(inner, 1)
        if not m or m.end() != len(inner):
            raise UnsupportedError(f"{source} (indirect expansion forms)")
        return Param(m.group(), indirect=True, source=source)
    m = _NAME.match(inner)
    if m:
        name = m.group()
    elif _digits(inner[0]):
        name = re.match(r"[0-9]+", inner).group()  # type: ignore[union-attr]
    elif inner[0] in _SPECIAL:
        name = inner[0]
    else:
        raise bad()
    rest = inner[len(name):]
    if rest == "":
        return Param(name, indirect=indirect, source=source)
    if rest[0] == "[":
        raise UnsupportedError("arrays")
    if rest[0] == "@":
        raise UnsupportedError(f"{source} (parameter transformation)")
    for op in _BRACE_OPS:
        if rest.startswith(op):
            arg = rest[len(op):]
            if op.startswith("/"):
                pat, rep = _split_slash(arg)
                return Param(name, op, pat, rep, source=source)
            if op == ":":
                off, sep, ln = _split_colon(arg)
                return Param(name, op, off, ln if sep else None, source=source)
            return Param(name, op, arg, source=source)
    raise bad()


def _split_slash(s: str) -> tuple[str, str | None]:
    i = 0
    while i < len(s):
        c = s[i]
        if c == "\\":
            i += 2
            continue
        if c == "'":
            i = scan.squote_end(s, i + 1)
            continue
        if c == '"':
            i = scan.dquote_end(s, i + 1)
            continue
        if c == "$":
            i = scan.dollar_end(s, i)
            continue
        if c == "/":
            return s[:i], s[i + 1:]
        i += 1
    return s, None


def _split_colon(s: str) -> tuple[str, bool, str]:
    depth = 0
    for i, c in enumerate(s):
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == ":" and depth == 0:
            return s[:i], True, s[i + 1:]
    return s, False, ""


def parse_parts(raw: str, mode: str = "word") -> list[Part]:
    """Split ``raw`` into parts under the quoting rules of ``mode``."""
    out: list[Part] = []
    lit: list[str] = []
    quoted_mode = mode in ("dq", "heredoc", "arg_dq")

    def flush() -> None:
        if lit:
            out.append(Lit("".join(lit), quoted_mode))
            lit.clear()

    i = 0
    n = len(raw)
    if mode == "word" and raw.startswith("~"):
        m = re.match(r"~[A-Za-z0-9_.-]*", raw)
        assert m
        end = m.end()
        if end == n or raw[end] == "/":
            out.append(Tilde(m.group()))
            i = end
    while i < n:
        c = raw[i]
        if c == "\\":
            nxt = raw[i + 1:i + 2]
            if nxt == "\n":
                i += 2
                continue
            if not quoted_mode:
                flush()
                out.append(Lit(nxt if nxt else "\\", bool(nxt)))
                i += 2
                continue
            specials = "$`\\" if mode == "heredoc" else "$`\\\""
            if nxt and nxt in specials:
                flush()
                out.append(Lit(nxt, True))
                i += 2
                continue
            lit.append("\\")
            i += 1
            continue
        if c == "'" and not quoted_mode:
            end = scan.squote_end(raw, i + 1)
            flush()
            out.append(Lit(raw[i + 1:end - 1], True))
            i = end
            continue
        if c == '"' and mode in ("word", "arg", "arg_dq"):
            end = scan.dquote_end(raw, i + 1)
            flush()
            out.append(DQ(tuple(parse_parts(raw[i + 1:end - 1], "dq"))))
            i = end
            continue
        if c == "`":
            end = scan.backtick_end(raw, i + 1)
            flush()
            out.append(CmdSub(unescape_backtick(raw[i + 1:end - 1], quoted_mode), True))
            i = end
            continue
        if c == "$":
            part, end = _dollar(raw, i, quoted_mode)
            if part is None:
                lit.append("$")
            else:
                flush()
                out.append(part)
            i = end
            continue
        lit.append(c)
        i += 1
    flush()
    return out


def _dollar(raw: str, i: int, quoted_mode: bool) -> tuple[Part | None, int]:
    n = len(raw)
    nxt = raw[i + 1:i + 2]
    if nxt == "(":
        if raw[i + 2:i + 3] == "(":
            end = scan.arith_end(raw, i + 3)
            if end is not None:
                return ArithSub(raw[i + 3:end - 2]), end
        end = scan.cmdsubst_end(raw, i + 2)
        return CmdSub(raw[i + 2:end - 1]), end
    if nxt == "{":
        end = scan.brace_end(raw, i + 2)
        return parse_brace(raw[i + 2:end - 1]), end
    if nxt == "'" and not quoted_mode:
        end = scan.ansi_quote_end(raw, i + 2)
        return Lit(ansi_c(raw[i + 2:end - 1]), True), end
    if nxt == '"' and not quoted_mode:
        end = scan.dquote_end(raw, i + 2)
        return DQ(tuple(parse_parts(raw[i + 2:end - 1], "dq"))), end
    m = _NAME.match(raw, i + 1)
    if m:
        return Param(m.group(), source="$" + m.group()), m.end()
    if nxt and (_digits(nxt) or nxt in _SPECIAL):
        return Param(nxt, source="$" + nxt), i + 2
    del n
    return None, i + 1
