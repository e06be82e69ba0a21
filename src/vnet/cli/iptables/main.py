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

from ipaddress import IPv4Address

from vnet.cli.context import Context
from vnet.cli.iptables import render
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
SERVICE_PORTS = {name: port for port, name in render.SERVICES.items()}


class IptError(Exception):
    def __init__(self, text: str, status: int) -> None:
        super().__init__(text)
        self.text = text
        self.status = status


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
    elif mask.isdigit() and int(mask) <= 32:
        bits = (0xFFFFFFFF << (32 - int(mask))) & 0xFFFFFFFF
    else:
        try:
            bits = int(IPv4Address(mask))
        except ValueError:
            raise param(f"invalid mask `{mask}' specified") from None
    return ip & bits, bits


def _port(text: str) -> int:
    if text.isdigit() and int(text) <= 0xFFFF:
        return int(text)
    if text in SERVICE_PORTS:
        return SERVICE_PORTS[text]
    raise param(f"invalid port/service `{text}' specified")


def _port_range(text: str) -> tuple[int, int]:
    if ":" in text:
        lo, _, hi = text.partition(":")
        a = _port(lo) if lo else 0
        b = _port(hi) if hi else 0xFFFF
        return (a, b) if a <= b else (b, a)
    p = _port(text)
    return p, p


def _nat_range(text: str, what: str) -> tuple[int, int, int, int]:
    addr, _, ports = text.partition(":")
    lo, _, hi = addr.partition("-")
    try:
        a = int(IPv4Address(lo))
        b = int(IPv4Address(hi)) if hi else a
    except ValueError:
        raise param(f"Bad IP address \"{addr}\"") from None
    plo = phi = 0
    if ports:
        p1, _, p2 = ports.partition("-")
        if not p1.isdigit() or (p2 and not p2.isdigit()):
            raise param(f"Port \"{ports}\" not valid")
        plo = int(p1)
        phi = int(p2) if p2 else plo
    return a, b, plo, phi


def _to_ports(text: str) -> tuple[int, int]:
    lo, _, hi = text.partition("-")
    if not lo.isdigit() or (hi and not hi.isdigit()):
        raise param(f"Port \"{text}\" not valid")
    return int(lo), int(hi) if hi else int(lo)


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


def _last_match(rule: Rule, name: str) -> Match:
    for m in reversed(rule.matches):
        if m.name == name:
            return m
    raise param(f"unknown option \"{name}\"")


_WITH_ARG = set("AIDRCNPtsdiopjgmc")
_OPTIONAL_ARG = set("LSFXZ")


def unbundle(argv: list[str]) -> list[str]:
    """getopt's bundled short options: `-nvL` is `-n -v -L`, `-Lnv` is `-L nv` (an
    optional argument attached), `-tnat` is `-t nat`."""
    out: list[str] = []
    for arg in argv:
        if len(arg) > 2 and arg[0] == "-" and arg[1] != "-":
            for pos in range(1, len(arg)):
                c = arg[pos]
                out.append("-" + c)
                rest = arg[pos + 1:]
                if rest and (c in _WITH_ARG or c in _OPTIONAL_ARG):
                    out.append(rest)
                    break
            continue
        out.append(arg)
    return out


