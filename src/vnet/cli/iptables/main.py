"""`iptables` (v1.8.9 (nf_tables)): apply a parsed command line (vnet.cli.iptables.parse)
to the namespace's tables (vnet.netfilter.tables) as iptables-nft does, and list them.

Commands -A -I -D -R -C -F -X -N -E -P -L -S -Z (and -V); rules are checked as the
kernel checks them when nft commits (a nat target only where its chain can run,
tcp-reset only for TCP); -L and -S render with vnet.cli.iptables.render. Errors are
vnet.cli.iptables.errors.IptError: its text on stderr, its status as the exit status.
"""

from __future__ import annotations

from dataclasses import replace

from vnet.cli.context import Context
from vnet.cli.iptables import render
from vnet.cli.iptables.errors import NAT_DROP, PROG, TRY, IptError, param
from vnet.cli.iptables.parse import PROTOS, Parsed, parse
from vnet.cli.iptables.values import TARGETS, check_chain_name, check_chain_name_length
from vnet.netfilter import tables as T

__all__ = ["PROG", "TARGETS", "TRY", "IptError", "Parsed", "execute", "main", "parse", "run"]

NAT_TARGETS = {"SNAT": ("POSTROUTING", "INPUT"), "MASQUERADE": ("POSTROUTING",),
               "DNAT": ("PREROUTING", "OUTPUT"), "REDIRECT": ("PREROUTING", "OUTPUT")}


def main(ctx: Context, argv: list[str]) -> int:
    try:
        return run(ctx, argv)
    except IptError as error:
        ctx.err(error.text)
        return error.status


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
    if any(m.name in ("tcp", "udp", "icmp") and rule.proto != PROTOS[m.name]
           for m in rule.matches):
        raise _refused(p)
    if target == "REJECT" and rule.reject_with == "tcp-reset" and (rule.proto != 6 or
                                                                   rule.proto_inv):
        raise _refused(p)
    jumped = table.chains.get(target)
    if jumped is not None and not jumped.builtin and not _nat_targets_fit(
            table, target, reaching_hooks(table, p.chain)):
        raise _refused(p)
    if target in NAT_TARGETS:
        hooks = reaching_hooks(table, p.chain)
        if p.table != "nat" or not hooks <= set(NAT_TARGETS[target]):
            raise _refused(p)


def _refused(p: Parsed) -> IptError:
    """What the kernel answers when it refuses a rule at commit (EINVAL)."""
    verb = {"A": "APPEND", "I": "INSERT", "R": "REPLACE"}.get(p.cmd, "APPEND")
    return IptError(f"{PROG}:  RULE_{verb} failed (Invalid argument): rule in chain "
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
