"""Property: no input text makes the interpreter raise, or report an internal error."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vnet.cli.shell import CommandResult, Interpreter, NeedMoreInput, UnsupportedError


class AnyHost:
    def run_command(self, argv: list[str], stdin: str) -> CommandResult:
        if argv[0] in ("ip", "ping", "bridge"):
            return CommandResult(" ".join(argv) + "\n", "", len(argv) % 3)
        raise UnsupportedError(f"{argv[0]}: unknown")

    def sleep(self, seconds: float) -> None:
        pass

    def write_file(self, path: str, data: str, append: bool) -> str | None:
        return None if len(path) % 2 else "No such file or directory"

    def path_kind(self, path: str) -> str | None:
        return "file" if len(path) % 2 else None


PIECES = [
    "echo", "ip", "x=1", "$x", "${x:-a}", "${#x}", "$(", ")", "`", "'", '"', "\\", "$((", "))",
    "1+2", "/", "0", "for", "in", "do", "done", "if", "then", "elif", "else", "fi", "while",
    "until", "case", "esac", ";;", "(", "{", "}", "[", "]", "[[", "]]", "-eq", "=", "!=", "!",
    "&&", "||", "|", "|&", ";", "&", "\n", " ", "\t", "#", ">", ">>", "<", "2>&1", "<<EOF",
    "EOF", "<<<", "/proc/sys/a", "/dev/null", "f()", "local", "return", "break", "continue",
    "set -e", "set -u", "set -x", "exit", "true", "false", "read", "printf", "%d", "%s", "seq",
    "sleep", "eval", "shift", "$@", "$*", "$?", "$#", "$1", "~", "*", "?", "{1..3}", "a{b,c}",
    "trap", "EXIT", "let", "((", "test", "-z", "-n", "-e", "xargs", "tee", "cat", "$'\\n'",
    "-s", "-w", "-v", "-I", "-r", "-p", "-d", "-o", "-c", "-x", "-f", "bash", "sh", "%*d", "%q",
    "%b", "%5.2f", "declare", "export", "readonly", "unset", "case", "x)", "*)", "${x:1:2}",
    "${x/a/b}", "${@:1}", "${x#*}", "${x%%?}", "${!x}", "$(<", "2>", "&>", ">&2", "<&0", "{x}",
    "function", "select", "time", "command", "builtin", "wait", "echo -e", "'\\c'", "-1", "9",
]

shellish = st.lists(st.sampled_from(PIECES), max_size=40).map(" ".join)


def _run(text: str) -> tuple[int, str]:
    out: list[str] = []
    sh = Interpreter(AnyHost(), out.append, out.append, filename="p.sh",
                     max_loop_iterations=20, external_filters=False)
    status = sh.run(text)
    return status, "".join(out)


def _check(text: str) -> None:
    status, out = _run(text)
    assert isinstance(status, int) and 0 <= status <= 255
    assert "internal error" not in out, out
    assert "Traceback" not in out


SETTINGS = settings(max_examples=200, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(st.text(max_size=200))
def test_arbitrary_text_never_raises(text):
    _check(text)


@SETTINGS
@given(shellish)
def test_shellish_text_never_raises(text):
    _check(text)


@SETTINGS
@given(st.lists(shellish, max_size=4))
def test_run_line_never_raises_anything_but_need_more_input(lines):
    out: list[str] = []
    sh = Interpreter(AnyHost(), out.append, out.append, max_loop_iterations=20,
                     external_filters=False)
    for line in lines:
        try:
            status = sh.run_line(line)
        except NeedMoreInput:
            continue
        assert 0 <= status <= 255
    assert "internal error" not in "".join(out)
