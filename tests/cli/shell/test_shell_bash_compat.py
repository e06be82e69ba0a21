"""The same scripts under real bash and under vnet: identical output and status.

Only shell builtins are used, and bash runs with a PATH that leads nowhere, so
nothing outside bash itself can run; skipped when bash is not installed.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from vnet.cli.shell import CommandResult, Interpreter, UnsupportedError

BASH = shutil.which("bash")
pytestmark = pytest.mark.skipif(BASH is None, reason="bash not installed")


class NoHost:
    def run_command(self, argv: list[str], stdin: str) -> CommandResult:
        raise UnsupportedError(f"{argv[0]}: not in this test")

    def sleep(self, seconds: float) -> None:
        pass

    def write_file(self, path: str, data: str, append: bool) -> str | None:
        raise UnsupportedError(path)


def real_bash(script: str, where: Path) -> tuple[str, int]:
    """``bash lab.sh 2>&1``, as lab scripts are run (not ``bash -c``, whose messages differ)."""
    assert BASH is not None
    (where / "lab.sh").write_text(script)
    proc = subprocess.run([BASH, "lab.sh"], cwd=where, stdin=subprocess.DEVNULL,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                          env={"PATH": "/nonexistent", "LC_ALL": "C.UTF-8"}, timeout=20,
                          check=False)
    return proc.stdout, proc.returncode


def vnet(script: str) -> tuple[str, int]:
    out: list[str] = []
    status = Interpreter(NoHost(), out.append, out.append, filename="lab.sh",
                         external_filters=False).run(script)
    return "".join(out), status


SCRIPTS = {
    "quoting": r"""
echo 'single $X' "double \$ \" \\ \a" \\x a\ b
echo "a"'b'c "$(echo "nested "quotes"")"
echo 'it'\''s' "a\\b" 'c\d' e\\f $'tab\there'
""",
    "params": r"""
