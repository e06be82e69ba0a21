"""`iptables` (v1.8.9 (nf_tables)): parse a command line as xshared.c do_parse does and
apply it to the namespace's tables (vnet.netfilter.tables).

Commands -A -I -D -R -C -F -X -N -P -L -S -Z; options -t -n -v -x --line-numbers;
rule parts -s -d -i -o -p (with `!`), -m tcp|udp|icmp|conntrack|state and their
options, -j/-g with the targets' options. Errors carry iptables' text and status:
2 for a parameter problem (with the `Try ...` hint), 1 for a failed operation, 4 for
what the kernel refuses (deleting a built-in or referenced chain, a nat target in
filter).
"""

from __future__ import annotations

from dataclasses import replace
from ipaddress import IPv4Address

from vnet.cli.context import Context
from vnet.cli.iptables import render, services
from vnet.netfilter import tables as T
from vnet.netfilter.conntrack import STATE_BITS
from vnet.netfilter.tables import Match, Rule

PROG = "iptables v1.8.9 (nf_tables)"
TRY = "Try `iptables -h' or 'iptables --help' for more information.\n"

COMMANDS = {"-A": "A", "--append": "A", "-I": "I", "--insert": "I", "-D": "D",
            "--delete": "D", "-R": "R", "--replace": "R", "-C": "C", "--check": "C",
            "-F": "F", "--flush": "F", "-X": "X", "--delete-chain": "X", "-N": "N",
            "--new-chain": "N", "-P": "P", "--policy": "P", "-L": "L", "--list": "L",
            "-S": "S", "--list-rules": "S", "-Z": "Z", "--zero": "Z"}
ICMP_TYPES = render.ICMP_TYPES
PROTOS = {"tcp": 6, "udp": 17, "icmp": 1, "all": 0}
REJECT_WITH = {"icmp-net-unreachable", "icmp-host-unreachable", "icmp-port-unreachable",
               "icmp-proto-unreachable", "icmp-net-prohibited", "icmp-host-prohibited",
               "icmp-admin-prohibited", "tcp-reset"}
REJECT_ALIASES = {"net-unreach": "icmp-net-unreachable", "host-unreach": "icmp-host-unreachable",
                  "port-unreach": "icmp-port-unreachable", "proto-unreach":
                  "icmp-proto-unreachable", "net-prohib": "icmp-net-prohibited",
                  "host-prohib": "icmp-host-prohibited", "admin-prohib":
                  "icmp-admin-prohibited", "tcp-rst": "tcp-reset"}
TARGETS = ("ACCEPT", "DROP", "RETURN", "REJECT", "LOG", "SNAT", "DNAT", "MASQUERADE",
           "REDIRECT")
NAT_TARGETS = {"SNAT": ("POSTROUTING", "INPUT"), "MASQUERADE": ("POSTROUTING",),
               "DNAT": ("PREROUTING", "OUTPUT"), "REDIRECT": ("PREROUTING", "OUTPUT")}


def _digits(text: str) -> bool:
    """ASCII digits only (str.isdigit also accepts '¹', which int() refuses)."""
    return text.isascii() and text.isdigit()


class IptError(Exception):
    """An iptables failure: the text for stderr and the exit status."""

    def __init__(self, text: str, status: int) -> None:
        super().__init__(text)
        self.text = text
        self.status = status


NAT_DROP = (f"{PROG}: \nThe \"nat\" table is not intended for filtering, the use of DROP is "
            f"therefore inhibited.\n\n\n{TRY}")


def param(text: str) -> IptError:
    return IptError(f"{PROG}: {text}\n{TRY}", 2)


def main(ctx: Context, argv: list[str]) -> int:
    try:
        return run(ctx, argv)
    except IptError as error:
        ctx.err(error.text)
        return error.status


def _parse_addr(text: str) -> tuple[int, int]:
    addr, _, mask = text.partition("/")
    try:
        ip = int(IPv4Address(addr))
    except ValueError:
        raise param(f"host/network `{addr}' not found") from None
    if not mask:
        bits = 0xFFFFFFFF
    elif _digits(mask) and int(mask) <= 32:
        bits = (0xFFFFFFFF << (32 - int(mask))) & 0xFFFFFFFF
    else:
        try:
            bits = int(IPv4Address(mask))
        except ValueError:
            raise param(f"invalid mask `{mask}' specified") from None
    return ip & bits, bits


