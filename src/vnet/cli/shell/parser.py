"""Recursive-descent parser for the bash subset, one complete command at a time.

Bash reads a script a complete command (a line, or a multi-line compound) at a
time and runs it before reading on, so a syntax error on line 9 comes after the
output of lines 1-8; :meth:`Parser.parse_next` gives the interpreter the same
rhythm.  The grammar follows bash's ``parse.y``::

    list      : and_or ((';' | newline) and_or)*
    and_or    : pipeline (('&&' | '||') linebreak pipeline)*
    pipeline  : ['!'] command (('|' | '|&') linebreak command)*
    command   : simple_command | compound redirect* | function_def
"""

from __future__ import annotations

import re
from collections.abc import Callable

from . import lexer as lx
from .api import UnsupportedError
from .errors import ExpansionAbort, ShellSyntaxError
from .lexer import Lexer, Token
from .nodes import (
    AndOr,
    ArithCommand,
    ArithFor,
    BraceGroup,
    CaseClause,
    CaseItem,
    Command,
    CommandList,
    CondAndOr,
    CondBinary,
    CondCommand,
    CondExpr,
    CondNot,
    CondRegex,
    CondUnary,
    CondWord,
    ForLoop,
    FunctionDef,
    HereDoc,
    IfClause,
    Pipeline,
    Redirect,
    SimpleCommand,
    Subshell,
    WhileLoop,
    Word,
)
from .scan import Unterminated
from .wordparts import DQ, CmdSub, Part, parse_parts

NAME_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
ASSIGN_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\+?=")
ARRAY_ASSIGN_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\[[^\]]*\]\+?=")
RESERVED = frozenset({
    "if", "then", "else", "elif", "fi", "do", "done", "case", "esac", "while", "until",
    "for", "in", "function", "select", "{", "}", "!", "[[", "]]", "time", "coproc",
})
_CLOSERS = frozenset({"then", "else", "elif", "fi", "do", "done", "esac", "}", "in", "]]"})
COND_UNARY = frozenset({
    "-a", "-b", "-c", "-d", "-e", "-f", "-g", "-h", "-k", "-p", "-r", "-s", "-t", "-u",
    "-w", "-x", "-G", "-L", "-N", "-O", "-S", "-z", "-n", "-o", "-v", "-R",
})
COND_BINARY = frozenset({
    "==", "=", "!=", "<", ">", "-eq", "-ne", "-lt", "-le", "-gt", "-ge", "-nt", "-ot", "-ef",
})


def unsupported(message: str, line: int) -> UnsupportedError:
    """An UnsupportedError that remembers the script line it is about."""
    err = UnsupportedError(message)
    err.line = line  # type: ignore[attr-defined]
    return err


def heredoc_delimiter(raw: str) -> tuple[str, bool]:
    """Quote removal on a here-document delimiter; True if any part was quoted."""
    out: list[str] = []
    quoted = False
    i = 0
    while i < len(raw):
        c = raw[i]
        if c == "\\" and i + 1 < len(raw):
            out.append(raw[i + 1])
            quoted = True
            i += 2
        elif c in "'\"":
            end = raw.find(c, i + 1)
            end = len(raw) if end < 0 else end
            out.append(raw[i + 1:end])
            quoted = True
            i = end + 1
        elif c == "$" and raw[i + 1:i + 2] in ("'", '"'):
            i += 1
        else:
            out.append(c)
            i += 1
    return "".join(out), quoted


def _command_substs(raw: str) -> list[str]:
    """The sources of the ``$(...)`` substitutions in a raw word (nested ones included)."""
    out: list[str] = []

    def walk(parts: list[Part]) -> None:
        for p in parts:
            if isinstance(p, CmdSub) and not p.backtick:
                out.append(p.src)
            elif isinstance(p, DQ):
                walk(list(p.parts))

    try:
        walk(parse_parts(raw))
    except (UnsupportedError, ExpansionAbort, Unterminated):
        pass
    return out


