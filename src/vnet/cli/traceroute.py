"""`traceroute` (Debian's traceroute 2.1.2): command line, header and exit status.

Options are parsed as libsupp/clif.c does (short options may be grouped and take their
argument attached or as the next word; long ones only as `--name=value`), with its
messages (`Bad option `-x' (argc 1)`, `Cannot handle `-m' option with arg `abc' (argc
2)`, `Extra arg ...`) and exit status 2, then main()'s checks ("first hop out of range",
"no more than 10 probes per hop", ...). The probing itself is vnet.apps.traceroute.
`traceroute to HOST (ADDR), N hops max, M byte packets` is printed before the first
probe (for -I after the socket is connected, so a connect error comes first); a
system call that fails prints `\\n<call>: <strerror>` and ends with status 1.

Supported: the default UDP method, -U, -I (and -M default|udp|icmp), -f -m -q -N -w -z
-n -p -t -F -i -s --sport -d and a packet length. Other methods (-T, -D, -P, -UL),
gateways (-g), IPv6, -r, -e, -A, -O, --mtu, --back and --fwmark are unsupported.
"""

from __future__ import annotations

import re

from vnet.apps.traceroute import TraceConfig, TraceError, Traceroute
from vnet.cli.context import Context
from vnet.cli.ip.errors import strerror
from vnet.cli.ping import HOSTS, inet_aton, reverse_name
from vnet.cli.shell.api import UnsupportedError
from vnet.cli.traceroute_help import HELP
from vnet.core.sched import NS_PER_SEC
from vnet.wire.ipaddr import ip_to_str

VERSION = ("Modern traceroute for Linux, version 2.1.2\n"
           "Copyright (c) 2016  Dmitry Butskoy,   License: GPL v2 or any later\n")
MAX_HOPS = 255
MAX_PROBES = 10
MAX_PACKET_LEN = 65000
RUN_LIMIT_NS = 3600 * NS_PER_SEC
SERVICES = {"domain": 53, "http": 80, "https": 443, "ntp": 123, "ssh": 22, "telnet": 23,
            "ftp": 21, "smtp": 25, "tftp": 69, "snmp": 161, "bootps": 67, "bootpc": 68,
            "traceroute": 33434}

#  short letter -> (long name, argument name or None, handler kind)
_SHORT: dict[str, tuple[str | None, str | None, str]] = {
    "4": (None, None, "af4"), "6": (None, None, "af6"), "d": ("debug", None, "flag"),
    "F": ("dont-fragment", None, "dontfrag"), "f": ("first", "first_ttl", "uint"),
    "g": ("gateway", "gate,...", "unsupported"), "I": ("icmp", None, "icmp"),
    "T": ("tcp", None, "unsupported"), "i": ("interface", "device", "string"),
    "m": ("max-hops", "max_ttl", "uint"), "N": ("sim-queries", "squeries", "uint"),
    "n": (None, None, "numeric"), "p": ("port", "port", "port"), "t": ("tos", "tos", "uint"),
    "l": ("flowlabel", "flow_label", "unsupported"), "w": ("wait", "MAX,HERE,NEAR", "wait"),
    "q": ("queries", "nqueries", "uint"), "r": (None, None, "unsupported"),
    "s": ("source", "src_addr", "source"), "z": ("sendwait", "sendwait", "double"),
    "e": ("extensions", None, "unsupported"), "A": ("as-path-lookups", None, "unsupported"),
    "M": ("module", "name", "module"), "O": ("options", "OPTS,...", "unsupported"),
    "U": ("udp", None, "udp"), "D": ("dccp", None, "unsupported"),
    "P": ("protocol", "prot", "unsupported"), "V": ("version", None, "version"),
}
_LONG_ONLY: dict[str, tuple[str | None, str]] = {
    "sport": ("num", "sport"), "fwmark": ("num", "unsupported"), "UL": (None, "unsupported"),
    "mtu": (None, "unsupported"), "back": (None, "unsupported"), "help": (None, "help"),
}
_ABBREV = ("dont-fragment", "extensions")
_UINT = re.compile(r"\s*[+-]?(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)")
_FLOAT = re.compile(r"\s*[+-]?((\d+\.?\d*|\.\d+)([eE][+-]?\d+)?|inf(inity)?|nan)",
                    re.IGNORECASE)


