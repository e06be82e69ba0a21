"""`brctl` (bridge-utils 1.7.1): the legacy bridge tool, over the simulated bridges.

brctl creates and deletes bridges and ports with the kernel's bridge ioctls (so a name
is cut to 15 characters, a bridge made this way has no name_assign_type) and reads and
writes everything else through /sys/class/net/BR/bridge and PORT/brport, which is where
its messages come from: "bridge X does not exist!", "read of forward table failed: No
such device", "set path cost failed: No such file or directory" for a device that is
not a port. Bridges and ports are listed in the order scandir(..., alphasort) gives.
Times are seconds with two decimals (USER_HZ ticks). Like the real tool, its stdout is
a buffered stream: what it prints reaches the script after its error messages.

`showstp` prints the bridge's Spanning Tree view (vnet.link.bridge.stp): root, root
port and cost, the timers in use and each port's recorded designated information. Like
bridge-utils reading sysfs, the "bridge max age/hello time/forward delay" columns repeat
the values in use (sysfs has no others).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from vnet.cli.context import Context
from vnet.cli.ip.errors import strerror
from vnet.core.sched import Timer
from vnet.link import rtnl
from vnet.link.bridge import sysfs as brsysfs
from vnet.link.bridge.bridge import Bridge
from vnet.link.bridge.port import BridgePort, format_id, timer_remaining
from vnet.link.device import Device, DeviceError
from vnet.wire.mac import mac_to_str

VERSION = "bridge-utils, 1.7\n"
IFNAMSIZ = 16
CS = 10_000_000

#  (name, number of arguments, help text) in brctl_cmd.c's table order
COMMANDS: list[tuple[str, int, str]] = [
    ("addbr", 1, "<bridge>\t\tadd bridge"),
    ("delbr", 1, "<bridge>\t\tdelete bridge"),
    ("addif", 2, "<bridge> <device>\tadd interface to bridge"),
    ("delif", 2, "<bridge> <device>\tdelete interface from bridge"),
    ("hairpin", 3, "<bridge> <port> {on|off}\tturn hairpin on/off"),
    ("setageing", 2, "<bridge> <time>\t\tset ageing time"),
    ("setbridgeprio", 2, "<bridge> <prio>\t\tset bridge priority"),
    ("setfd", 2, "<bridge> <time>\t\tset bridge forward delay"),
    ("sethello", 2, "<bridge> <time>\t\tset hello time"),
    ("setmaxage", 2, "<bridge> <time>\t\tset max message age"),
    ("setpathcost", 3, "<bridge> <port> <cost>\tset path cost"),
    ("setportprio", 3, "<bridge> <port> <prio>\tset port priority"),
    ("show", 0, "[ <bridge> ]\t\tshow a list of bridges"),
    ("showmacs", 1, "<bridge>\t\tshow a list of mac addrs"),
    ("showstp", 1, "<bridge>\t\tshow bridge stp info"),
    ("stp", 2, "<bridge> {on|off}\tturn stp on/off"),
]


class Out:
    """brctl's stdout: fully buffered when it is a pipe, so it follows the errors."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.parts: list[str] = []

    def __call__(self, text: str) -> None:
        self.parts.append(text)

    def flush(self) -> None:
        if self.parts:
            self.ctx.out("".join(self.parts))
            self.parts.clear()


def help_text() -> str:
    lines = ["Usage: brctl [commands]\n", "commands:\n"]
    lines += [f"\t{name:<10}\t{text}\n" for name, _n, text in COMMANDS]
    return "".join(lines)


def main(ctx: Context, argv: list[str]) -> int:
    ctx.ordered_output = True
    out = Out(ctx)
    try:
        return _main(ctx, out, argv)
    finally:
        out.flush()