class Parser:
    """Parses script text; ``parse_next`` returns one complete command or None at the end."""

    def __init__(self, text: str, *, line_offset: int = 0, interactive: bool = False,
                 warn: Callable[[int, str], None] | None = None) -> None:
        self.lexer = Lexer(text, line_offset=line_offset, interactive=interactive, warn=warn)
        self._buf: list[Token] = []

    # -- token access ------------------------------------------------------------
    @property
    def tok(self) -> Token:
        if not self._buf:
            self._buf.append(self.lexer.next_token())
        return self._buf[0]

    def peek2(self) -> Token:
        while len(self._buf) < 2:
            self._buf.append(self.lexer.next_token())
        return self._buf[1]

    def advance(self) -> Token:
        t = self.tok
        self._buf.pop(0)
        return t

    def is_op(self, *ops: str) -> bool:
        t = self.tok
        return t.kind == lx.OP and t.value in ops

    def is_word(self, *words: str) -> bool:
        t = self.tok
        return t.kind == lx.WORD and t.value in words

    def skip_newlines(self) -> None:
        while self.tok.kind == lx.NEWLINE:
            self.advance()

    def error(self, tok: Token | None = None) -> ShellSyntaxError:
        t = self.tok if tok is None else tok
        if t.kind == lx.EOF:
            return self.lexer.incomplete("syntax error: unexpected end of file")
        return ShellSyntaxError(f"syntax error near unexpected token `{t.shown()}'", t.line,
                                source_line=self.lexer.line_text(t.line))

    def _word(self, t: Token) -> Word:
        """A word node; ``$(...)`` inside is parsed now, as bash does, for its syntax errors."""
        if "$(" in t.value:
            for src in _command_substs(t.value):
                try:
                    Parser(src, line_offset=t.line - 1).parse_all()
                except ShellSyntaxError as e:
                    msg = e.message
                    if e.incomplete and not msg.startswith("unexpected EOF"):
                        msg = "syntax error near unexpected token `)'"
                    raise ShellSyntaxError(msg, t.line,
                                           source_line=self.lexer.line_text(t.line)) from None
        return Word(t.value, t.line)

    def expect_word(self, word: str) -> Token:
        if not self.is_word(word):
            raise self.error()
        return self.advance()

    # -- top level ---------------------------------------------------------------
    def parse_next(self) -> CommandList | None:
        """The next complete command (ends at a newline), or None at end of text."""
        self.skip_newlines()
        if self.tok.kind == lx.EOF:
            return None
        line = self.tok.line
        items = [self.parse_and_or()]
        while self.is_op(";", "&"):
            self._separator()
            if self.tok.kind in (lx.NEWLINE, lx.EOF):
                break
            items.append(self.parse_and_or())
        if self.tok.kind == lx.NEWLINE:
            self.advance()
        elif self.tok.kind != lx.EOF:
            raise self.error()
        return CommandList(items, line)

    def parse_all(self) -> list[CommandList]:
        out: list[CommandList] = []
        while (node := self.parse_next()) is not None:
            out.append(node)
        return out

    def _separator(self) -> None:
        t = self.advance()
        if t.value == "&":
            raise unsupported("background jobs (&)", t.line)

    def parse_compound_list(self, closers: frozenset[str], *, allow_empty: bool = False,
                            close_ops: frozenset[str] = frozenset()) -> CommandList:
        """Commands up to (not including) a closing reserved word or operator."""
        self.skip_newlines()
        line = self.tok.line
        items: list[AndOr] = []
        while True:
            t = self.tok
            if t.kind == lx.EOF:
                break
            if t.kind == lx.WORD and t.value in closers:
                break
            if t.kind == lx.OP and t.value in close_ops:
                break
            items.append(self.parse_and_or())
            if self.is_op(";", "&"):
                self._separator()
            elif self.tok.kind != lx.NEWLINE:
                break
            self.skip_newlines()
        if not items and not allow_empty:
            raise self.error()
        return CommandList(items, line)

    def parse_and_or(self) -> AndOr:
        first = self.parse_pipeline()
        rest: list[tuple[str, Pipeline]] = []
        while self.is_op("&&", "||"):
            op = self.advance().value
            self.skip_newlines()
            rest.append((op, self.parse_pipeline()))
        return AndOr(first, rest)

    def parse_pipeline(self) -> Pipeline:
        line = self.tok.line
        negated = False
        while self.is_word("!"):
            self.advance()
            negated = not negated
        if self.is_word("time"):
            raise unsupported("time", self.tok.line)
        commands = [self.parse_command()]
        stderr_too: list[bool] = []
        while self.is_op("|", "|&"):
            stderr_too.append(self.advance().value == "|&")
            self.skip_newlines()
            commands.append(self.parse_command())
        return Pipeline(commands, negated, line, stderr_too)

    # -- commands ------------------------------------------------------------------
    def parse_command(self) -> Command:
        t = self.tok
        if t.kind == lx.WORD:
            v = t.value
            if v in ("if", "while", "until", "for", "case", "{", "[["):
                node = self._compound(v)
                node.redirects.extend(self._trailing_redirects())
                return node
            if v == "function":
                return self._function_keyword()
            if v in ("select", "coproc"):
                raise unsupported(v, t.line)
            if v in _CLOSERS or v == "!":
                raise self.error()
            if NAME_RE.match(v) or self._is_funcname(v):
                nxt = self.peek2()
                if nxt.kind == lx.OP and nxt.value == "(":
                    return self._function_def()
            return self.parse_simple()
        if t.kind == lx.OP and t.value == "(":
            self.advance()
            body = self.parse_compound_list(frozenset(), close_ops=frozenset({")"}))
            if not self.is_op(")"):
                raise self.error()
            self.advance()
            node = Subshell(body, t.line)
            node.redirects.extend(self._trailing_redirects())
            return node
        if t.kind == lx.ARITH:
            self.advance()
            node2 = ArithCommand(t.value, t.line)
            node2.redirects.extend(self._trailing_redirects())
            return node2
        if t.kind == lx.OP and t.value in lx.REDIRECT_OPS:
            return self.parse_simple()
        raise self.error()

    @staticmethod
    def _is_funcname(v: str) -> bool:
        return bool(re.fullmatch(r"[A-Za-z_][A-Za-z0-9_.:-]*", v))

    def _trailing_redirects(self) -> list[Redirect]:
        out: list[Redirect] = []
        while self.tok.kind == lx.OP and self.tok.value in lx.REDIRECT_OPS:
            out.append(self.parse_redirect())
        return out

    def parse_simple(self) -> SimpleCommand:
        line = self.tok.line
        assigns: list[Word] = []
        words: list[Word] = []
        redirects: list[Redirect] = []
        while True:
            t = self.tok
            if t.kind == lx.OP and t.value in lx.REDIRECT_OPS:
                redirects.append(self.parse_redirect())
            elif t.kind == lx.WORD:
                if not words and ARRAY_ASSIGN_RE.match(t.value):
                    raise unsupported("arrays", t.line)
                if not words and ASSIGN_RE.match(t.value):
                    nxt = self.peek2()
                    if t.value.endswith("=") and nxt.kind == lx.OP and nxt.value == "(" \
                            and not nxt.space_before:
                        raise unsupported("arrays", t.line)
                    assigns.append(self._word(t))
                else:
                    words.append(self._word(t))
                self.advance()
            else:
                break
        if not (assigns or words or redirects):
            raise self.error()
        return SimpleCommand(assigns, words, redirects, line)

    def parse_redirect(self) -> Redirect:
        op_tok = self.advance()
        t = self.tok
        if t.kind != lx.WORD:
            raise self.error()
        word = self._word(t)
        red = Redirect(op_tok.fd, op_tok.value, word, op_tok.line)
        if op_tok.value in ("<<", "<<-"):
            delim, quoted = heredoc_delimiter(t.value)
            doc = HereDoc(delim, quoted, op_tok.value == "<<-", op_tok.line)
            red.heredoc = doc
            self.lexer.add_heredoc(doc)  # before the next token is read
        self.advance()
        return red

    # -- compound commands -----------------------------------------------------------
    def _compound(self, keyword: str) -> Command:
        if keyword == "if":
            return self._if()
        if keyword in ("while", "until"):
            return self._while(keyword == "until")
        if keyword == "for":
            return self._for()
        if keyword == "case":
            return self._case()
        if keyword == "{":
            t = self.advance()
            body = self.parse_compound_list(frozenset({"}"}))
            self.expect_word("}")
            return BraceGroup(body, t.line)
        return self._cond()

    def _if(self) -> IfClause:
        line = self.advance().line
        branches: list[tuple[CommandList, CommandList]] = []
        else_body: CommandList | None = None
        while True:
            cond = self.parse_compound_list(frozenset({"then"}))
            self.expect_word("then")
            body = self.parse_compound_list(frozenset({"elif", "else", "fi"}))
            branches.append((cond, body))
            if self.is_word("elif"):
                self.advance()
                continue
            if self.is_word("else"):
                self.advance()
                else_body = self.parse_compound_list(frozenset({"fi"}))
            self.expect_word("fi")
            return IfClause(branches, else_body, line)

    def _while(self, until: bool) -> WhileLoop:
        line = self.advance().line
        cond = self.parse_compound_list(frozenset({"do"}))
        body = self._do_group()
        return WhileLoop(cond, body, until, line)

    def _do_group(self) -> CommandList:
        self.expect_word("do")
        body = self.parse_compound_list(frozenset({"done"}))
        self.expect_word("done")
        return body

    def _for(self) -> ForLoop | ArithFor:
        line = self.advance().line
        t = self.tok
        if t.kind == lx.ARITH:
            self.advance()
            parts = t.value.split(";")
            if len(parts) != 3:
                raise ShellSyntaxError("syntax error: arithmetic expression required", t.line)
            if self.is_op(";"):
                self.advance()
            self.skip_newlines()
            if self.is_word("{"):
                self.advance()
                body = self.parse_compound_list(frozenset({"}"}))
                self.expect_word("}")
            else:
                body = self._do_group()
            return ArithFor(parts[0], parts[1], parts[2], body, line)
        if t.kind != lx.WORD:
            raise self.error()
        if not NAME_RE.match(t.value):
            raise ShellSyntaxError(f"`{t.value}': not a valid identifier", t.line)
        var = self.advance().value
        words: list[Word] | None = None
        self.skip_newlines()
        if self.is_word("in"):
            self.advance()
            words = []
            while self.tok.kind == lx.WORD:
                words.append(self._word(self.tok))
                self.advance()
            if self.is_op(";"):
                self.advance()
            elif self.tok.kind != lx.NEWLINE:
                raise self.error()
        elif self.is_op(";"):
            self.advance()
        self.skip_newlines()
        return ForLoop(var, words, self._do_group(), line)

    def _case(self) -> CaseClause:
        line = self.advance().line
        t = self.tok
        if t.kind != lx.WORD:
            raise self.error()
        word = self._word(t)
        self.advance()
        self.skip_newlines()
        self.expect_word("in")
        self.skip_newlines()
        items: list[CaseItem] = []
        while not self.is_word("esac"):
            if self.is_op("("):
                self.advance()
            patterns: list[Word] = []
            while True:
                p = self.tok
                if p.kind != lx.WORD:
                    raise self.error()
                patterns.append(self._word(p))
                self.advance()
                if self.is_op("|"):
                    self.advance()
                    continue
                break
            if not self.is_op(")"):
                raise self.error()
            self.advance()
            body = self.parse_compound_list(frozenset({"esac"}), allow_empty=True,
                                            close_ops=frozenset({";;", ";&", ";;&"}))
            term = ";;"
            if self.is_op(";;", ";&", ";;&"):
                term = self.advance().value
            elif not self.is_word("esac"):
                raise self.error()
            items.append(CaseItem(patterns, body if body.items else None, term))
            self.skip_newlines()
        self.advance()
        return CaseClause(word, items, line)

    def _function_def(self) -> FunctionDef:
        name_tok = self.advance()
        self.advance()  # (
        if not self.is_op(")"):
            raise self.error()
        self.advance()
        return self._function_body(name_tok)

    def _function_keyword(self) -> FunctionDef:
        self.advance()
        name_tok = self.tok
        if name_tok.kind != lx.WORD:
            raise self.error()
        self.advance()
        if self.is_op("("):
            self.advance()
            if not self.is_op(")"):
                raise self.error()
            self.advance()
        return self._function_body(name_tok)

    def _function_body(self, name_tok: Token) -> FunctionDef:
        self.skip_newlines()
        t = self.tok
        if t.kind == lx.WORD and t.value in ("{", "if", "while", "until", "for", "case", "[["):
            body = self._compound(t.value)
        elif t.kind == lx.OP and t.value == "(":
            body = self.parse_command()
            return FunctionDef(name_tok.value, body, name_tok.line)
        else:
            raise self.error()
        fn = FunctionDef(name_tok.value, body, name_tok.line)
        fn.redirects.extend(self._trailing_redirects())
        return fn

    # -- [[ ... ]] -------------------------------------------------------------------
    def _cond(self) -> CondCommand:
        line = self.advance().line
        expr = self._cond_or()
        if not self.is_word("]]"):
            raise self.error()
        self.advance()
        return CondCommand(expr, line)

    def _cond_skip(self) -> None:
        self.skip_newlines()

    def _cond_or(self) -> CondExpr:
        left = self._cond_and()
        while self.is_op("||"):
            self.advance()
            left = CondAndOr("||", left, self._cond_and())
        return left

    def _cond_and(self) -> CondExpr:
        left = self._cond_not()
        while self.is_op("&&"):
            self.advance()
            left = CondAndOr("&&", left, self._cond_not())
        return left

    def _cond_not(self) -> CondExpr:
        self._cond_skip()
        if self.is_word("!"):
            self.advance()
            return CondNot(self._cond_not())
        return self._cond_primary()

    def _cond_word(self) -> Word:
        self._cond_skip()
        t = self.tok
        if t.kind != lx.WORD or t.value == "]]":
            raise self.error()
        self.advance()
        return self._word(t)

    def _cond_primary(self) -> CondExpr:
        t = self.tok
        if t.kind == lx.OP and t.value == "(":
            self.advance()
            inner = self._cond_or()
            self._cond_skip()
            if not self.is_op(")"):
                raise self.error()
            self.advance()
            return inner
        if t.kind == lx.WORD and t.value in COND_UNARY:
            nxt = self.peek2()
            if nxt.kind == lx.WORD and nxt.value != "]]":
                self.advance()
                return CondUnary(t.value, self._cond_word())
        left = self._cond_word()
        t = self.tok
        if (t.kind == lx.WORD and t.value in COND_BINARY) or \
                (t.kind == lx.OP and t.value in ("<", ">")):
            self.advance()
            return CondBinary(t.value, left, self._cond_word())
        if t.kind == lx.WORD and t.value == "=~":
            self.advance()
            return CondRegex(left, self._cond_regex_word())
        return CondWord(left)

    def _cond_regex_word(self) -> Word:
        """The right side of ``=~``: tokens glued together until whitespace."""
        first = self.tok
        if first.kind in (lx.NEWLINE, lx.EOF) or (first.kind == lx.WORD and first.value == "]]"):
            raise self.error()
        start, end = first.start, first.end
        self.advance()
        depth = 1 if first.kind == lx.OP and first.value == "(" else 0
        while True:
            t = self.tok
            if t.kind in (lx.NEWLINE, lx.EOF):
                break
            if t.space_before and depth == 0:
                break
            if t.kind == lx.OP and t.value == "(":
                depth += 1
            elif t.kind == lx.OP and t.value == ")":
                depth -= 1
            end = t.end
            self.advance()
        return Word(self.lexer.text[start:end], first.line)
