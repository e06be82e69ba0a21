"""net-tools `route` (route.c, lib/inet_gr.c, lib/inet_sr.c; net-tools 2.10).

Listing reads the main table as /proc/net/route shows it (fib_route_seq_show: no
broadcast or multicast entries, flags U, G for a gateway, H for a /32, `!` for
unreachable and prohibit routes) and prints it in one of three formats (`-e`, `-ee`);
without -n the destination 0.0.0.0/0 is `default`, networks are named from
/etc/networks and hosts from /etc/hosts (the simulated ones: no DNS in a lab). `add`
and `del` parse `[-net|-host] TARGET[/N] [netmask M] [gw G] [metric N] [mss M]
[window W] [irtt I] [reject] [mod] [dyn] [reinstate] [[dev] IF]` as INET_setroute does
and hand an rtentry to the kernel, whose SIOCADDRT / SIOCDELRT side
(rtentry_to_fib_config) turns it into a vnet.net.fib_semantics request: no `create`
exclusivity, so an identical route is EEXIST and a different one with the same key is
added in front of it. Kernel refusals print `SIOCADDRT: <strerror>` and exit 7; usage
errors print the usage (on stderr, exit 3; `route add` alone prints it on stdout and
exits 0). stdout is block-buffered as in a pipe, so whatever route writes on stderr
comes first.

`proc_net_route` is the text of /proc/net/route for vnet.cli.procfs.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, NamedTuple

from vnet.cli.context import Context
from vnet.cli.ip.errors import strerror
from vnet.cli.ping import HOSTS, inet_aton
from vnet.cli.shell.api import UnsupportedError
from vnet.net import fib as F
from vnet.net import fib_semantics as FS
from vnet.wire.ipaddr import ip_to_str

if TYPE_CHECKING:
    from vnet.core.netns import Namespace

DIGITS = "0123456789"
E_USAGE = 0
E_NOSUPP = 1
E_OPTERR = 3
E_LOOKUP = 6
E_SOCK = 7

#  the simulated /etc/networks (Debian's)
NETWORKS = {"default": 0, "loopback": 0x7F000000, "link-local": 0xA9FE0000}

RTF_UP = 0x0001
RTF_GATEWAY = 0x0002
RTF_HOST = 0x0004
RTF_REINSTATE = 0x0008
RTF_DYNAMIC = 0x0010
RTF_MODIFIED = 0x0020
RTF_MSS = 0x0040
RTF_WINDOW = 0x0080
RTF_IRTT = 0x0100
RTF_REJECT = 0x0200

AFLIST = ("    inet (DARPA Internet) inet6 (IPv6) ax25 (AMPR AX.25) \n"
          "    netrom (AMPR NET/ROM) rose (AMPR ROSE) ipx (Novell IPX) \n"
          "    ddp (Appletalk DDP) x25 (CCITT X.25) \n")
USAGE = (
    "Usage: route [-nNvee] [-FC] [<AF>]           List kernel routing tables\n"
    "       route [-v] [-FC] {add|del|flush} ...  Modify routing table for AF.\n\n"
    "       route {-h|--help} [<AF>]              Detailed usage syntax for specified AF.\n"
    "       route {-V|--version}                  Display version/author and exit.\n\n"
    "        -v, --verbose            be verbose\n"
    "        -n, --numeric            don't resolve names\n"
    "        -e, --extend             display other/more information\n"
    "        -F, --fib                display Forwarding Information Base (default)\n"
    "        -C, --cache              display routing cache instead of FIB\n\n"
    "  <AF>=Use -4, -6, '-A <af>' or '--<af>'; default: inet\n"
    "  List of possible address families (which support routing):\n")
INET_USAGE = (
    "Usage: inet_route [-vF] del {-host|-net} Target[/prefix] [gw Gw] [metric M] "
    "[[dev] If]\n"
    "       inet_route [-vF] add {-host|-net} Target[/prefix] [gw Gw] [metric M]\n"
    "                              [netmask N] [mss Mss] [window W] [irtt I]\n"
    "                              [mod] [dyn] [reinstate] [[dev] If]\n"
    "       inet_route [-vF] add {-host|-net} Target[/prefix] [metric M] reject\n"
    "       inet_route [-FC] flush      NOT supported\n")
VERSION = ("net-tools 2.10\n+NEW_ADDRT +RTF_IRTT +RTF_REJECT +I18N +SELINUX\n"
           "AF: (inet) +UNIX +INET +INET6 +IPX +AX25 +NETROM +X25 +ATALK +ECONET +ROSE "
           "-BLUETOOTH\n"
           "HW:  +ETHER +ARC +SLIP +PPP +TUNNEL -TR +AX25 +NETROM +X25 +FR +ROSE +ASH +SIT "
           "+FDDI +HIPPI +HDLC/LAPB +EUI64 \n")
SHORT_OPTS = "A:eCFhnN64Vv?"
LONG_OPTS = {"extend": "e", "verbose": "v", "version": "V", "numeric": "n", "symbolic": "N",
             "protocol": "A", "cache": "C", "fib": "F", "help": "h"}
#  AFTRANS_OPTS: --<family> long options
AF_LONG = ("ax25", "ip", "ipx", "appletalk", "netrom", "inet", "inet6", "ddp", "unix",
           "tcpip")
INET_NAMES = ("inet", "ip", "tcpip")
KNOWN_AFS = ("unix", "local", "inet", "inet6", "ax25", "netrom", "rose", "ipx", "ddp",
             "appletalk", "econet", "ec", "x25", "ash", "tcpip", "ip")


class RouteExit(Exception):
    def __init__(self, status: int) -> None:
        super().__init__(status)
        self.status = status


class _Io:
    """route's two streams: stderr unbuffered, stdout flushed at exit."""

    def __init__(self) -> None:
        self.out: list[str] = []
        self.err: list[str] = []

    def usage(self, status: int) -> RouteExit:
        """route.c usage(): stdout for E_USAGE, else stderr; the family list on stderr."""
        (self.err if status else self.out).append(USAGE)
        self.err.append(AFLIST)
        return RouteExit(status)

    def inet_usage(self, status: int) -> int:
        (self.err if status else self.out).append(INET_USAGE)
        return status


