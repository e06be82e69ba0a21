"""Tokens of the bash subset: words, operators, newlines, ``((...))`` and here-documents.

The lexer is pulled by the parser one token at a time, because here-document
bodies start after the newline that ends the line they were announced on, and only
the parser knows when one was announced (:meth:`Lexer.add_heredoc`).  A word token
keeps its raw source text (quotes included); ``expand.py`` gives it meaning later.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from dataclasses import dataclass

from . import scan
from .api import UnsupportedError
from .chars import ascii_digits as _digits
from .errors import ShellSyntaxError
from .nodes import HereDoc

WORD = "WORD"
OP = "OP"
NEWLINE = "NEWLINE"
EOF = "EOF"
ARITH = "ARITH"  # ((...)) as a command; value is the text between the parentheses

# Longest first, so that a prefix never wins over the whole operator.
OPERATORS = (
    ";;&", "&>>", "<<<", "<<-",
    "&&", "||", ";;", ";&", "|&", ">>", "<<", ">&", "<&", "<>", ">|", "&>",
    ";", "&", "|", "(", ")", "<", ">",
)
REDIRECT_OPS = frozenset({">", ">>", ">|", "<", "<<", "<<-", "<<<", ">&", "<&", "<>", "&>", "&>>"})
_META = " \t\n;&|()<>"


@dataclass
class Token:
    """One token; ``fd`` is the IO number of a redirection (``2>``), if given."""

    kind: str
    value: str
    line: int
    start: int
    end: int
    space_before: bool
    fd: int | None = None

    def shown(self) -> str:
        """How bash names the token in ``syntax error near unexpected token `X'``."""
        if self.kind == NEWLINE:
            return "newline"
        if self.kind == ARITH:
            return "("
        return self.value


class Lexer:
    """Splits script text into tokens on demand."""

    def __init__(self, text: str, *, line_offset: int = 0, interactive: bool = False,
                 warn: Callable[[int, str], None] | None = None) -> None:
        self.text = text
        self.pos = 0
        self.line_offset = line_offset
        self.interactive = interactive
        self.warn = warn
        self._newlines = [i for i, c in enumerate(text) if c == "\n"]
        self._pending: list[HereDoc] = []

    # -- positions -------------------------------------------------------------
    def line_of(self, pos: int) -> int:
        """1-based script line of a text offset."""
        return self.line_offset + 1 + bisect.bisect_left(self._newlines, pos)

    def line_text(self, line: int) -> str:
        """The source text of a script line."""
        lines = self.text.split("\n")
        idx = line - self.line_offset - 1
        return lines[idx] if 0 <= idx < len(lines) else ""

    def eof_line(self) -> int:
        """The line bash blames for ``unexpected end of file``."""
        return self.line_offset + 1 + len(self._newlines)

    def incomplete(self, message: str, line: int | None = None) -> ShellSyntaxError:
        return ShellSyntaxError(message, self.eof_line() if line is None else line,
                                incomplete=True)

    # -- here-documents ----------------------------------------------------------
    def add_heredoc(self, doc: HereDoc) -> None:
        """Register a here-document whose body follows the next newline."""
        self._pending.append(doc)

    def _read_heredocs(self) -> None:
        text = self.text
        for doc in self._pending:
            body: list[str] = []
            while True:
                if self.pos >= len(text):
                    if self.interactive:
                        raise self.incomplete("here-document not finished")
                    if self.warn is not None:
                        self.warn(self.line_of(max(len(text) - 1, 0)),
                                  f"warning: here-document at line {doc.line} delimited by "
                                  f"end-of-file (wanted `{doc.delimiter}')")
                    break
                nl = text.find("\n", self.pos)
                end = len(text) if nl < 0 else nl
                line = text[self.pos:end]
                self.pos = end + 1 if nl >= 0 else end
                if doc.strip_tabs:
                    line = line.lstrip("\t")
                if line == doc.delimiter:
                    break
                body.append(line + "\n")
            doc.body = "".join(body)
        self._pending = []

    # -- tokens ------------------------------------------------------------------
    def next_token(self) -> Token:
        text = self.text
        n = len(text)
        start_pos = self.pos
        i = self.pos
        while True:
            while i < n and text[i] in " \t":
                i += 1
            if text.startswith("\\\n", i):
                i += 2
                continue
            if i < n and text[i] == "#":
                nl = text.find("\n", i)
                i = n if nl < 0 else nl
            break
        space = i > start_pos or start_pos == 0
        if i >= n:
            self.pos = n
            if self._pending:
                self._read_heredocs()
            return Token(EOF, "", self.eof_line(), n, n, space)
        c = text[i]
        line = self.line_of(i)
        if c == "\n":
            self.pos = i + 1
            if self._pending:
                self._read_heredocs()
            return Token(NEWLINE, "\n", line, i, i + 1, space)
        if text.startswith("((", i):
            end = scan.arith_cmd_end(text, i + 2)
            if end is not None:
                self.pos = end
                return Token(ARITH, text[i + 2:end - 2], line, i, end, space)
        if c in "<>" and text.startswith("(", i + 1):
            err = UnsupportedError(f"process substitution {c}(...)")
            err.line = line  # type: ignore[attr-defined]
            raise err
        for op in OPERATORS:
            if text.startswith(op, i):
                self.pos = i + len(op)
                return Token(OP, op, line, i, self.pos, space)
        end = self._word_end(i)
        word = text[i:end]
        if _digits(word) and end < n and text[end] in "<>":
            for op in OPERATORS:
                if op in REDIRECT_OPS and text.startswith(op, end) and not op.startswith("&"):
                    self.pos = end + len(op)
                    return Token(OP, op, line, i, self.pos, space, fd=int(word))
        self.pos = end
        return Token(WORD, word, line, i, end, space)

    def _word_end(self, i: int) -> int:
        text = self.text
        n = len(text)
        try:
            while i < n:
                c = text[i]
                if c in _META:
                    break
                if c == "\\":
                    i += 2
                elif c == "'":
                    i = scan.squote_end(text, i + 1)
                elif c == '"':
                    i = scan.dquote_end(text, i + 1)
                elif c == "`":
                    i = scan.backtick_end(text, i + 1)
                elif c == "$":
                    i = scan.dollar_end(text, i)
                else:
                    i += 1
        except scan.Unterminated as e:
            line = self.eof_line() if e.at_eof else self.line_of(e.start)
            raise self.incomplete(
                f"unexpected EOF while looking for matching `{e.closer}'", line) from None
        return min(i, n)