def _port(text: str, proto: int) -> int:
    """xtables_parse_port: a number or a name getservbyname knows for the protocol."""
    if _digits(text) and int(text) <= 0xFFFF:
        return int(text)
    names = services.UDP_NAMES if proto == 17 else services.TCP_NAMES
    if text in names:
        return names[text]
    raise param(f"invalid port/service `{text}' specified")


def _port_range(text: str, proto: int) -> tuple[int, int]:
    if ":" in text:
        lo, _, hi = text.partition(":")
        a = _port(lo, proto) if lo else 0
        b = _port(hi, proto) if hi else 0xFFFF
        return (a, b) if a <= b else (b, a)
    p = _port(text, proto)
    return p, p


def _nat_range(text: str, what: str) -> tuple[int, int, int, int]:
    addr, _, ports = text.partition(":")
    lo, _, hi = addr.partition("-")
    try:
        a = int(IPv4Address(lo)) if lo or not ports else 0    # `:PORT` keeps the address
        b = int(IPv4Address(hi)) if hi else a
    except ValueError:
        raise param(f"Bad IP address \"{addr}\"") from None
    plo = phi = 0
    if ports:
        plo, phi = _port_pair(ports)
    return a, b, plo, phi


def _port_pair(text: str) -> tuple[int, int]:
    """xtables parse of a PORT[-PORT] range (nat targets' options)."""
    p1, _, p2 = text.partition("-")
    if not _digits(p1) or int(p1) > 0xFFFF:
        raise param(f"Port `{p1}' not valid")
    if p2 and (not _digits(p2) or int(p2) > 0xFFFF):
        raise param(f"Port `{p2}' not valid")
    lo = int(p1)
    hi = int(p2) if p2 else lo
    if hi < lo:
        raise param(f"Port range `{p2}' funky")
    return lo, hi


def _to_ports(text: str) -> tuple[int, int]:
    return _port_pair(text)


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


def check_chain_name_length(name: str) -> None:
    if len(name) >= 29:
        raise param(f"chain name `{name}' too long (must be under 29 chars)")


def check_chain_name(name: str) -> None:
    """xshared.c assert_valid_chain_name."""
    check_chain_name_length(name)
    if name.startswith(("-", "!")):
        raise param(f"chain name not allowed to start with `{name[0]}'")
    if name in TARGETS:
        raise param("chain name may not clash with target name")
    if any(c.isspace() for c in name):
        raise param(f"Invalid chain name `{name}'")


def _rulenum(text: str) -> int:
    if not _digits(text) or int(text) < 1:
        raise param(f"Invalid rule number `{text}'")
    return int(text)


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
                    p.rulenum = _rulenum(word)
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
            if i < len(argv) and _digits(argv[i]):
                i += 1
        elif arg in ("-W", "--wait-interval"):
            value()
            wait_interval = True
        elif arg in ("-4", "--ipv4"):
            pass
        elif arg in ("-6", "--ipv6"):
            raise IptError(TRY, 2)
        elif arg in ("-s", "--source", "--src"):
            once("s")
            p.srcs, rule.src_inv = [_parse_addr(a) for a in value().split(",")], inv
            rule.src = p.srcs[0]
        elif arg in ("-d", "--destination", "--dst"):
            once("d")
            p.dsts, rule.dst_inv = [_parse_addr(a) for a in value().split(",")], inv
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
            if _digits(name) and int(name) < 256:
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
            pname = {6: "tcp", 17: "udp"}.get(rule.proto)
            if pname is None or rule.proto_inv:
                raise param("Need TCP, UDP, SCTP or DCCP with port specification")
            m = need(pname)
            rng = _port_range(value(), rule.proto)
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
                mask = _tcp_flags(value())
                m.flags = (mask, _tcp_flags(value()))
            m.flags_inv = inv
        elif arg in ("--dports", "--destination-ports", "--sports", "--source-ports",
                     "--ports") and "multiport" in loaded:
            m = _last_match(rule, "multiport")
            m.ports_kind = "d" if arg.startswith("--d") else "s" if arg.startswith("--s") else ""
            m.ports = tuple(_port_range(part, rule.proto) for part in value().split(","))
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
            m.icmp, m.icmp_inv = _icmp_type(value()), inv
        elif arg in ("--ctstate", "--state"):
            name = "conntrack" if arg == "--ctstate" else "state"
            if name not in loaded:
                raise param(f"unknown option \"{arg}\"")
            m = _last_match(rule, name)
            m.states, m.states_inv = _states(value(), "ctstate" if name == "conntrack"
                                             else "state"), inv
        elif arg == "--reject-with" and rule.target == "REJECT":
            v = value()
            v = REJECT_ALIASES.get(v, v)
            if v not in REJECT_WITH:
                raise param(f"unknown reject type \"{v}\"")
            rule.reject_with = v
        elif arg == "--to-source" and rule.target == "SNAT":
            rule.nat_range = _nat_range(value(), "source")
        elif arg == "--to-destination" and rule.target == "DNAT":
            rule.nat_range = _nat_range(value(), "destination")
        elif arg == "--to-ports" and rule.target in ("MASQUERADE", "REDIRECT"):
            if rule.proto not in (6, 17):
                raise param("Need TCP, UDP, SCTP or DCCP with port specification")
            rule.to_ports = _to_ports(value())
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
            if _digits(v) and int(v) < 8:
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
    return p