def main(ctx: Context, argv: list[str]) -> int:
    io = _Io()
    try:
        status = _run(ctx, io, argv)
    except RouteExit as stop:
        status = stop.status
    ctx.ordered_output = True
    if io.err:
        ctx.err("".join(io.err))
    if io.out:
        ctx.out("".join(io.out))
    return status


def _getopt(io: _Io, argv: list[str]) -> tuple[list[tuple[str, str]], list[str]]:
    """getopt_long with GNU permutation: options anywhere until `--`."""
    opts: list[tuple[str, str]] = []
    operands: list[str] = []
    i = 0
    while i < len(argv):
        arg = argv[i]
        i += 1
        if arg == "--":
            operands += argv[i:]
            break
        if arg.startswith("--"):
            name, eq, value = arg[2:].partition("=")
            candidates = [k for k in (*LONG_OPTS, *AF_LONG) if k.startswith(name)]
            exact = [k for k in candidates if k == name]
            if exact:
                candidates = exact
            if len(candidates) != 1:
                if candidates:
                    raise UnsupportedError(f"route {arg} (ambiguous long option)")
                io.err.append(f"route: unrecognized option '{arg}'\n")
                opts.append(("?", ""))
                continue
            key = candidates[0]
            if key in AF_LONG:
                if eq:
                    io.err.append(f"route: option '--{key}' doesn't allow an argument\n")
                    opts.append(("?", ""))
                else:
                    opts.append(("af", key))
                continue
            short = LONG_OPTS[key]
            if short == "A":
                if not eq:
                    if i >= len(argv):
                        io.err.append(f"route: option '--{key}' requires an argument\n")
                        opts.append(("?", ""))
                        continue
                    value = argv[i]
                    i += 1
                opts.append(("A", value))
            elif eq:
                io.err.append(f"route: option '--{key}' doesn't allow an argument\n")
                opts.append(("?", ""))
            else:
                opts.append((short, ""))
            continue
        if arg.startswith("-") and len(arg) > 1:
            j = 1
            while j < len(arg):
                ch = arg[j]
                j += 1
                pos = SHORT_OPTS.find(ch)
                if pos < 0 or ch == ":":
                    io.err.append(f"route: invalid option -- '{ch}'\n")
                    opts.append(("?", ""))
                    continue
                if SHORT_OPTS[pos + 1:pos + 2] == ":":
                    if j < len(arg):
                        value = arg[j:]
                    elif i < len(argv):
                        value = argv[i]
                        i += 1
                    else:
                        io.err.append(f"route: option requires an argument -- '{ch}'\n")
                        opts.append(("?", ""))
                        break
                    opts.append((ch, value))
                    break
                opts.append((ch, ""))
            continue
        operands.append(arg)
    return opts, operands


