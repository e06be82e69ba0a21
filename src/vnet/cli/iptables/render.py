"""iptables output: `-L` tables (xshared.c print_header/print_rule_details, the
extensions' print functions), `-S` and iptables-save lines (the save functions).

Columns, padding and trailing spaces are those of iptables v1.8.9 (nf_tables): with
-n, protocols are numbers and interfaces `*`; without it, names, `any`, `anywhere`
and service names for well-known ports.
"""

from __future__ import annotations

from ipaddress import IPv4Address

from vnet.cli.iptables import services
from vnet.netfilter.conntrack import STATE_BITS, STATE_ORDER
from vnet.netfilter.tables import ADDR_TYPES, Chain, Match, Rule

#  the protocol names iptables knows without /etc/protocols (-p NAME), and back
PROTOS = {"tcp": 6, "udp": 17, "icmp": 1, "all": 0}
PROTO_NAMES = {number: name for name, number in PROTOS.items() if number}
ICMP_TYPES = {
    "any": (0xFF, 0, 0xFF), "echo-reply": (0, 0, 0xFF), "pong": (0, 0, 0xFF),
    "destination-unreachable": (3, 0, 0xFF), "network-unreachable": (3, 0, 0),
    "host-unreachable": (3, 1, 1), "protocol-unreachable": (3, 2, 2),
    "port-unreachable": (3, 3, 3), "fragmentation-needed": (3, 4, 4),
    "communication-prohibited": (3, 13, 13), "source-quench": (4, 0, 0xFF),
    "redirect": (5, 0, 0xFF), "echo-request": (8, 0, 0xFF), "ping": (8, 0, 0xFF),
    "time-exceeded": (11, 0, 0xFF), "ttl-exceeded": (11, 0, 0xFF),
    "ttl-zero-during-transit": (11, 0, 0), "ttl-zero-during-reassembly": (11, 1, 1),
    "parameter-problem": (12, 0, 0xFF), "timestamp-request": (13, 0, 0xFF),
    "timestamp-reply": (14, 0, 0xFF),
}
#  (type, code min, code max) -> the name iptables prints (the first of its aliases)
ICMP_NAMES = {v: k for k, v in reversed(ICMP_TYPES.items())}
LOG_LEVELS = ("emerg", "alert", "crit", "error", "warn", "notice", "info", "debug")


def mask_len(mask: int) -> int:
    return bin(mask).count("1")


def mask_text(mask: int) -> str:
    """xtables_ipmask_to_numeric: /LEN for a contiguous mask, else /A.B.C.D."""
    bits = mask_len(mask)
    if mask == (0xFFFFFFFF << (32 - bits)) & 0xFFFFFFFF:
        return f"/{bits}"
    return f"/{IPv4Address(mask)}"


#  what xtables_ipaddr_to_anyname finds without -n: /etc/hosts (gethostbyaddr), then
#  /etc/networks (getnetbyaddr) as Debian 12 ships them
HOSTS = {0x7F000001: "localhost"}
NETWORKS = {0x00000000: "default", 0x7F000000: "loopback", 0xA9FE0000: "link-local"}


def addr_text(addr: tuple[int, int], numeric: bool) -> str:
    ip, mask = addr
    if mask == 0:
        return "0.0.0.0/0" if numeric else "anywhere"
    name = str(IPv4Address(ip))
    if not numeric:
        name = HOSTS.get(ip) or NETWORKS.get(ip) or name
    if mask == 0xFFFFFFFF:
        return name
    return f"{name}{mask_text(mask)}"


def _ports(rng: tuple[int, int], inv: bool, numeric: bool, label: str, proto: int) -> str:
    bang = "!" if inv else ""
    lo, hi = rng
    if lo == hi:
        return f" {label}pt:{bang}{_service(lo, numeric, proto)}"
    if lo == 0 and hi == 0xFFFF and not inv:
        return ""
    return (f" {label}pts:{bang}{_service(lo, numeric, proto)}:"
            f"{_service(hi, numeric, proto)}")


def _addr_types(mask: int) -> str:
    return ",".join(name for i, name in enumerate(ADDR_TYPES) if mask >> i & 1)