class TrExit(Exception):
    def __init__(self, message: str, status: int, stdout: bool = False) -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        self.stdout = stdout


def _strtoul(text: str) -> int | None:
    """strtoul(arg, &q, 0) that must consume everything, as an unsigned int."""
    match = _UINT.fullmatch(text)
    if match is None:
        return None
    value = int(match.group(1), 8 if re.fullmatch(r"0[0-7]+", match.group(1)) else 0)
    if text.strip().startswith("-"):
        value = -value
    return value & 0xFFFFFFFF


def _strtod_prefix(text: str) -> tuple[float, str] | None:
    match = _FLOAT.match(text)
    if match is None:
        return None
    return float(match.group(0)), text[match.end():]


def _strtod(text: str) -> float | None:
    parsed = _strtod_prefix(text)
    if parsed is None or parsed[1]:
        return None
    return parsed[0]


def _gai_error(name: str) -> str:
    labels = name[:-1].split(".") if name.endswith(".") else name.split(".")
    if name and all(re.fullmatch(r"[A-Za-z0-9_][A-Za-z0-9_\-]*", lab) for lab in labels):
        return "Temporary failure in name resolution"
    return "Name or service not known"


def _getaddr(name: str) -> int:
    """getaddr(): getaddrinfo, printing `NAME: <gai_strerror>` on failure."""
    addr = inet_aton(name, exact=True)
    if addr is not None:
        return addr
    if ":" in name:
        raise UnsupportedError("traceroute to an IPv6 address")
    host = HOSTS.get(name.lower())
    if host is not None:
        return host
    raise _LookupFailed(f"{name}: {_gai_error(name)}\n")


class _LookupFailed(Exception):
    pass


class _Parsed:
    def __init__(self) -> None:
        self.module = "default"
        self.first_hop = 1
        self.max_hops = 30
        self.sim_probes = 16
        self.nqueries = 3
        self.wait = (5.0, 3.0, 10.0)
        self.send_secs = 0.0
        self.port = 0
        self.tos = 0
        self.dontfrag = False
        self.numeric = False
        self.device: str | None = None
        self.source = 0
        self.src_port = 0
        self.host: str | None = None
        self.dst = 0
        self.packet_len = -1


def _bad_value(opt: str, value: str, argc: int) -> TrExit:
    return TrExit(f"Cannot handle `{opt}' option with arg `{value}' (argc {argc})\n", 2)


def _apply(p: _Parsed, kind: str, opt: str, value: str | None, argc: int) -> None:
    """The option handlers (CLIF_set_uint, set_port, set_wait_specs, ...)."""
    if kind == "unsupported":
        raise UnsupportedError(f"traceroute {opt}")
    if kind in ("flag",):
        return
    if kind == "af4":
        return
    if kind == "af6":
        raise UnsupportedError("traceroute -6")
    if kind == "dontfrag":
        p.dontfrag = True
    elif kind == "numeric":
        p.numeric = True
    elif kind == "icmp":
        p.module = "icmp"
    elif kind == "udp":
        p.module = "udp"
    elif kind == "version":
        raise TrExit(VERSION, 0)
    elif kind == "help":
        raise TrExit(HELP, 0)
    elif kind == "module":
        assert value is not None
        if value in ("tcp", "tcpconn", "udplite", "dccp", "raw"):
            raise UnsupportedError(f"traceroute -M {value}")
        p.module = value
    elif kind == "string":
        p.device = value
    elif kind == "uint":
        assert value is not None
        number = _strtoul(value)
        if number is None:
            raise _bad_value(opt, value, argc)
        name = {"f": "first_hop", "first": "first_hop", "m": "max_hops",
                "max-hops": "max_hops", "N": "sim_probes", "sim-queries": "sim_probes",
                "q": "nqueries", "queries": "nqueries", "t": "tos", "tos": "tos"}[
            opt.lstrip("-")]
        setattr(p, name, number)
    elif kind == "double":
        assert value is not None
        number_f = _strtod(value)
        if number_f is None:
            raise _bad_value(opt, value, argc)
        p.send_secs = number_f
    elif kind in ("port", "sport"):
        assert value is not None
        parsed = re.match(r"\s*[+-]?(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)", value)
        if parsed is None:
            service = SERVICES.get(value)
            if service is None:
                raise _bad_value(opt, value, argc)
            number = service
        else:
            digits = parsed.group(1)
            number = int(digits, 8 if re.fullmatch(r"0[0-7]+", digits) else 0)
            if value.strip().startswith("-"):
                number = -number
            number &= 0xFFFFFFFF
        if kind == "port":
            p.port = number
        else:
            p.src_port = number
    elif kind == "wait":
        assert value is not None
        specs = _parse_wait(value)
        if specs is None:
            raise _bad_value(opt, value, argc)
        p.wait = specs
    elif kind == "source":
        assert value is not None
        try:
            p.source = _getaddr(value)
        except _LookupFailed as err:
            raise TrExit(str(err) + f"Cannot handle `{opt}' option with arg `{value}' "
                         f"(argc {argc})\n", 2) from None