def _aftrans(io: _Io, names: str, afs: list[str]) -> None:
    """aftrans_opt: a comma separated family list; unknown names end route with 1."""
    for name in names.split(","):
        if not name:
            continue
        if name not in KNOWN_AFS:
            io.err.append(f"Unknown address family `{name}'.\n")
            raise RouteExit(E_NOSUPP)
        afs.append("inet" if name in INET_NAMES else name)


def _run(ctx: Context, io: _Io, argv: list[str]) -> int:
    argv = ["#" + a[1:] if a in ("-net", "-host") else a for a in argv]
    opts, args = _getopt(io, argv)
    numeric = False
    ext = 1
    fib = cache = False
    helping = False
    afs: list[str] = []
    for key, value in opts:
        if key in ("n", "N"):
            numeric = True
        elif key == "e":
            ext += 1
        elif key == "C":
            cache = True
        elif key == "F":
            fib = True
        elif key == "A":
            _aftrans(io, value, afs)
        elif key == "af":
            _aftrans(io, value, afs)
        elif key == "4":
            afs.append("inet")
        elif key == "6":
            afs.append("inet6")
        elif key == "V":
            io.out.append(VERSION)
            return 0
        elif key in ("h", "?"):
            helping = True
    if any(af != "inet" for af in afs):
        raise UnsupportedError(f"route -A {','.join(afs)} (only inet is simulated)")
    if helping:
        if not afs:
            raise io.usage(E_USAGE)
        return io.inet_usage(E_USAGE)
    if not fib and not cache:
        fib = True
    if not args:
        if fib:
            _print_fib(ctx.ns, io, ext & 3, numeric)
        if cache:
            _print_cache(io, ext & 3)
        return 0
    action = args[0]
    if action not in ("add", "del", "delete", "flush"):
        raise io.usage(E_OPTERR)
    rest = args[1:]
    if action == "flush":
        io.err.append("Flushing `inet' routing table not supported\n")
        return io.inet_usage(E_OPTERR)
    if cache:
        io.err.append("Modifying `inet' routing cache not supported\n")
        return io.inet_usage(E_OPTERR)
    if not rest:
        return io.inet_usage(E_USAGE)
    return _setroute(ctx, io, action == "add", rest)


# -- names -----------------------------------------------------------------------------------


class _LookupError(Exception):
    pass


def _resolve(name: str, hostfirst: bool) -> tuple[int, bool]:
    """INET_resolve: (address, is a network). Raises _LookupError with herror's text."""
    if name == "default":
        return 0, True
    addr = inet_aton(name)
    if addr is not None:
        return addr, False
    host = HOSTS.get(name.lower())
    if hostfirst and host is not None:
        return host, False
    if name in NETWORKS:
        return NETWORKS[name], True
    if hostfirst:
        raise _LookupError("Unknown host")
    if host is not None:
        return host, False
    raise _LookupError("Host name lookup failure")


