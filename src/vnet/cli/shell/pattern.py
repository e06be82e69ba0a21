"""Bash glob patterns (``case``, ``[[ == ]]``, ``${x#pat}``) translated to regular expressions.

A pattern arrives with quoted characters already backslash-escaped by the
expander, so ``"*"`` matches a star while ``*`` matches anything.  Supports
``*``, ``?``, bracket expressions with ``!``/``^`` negation, ranges and POSIX
classes; no extglob.
"""

from __future__ import annotations

import re

_CLASSES = {
    "alpha": "a-zA-Z", "digit": "0-9", "alnum": "a-zA-Z0-9", "upper": "A-Z", "lower": "a-z",
    "space": r" \t\n\r\f\v", "blank": r" \t", "punct": r"!-/:-@\[-`{-~", "xdigit": "0-9A-Fa-f",
    "word": "a-zA-Z0-9_", "cntrl": r"\x00-\x1f\x7f", "print": r" -~", "graph": r"!-~",
}


def _bracket(pat: str, i: int) -> tuple[str, int] | None:
    """Translate ``[...]`` starting after the ``[``; None if it never closes."""
    j = i
    negate = False
    if j < len(pat) and pat[j] in "!^":
        negate = True
        j += 1
    parts: list[str] = []
    first = True
    while j < len(pat):
        c = pat[j]
        if c == "]" and not first:
            body = "".join(parts)
            return ("[^" if negate else "[") + body + "]", j + 1
        first = False
        if c == "[" and pat.startswith("[:", j):
            end = pat.find(":]", j + 2)
            if end >= 0 and pat[j + 2:end] in _CLASSES:
                parts.append(_CLASSES[pat[j + 2:end]])
                j = end + 2
                continue
        if c == "\\" and j + 1 < len(pat):
            parts.append(re.escape(pat[j + 1]))
            j += 2
            continue
        if c == "-" and parts and j + 1 < len(pat) and pat[j + 1] != "]":
            parts.append("-")
            j += 1
            continue
        parts.append(re.escape(c) if c != "-" else r"\-")
        j += 1
    return None


def translate(pat: str) -> str:
    """Regex source for a bash pattern (anchoring left to the caller)."""
    out: list[str] = []
    i = 0
    n = len(pat)
    while i < n:
        c = pat[i]
        if c == "\\":
            if i + 1 < n:
                out.append(re.escape(pat[i + 1]))
                i += 2
            else:
                out.append(re.escape("\\"))
                i += 1
        elif c == "*":
            while i < n and pat[i] == "*":
                i += 1
            out.append(".*")
        elif c == "?":
            out.append(".")
            i += 1
        elif c == "[":
            br = _bracket(pat, i + 1)
            if br is None:
                out.append(re.escape("["))
                i += 1
            else:
                out.append(br[0])
                i = br[1]
        else:
            out.append(re.escape(c))
            i += 1
    return "".join(out)


def compile_pattern(pat: str) -> re.Pattern[str]:
    return re.compile(translate(pat), re.DOTALL)


def matches(pat: str, s: str) -> bool:
    """Whole-string match, as ``case`` and ``[[ == ]]`` do."""
    return compile_pattern(pat).fullmatch(s) is not None


def has_glob(pat: str) -> bool:
    """True if the (escaped) pattern has an unescaped ``*``, ``?`` or ``[``."""
    i = 0
    while i < len(pat):
        if pat[i] == "\\":
            i += 2
            continue
        if pat[i] in "*?[":
            return True
        i += 1
    return False


def remove_prefix(value: str, pat: str, longest: bool) -> str:
    rx = compile_pattern(pat)
    rng = range(len(value), -1, -1) if longest else range(len(value) + 1)
    for k in rng:
        if rx.fullmatch(value[:k]):
            return value[k:]
    return value


def remove_suffix(value: str, pat: str, longest: bool) -> str:
    rx = compile_pattern(pat)
    rng = range(len(value) + 1) if longest else range(len(value), -1, -1)
    for k in rng:
        if rx.fullmatch(value[k:]):
            return value[:k]
    return value


def replace(value: str, pat: str, rep: str, mode: str) -> str:
    """``${v/pat/rep}`` (mode "first"), ``//`` ("all"), ``/#`` ("#": at the start), ``/%`` ("%")."""
    if pat == "":
        return value
    rx = compile_pattern(pat)
    n = len(value)
    if mode == "#":
        for k in range(n, -1, -1):
            if rx.fullmatch(value[:k]):
                return rep + value[k:]
        return value
    if mode == "%":
        for k in range(n + 1):
            if rx.fullmatch(value[k:]):
                return value[:k] + rep
        return value
    out: list[str] = []
    i = 0
    replaced = False
    while i <= n:
        if replaced and mode != "all":
            out.append(value[i:])
            break
        hit = None
        for k in range(n, i - 1, -1):
            if k > i and rx.fullmatch(value[i:k]):
                hit = k
                break
        if hit is not None:
            out.append(rep)
            i = hit
            replaced = True
            continue
        if i < n:
            out.append(value[i])
        i += 1
    return "".join(out)
