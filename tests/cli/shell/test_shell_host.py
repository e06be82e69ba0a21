"""What the interpreter asks of the host: commands, stdin, sleep, /proc and /sys files,
and the machine's own text filters in pipelines."""

from __future__ import annotations

from vnet.cli.shell import CommandResult, UnsupportedError


def test_argv_reaches_the_host_expanded(sh, host):
    r = sh('dev=veth0; ip link set "$dev" up; ip -n ns1 addr add 10.0.0.1/24 dev $dev', host)
    assert r.status == 0
    assert host.calls == [["ip", "link", "set", "veth0", "up"],
                          ["ip", "-n", "ns1", "addr", "add", "10.0.0.1/24", "dev", "veth0"]]


def test_host_output_and_status(sh, host):
    r = sh("ip nope; echo st=$?", host)
    assert r.out == 'Object "nope" is unknown, try "ip help".\nst=255\n'


def test_pipe_feeds_the_next_stage(sh, host):
    host.canned["ip netns exec ns1 cat"] = CommandResult("echoed\n")
    r = sh("echo hello | ip netns exec ns1 cat", host)
    assert host.stdins[-1] == "hello\n"
    assert r.stdout == "echoed\n"


def test_pipes_to_grep_and_wc(sh, host, require):
    require("grep", "wc")
    r = sh("ip link show | grep -c veth\nip link show | grep veth0@ | wc -l\n"
           "ip link show | grep -q nothere; echo $?", host)
    assert r.stdout.split() == ["2", "1", "1"]


def test_filters_read_simulated_files(sh, host, require):
    require("grep", "cat")
    host.files["/proc/net/dev"] = "lo: 1 2\nveth0: 3 4\n"
    r = sh("grep veth /proc/net/dev\ncat /proc/net/dev | wc -l\ngrep x /proc/net/nope; echo $?",
           host)
    assert r.stdout.splitlines()[:2] == ["veth0: 3 4", "2"]
    assert "/proc/net/nope: No such file or directory" in r.stderr
    assert r.stdout.endswith("2\n")


def test_sort_uniq_cut_awk_sed(sh, require):
    require("sort", "uniq", "cut", "awk", "sed", "head", "tail", "tr")
    r = sh("printf 'b 2\\na 1\\nb 2\\n' | sort | uniq | cut -d' ' -f1 | tr a-z A-Z\n"
           "echo 'x y z' | awk '{print $2}'\necho abc | sed 's/b/B/'\n"
           "seq 1 10 | head -3 | tail -1")
    assert r.stdout == "A\nB\ny\naBc\n3\n"


def test_unknown_filter_missing_is_unsupported(sh):
    r = sh("echo a | grep a", external_filters=False)
    assert r.status == 2
    assert r.out.startswith("vnet: line 1: unsupported: grep")


def test_sleep_advances_virtual_time(sh, host):
    r = sh("sleep 1; sleep 0.5; sleep 2m 1s\nsleep x; echo st=$?", host)
    assert host.slept == 1 + 0.5 + 121
    assert r.out == ("sleep: invalid time interval \u2018x\u2019\n"
                     "Try 'sleep --help' for more information.\nst=1\n")


def test_redirect_into_proc_sys(sh, host):
    r = sh("echo 1 > /proc/sys/net/ipv4/ip_forward\ncat /proc/sys/net/ipv4/ip_forward", host)
    assert r.stdout == "1\n"
    assert host.writes == [("/proc/sys/net/ipv4/ip_forward", "1\n", False)]
    sh("echo 0 >> /proc/sys/net/ipv4/ip_forward", host)
    assert host.writes[-1] == ("/proc/sys/net/ipv4/ip_forward", "0\n", True)


def test_redirect_errors_are_bash_messages(sh, host):
    r = sh("echo a\n\necho 1 > /proc/sys/net/ipv4/nope\necho st=$?\n"
           "echo bad > /proc/sys/net/ipv4/ip_forward\necho st=$?\n"
           "echo 1 2>/dev/null > /proc/sys/net/ipv4/nope; echo quiet=$?", host)
    assert r.out == ("a\nlab.sh: line 3: /proc/sys/net/ipv4/nope: No such file or directory\n"
                     "st=1\nlab.sh: line 5: echo: write error: Invalid argument\nst=1\n"
                     "quiet=1\n")