def _host_name(addr: int) -> str:
    for name, value in HOSTS.items():
        if value == addr:
            return name
    return ip_to_str(addr)


def _rresolve(addr: int, numeric: bool, mask: int, default_name: bool, host: bool) -> str:
    """INET_rresolve: `default`/`*` for 0.0.0.0/0, else a host or network name."""
    if numeric:
        return ip_to_str(addr)
    if addr == 0:
        if mask == 0:
            return "default" if default_name else "*"
        return "0.0.0.0"
    if addr & ~mask & 0xFFFFFFFF or host:
        return _host_name(addr)
    for name, value in NETWORKS.items():
        if value == addr and name != "default":
            return name
    return ip_to_str(addr)


# -- listing ---------------------------------------------------------------------------------


class ProcRoute(NamedTuple):
    """One /proc/net/route line."""

    iface: str
    dst: int
    gateway: int
    flags: int
    metric: int
    mask: int
    mtu: int
    window: int
    irtt: int


def proc_routes(ns: Namespace) -> Iterator[ProcRoute]:
    """fib_route_seq_show over the main table, in trie order."""
    table = ns.ipv4.fib.table(F.RT_TABLE_MAIN)
    if table is None:
        return
    for r in table.routes():
        if r.type in (F.BROADCAST, F.MULTICAST):
            continue
        mask = F.mask(r.plen)
        flags = RTF_REJECT if r.type in (F.UNREACHABLE, F.PROHIBIT) else 0
        if r.gateway:
            flags |= RTF_GATEWAY
        if r.plen == 32:
            flags |= RTF_HOST
        flags |= RTF_UP
        metrics = getattr(r, "metrics", None) or {}
        advmss = metrics.get("advmss", 0)
        yield ProcRoute(r.dev.name if r.dev is not None else "*", r.dst, r.gateway or 0,
                        flags, r.metric, mask, advmss + 40 if advmss else 0,
                        metrics.get("window", 0), metrics.get("rtt", 0) >> 3)


def _le_hex(addr: int) -> str:
    """A network-order address printed as a little-endian u32 (%08X)."""
    return f"{int.from_bytes(addr.to_bytes(4, 'big'), 'little'):08X}"


PROC_ROUTE_HEADER = ("Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\t"
                     "MTU\tWindow\tIRTT")


def proc_net_route(ns: Namespace) -> str:
    """/proc/net/route: every line padded to 127 columns (seq_setwidth/seq_pad)."""
    lines = [f"{PROC_ROUTE_HEADER:<127}\n"]
    for e in proc_routes(ns):
        text = (f"{e.iface}\t{_le_hex(e.dst)}\t{_le_hex(e.gateway)}\t{e.flags:04X}\t0\t0\t"
                f"{_c_int(e.metric)}\t{_le_hex(e.mask)}\t{e.mtu}\t{e.window}\t{e.irtt}")
        lines.append(f"{text:<127}\n")
    return "".join(lines)


def _flag_text(flags: int) -> str:
    text = "U" if flags & RTF_UP else ""
    if flags & RTF_GATEWAY:
        text += "G"
    if flags & RTF_REJECT:
        text = "!"
    for bit, letter in ((RTF_HOST, "H"), (RTF_REINSTATE, "R"), (RTF_DYNAMIC, "D"),
                        (RTF_MODIFIED, "M")):
        if flags & bit:
            text += letter
    return text