def _parse_wait(text: str) -> tuple[float, float, float] | None:
    """set_wait_specs: MAX[,HERE[,NEAR]] (any one character separates); a factor not
    given is 0."""
    values = [0.0, 0.0, 0.0]
    rest = text
    for i in range(3):
        parsed = _strtod_prefix(rest)
        if parsed is None:
            return None
        values[i], rest = parsed
        if not rest:
            return values[0], values[1], values[2]
        if i == 2:
            return None
        rest = rest[1:]
    return None


def _parse(argv: list[str]) -> _Parsed:
    p = _Parsed()
    if not argv:
        raise TrExit(HELP, 0)
    positional: list[tuple[str, int]] = []
    i = 0
    while i < len(argv):
        arg = argv[i]
        argc = i + 1
        i += 1
        if arg == "-UL":
            raise UnsupportedError("traceroute -UL")
        if arg.startswith("--") and len(arg) > 2:
            name, eq, value = arg[2:].partition("=")
            spec = next(((s[0], s[1], s[2]) for s in _SHORT.values() if s[0] == name), None)
            if spec is None and name in _LONG_ONLY:
                arg_name, kind = _LONG_ONLY[name]
                spec = (name, arg_name, kind)
            if spec is None:
                abbrev = [n for n in _ABBREV if n.startswith(name)]
                if len(abbrev) == 1:
                    spec = next(s for s in _SHORT.values() if s[0] == abbrev[0])
            if spec is None:
                if eq:
                    raise TrExit(f"Bad option `--{name}' (with arg `{value}') (argc {argc})\n",
                                 2)
                raise TrExit(f"Bad option `{arg}' (argc {argc})\n", 2)
            long_name, arg_name, kind = spec
            if arg_name is not None and not eq:
                raise TrExit(f"Option `--{long_name}' (argc {argc}) requires an argument: "
                             f"`--{long_name}={arg_name}'\n", 2)
            if arg_name is None and eq:
                raise TrExit(f"Bad option `--{name}' (with arg `{value}') (argc {argc})\n", 2)
            _apply(p, kind, f"--{long_name}", value if eq else None, argc)
            continue
        if arg.startswith("-") and len(arg) > 1:
            j = 1
            while j < len(arg):
                ch = arg[j]
                j += 1
                spec2 = _SHORT.get(ch)
                if spec2 is None:
                    raise TrExit(f"Bad option `-{ch}' (argc {argc})\n", 2)
                _long, arg_name, kind = spec2
                if arg_name is None:
                    _apply(p, kind, f"-{ch}", None, argc)
                    continue
                if j < len(arg):
                    value = arg[j:]
                    _apply(p, kind, f"-{ch}", value, argc)
                    break
                if i >= len(argv):
                    raise TrExit(f"Option `-{ch}' (argc {argc}) requires an argument: "
                                 f"`-{ch} {arg_name}'\n", 2)
                value = argv[i]
                i += 1
                _apply(p, kind, f"-{ch}", value, i)
                break
            continue
        positional.append((arg, argc))
    if not positional:
        raise TrExit('Specify "host" missing argument.\n', 2)
    host, argc = positional[0]
    try:
        p.dst = _getaddr(host)
    except _LookupFailed as err:
        raise TrExit(str(err) + f'Cannot handle "host" cmdline arg `{host}\' on position 1 '
                     f"(argc {argc})\n", 2) from None
    p.host = host
    if len(positional) > 1:
        text, argc = positional[1]
        match = re.fullmatch(r"\s*([+-]?)(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)", text)
        if match is None:
            raise TrExit(f'Cannot handle "packetlen" cmdline arg `{text}\' on position 2 '
                         f"(argc {argc})\n", 2)
        digits = match.group(2)
        value = int(digits, 8 if re.fullmatch(r"0[0-7]+", digits) else 0)
        value = -value if match.group(1) == "-" else value
        value &= 0xFFFFFFFFFFFFFFFF
        value = value - (1 << 64) if value >= 1 << 63 else value
        value &= 0xFFFFFFFF
        p.packet_len = value - (1 << 32) if value & 0x80000000 else value
    if len(positional) > 2:
        text, argc = positional[2]
        raise TrExit(f"Extra arg `{text}' (position 3, argc {argc})\n", 2)
    return p