def _main(ctx: Context, out: Out, argv: list[str]) -> int:
    """main(): getopt_long("Vh") with GNU permutation, then the command table."""
    args: list[str] = []
    rest = list(argv)
    while rest:
        opt = rest.pop(0)
        if opt == "--":
            args += rest
            break
        if not opt.startswith("-") or opt == "-":
            args.append(opt)
            continue
        if opt in ("-h", "--help", "--h", "--he", "--hel"):
            out(help_text())
            return 0
        if opt in ("-V", "--version", "--v", "--ve", "--ver", "--vers", "--versi",
                   "--versio"):
            out(VERSION)
            return 0
        if opt.startswith("--"):
            ctx.err(f"brctl: unrecognized option '{opt}'\n")
        else:
            bad = next((c for c in opt[1:] if c not in "Vh"), opt[1])
            ctx.err(f"brctl: invalid option -- '{bad}'\n")
        ctx.err("Unknown option '?'\n")
        out(help_text())
        return 1
    if not args:
        out(help_text())
        return 1
    name = args[0]
    for cmd, nargs, text in COMMANDS:
        if cmd == name:
            if len(args) < nargs + 1:
                out("Incorrect number of arguments for command\n")
                out(f"Usage: brctl {cmd} {text}\n")
                return 1
            return HANDLERS[cmd](ctx, out, args)
    ctx.err(f"never heard of command [{name}]\n")
    out(help_text())
    return 1


# -- lookups as libbridge does them ---------------------------------------------------------

def _bridge(ctx: Context, name: str) -> Bridge | None:
    dev = ctx.ns.get(name)
    return dev if isinstance(dev, Bridge) else None


def _port(dev: Device | None) -> BridgePort | None:
    if dev is not None and isinstance(dev.master, Bridge):
        return dev.master.ports.get(dev)
    return None


def _bridge_errno(ctx: Context, name: str) -> str | None:
    """Why writing /sys/class/net/NAME/bridge/* fails, by the ioctl fallback."""
    dev = ctx.ns.get(name)
    if dev is None:
        return "ENODEV"
    if not isinstance(dev, Bridge):
        return "EOPNOTSUPP"
    return None


# -- commands -----------------------------------------------------------------------------------

def cmd_addbr(ctx: Context, out: Out, argv: list[str]) -> int:
    name = argv[1][:IFNAMSIZ - 1]
    try:
        br = rtnl.add_bridge(ctx.ns, name)
    except DeviceError as err:
        if err.errno_name == "EEXIST":
            ctx.err(f"device {argv[1]} already exists; can't create bridge with the same name\n")
        else:
            ctx.err(f"add bridge failed: {strerror(err.errno_name)}\n")
        return 1
    br.name_assign_type = 0  # SIOCBRADDBR: NET_NAME_UNKNOWN
    return 0


def cmd_delbr(ctx: Context, out: Out, argv: list[str]) -> int:
    """br_del_bridge: ENXIO, EPERM (not a bridge), EBUSY (up)."""
    name = argv[1]
    dev = ctx.ns.get(name[:IFNAMSIZ - 1])
    if dev is None:
        ctx.err(f"bridge {name} doesn't exist; can't delete it\n")
        return 1
    if not isinstance(dev, Bridge):
        ctx.err(f"can't delete bridge {name}: {strerror('EPERM')}\n")
        return 1
    if dev.admin_up:
        ctx.err(f"bridge {name} is still up; can't delete it\n")
        return 1
    rtnl.delete(dev)
    return 0


def _port_and_bridge(ctx: Context, ifname: str, brname: str) -> tuple[Device, Device] | None:
    """The interface and the bridge of addif/delif, or None after brctl's message."""
    dev = ctx.ns.get(ifname)
    br = ctx.ns.get(brname)
    if dev is None:
        ctx.err(f"interface {ifname} does not exist!\n")
        return None
    if br is None:
        ctx.err(f"bridge {brname} does not exist!\n")
        return None
    return dev, br


def cmd_addif(ctx: Context, out: Out, argv: list[str]) -> int:
    brname = argv[1]
    for ifname in argv[2:]:
        found = _port_and_bridge(ctx, ifname, brname)
        if found is None:
            return 1
        dev, br = found
        if not isinstance(br, Bridge):
            ctx.err(f"can't add {ifname} to bridge {brname}: {strerror('EOPNOTSUPP')}\n")
            return 1
        try:
            if dev.master is br:
                raise DeviceError("Device or resource busy", "EBUSY")
            br.add_port(dev)
        except DeviceError as err:
            if err.errno_name == "EBUSY":
                ctx.err(f"device {ifname} is already a member of a bridge; "
                        f"can't add it to bridge {brname}.\n")
            elif err.errno_name == "ELOOP":
                ctx.err(f"device {ifname} is a bridge device itself; "
                        "can't add a bridge device to a bridge device.\n")
            else:
                ctx.err(f"can't add {ifname} to bridge {brname}: {strerror(err.errno_name)}\n")
            return 1
    return 0