def _print_fib(ns: Namespace, io: _Io, ext: int, numeric: bool) -> None:
    """rprint_fib."""
    out = io.out
    out.append("Kernel IP routing table\n")
    head = "Destination     Gateway         Genmask         "
    if ext == 1:
        out.append(head + "Flags Metric Ref    Use Iface\n")
    elif ext == 2:
        out.append(head + "Flags   MSS Window  irtt Iface\n")
    else:
        out.append(head + "Flags Metric Ref    Use Iface    MSS   Window irtt\n")
    for e in proc_routes(ns):
        host = bool(e.flags & RTF_HOST)
        net = _rresolve(e.dst, numeric, e.mask, True, host)[:15]
        gate = _rresolve(e.gateway, numeric, 0xFFFFFF00, False, True)[:15]
        mask = ip_to_str(e.mask)
        flags = _flag_text(e.flags)
        reject = bool(e.flags & RTF_REJECT)
        metric = _c_int(e.metric)
        if ext == 1:
            if reject:
                out.append(f"{net:<15} -               {mask:<15} {flags:<5} {metric:<6} -  "
                           f"{0:7d} -\n")
            else:
                out.append(f"{net:<15} {gate:<15} {mask:<15} {flags:<5} {metric:<6} {0:<2} "
                           f"{0:7d} {e.iface}\n")
        elif ext == 2:
            if reject:
                out.append(f"{net:<15} -               {mask:<15} {flags:<5}     - -          "
                           f"- -\n")
            else:
                out.append(f"{net:<15} {gate:<15} {mask:<15} {flags:<5} {e.mtu:5d} "
                           f"{e.window:<5d} {e.irtt:6d} {e.iface}\n")
        elif reject:
            out.append(f"{net:<15} -               {mask:<15} {flags:<5} {metric:<6} -  "
                       f"{0:7d} -        -     -      -\n")
        else:
            out.append(f"{net:<15} {gate:<15} {mask:<15} {flags:<5} {metric:<6} {0:<3} "
                       f"{0:6d} {e.iface[:6]:<6}   {e.mtu:<5d} {e.window:<6d} {e.irtt}\n")


def _print_cache(io: _Io, ext: int) -> None:
    """rprint_cache: /proc/net/rt_cache has had no entries since Linux 3.6."""
    io.out.append("Kernel IP routing cache\n")
    head = "Source          Destination     Gateway         "
    if ext == 1:
        io.out.append(head + "Flags Metric Ref    Use Iface\n")
    elif ext == 2:
        io.out.append(head + "Flags   MSS Window  irtt Iface\n")
    else:
        io.out.append(head + "Flags Metric Ref    Use Iface    MSS   Window irtt  TOS HHRef "
                      "HHUptod     SpecDst\n")


def _c_int(value: int) -> int:
    value &= 0xFFFFFFFF
    return value - (1 << 32) if value & 0x80000000 else value


# -- add / del ----------------------------------------------------------------------------------


def _atoi(text: str) -> int:
    """atoi: leading digits (after an optional sign), as a C int."""
    i = 0
    while i < len(text) and text[i] in " \t\n\v\f\r":
        i += 1
    sign = 1
    if i < len(text) and text[i] in "+-":
        sign = -1 if text[i] == "-" else 1
        i += 1
    j = i
    while j < len(text) and text[j] in DIGITS:
        j += 1
    value = sign * int(text[i:j]) if j > i else 0
    value = max(min(value, 2**63 - 1), -(2**63))      # strtol saturates
    return _c_int(value)


_STRTOUL0 = re.compile(r"\s*([+-]?)(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)?")


def _strtoul0(text: str) -> int | None:
    """strtoul(text, &end, 0) that must end the string (else None); "" is 0."""
    match = _STRTOUL0.match(text)
    if match is None or match.end() != len(text) or (match.group(1) and not match.group(2)):
        return None if text.strip() else 0
    digits = match.group(2) or "0"
    value = int(digits, 0) if not (digits.startswith("0") and len(digits) > 1 and
                                   digits[1] not in "xX") else int(digits, 8)
    value = min(value, 2**64 - 1)
    return (-value) & (2**64 - 1) if match.group(1) == "-" else value


