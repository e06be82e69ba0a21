"""Quoting, variables and the expansions of a word."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(("script", "expected"), [
    ("echo 'a  $X'", "a  $X\n"),
    ('X=1; echo "a  $X"', "a  1\n"),
    (r'echo "q\"q" \$ a\ \ b', 'q"q $ a  b\n'),
    ("echo 'it'\\''s'", "it's\n"),
    (r"echo 'c\d' \\e", "c\\d \\e\n"),
    ('X="a   b"; echo $X; echo "$X"', "a b\na   b\n"),
    ("X=; echo [$X] [\"$X\"]", "[] []\n"),
    ('echo "" x', " x\n"),
    ("echo $'a\\tb'", "a\tb\n"),
    ("echo a\\\nb", "ab\n"),
    ('X=v; echo ${X}y $Xy', "vy\n"),
    ("echo ~nosuchuser", "~nosuchuser\n"),
    ("echo a#b # comment", "a#b\n"),
    ('echo "a#b"#c', "a#b#c\n"),
])
def test_quoting(sh, script, expected):
    r = sh(script, external_filters=False)
    assert r.stdout == expected


@pytest.mark.parametrize(("script", "expected"), [
    ("x=hello; echo ${#x} ${x:1:3} ${x: -2} ${x:2}", "5 ell lo llo\n"),
    ("p=/a/b/c.tar.gz; echo ${p##*/} ${p#*/} ${p%/*} ${p%%.*} ${p%.*}",
     "c.tar.gz a/b/c.tar.gz /a/b /a/b/c /a/b/c.tar\n"),
    ("x=aXbXc; echo ${x/X/-} ${x//X/-} ${x/#a/A} ${x/%c/C}", "a-bXc a-b-c AXbXc aXbXC\n"),
    ("x=MiXed; echo ${x^^} ${x,,} ${x^}", "MIXED mixed MiXed\n"),
    ("unset u; echo [${u:-d}] [${u-d}] [${u:+a}] [${u+a}]", "[d] [d] [] []\n"),
    ("e=; echo [${e:-d}] [${e-d}] [${e:+a}] [${e+a}]", "[d] [] [] [a]\n"),
    ("unset u; echo ${u:=set}; echo $u", "set\nset\n"),
    ('x="a b"; y=${x:-"q r"}; echo "$y"', "a b\n"),
    ("n=x; x=deref; echo ${!n}", "deref\n"),
    ('echo "${u:-two words}" | wc -w 2>/dev/null || echo 2', "2\n"),
])
def test_parameter_expansion(sh, script, expected):
    assert sh(script).stdout.lstrip() == expected


def test_special_parameters(sh):
    r = sh("false; echo $?; true; echo $?; echo $0 $LINENO\nf() { echo $# $1 $2 \"$*\"; }\n"
           "f a 'b c'\nset -- x y; echo $# $@")
    assert r.stdout == "1\n0\nlab.sh 1\n2 a b c a b c\n2 x y\n"


def test_dollar_at_keeps_words(sh):
    r = sh('f() { for a in "$@"; do echo "<$a>"; done; for a in $@; do echo "($a)"; done; }\n'
           'f "1 2" "" 3')
    assert r.stdout == "<1 2>\n<>\n<3>\n(1)\n(2)\n(3)\n"


def test_arithmetic(sh):
    r = sh("x=7; echo $((x / 2)) $((x % 3)) $((2 ** 10)) $((-7 / 2)) $((x > 3 && x < 9))\n"
           "echo $((0x10)) $((010)) $((2#101)) $((1 << 62 << 2)) $((y = 4, y * y)) $y\n"
           "i=0; echo $((i++)) $((++i)) $i; e='1+2'; echo $((e * 2))")
    assert r.stdout == "3 1 1024 -3 1\n16 8 5 0 16 4\n0 2 2\n6\n"


def test_arithmetic_error_aborts_the_line_only(sh):
    r = sh("echo $((1/0)); echo same-line\necho next $?")
    assert r.out == 'lab.sh: line 1: 1/0: division by 0 (error token is "0")\nnext 1\n'
    assert r.status == 0


def test_field_splitting_with_ifs(sh):
    r = sh('IFS=:; v="a:b::c"; for p in $v; do echo "<$p>"; done\n'
           'IFS=", "; v="x, y,,z"; for p in $v; do echo "[$p]"; done')
    assert r.stdout == "<a>\n<b>\n<>\n<c>\n[x]\n[y]\n[]\n[z]\n"


def test_brace_expansion(sh):
    r = sh("echo a{b,c}d {1..3} {3..1} {01..3} {a..c} {1..7..3} '{x,y}' {single} x{a,{b,c}}")
    assert r.stdout == ("abd acd 1 2 3 3 2 1 01 02 03 a b c 1 4 7 {x,y} {single} xa xb xc\n")


def test_command_substitution(sh):
    r = sh('x=$(echo "  a  b  "); echo "[$x]" [$x]\n'
           'echo "$(printf "t\\n\\n\\n")|" `echo back`\n'
           'y=$(echo outer $(echo inner)); echo $y\n'
           'z=$(exit 3); echo $?\n'
           'w=$(v=1; echo $v); echo "$w[$v]"')
    assert r.stdout == "[  a  b  ] [ a b ]\nt| back\nouter inner\n3\n1[]\n"


def test_command_substitution_runs_host_commands(sh, host):
    r = sh("n=$(ip link show | head -1 2>/dev/null || ip link show)\necho \"${n%%:*}\"", host)
    assert r.stdout == "1\n"
    assert host.calls[0] == ["ip", "link", "show"]


def test_heredocs(sh):
    r = sh("x=1\ncat <<EOF\nv=$x $((x+1)) \\$x\nEOF\ncat <<'EOF'\nv=$x\nEOF\n"
           "cat <<-EOF\n\tindented\n\tEOF\nread a b <<< 'here string'; echo $a")
    assert r.stdout == "v=1 2 $x\nv=$x\nindented\nhere\n"


def test_heredoc_delimited_by_eof_warns(sh):
    r = sh("cat <<EOF\nabc\n")
    assert r.stdout == "abc\n"
    assert "warning: here-document at line 1 delimited by end-of-file (wanted `EOF')" in r.stderr


def test_positional_slices(sh):
    r = sh('set -- a "b c" d\nfor x in "${@:2}"; do echo "<$x>"; done\necho ${@:1:1} ${@: -1} ${#@}')
    assert r.stdout == "<b c>\n<d>\na d 3\n"


def test_read_file_substitution(sh, host):
    r = sh('x=$(< /proc/sys/net/ipv4/ip_forward); echo "[$x]"\ny=$(</proc/sys/nope); echo "[$y] $?"',
           host)
    assert r.out == ("[0]\nlab.sh: line 2: /proc/sys/nope: No such file or directory\n[] 1\n")
    assert host.calls == [["cat", "/proc/sys/net/ipv4/ip_forward"], ["cat", "/proc/sys/nope"]]


def test_process_substitution_is_unsupported(sh):
    r = sh("echo a\nwhile read l; do echo $l; done < <(echo x)")
    assert (r.status, r.out) == (2, "a\nvnet: line 2: unsupported: process substitution <(...)\n")
