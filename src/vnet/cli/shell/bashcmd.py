"""``bash -c 'commands'`` and ``sh -c``: a fresh shell inside the script.

Lab scripts write ``ip netns exec ns1 sh -c '...'``; the host hands the inner
command back (``Interpreter.call``) and it runs here as a child interpreter that
shares the host and the fds but, like a new bash process, sees only exported
variables and none of the functions.  Running a script file is unsupported.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .api import UnsupportedError
from .streams import IO

if TYPE_CHECKING:
    from .executor import Executor

MAX_NESTING = 16
_FLAGS = {"e": "errexit", "u": "nounset", "x": "xtrace"}


def bash_builtin(ex: Executor, argv: list[str], io: IO) -> int:
    from .interp import Interpreter  # the child is a whole interpreter

    name = argv[0]
    args = argv[1:]
    options: dict[str, bool] = {}
    command: str | None = None
    while args:
        a = args.pop(0)
        if a == "-c":
            if not args:
                io.stderr.write(f"{name}: -c: option requires an argument\n")
                return 2
            command = args.pop(0)
            break
        if a in ("-o", "+o") and args:
            opt = args.pop(0)
            if opt not in ("errexit", "nounset", "xtrace", "pipefail"):
                raise UnsupportedError(f"{name} {a} {opt}")
            options[opt] = a == "-o"
            continue
        if len(a) > 1 and a[0] in "-+" and all(c in "eux" or c == "c" for c in a[1:]):
            for c in a[1:]:
                if c == "c":
                    args.insert(0, "-c")
                else:
                    options[_FLAGS[c]] = a[0] == "-"
            continue
        raise UnsupportedError(f"{name} {a} (only {name} -c 'commands' is simulated)")
    if command is None:
        raise UnsupportedError(f"{name} without -c (reading commands from a file or stdin)")
    if ex.nesting >= MAX_NESTING:
        raise UnsupportedError(f"{name} -c nested more than {MAX_NESTING} deep")
    st = ex.state
    env = {k: v for k, v in st.vars.items() if k in st.exported}
    child = Interpreter(ex.host, io.stdout.write, io.stderr.write,
                        filename=args[0] if args else name,
                        max_loop_iterations=ex.max_loop_iterations,
                        external_filters=ex.external_filters, env=env)
    child.top_io = IO({0: io.stdin, 1: io.stdout, 2: io.stderr})
    child.cur_io = child.top_io
    child.command_string = True
    child.nesting = ex.nesting + 1
    child.state.positional = args[1:]
    for opt, on in options.items():
        setattr(child.state.options, opt, on)
    try:
        return child.run(command)
    except Exception as e:
        e.line = ex.line  # type: ignore[attr-defined]  # the outer script's line
        raise