def test_empty_redirect_opens_only(sh, host):
    r = sh(": > /proc/sys/net/ipv4/ip_forward; echo $?", host)
    assert r.stdout == "0\n"
    assert host.writes == [("/proc/sys/net/ipv4/ip_forward", "", False)]


def test_input_redirect_from_simulated_file(sh, host):
    r = sh("read v < /proc/sys/net/ipv4/ip_forward; echo v=$v\n"
           "read w < /proc/sys/nope; echo st=$?\nread z < /dev/null; echo z=$z $?", host)
    assert r.out == ("v=0\nlab.sh: line 2: /proc/sys/nope: No such file or directory\nst=1\n"
                     "z= 1\n")


def test_other_files_are_unsupported(sh, host):
    r = sh("echo start\necho hi > /tmp/out.txt\necho never", host)
    assert r.status == 2
    assert r.out == ("start\nvnet: line 2: unsupported: redirection to /tmp/out.txt (only "
                     "/dev/null and the simulated /proc and /sys can be written)\n")
    assert sh("cat < /etc/passwd", host).status == 2


def test_fd_duplication_and_ordering(sh, host):
    r = sh("ip nope 2>&1 | wc -l 2>/dev/null || true\nip nope 2>/dev/null; echo st=$?\n"
           "ip nope >/dev/null 2>&1\nip nope 2>&1 >/dev/null | cat >/dev/null 2>&1 || true\n"
           "echo to-err >&2\n{ echo g1; ip nope; } 2>&1 >/dev/null", host)
    assert r.stderr == "to-err\n"
    assert "st=255\n" in r.stdout
    assert r.stdout.endswith('Object "nope" is unknown, try "ip help".\n')


def test_stdout_stderr_interleave_in_order(sh, host):
    r = sh("echo one\nip nope\necho two >&2\necho three", host)
    assert r.out == 'one\nObject "nope" is unknown, try "ip help".\ntwo\nthree\n'


def test_tee_writes_through_the_host(sh, host):
    r = sh("echo 1 | tee /proc/sys/net/ipv4/ip_forward\necho 0 | tee -a /proc/sys/x; echo $?",
           host)
    assert r.out == "1\n0\ntee: /proc/sys/x: No such file or directory\n1\n"
    assert host.files["/proc/sys/net/ipv4/ip_forward"] == "1\n"


def test_xargs_runs_in_the_simulation(sh, host):
    r = sh("printf 'veth0\\nveth1\\n' | xargs -n1 ip link del\necho a b | xargs", host)
    ip_calls = [c for c in host.calls if c[0] == "ip"]
    assert ip_calls == [["ip", "link", "del", "veth0"], ["ip", "link", "del", "veth1"]]
    assert r.stdout == "a b\n"


def test_while_read_loop_over_host_output(sh, host):
    r = sh("ip link show | while read num name rest; do echo \"$name\"; done\n"
           "while read l; do ip link set $l up; done <<EOF\nveth0\nveth1\nEOF", host)
    assert r.stdout == "lo:\nveth0@veth1:\nveth1@veth0:\n"
    assert host.calls[-2:] == [["ip", "link", "set", "veth0", "up"],
                               ["ip", "link", "set", "veth1", "up"]]


def test_file_tests_use_path_kind(sh, host):
    r = sh("[ -e /sys/class/net/br0 ] && echo exists\n[ -d /sys/class/net/br0 ] && echo dir\n"
           "[ -f /sys/class/net/br0/bridge/stp_state ] && echo file\n"
           "[ -e /sys/class/net/nope ] || echo absent\n[ -e /dev/null ] && echo null", host)
    assert r.stdout == "exists\ndir\nfile\nabsent\nnull\n"


