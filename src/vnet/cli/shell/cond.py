"""``[[ ... ]]``: no word splitting, glob patterns on the right of ``==``/``!=``,
``=~`` regular expressions, arithmetic operands for ``-eq``..., ``&&``/``||``/``!``/``()``.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from . import testcmd
from .arith import ArithError, evaluate
from .expand import arith_message
from .nodes import (
    CondAndOr,
    CondBinary,
    CondCommand,
    CondExpr,
    CondNot,
    CondRegex,
    CondUnary,
    CondWord,
)
from .pattern import matches
from .streams import IO

if TYPE_CHECKING:
    from .executor import Executor


class _CondError(Exception):
    pass


def run(ex: Executor, cmd: CondCommand, io: IO) -> int:
    """Exit status of a ``[[ ]]`` command: 0 true, 1 false, 2 error."""
    try:
        return 0 if _eval(ex, cmd.expr, io) else 1
    except testcmd.TestError as e:
        ex.error(io, f"[[: {e}")
        return 2
    except _CondError as e:
        ex.error(io, str(e))
        return 1


def _trace(ex: Executor, io: IO, words: list[str]) -> None:
    if ex.state.options.xtrace:
        ex.trace(io, ["[[", *words, "]]"])


def _int(ex: Executor, s: str) -> int:
    try:
        return evaluate(s, ex.get_param, ex.set_var)
    except ArithError as e:
        raise _CondError(arith_message(s, e)) from None


def _eval(ex: Executor, e: CondExpr, io: IO) -> bool:
    exp = ex.expander
    if isinstance(e, CondWord):
        word = exp.string(e.word.raw)
        _trace(ex, io, [word])
        return word != ""
    if isinstance(e, CondNot):
        return not _eval(ex, e.operand, io)
    if isinstance(e, CondAndOr):
        left = _eval(ex, e.left, io)
        if e.op == "&&":
            return left and _eval(ex, e.right, io)
        return left or _eval(ex, e.right, io)
    if isinstance(e, CondUnary):
        operand = exp.string(e.operand.raw)
        _trace(ex, io, [e.op, operand])
        return testcmd.unary(e.op, operand, ex)
    if isinstance(e, CondRegex):
        left = exp.string(e.left.raw)
        _trace(ex, io, [left, "=~", exp.string(e.pattern.raw)])
        try:
            rx = re.compile(exp.regex(e.pattern.raw))
        except re.error:
            return False
        return rx.search(left) is not None
    assert isinstance(e, CondBinary)
    left = exp.string(e.left.raw)
    if e.op in ("==", "=", "!="):
        _trace(ex, io, [left, e.op, exp.pattern_shown(e.right.raw)])
        hit = matches(exp.pattern(e.right.raw), left)
        return hit if e.op != "!=" else not hit
    right = exp.string(e.right.raw)
    _trace(ex, io, [left, e.op, right])
    if e.op in testcmd.INT_OPS:
        return testcmd.compare_ints(e.op, _int(ex, left), _int(ex, right))
    return testcmd.binary(e.op, left, right)
