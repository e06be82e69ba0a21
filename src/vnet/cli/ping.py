"""The `ping` command (iputils 20221126, IPv4, as root: a raw ICMP socket).

Front end of `vnet.apps.ping`: the part of ping/ping.c `main()` and `ping4_run()` that
runs before the first probe. GNU getopt with iputils' option string (bundling, attached
arguments, options after the destination, `--`); iputils' number parsers with their
messages and exit codes (strtol_or_err exits 1, ping_strtod and most others 2); name
resolution (glibc's inet_aton for numeric forms, `localhost` from the hosts file; there
is no DNS in a lab, so other valid names fail as they do in an isolated namespace,
"Temporary failure in name resolution"); the UDP connect() probe that picks the source
address and refuses broadcasts without -b; the bind() of -I ADDR; then the
`PING host (addr) 56(84) bytes of data.` header, and the run itself in virtual time.
"""

from __future__ import annotations

import errno
import math
import os
import re
from typing import TYPE_CHECKING

from vnet.apps.ping import MAXWAIT_MS, Ping, PingConfig
from vnet.cli import live
from vnet.cli.context import Context
from vnet.cli.shell.api import UnsupportedError
from vnet.core.sched import NS_PER_SEC
from vnet.net import fib as F
from vnet.net import route as rt
from vnet.wire.ipaddr import ip_to_str

if TYPE_CHECKING:
    from vnet.link.device import Device
    from vnet.net.stack import Ipv4Stack

OPTSTRING = "h?4bRT:6F:N:aABc:CdDe:fi:I:l:Lm:M:nOp:qQ:rs:S:t:UvVw:W:"
LONG_MAX = 2**63 - 1
INT_MAX = 2**31 - 1
HOSTS = {"localhost": 0x7F000001}     # the simulated /etc/hosts
#: a run that outlives this much virtual time is one real ping would never end
RUN_LIMIT_NS = 24 * 3600 * NS_PER_SEC

VERSION = ("ping from iputils 20221126\n"
           "libcap: yes, IDN: yes, NLS: no, error.h: yes, getrandom(): yes, __fpending(): yes\n")

USAGE = """
Usage
  ping [options] <destination>

Options:
  <destination>      dns name or ip address
  -a                 use audible ping
  -A                 use adaptive ping
  -B                 sticky source address
  -c <count>         stop after <count> replies
  -C                 call connect() syscall on socket creation
  -D                 print timestamps
  -d                 use SO_DEBUG socket option
  -e <identifier>    define identifier for ping session, default is random for
                     SOCK_RAW and kernel defined for SOCK_DGRAM
                     Imply using SOCK_RAW (for IPv4 only for identifier 0)
  -f                 flood ping
  -h                 print help and exit
  -I <interface>     either interface name or address
  -i <interval>      seconds between sending each packet
  -L                 suppress loopback of multicast packets
  -l <preload>       send <preload> number of packages while waiting replies
  -m <mark>          tag the packets going out
  -M <pmtud opt>     define mtu discovery, can be one of <do|dont|want>
  -n                 no dns name resolution
  -O                 report outstanding replies
  -p <pattern>       contents of padding byte
  -q                 quiet output
  -Q <tclass>        use quality of service <tclass> bits
  -s <size>          use <size> as number of data bytes to be sent
  -S <size>          use <size> as SO_SNDBUF socket option value
  -t <ttl>           define time to live
  -U                 print user-to-user latency
  -v                 verbose output
  -V                 print version and exit
  -w <deadline>      reply wait <deadline> in seconds
  -W <timeout>       time to wait for response

IPv4 options:
  -4                 use IPv4
  -b                 allow pinging broadcast
  -R                 record route
  -T <timestamp>     define timestamp, can be one of <tsonly|tsandaddr|tsprespec>

IPv6 options:
  -6                 use IPv6
  -F <flowlabel>     define flow label, default is random
  -N <nodeinfo opt>  use icmp6 node info query, try <help> as argument

For more details see ping(8).
"""

#  options vnet does not simulate (their effect would be silently wrong)
UNSUPPORTED = {"A": "-A (adaptive)", "D": "-D (timestamps)",
               "F": "-F (IPv6 flow label)", "l": "-l (preload)", "m": "-m (mark)",
               "N": "-N (IPv6 node info)", "r": "-r (SO_DONTROUTE)", "R": "-R (record route)",
               "T": "-T (IP timestamps)", "v": "-v (verbose)"}
#  options accepted with no visible effect in vnet (socket tuning, IPv4 is the only family)
NO_EFFECT = set("BCdLSU")