def parse(argv: list[str]) -> Parsed:
    argv = unbundle(argv)
    p = Parsed()
    rule = p.rule
    i = 0
    invert = False
    loaded: set[str] = set()

    def value() -> str:
        nonlocal i
        if i >= len(argv):
            raise param(f"option \"{argv[i - 1]}\" requires an argument")
        v = argv[i]
        i += 1
        return v

    while i < len(argv):
        arg = argv[i]
        i += 1
        if arg == "!":
            invert = True
            continue
        if arg in COMMANDS:
            if {p.cmd, COMMANDS[arg]} == {"L", "Z"}:
                p.zero = True               # -L -Z: list, then zero
                p.cmd = "L"
                if i < len(argv) and not argv[i].startswith("-") and argv[i] != "!":
                    p.chain = value()
                continue
            if p.cmd:
                raise param(f"Cannot use -{COMMANDS[arg]} with -{p.cmd}")
            p.cmd = COMMANDS[arg]
            if p.cmd in ("A", "I", "D", "R", "C", "N", "P"):
                if i >= len(argv):
                    raise param(f"option \"{arg}\" requires an argument")
                p.chain = value()
            elif i < len(argv) and not argv[i].startswith("-") and argv[i] != "!":
                p.chain = value()
            if p.cmd in ("I", "L", "S", "Z") and i < len(argv) and argv[i].isdigit():
                p.rulenum = int(value())
            elif p.cmd in ("R",) or (p.cmd == "D" and i < len(argv) and argv[i].isdigit()):
                if i < len(argv) and argv[i].isdigit():
                    p.rulenum = int(value())
            if p.cmd == "P":
                if i >= len(argv):
                    raise param("-P requires a chain and a policy")
                p.policy = value()
            continue
        inv, invert = invert, False
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
        elif arg in ("-s", "--source", "--src"):
            rule.src, rule.src_inv = _parse_addr(value()), inv
        elif arg in ("-d", "--destination", "--dst"):
            rule.dst, rule.dst_inv = _parse_addr(value()), inv
        elif arg in ("-i", "--in-interface"):
            rule.iface_in, rule.in_inv = value(), inv
        elif arg in ("-o", "--out-interface"):
            rule.iface_out, rule.out_inv = value(), inv
        elif arg in ("-p", "--protocol"):
            name = value().lower()
            if name.isdigit() and int(name) < 256:
                rule.proto = int(name)
            elif name in PROTOS:
                rule.proto = PROTOS[name]
            else:
                raise param(f"unknown protocol \"{name}\" specified")
            rule.proto_inv = inv
        elif arg in ("-m", "--match"):
            name = value()
            if name not in ("tcp", "udp", "icmp", "conntrack", "state", "multiport",
                            "comment"):
                raise IptError(f"{PROG}: Couldn't load match `{name}':No such file or "
                               f"directory\n\n{TRY}", 2)
            if name not in loaded or name == "comment":
                loaded.add(name)
                rule.matches.append(Match(name))
        elif arg in ("-j", "--jump", "-g", "--goto"):
            rule.target = value()
            rule.goto = arg in ("-g", "--goto")
        elif arg in ("--sport", "--source-port", "--dport", "--destination-port"):
            pname = {6: "tcp", 17: "udp"}.get(rule.proto)
            if pname is None or rule.proto_inv:
                raise param("Need TCP, UDP, SCTP or DCCP with port specification")
            if pname not in loaded:
                loaded.add(pname)
                rule.matches.append(Match(pname))
            m = _last_match(rule, pname)
            rng = _port_range(value())
            if arg in ("--sport", "--source-port"):
                m.sport, m.sport_inv = rng, inv
            else:
                m.dport, m.dport_inv = rng, inv
        elif arg in ("--syn", "--tcp-flags"):
            if rule.proto != 6 or rule.proto_inv:
                raise param(f"unknown option \"{arg}\"")
            if "tcp" not in loaded:
                loaded.add("tcp")
                rule.matches.append(Match("tcp"))
            m = _last_match(rule, "tcp")
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
            m.ports = tuple(_port_range(part) for part in value().split(","))
            if len(m.ports) > 15:
                raise param("too many ports specified")
            m.ports_inv = inv
        elif arg == "--comment" and "comment" in loaded:
            _last_match(rule, "comment").comment = value()
        elif arg == "--icmp-type":
            if rule.proto != 1:
                raise param("unknown option \"--icmp-type\"")
            if "icmp" not in loaded:
                loaded.add("icmp")
                rule.matches.append(Match("icmp"))
            m = _last_match(rule, "icmp")
            m.icmp, m.icmp_inv = _icmp_type(value()), inv
        elif arg in ("--ctstate", "--state"):
            name = "conntrack" if arg == "--ctstate" else "state"
            if name not in loaded:
                raise param(f"unknown option \"{arg}\"")
            m = _last_match(rule, name)
            m.states, m.states_inv = _states(value()), inv
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
        elif arg == "--log-prefix" and rule.target == "LOG":
            rule.log_prefix = value()
        elif arg == "--log-level" and rule.target == "LOG":
            v = value()
            if v.isdigit() and int(v) < 8:
                rule.log_level = int(v)
            elif v in render.LOG_LEVELS:
                rule.log_level = render.LOG_LEVELS.index(v)
            elif v == "warning":
                rule.log_level = 4
            else:
                raise param(f"log-level `{v}' unknown")
        elif arg.startswith("-"):
            raise param(f"unknown option \"{arg}\"")
        else:
            raise IptError(f"Bad argument `{arg}'\n{TRY}", 2)
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
    if t.isdigit() and int(t) < 256 and (not c or (c.isdigit() and int(c) < 256)):
        return (int(t), int(c), int(c)) if c else (int(t), 0, 0xFF)
    raise param(f"Invalid ICMP type `{text}'")


