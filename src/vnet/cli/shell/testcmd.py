"""``test`` and ``[``: bash's ``test.c`` argument-count rules and expression grammar.

String and integer comparisons are evaluated here; file tests (``-e``, ``-d``...)
are asked of the environment, since the files are the simulated machine's.
"""

from __future__ import annotations

import re
from typing import Protocol

from .api import UnsupportedError

UNARY = frozenset({
    "-a", "-b", "-c", "-d", "-e", "-f", "-g", "-h", "-k", "-p", "-r", "-s", "-t", "-u",
    "-w", "-x", "-G", "-L", "-N", "-O", "-S", "-z", "-n", "-o", "-v", "-R",
})
BINARY = frozenset({
    "=", "==", "!=", "<", ">", "-eq", "-ne", "-lt", "-le", "-gt", "-ge", "-nt", "-ot", "-ef",
})
INT_OPS = frozenset({"-eq", "-ne", "-lt", "-le", "-gt", "-ge"})
_INT_RE = re.compile(r"[ \t\n]*[-+]?[0-9]+[ \t\n]*\Z")


class TestError(Exception):
    """A usage error: ``[`` prints ``[: <message>`` and returns 2."""


class TestEnv(Protocol):
    def path_test(self, op: str, path: str) -> bool: ...
    def var_is_set(self, name: str) -> bool: ...
    def option_is_set(self, name: str) -> bool: ...


def to_int(s: str) -> int:
    if not _INT_RE.match(s):
        raise TestError(f"{s}: integer expression expected")
    return int(s.strip())


def compare_ints(op: str, a: int, b: int) -> bool:
    return {"-eq": a == b, "-ne": a != b, "-lt": a < b, "-le": a <= b,
            "-gt": a > b, "-ge": a >= b}[op]


def unary(op: str, arg: str, env: TestEnv) -> bool:
    if op == "-z":
        return arg == ""
    if op == "-n":
        return arg != ""
    if op == "-v":
        return env.var_is_set(arg)
    if op == "-o":
        return env.option_is_set(arg)
    if op == "-t":
        return False  # no terminals in a simulation
    return env.path_test(op, arg)


def binary(op: str, a: str, b: str) -> bool:
    if op in ("=", "=="):
        return a == b
    if op == "!=":
        return a != b
    if op == "<":
        return a < b
    if op == ">":
        return a > b
    if op in INT_OPS:
        return compare_ints(op, to_int(a), to_int(b))
    raise UnsupportedError(f"test {op} (file comparisons)")


class _Parser:
    def __init__(self, args: list[str], env: TestEnv) -> None:
        self.args = args
        self.pos = 0
        self.env = env

    def parse(self) -> bool:
        v = self.or_()
        if self.pos != len(self.args):
            raise TestError("too many arguments")
        return v

    def or_(self) -> bool:
        v = self.and_()
        while self.pos < len(self.args) and self.args[self.pos] == "-o":
            self.pos += 1
            v = self.and_() or v
        return v

    def and_(self) -> bool:
        v = self.term()
        while self.pos < len(self.args) and self.args[self.pos] == "-a":
            self.pos += 1
            v = self.term() and v
        return v

    def term(self) -> bool:
        a = self.args
        n = len(a)
        if self.pos >= n:
            raise TestError("argument expected")
        t = a[self.pos]
        if t == "!":
            self.pos += 1
            return not self.term()
        if t == "(":
            self.pos += 1
            v = self.or_()
            if self.pos >= n or a[self.pos] != ")":
                raise TestError("`)' expected")
            self.pos += 1
            return v
        if self.pos + 2 < n and a[self.pos + 1] in BINARY:
            self.pos += 3
            return binary(a[self.pos - 2], t, a[self.pos - 1])
        if t in UNARY and t not in ("-a", "-o") or (t in ("-a", "-o") and self.pos + 1 < n):
            if self.pos + 1 >= n:
                raise TestError(f"{t}: unary operator expected")
            self.pos += 2
            return unary(t, a[self.pos - 1], self.env)
        self.pos += 1
        return t != ""


def evaluate(args: list[str], env: TestEnv) -> bool:
    """Evaluate test's arguments (without the closing ``]``); raises TestError."""
    n = len(args)
    if n == 0:
        return False
    if n == 1:
        return args[0] != ""
    if n == 2:
        if args[0] == "!":
            return args[1] == ""
        if args[0] in UNARY:
            return unary(args[0], args[1], env)
        raise TestError(f"{args[0]}: unary operator expected")
    if n == 3:
        if args[1] in BINARY:
            return binary(args[1], args[0], args[2])
        if args[1] in ("-a", "-o"):
            left, right = args[0] != "", args[2] != ""
            return (left and right) if args[1] == "-a" else (left or right)
        if args[0] == "!":
            return not evaluate(args[1:], env)
        if args[0] == "(" and args[2] == ")":
            return args[1] != ""
        raise TestError(f"{args[1]}: binary operator expected")
    if n == 4:
        if args[0] == "!":
            return not evaluate(args[1:], env)
        if args[0] == "(" and args[3] == ")":
            return evaluate(args[1:3], env)
    return _Parser(args, env).parse()