class _Rtentry:
    """struct rtentry as INET_setroute fills it."""

    def __init__(self) -> None:
        self.dst = 0
        self.genmask: int | None = None     # None: sa_family 0
        self.gateway: int | None = None
        self.flags = 0
        self.metric = 0                     # short: metric + 1, 0 for none
        self.dev: str | None = None
        self.mss = 0
        self.window = 0
        self.irtt = 0


def _setroute(ctx: Context, io: _Io, add: bool, args: list[str]) -> int:
    """INET_setroute."""
    xflag = 0
    if args[0] == "#net":
        xflag = 1
        args = args[1:]
    elif args[0] == "#host":
        xflag = 2
        args = args[1:]
    if not args:
        return io.inet_usage(E_OPTERR)
    target, args = args[0][:127], args[1:]
    rt = _Rtentry()
    netmask_text = "default"
    if "/" in target:
        target, _, prefix_text = target.partition("/")
        prefix = _strtoul0(prefix_text)
        if prefix is None:
            return io.inet_usage(E_OPTERR)
        netmask_text = f"/{_c_int(prefix)}"
        rt.genmask = ~(0xFFFFFFFF >> (prefix & 31)) & 0xFFFFFFFF
    try:
        rt.dst, isnet = _resolve(target, xflag == 2)
    except _LookupError as err:
        io.err.append(f"{target}: {err}\n")
        return E_LOOKUP
    if xflag:
        isnet = xflag == 1
    rt.flags = RTF_UP | (0 if isnet else RTF_HOST)
    i = 0
    while i < len(args):
        word = args[i]
        i += 1
        value = args[i] if i < len(args) else None
        if word == "metric":
            if not value or value[0] not in DIGITS:
                return io.inet_usage(E_OPTERR)
            metric = (_atoi(value) + 1) & 0xFFFF
            rt.metric = metric - 0x10000 if metric & 0x8000 else metric
            i += 1
        elif word == "netmask":
            if value is None or rt.genmask:
                return io.inet_usage(E_OPTERR)
            netmask_text = value[:127]
            try:
                rt.genmask, _ = _resolve(value, False)
            except _LookupError as err:
                io.err.append(f"{value}: {err}\n")
                return E_LOOKUP
            i += 1
        elif word in ("gw", "gateway"):
            if value is None or rt.flags & RTF_GATEWAY:
                return io.inet_usage(E_OPTERR)
            try:
                rt.gateway, gw_isnet = _resolve(value, True)
            except _LookupError as err:
                io.err.append(f"{value}: {err}\n")
                return E_LOOKUP
            if gw_isnet:
                io.err.append(f"route: {value}: cannot use a NETWORK as gateway!\n")
                return io.inet_usage(E_OPTERR)
            rt.flags |= RTF_GATEWAY
            i += 1
        elif word in ("mss", "mtu"):
            rt.flags |= RTF_MSS
            if value is None:
                return io.inet_usage(E_OPTERR)
            rt.mss = _atoi(value) & 0xFFFFFFFF
            i += 1
            if rt.mss < 64 or rt.mss > 65536:
                io.err.append("route: Invalid MSS/MTU.\n")
                return io.inet_usage(E_OPTERR)
        elif word == "window":
            if value is None:
                return io.inet_usage(E_OPTERR)
            rt.flags |= RTF_WINDOW
            rt.window = _atoi(value) & 0xFFFFFFFF
            i += 1
            if rt.window < 128:
                io.err.append("route: Invalid window.\n")
                return io.inet_usage(E_OPTERR)
        elif word == "irtt":
            if value is None:
                return io.inet_usage(E_OPTERR)
            rt.flags |= RTF_IRTT
            rt.irtt = (_atoi(value) & 0xFFFF)      # unsigned short, * (clk_tck / 100)
            i += 1
        elif word == "reject":
            rt.flags |= RTF_REJECT
        elif word == "mod":
            rt.flags |= RTF_MODIFIED
        elif word == "dyn":
            rt.flags |= RTF_DYNAMIC
        elif word == "reinstate":
            rt.flags |= RTF_REINSTATE
        elif word in ("device", "dev"):
            if rt.dev is not None or value is None:
                return io.inet_usage(E_OPTERR)
            rt.dev = value
            i += 1
        elif rt.dev is None:
            rt.dev = word
            if i < len(args):
                return io.inet_usage(E_OPTERR)
        else:
            return io.inet_usage(E_OPTERR)
    if rt.flags & RTF_REJECT and rt.dev is None:
        rt.dev = "lo"
    if rt.genmask:
        inverse = ~rt.genmask & 0xFFFFFFFF
        if rt.flags & RTF_HOST and inverse != 0xFFFFFFFF:
            io.err.append(f"route: netmask {inverse:08x} doesn't make sense with host route\n")
            return io.inet_usage(E_OPTERR)
        if inverse & (inverse + 1) & 0xFFFFFFFF:
            io.err.append(f"route: bogus netmask {netmask_text}\n")
            return io.inet_usage(E_OPTERR)
        if rt.dst & inverse:
            io.err.append("route: netmask doesn't match route address\n")
            return io.inet_usage(E_OPTERR)
    if add and rt.flags & RTF_HOST:
        rt.genmask = 0xFFFFFFFF
    name = "SIOCADDRT" if add else "SIOCDELRT"
    try:
        _ioctl(ctx, rt, add)
    except FS.FibError as err:
        io.err.append(f"{name}: {strerror(err.errno_name)}\n")
        return E_SOCK
    return 0