def _states(text: str) -> int:
    mask = 0
    for word in text.split(","):
        bit = STATE_BITS.get(word.upper())
        if bit is None:
            raise param(f"Bad ctstate \"{word}\"")
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
        raise IptError(f"{PROG}: \nThe \"nat\" table is not intended for filtering, the use "
                       f"of DROP is therefore inhibited.\n\n\n{TRY}", 2)
    if target in ("SNAT", "DNAT") and rule.nat_range is not None and rule.nat_range[2] \
            and rule.proto not in (6, 17):
        raise param("Need TCP, UDP, SCTP or DCCP with port specification")
    if target == "SNAT" and rule.nat_range is None:
        raise param("You must specify --to-source")
    if target == "DNAT" and rule.nat_range is None:
        raise param("You must specify --to-destination")
    if target in NAT_TARGETS:
        builtin = table.chains.get(p.chain)
        if p.table != "nat" or (builtin is not None and builtin.builtin
                                and p.chain not in NAT_TARGETS[target]):
            verb = {"A": "APPEND", "I": "INSERT", "R": "REPLACE"}.get(p.cmd, "APPEND")
            raise IptError(f"{PROG}:  RULE_{verb} failed (Invalid argument): rule in chain "
                           f"{p.chain}\n", 4)


def _chain(table: T.Table, name: str) -> T.Chain:
    chain = table.chains.get(name)
    if chain is None:
        raise IptError("iptables: No chain/target/match by that name.\n", 1)
    return chain


def run(ctx: Context, argv: list[str]) -> int:
    p = parse(argv)
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
    if cmd == "A":
        chain.rules.append(p.rule)
    elif cmd == "I":
        pos = (p.rulenum or 1) - 1
        if pos > len(chain.rules):
            raise IptError("iptables: Index of insertion too big.\n", 1)
        chain.rules.insert(pos, p.rule)
    elif cmd == "R":
        if not 1 <= p.rulenum <= len(chain.rules):
            raise IptError("iptables: Index of replacement too big.\n", 1)
        chain.rules[p.rulenum - 1] = p.rule
    elif cmd == "D":
        chain = _chain(table, p.chain)
        if p.rulenum:
            if p.rulenum > len(chain.rules):
                raise IptError("iptables: No chain/target/match by that name.\n", 1)
            del chain.rules[p.rulenum - 1]
        else:
            key = p.rule.key()
            for index, rule in enumerate(chain.rules):
                if rule.key() == key:
                    del chain.rules[index]
                    break
            else:
                raise IptError("iptables: Bad rule (does a matching rule exist in that "
                               "chain?).\n", 1)
    elif cmd == "C":
        key = p.rule.key()
        if not any(rule.key() == key for rule in chain.rules):
            raise IptError("iptables: Bad rule (does a matching rule exist in that chain?).\n", 1)
    elif cmd == "N":
        if p.chain in table.chains:
            raise IptError("iptables: Chain already exists.\n", 1)
        if p.chain in TARGETS:
            raise param("chain name may not clash with target name")
        table.chains[p.chain] = T.Chain(p.chain, False)
    elif cmd == "X":
        names = [p.chain] if p.chain else [c.name for c in table.user_chains()]
        for name in names:
            chain = _chain(table, name)
            if chain.builtin or table.references(name) or (p.chain and chain.rules):
                raise IptError(f"{PROG}:  CHAIN_DEL failed (Device or resource busy): "
                               f"chain {name}\n", 4)
        for name in names:
            if not table.references(name):
                table.chains[name].rules.clear()
                del table.chains[name]
    elif cmd == "F":
        for chain in ([_chain(table, p.chain)] if p.chain else table.chains.values()):
            chain.rules.clear()
    elif cmd == "Z":
        for chain in ([_chain(table, p.chain)] if p.chain else table.chains.values()):
            chain.pkts = chain.bytes = 0
            for rule in chain.rules:
                rule.pkts = rule.bytes = 0
    elif cmd == "P":
        chain = _chain(table, p.chain)
        if not chain.builtin:
            raise IptError("iptables: Bad built-in chain name.\n", 1)
        if p.policy not in ("ACCEPT", "DROP"):
            raise IptError("iptables: Bad policy name. Run `dmesg' for more information.\n", 1)
        if p.table == "nat" and p.policy == "DROP":
            raise IptError("iptables: Bad policy name. Run `dmesg' for more information.\n", 1)
        chain.policy = p.policy
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
