"""Brace expansion: ``a{b,c}d`` and ``{1..5}``, the first expansion bash applies to a word.

Works on the raw word text (before quotes are removed), so quoted or escaped
braces and ``${...}`` are left alone.  Sequences support integers (with an
optional step and zero padding) and single letters.
"""

from __future__ import annotations

import re

from . import scan
from .api import UnsupportedError
from .chars import ascii_digits as _digits

MAX_WORDS = 100_000
_SEQ_RE = re.compile(r"(-?[0-9]+|[A-Za-z])\.\.(-?[0-9]+|[A-Za-z])(?:\.\.(-?[0-9]+))?\Z")


def _skip(raw: str, i: int) -> int | None:
    """If raw[i] starts a quoted or $-construct, the index after it; else None."""
    c = raw[i]
    if c == "\\":
        return i + 2
    if c == "'":
        return scan.squote_end(raw, i + 1)
    if c == '"':
        return scan.dquote_end(raw, i + 1)
    if c == "`":
        return scan.backtick_end(raw, i + 1)
    if c == "$" and raw[i + 1:i + 2] in ("(", "{", "'", '"'):
        return scan.dollar_end(raw, i)
    return None


def _group(raw: str, start: int) -> tuple[int, list[int]] | None:
    """For the ``{`` at ``start``: index of its ``}`` and the top-level comma positions."""
    depth = 0
    commas: list[int] = []
    i = start
    n = len(raw)
    while i < n:
        nxt = _skip(raw, i)
        if nxt is not None:
            i = nxt
            continue
        c = raw[i]
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
            if depth == 0:
                return i, commas
        elif c == "," and depth == 1:
            commas.append(i)
        i += 1
    return None


def _sequence(body: str) -> list[str] | None:
    m = _SEQ_RE.match(body)
    if not m:
        return None
    a, b, step_s = m.groups()
    step = abs(int(step_s)) if step_s else 1
    if step == 0:
        step = 1
    if _digits(a.lstrip("-")) and _digits(b.lstrip("-")):
        x, y = int(a), int(b)
        count = abs(y - x) // step + 1
        if count > MAX_WORDS:
            raise UnsupportedError(f"brace expansion of {count} words")
        width = 0
        if re.match(r"-?0[0-9]", a) or re.match(r"-?0[0-9]", b):
            width = max(len(a), len(b))
        vals = range(x, y + (1 if y >= x else -1), step if y >= x else -step)
        return [str(v).zfill(width) if v >= 0 else "-" + str(-v).zfill(width - 1)
                for v in vals]
    if len(a) == 1 and len(b) == 1 and a.isalpha() and b.isalpha():
        x, y = ord(a), ord(b)
        vals = range(x, y + (1 if y >= x else -1), step if y >= x else -step)
        return [chr(v) if chr(v) not in "\\`$\"'" else "\\" + chr(v) for v in vals]
    return None


def expand_braces(raw: str) -> list[str]:
    """The words ``raw`` brace-expands to (``[raw]`` when it has no brace expression)."""
    if "{" not in raw:
        return [raw]
    i = 0
    n = len(raw)
    while i < n:
        nxt = _skip(raw, i)
        if nxt is not None:
            i = nxt
            continue
        if raw[i] == "{":
            grp = _group(raw, i)
            if grp is not None:
                end, commas = grp
                prefix, suffix = raw[:i], raw[end + 1:]
                if commas:
                    bounds = [i, *commas, end]
                    alts = [raw[bounds[k] + 1:bounds[k + 1]] for k in range(len(bounds) - 1)]
                else:
                    alts = _sequence(raw[i + 1:end]) or []
                if alts:
                    out: list[str] = []
                    for alt in alts:
                        out.extend(expand_braces(prefix + alt + suffix))
                        if len(out) > MAX_WORDS:
                            raise UnsupportedError(f"brace expansion of more than {MAX_WORDS} words")
                    return out
        i += 1
    return [raw]