def cmd_delif(ctx: Context, out: Out, argv: list[str]) -> int:
    brname = argv[1]
    for ifname in argv[2:]:
        found = _port_and_bridge(ctx, ifname, brname)
        if found is None:
            return 1
        dev, br = found
        if not isinstance(br, Bridge):
            ctx.err(f"can't delete {ifname} from {brname}: {strerror('EOPNOTSUPP')}\n")
            return 1
        if dev.master is not br:
            ctx.err(f"device {ifname} is not a port of {brname}\n")
            return 1
        br.del_port(dev)
    return 0


def _on_off(word: str) -> bool | None:
    if word in ("on", "yes", "1"):
        return True
    if word in ("off", "no", "0"):
        return False
    return None


def cmd_hairpin(ctx: Context, out: Out, argv: list[str]) -> int:
    brname, ifname = argv[1], argv[2]
    on = _on_off(argv[3])
    if on is None:
        ctx.err("expect on/off for argument\n")
        return 1
    dev = ctx.ns.get(ifname)
    if dev is None:
        ctx.err(f"interface {ifname} does not exist!\n")
        return 1
    if ctx.ns.get(brname) is None:
        ctx.err(f"bridge {brname} does not exist!\n")
        return 1
    port = _port(dev)
    if port is None:
        ctx.err(f"can't set {ifname} to hairpin on bridge {brname}: "
                f"{strerror('ENOENT')}\n")
        return 1
    port.hairpin = on
    return 0


def _strtotimeval(text: str) -> int | None:
    """strtotimeval + __tv_to_jiffies: seconds (sscanf %lf) to centiseconds."""
    number = _scan_double(text)
    if number is None:
        return None
    sec = int(number)
    usec = int(1_000_000 * (number - sec))
    return (1_000_000 * sec + usec) // 10_000


_FLOAT = re.compile(r"\s*([+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)")


def _scan_double(text: str) -> float | None:
    """sscanf("%lf"): leading blanks, then the longest prefix that is a number."""
    m = _FLOAT.match(text)
    return float(m.group(1)) if m else None


def _scan_int(text: str) -> int | None:
    """sscanf("%i"): decimal, 0x hex or 0 octal, with a sign."""
    text = text.lstrip()
    sign = -1 if text.startswith("-") else 1
    body = text[1:] if text[:1] in "+-" else text
    if body.lower().startswith("0x"):
        digits = ""
        for c in body[2:]:
            if c not in "0123456789abcdefABCDEF":
                break
            digits += c
        return sign * int(digits, 16) if digits else (0 if body else None)
    base = 8 if body.startswith("0") else 10
    allowed = "01234567" if base == 8 else "0123456789"
    digits = ""
    for c in body:
        if c not in allowed:
            break
        digits += c
    return sign * int(digits, base) if digits else None


def _bridge_setter(what: str, value_error: str,
                   apply: Callable[[Bridge, int], None],
                   parse: Callable[[str], int | None]) -> Callable[[Context, Out, list[str]], int]:
    def handler(ctx: Context, out: Out, argv: list[str]) -> int:
        value = parse(argv[2])
        if value is None:
            ctx.err(value_error + "\n")
            return 1
        errno_name = _bridge_errno(ctx, argv[1])
        if errno_name is None:
            try:
                apply(ctx.ns.get(argv[1]), value)  # type: ignore[arg-type]
            except DeviceError as err:
                errno_name = err.errno_name
        if errno_name is not None:
            ctx.err(f"{what} failed: {strerror(errno_name)}\n")
            return 1
        return 0
    return handler


def _unsigned_long(value: int) -> int:
    return value & 0xFFFFFFFFFFFFFFFF


