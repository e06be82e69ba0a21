"""Messages for what goes wrong: bash's syntax errors, vnet's unsupported features,
internal errors; always with the right line and never a traceback."""

from __future__ import annotations

import pytest

from vnet.cli.shell import CommandResult


@pytest.mark.parametrize(("script", "expected"), [
    ("echo hi\nfi\necho there\n",
     "hi\nlab.sh: line 2: syntax error near unexpected token `fi'\nlab.sh: line 2: `fi'\n"),
    ("echo hi; done\n",
     "lab.sh: line 1: syntax error near unexpected token `done'\nlab.sh: line 1: `echo hi; done'\n"),
    ("echo a\nfor x in a b; do\n  echo $x\n",
     "a\nlab.sh: line 4: syntax error: unexpected end of file\n"),
    ('echo a\necho "abc\n\n', "a\nlab.sh: line 2: unexpected EOF while looking for matching `\"'\n"),
    ("echo a\necho $(echo b\n", "a\nlab.sh: line 3: unexpected EOF while looking for matching `)'\n"),
    ("if true; then\n  echo x\nelse\nfi\n",
     "lab.sh: line 4: syntax error near unexpected token `fi'\nlab.sh: line 4: `fi'\n"),
    ("echo a &&\n", "lab.sh: line 2: syntax error: unexpected end of file\n"),
    ("echo >\n",
     "lab.sh: line 1: syntax error near unexpected token `newline'\nlab.sh: line 1: `echo >'\n"),
    ("x=$(echo c; fi)\n",
     "lab.sh: line 1: syntax error near unexpected token `fi'\nlab.sh: line 1: `x=$(echo c; fi)'\n"),
    ("echo a\n{ echo b\n", "a\nlab.sh: line 3: syntax error: unexpected end of file\n"),
])
def test_syntax_errors(sh, script, expected):
    r = sh(script)
    assert (r.out, r.status) == (expected, 2)


def test_runtime_errors_keep_going(sh):
    r = sh("[ abc -eq 1 ]; echo $?\n[ 1 = 1; echo $?\nbreak; echo $?\nreturn; echo $?\n"
           "echo ${x;}; echo same-line\necho after $?")
    assert r.out == ("lab.sh: line 1: [: abc: integer expression expected\n2\n"
                     "lab.sh: line 2: [: missing `]'\n2\n"
                     "lab.sh: line 3: break: only meaningful in a `for', `while', or `until' loop\n0\n"
                     "lab.sh: line 4: return: can only `return' from a function or sourced script\n2\n"
                     "lab.sh: line 5: ${x;}: bad substitution\nafter 1\n")
    assert r.status == 0


def test_unsupported_command_names_the_line(sh):
    r = sh("echo a\nfor i in 1 2; do\n  echo $i\n  frobnicate --x\ndone\necho never\n")
    assert r.out == "a\n1\nvnet: line 4: unsupported: frobnicate: no such command in the simulation\n"
    assert r.status == 2


@pytest.mark.parametrize(("script", "message"), [
    ("echo a\nsleep 5 &\n", "vnet: line 2: unsupported: background jobs (&)"),
    ("x=(1 2)", "vnet: line 1: unsupported: arrays"),
    ("echo ${a[1]}", "vnet: line 1: unsupported: arrays"),
    ("echo $$", "vnet: line 1: unsupported: $$ (process ids)"),
    ("\n\nsource lib.sh", "vnet: line 3: unsupported: source (shell builtin)"),
    ("exec 3>&1", "vnet: line 1: unsupported: exec (shell builtin)"),
    ("f() {\n  echo > /etc/x\n}\nf", "vnet: line 2: unsupported: redirection to /etc/x"),
    ("sleep infinity", "vnet: line 1: unsupported: sleep infinity"),
    ("select x in a; do :; done", "vnet: line 1: unsupported: select"),
    ("coproc cat", "vnet: line 1: unsupported: coproc"),
])
def test_unsupported_features(sh, script, message):
    r = sh(script)
    assert r.status == 2
    assert r.out.splitlines()[-1].startswith(message)


def test_host_unsupported_inside_pipeline_and_substitution(sh):
    r = sh("echo a | nosuch | cat\n")
    assert (r.status, r.out) == (2, "vnet: line 1: unsupported: nosuch: no such command in the "
                                    "simulation\n")
    r = sh("\nx=$(nosuch)\necho never")
    assert r.status == 2 and r.out.startswith("vnet: line 2: unsupported: nosuch")


def test_host_bug_is_a_clean_internal_error(sh):
    class Broken:
        def run_command(self, argv, stdin):
            raise ValueError("boom\nwith newline")

        def sleep(self, s):
            pass

        def write_file(self, path, data, append):
            return None

    r = sh("echo ok\n\nip link", Broken())
    assert r.out == "ok\nvnet: line 3: internal error: ValueError: boom with newline\n"
    assert r.status == 2


def test_host_returning_garbage_is_an_internal_error(sh):
    class Odd:
        def run_command(self, argv, stdin):
            return "not a CommandResult"

        def sleep(self, s):
            pass

        def write_file(self, path, data, append):
            return None

    r = sh("ip link")
    assert r.status == 0
    r = sh("ip link", Odd())
    assert r.status == 2 and r.out.startswith("vnet: line 1: internal error: TypeError")


def test_deep_nesting_is_clean(sh):
    r = sh("(" * 3000 + "echo hi" + ")" * 3000)
    assert r.status in (0, 2)
    assert "Traceback" not in r.out


def test_message_lines_inside_functions(sh):
    r = sh("f() {\n  echo $((1/0))\n}\nf\ng() {\n  [ x -gt 1 ]\n}\ng")
    assert r.out == ('lab.sh: line 2: 1/0: division by 0 (error token is "0")\n'
                     "lab.sh: line 6: [: x: integer expression expected\n")


def test_canned_result_status_is_masked(sh, host):
    host.canned["ip x"] = CommandResult("", "", 256 + 3)
    assert sh("ip x", host).status == 3