def _states(mask: int) -> str:
    return ",".join(s for s in STATE_ORDER if mask & STATE_BITS[s])


TCP_FLAGS = (("FIN", 0x01), ("SYN", 0x02), ("RST", 0x04), ("PSH", 0x08), ("ACK", 0x10),
             ("URG", 0x20))


def tcp_flag_names(flags: int) -> str:
    return ",".join(name for name, bit in TCP_FLAGS if flags & bit) or "NONE"


def _service(port: int, numeric: bool, proto: int) -> str:
    """getservbyport(port, "tcp"|"udp") unless -n."""
    if numeric:
        return str(port)
    return (services.UDP if proto == 17 else services.TCP).get(port, str(port))


def _port_list(ports: tuple[tuple[int, int], ...], numeric: bool, proto: int) -> str:
    return ",".join(_service(lo, numeric, proto) if lo == hi else
                    f"{_service(lo, numeric, proto)}:{_service(hi, numeric, proto)}"
                    for lo, hi in ports)


def save_string(value: str) -> str:
    """xtables_save_string: quoted unless only letters, digits and -_. are used."""
    if value and all(c.isalnum() or c in "-_." for c in value):
        return value
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'


def match_print(m: Match, numeric: bool, proto: int = 0) -> str:
    if m.name in ("tcp", "udp"):
        text = ""
        if m.sport is not None:
            text += _ports(m.sport, m.sport_inv, numeric, "s", PROTOS[m.name])
        if m.dport is not None:
            text += _ports(m.dport, m.dport_inv, numeric, "d", PROTOS[m.name])
        if m.flags is not None:
            mask, cmp = m.flags
            bang = "!" if m.flags_inv else ""
            if numeric:
                text += f" flags:{bang}0x{mask:02X}/0x{cmp:02X}"
            else:
                text += f" flags:{bang}{tcp_flag_names(mask)}/{tcp_flag_names(cmp)}"
        return f" {m.name}{text}" if text else ""
    if m.name == "multiport":
        kind = {"s": "sports", "d": "dports", "": "ports"}[m.ports_kind]
        bang = " !" if m.ports_inv else ""
        return f" multiport {kind} {bang}{_port_list(m.ports, numeric, proto)}"
    if m.name == "comment":
        return f" /* {m.comment} */"
    if m.name == "addrtype":
        text = " ADDRTYPE match"
        if m.src_types:
            text += f" src-type {'!' if m.src_types_inv else ''}{_addr_types(m.src_types)}"
        if m.dst_types:
            text += f" dst-type {'!' if m.dst_types_inv else ''}{_addr_types(m.dst_types)}"
        return text
    if m.name == "icmp":
        if m.icmp is None:
            return ""
        itype, cmin, cmax = m.icmp
        bang = "!" if m.icmp_inv else ""
        if numeric:
            if itype == 0xFF:
                return f" icmp {bang}type 255"
            text = f" icmptype {bang}{itype}" if not m.icmp_inv else f" icmp !type {itype}"
            if cmin != 0 or cmax != 0xFF:
                text += f" code {cmin}" if cmin == cmax else f" codes {cmin}-{cmax}"
            return text
        if itype == 0xFF:
            return f" icmp {bang}any"
        if (itype, cmin, cmax) in ICMP_NAMES:
            return f" icmp {bang}{ICMP_NAMES[(itype, cmin, cmax)]}"
        text = f" icmp {bang}type {itype}"
        if cmin != 0 or cmax != 0xFF:
            text += f" code {cmin}" if cmin == cmax else f" codes {cmin}-{cmax}"
        return text
    if m.name == "conntrack":
        return f" {'! ' if m.states_inv else ''}ctstate {_states(m.states)}"
    if m.name == "state":
        return f" {'! ' if m.states_inv else ''}state {_states(m.states)}"
    return ""


def _nat_range_text(rule: Rule) -> str:
    assert rule.nat_range is not None
    lo, hi, plo, phi = rule.nat_range
    text = str(IPv4Address(lo)) if lo else ""      # 0: only the port (`:8080`)
    if hi != lo:
        text += f"-{IPv4Address(hi)}"
    if plo:
        text += f":{plo}" if plo == phi else f":{plo}-{phi}"
    return text