cmd_setageing = _bridge_setter(
    "set ageing time", "bad ageing time value",
    lambda br, v: br.set_ageing_time(_unsigned_long(v)), _strtotimeval)
cmd_setbridgeprio = _bridge_setter(
    "set bridge priority", "bad priority",
    lambda br, v: br.set_priority(v & 0xFFFF), _scan_int)
cmd_setfd = _bridge_setter(
    "set forward delay", "bad forward delay value",
    lambda br, v: br.set_forward_delay(v), _strtotimeval)
cmd_sethello = _bridge_setter(
    "set hello timer", "bad hello timer value",
    lambda br, v: br.set_hello_time(v), _strtotimeval)
cmd_setmaxage = _bridge_setter(
    "set max age", "bad max age value",
    lambda br, v: br.set_max_age(v), _strtotimeval)


def _port_setter(what: str, value_error: str,
                 apply: Callable[[Bridge, BridgePort, int], None]
                 ) -> Callable[[Context, Out, list[str]], int]:
    def handler(ctx: Context, out: Out, argv: list[str]) -> int:
        value = _scan_int(argv[3])
        if value is None:
            ctx.err(value_error + "\n")
            return 1
        dev = ctx.ns.get(argv[2])
        port = _port(dev)
        errno_name = None
        if port is None:
            errno_name = "ENODEV" if dev is None else "ENOENT"
        else:
            try:
                apply(port.br, port, value)
            except DeviceError as err:
                errno_name = err.errno_name
        if errno_name is not None:
            ctx.err(f"{what} failed: {strerror(errno_name)}\n")
            return 1
        return 0
    return handler


cmd_setpathcost = _port_setter("set path cost", "bad path cost value",
                               lambda br, port, v: br.set_path_cost(port, v))
cmd_setportprio = _port_setter("set port priority", "bad path priority value",
                               lambda br, port, v: br.set_port_priority(port, v))


def cmd_stp(ctx: Context, out: Out, argv: list[str]) -> int:
    on = _on_off(argv[2])
    if on is None:
        ctx.err("expect on/off for argument\n")
        return 1
    errno_name = _bridge_errno(ctx, argv[1])
    if errno_name is not None:
        ctx.err(f"set stp status failed: {strerror(errno_name)}\n")
        return 1
    br = ctx.ns.get(argv[1])
    assert isinstance(br, Bridge)
    br.set_stp(on)
    return 0


# -- show, showmacs, showstp ------------------------------------------------------------------

HEADER = "bridge name\tbridge id\t\tSTP enabled\tinterfaces\n"


def _c_sorted(names: list[str]) -> list[str]:
    return sorted(names, key=lambda n: n.encode())


def show_bridge(out: Out, br: Bridge) -> None:
    out(f"{br.name}\t\t{br.bridge_id}\t{brsysfs.stp_state_name(br.stp_enabled)}\t\t")
    ports = _c_sorted([p.dev.name for p in br.port_list])
    out("\n\t\t\t\t\t\t\t".join(ports) + "\n")


def _not_a_bridge(ctx: Context, name: str) -> None:
    if ctx.ns.get(name) is None:
        ctx.err(f"bridge {name} does not exist!\n")
    else:
        ctx.err(f"device {name} is not a bridge!\n")


def cmd_show(ctx: Context, out: Out, argv: list[str]) -> int:
    if len(argv) == 1:
        names = _c_sorted([d.name for d in ctx.ns.by_name.values() if isinstance(d, Bridge)])
        if names:                       # no bridge, no header
            out(HEADER)
        for name in names:
            show_bridge(out, ctx.ns.get(name))  # type: ignore[arg-type]
        return 0
    status = 0
    header = False
    for name in argv[1:]:
        br = _bridge(ctx, name)
        if br is None:
            _not_a_bridge(ctx, name)
            status = 1
            continue
        if not header:
            out(HEADER)
            header = True
        show_bridge(out, br)
    return status


def _timer(cs: int) -> str:
    """br_show_timer: "%4i.%.2i" of a timeval."""
    return f"{cs // 100:4d}.{cs % 100:02d}"


