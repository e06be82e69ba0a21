"""``set -e``: which failures end the script and which are ignored, as in bash."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("body", [
    "false",
    "ip nope",
    "x=$(false)",
    "f() { false && true; }; f",
    "(false)",
    "[[ a == b ]]",
    "(( 0 ))",
    "true | false",
    "eval false",
    "{ false; echo not-here; }",
    "if true; then false; fi",
    "for i in 1; do false; done",
])
def test_exits(sh, body):
    r = sh(f"set -e\n{body}\necho survived")
    assert "survived" not in r.stdout
    assert "not-here" not in r.stdout
    assert r.status != 0


@pytest.mark.parametrize("body", [
    "if false; then :; fi",
    "if ip nope 2>/dev/null; then :; fi",
    "false || true",
    "false && true",
    "ip nope 2>/dev/null || echo handled",
    "! true",
    "while false; do :; done",
    "until true; do :; done",
    "false | true",
    "{ false && true; }",
    "for i in 1; do false && true; done",
    "f() { false; echo in-f; }; f || echo never",
    "set +e; false",
    "x=$(false; echo ok)",
])
def test_survives(sh, body):
    r = sh(f"set -e\n{body}\necho survived")
    assert r.stdout.endswith("survived\n"), r.out
    assert r.status == 0


def test_exit_status_is_the_failing_command(sh):
    r = sh("set -e\necho a\nip nope\necho b")
    assert r.status == 255
    assert r.out == 'a\nObject "nope" is unknown, try "ip help".\n'


def test_function_body_in_condition_context_ignores_errexit(sh):
    r = sh("set -e\nf() { false; echo in-f; }\nif f; then echo yes; fi\nf && echo and")
    assert r.stdout == "in-f\nyes\nin-f\nand\n"


def test_pipefail(sh):
    r = sh("false | true; echo $?\nset -o pipefail\nfalse | true; echo $?\ntrue | true; echo $?")
    assert r.stdout == "0\n1\n0\n"


def test_nounset(sh):
    r = sh("set -u\necho ${u:-ok}\necho $u\necho never")
    assert r.out == "ok\nlab.sh: line 3: u: unbound variable\n"
    assert r.status == 1


def test_xtrace(sh):
    r = sh("set -x\nx='a b'\necho $x \"$x\"\ny=$(echo hi)\nset +x\necho quiet")
    assert r.stderr == ("+ x='a b'\n+ echo a b 'a b'\n++ echo hi\n+ y=hi\n+ set +x\n")
    assert r.stdout == "a b a b\nquiet\n"
