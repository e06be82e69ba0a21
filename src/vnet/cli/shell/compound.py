"""Compound commands: ``if``, ``while``/``until``, ``for``, ``for ((;;))``, ``case``,
``(( ))``, ``{ }`` and ``( )``, run by the executor (``executor.py``).

Loop bodies catch ``break``/``continue`` (:class:`LoopControl`), conditions run
with ``set -e`` suppressed, and every loop counts its iterations against the
interpreter's safety bound.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import cond
from .api import UnsupportedError
from .errors import ExpansionAbort, LoopControl
from .nodes import (
    ArithCommand,
    ArithFor,
    BraceGroup,
    CaseClause,
    Command,
    CommandList,
    CondCommand,
    ForLoop,
    IfClause,
    Subshell,
    WhileLoop,
)
from .pattern import matches
from .streams import IO

if TYPE_CHECKING:
    from .executor import Executor


def run_compound(ex: Executor, cmd: Command, io: IO) -> int:
    if isinstance(cmd, BraceGroup):
        return ex.exec_list(cmd.body, io)
    if isinstance(cmd, Subshell):
        return ex.in_subshell(lambda: ex.exec_list(cmd.body, io))
    if isinstance(cmd, IfClause):
        return _if(ex, cmd, io)
    if isinstance(cmd, WhileLoop):
        return _while(ex, cmd, io)
    if isinstance(cmd, ForLoop):
        return _for(ex, cmd, io)
    if isinstance(cmd, ArithFor):
        return _arith_for(ex, cmd, io)
    if isinstance(cmd, CaseClause):
        return _case(ex, cmd, io)
    if isinstance(cmd, ArithCommand):
        return _arith(ex, cmd, io)
    if isinstance(cmd, CondCommand):
        ex.cur_io = io
        return cond.run(ex, cmd, io)
    raise TypeError(f"unknown node {type(cmd).__name__}")


def condition(ex: Executor, lst: CommandList, io: IO) -> int:
    ex.suppress += 1
    try:
        return ex.exec_list(lst, io)
    finally:
        ex.suppress -= 1


def _if(ex: Executor, node: IfClause, io: IO) -> int:
    for test, body in node.branches:
        if condition(ex, test, io) == 0:
            return ex.exec_list(body, io)
    if node.else_body is not None:
        return ex.exec_list(node.else_body, io)
    return 0


def _guard(ex: Executor, count: int) -> None:
    if count > ex.max_loop_iterations:
        raise UnsupportedError(
            f"loop ran more than {ex.max_loop_iterations} iterations (vnet's safety bound)")


def _loop_body(ex: Executor, body: CommandList, io: IO) -> tuple[int, bool]:
    """Run one iteration; (status, stop) where stop means ``break``."""
    try:
        return ex.exec_list(body, io), False
    except LoopControl as lc:
        if lc.levels > 1:
            lc.levels -= 1
            raise
        return 0, lc.is_break


def _while(ex: Executor, node: WhileLoop, io: IO) -> int:
    status = 0
    count = 0
    ex.loop_depth += 1
    try:
        while True:
            count += 1
            _guard(ex, count)
            try:
                c = condition(ex, node.cond, io)
            except LoopControl as lc:
                if lc.levels > 1:
                    lc.levels -= 1
                    raise
                if lc.is_break:
                    break
                continue
            if (c == 0) == node.until:
                break
            status, stop = _loop_body(ex, node.body, io)
            if stop:
                break
    finally:
        ex.loop_depth -= 1
    return status


def _for(ex: Executor, node: ForLoop, io: IO) -> int:
    ex.cur_io = io
    words = ex.positional() if node.words is None else ex.expander.fields(node.words)
    status = 0
    ex.loop_depth += 1
    try:
        shown = " ".join(w.raw for w in node.words or [])
        for count, w in enumerate(words, 1):
            _guard(ex, count)
            ex.line = node.line
            if ex.state.options.xtrace:
                ex.trace(io, [f"for {node.var} in {shown}"])
            if node.var in ex.state.readonly:
                raise ExpansionAbort(f"{node.var}: readonly variable")
            ex.state.vars[node.var] = w
            status, stop = _loop_body(ex, node.body, io)
            if stop:
                break
    finally:
        ex.loop_depth -= 1
    return status


def _arith(ex: Executor, node: ArithCommand, io: IO) -> int:
    ex.cur_io = io
    if ex.state.options.xtrace:
        ex.trace(io, [f"(( {ex.arith_text(node.expr)} ))"])
    v = ex.arith_status(node.expr, io)
    return 1 if v is None or v == 0 else 0


def _arith_for(ex: Executor, node: ArithFor, io: IO) -> int:
    ex.cur_io = io
    if node.init.strip() and ex.arith_status(node.init, io) is None:
        return 1
    status = 0
    ex.loop_depth += 1
    try:
        count = 0
        while True:
            count += 1
            _guard(ex, count)
            if node.cond.strip():
                c = ex.arith_status(node.cond, io)
                if c is None:
                    return 1
                if c == 0:
                    break
            status, stop = _loop_body(ex, node.body, io)
            if stop:
                break
            if node.step.strip() and ex.arith_status(node.step, io) is None:
                return 1
    finally:
        ex.loop_depth -= 1
    return status


def _case(ex: Executor, node: CaseClause, io: IO) -> int:
    ex.cur_io = io
    word = ex.expander.string(node.word.raw)
    if ex.state.options.xtrace:
        ex.trace(io, [f"case {node.word.raw} in"])
    status = 0
    i = 0
    items = node.items
    while i < len(items):
        item = items[i]
        if any(matches(ex.expander.pattern(p.raw), word) for p in item.patterns):
            while True:
                status = ex.exec_list(item.body, io) if item.body else 0
                if item.terminator == ";&" and i + 1 < len(items):
                    i += 1
                    item = items[i]
                    continue
                break
            if item.terminator != ";;&":
                return status
        i += 1
    return status
