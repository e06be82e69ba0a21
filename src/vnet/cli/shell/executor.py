"""The tree walker: runs parsed commands with bash's semantics.

Covers lists, ``&&``/``||``, pipelines (each stage a subshell, run one after the
other with the previous stage's output as its input), compound commands,
functions, ``set -e`` (bash's rules on where a failure is ignored), command
substitution and dispatch of a simple command to a function, a builtin, the
host's simulated commands or, failing those, a text filter.  ``interp.py`` wraps
this in the public :class:`Interpreter` API.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from . import compound, redirects
from .api import CommandHost, CommandResult, UnsupportedError
from .arith import ArithError, evaluate
from .builtins import BUILTINS
from .chars import ascii_digits as _digits
from .errors import (
    ExitShell,
    ExpansionAbort,
    FatalShellError,
    LoopControl,
    ReturnFromFunction,
    ShellSyntaxError,
)
from .expand import Expander, arith_message
from .filters import EXTERNAL_FILTERS, INTERNAL_FILTERS, run_external_filter
from .nodes import (
    AndOr,
    ArithCommand,
    Command,
    CommandList,
    CondCommand,
    FunctionDef,
    Pipeline,
    Redirect,
    SimpleCommand,
    Subshell,
    Word,
)
from .parser import Parser
from .quoting import xtrace_word
from .scan import Unterminated
from .state import ShellState
from .streams import IO, BufferSink, CallbackSink, FileSink, InputStream, Sink

MAX_FUNCTION_DEPTH = 200
MAX_SUBST_DEPTH = 32
# set -e reacts to these failing; a failing if/for/while/case/{ } does not make
# bash exit by itself (the command inside that failed already had its chance).
_ERREXIT_KINDS = (SimpleCommand, Subshell, CondCommand, ArithCommand)
_ASSIGN_RE = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)(\+?)=")


def _read_only_redirect(src: str) -> Word | None:
    """The file of a ``$(< file)`` substitution, else None."""
    if "<" not in src:
        return None
    try:
        nodes = Parser(src).parse_all()
    except (ShellSyntaxError, UnsupportedError):
        return None
    if len(nodes) != 1 or len(nodes[0].items) != 1 or nodes[0].items[0].rest:
        return None
    pipe = nodes[0].items[0].first
    cmd = pipe.commands[0]
    if pipe.negated or len(pipe.commands) != 1 or not isinstance(cmd, SimpleCommand):
        return None
    if cmd.words or cmd.assigns or len(cmd.redirects) != 1:
        return None
    red = cmd.redirects[0]
    return red.target if red.op == "<" and red.fd is None else None


class Executor:
    """Shell state plus the code that runs syntax trees against it."""

    def __init__(self, host: CommandHost, out: Callable[[str], None],
                 err: Callable[[str], None], filename: str = "script", *,
                 max_loop_iterations: int = 100_000, external_filters: bool = True,
                 env: dict[str, str] | None = None) -> None:
        self.host = host
        self.filename = filename
        self.out_sink = CallbackSink(out)
        self.err_sink = CallbackSink(err)
        self.state = ShellState()
        for k, v in (env or {}).items():
            self.state.vars[k] = v
            self.state.exported.add(k)
        self.expander = Expander(self)
        self.max_loop_iterations = max_loop_iterations
        self.external_filters = external_filters
        self.last_status = 0
        self.line = 0
        self.suppress = 0  # > 0 inside conditions and non-final && / || members
        self.loop_depth = 0
        self.func_depth = 0
        self.subst_depth = 0
        self.current_command = ""
        self.last_subst_status: int | None = None
        self.top_io = IO({0: InputStream(""), 1: self.out_sink, 2: self.err_sink})
        self.cur_io = self.top_io
        self.command_string = False  # running `bash -c`: syntax errors say "-c: line N"
        self.nesting = 0  # depth of `bash -c` inside `bash -c`
        self.func_names: list[str] = []  # ${FUNCNAME}: the running function
        #  where a person watches the output (`vnet shell` at a terminal sets it), and
        #  while a host command writing straight there runs, that same writer
        self.terminal: Callable[[str], None] | None = None
        self.live_out: Callable[[str], None] | None = None

    # -- messages -------------------------------------------------------------------
    def prefix(self, line: int | None = None) -> str:
        return f"{self.filename}: line {self.line if line is None else line}: "

    def error_to(self, sink: Sink, msg: str) -> None:
        """``script: line N: msg`` on ``sink``."""
        sink.write(self.prefix() + msg + "\n")

    def error(self, io: IO, msg: str) -> None:
        self.error_to(io.stderr, msg)

    def report(self, e: Exception, msg: str) -> None:
        """An error message on the shell's stderr, at the line the error happened."""
        line = getattr(e, "line", None)
        self.err_sink.write(self.prefix(line) + msg + "\n")

    def warn(self, line: int, msg: str) -> None:
        self.err_sink.write(self.prefix(line) + msg + "\n")

    def syntax_error(self, e: ShellSyntaxError, sink: Sink | None = None,
                     context: str | None = None) -> None:
        """Bash's two-line report (the message, then the offending line quoted)."""
        s = self.err_sink if sink is None else sink
        prefix = self.prefix(e.line)
        if self.command_string and not context:
            context = "-c"
        if context:
            prefix = f"{self.filename}: {context}: line {e.line}: "
        s.write(prefix + e.message + "\n")
        if e.source_line is not None:
            s.write(prefix + f"`{e.source_line}'\n")

    # -- variables (also the ExpandContext protocol) --------------------------------
    def get_param(self, name: str) -> str | None:
        st = self.state
        if _digits(name):
            k = int(name)
            if k == 0:
                return self.filename
            return st.positional[k - 1] if k <= len(st.positional) else None
        if name == "?":
            return str(self.last_status)
        if name == "#":
            return str(len(st.positional))
        if name == "-":
            return st.options.flags()
        if name in ("@", "*"):
            return " ".join(st.positional)
        if name == "$":
            raise UnsupportedError("$$ (process ids)")
        if name == "!":
            raise UnsupportedError("$! (background jobs)")
        if name == "LINENO":
            return str(self.line)
        if name == "FUNCNAME":
            return self.func_names[-1] if self.func_names else None
        if name in ("RANDOM", "SRANDOM"):
            raise UnsupportedError(f"${name}")
        return st.vars.get(name)

    def positional(self) -> list[str]:
        return list(self.state.positional)

    def set_var(self, name: str, value: str) -> None:
        if name in self.state.readonly:
            raise ExpansionAbort(f"{name}: readonly variable")
        self.state.vars[name] = value

    def assign(self, name: str, value: str, io: IO) -> bool:
        """Assign, printing bash's error for a readonly variable."""
        if name in self.state.readonly:
            self.error(io, f"{name}: readonly variable")
            return False
        self.state.vars[name] = value
        return True

    def nounset(self) -> bool:
        return self.state.options.nounset

    def noglob(self) -> bool:
        return self.state.options.noglob

    def glob(self, pattern: str) -> list[str]:
        """Paths matching a glob pattern, from the host's optional ``glob(pattern)``.

        The pattern is in bash syntax (quoted characters backslash-escaped, see
        ``pattern.py``); hosts without the hook leave patterns unexpanded.
        """
        hook = getattr(self.host, "glob", None)
        if hook is None:
            return []
        return list(hook(pattern))

    # -- the TestEnv protocol (test, [, [[) -------------------------------------------
    def var_is_set(self, name: str) -> bool:
        return self.get_param(name) is not None

    def option_is_set(self, name: str) -> bool:
        return bool(getattr(self.state.options, name, False))

    def path_test(self, op: str, path: str) -> bool:
        """File tests, answered by the host's optional ``path_kind(path)``.

        ``path_kind`` returns "file", "dir" or None (absent); hosts without it make
        file tests unsupported (except on /dev/null).
        """
        if path == "/dev/null":
            return op in ("-e", "-a", "-c", "-r", "-w")
        kind_of = getattr(self.host, "path_kind", None)
        if kind_of is None or op not in ("-e", "-a", "-f", "-d", "-r", "-w", "-s", "-x"):
            raise UnsupportedError(f"test {op} {path}")
        kind = kind_of(path)
        if op in ("-e", "-a", "-r", "-w"):
            return kind is not None
        if op == "-f":
            return kind == "file"
        if op == "-d":
            return kind == "dir"
        if op == "-x":
            return kind == "dir"
        # -s: sysfs attributes report 4096 bytes, procfs files 0
        return kind == "dir" or (kind == "file" and not path.startswith("/proc/"))

    # -- lists and pipelines ------------------------------------------------------------
    def exec_list(self, lst: CommandList, io: IO) -> int:
        status = 0
        for item in lst.items:
            status = self.exec_and_or(item, io)
        return status

    def exec_and_or(self, ao: AndOr, io: IO) -> int:
        members: list[tuple[str, Pipeline]] = [("", ao.first), *ao.rest]
        last = len(members) - 1
        status = 0
        for idx, (op, pipe) in enumerate(members):
            if (op == "&&" and status != 0) or (op == "||" and status == 0):
                continue
            if idx < last:
                self.suppress += 1
                try:
                    status = self.exec_pipeline(pipe, io)
                finally:
                    self.suppress -= 1
            else:
                status = self.exec_pipeline(pipe, io)
        return status

    def exec_pipeline(self, p: Pipeline, io: IO) -> int:
        self.line = p.line
        if p.negated:
            self.suppress += 1
        try:
            if len(p.commands) == 1:
                status = self.exec_command(p.commands[0], io)
            else:
                status = self._run_pipe(p, io)
        finally:
            if p.negated:
                self.suppress -= 1
        if p.negated:
            status = int(status == 0)
        self.last_status = status
        if status and not p.negated and self.state.options.errexit and self.suppress == 0 \
                and (len(p.commands) > 1 or isinstance(p.commands[0], _ERREXIT_KINDS)):
            raise ExitShell(status)
        return status

    def _run_pipe(self, p: Pipeline, io: IO) -> int:
        n = len(p.commands)
        statuses: list[int] = []
        data = ""
        for i, cmd in enumerate(p.commands):
            stdin = io.stdin if i == 0 else InputStream(data)
            out: Sink = io.stdout if i == n - 1 else BufferSink()
            err = out if i < n - 1 and p.stderr_too[i] else io.stderr
            stage = io.with_fds(stdin=stdin, stdout=out, stderr=err)
            statuses.append(self.in_subshell(lambda c=cmd, s=stage: self.exec_command(c, s)))
            if isinstance(out, BufferSink):
                data = out.getvalue()
        if self.state.options.pipefail:
            return next((s for s in reversed(statuses) if s), 0)
        return statuses[-1]

    def in_subshell(self, fn: Callable[[], int], *, errexit: bool | None = None) -> int:
        """Run ``fn`` on a copy of the shell state; ``exit`` ends only the copy."""
        saved = self.state
        saved_loop, saved_line = self.loop_depth, self.line
        self.state = saved.subshell()
        if errexit is not None:
            self.state.options.errexit = errexit
        try:
            return fn()
        except ExitShell as e:
            return e.status
        except ReturnFromFunction as e:
            return e.status
        except LoopControl:
            return 0
        except ExpansionAbort as e:
            self.report(e, e.message)
            return 1
        except FatalShellError as e:
            self.report(e, e.message)
            return e.status
        finally:
            self.state = saved
            self.loop_depth, self.line = saved_loop, saved_line

    # -- commands ---------------------------------------------------------------------------
    def exec_command(self, cmd: Command, io: IO) -> int:
        try:
            return self._exec_command(cmd, io)
        except (LoopControl, ReturnFromFunction, ExitShell):
            raise
        except Exception as e:
            # remember the innermost command's line before unwinding resets self.line
            if getattr(e, "line", None) is None:
                try:
                    e.line = self.line  # type: ignore[attr-defined]
                except AttributeError:
                    pass
            raise

    def _exec_command(self, cmd: Command, io: IO) -> int:
        if isinstance(cmd, SimpleCommand):
            return self.exec_simple(cmd, io)
        if isinstance(cmd, FunctionDef):
            self.line = cmd.line
            self.state.functions[cmd.name] = cmd
            return 0
        self.line = cmd.line
        if not cmd.redirects:
            return compound.run_compound(self, cmd, io)
        self.cur_io = io
        opened = redirects.open_redirects(self, cmd.redirects, io)
        if opened is None:
            return 1
        new_io, files = opened
        try:
            status = compound.run_compound(self, cmd, new_io)
        finally:
            failed = redirects.close_files(files)
        return 1 if failed else status

    def arith_text(self, src: str) -> str:
        try:
            return self.expander.string(src, "heredoc").replace('"', "")
        except Unterminated as e:
            raise ExpansionAbort(f"unexpected EOF while looking for matching `{e.closer}'") from None

    def arith_status(self, src: str, io: IO, who: str = "((") -> int | None:
        """Evaluate for ``((``/``let``/``for ((``; prints the error and returns None on failure."""
        text = self.arith_text(src)
        try:
            return evaluate(text, self.get_param, self.set_var)
        except ArithError as e:
            self.error(io, f"{who}: {arith_message(text, e)}")
            return None

    # -- simple commands ------------------------------------------------------------------
    def _assignments(self, words: list[str]) -> list[tuple[str, str, bool]]:
        out: list[tuple[str, str, bool]] = []
        for raw in words:
            m = _ASSIGN_RE.match(raw)
            assert m
            value = self.expander.string(raw[m.end():])
            out.append((m.group(1), value, bool(m.group(2))))
        return out

    def trace(self, io: IO, words: list[str]) -> None:
        """A ``set -x`` line (words already quoted as they should show)."""
        prefix = "+" * (self.subst_depth + 1)
        io.stderr.write(f"{prefix} {' '.join(words)}\n")

    def exec_simple(self, cmd: SimpleCommand, io: IO) -> int:
        self.line = cmd.line
        self.cur_io = io
        self.last_subst_status = None
        argv = self.expander.fields(cmd.words)
        assigns = self._assignments([w.raw for w in cmd.assigns])
        xtrace = self.state.options.xtrace
        if not argv:
            status = self.last_subst_status or 0
            for name, value, append in assigns:
                if append:
                    value = (self.state.vars.get(name) or "") + value
                if xtrace:
                    self.trace(io, [f"{name}={xtrace_word(value)}"])
                if name in self.state.readonly:
                    raise ExpansionAbort(f"{name}: readonly variable")
                self.state.vars[name] = value
            if cmd.redirects:
                opened = redirects.open_redirects(self, cmd.redirects, io)
                if opened is None:
                    return 1
                if redirects.close_files(opened[1]):
                    status = 1
            return status
        if xtrace:
            self.trace(io, [f"{n}={xtrace_word(v)}" for n, v, _ in assigns] +
                       [xtrace_word(a) for a in argv])
        files: list[FileSink] = []
        run_io = io
        if cmd.redirects:
            opened = redirects.open_redirects(self, cmd.redirects, io)
            if opened is None:
                return 1
            run_io, files = opened
        failed = False
        try:
            status = self.run_argv(argv, run_io, assigns)
        finally:
            self.line = cmd.line
            for fd in (1, 2):
                s = run_io.fds.get(fd)
                if isinstance(s, FileSink) and s.take_failures():
                    failed = True
            if redirects.close_files(files):
                failed = True
        return 1 if failed else status

    def run_argv(self, argv: list[str], io: IO,
                 assigns: list[tuple[str, str, bool]] | None = None,
                 functions: bool = True) -> int:
        """Run one expanded command: function, builtin, host command or text filter."""
        name = argv[0]
        saved: dict[str, str | None] = {}
        st = self.state
        for var, value, append in assigns or ():
            if var in st.readonly:
                self.error(io, f"{var}: readonly variable")
                return 1
            if var not in saved:
                saved[var] = st.vars.get(var)
            st.vars[var] = (st.vars.get(var) or "") + value if append else value
        self.current_command = name
        try:
            if functions and name in st.functions:
                return self.call_function(st.functions[name], argv, io)
            builtin = BUILTINS.get(name)
            if builtin is not None:
                return builtin(self, argv, io)
            return self.run_host(argv, io, {n: v for n, v, _ in assigns or ()})
        finally:
            for var, old in saved.items():
                if old is None:
                    self.state.vars.pop(var, None)
                else:
                    self.state.vars[var] = old

    def run_host(self, argv: list[str], io: IO, extra_env: dict[str, str]) -> int:
        outermost = self.live_out is None and self.terminal is not None \
            and io.stdout is self.out_sink
        if outermost:
            self.live_out = self.terminal
        try:
            return self._run_host(argv, io, extra_env)
        finally:
            if outermost:
                self.live_out = None

    def _run_host(self, argv: list[str], io: IO, extra_env: dict[str, str]) -> int:
        name = argv[0]
        try:
            res = self.host.run_command(list(argv), io.stdin.peek())
        except UnsupportedError:
            internal = INTERNAL_FILTERS.get(name)
            if internal is not None:
                return internal(self, argv, io)
            if name not in EXTERNAL_FILTERS or not self.external_filters:
                raise
            env = {k: v for k, v in self.state.vars.items() if k in self.state.exported}
            env.update(extra_env)
            res = run_external_filter(self, argv, io.stdin.read_all(), env)
        if not isinstance(res, CommandResult):
            raise TypeError(f"host returned {type(res).__name__} for {name}")
        if res.chunks is not None:
            for fd, text in res.chunks:
                (io.stdout if fd == 1 else io.stderr).write(text)
        else:
            io.stdout.write(res.stdout)
            io.stderr.write(res.stderr)
        return int(res.status) & 0xFF

    def call_function(self, fn: FunctionDef, argv: list[str], io: IO) -> int:
        if self.func_depth >= MAX_FUNCTION_DEPTH:
            raise UnsupportedError(
                f"{fn.name}: maximum function nesting level exceeded ({MAX_FUNCTION_DEPTH})")
        st = self.state
        saved_pos = st.positional
        saved_loop = self.loop_depth
        st.positional = argv[1:]
        st.locals.append({})
        self.loop_depth = 0
        self.func_depth += 1
        self.func_names.append(fn.name)
        try:
            if fn.redirects:
                opened = redirects.open_redirects(self, fn.redirects, io)
                if opened is None:
                    return 1
                new_io, files = opened
                try:
                    return self.exec_command(fn.body, new_io)
                finally:
                    redirects.close_files(files)
            return self.exec_command(fn.body, io)
        except ReturnFromFunction as r:
            return r.status
        finally:
            self.func_depth -= 1
            self.func_names.pop()
            self.loop_depth = saved_loop
            frame = st.locals.pop()
            for var, old in frame.items():
                if old is None:
                    st.vars.pop(var, None)
                else:
                    st.vars[var] = old
            st.positional = saved_pos

    # -- command substitution and eval ----------------------------------------------------
    def command_subst(self, src: str) -> str:
        if self.subst_depth >= MAX_SUBST_DEPTH:
            raise UnsupportedError("command substitutions nested too deeply")
        buf = BufferSink()
        outer = self.cur_io
        io = IO({0: outer.stdin, 1: buf, 2: outer.stderr})
        line = self.line
        quick = _read_only_redirect(src)
        if quick is not None:
            # $(< file): bash reads the file without running a command
            return self._subst_read(quick, outer)
        self.subst_depth += 1
        try:
            status = self.in_subshell(
                lambda: self.run_source(src, io, line - 1, "command substitution"),
                errexit=False)
        finally:
            self.subst_depth -= 1
            self.line = line
            self.cur_io = outer
        self.last_subst_status = status
        self.last_status = status
        return buf.getvalue().rstrip("\n")

    def _subst_read(self, word: Word, outer: IO) -> str:
        opened = redirects.open_redirects(self, [Redirect(None, "<", word, self.line)], outer)
        status = 1 if opened is None else 0
        self.last_subst_status = self.last_status = status
        if opened is None:
            return ""
        return opened[0].stdin.read_all().rstrip("\n")

    def run_source(self, src: str, io: IO, line_offset: int, context: str | None = None) -> int:
        """Parse and run ``src`` in the current state (``eval``, ``$(...)``, traps)."""
        parser = Parser(src, line_offset=line_offset, warn=self.warn)
        status = 0
        try:
            while (node := parser.parse_next()) is not None:
                status = self.exec_list(node, io)
        except ShellSyntaxError as e:
            self.syntax_error(e, io.stderr, context)
            status = 2
            self.last_status = status
        return status
