"""Find where bash's nested constructs end: quotes, ``$(...)``, ``${...}``, backticks.

The lexer uses these to decide how far a word reaches; the word expander uses
them again to split a word into its parts.  Every function takes the text and the
index just after the opening characters and returns the index just after the
closing ones, or raises :class:`Unterminated` naming the character bash would
say it was looking for.
"""

from __future__ import annotations

_WORD_BREAK = " \t\n;&|()<>"


class Unterminated(Exception):
    """End of text inside a construct; ``closer`` is what bash was looking for."""

    def __init__(self, closer: str, start: int, at_eof: bool = False) -> None:
        super().__init__(closer)
        self.closer = closer
        self.start = start
        self.at_eof = at_eof  # bash blames the end of file, not the opening line


def squote_end(s: str, i: int) -> int:
    """``'...'``: nothing is special until the next single quote."""
    j = s.find("'", i)
    if j < 0:
        raise Unterminated("'", i - 1)
    return j + 1


def ansi_quote_end(s: str, i: int) -> int:
    """``$'...'``: backslash escapes a quote."""
    n = len(s)
    while i < n:
        c = s[i]
        if c == "\\":
            i += 2
            continue
        if c == "'":
            return i + 1
        i += 1
    raise Unterminated("'", i)


def dquote_end(s: str, i: int) -> int:
    """``"..."``: backslash, ``$`` constructs and backticks nest inside."""
    start = i - 1
    n = len(s)
    while i < n:
        c = s[i]
        if c == "\\":
            i += 2
        elif c == '"':
            return i + 1
        elif c == "`":
            i = backtick_end(s, i + 1)
        elif c == "$":
            i = dollar_end(s, i)
        else:
            i += 1
    raise Unterminated('"', start)


def backtick_end(s: str, i: int) -> int:
    """Old-style command substitution."""
    start = i - 1
    n = len(s)
    while i < n:
        c = s[i]
        if c == "\\":
            i += 2
        elif c == "`":
            return i + 1
        else:
            i += 1
    raise Unterminated("`", start)


def dollar_end(s: str, i: int) -> int:
    """``s[i]`` is ``$``: the end of the construct it starts (just past ``$`` if none)."""
    nxt = s[i + 1 : i + 2]
    if nxt == "(":
        if s[i + 2 : i + 3] == "(":
            end = arith_end(s, i + 3)
            if end is not None:
                return end
        return cmdsubst_end(s, i + 2)
    if nxt == "{":
        return brace_end(s, i + 2)
    if nxt == "'":
        return ansi_quote_end(s, i + 2)
    if nxt == '"':
        return dquote_end(s, i + 2)
    return i + 1


def cmdsubst_end(s: str, i: int) -> int:
    """``$(...)``: a nested script; parentheses balance outside quotes and comments."""
    start = i - 2
    depth = 1
    n = len(s)
    word_start = True
    while i < n:
        c = s[i]
        if c == "\\":
            i += 2
            word_start = False
            continue
        if c == "#" and word_start:
            nl = s.find("\n", i)
            i = n if nl < 0 else nl
            continue
        word_start = c in _WORD_BREAK
        if c == "'":
            i = squote_end(s, i + 1)
        elif c == '"':
            i = dquote_end(s, i + 1)
        elif c == "`":
            i = backtick_end(s, i + 1)
        elif c == "$":
            i = dollar_end(s, i)
        elif c == "(":
            depth += 1
            i += 1
        elif c == ")":
            depth -= 1
            i += 1
            if depth == 0:
                return i
        else:
            i += 1
    raise Unterminated(")", start, at_eof=True)


def arith_end(s: str, i: int) -> int | None:
    """``$((...))``: None when the parentheses show it is really ``$( (...) ...)``."""
    start = i - 3
    depth = 0
    n = len(s)
    while i < n:
        c = s[i]
        if c == "\\":
            i += 2
        elif c == "'":
            i = squote_end(s, i + 1)
        elif c == '"':
            i = dquote_end(s, i + 1)
        elif c == "`":
            i = backtick_end(s, i + 1)
        elif c == "$":
            i = dollar_end(s, i)
        elif c == "(":
            depth += 1
            i += 1
        elif c == ")":
            if depth == 0:
                if s[i + 1 : i + 2] == ")":
                    return i + 2
                return None
            depth -= 1
            i += 1
        else:
            i += 1
    raise Unterminated(")", start)


def brace_end(s: str, i: int) -> int:
    """``${...}``."""
    start = i - 2
    n = len(s)
    while i < n:
        c = s[i]
        if c == "\\":
            i += 2
        elif c == "'":
            i = squote_end(s, i + 1)
        elif c == '"':
            i = dquote_end(s, i + 1)
        elif c == "`":
            i = backtick_end(s, i + 1)
        elif c == "$":
            i = dollar_end(s, i)
        elif c == "}":
            return i + 1
        else:
            i += 1
    raise Unterminated("}", start)


def arith_cmd_end(s: str, i: int) -> int | None:
    """``((...))`` as a command: index after ``))``, or None if it does not close so."""
    try:
        return arith_end(s, i)
    except Unterminated:
        return None