def target_print(rule: Rule, numeric: bool) -> str:
    t = rule.target
    if t == "REJECT":
        return f" reject-with {rule.reject_with or 'icmp-port-unreachable'}"
    flags = "".join(f" {flag}" for flag in rule.nat_flags)
    if t in ("SNAT", "DNAT"):
        return f" to:{_nat_range_text(rule)}{flags}"
    if t in ("MASQUERADE", "REDIRECT"):
        if rule.to_ports is None:
            return flags
        lo, hi = rule.to_ports
        word = "masq ports:" if t == "MASQUERADE" else "redir ports"
        return (f" {word} {lo}" if lo == hi else f" {word} {lo}-{hi}") + flags
    if t == "LOG":
        level = rule.log_level if rule.log_level is not None else 4
        if numeric:
            text = f" LOG flags 0 level {level}"
        else:
            text = f" LOG level {LOG_LEVELS[level] if level < 8 else level}"
        if rule.log_prefix is not None:
            text += f' prefix "{rule.log_prefix}"'
        return text
    return ""


def _num(value: int, exact: bool) -> str:
    if exact:
        return f"{value:8d} "
    if value <= 99999:
        return f"{value:5d} "
    for suffix in "KMGT":
        value = (value + 500) // 1000
        if value <= 9999 or suffix == "T":
            return f"{value:4d}{suffix} "
    return ""


def header(chain: Chain, refs: int, verbose: bool, exact: bool, linenum: bool) -> str:
    if chain.builtin:
        if verbose:
            head = (f"Chain {chain.name} (policy {chain.policy} {chain.pkts} packets, "
                    f"{chain.bytes} bytes)\n")
        else:
            head = f"Chain {chain.name} (policy {chain.policy})\n"
    else:
        head = f"Chain {chain.name} ({refs} references)\n"
    cols = ""
    if linenum:
        cols += "num  "
    if verbose:
        cols += "    pkts      bytes " if exact else " pkts bytes "
    cols += "target     prot opt "
    if verbose:
        cols += "in     out     "
    cols += "source               destination         \n"
    return head + cols


def rule_line(rule: Rule, num: int, numeric: bool, verbose: bool, exact: bool,
              linenum: bool) -> str:
    out = []
    if linenum:
        out.append(f"{num:<4d} ")
    if verbose:
        out.append(_num(rule.pkts, exact))
        out.append(_num(rule.bytes, exact))
    out.append(f"{rule.target:<9} ")
    out.append("!" if rule.proto_inv else " ")
    pname = str(rule.proto) if numeric else PROTO_NAMES.get(rule.proto, str(rule.proto))
    if not numeric and rule.proto == 0:
        pname = "all"
    out.append(f"{pname:<4} ")
    out.append("-- ")
    if verbose:
        anyname = "*" if numeric else "any"
        iin = ("!" if rule.in_inv else "") + (rule.iface_in or anyname)
        iout = ("!" if rule.out_inv else "") + (rule.iface_out or anyname)
        out.append(f" {iin:<6} {iout:<6} ")
    out.append("!" if rule.src_inv else " ")
    out.append(f"{addr_text(rule.src, numeric):<19} ")
    out.append("!" if rule.dst_inv else " ")
    out.append(f"{addr_text(rule.dst, numeric):<19} ")
    for m in rule.matches:
        out.append(match_print(m, numeric, rule.proto))
    if rule.goto:
        out.append("[goto] ")
    out.append(target_print(rule, numeric))
    return "".join(out) + "\n"


# -- save format ---------------------------------------------------------------------------
def _save_ports(rng: tuple[int, int], inv: bool, opt: str) -> str:
    lo, hi = rng
    value = str(lo) if lo == hi else f"{lo}:{hi}"
    return f"{' !' if inv else ''} --{opt} {value}"