def _config(p: _Parsed) -> TraceConfig:
    """main()'s checks and the derived sizes."""
    max_wait, here, near = p.wait
    if p.module not in ("default", "udp", "icmp"):
        raise TrExit(f"Unknown traceroute module {p.module}\n", 2)
    if not p.first_hop or p.first_hop > p.max_hops:
        raise TrExit("first hop out of range\n", 2)
    if p.max_hops > MAX_HOPS:
        raise TrExit(f"max hops cannot be more than {MAX_HOPS}\n", 2)
    if not p.nqueries or p.nqueries > MAX_PROBES:
        raise TrExit(f"no more than {MAX_PROBES} probes per hop\n", 2)
    if max_wait < 0 or here < 0 or near < 0:
        raise TrExit(f"bad wait specifications `{max_wait:g},{here:g},{near:g}' used\n", 2)
    if p.packet_len > MAX_PACKET_LEN:
        raise TrExit(f"too big packetlen {p.packet_len} specified\n", 2)
    send_secs = p.send_secs
    if send_secs < 0:
        raise TrExit(f"bad sendtime `{send_secs:g}' specified\n", 2)
    if send_secs >= 10:
        send_secs /= 1000
    sim_probes = p.sim_probes
    if p.src_port:
        sim_probes = 1
        here = near = 0.0
    module_header = 0 if p.module == "icmp" else 8
    header_len = 20 + module_header
    data_len = 40 - module_header
    if p.packet_len >= 0:
        data_len = p.packet_len - header_len if p.packet_len >= header_len else 0
    if p.module == "icmp":
        data_len = max(data_len, 8)
    return TraceConfig(
        dst=p.dst, dst_name=p.host or "", module=p.module, first_hop=p.first_hop,
        max_hops=p.max_hops, nqueries=p.nqueries, sim_probes=sim_probes, wait_secs=max_wait,
        here_factor=here, near_factor=near, send_secs=send_secs, port=p.port,
        data_len=data_len, tos=p.tos & 0xFF, dontfrag=p.dontfrag, numeric=p.numeric,
        device_name=p.device, source=p.source, src_port=p.src_port)


def main(ctx: Context, argv: list[str]) -> int:
    ctx.ordered_output = True
    try:
        cfg = _config(_parse(argv))
    except TrExit as stop:
        (ctx.out if stop.stdout else ctx.err)(stop.message)
        return stop.status
    trace = Traceroute(ctx.ns.ipv4, cfg, ctx.out, reverse_name)
    try:
        trace.open()
    except TraceError as err:
        trace.abort()
        tracer = ctx.world.tracer
        if tracer is not None and err.what == "connect":
            tracer.app_connect_failed("traceroute", ctx.ns, cfg.dst, err.errno_name)
        ctx.err(f"\n{err.what}: {strerror(err.errno_name)}\n")
        return 1
    header_len = 20 + (0 if cfg.module == "icmp" else 8)
    ctx.out(f"traceroute to {cfg.dst_name} ({ip_to_str(cfg.dst)}), {cfg.max_hops} hops max, "
            f"{header_len + cfg.data_len} byte packets")
    world = ctx.world
    trace.start()
    world.sched.run_until(world.sched.now + RUN_LIMIT_NS, stop=lambda: trace.done)
    if not trace.done:
        trace.abort()
        raise UnsupportedError("traceroute that never ends")
    if trace.error is not None:
        ctx.err(f"\n{trace.error.what}: {strerror(trace.error.errno_name)}\n")
        return 1
    return 0