def _tcp_flags(text: str) -> int:
    bits = {"FIN": 0x01, "SYN": 0x02, "RST": 0x04, "PSH": 0x08, "ACK": 0x10, "URG": 0x20,
            "ALL": 0x3F, "NONE": 0}
    mask = 0
    for word in text.split(","):
        if word.upper() not in bits:
            raise param(f"Unknown TCP flag `{word}'")
        mask |= bits[word.upper()]
    return mask


def _icmp_type(text: str) -> tuple[int, int, int]:
    if text in ICMP_TYPES:
        return ICMP_TYPES[text]
    t, _, c = text.partition("/")
    if _digits(t) and int(t) < 256 and (not c or (_digits(c) and int(c) < 256)):
        return (int(t), int(c), int(c)) if c else (int(t), 0, 0xFF)
    raise param(f"Unknown ICMP type `{text}'")


def _states(text: str, what: str = "ctstate") -> int:
    mask = 0
    for word in text.split(","):
        bit = STATE_BITS.get(word.upper())
        if bit is None:
            raise param(f"Bad {what} \"{word}\"")
        mask |= bit
    return mask


def _check_rule(p: Parsed, table: T.Table, check_target: bool = True) -> None:
    rule = p.rule
    if p.chain in ("INPUT", "PREROUTING") and rule.iface_out:
        raise IptError(f"{PROG}: Can't use -o with {p.chain}\n\n{TRY}", 2)
    if p.chain in ("OUTPUT", "POSTROUTING") and rule.iface_in:
        raise IptError(f"{PROG}: Can't use -i with {p.chain}\n\n{TRY}", 2)
    target = rule.target
    if check_target and target and target not in TARGETS and target not in table.chains:
        raise param(f"Chain '{target}' does not exist")
    if p.table == "nat" and target == "DROP":
        raise IptError(NAT_DROP, 2)
    if target in ("SNAT", "DNAT") and rule.nat_range is not None and rule.nat_range[2] \
            and rule.proto not in (6, 17):
        raise param("Need TCP, UDP, SCTP or DCCP with port specification")
    if target == "SNAT" and rule.nat_range is None:
        raise IptError(f"{PROG}: SNAT: option \"--to-source\" must be specified\n\n{TRY}", 2)
    if target == "DNAT" and rule.nat_range is None:
        raise IptError(f"{PROG}: DNAT: option \"--to-destination\" must be specified\n\n"
                       f"{TRY}", 2)
    if target == "REJECT" and rule.reject_with == "tcp-reset" and (rule.proto != 6 or
                                                                   rule.proto_inv):
        verb = {"A": "APPEND", "I": "INSERT", "R": "REPLACE"}.get(p.cmd, "APPEND")
        raise IptError(f"{PROG}:  RULE_{verb} failed (Invalid argument): rule in chain "
                       f"{p.chain}\n", 4)
    jumped = table.chains.get(target)
    if jumped is not None and not jumped.builtin and not _nat_targets_fit(
            table, target, reaching_hooks(table, p.chain)):
        verb = {"A": "APPEND", "I": "INSERT", "R": "REPLACE"}.get(p.cmd, "APPEND")
        raise IptError(f"{PROG}:  RULE_{verb} failed (Invalid argument): rule in chain "
                       f"{p.chain}\n", 4)
    if target in NAT_TARGETS:
        hooks = reaching_hooks(table, p.chain)
        if p.table != "nat" or not hooks <= set(NAT_TARGETS[target]):
            verb = {"A": "APPEND", "I": "INSERT", "R": "REPLACE"}.get(p.cmd, "APPEND")
            raise IptError(f"{PROG}:  RULE_{verb} failed (Invalid argument): rule in chain "
                           f"{p.chain}\n", 4)