def match_save(m: Match) -> str:
    if m.name in ("tcp", "udp"):
        text = f" -m {m.name}"
        if m.sport is not None:
            text += _save_ports(m.sport, m.sport_inv, "sport")
        if m.dport is not None:
            text += _save_ports(m.dport, m.dport_inv, "dport")
        if m.flags is not None:
            mask, cmp = m.flags
            text += (f"{' !' if m.flags_inv else ''} --tcp-flags {tcp_flag_names(mask)} "
                     f"{tcp_flag_names(cmp)}")
        return text
    if m.name == "multiport":
        kind = {"s": "sports", "d": "dports", "": "ports"}[m.ports_kind]
        return (f" -m multiport{' !' if m.ports_inv else ''} --{kind} "
                f"{_port_list(m.ports, True, 0)}")
    if m.name == "comment":
        return f" -m comment --comment {save_string(m.comment or '')}"
    if m.name == "addrtype":
        text = " -m addrtype"
        if m.src_types:
            text += f"{' !' if m.src_types_inv else ''} --src-type {_addr_types(m.src_types)}"
        if m.dst_types:
            text += f"{' !' if m.dst_types_inv else ''} --dst-type {_addr_types(m.dst_types)}"
        return text
    if m.name == "icmp":
        if m.icmp is None:
            return " -m icmp"
        itype, cmin, cmax = m.icmp
        bang = " !" if m.icmp_inv else ""
        if itype == 0xFF:
            return f" -m icmp{bang} --icmp-type any"
        value = str(itype) if (cmin, cmax) == (0, 0xFF) else f"{itype}/{cmin}"
        return f" -m icmp{bang} --icmp-type {value}"
    if m.name == "conntrack":
        return f" -m conntrack{' !' if m.states_inv else ''} --ctstate {_states(m.states)}"
    if m.name == "state":
        return f" -m state{' !' if m.states_inv else ''} --state {_states(m.states)}"
    return f" -m {m.name}"


def target_save(rule: Rule) -> str:
    t = rule.target
    if not t:
        return ""
    text = f" -{'g' if rule.goto else 'j'} {t}"
    if t == "REJECT":
        text += f" --reject-with {rule.reject_with or 'icmp-port-unreachable'}"
    elif t == "SNAT":
        text += f" --to-source {_nat_range_text(rule)}"
    elif t == "DNAT":
        text += f" --to-destination {_nat_range_text(rule)}"
    elif t in ("MASQUERADE", "REDIRECT") and rule.to_ports is not None:
        lo, hi = rule.to_ports
        text += f" --to-ports {lo}" if lo == hi else f" --to-ports {lo}-{hi}"
    if t in ("SNAT", "DNAT", "MASQUERADE", "REDIRECT"):
        text += "".join(f" --{flag}" for flag in rule.nat_flags)
    elif t == "LOG":
        if rule.log_prefix is not None:
            text += f" --log-prefix {save_string(rule.log_prefix)}"
        if rule.log_level is not None and rule.log_level != 4:
            text += f" --log-level {rule.log_level}"
    return text


def rule_save(chain: str, rule: Rule, counters: bool = False, inline: bool = False) -> str:
    """A rule as iptables-save (`counters`: a [pkts:bytes] prefix) or iptables -S -v
    (`inline`: `-c pkts bytes` before the target) print it."""
    out = [f"[{rule.pkts}:{rule.bytes}] " if counters else "", f"-A {chain}"]
    if rule.src[1]:
        out.append(f"{' !' if rule.src_inv else ''} -s "
                   f"{IPv4Address(rule.src[0])}{mask_text(rule.src[1])}")
    if rule.dst[1]:
        out.append(f"{' !' if rule.dst_inv else ''} -d "
                   f"{IPv4Address(rule.dst[0])}{mask_text(rule.dst[1])}")
    if rule.iface_in:
        out.append(f"{' !' if rule.in_inv else ''} -i {rule.iface_in}")
    if rule.iface_out:
        out.append(f"{' !' if rule.out_inv else ''} -o {rule.iface_out}")
    if rule.proto:
        out.append(f"{' !' if rule.proto_inv else ''} -p "
                   f"{PROTO_NAMES.get(rule.proto, str(rule.proto))}")
    for m in rule.matches:
        out.append(match_save(m))
    if inline:
        out.append(f" -c {rule.pkts} {rule.bytes}")
    out.append(target_save(rule))
    return "".join(out) + "\n"
