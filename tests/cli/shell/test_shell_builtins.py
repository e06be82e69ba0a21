"""Builtins: echo, printf, seq, read, test, set, shift, local, export, let, trap."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(("script", "expected"), [
    ("echo -n a; echo b", "ab\n"),
    ("echo -e 'a\\tb\\nc'", "a\tb\nc\n"),
    ("echo 'a\\tb'", "a\\tb\n"),
    ("echo -e '\\0101 \\101 \\x41 \\u263a'", "A \\101 A \u263a\n"),
    ("echo -e 'stop\\chere'; echo", "stop\n"),
    ("echo -ne 'x\\n'", "x\n"),
    ("echo -x -n", "-x -n\n"),
    ("echo --", "--\n"),
])
def test_echo(sh, script, expected):
    assert sh(script).stdout == expected


@pytest.mark.parametrize(("script", "expected"), [
    ("printf '%s=%d\\n' a 1 b 2", "a=1\nb=2\n"),
    ("printf '%5s|%-5s|%05d|%x|%X|%o|%#o\\n' ab cd 42 255 255 8 8", "   ab|cd   |00042|ff|FF|10|010\n"),
    ("printf '%.2f %e %g %5.1s|%c\\n' 3.14159 3.5 0.0001 xyz hello",
     "3.14 3.500000e+00 0.0001     x|h\n"),
    ("printf '%d %d\\n' 1", "1 0\n"),
    ("printf '%s\\n'", "\n"),
    ("printf 'no conv\\n' extra", "no conv\n"),
    ("printf '%d\\n' \"'A\" 0x1f 010 -5 ' 7'", "65\n31\n8\n-5\n7\n"),
    ("printf '%b|%q\\n' 'a\\tb' 'a b'", "a\tb|a\\ b\n"),
    ("printf '%*d|%-*d|\\n' 4 7 3 1", "   7|1  |\n"),
    ("printf -v out '%03d' 7; echo $out", "007\n"),
    ("printf 'a\\c b\\n'", "a\\c b\n"),
    ("printf '%%\\n'", "%\n"),
])
def test_printf(sh, script, expected):
    assert sh(script).stdout == expected


def test_printf_invalid_number(sh):
    r = sh("printf '%d\\n' abc 12x; echo $?")
    assert r.out == ("lab.sh: line 1: printf: abc: invalid number\n0\n"
                     "lab.sh: line 1: printf: 12x: invalid number\n12\n1\n")


@pytest.mark.parametrize(("script", "expected"), [
    ("seq 3", "1\n2\n3\n"),
    ("seq 2 4", "2\n3\n4\n"),
    ("seq 1 2 7", "1\n3\n5\n7\n"),
    ("seq 5 -2 1", "5\n3\n1\n"),
    ("seq 0.5 0.5 2", "0.5\n1.0\n1.5\n2.0\n"),
    ("seq -s, 3", "1,2,3\n"),
    ("seq -w 8 10", "08\n09\n10\n"),
    ("seq 5 1", ""),
    ("seq -2 0", "-2\n-1\n0\n"),
])
def test_seq(sh, script, expected):
    assert sh(script).stdout == expected


def test_seq_errors(sh):
    r = sh("seq a; echo $?\nseq; echo $?\nseq 1 0 3; echo $?")
    assert r.out == ("seq: invalid floating point argument: \u2018a\u2019\n"
                     "Try 'seq --help' for more information.\n1\n"
                     "seq: missing operand\nTry 'seq --help' for more information.\n1\n"
                     "seq: invalid Zero increment value: \u20180\u2019\n"
                     "Try 'seq --help' for more information.\n1\n")


def test_read(sh):
    r = sh("read a b <<< '  one two three  '; echo \"[$a][$b]\"\n"
           "IFS=, read -r x y <<< 'p,q,r'; echo \"[$x][$y]\"\n"
           "read -r raw <<< 'a\\\\b'; echo \"$raw\"\nread cooked <<< 'a\\\\b'; echo \"$cooked\"\n"
           "read r <<< 'line'; echo \"$REPLY|$r\"\nread <<< ' keep '; echo \"[$REPLY]\"\n"
           "printf 'no-newline' | { read v; echo \"$? $v\"; }\nread e < /dev/null; echo $?")
    assert r.stdout == ("[one][two three]\n[p][q,r]\na\\\\b\na\\b\n|line\n[ keep ]\n"
                        "1 no-newline\n1\n")


@pytest.mark.parametrize(("expr", "status"), [
    ("", 1), ("a", 0), ("''", 1), ("! a", 1), ("-n ''", 1), ("-z ''", 0),
    ("a = a", 0), ("a != a", 1), ("a == b", 1), ("1 -eq 1", 0), ("2 -lt 10", 0),
    ("10 -le 2", 1), ("-5 -gt -6", 0), ("a = a -a b = c", 1), ("a = a -o b = c", 0),
    ("\\( a = a \\)", 0), ("! a = b", 0), ("a \\< b", 0), ("-v PATH_NOT_SET", 1),
    ("-n a -a -z ''", 0), ("x -a ''", 1),
])
def test_test_builtin(sh, expr, status):
    assert sh(f"[ {expr} ]").status == status
    assert sh(f"test {expr}").status == status


def test_test_errors(sh):
    r = sh("[ a b c d e ]; echo $?\n[ 1 -eq ]; echo $?\n[ a -foo b ]; echo $?")
    assert r.out == ("lab.sh: line 1: [: too many arguments\n2\n"
                     "lab.sh: line 2: [: 1: unary operator expected\n2\n"
                     "lab.sh: line 3: [: -foo: binary operator expected\n2\n")


def test_set_and_shift(sh):
    r = sh("set -- a b c\necho $# $1\nshift\necho $# $1\nshift 5; echo st=$? $#\n"
           "set -eu; set +eu; echo $-")
    assert r.stdout == "3 a\n2 b\nst=1 2\nhB\n"


def test_declare_export_readonly_unset(sh):
    r = sh("export A=1 B\ndeclare -x C=2\nreadonly R=3\nR=4\necho $R\nunset R; echo st=$?\n"
           "unset A; echo \"[$A]\"\nlocal x=1; echo st=$?\nx=5; x+=1; echo $x")
    assert r.out == ("lab.sh: line 4: R: readonly variable\n3\n"
                     "lab.sh: line 6: unset: R: cannot unset: readonly variable\nst=1\n[]\n"
                     "lab.sh: line 8: local: can only be used in a function\nst=1\n51\n")


def test_let_and_trap_listing(sh):
    r = sh("let 'a = 2 * 3' b=a+1; echo $a $b $?\nlet 0; echo $?\n"
           "trap 'echo bye' EXIT; trap\ntrap - EXIT; trap")
    assert r.stdout == "6 7 0\n1\ntrap -- 'echo bye' EXIT\n"


def test_prefix_assignment_is_temporary(sh):
    r = sh("f() { echo \"in f: $V\"; }\nV=1 f\necho \"after: [$V]\"")
    assert r.stdout == "in f: 1\nafter: []\n"


def test_command_and_builtin(sh):
    r = sh("echo() { printf 'fn\\n'; }\necho x\ncommand echo real\nbuiltin echo b")
    assert r.stdout == "fn\nreal\nb\n"