class PingExit(Exception):
    """Stop before the run: `message` on stderr (already formatted), exit `status`."""

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


def _error(text: str, status: int) -> PingExit:
    return PingExit(f"ping: {text}\n", status)


def _strerror(name: str) -> str:
    return os.strerror(getattr(errno, name))


def usage() -> PingExit:
    return PingExit(USAGE, 2)


# -- GNU getopt ------------------------------------------------------------------------------
def getopt(argv: list[str]) -> tuple[list[tuple[str, str | None]], list[str]]:
    """GNU getopt_long's permuting scan of `argv` with OPTSTRING (no long options)."""
    options: list[tuple[str, str | None]] = []
    operands: list[str] = []
    i = 0
    while i < len(argv):
        arg = argv[i]
        i += 1
        if arg == "--":
            operands += argv[i:]
            break
        if not arg.startswith("-") or arg == "-":
            operands.append(arg)
            continue
        j = 1
        while j < len(arg):
            ch = arg[j]
            j += 1
            pos = OPTSTRING.find(ch)
            if pos < 0 or ch == ":":
                raise PingExit(f"ping: invalid option -- '{ch}'\n" + USAGE, 2)
            if pos + 1 < len(OPTSTRING) and OPTSTRING[pos + 1] == ":":
                if j < len(arg):
                    options.append((ch, arg[j:]))
                elif i < len(argv):
                    options.append((ch, argv[i]))
                    i += 1
                else:
                    raise PingExit(f"ping: option requires an argument -- '{ch}'\n" + USAGE, 2)
                break
            options.append((ch, None))
    return options, operands


# -- iputils number parsers -----------------------------------------------------------------
_STRTOL = re.compile(r"[ \t\n\v\f\r]*([+-]?)(\d+)")


def strtol_or_err(text: str, message: str, low: int, high: int, unsigned: bool = False) -> int:
    """iputils_common.c strtol_or_err / strtoul_or_err: exit 1 on any error."""
    match = _STRTOL.match(text)
    if not text or match is None or match.end() != len(text):
        raise _error(f"{message}: '{text}'", 1)
    value = int(match.group(1) + match.group(2))
    limit = 2**64 - 1 if unsigned else LONG_MAX
    if value > limit or (not unsigned and value < -LONG_MAX - 1):
        raise _error(f"{message}: '{text}': {_strerror('ERANGE')}", 1)
    if unsigned and value < 0:
        value &= 2**64 - 1
    if value < low or value > high:
        raise _error(f"{message}: '{text}': out of range: {low} <= value <= {high}", 1)
    return value


_STRTOD = re.compile(
    r"[ \t\n\v\f\r]*[+-]?(?:0[xX](?=[0-9a-fA-F.])[0-9a-fA-F]*(?:\.[0-9a-fA-F]*)?(?:[pP][+-]?\d+)?"
    r"|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|inf(?:inity)?|nan(?:\([0-9A-Za-z_]*\))?)",
    re.IGNORECASE)


def ping_strtod(ctx: Context, text: str, message: str) -> float:
    """ping.c ping_strtod: garbage is only a warning, a non-finite value exits 2."""
    if not text:
        raise _error(f"{message}: ", 2)
    match = _STRTOD.match(text)
    if match is None:
        value, end, range_error = 0.0, 0, False
    else:
        end = match.end()
        body = match.group(0).strip()
        sign = -1.0 if body.startswith("-") else 1.0
        digits = body.lstrip("+-")
        if digits[:2].lower() == "0x":
            value = sign * float.fromhex(digits)
        else:
            value = float(body)
        range_error = math.isinf(value) and "inf" not in body.lower()
        if value != 0.0 and abs(value) < 2.2250738585072014e-308:
            range_error = True
    if range_error or end == 0 or end != len(text):
        ctx.err(f"ping: option argument contains garbage: {text[end:]}\n")
        ctx.err("ping: this will become fatal error in the future\n")
    if math.isnan(value) or math.isinf(value) or (value != 0.0 and abs(value) < 2.2250738585072014e-308):
        raise _error(f"{message}: {text}: {_strerror('ERANGE')}", 2)
    return value


# -- names -----------------------------------------------------------------------------------
_C_NUMBER = re.compile(r"0[xX][0-9a-fA-F]+|0[0-7]*|[1-9]\d*")


