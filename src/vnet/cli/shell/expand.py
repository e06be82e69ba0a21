"""Word expansion: parameters, ``$(...)``, ``$((...))``, field splitting, quote removal.

Implements bash's expansion order for the supported subset (tilde, parameter,
command substitution, arithmetic, then IFS field splitting and quote removal).
Pathname expansion asks the host (its optional ``glob`` hook lists the simulated
paths a pattern matches); with no hook or no match an unquoted ``*`` stays
literal, which is what bash does when nothing matches.  The parts of a word come from ``wordparts.py``;
this module evaluates them against an :class:`ExpandContext` (the interpreter).
"""

from __future__ import annotations

import re
from typing import Protocol

from . import pattern
from .api import UnsupportedError
from .arith import ArithError, evaluate
from .braces import expand_braces
from .errors import ExpansionAbort, FatalShellError
from .nodes import Word
from .wordparts import DQ, ArithSub, CmdSub, Lit, Param, Part, Tilde, parse_parts


class ExpandContext(Protocol):
    """What expansion needs from the shell."""

    def get_param(self, name: str) -> str | None: ...
    def positional(self) -> list[str]: ...
    def set_var(self, name: str, value: str) -> None: ...
    def nounset(self) -> bool: ...
    def command_subst(self, src: str) -> str: ...
    def noglob(self) -> bool: ...
    def glob(self, pattern: str) -> list[str]: ...


class _Break:
    """Field boundary between the words of ``$@`` (hard: kept even if empty)."""

    def __init__(self, hard: bool) -> None:
        self.hard = hard


HARD = _Break(True)
SOFT = _Break(False)
Chunk = tuple[str, bool, bool] | _Break  # (text, quoted, subject to splitting)

_GLOB_CHARS = "\\*?[]"
_INT_RE = re.compile(r"\s*[-+]?[0-9]+\s*\Z")


def escape_glob(s: str) -> str:
    return "".join("\\" + c if c in _GLOB_CHARS else c for c in s)


