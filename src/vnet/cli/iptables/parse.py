"""iptables' command line (xshared.c do_parse): getopt's bundling, the commands and their
chain, rule number and policy, the generic rule options with `!`, the matches
(tcp, udp, icmp, conntrack, state, multiport, comment, addrtype) and the targets'
options, each checked as iptables checks it."""

from __future__ import annotations

from vnet.cli.iptables import render
from vnet.cli.iptables.errors import PROG, TRY, IptError, param
from vnet.cli.iptables.values import (
    digits,
    icmp_type,
    nat_range,
    parse_addr,
    port_range,
    rulenum,
    states,
    tcp_flags,
    to_ports,
)
from vnet.netfilter import tables as T
from vnet.netfilter.tables import Match, Rule

COMMANDS = {"-A": "A", "--append": "A", "-I": "I", "--insert": "I", "-D": "D",
            "--delete": "D", "-R": "R", "--replace": "R", "-C": "C", "--check": "C",
            "-F": "F", "--flush": "F", "-X": "X", "--delete-chain": "X", "-N": "N",
            "--new-chain": "N", "-P": "P", "--policy": "P", "-L": "L", "--list": "L",
            "-S": "S", "--list-rules": "S", "-Z": "Z", "--zero": "Z"}


ICMP_TYPES = render.ICMP_TYPES


PROTOS = render.PROTOS


REJECT_WITH = {"icmp-net-unreachable", "icmp-host-unreachable", "icmp-port-unreachable",
               "icmp-proto-unreachable", "icmp-net-prohibited", "icmp-host-prohibited",
               "icmp-admin-prohibited", "tcp-reset"}


REJECT_ALIASES = {"net-unreach": "icmp-net-unreachable", "host-unreach": "icmp-host-unreachable",
                  "port-unreach": "icmp-port-unreachable", "proto-unreach":
                  "icmp-proto-unreachable", "net-prohib": "icmp-net-prohibited",
                  "host-prohib": "icmp-host-prohibited", "admin-prohib":
                  "icmp-admin-prohibited", "tcp-rst": "tcp-reset"}


class Parsed:
    def __init__(self) -> None:
        self.cmd = ""
        self.chain = ""
        self.table = "filter"
        self.rulenum = 0
        self.policy = ""
        self.numeric = False
        self.verbose = False
        self.exact = False
        self.linenum = False
        self.rule = Rule()
        self.zero = False
        self.srcs: list[tuple[int, int]] = []   # -s a,b,c: one rule per address
        self.dsts: list[tuple[int, int]] = []
        self.wait = False
        self.notice = ""


def _last_match(rule: Rule, name: str) -> Match:
    for m in reversed(rule.matches):
        if m.name == name:
            return m
    raise param(f"unknown option \"{name}\"")


_WITH_ARG = set("AIDRCNPtsdiopjgmcE")


_OPTIONAL_ARG = set("LSFXZ")


_LONG_WITH_ARG = {"--append", "--insert", "--delete", "--replace", "--check", "--new-chain",
                  "--policy", "--table", "--source", "--src", "--destination", "--dst",
                  "--in-interface", "--out-interface", "--protocol", "--jump", "--goto",
                  "--match", "--rename-chain"}


def unbundle(argv: list[str]) -> list[str]:
    """getopt's bundled short options: `-nvL` is `-n -v -L`, `-Lnv` is `-L nv` (an
    optional argument attached), `-tnat` is `-t nat`; the argument of an option that
    takes one is never split (`-N -bad`)."""
    out: list[str] = []
    takes_arg = False
    for arg in argv:
        if takes_arg:
            out.append(arg)
            takes_arg = False
            continue
        if len(arg) > 2 and arg[0] == "-" and arg[1] != "-":
            for pos in range(1, len(arg)):
                c = arg[pos]
                out.append("-" + c)
                rest = arg[pos + 1:]
                if c in _WITH_ARG or c in _OPTIONAL_ARG:
                    if rest:
                        out.append(rest)
                    else:
                        takes_arg = c in _WITH_ARG
                    break
            continue
        out.append(arg)
        takes_arg = arg in _LONG_WITH_ARG or (len(arg) == 2 and arg[0] == "-"
                                              and arg[1] in _WITH_ARG)
    return out