def inet_aton(text: str, exact: bool = False) -> int | None:
    """glibc inet_aton (a, a.b, a.b.c, a.b.c.d; 0x hex and 0 octal parts); trailing
    whitespace ends the address unless `exact` (getaddrinfo's __inet_aton_exact)."""
    parts: list[int] = []
    pos = 0
    while True:
        match = _C_NUMBER.match(text, pos)
        if match is None:
            return None
        token = match.group(0)
        if token[:2].lower() == "0x":
            value = int(token[2:], 16) if len(token) > 2 else 0
        elif len(token) > 1 and token[0] == "0":
            value = int(token, 8)
        else:
            value = int(token)
        if value > 0xFFFFFFFF:
            return None
        pos = match.end()
        if pos < len(text) and text[pos] == ".":
            if len(parts) > 2 or value > 0xFF:
                return None
            parts.append(value)
            pos += 1
            continue
        break
    rest = text[pos:]
    if rest and (exact or not rest[0].isspace()):
        return None
    limits = (0xFFFFFFFF, 0xFFFFFF, 0xFFFF, 0xFF)
    if value > limits[len(parts)]:
        return None
    addr = value
    for i, part in enumerate(parts):
        addr |= part << (24 - 8 * i)
    return addr


_LABEL = re.compile(r"[A-Za-z0-9_\x80-\U0010ffff][A-Za-z0-9_\-\x80-\U0010ffff]*")


def _gai_error(name: str) -> str:
    """Why getaddrinfo fails for a name vnet cannot resolve: no DNS server answers in a
    lab, so a well-formed name is a temporary failure; a malformed one is unknown."""
    labels = name[:-1].split(".") if name.endswith(".") else name.split(".")
    if name and all(_LABEL.fullmatch(label) for label in labels):
        return "Temporary failure in name resolution"
    return "Name or service not known"


def resolve(target: str, family6: bool) -> tuple[int, str | None]:
    """getaddrinfo(target) as main() does it; returns (address, canonical name or None
    for a numeric target). Raises PingExit as `ping: TARGET: <gai_strerror>`."""
    addr = inet_aton(target, exact=True)
    if addr is None and ":" in target:
        raise UnsupportedError("ping to an IPv6 address")
    if addr is None:
        canon = target.lower()
        if canon in HOSTS:
            addr = HOSTS[canon]
        else:
            raise _error(f"{target}: {_gai_error(target)}", 2)
        name: str | None = canon
    else:
        name = None
    if family6:
        raise _error(f"{target}: Address family for hostname not supported", 2)
    return addr, name


def reverse_name(addr: int) -> str:
    """getnameinfo for pr_addr: the hosts file, else the number (no DNS in a lab)."""
    for name, value in HOSTS.items():
        if value == addr:
            return name
    return ip_to_str(addr)


# -- the command ------------------------------------------------------------------------------
class _Opts:
    def __init__(self) -> None:
        self.npackets = 0
        self.interval_ms = 1000
        self.interval_set = False
        self.linger_ms = MAXWAIT_MS
        self.deadline = 0
        self.datalen = 56
        self.ttl: int | None = None
        self.pmtudisc: str | None = None
        self.quiet = False
        self.numeric = False
        self.flood = False
        self.broadcast = False
        self.ident: int | None = None
        self.device: str | None = None
        self.source = 0
        self.strict_source = False
        self.family: str | None = None   # -4 / -6
        self.pattern: str | None = None
        self.tos = 0
        self.outstanding = False
        self.audible = False


def parse_options(ctx: Context, argv: list[str]) -> tuple[_Opts, list[str]]:
    """The getopt loop of main()."""
    opts = _Opts()
    parsed, operands = getopt(argv)
    for ch, arg in parsed:
        value = arg if arg is not None else ""
        if ch in ("h", "?"):
            raise usage()
        if ch in UNSUPPORTED:
            raise UnsupportedError(f"ping {UNSUPPORTED[ch]}")
        if ch in NO_EFFECT:
            continue
        if ch in ("4", "6"):
            if opts.family is not None and opts.family != ch:
                raise _error("only one -4 or -6 option may be specified", 2)
            opts.family = ch
        elif ch == "b":
            opts.broadcast = True
        elif ch == "e":
            opts.ident = strtol_or_err(value, "invalid argument", 0, 0xFFFF, unsigned=True)
        elif ch == "a":
            opts.audible = True
        elif ch == "c":
            opts.npackets = strtol_or_err(value, "invalid argument", 1, LONG_MAX)
        elif ch == "f":
            opts.flood = True
            opts.numeric = True
        elif ch == "i":
            seconds = ping_strtod(ctx, value, "bad timing interval")
            if seconds > INT_MAX / 1000:
                raise _error(f"bad timing interval: {value}", 2)
            opts.interval_ms = int(seconds * 1000)
            opts.interval_set = True
        elif ch == "I":
            if ":" in value:
                raise UnsupportedError("ping -I with an IPv6 address")
            addr = _inet_pton(value)
            if addr is not None:
                opts.source = addr
                opts.strict_source = True
            else:
                opts.device = value
        elif ch == "M":
            if value not in ("do", "dont", "want"):
                raise _error(f"invalid -M argument: {value}", 2)
            opts.pmtudisc = value
        elif ch == "n":
            opts.numeric = True
        elif ch == "O":
            opts.outstanding = True
        elif ch == "p":
            opts.pattern = value
        elif ch == "q":
            opts.quiet = True
        elif ch == "Q":
            opts.tos = _parse_tos(value)
        elif ch == "s":
            opts.datalen = strtol_or_err(value, "invalid argument", 0, INT_MAX)
        elif ch == "t":
            opts.ttl = strtol_or_err(value, "invalid argument", 0, 255)
        elif ch == "V":
            raise PingExit(VERSION, 0)
        elif ch == "w":
            opts.deadline = strtol_or_err(value, "invalid argument", 0, INT_MAX)
        elif ch == "W":
            seconds = ping_strtod(ctx, value, "bad linger time")
            if seconds < 0 or seconds > INT_MAX / 1000:
                raise _error(f"bad linger time: {value}", 2)
            opts.linger_ms = int(seconds * 1000)
    return opts, operands