class Expander:
    def __init__(self, ctx: ExpandContext) -> None:
        self.ctx = ctx
        self._cache: dict[tuple[str, str], list[Part]] = {}

    def parts(self, raw: str, mode: str = "word") -> list[Part]:
        key = (raw, mode)
        got = self._cache.get(key)
        if got is None:
            got = parse_parts(raw, mode)
            if len(self._cache) < 4096:
                self._cache[key] = got
        return got

    # -- public entry points ------------------------------------------------------
    def fields(self, words: list[Word]) -> list[str]:
        """Full expansion of command words into argv."""
        out: list[str] = []
        glob = None if self.ctx.noglob() else self.ctx.glob
        for w in words:
            for raw in expand_braces(w.raw):
                for pieces in self.split_pieces(self.chunks(self.parts(raw), False)):
                    text = "".join(t for t, _ in pieces)
                    if glob is not None and any(not q and pattern.has_glob(t) for t, q in pieces):
                        pat = "".join(escape_glob(t) if q else t for t, q in pieces)
                        found = glob(pat)
                        if found:
                            out.extend(sorted(found))
                            continue
                    out.append(text)
        return out

    def string(self, raw: str, mode: str = "word") -> str:
        """Expansion without field splitting (assignments, redirections, ``case`` word)."""
        return self.join(self.chunks(self.parts(raw, mode), mode != "word"))

    def pattern(self, raw: str) -> str:
        """A glob pattern: quoted characters escaped so they match literally."""
        out: list[str] = []
        for ch in self.chunks(self.parts(raw), False):
            if isinstance(ch, _Break):
                out.append(" ")
            else:
                out.append(escape_glob(ch[0]) if ch[1] else ch[0])
        return "".join(out)

    def pattern_shown(self, raw: str) -> str:
        """A pattern as ``set -x`` shows it: every quoted character backslash-escaped."""
        out: list[str] = []
        for ch in self.chunks(self.parts(raw), False):
            if isinstance(ch, _Break):
                out.append(" ")
            else:
                out.append("".join("\\" + c for c in ch[0]) if ch[1] else ch[0])
        return "".join(out)

    def regex(self, raw: str) -> str:
        """The right side of ``[[ =~ ]]``: quoted parts match literally."""
        out: list[str] = []
        for ch in self.chunks(self.parts(raw), False):
            if isinstance(ch, _Break):
                out.append(" ")
            else:
                out.append(re.escape(ch[0]) if ch[1] else ch[0])
        return "".join(out)

    def heredoc(self, body: str) -> str:
        return self.string(body, "heredoc")

    def arith(self, src: str) -> int:
        """Evaluate ``$((src))``; errors abort the command, as in bash."""
        text = self.string(src, "heredoc").replace('"', "")
        try:
            return evaluate(text, self.ctx.get_param, self.ctx.set_var)
        except ArithError as e:
            raise ExpansionAbort(arith_message(text, e)) from None

    # -- evaluation ---------------------------------------------------------------
    @staticmethod
    def join(chunks: list[Chunk]) -> str:
        return "".join(" " if isinstance(c, _Break) else c[0] for c in chunks)

    def chunks(self, parts: list[Part], in_dq: bool) -> list[Chunk]:
        out: list[Chunk] = []
        for p in parts:
            if isinstance(p, Lit):
                out.append((p.text, p.quoted or in_dq, False))
            elif isinstance(p, DQ):
                inner = self.chunks(list(p.parts), True)
                if not any(isinstance(q, Param) and q.name == "@" and q.op is None
                           and not q.length for q in p.parts):
                    out.append(("", True, False))
                out.extend(inner)
            elif isinstance(p, Param):
                out.extend(self.param(p, in_dq))
            elif isinstance(p, CmdSub):
                out.append((self.ctx.command_subst(p.src), in_dq, not in_dq))
            elif isinstance(p, ArithSub):
                out.append((str(self.arith(p.src)), in_dq, not in_dq))
            elif isinstance(p, Tilde):
                home = self.ctx.get_param("HOME") if p.text == "~" else None
                out.append((p.text if home is None else home, True, False))
        return out

    def split(self, chunks: list[Chunk]) -> list[str]:
        """IFS field splitting over the chunks of one word."""
        return ["".join(t for t, _ in f) for f in self.split_pieces(chunks)]

    def split_pieces(self, chunks: list[Chunk]) -> list[list[tuple[str, bool]]]:
        """Field splitting; each field as (text, quoted) pieces, for pathname expansion."""
        if all(type(ch) is tuple and not ch[2] for ch in chunks):
            # nothing expanded unquoted: one field, or none if nothing was ever there
            if any(ch[1] or ch[0] for ch in chunks):  # type: ignore[index]
                return [[(ch[0], ch[1]) for ch in chunks]]  # type: ignore[index]
            return []
        ifs = self.ctx.get_param("IFS")
        if ifs is None:
            ifs = " \t\n"
        ws = "".join(c for c in ifs if c in " \t\n")
        fields: list[list[tuple[str, bool]]] = []
        cur: list[tuple[str, bool]] = []
        has = False
        after_ws = False
        for ch in chunks:
            if isinstance(ch, _Break):
                # between the words of $@: an empty word survives only when IFS has
                # a non-blank delimiter (bash keeps it then, except at the end)
                if ch.hard or has or len(ws) < len(ifs):
                    fields.append(cur)
                    cur, has = [], False
                continue
            text, quoted, splittable = ch
            if splittable and text and not any(c in ifs for c in text):
                cur.append((text, False))
                has = True
                after_ws = False
                continue
            if not splittable or not ifs:
                cur.append((text, quoted))
                if quoted or text:
                    has = True
                    after_ws = False
                continue
            run: list[str] = []
            for c in text:
                if c not in ifs:
                    run.append(c)
                    has = True
                    after_ws = False
                    continue
                if run:
                    cur.append(("".join(run), False))
                    run = []
                if c in ws:
                    if has:
                        fields.append(cur)
                        cur, has = [], False
                        after_ws = True
                else:
                    if has or not after_ws:
                        fields.append(cur)
                        cur, has = [], False
                    after_ws = False
            if run:
                cur.append(("".join(run), False))
        if has:
            fields.append(cur)
        return fields

    # -- parameters -------------------------------------------------------------------
    def _value(self, p: Param) -> str | list[str] | None:
        ctx = self.ctx
        if p.name in ("@", "*"):
            return ctx.positional()
        if p.indirect:
            target = ctx.get_param(p.name)
            if target is None or target == "":
                raise ExpansionAbort(f"{p.name}: invalid indirect expansion")
            if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*|[0-9]+|[@*#?$!0-]", target):
                raise ExpansionAbort(f"{target}: invalid variable name")
            return ctx.get_param(target)
        return ctx.get_param(p.name)

    def _word_chunks(self, raw: str, in_dq: bool) -> list[Chunk]:
        return self.chunks(self.parts(raw, "arg_dq" if in_dq else "arg"), in_dq)

    def param(self, p: Param, in_dq: bool) -> list[Chunk]:
        value = self._value(p)
        op = p.op
        if p.length:
            if isinstance(value, list):
                n = len(value)
            else:
                if value is None and self.ctx.nounset():
                    raise FatalShellError(f"{p.name}: unbound variable")
                n = len(value or "")
            return [(str(n), in_dq, not in_dq)]
        if op in (":-", "-", ":=", "=", ":?", "?", ":+", "+"):
            is_set = value is not None and (not isinstance(value, list) or len(value) > 0)
            if op.startswith(":"):
                empty = value == "" or (isinstance(value, list) and "".join(value) == "")
                is_set = is_set and not empty
            base = op.lstrip(":")
            if base == "+":
                return self._word_chunks(p.arg or "", in_dq) if is_set else []
            if not is_set:
                if base == "-":
                    return self._word_chunks(p.arg or "", in_dq)
                if base == "=":
                    if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", p.name):
                        raise ExpansionAbort(f"${p.name}: cannot assign in this way")
                    new = self.join(self._word_chunks(p.arg or "", in_dq))
                    self.ctx.set_var(p.name, new)
                    return [(new, in_dq, not in_dq)]
                msg = self.join(self._word_chunks(p.arg or "", in_dq)) if p.arg else (
                    "parameter null or not set" if op == ":?" else "parameter not set")
                raise FatalShellError(f"{p.name}: {msg}")
            op = None
        if value is None:
            if self.ctx.nounset() and p.name not in ("@", "*"):
                raise FatalShellError(f"{p.name}: unbound variable")
            value = ""
        if isinstance(value, list):
            if op == ":":
                return self._list_chunks(self._slice_params(p, value), p.name, in_dq)
            if op is None:
                return self._list_chunks(value, p.name, in_dq)
            value = " ".join(value)
        if op is not None:
            value = self._operate(p, op, value, in_dq)
        return [(value, in_dq, not in_dq)]

    def _slice_params(self, p: Param, values: list[str]) -> list[str]:
        """``${@:off:len}``: offset 0 is $0, as in bash."""
        full = [self.ctx.get_param("0") or "", *values]
        off = self.arith(p.arg or "")
        if off < 0:
            off = len(values) + 1 + off
            if off < 0:
                return []
        if p.arg2 is None:
            return full[off:]
        ln = self.arith(p.arg2)
        if ln < 0:
            raise ExpansionAbort(f"{p.arg2.strip()}: substring expression < 0")
        return full[off:off + ln]

    def _list_chunks(self, values: list[str], name: str, in_dq: bool) -> list[Chunk]:
        if in_dq and name == "*":
            ifs = self.ctx.get_param("IFS")
            sep = " " if ifs is None else ifs[:1]
            return [(sep.join(values), True, False)]
        out: list[Chunk] = []
        for j, v in enumerate(values):
            if j:
                out.append(HARD if in_dq else SOFT)
            out.append((v, in_dq, not in_dq))
        return out

    def _pattern_arg(self, raw: str | None, in_dq: bool) -> str:
        out: list[str] = []
        for ch in self._word_chunks(raw or "", in_dq):
            if isinstance(ch, _Break):
                out.append(" ")
            else:
                out.append(escape_glob(ch[0]) if ch[1] and not in_dq else ch[0])
        return "".join(out)

    def _operate(self, p: Param, op: str, value: str, in_dq: bool) -> str:
        if op in ("#", "##"):
            return pattern.remove_prefix(value, self._pattern_arg(p.arg, in_dq), op == "##")
        if op in ("%", "%%"):
            return pattern.remove_suffix(value, self._pattern_arg(p.arg, in_dq), op == "%%")
        if op.startswith("/"):
            pat = self._pattern_arg(p.arg, in_dq)
            rep = self.join(self._word_chunks(p.arg2 or "", in_dq))
            mode = {"/": "first", "//": "all", "/#": "#", "/%": "%"}[op]
            return pattern.replace(value, pat, rep, mode)
        if op in ("^^", "^"):
            return value.upper() if op == "^^" else value[:1].upper() + value[1:]
        if op in (",,", ","):
            return value.lower() if op == ",," else value[:1].lower() + value[1:]
        if op == ":":
            off = self.arith(p.arg or "")
            n = len(value)
            if off < 0:
                off = max(n + off, 0) if n + off >= 0 else n + 1
            if off > n:
                return ""
            if p.arg2 is None:
                return value[off:]
            ln = self.arith(p.arg2)
            if ln < 0:
                end = n + ln
                if end < off:
                    raise ExpansionAbort(f"{p.arg2.strip()}: substring expression < 0")
                return value[off:end]
            return value[off:off + ln]
        raise UnsupportedError(p.source)


def arith_message(text: str, e: ArithError) -> str:
    return f"{text.lstrip()}: {e.message} (error token is \"{e.rest}\")"