def reaching_hooks(table: T.Table, name: str) -> set[str]:
    """The built-in chains a chain is reached from (nft validates a rule's target against
    every hook its chain can run at: nft_chain_validate)."""
    chain = table.chains.get(name)
    if chain is not None and chain.builtin:
        return {name}
    found: set[str] = set()
    seen = {name}
    todo = [name]
    while todo:
        current = todo.pop()
        for other in table.chains.values():
            if any(r.target == current for r in other.rules):
                if other.builtin:
                    found.add(other.name)
                elif other.name not in seen:
                    seen.add(other.name)
                    todo.append(other.name)
    return found


def _nat_targets_fit(table: T.Table, name: str, hooks: set[str]) -> bool:
    """Every nat target in `name` and the chains it jumps to may run at `hooks`."""
    seen = {name}
    todo = [name]
    while todo:
        for rule in table.chains[todo.pop()].rules:
            allowed = NAT_TARGETS.get(rule.target)
            if allowed is not None and not hooks <= set(allowed):
                return False
            sub = table.chains.get(rule.target)
            if sub is not None and not sub.builtin and rule.target not in seen:
                seen.add(rule.target)
                todo.append(rule.target)
    return True


def _chain(table: T.Table, name: str) -> T.Chain:
    chain = table.chains.get(name)
    if chain is None:
        raise IptError("iptables: No chain/target/match by that name.\n", 1)
    return chain


def run(ctx: Context, argv: list[str]) -> int:
    p = parse(argv)
    if p.notice:
        ctx.err(p.notice)
    if p.cmd == "V":
        ctx.out(f"{PROG}\n")
        return 0
    if p.table not in T.BUILTIN:
        raise IptError(f"{PROG}: table '{p.table}' does not exist\n"
                       "Perhaps iptables or your kernel needs to be upgraded.\n", 3)
    nf = T.get(ctx.ns.ipv4)
    # listing a table nothing uses shows it empty without creating it
    table = nf.table(p.table, create=p.cmd not in ("L", "S"))
    execute(ctx, p, table if table is not None else T.Table(p.table))
    nf.rules_changed()
    return 0