def _inet_pton(text: str) -> int | None:
    parts = text.split(".")
    if len(parts) != 4 or not all(p.isdigit() and p.isascii() and len(p) <= 3 for p in parts):
        return None
    values = [int(p) for p in parts]
    if any(v > 255 for v in values) or any(len(p) > 1 and p[0] == "0" for p in parts):
        return None
    return (values[0] << 24) | (values[1] << 16) | (values[2] << 8) | values[3]


def _parse_tos(text: str) -> int:
    """ping.c parsetos: decimal or 0x hex, at most 255."""
    if text[:2] in ("0x", "0X"):
        match = re.match(r"[ \t\n\v\f\r]*[+-]?[0-9a-fA-F]*", text[2:])
        body, rest, base = text[2:], "", 16
    else:
        match = re.match(r"[ \t\n\v\f\r]*[+-]?\d*", text)
        body, rest, base = text, "", 10
    assert match is not None
    rest = body[match.end():]
    digits = match.group(0).strip()
    if rest:
        raise _error(f"bad TOS value: {text}", 2)
    try:
        tos = int(digits, base) if digits.lstrip("+-") else 0
    except ValueError:
        tos = 0
    if tos > 255:
        raise _error(f"the decimal value of TOS bits must be in range 0-255: {tos}", 2)
    return tos & 0xFF


def fill_pattern(ctx: Context, opts: _Opts, text: str) -> bytes:
    """ping_common.c fill(): up to 16 hex bytes repeated over the data."""
    for i, ch in enumerate(text):
        if ch not in "0123456789abcdefABCDEF":
            raise _error(f"patterns must be specified as hex digits: {text[i:]}", 2)
    pattern = bytes(int(text[i:i + 2], 16) for i in range(0, min(len(text), 32), 2))
    if not opts.quiet:
        ctx.out("PATTERN: 0x" + pattern.hex() + "\n")
    return pattern


def main(ctx: Context, argv: list[str]) -> int:
    ctx.ordered_output = True   # error() flushes stdout before writing to stderr
    try:
        return _run(ctx, argv)
    except PingExit as stop:
        if stop.status == 0:
            ctx.out(stop.message)
        else:
            ctx.err(stop.message)
        return stop.status


