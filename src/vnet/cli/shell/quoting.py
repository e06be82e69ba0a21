"""Quoting words back into shell syntax, as ``set -x`` and ``printf %q`` show them."""

from __future__ import annotations

import re

_SAFE = re.compile(r"[A-Za-z0-9_@%+=:,./^-]+\Z")


def quote(word: str) -> str:
    """Bash's single-quote style: ``'a b'``, ``'it'\\''s'``."""
    if word == "":
        return "''"
    if _SAFE.match(word):
        return word
    return "'" + word.replace("'", "'\\''") + "'"


def xtrace_word(word: str) -> str:
    """How ``set -x`` prints one argument."""
    return quote(word)


def printf_q(word: str) -> str:
    """``printf %q``: backslash style for printable text."""
    if word == "":
        return "''"
    if any(ord(c) < 32 or ord(c) == 127 for c in word):
        out = []
        for c in word:
            o = ord(c)
            if c == "'":
                out.append("\\'")
            elif c == "\\":
                out.append("\\\\")
            elif o < 32 or o == 127:
                out.append({"\n": "\\n", "\t": "\\t", "\r": "\\r"}.get(c, f"\\{o:03o}"))
            else:
                out.append(c)
        return "$'" + "".join(out) + "'"
    return "".join(c if re.match(r"[A-Za-z0-9_@%+=:,./-]", c) else "\\" + c for c in word)
