"""Shell builtins: the commands bash runs itself, plus ``seq`` and ``sleep``.

Each builtin takes the executor, its argv and its fds, writes to ``io.stdout`` /
``io.stderr`` and returns an exit status.  Messages follow bash
(``script: line 4: exit: abc: numeric argument required``).  The larger ones
have their own modules: ``printf.py``, ``testcmd.py`` (test, [), ``readcmd.py``,
``declare.py`` (declare, local, export, readonly, unset), ``bashcmd.py`` (bash -c)
and ``coreutils.py`` (seq, sleep).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from . import coreutils, testcmd
from .api import UnsupportedError
from .bashcmd import bash_builtin
from .declare import b_declare, b_export, b_local, b_readonly, b_unset
from .errors import ExitShell, LoopControl, ReturnFromFunction
from .printf import printf_builtin
from .quoting import quote
from .readcmd import b_read
from .streams import IO
from .wordparts import escapes_echo

if TYPE_CHECKING:
    from .executor import Executor

Builtin = Callable[["Executor", list[str], IO], int]
_NAME_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
_SET_FLAGS = {"e": "errexit", "u": "nounset", "x": "xtrace", "f": "noglob"}
_SET_NOOPS = frozenset("hBH")
_LONG_OPTIONS = {"errexit", "nounset", "xtrace", "pipefail", "noglob"}
_LONG_NOOPS = frozenset({"braceexpand", "hashall", "histexpand", "interactive-comments"})


def _numeric(s: str) -> int | None:
    m = re.fullmatch(r"\s*([-+]?[0-9]+)\s*", s)
    return int(m.group(1)) if m else None


def b_true(ex: Executor, argv: list[str], io: IO) -> int:
    return 0


def b_false(ex: Executor, argv: list[str], io: IO) -> int:
    return 1


def b_echo(ex: Executor, argv: list[str], io: IO) -> int:
    args = argv[1:]
    newline = True
    escapes = False
    while args and re.fullmatch(r"-[neE]+", args[0]):
        for c in args[0][1:]:
            if c == "n":
                newline = False
            elif c == "e":
                escapes = True
            else:
                escapes = False
        args = args[1:]
    text = " ".join(args)
    if escapes:
        text, stop = escapes_echo(text)
        if stop:
            io.stdout.write(text)
            return 0
    io.stdout.write(text + ("\n" if newline else ""))
    return 0


def b_exit(ex: Executor, argv: list[str], io: IO) -> int:
    if len(argv) > 2:
        ex.error(io, "exit: too many arguments")
        return 1
    if len(argv) == 1:
        raise ExitShell(ex.last_status)
    n = _numeric(argv[1])
    if n is None:
        ex.error(io, f"exit: {argv[1]}: numeric argument required")
        raise ExitShell(2)
    raise ExitShell(n & 0xFF)


def b_return(ex: Executor, argv: list[str], io: IO) -> int:
    if ex.func_depth == 0:
        ex.error(io, "return: can only `return' from a function or sourced script")
        return 2
    if len(argv) == 1:
        raise ReturnFromFunction(ex.last_status)
    n = _numeric(argv[1])
    if n is None:
        ex.error(io, f"return: {argv[1]}: numeric argument required")
        raise ReturnFromFunction(2)
    raise ReturnFromFunction(n & 0xFF)


def _loop_control(ex: Executor, argv: list[str], io: IO, is_break: bool) -> int:
    name = argv[0]
    n = 1
    if len(argv) > 1:
        v = _numeric(argv[1])
        if v is None:
            ex.error(io, f"{name}: {argv[1]}: numeric argument required")
            return 1
        if v < 1:
            ex.error(io, f"{name}: {argv[1]}: loop count out of range")
            return 1
        n = v
    if ex.loop_depth == 0:
        ex.error(io, f"{name}: only meaningful in a `for', `while', or `until' loop")
        return 0
    raise LoopControl(min(n, ex.loop_depth), is_break)


def b_break(ex: Executor, argv: list[str], io: IO) -> int:
    return _loop_control(ex, argv, io, True)


def b_continue(ex: Executor, argv: list[str], io: IO) -> int:
    return _loop_control(ex, argv, io, False)


def b_set(ex: Executor, argv: list[str], io: IO) -> int:
    opts = ex.state.options
    args = argv[1:]
    if not args:
        for k in sorted(ex.state.vars):
            io.stdout.write(f"{k}={quote(ex.state.vars[k])}\n")
        return 0
    i = 0
    while i < len(args):
        a = args[i]
        if a in ("--", "-"):
            ex.state.positional = args[i + 1:]
            return 0
        if a in ("-o", "+o"):
            if i + 1 >= len(args):
                for name in sorted(_LONG_OPTIONS):
                    state = "on" if getattr(opts, name) else "off"
                    io.stdout.write(f"{name:<15}\t{state}\n")
                return 0
            name = args[i + 1]
            if name in _LONG_OPTIONS:
                setattr(opts, name, a == "-o")
            elif name not in _LONG_NOOPS:
                raise UnsupportedError(f"set {a} {name}")
            i += 2
            continue
        if len(a) > 1 and a[0] in "-+":
            for c in a[1:]:
                if c in _SET_FLAGS:
                    setattr(opts, _SET_FLAGS[c], a[0] == "-")
                elif c not in _SET_NOOPS:
                    raise UnsupportedError(f"set {a[0]}{c}")
            i += 1
            continue
        ex.state.positional = args[i:]
        return 0
    return 0


def b_shift(ex: Executor, argv: list[str], io: IO) -> int:
    n = 1
    if len(argv) > 1:
        v = _numeric(argv[1])
        if v is None:
            ex.error(io, f"shift: {argv[1]}: numeric argument required")
            return 1
        if v < 0:
            ex.error(io, f"shift: {argv[1]}: shift count out of range")
            return 1
        n = v
    pos = ex.state.positional
    if n > len(pos):
        return 1
    ex.state.positional = pos[n:]
    return 0


def b_test(ex: Executor, argv: list[str], io: IO) -> int:
    args = argv[1:]
    name = argv[0]
    if name == "[":
        if not args or args[-1] != "]":
            ex.error(io, "[: missing `]'")
            return 2
        args = args[:-1]
    try:
        return 0 if testcmd.evaluate(args, ex) else 1
    except testcmd.TestError as e:
        ex.error(io, f"{name}: {e}")
        return 2


def b_eval(ex: Executor, argv: list[str], io: IO) -> int:
    text = " ".join(argv[1:])
    if not text.strip():
        return 0
    return ex.run_source(text, io, ex.line - 1, "eval")


def b_let(ex: Executor, argv: list[str], io: IO) -> int:
    if len(argv) < 2:
        ex.error(io, "let: expression expected")
        return 1
    v: int | None = 0
    for expr in argv[1:]:
        v = ex.arith_status(expr, io, "let")
        if v is None:
            return 1
    return 0 if v else 1


def b_trap(ex: Executor, argv: list[str], io: IO) -> int:
    args = argv[1:]
    traps = ex.state.traps
    if not args or args == ["-p"]:
        for sig, cmd in traps.items():
            io.stdout.write(f"trap -- {quote(cmd)} {sig}\n")
        return 0
    if args[0] in ("-l", "-p"):
        raise UnsupportedError(f"trap {args[0]}")
    action = args[0]
    sigs = args[1:]
    if not sigs:
        sigs, action = [action], "-"
    for sig in sigs:
        name = sig.upper().removeprefix("SIG")
        if name == "0":
            name = "EXIT"
        if name in ("ERR", "DEBUG", "RETURN"):
            raise UnsupportedError(f"trap on {name}")
        if action == "-":
            traps.pop(name, None)
        else:
            traps[name] = action
    return 0


def b_wait(ex: Executor, argv: list[str], io: IO) -> int:
    if len(argv) > 1:
        raise UnsupportedError("wait for a job (vnet runs no background jobs)")
    return 0


def b_command(ex: Executor, argv: list[str], io: IO) -> int:
    args = argv[1:]
    if args and args[0] in ("-v", "-V"):
        raise UnsupportedError(f"command {args[0]}")
    if args and args[0] == "--":
        args = args[1:]
    if not args:
        return 0
    return ex.run_argv(args, io, functions=False)


def b_builtin(ex: Executor, argv: list[str], io: IO) -> int:
    if len(argv) < 2:
        return 0
    fn = BUILTINS.get(argv[1])
    if fn is None:
        ex.error(io, f"builtin: {argv[1]}: not a shell builtin")
        return 1
    return fn(ex, argv[1:], io)


def b_unsupported(ex: Executor, argv: list[str], io: IO) -> int:
    raise UnsupportedError(f"{argv[0]} (shell builtin)")


BUILTINS: dict[str, Builtin] = {
    ":": b_true,
    "true": b_true,
    "false": b_false,
    "echo": b_echo,
    "printf": printf_builtin,
    "exit": b_exit,
    "return": b_return,
    "break": b_break,
    "continue": b_continue,
    "set": b_set,
    "shift": b_shift,
    "local": b_local,
    "declare": b_declare,
    "typeset": b_declare,
    "export": b_export,
    "readonly": b_readonly,
    "unset": b_unset,
    "test": b_test,
    "[": b_test,
    "read": b_read,
    "eval": b_eval,
    "let": b_let,
    "trap": b_trap,
    "wait": b_wait,
    "command": b_command,
    "builtin": b_builtin,
    "bash": bash_builtin,
    "sh": bash_builtin,
    "seq": coreutils.seq,
    "sleep": coreutils.sleep,
    "source": b_unsupported,
    ".": b_unsupported,
    "exec": b_unsupported,
    "shopt": b_unsupported,
    "getopts": b_unsupported,
    "jobs": b_unsupported,
    "fg": b_unsupported,
    "bg": b_unsupported,
    "disown": b_unsupported,
    "alias": b_unsupported,
    "enable": b_unsupported,
    "mapfile": b_unsupported,
    "readarray": b_unsupported,
    "coproc": b_unsupported,
}
