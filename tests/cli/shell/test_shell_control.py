"""Control flow: lists, loops, conditionals, case, functions, [[ ]] and (( ))."""

from __future__ import annotations


def test_and_or_not(sh):
    r = sh("true && echo a; false && echo b; false || echo c; true || echo d\n"
           "! false && echo e; ! true; echo $?")
    assert r.stdout == "a\nc\ne\n1\n"


def test_for_loops(sh):
    r = sh("for x in a b c; do echo $x; done\n"
           "for i in $(seq 1 3)\ndo\n  echo i=$i\ndone\n"
           "for w in 'x y' z; do echo \"<$w>\"; done\n"
           "for ((i = 0; i < 3; i++)); do echo -n $i; done; echo\n"
           "for e in; do echo never; done; echo st=$?")
    assert r.stdout == "a\nb\nc\ni=1\ni=2\ni=3\n<x y>\n<z>\n012\nst=0\n"


def test_while_until_break_continue(sh):
    r = sh("i=0\nwhile [ $i -lt 5 ]; do\n  i=$((i + 1))\n  [ $i -eq 2 ] && continue\n"
           "  [ $i -eq 4 ] && break\n  echo $i\ndone\n"
           "until [ $i -eq 0 ]; do i=$((i - 1)); done; echo i=$i\n"
           "for a in 1 2; do for b in x y; do [ $b = y ] && continue 2; echo $a$b; done; done\n"
           "for a in 1 2; do for b in x y; do break 2; done; done; echo out")
    assert r.stdout == "1\n3\ni=0\n1x\n2x\nout\n"


def test_loop_safety_bound(sh):
    r = sh("echo start\nwhile true; do :; done\necho never", max_loop_iterations=50)
    assert r.status == 2
    assert r.out == ("start\nvnet: line 2: unsupported: loop ran more than 50 iterations "
                     "(vnet's safety bound)\n")


def test_if_elif_else(sh):
    script = ('for v in 1 2 3; do\n  if [ $v -eq 1 ]; then echo one\n'
              '  elif [ $v = 2 ]\n  then\n    echo two\n  else echo other; fi\ndone')
    assert sh(script).stdout == "one\ntwo\nother\n"


def test_commands_as_conditions(sh, host):
    r = sh("if ip link show >/dev/null; then echo up; fi\n"
           "if ping -c1 10.9.9.9 2>/dev/null; then echo reach; else echo unreach $?; fi", host)
    assert r.stdout == "up\nunreach 2\n"


def test_case(sh):
    r = sh('for f in a.txt b.sh "c d" x; do\n  case "$f" in\n    *.txt|*.md) echo "$f: text";;\n'
           '    *.sh) echo "$f: script" ;;\n    "c d") echo quoted;;\n    [xy]) echo class;&\n'
           "    fall) echo fell;;\n  esac\ndone\ncase z in a) ;; esac; echo $?")
    assert r.stdout == "a.txt: text\nb.sh: script\nquoted\nclass\nfell\n0\n"


def test_functions_locals_return(sh):
    r = sh("v=global\nf() {\n  local v=local\n  echo \"f: $v $1 $#\"\n  return 3\n}\n"
           "f a b; echo \"st=$? v=$v\"\n"
           "fact() { if [ $1 -le 1 ]; then echo 1; else echo $(( $1 * $(fact $(($1 - 1))) )); fi; }\n"
           "fact 5\nfunction g { echo g; }; g\nh() { echo h; } ; h; unset -f h")
    assert r.stdout == "f: local a 2\nst=3 v=global\n120\ng\nh\n"


def test_recursion_is_bounded(sh):
    r = sh("f() { f; }\nf")
    assert r.status == 2
    assert r.out.startswith("vnet: line 1: unsupported: f: maximum function nesting level")


def test_groups_and_subshells(sh):
    r = sh("{ echo a; echo b; }\n(x=1; echo sub $x; exit 4); echo \"st=$? x=$x\"\n"
           "x=out; (x=in); echo $x")
    assert r.stdout == "a\nb\nsub 1\nst=4 x=\nout\n"


def test_pipeline_stages_are_subshells(sh):
    r = sh("x=0; echo 5 | read x; echo x=$x\necho a | { read y; echo y=$y; }")
    assert r.stdout == "x=0\ny=a\n"


def test_double_bracket(sh):
    r = sh('x="a b"\n[[ $x == a* ]] && echo glob\n[[ $x == "a*" ]] || echo literal\n'
           "[[ -n $x && ! -z $x ]] && echo both\n[[ abc =~ ^a(b|x)c$ ]] && echo re\n"
           "[[ 2 -lt 10 ]] && echo num\n[[ b > a ]] && echo str\n[[ 1+1 -eq 2 ]] && echo arith\n"
           "[[ ( a == b ) || ( c == c ) ]] && echo paren")
    assert r.stdout == "glob\nliteral\nboth\nre\nnum\nstr\narith\nparen\n"


def test_arith_command(sh):
    r = sh("(( 3 > 2 )) && echo yes\n(( 0 )); echo $?\nx=1; (( x += 4 )); echo $x\n"
           "(( 1 / 0 )); echo st=$?")
    assert r.out == ("yes\n1\n5\n"
                     'lab.sh: line 4: ((: 1 / 0 : division by 0 (error token is "0 ")\nst=1\n')


def test_exit_status_of_script(sh):
    assert sh("echo a\nexit 3\necho b").status == 3
    assert sh("false").status == 1
    assert sh("exit 300").status == 44
    r = sh("exit abc")
    assert (r.status, r.stderr) == (2, "lab.sh: line 1: exit: abc: numeric argument required\n")


def test_exit_trap_runs_at_the_end(sh):
    r = sh("trap 'echo cleanup $?' EXIT\necho body\nexit 3")
    assert (r.stdout, r.status) == ("body\ncleanup 3\n", 3)


def test_eval(sh):
    r = sh("cmd='echo hi; x=5'; eval \"$cmd\"; echo $x\neval 'echo a; fi'; echo st=$?")
    assert r.out == ("hi\n5\nlab.sh: eval: line 2: syntax error near unexpected token `fi'\n"
                     "lab.sh: eval: line 2: `echo a; fi'\nst=2\n")