def cmd_showmacs(ctx: Context, out: Out, argv: list[str]) -> int:
    errno_name = _bridge_errno(ctx, argv[1])
    if errno_name is not None:
        ctx.err(f"read of forward table failed: {strerror(errno_name)}\n")
        return 1
    br = ctx.ns.get(argv[1])
    assert isinstance(br, Bridge)
    rows = sorted(brsysfs.fillbuf(br), key=lambda r: r[1])
    out("port no\tmac addr\t\tis local?\tageing timer\n")
    for port_no, mac, is_local, age in rows:
        out(f"{port_no:3d}\t{mac_to_str(mac)}\t{'yes' if is_local else 'no'}\t\t{_timer(age)}\n")
    return 0


def cmd_showstp(ctx: Context, out: Out, argv: list[str]) -> int:
    br = _bridge(ctx, argv[1])
    if br is None:
        _not_a_bridge(ctx, argv[1])
        return 1
    now = br.now

    def left(timer: Timer | None) -> str:
        return _timer(timer_remaining(timer, now) // CS)

    flags = ("TOPOLOGY_CHANGE " if br.topology_change else "") + \
        ("TOPOLOGY_CHANGE_DETECTED " if br.topology_change_detected else "")
    out(f"{br.name}\n"
        f" bridge id\t\t{br.bridge_id}\n"
        f" designated root\t{br.root_id}\n"
        f" root port\t\t{br.root_port:4d}\t\t\tpath cost\t\t{br.root_path_cost:4d}\n"
        f" max age\t\t{_timer(br.max_age_cs)}\t\t\tbridge max age\t\t{_timer(br.max_age_cs)}\n"
        f" hello time\t\t{_timer(br.hello_time_cs)}\t\t\tbridge hello time\t"
        f"{_timer(br.hello_time_cs)}\n"
        f" forward delay\t\t{_timer(br.forward_delay_cs)}\t\t\tbridge forward delay\t"
        f"{_timer(br.forward_delay_cs)}\n"
        f" ageing time\t\t{_timer(br.ageing_time_cs)}\n"
        f" hello timer\t\t{left(br.hello_timer)}\t\t\ttcn timer\t\t{left(br.tcn_timer)}\n"
        f" topology change timer\t{left(br.topology_change_timer)}\t\t\tgc timer\t\t"
        f"{_timer(br.gc_remaining() // CS)}\n"
        f" flags\t\t\t{flags}\n\n\n")
    ports = {p.dev.name: p for p in br.port_list}
    for name in _c_sorted(list(ports)):
        port = ports[name]
        pflags = ("CONFIG_PENDING " if port.config_pending else "") + \
            ("TOPOLOGY_CHANGE_ACK " if port.topology_change_ack else "")
        out(f"{name} ({port.port_no})\n"
            f" port id\t\t{port.port_id:04x}\t\t\tstate\t\t{port.state_name:>15}\n"
            f" designated root\t{format_id(port.designated_root)}\tpath cost\t\t"
            f"{port.path_cost:4d}\n"
            f" designated bridge\t{format_id(port.designated_bridge)}\tmessage age timer\t"
            f"{left(port.message_age_timer)}\n"
            f" designated port\t{port.designated_port:04x}\t\t\tforward delay timer\t"
            f"{left(port.forward_delay_timer)}\n"
            f" designated cost\t{port.designated_cost:4d}\t\t\thold timer\t\t"
            f"{left(port.hold_timer)}\n"
            f" flags\t\t\t{pflags}\n")
        if port.hairpin:
            out(f" hairpin mode\t\t{1:4d}\n")
        out("\n")
    return 0


HANDLERS: dict[str, Callable[[Context, Out, list[str]], int]] = {
    "addbr": cmd_addbr, "delbr": cmd_delbr, "addif": cmd_addif, "delif": cmd_delif,
    "hairpin": cmd_hairpin, "setageing": cmd_setageing, "setbridgeprio": cmd_setbridgeprio,
    "setfd": cmd_setfd, "sethello": cmd_sethello, "setmaxage": cmd_setmaxage,
    "setpathcost": cmd_setpathcost, "setportprio": cmd_setportprio, "show": cmd_show,
    "showmacs": cmd_showmacs, "showstp": cmd_showstp, "stp": cmd_stp,
}
