"""Shell arithmetic: ``$((...))``, ``((...))``, ``let`` and ``for ((;;))``.

Follows bash's ``expr.c``: C operators and precedence on 64-bit signed integers
that wrap, ``**`` binding looser than unary minus, ``base#digits`` constants,
variables whose values are themselves evaluated as expressions, and error
messages of the form ``EXPR: MESSAGE (error token is "REST")``.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from .chars import ascii_digits as _digits

_MASK = (1 << 64) - 1
_OPS = (
    "<<=", ">>=", "**", "++", "--", "<<", ">>", "<=", ">=", "==", "!=", "&&", "||",
    "+=", "-=", "*=", "/=", "%=", "&=", "^=", "|=",
    "+", "-", "*", "/", "%", "<", ">", "=", "!", "~", "&", "^", "|", "?", ":", ",", "(", ")",
)
_ASSIGN_OPS = frozenset({"=", "+=", "-=", "*=", "/=", "%=", "<<=", ">>=", "&=", "^=", "|="})
_WORD_RE = re.compile(r"[0-9A-Za-z_@#]+")
_NAME_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
_MAX_DEPTH = 64


class ArithError(Exception):
    """``message`` and the rest of the expression from where it went wrong."""

    def __init__(self, message: str, rest: str) -> None:
        super().__init__(message)
        self.message = message
        self.rest = rest


def wrap(v: int) -> int:
    """Reduce to a signed 64-bit value, as bash's intmax_t arithmetic does."""
    v &= _MASK
    return v - (1 << 64) if v >> 63 else v


def parse_number(text: str) -> int:
    """An integer constant: decimal, 0octal, 0xhex or base#digits."""
    if "#" in text:
        base_s, _, digits = text.partition("#")
        if not _digits(base_s) or not 2 <= int(base_s) <= 64:
            raise ArithError("invalid arithmetic base", text)
        base = int(base_s)
    elif text[:2].lower() == "0x":
        base, digits = 16, text[2:]
        if not digits:
            raise ArithError("invalid integer constant", text)
    elif text.startswith("0") and len(text) > 1:
        base, digits = 8, text[1:]
    else:
        base, digits = 10, text
    if not digits:
        raise ArithError("invalid integer constant", text)
    value = 0
    for ch in digits:
        if _digits(ch):
            d = ord(ch) - 48
        elif "a" <= ch <= "z":
            d = ord(ch) - 87
        elif "A" <= ch <= "Z":
            d = ord(ch) - 29 if base > 36 else ord(ch) - 55
        elif ch == "@":
            d = 62
        elif ch == "_":
            d = 63
        else:
            raise ArithError("invalid number", text)
        if d >= base:
            raise ArithError("value too great for base", text)
        value = value * base + d
    return wrap(value)


class _Tok:
    __slots__ = ("kind", "value", "pos")

    def __init__(self, kind: str, value: str, pos: int) -> None:
        self.kind = kind  # "num", "name", "op", "end"
        self.value = value
        self.pos = pos


_TOKEN_RE = re.compile(
    r"\s*(?:(?P<word>[0-9A-Za-z_@#]+)|(?P<op>"
    + "|".join(re.escape(op) for op in _OPS) + r"))"
)


def _tokenize(expr: str) -> list[_Tok]:
    toks: list[_Tok] = []
    i, n = 0, len(expr)
    while True:
        m = _TOKEN_RE.match(expr, i)
        if m is None:
            j = i
            while j < n and expr[j] in " \t\n\r":
                j += 1
            if j >= n:
                break
            raise ArithError("syntax error: invalid arithmetic operator", expr[j:])
        w = m.group("word")
        if w is not None:
            kind = "num" if _digits(w[0]) else "name"
            if kind == "name" and not _NAME_RE.match(w):
                raise ArithError("syntax error: invalid arithmetic operator", expr[m.start("word"):])
            toks.append(_Tok(kind, w, m.start("word")))
        else:
            toks.append(_Tok("op", m.group("op"), m.start("op")))
        i = m.end()
    toks.append(_Tok("end", "", n))
    return toks