def execute(ctx: Context, p: Parsed, table: T.Table, check_target: bool = True) -> None:
    """Apply one parsed command to `table` (iptables-restore passes a table being built
    and checks jump targets at COMMIT)."""
    cmd = p.cmd
    if cmd in ("A", "I", "R", "D", "C") and (p.cmd != "D" or not p.rulenum):
        chain = _chain(table, p.chain)
        _check_rule(p, table, check_target)
        if cmd != "C":
            chain.exists = True             # nft_xt_builtin_init
    rules = [replace(p.rule, src=s, dst=d, matches=[replace(m) for m in p.rule.matches])
             for s in (p.srcs or [p.rule.src]) for d in (p.dsts or [p.rule.dst])]
    if cmd == "A":
        chain.rules.extend(rules)
    elif cmd == "I":
        pos = (p.rulenum or 1) - 1
        if pos > len(chain.rules):
            raise IptError("iptables: Index of insertion too big.\n", 1)
        for rule in rules:
            chain.rules.insert(pos, rule)
    elif cmd == "E":
        chain = _chain(table, p.chain)
        if chain.builtin:
            from vnet.cli.shell.api import UnsupportedError

            raise UnsupportedError("iptables -E on a built-in chain")
        check_chain_name_length(p.policy)
        if p.policy in table.chains:
            raise IptError("iptables: File exists.\n", 1)
        del table.chains[p.chain]
        chain.name = p.policy
        table.chains[p.policy] = chain
        for other in table.chains.values():
            for rule in other.rules:
                if rule.target == p.chain:
                    rule.target = p.policy
    elif cmd == "R":
        if not 1 <= p.rulenum <= len(chain.rules):
            raise IptError("iptables: Index of replacement too big.\n", 1)
        chain.rules[p.rulenum - 1] = p.rule
    elif cmd == "D":
        chain = _chain(table, p.chain)
        if p.rulenum:
            if not chain.exists:
                raise IptError("iptables: No chain/target/match by that name.\n", 1)
            if p.rulenum > len(chain.rules):
                raise IptError("iptables: Index of deletion too big.\n", 1)
            del chain.rules[p.rulenum - 1]
        else:
            for wanted in rules:
                key = wanted.key()
                for index, rule in enumerate(chain.rules):
                    if rule.key() == key:
                        del chain.rules[index]
                        break
                else:
                    raise IptError("iptables: Bad rule (does a matching rule exist in that "
                                   "chain?).\n", 1)
    elif cmd == "C":
        for wanted in rules:
            key = wanted.key()
            if not any(rule.key() == key for rule in chain.rules):
                raise IptError("iptables: Bad rule (does a matching rule exist in that "
                               "chain?).\n", 1)
    elif cmd == "N":
        check_chain_name(p.chain)
        if p.chain in table.chains:
            raise IptError("iptables: Chain already exists.\n", 1)
        table.chains[p.chain] = T.Chain(p.chain, False)
    elif cmd == "X":
        names = [p.chain] if p.chain else [c.name for c in table.chains.values() if not c.builtin]
        for name in names:
            chain = _chain(table, name)
            if chain.builtin or table.references(name) or chain.rules:
                raise IptError(f"{PROG}:  CHAIN_DEL failed (Device or resource busy): "
                               f"chain {name}\n", 4)
        for name in names:                  # one transaction: all or nothing
            del table.chains[name]
    elif cmd == "F":
        for chain in ([_chain(table, p.chain)] if p.chain else table.chains.values()):
            chain.rules.clear()
            if p.chain:
                chain.exists = True
    elif cmd == "Z":
        if p.chain and not _chain(table, p.chain).exists:
            raise IptError("iptables: No chain/target/match by that name.\n", 1)
        for chain in ([_chain(table, p.chain)] if p.chain else table.chains.values()):
            chain.pkts = chain.bytes = 0
            for rule in chain.rules:
                rule.pkts = rule.bytes = 0
    elif cmd == "P":
        chain = _chain(table, p.chain)
        if not chain.builtin:
            raise IptError("iptables: Bad built-in chain name.\n", 1)
        if p.table == "nat" and p.policy == "DROP":
            raise IptError(NAT_DROP, 2)
        if p.policy not in ("ACCEPT", "DROP"):
            raise IptError("iptables: Bad policy name. Run `dmesg' for more information.\n", 1)
        chain.policy = p.policy
        chain.exists = chain.counters = True    # nft_chain_set: a chain with counters
        chain.pkts = chain.bytes = 0
    elif cmd == "L":
        _list(ctx, p, table)
        if p.zero:
            for chain in _chains_for(p, table):
                chain.pkts = chain.bytes = 0
                for rule in chain.rules:
                    rule.pkts = rule.bytes = 0
    elif cmd == "S":
        _list_rules(ctx, p, table)


def _chains_for(p: Parsed, table: T.Table) -> list[T.Chain]:
    if p.chain:
        chain = table.chains.get(p.chain)
        if chain is None:
            raise IptError(f"{PROG}: chain `{p.chain}' in table `{p.table}' is incompatible, "
                           "use 'nft' tool.\n", 1)
        return [chain]
    return table.ordered()


def _list(ctx: Context, p: Parsed, table: T.Table) -> None:
    chains = _chains_for(p, table)
    if p.rulenum:
        chain = chains[0]
        if p.rulenum <= len(chain.rules):
            ctx.out(render.rule_line(chain.rules[p.rulenum - 1], p.rulenum, p.numeric,
                                     p.verbose, p.exact, p.linenum))
        return
    parts = []
    for chain in chains:
        text = render.header(chain, table.references(chain.name), p.verbose, p.exact,
                             p.linenum)
        for num, rule in enumerate(chain.rules, 1):
            text += render.rule_line(rule, num, p.numeric, p.verbose, p.exact, p.linenum)
        parts.append(text)
    ctx.out("\n".join(parts))


def _list_rules(ctx: Context, p: Parsed, table: T.Table) -> None:
    chains = _chains_for(p, table)
    if p.rulenum:
        chain = chains[0]
        if p.rulenum <= len(chain.rules):
            ctx.out(render.rule_save(chain.name, chain.rules[p.rulenum - 1],
                                     inline=p.verbose))
        return
    out = []
    for chain in chains:
        if chain.builtin:
            counts = f" -c {chain.pkts} {chain.bytes}" if p.verbose else ""
            out.append(f"-P {chain.name} {chain.policy}{counts}\n")
        else:
            out.append(f"-N {chain.name}\n")
    for chain in chains:
        for rule in chain.rules:
            out.append(render.rule_save(chain.name, rule, inline=p.verbose))
    ctx.out("".join(out))
