"""Shell builtins: the commands bash runs itself, plus ``seq`` and ``sleep``.

Each builtin takes the executor, its argv and its fds, writes to ``io.stdout`` /
``io.stderr`` and returns an exit status.  Messages follow bash
(``script: line 4: exit: abc: numeric argument required``).  ``seq`` and
``sleep`` live in ``coreutils.py``, ``printf`` in ``printf.py``, ``test`` in
``testcmd.py``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from . import coreutils, testcmd
from .api import UnsupportedError
from .bashcmd import bash_builtin
from .errors import ExitShell, LoopControl, ReturnFromFunction
from .printf import printf_builtin
from .quoting import quote
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


def _declare_like(ex: Executor, argv: list[str], io: IO, *, local: bool = False,
                  export: bool = False, readonly: bool = False) -> int:
    name0 = argv[0]
    if local and ex.func_depth == 0:
        ex.error(io, "local: can only be used in a function")
        return 1
    st = ex.state
    status = 0
    args = argv[1:]
    while args and args[0].startswith(("-", "+")) and args[0] not in ("-", "--"):
        flag = args.pop(0)
        for c in flag[1:]:
            if c == "x":
                export = flag[0] == "-"
            elif c == "r":
                readonly = flag[0] == "-"
            elif c == "g" and name0 in ("declare", "typeset"):
                local = False
            elif c == "p" and name0 in ("export", "readonly"):
                pass
            else:
                raise UnsupportedError(f"{name0} {flag[0]}{c}")
    if args and args[0] == "--":
        args.pop(0)
    if not args:
        names = st.exported if export else st.readonly if readonly else set(st.vars)
        kind = "-x" if export else "-r" if readonly else "--"
        for k in sorted(names):
            if k in st.vars:
                io.stdout.write(f'declare {kind} {k}="{st.vars[k]}"\n')
        return 0
    for a in args:
        name, eq, value = a.partition("=")
        append = name.endswith("+") and bool(eq)
        if append:
            name = name[:-1]
        if not _NAME_RE.match(name):
            ex.error(io, f"{name0}: `{a}': not a valid identifier")
            status = 1
            continue
        if local and st.locals and name not in st.locals[-1]:
            st.locals[-1][name] = st.vars.get(name)
            if not eq:
                st.vars.pop(name, None)
        if eq:
            if append:
                value = (st.vars.get(name) or "") + value
            if not ex.assign(name, value, io):
                status = 1
                continue
        if export:
            st.exported.add(name)
        if readonly:
            st.readonly.add(name)
    return status


def b_local(ex: Executor, argv: list[str], io: IO) -> int:
    return _declare_like(ex, argv, io, local=True)


def b_declare(ex: Executor, argv: list[str], io: IO) -> int:
    return _declare_like(ex, argv, io, local=ex.func_depth > 0)


def b_export(ex: Executor, argv: list[str], io: IO) -> int:
    if len(argv) > 1 and argv[1] == "-n":
        for name in argv[2:]:
            ex.state.exported.discard(name)
        return 0
    return _declare_like(ex, argv, io, export=True)


def b_readonly(ex: Executor, argv: list[str], io: IO) -> int:
    return _declare_like(ex, argv, io, readonly=True)


def b_unset(ex: Executor, argv: list[str], io: IO) -> int:
    st = ex.state
    mode = "v"
    status = 0
    for a in argv[1:]:
        if a in ("-v", "-f"):
            mode = a[1]
            continue
        if mode == "f":
            st.functions.pop(a, None)
            continue
        if not _NAME_RE.match(a):
            ex.error(io, f"unset: `{a}': not a valid identifier")
            status = 1
            continue
        if a in st.readonly:
            ex.error(io, f"unset: {a}: cannot unset: readonly variable")
            status = 1
            continue
        if a in st.vars:
            st.vars.pop(a)
        elif a in st.functions:
            st.functions.pop(a)
        st.exported.discard(a)
    return status


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


def b_read(ex: Executor, argv: list[str], io: IO) -> int:
    raw = False
    delim = "\n"
    names: list[str] = []
    args = argv[1:]
    i = 0
    while i < len(args):
        a = args[i]
        if a == "-r":
            raw = True
        elif a in ("-p", "-t", "-u"):
            if a == "-u":
                raise UnsupportedError("read -u")
            i += 1  # prompt only shown on terminals; no timeouts in a script's input
        elif a == "-s":
            pass
        elif a == "-d":
            i += 1
            delim = args[i][:1] if i < len(args) else "\n"
            if delim == "":
                raise UnsupportedError("read -d ''")
        elif a.startswith("-") and len(a) > 1:
            raise UnsupportedError(f"read {a}")
        else:
            names.append(a)
        i += 1
    if not names:
        names = ["REPLY"]
    for n in names:
        if not _NAME_RE.match(n):
            ex.error(io, f"read: `{n}': not a valid identifier")
            return 1
    stdin = io.stdin
    got = stdin.readline(delim)
    if got is None:
        for n in names:
            ex.assign(n, "", io)
        return 1
    line, complete = got
    if not raw:
        while line.endswith("\\") and not line.endswith("\\\\") and complete:
            more = stdin.readline(delim)
            line = line[:-1]
            if more is None:
                complete = False
                break
            line += more[0]
            complete = more[1]
        line = re.sub(r"\\(.)", r"\1", line)
    values = _split_for_read(line, len(names), ex.get_param("IFS"), names == ["REPLY"])
    for n, v in zip(names, values, strict=False):
        ex.assign(n, v, io)
    return 0 if complete else 1


def _split_for_read(line: str, count: int, ifs: str | None, reply: bool) -> list[str]:
    if ifs is None:
        ifs = " \t\n"
    ws = "".join(c for c in ifs if c in " \t\n")
    if reply:
        return [line]
    fields: list[str] = []
    i = 0
    n = len(line)
    while i < n and line[i] in ws:
        i += 1
    while len(fields) < count - 1 and i < n:
        j = i
        while j < n and line[j] not in ifs:
            j += 1
        fields.append(line[i:j])
        i = j
        while i < n and line[i] in ws:
            i += 1
        if i < n and line[i] in ifs and line[i] not in ws:
            i += 1
            while i < n and line[i] in ws:
                i += 1
    rest = line[i:].rstrip(ws) if i < n else ""
    fields.append(rest)
    while len(fields) < count:
        fields.append("")
    return fields


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
