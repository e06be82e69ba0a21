"""``seq`` and ``sleep``, which scripts treat as part of the shell.

Both are GNU coreutils programs on a real machine; vnet implements them itself so
that ``for i in $(seq 1 3)`` needs nothing from the host and ``sleep 30`` advances
the simulation's virtual clock (``host.sleep``) instead of wall time.  Messages
and exit statuses are coreutils' (UTF-8 locale quotes).
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

from .api import UnsupportedError
from .streams import IO

if TYPE_CHECKING:
    from .executor import Executor

MAX_SEQ_LINES = 1_000_000
_NUM_RE = re.compile(r"[-+]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?\Z")
_SLEEP_RE = re.compile(r"((?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?)([smhd]?)\Z")
_UNITS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}


def _fail(io: IO, prog: str, msg: str) -> int:
    io.stderr.write(f"{prog}: {msg}\nTry '{prog} --help' for more information.\n")
    return 1


def _decimals(text: str) -> int:
    if "e" in text.lower():
        mant, _, exp = text.lower().partition("e")
        frac = len(mant.split(".")[1]) if "." in mant else 0
        return max(frac - int(exp), 0)
    return len(text.split(".")[1]) if "." in text else 0


def seq(ex: Executor, argv: list[str], io: IO) -> int:
    sep = "\n"
    equal_width = False
    operands: list[str] = []
    args = argv[1:]
    i = 0
    while i < len(args):
        a = args[i]
        if operands or not a.startswith("-") or _NUM_RE.match(a):
            operands.append(a)
        elif a == "--":
            operands.extend(args[i + 1:])
            break
        elif a in ("-s", "--separator"):
            i += 1
            if i >= len(args):
                return _fail(io, "seq", f"option requires an argument -- '{a[-1]}'")
            sep = args[i]
        elif a.startswith("-s"):
            sep = a[2:]
        elif a.startswith("--separator="):
            sep = a.split("=", 1)[1]
        elif a in ("-w", "--equal-width"):
            equal_width = True
        else:
            raise UnsupportedError(f"seq {a}")
        i += 1
    if not operands:
        return _fail(io, "seq", "missing operand")
    if len(operands) > 3:
        return _fail(io, "seq", f"extra operand \u2018{operands[3]}\u2019")
    values: list[Decimal] = []
    for op in operands:
        if not _NUM_RE.match(op):
            return _fail(io, "seq", f"invalid floating point argument: \u2018{op}\u2019")
        try:
            values.append(Decimal(op))
        except InvalidOperation:
            return _fail(io, "seq", f"invalid floating point argument: \u2018{op}\u2019")
    first, step, last = Decimal(1), Decimal(1), values[-1]
    texts = {"first": "1", "step": "1"}
    if len(values) >= 2:
        first, texts["first"] = values[0], operands[0]
    if len(values) == 3:
        step, texts["step"] = values[1], operands[1]
    if step == 0:
        return _fail(io, "seq", f"invalid Zero increment value: \u2018{texts['step']}\u2019")
    prec = max(_decimals(texts["first"]), _decimals(texts["step"]))
    out: list[str] = []
    k = 0
    while True:
        v = first + step * k
        if (step > 0 and v > last) or (step < 0 and v < last):
            break
        out.append(f"{v:.{prec}f}")
        k += 1
        if k > MAX_SEQ_LINES:
            raise UnsupportedError(f"seq of more than {MAX_SEQ_LINES} numbers")
    if equal_width and out:
        width = max(len(f"{first:.{prec}f}"), len(f"{last:.{prec}f}"))
        out = [("-" + s[1:].zfill(width - 1)) if s.startswith("-") else s.zfill(width)
               for s in out]
    if out:
        io.stdout.write(sep.join(out) + "\n")
    return 0


def sleep(ex: Executor, argv: list[str], io: IO) -> int:
    args = [a for a in argv[1:] if a != "--"]
    if not args:
        return _fail(io, "sleep", "missing operand")
    total = 0.0
    bad: list[str] = []
    for a in args:
        if a.lower().lstrip("+") in ("inf", "infinity"):
            raise UnsupportedError("sleep infinity")
        m = _SLEEP_RE.match(a.lstrip("+"))
        if not m:
            bad.append(a)
            continue
        total += float(m.group(1)) * _UNITS[m.group(2)]
    if bad:
        for a in bad:
            io.stderr.write(f"sleep: invalid time interval \u2018{a}\u2019\n")
        io.stderr.write("Try 'sleep --help' for more information.\n")
        return 1
    ex.host.sleep(total)
    return 0