x=hello; echo "${x}world" ${#x} ${x:1:3} ${x: -2} ${x#he} ${x%lo} ${x/l/L} ${x//l/L} ${x^^}
unset y; echo "[${y:-def}]" "[${y-def2}]" "[${y:+alt}]" "[${x:+alt}]" "[${y:=set}]" "$y"
e=""; echo "[${e:-d}]" "[${e-d}]"
path=/a/b/c.txt; echo ${path##*/} ${path%/*} ${path%.*} ${path#/*/}
""",
    "arith": r"""
echo $((7 / 2)) $((7 % 3)) $((2 ** 10)) $(( (1+2) * 3 )) $((10 > 3)) $((x=5, x*2))
n=3; echo $((n + 1)) $((n++)) $n $((++n)) $((-7 / 2)) $((-7 % 3)) $((1 << 65))
echo $((16#ff)) $((0x10)) $((010)) $(( 1 ? 2 : 3 )) $((2**63)) $(( ~5 )) $(( !0 ))
y="1+2"; echo $(( y * 2 )); z=abc; echo $(( z )); abc=4; echo $((z+1))
echo $((1/0)); echo not-here
echo $(( 1 + )) ; echo after $?
(( 1 / 0 )); echo st=$?
""",
    "splitting": r"""
IFS=:; v="a:b::c"; for p in $v; do echo "<$p>"; done; unset IFS
v="  lead  mid  "; for p in $v; do echo "[$p]"; done
set -- one "two three" four
echo $# "$1" "$2"; for a in "$@"; do echo "[$a]"; done; for a in $@; do echo "($a)"; done
echo "$*"; shift; echo "$@"
echo a{b,c}d {1..4} {c..a} {08..11} x{1,{2,3}}
""",
    "control": r"""
for i in 1 2 3; do if [ $i -eq 2 ]; then continue; fi; echo "i$i"; done
for i in 1 2 3; do for j in a b; do [ $j = b ] && break 2; echo "$i$j"; done; done
c=0; while [ $c -lt 3 ]; do c=$((c+1)); done; echo c=$c
until [ $c -eq 0 ]; do c=$((c-1)); done; echo c=$c
for ((i=0; i<3; i++)); do echo -n "$i "; done; echo
case "foo.txt" in *.sh) echo sh;; *.txt|*.md) echo text;; esac
case x in y) echo no;; esac; echo "case-status=$?"
f() { local v=inner; echo "in f: $v $1"; }; v=outer; f arg; echo "after f: $v"
(echo sub; exit 3); echo "sub=$?"
{ echo g1; echo g2; }
! true; echo $?
true && echo and1; false && echo and2; false || echo or1; true || echo or2
""",
    "functions": r"""
fact() { if [ $1 -le 1 ]; then echo 1; else local p=$(fact $(($1-1))); echo $(($1 * p)); fi; }
fact 6
g() { echo "$#:$*"; for a; do echo "<$a>"; done; }
g "1 2" 3
g
h() { return; }; false; h; echo "h=$?"
k() { return 7; }; k; echo $?
function m { echo m-called; }; m
""",
    "test-builtin": r"""
[ -z "" ] && [ -n "a" ] && echo zn
test a != b && echo ne
[ abc -lt 3 ]; echo "st=$?"
[ ! -z "x" ]; echo "st=$?"
[ a b c d e ]; echo $?
[ 1 -eq 1 -a 2 ]; echo $?
[ 1 = ]; echo $?
[ 1 = 1; echo $?
[ ! ]; echo $?; [ -n ]; echo $?; [ a = b -o c = c ]; echo $?; [ \( a = a \) ]; echo $?
[ a = a = a ]; echo $?
[ -n a b ]; echo $?
[ 1 -lt " 2 " ]; echo $?; [ 1 -lt 2x ]; echo $?; [ 2 -gt -1 ]; echo $?
""",
    "double-bracket": r"""
x="a b"
[[ $x == a* ]] && echo glob
[[ $x == "a*" ]] || echo literal
[[ -n $x && ! -z $x ]] && echo both
[[ abc =~ ^a(b|x)c$ ]] && echo re
[[ 2 -lt 10 ]] && echo num
[[ b > a ]] && echo str
[[ ( a == b ) || ( c == c ) ]] && echo paren
""",
    "printf-echo": r"""
printf '%s=%d\n' a 1 b 2
printf '%5s|%-5s|%05d|%x|%o\n' ab cd 42 255 8
printf '%d\n' abc 12x 3; echo $?
printf '%s %s\n' a; printf '%b\n' 'x\ty'
echo -n "x"; echo -e "y\tz"; echo -e "a\nb"; echo -e 'stop\cgone'; echo
echo -E 'raw\t' -n
""",
    "heredoc-read": r"""
x=1
cat() { while read -r line; do echo "$line"; done; }
cat <<EOF
hello $x $((x + 1)) \$x
EOF
cat <<'EOF'
literal $x
EOF
cat <<-EOF
	tabs stripped
	EOF
read a b c <<< "1 2 3 4"; echo "[$a|$b|$c]"
IFS=, read -r p q <<< "x,y,z"; echo "$p/$q"
printf 'l1\nl2\n' | while read l; do echo "got $l"; done
""",
    "set-e": r"""
set -e
f() { false; echo in-f; }
f || echo caught
g() { false && true; }
if g; then echo g-ok; else echo g-fail; fi
{ false && true; }
echo after-group
x=$(false; echo still) ; echo "$x"
false || true
h() { false && true; }
h
echo never
""",
    "set-u": r"""
set -u
echo ${nope:-fallback}
echo $nope
echo never
""",
    "xtrace": r"""
set -x
a="x y"; echo $a "$a"
b=$(echo hi)
for i in 1 2; do :; done
[[ $a == "x y" ]]
(( 1 + 2 ))
case $a in *) ;; esac
set +x
echo quiet
""",
    "errors": r"""
echo ${x;}
echo after-bad $?
: ${x:?custom message}
echo never
""",
    "syntax-late": r"""
echo one
echo two
if true; then
  echo three
fi fi
echo never
""",
    "syntax-eof": r"""
echo one
for x in a b; do
  echo $x
""",
    "misc-builtins": r"""
readonly RO=1; RO=2; echo "not reached"
echo "ro=$RO"
unset RO; echo "unset st=$?"
let "q = 3 * 4"; echo $q
x=10; x+=5; echo $x
break; echo "break=$?"
return 3; echo "return=$?"
shift 3; echo "shift=$?"
exit 300
""",
    "eval-trap": r"""
trap 'echo "trap says $?"' EXIT
cmd='echo from eval; y=5'; eval "$cmd"; echo "y=$y"
eval 'echo a; fi'; echo "eval=$?"
exit 4
""",
}


@pytest.mark.parametrize("name", sorted(SCRIPTS))
def test_same_as_bash(name, tmp_path):
    script = SCRIPTS[name]
    assert vnet(script) == real_bash(script, tmp_path)