class _Opts:
    """Which generic and match options a command line already gave (each only once)."""

    def __init__(self) -> None:
        self.generic: set[str] = set()
        self.match: dict[int, set[str]] = {}


def parse(argv: list[str]) -> Parsed:
    argv = unbundle(argv)
    p = Parsed()
    rule = p.rule
    i = 0
    invert = False
    loaded: set[str] = set()
    seen = _Opts()
    wait_interval = False
    instance: dict[str, int] = {}           # match name -> instance counter (-m again)

    def value() -> str:
        nonlocal i
        if i >= len(argv):
            raise param(f"option \"{argv[i - 1]}\" requires an argument")
        v = argv[i]
        i += 1
        return v

    def optional_word() -> str | None:
        nonlocal i
        if i < len(argv) and not argv[i].startswith("-") and argv[i] != "!":
            i += 1
            return argv[i - 1]
        return None

    def once(letter: str) -> None:
        if letter in seen.generic:
            raise param(f"multiple -{letter} flags not allowed")
        seen.generic.add(letter)

    def need(name: str) -> Match:
        if name not in loaded:
            loaded.add(name)
            instance[name] = instance.get(name, 0) + 1
            rule.matches.append(Match(name))
        return _last_match(rule, name)

    def match_once(name: str, opt: str, message: str) -> None:
        key = hash((name, instance.get(name, 0)))
        opts = seen.match.setdefault(key, set())
        if opt in opts:
            raise param(message)
        opts.add(opt)

    while i < len(argv):
        arg = argv[i]
        i += 1
        if arg == "!":
            invert = True
            continue
        if arg in COMMANDS or arg in ("-E", "--rename-chain"):
            cmd = COMMANDS.get(arg, "E")
            if {p.cmd, cmd} == {"L", "Z"}:
                p.zero = True               # -L -Z: list, then zero
                p.cmd = "L"
                p.chain = p.chain or optional_word() or ""
                continue
            if p.cmd:
                raise param(f"Cannot use -{cmd} with -{p.cmd}")
            p.cmd = cmd
            if cmd in ("A", "I", "D", "R", "C", "N", "P", "E"):
                if i >= len(argv):
                    raise param(f"option \"{arg}\" requires an argument")
                p.chain = value()
            else:
                p.chain = optional_word() or ""
            if cmd in ("I", "D", "R", "L", "S", "Z"):
                word = optional_word()
                if word is not None:
                    p.rulenum = rulenum(word)
                elif cmd == "R":
                    raise param("-R requires a rule number")
            if cmd == "P":
                word = optional_word()
                if word is None:
                    raise param("-P requires a chain and a policy")
                p.policy = word
            if cmd == "E":
                word = optional_word()
                if word is None:
                    raise param("-E requires old-chain-name and new-chain-name")
                p.policy = word             # the new name
            continue
        inv, invert = invert, False
        if inv and arg in ("-j", "--jump", "-g", "--goto", "-t", "--table", "-m", "--match"):
            if arg in ("-m", "--match"):
                raise param("unexpected ! flag before --match")
            raise param(f"cannot have ! before -{arg.lstrip('-')[0]}")
        if arg in ("-t", "--table"):
            p.table = value()
        elif arg in ("-n", "--numeric"):
            p.numeric = True
        elif arg in ("-v", "--verbose"):
            p.verbose = True
        elif arg in ("-x", "--exact"):
            p.exact = True
        elif arg == "--line-numbers":
            p.linenum = True
        elif arg in ("-V", "--version"):
            p.cmd = p.cmd or "V"
        elif arg in ("-h", "--help"):
            from vnet.cli.shell.api import UnsupportedError

            raise UnsupportedError("iptables -h (the help text)")
        elif arg in ("-w", "--wait"):
            p.wait = True
            if i < len(argv) and digits(argv[i]):
                i += 1
        elif arg in ("-W", "--wait-interval"):
            value()
            wait_interval = True
        elif arg in ("-c", "--set-counters"):
            pkts, nbytes = value(), value()
            if not (digits(pkts) and digits(nbytes)):
                raise param("-c packet counter not numeric")
            rule.pkts, rule.bytes = int(pkts), int(nbytes)
        elif arg in ("-4", "--ipv4"):
            pass
        elif arg in ("-6", "--ipv6"):
            raise IptError(TRY, 2)
        elif arg in ("-s", "--source", "--src"):
            once("s")
            p.srcs, rule.src_inv = [parse_addr(a) for a in value().split(",")], inv
            rule.src = p.srcs[0]
        elif arg in ("-d", "--destination", "--dst"):
            once("d")
            p.dsts, rule.dst_inv = [parse_addr(a) for a in value().split(",")], inv
            rule.dst = p.dsts[0]
        elif arg in ("-i", "--in-interface"):
            once("i")
            rule.iface_in, rule.in_inv = value(), inv
        elif arg in ("-o", "--out-interface"):
            once("o")
            rule.iface_out, rule.out_inv = value(), inv
        elif arg in ("-p", "--protocol"):
            once("p")
            name = value().lower()
            if digits(name) and int(name) < 256:
                rule.proto = int(name)
            elif name in PROTOS:
                rule.proto = PROTOS[name]
            else:
                raise param(f"unknown protocol \"{name}\" specified")
            rule.proto_inv = inv
        elif arg in ("-m", "--match"):
            name = value()
            if name not in ("tcp", "udp", "icmp", "conntrack", "state", "multiport",
                            "comment", "addrtype"):
                raise IptError(f"{PROG}: Couldn't load match `{name}':No such file or "
                               f"directory\n\n{TRY}", 2)
            if name not in loaded or name == "comment":
                loaded.add(name)
                rule.matches.append(Match(name))
            instance[name] = instance.get(name, 0) + 1
        elif arg in ("-j", "--jump", "-g", "--goto"):
            once("j")
            rule.target = value()
            rule.goto = arg in ("-g", "--goto")
        elif arg in ("--sport", "--source-port", "--dport", "--destination-port"):
            # the options go to the last of an explicit -m tcp/udp, else to -p's match
            explicit = [m.name for m in rule.matches if m.name in ("tcp", "udp")]
            pname = explicit[-1] if explicit else {6: "tcp", 17: "udp"}.get(rule.proto)
            if pname is None or (rule.proto_inv and not explicit):
                raise param("Need TCP, UDP, SCTP or DCCP with port specification")
            m = need(pname)
            rng = port_range(value(), rule.proto)
            if arg in ("--sport", "--source-port"):
                match_once(pname, "s", "Only one `--source-port' allowed")
                m.sport, m.sport_inv = rng, inv
            else:
                match_once(pname, "d", "Only one `--destination-port' allowed")
                m.dport, m.dport_inv = rng, inv
        elif arg in ("--syn", "--tcp-flags"):
            if rule.proto != 6 or rule.proto_inv:
                raise param(f"unknown option \"{arg}\"")
            m = need("tcp")
            match_once("tcp", "f", "Only one of `--syn' or `--tcp-flags'  allowed")
            if arg == "--syn":
                m.flags = (0x17, 0x02)
            else:
                mask = tcp_flags(value())
                m.flags = (mask, tcp_flags(value()))
            m.flags_inv = inv
        elif arg in ("--dports", "--destination-ports", "--sports", "--source-ports",
                     "--ports") and "multiport" in loaded:
            m = _last_match(rule, "multiport")
            m.ports_kind = "d" if arg.startswith("--d") else "s" if arg.startswith("--s") else ""
            m.ports = tuple(port_range(part, rule.proto) for part in value().split(","))
            if len(m.ports) > 15:
                raise param("too many ports specified")
            m.ports_inv = inv
        elif arg in ("--src-type", "--dst-type") and "addrtype" in loaded:
            m = _last_match(rule, "addrtype")
            mask = 0
            for word in value().split(","):
                if word.upper() not in T.ADDR_TYPES:
                    raise param(f"addrtype: bad type \"{word}\"")
                mask |= 1 << T.ADDR_TYPES.index(word.upper())
            if arg == "--src-type":
                m.src_types, m.src_types_inv = mask, inv
            else:
                m.dst_types, m.dst_types_inv = mask, inv
        elif arg == "--comment" and "comment" in loaded:
            _last_match(rule, "comment").comment = value()
        elif arg == "--icmp-type":
            if rule.proto != 1:
                raise param("unknown option \"--icmp-type\"")
            m = need("icmp")
            m.icmp, m.icmp_inv = icmp_type(value()), inv
        elif arg in ("--ctstate", "--state"):
            name = "conntrack" if arg == "--ctstate" else "state"
            if name not in loaded:
                raise param(f"unknown option \"{arg}\"")
            m = _last_match(rule, name)
            m.states, m.states_inv = states(value(), "ctstate" if name == "conntrack"
                                             else "state"), inv
        elif arg == "--reject-with" and rule.target == "REJECT":
            v = value()
            v = REJECT_ALIASES.get(v, v)
            if v not in REJECT_WITH:
                raise param(f"unknown reject type \"{v}\"")
            rule.reject_with = v
        elif arg == "--to-source" and rule.target == "SNAT":
            rule.nat_range = nat_range(value(), "source")
        elif arg == "--to-destination" and rule.target == "DNAT":
            rule.nat_range = nat_range(value(), "destination")
        elif arg == "--to-ports" and rule.target in ("MASQUERADE", "REDIRECT"):
            if rule.proto not in (6, 17):
                raise param("Need TCP, UDP, SCTP or DCCP with port specification")
            rule.to_ports = to_ports(value())
        elif arg in ("--random", "--random-fully", "--persistent") and (
                rule.target in ("SNAT", "DNAT", "MASQUERADE", "REDIRECT")) and not (
                arg == "--persistent" and rule.target in ("MASQUERADE", "REDIRECT")):
            flags = set(rule.nat_flags) | {arg[2:]}
            rule.nat_flags = tuple(f for f in ("random", "random-fully", "persistent")
                                   if f in flags)
        elif arg == "--log-prefix" and rule.target == "LOG":
            rule.log_prefix = value()[:29]     # the kernel keeps 29 characters
        elif arg == "--log-level" and rule.target == "LOG":
            v = value()
            if digits(v) and int(v) < 8:
                rule.log_level = int(v)
            elif v in render.LOG_LEVELS:
                rule.log_level = render.LOG_LEVELS.index(v)
            elif v == "warning":
                rule.log_level = 4
            else:
                raise IptError(f"{PROG}: log level \"{v}\" unknown\n\n{TRY}", 2)
        elif arg.startswith("-"):
            raise param(f"unknown option \"{arg}\"")
        else:
            raise IptError(f"Bad argument `{arg}'\n{TRY}", 2)
    if wait_interval:
        p.notice = "Ignoring deprecated --wait-interval option.\n"
        if not p.wait:
            raise IptError(p.notice + f"{PROG}: --wait-interval only makes sense with --wait"
                           f"\n\n{TRY}", 2)
    if not p.cmd:
        raise param("no command specified")
    if "multiport" in loaded and (rule.proto not in (6, 17) or rule.proto_inv):
        raise param("multiport only works with TCP, UDP, UDPLITE, SCTP and DCCP")
    _final_checks(rule)
    return p


def _final_checks(rule: Rule) -> None:
    """The matches' final_check: the options each one cannot do without."""
    for m in rule.matches:
        given = m.sport is not None or m.dport is not None or m.flags is not None
        if m.name in ("tcp", "udp") and given and rule.proto != PROTOS[m.name]:
            raise param(f"{m.name.upper()} match requires '-p {m.name}'")
        if m.name == "state" and not m.states:
            raise IptError(f"{PROG}: state: option \"--state\" must be specified\n\n{TRY}", 2)
        if m.name == "conntrack" and not m.states:
            raise param("conntrack: At least one option is required")
        if m.name == "multiport" and not m.ports:
            raise param("multiport expection an option")
        if m.name == "comment" and m.comment is None:
            raise IptError(f"{PROG}: comment: option \"--comment\" must be specified\n\n"
                           f"{TRY}", 2)
        if m.name == "addrtype" and not (m.src_types or m.dst_types):
            raise param("addrtype: you must specify --src-type or --dst-type")
        if m.name == "icmp" and m.icmp is None:
            raise IptError(f"{PROG}: icmp: option \"--icmp-type\" must be specified\n\n"
                           f"{TRY}", 2)