def _run(ctx: Context, argv: list[str]) -> int:
    opts, targets = parse_options(ctx, argv)
    if not targets:
        raise _error(f"usage error: {_strerror('EDESTADDRREQ')}", 1)
    pattern = fill_pattern(ctx, opts, opts.pattern) if opts.pattern is not None else None
    stack: Ipv4Stack = ctx.ns.ipv4
    resolve(targets[-1], opts.family == "6")
    if len(targets) > 10:
        raise usage()
    hosts = []
    for target in targets:
        addr = inet_aton(target)
        if addr is not None:
            hosts.append((addr, target))
        else:
            resolved, canon = resolve(target, opts.family == "6")
            hosts.append((resolved, canon or target))
    dst, hostname = hosts[-1]
    numeric = opts.numeric or (len(targets) == 1 and inet_aton(targets[0]) is not None)
    device: Device | None = None
    if opts.device is not None:
        device = ctx.ns.get(opts.device)
        if device is None:
            raise _error(f"SO_BINDTODEVICE {opts.device}: {_strerror('ENODEV')}", 2)
    source = opts.source
    if not source:
        source = _connect_probe(ctx, stack, hosts[0][0] if len(hosts) > 1 else dst, device,
                                opts)
    if dst == 0:
        dst = source
    multicast = opts.broadcast or dst >> 28 == 0xE
    pmtudisc = opts.pmtudisc or ("do" if multicast else None)
    if opts.strict_source and not _bindable(stack, source):
        raise _error(f"bind: {_strerror('EADDRNOTAVAIL')}", 2)
    if len(targets) > 1:
        raise _error(f"record route: {_strerror('EPERM')}", 2)
    if opts.ttl == 0:
        raise _error(f"cannot set unicast time-to-live: {_strerror('EINVAL')}", 2)
    until_interrupted = not opts.npackets and not opts.deadline
    if until_interrupted and ctx.live is None:
        raise UnsupportedError("ping without -c or -w in a script (it would run until "
                               "interrupted; vnet shell at a terminal runs it until Ctrl-C)")
    out = ctx.live if until_interrupted and ctx.live is not None else ctx.out
    header = f"PING {hostname} ({ip_to_str(dst)}) "
    if opts.device is not None or opts.strict_source:
        header += f"from {ip_to_str(source)} {opts.device or ''}: "
    out(header + f"{opts.datalen}({opts.datalen + 28}) bytes of data.\n")
    interval = opts.interval_ms
    if opts.flood and not opts.interval_set:
        interval = 0
    world = ctx.world
    cfg = PingConfig(
        dst=dst, hostname=hostname, source=source, strict_source=opts.strict_source,
        device=device, npackets=opts.npackets, interval_ms=interval,
        linger_ms=opts.linger_ms, deadline_s=opts.deadline, datalen=opts.datalen,
        ttl=opts.ttl, pmtudisc=pmtudisc, quiet=opts.quiet, numeric=numeric,
        flood=opts.flood, broadcast=opts.broadcast, multicast=multicast,
        ident=opts.ident if opts.ident is not None else world.rng.getrandbits(16),
        tos=opts.tos, pattern=pattern, outstanding=opts.outstanding, audible=opts.audible)
    ping = Ping(stack, cfg, out, ctx.err, reverse_name)
    ping.start()
    if until_interrupted:
        live.run_until_interrupted(world, lambda: ping.done, ping.interrupt)
        return ping.status
    limit = world.sched.now + RUN_LIMIT_NS
    world.sched.run_until(limit, stop=lambda: ping.done)
    if not ping.done:
        ping.abort()
        raise UnsupportedError("ping that never ends (no reply, no error and -W 0)")
    return ping.status


def _connect_probe(ctx: Context, stack: Ipv4Stack, dst: int, device: Device | None,
                   opts: _Opts) -> int:
    """The UDP socket ping4_run connect()s to learn its source address (getsockname).

    A refusal with EACCES is what a broadcast route gives a socket without SO_BROADCAST
    (and a `prohibit` route gives anyone): ping suggests -b, or with -b tries again."""
    if dst == 0:
        # no destination means this host: from the bound device's address, else as
        # 127.0.0.1 would be reached (which needs lo up)
        if device is not None:
            source = stack.select_source(device, 0, F.RT_SCOPE_HOST)
            if source:
                return source
        dst = 0x7F000001
    try:
        res = rt.output(stack, dst, 0, device)
        errno_name = "EACCES" if res.type == F.BROADCAST else None
    except rt.RouteError as error:
        errno_name = error.errno_name
    if errno_name == "EACCES":
        if not opts.broadcast:
            raise _error("Do you want to ping broadcast? Then -b. If not, "
                         "check your local firewall rules", 2)
        ctx.err("WARNING: pinging broadcast address\n")
        try:
            res = rt.output(stack, dst, 0, device)
            errno_name = None
        except rt.RouteError as error:
            errno_name = error.errno_name
    if errno_name is not None:
        tracer = ctx.world.tracer
        if tracer is not None:
            tracer.app_connect_failed("ping", ctx.ns, dst, errno_name)
        raise _error(f"connect: {_strerror(errno_name)}", 2)
    source = res.src
    if device is not None and not any(a.local == source for a in device.ip4):
        ctx.err(f"ping: Warning: source address might be selected on device other than: "
                f"{opts.device}\n")
    return source


def _bindable(stack: Ipv4Stack, addr: int) -> bool:
    """raw_bind: the address must be local, multicast or broadcast (inet_addr_type)."""
    if stack.is_local_address(addr) or addr >> 28 == 0xE:
        return True
    route = stack.fib.lookup(addr)
    return route is not None and route.type == F.BROADCAST and route.plen == 32