def _inet_mask_len(mask: int) -> int:
    return bin(mask).count("1")


def _ioctl(ctx: Context, rt: _Rtentry, add: bool) -> None:
    """ip_rt_ioctl: rtentry_to_fib_config, then fib_table_insert (NLM_F_CREATE) or
    fib_table_delete."""
    stack = ctx.ns.ipv4
    plen = 32
    if not rt.flags & RTF_HOST:
        mask = rt.genmask or 0
        inverse = ~mask & 0xFFFFFFFF
        if rt.dst & inverse or inverse & (inverse + 1) & 0xFFFFFFFF:
            raise FS.FibError("EINVAL")
        plen = _inet_mask_len(mask)
    cfg = FS.FibConfig(dst=rt.dst, plen=plen, scope=F.RT_SCOPE_NOWHERE)
    if add:
        cfg.create = True
        cfg.proto = F.RTPROT_BOOT
    if rt.metric:
        cfg.priority = (rt.metric - 1) & 0xFFFFFFFF
    if rt.flags & RTF_REJECT:
        cfg.scope = F.RT_SCOPE_HOST
        cfg.type = F.UNREACHABLE
    else:
        if rt.dev is not None:
            devname = rt.dev[:15]
            base, colon, _ = devname.partition(":")
            dev = ctx.ns.get(base)
            if dev is None:
                raise FS.FibError("ENODEV")
            cfg.oif = dev
            if colon:
                ifa = next((a for a in dev.ip4 if a.label == devname), None)
                if ifa is None:
                    raise FS.FibError("ENODEV")
                cfg.prefsrc = ifa.local
        if rt.gateway:
            cfg.gateway = rt.gateway
            if rt.flags & RTF_GATEWAY and FS.addr_type(stack, rt.gateway) == F.UNICAST:
                cfg.scope = F.RT_SCOPE_UNIVERSE
        if add:
            if rt.flags & RTF_GATEWAY and cfg.gateway is None:
                raise FS.FibError("EINVAL")
            if cfg.scope == F.RT_SCOPE_NOWHERE:
                cfg.scope = F.RT_SCOPE_LINK
            if rt.flags & RTF_MSS:
                cfg.metrics["advmss"] = rt.mss - 40
            if rt.flags & RTF_WINDOW:
                cfg.metrics["window"] = rt.window
            if rt.flags & RTF_IRTT:
                cfg.metrics["rtt"] = rt.irtt << 3
    if add:
        FS.table_insert(stack, cfg)
    else:
        FS.table_delete(stack, cfg)