def test_file_tests_without_path_kind_are_unsupported(sh):
    class Bare:
        def run_command(self, argv, stdin):
            return CommandResult()

        def sleep(self, s):
            pass

        def write_file(self, path, data, append):
            return None

    r = sh("[ -d /sys/class/net/x ]", Bare())
    assert (r.status, r.out) == (2, "vnet: line 1: unsupported: test -d /sys/class/net/x\n")


def test_globs_are_expanded_by_the_host(sh, host):
    host.files["/sys/class/net/br1/bridge/stp_state"] = "1\n"
    r = sh("for f in /sys/class/net/*/bridge/stp_state; do echo $f; done\n"
           "echo /sys/class/net/nothing*\necho '/sys/class/net/*'\nset -f; echo /sys/class/net/br*",
           host)
    assert r.stdout == ("/sys/class/net/br0/bridge/stp_state\n/sys/class/net/br1/bridge/stp_state\n"
                        "/sys/class/net/nothing*\n/sys/class/net/*\n/sys/class/net/br*\n")


def test_globs_stay_literal_without_the_hook(sh):
    class Bare:
        def __init__(self):
            self.calls = []

        def run_command(self, argv, stdin):
            self.calls.append(argv)
            return CommandResult()

        def sleep(self, s):
            pass

        def write_file(self, path, data, append):
            return None

    h = Bare()
    sh("ls /sys/class/net/*", h)
    assert h.calls == [["ls", "/sys/class/net/*"]]


class NetnsHost:
    """A host whose ``ip netns exec NS CMD...`` hands CMD back to the interpreter."""

    def __init__(self) -> None:
        self.sh = None
        self.netns: list[str] = []
        self.seen: list[tuple[str, list[str]]] = []

    def run_command(self, argv, stdin):
        if argv[:3] == ["ip", "netns", "exec"]:
            self.netns.append(argv[3])
            try:
                return self.sh.call(argv[4:], stdin)
            finally:
                self.netns.pop()
        if argv[0] == "ip":
            self.seen.append((self.netns[-1] if self.netns else "", argv))
            return CommandResult(f"ip in [{self.netns[-1] if self.netns else ''}]\n")
        raise UnsupportedError(f"{argv[0]}: unknown")

    def sleep(self, s):
        pass

    def write_file(self, path, data, append):
        return None


def _netns_run(script):
    from vnet.cli.shell import Interpreter

    host = NetnsHost()
    out: list[str] = []
    host.sh = Interpreter(host, out.append, out.append, filename="lab.sh")
    status = host.sh.run(script)
    return "".join(out), status, host


def test_call_back_for_netns_exec():
    out, status, host = _netns_run(
        "ip netns exec ns1 echo hello\nip netns exec ns1 sh -c 'ip addr; echo \"$0 $1\"' me arg\n"
        "x=5; export y=6\nip netns exec ns2 bash -c 'echo [$x][$y]; exit 3'; echo st=$?\n"
        "ip netns exec ns1 ip route | ip netns exec ns2 cat 2>/dev/null || true")
    assert out.startswith("hello\nip in [ns1]\nme arg\n[][6]\nst=3\n")
    assert host.seen[0] == ("ns1", ["ip", "addr"])
    assert status == 0


def test_bash_c_errors():
    out, status, _ = _netns_run("bash -c 'echo a; fi'; echo st=$?\nsh -c 'set -u; echo $zz'; echo $?\n"
                                "bash script.sh")
    assert out == ("lab.sh: -c: line 1: syntax error near unexpected token `fi'\n"
                   "lab.sh: -c: line 1: `echo a; fi'\nst=2\n".replace("lab.sh", "bash")
                   + "sh: line 1: zz: unbound variable\n127\n"
                   "vnet: line 3: unsupported: bash script.sh (only bash -c 'commands' is "
                   "simulated)\n")
    assert status == 2


def test_unsupported_inside_bash_c_ends_the_script():
    out, status, _ = _netns_run("echo a\nbash -c 'echo b; nosuch'\necho never")
    assert out == "a\nb\nvnet: line 2: unsupported: nosuch: unknown\n"
    assert status == 2