class Evaluator:
    """Evaluates one expression against shell variables (``get``/``put`` callbacks)."""

    def __init__(self, get: Callable[[str], str | None], put: Callable[[str, str], None],
                 depth: int = 0) -> None:
        self.get = get
        self.put = put
        self.depth = depth
        self.expr = ""
        self.toks: list[_Tok] = []
        self.i = 0

    def evaluate(self, expr: str) -> int:
        if self.depth > _MAX_DEPTH:
            raise ArithError("expression recursion level exceeded", expr)
        self.expr = expr
        self.toks = _tokenize(expr)
        self.i = 0
        if self.toks[0].kind == "end":
            return 0
        v = self._comma(True)
        t = self.toks[self.i]
        if t.kind != "end":
            raise ArithError("syntax error in expression", self.expr[t.pos:])
        return v

    # -- helpers ------------------------------------------------------------------
    @property
    def tok(self) -> _Tok:
        return self.toks[self.i]

    def _is(self, *ops: str) -> bool:
        t = self.toks[self.i]
        return t.kind == "op" and t.value in ops

    def _rest(self, t: _Tok | None = None) -> str:
        return self.expr[(self.tok if t is None else t).pos:]

    def _var(self, name: str, ev: bool) -> int:
        if not ev:
            return 0
        raw = self.get(name)
        if raw is None or raw.strip() == "":
            return 0
        raw = raw.strip()
        if re.fullmatch(r"-?[0-9]+", raw):
            return wrap(int(raw))
        sub = Evaluator(self.get, self.put, self.depth + 1)
        return sub.evaluate(raw)

    # -- grammar ------------------------------------------------------------------
    def _comma(self, ev: bool) -> int:
        v = self._assign(ev)
        while self._is(","):
            self.i += 1
            v = self._assign(ev)
        return v

    def _assign(self, ev: bool) -> int:
        t = self.tok
        nxt = self.toks[self.i + 1] if self.i + 1 < len(self.toks) else None
        if t.kind == "name" and nxt is not None and nxt.kind == "op" and nxt.value in _ASSIGN_OPS:
            self.i += 2
            rhs = self._assign(ev)
            if not ev:
                return 0
            op = nxt.value
            if op == "=":
                v = rhs
            else:
                v = self._binary(op[:-1], self._var(t.value, ev), rhs, nxt)
            self.put(t.value, str(v))
            return v
        if t.kind == "num" and nxt is not None and nxt.kind == "op" and nxt.value in _ASSIGN_OPS:
            raise ArithError("attempted assignment to non-variable", self._rest(nxt))
        return self._cond(ev)

    def _cond(self, ev: bool) -> int:
        c = self._binop_level(0, ev)
        if self._is("?"):
            self.i += 1
            a = self._comma(ev and c != 0)
            if not self._is(":"):
                raise ArithError("`:' expected for conditional expression", self._rest())
            self.i += 1
            b = self._cond(ev and c == 0)
            return a if c else b
        return c

    # binary operators by precedence (higher binds tighter), as in bash's expr.c
    _PREC: dict[str, int] = {
        "||": 1, "&&": 2, "|": 3, "^": 4, "&": 5, "==": 6, "!=": 6,
        "<": 7, ">": 7, "<=": 7, ">=": 7, "<<": 8, ">>": 8, "+": 9, "-": 9,
        "*": 10, "/": 10, "%": 10,
    }

    def _binop_level(self, min_prec: int, ev: bool) -> int:
        """Precedence climbing over the left-associative binary operators."""
        left = self._power(ev)
        prec = self._PREC
        while True:
            t = self.tok
            p = prec.get(t.value) if t.kind == "op" else None
            if p is None or p <= min_prec:
                return left
            self.i += 1
            op = t.value
            if op == "&&":
                right = self._binop_level(p, ev and left != 0)
                left = int(left != 0 and right != 0)
            elif op == "||":
                right = self._binop_level(p, ev and left == 0)
                left = int(left != 0 or right != 0)
            else:
                right_tok = self.tok
                right = self._binop_level(p, ev)
                left = self._binary(op, left, right, right_tok) if ev else 0

    def _binary(self, op: str, a: int, b: int, where: _Tok) -> int:
        if op in ("/", "%"):
            if b == 0:
                raise ArithError("division by 0", self._rest(where))
            q = abs(a) // abs(b)
            if (a < 0) != (b < 0):
                q = -q
            return wrap(q if op == "/" else a - q * b)
        if op == "+":
            return wrap(a + b)
        if op == "-":
            return wrap(a - b)
        if op == "*":
            return wrap(a * b)
        if op == "<<":
            return wrap(a << (b & 63))
        if op == ">>":
            return a >> (b & 63)
        if op == "&":
            return a & b
        if op == "|":
            return a | b
        if op == "^":
            return a ^ b
        return int({"==": a == b, "!=": a != b, "<": a < b, ">": a > b,
                    "<=": a <= b, ">=": a >= b}[op])

    def _power(self, ev: bool) -> int:
        base = self._unary(ev)
        if self._is("**"):
            self.i += 1
            where = self.tok
            exp = self._power(ev)
            if not ev:
                return 0
            if exp < 0:
                raise ArithError("exponent less than 0", self._rest(where))
            return wrap(pow(base, exp, 1 << 64))
        return base

    def _unary(self, ev: bool) -> int:
        t = self.tok
        if t.kind == "op" and t.value in ("!", "~", "-", "+"):
            self.i += 1
            v = self._unary(ev)
            return {"!": int(v == 0), "~": ~v, "-": wrap(-v), "+": v}[t.value]
        if t.kind == "op" and t.value in ("++", "--"):
            self.i += 1
            name = self.tok
            if name.kind != "name":
                # bash reads "--5" as two unary minuses
                v = self._unary(ev)
                return v if t.value == "--" else v
            self.i += 1
            if not ev:
                return 0
            v = wrap(self._var(name.value, ev) + (1 if t.value == "++" else -1))
            self.put(name.value, str(v))
            return v
        return self._postfix(ev)

    def _postfix(self, ev: bool) -> int:
        t = self.tok
        if t.kind == "num":
            self.i += 1
            try:
                return parse_number(t.value)
            except ArithError as e:
                raise ArithError(e.message, self._rest(t)) from None
        if t.kind == "name":
            self.i += 1
            if self._is("++", "--"):
                op = self.tok.value
                self.i += 1
                if not ev:
                    return 0
                v = self._var(t.value, ev)
                self.put(t.value, str(wrap(v + (1 if op == "++" else -1))))
                return v
            return self._var(t.value, ev)
        if t.kind == "op" and t.value == "(":
            self.i += 1
            v = self._comma(ev)
            if not self._is(")"):
                raise ArithError("missing `)'", self._rest())
            self.i += 1
            return v
        if t.kind == "end" and self.i > 0:
            raise ArithError("syntax error: operand expected", self._rest(self.toks[self.i - 1]))
        raise ArithError("syntax error: operand expected", self._rest())


def evaluate(expr: str, get: Callable[[str], str | None], put: Callable[[str, str], None]) -> int:
    """Evaluate ``expr`` (already $-expanded); raises :class:`ArithError`."""
    return Evaluator(get, put).evaluate(expr)
