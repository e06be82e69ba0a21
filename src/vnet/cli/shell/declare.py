"""Variable attribute builtins: ``declare``/``typeset``, ``local``, ``export``,
``readonly`` and ``unset``.

Attributes other than export (-x) and readonly (-r) (arrays, integers, name
references) are unsupported.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .api import UnsupportedError
from .streams import IO

if TYPE_CHECKING:
    from .executor import Executor

_NAME_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")


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
