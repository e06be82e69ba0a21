"""`ifconfig` (net-tools 2.10): show and configure interfaces the old way.

Listing follows ife_print_long: `NAME: flags=N<...>  mtu M`, the interface's IPv4
address (the first one whose label is the name, as SIOCGIFADDR finds it) with netmask
and broadcast or destination, its IPv6 addresses (/proc/net/if_inet6), the hardware
line, and the /proc/net/dev counters with net-tools' binary-prefixed sizes (1.4 KiB).
Interfaces are the namespace's devices plus the alias labels of their IPv4 addresses
(`veth0:1`), sorted by net-tools' number-aware name order; without `-a` only those up.

Settings are the ioctls ifconfig issues, with the kernel's semantics (devinet_ioctl):
an address (SIOCSIFADDR) gets the classful prefix and its broadcast and brings the
interface up, `ADDR/N` then sets the mask; SIOCSIFNETMASK recomputes a broadcast that
matched the old mask; `0.0.0.0` deletes the address; `NAME:N ADDR` makes an alias;
mtu, txqueuelen, hw ether, name, [-]promisc, [-]allmulti, [-]arp, multicast,
[-]broadcast, pointopoint/dstaddr, up and down. Errors print as net-tools does
(`SIOCSIFMTU: Invalid argument`, `nope: ERROR while getting interface flags: No such
device` with exit status 255). Like the real tool its stdout is buffered, so it reaches
the script after its error messages.

Deviations: IPv6 (`inet6`, `add ADDR/N` with an IPv6 address), `-s`, tunnel, SLIP and
hardware options (outfill, keepalive, mem_start, io_addr, irq, media) are not
simulated; host names other than `localhost` fail to resolve.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from vnet.cli.context import Context
from vnet.cli.ip import linkfmt
from vnet.cli.ip.errors import strerror
from vnet.cli.procfs import IFF_BITS, ifconfig_flags
from vnet.cli.shell.api import UnsupportedError
from vnet.link import rtnl
from vnet.link.device import DeviceError
from vnet.net import fib as F
from vnet.net.addr import AddrError, InetAddr
from vnet.net.addr import add as addr_add
from vnet.net.addr import delete as addr_delete
from vnet.wire.ipaddr import ip_to_str
from vnet.wire.mac import mac_to_str

if TYPE_CHECKING:
    from vnet.core.netns import Namespace
    from vnet.link.device import Device

IFNAMSIZ = 16
E_OPTERR = 3

USAGE = (
    "Usage:\n"
    "  ifconfig [-a] [-v] [-s] <interface> [[<AF>] <address>]\n"
    "  [add <address>[/<prefixlen>]]\n"
    "  [del <address>[/<prefixlen>]]\n"
    "  [[-]broadcast [<address>]]  [[-]pointopoint [<address>]]\n"
    "  [netmask <address>]  [dstaddr <address>]  [tunnel <address>]\n"
    "  [outfill <NN>] [keepalive <NN>]\n"
    "  [hw <HW> <address>]  [mtu <NN>]\n"
    "  [[-]trailers]  [[-]arp]  [[-]allmulti]\n"
    "  [multicast]  [[-]promisc]\n"
    "  [mem_start <NN>]  [io_addr <NN>]  [irq <NN>]  [media <type>]\n"
    "  [txqueuelen <NN>]\n"
    "  [name <newname>]\n"
    "  [[-]dynamic]\n"
    "  [up|down] ...\n"
    "\n"
    "  <HW>=Hardware Type.\n"
    "  List of possible hardware types:\n"
)
HW_LIST = (
    "    loop (Local Loopback) slip (Serial Line IP) cslip (VJ Serial Line IP) \n"
    "    slip6 (6-bit Serial Line IP) cslip6 (VJ 6-bit Serial Line IP) adaptive "
    "(Adaptive Serial Line IP) \n"
    "    ash (Ash) ether (Ethernet) ax25 (AMPR AX.25) \n"
    "    netrom (AMPR NET/ROM) rose (AMPR ROSE) tunnel (IPIP Tunnel) \n"
    "    ppp (Point-to-Point Protocol) hdlc ((Cisco)-HDLC) lapb (LAPB) \n"
    "    arcnet (ARCnet) dlci (Frame Relay DLCI) frad (Frame Relay Access Device) \n"
    "    sit (IPv6-in-IPv4) fddi (Fiber Distributed Data Interface) hippi (HIPPI) \n"
    "    irda (IrLAP) ec (Econet) x25 (generic X.25) \n"
    "    eui64 (Generic EUI-64) \n"
)
AF_HEAD = (
    "  <AF>=Address family. Default: inet\n"
    "  List of possible address families:\n"
)
AF_LIST = (
    "    unix (UNIX Domain) inet (DARPA Internet) inet6 (IPv6) \n"
    "    ax25 (AMPR AX.25) netrom (AMPR NET/ROM) rose (AMPR ROSE) \n"
    "    ipx (Novell IPX) ddp (Appletalk DDP) ec (Econet) \n"
    "    ash (Ash) x25 (CCITT X.25) \n"
)
HW_TYPES = ("loop", "slip", "cslip", "slip6", "cslip6", "adaptive", "ash", "ether", "ax25",
            "netrom", "rose", "tunnel", "ppp", "hdlc", "lapb", "arcnet", "dlci", "frad",
            "sit", "fddi", "hippi", "irda", "ec", "x25", "eui64")
ADDRESS_FAMILIES = ("unix", "inet", "inet6", "ax25", "netrom", "rose", "ipx", "ddp", "ec",
                    "ash", "x25")
#  net-tools' order of flag names (lib/interface.c ife_print_long)
FLAG_ORDER = ("UP", "BROADCAST", "DEBUG", "LOOPBACK", "POINTOPOINT", "NOTRAILERS", "RUNNING",
              "NOARP", "PROMISC", "ALLMULTI", "SLAVE", "MASTER", "MULTICAST", "DYNAMIC")
_UNITS = ((2**60, "EiB"), (2**50, "PiB"), (2**40, "TiB"), (2**30, "GiB"), (2**20, "MiB"),
          (2**10, "KiB"))


class _Exit(Exception):
    def __init__(self, status: int) -> None:
        super().__init__(status)
        self.status = status


class Out:
    """ifconfig's stdout: buffered, so it reaches a pipe after the error messages."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.parts: list[str] = []

    def __call__(self, text: str) -> None:
        self.parts.append(text)

    def flush(self) -> None:
        if self.parts:
            self.ctx.out("".join(self.parts))
            self.parts.clear()


def main(ctx: Context, argv: list[str]) -> int:
    ctx.ordered_output = True
    out = Out(ctx)
    try:
        return _main(ctx, out, argv) & 0xFF
    except _Exit as done:
        return done.status & 0xFF
    finally:
        out.flush()


def _usage(ctx: Context, out: Out, status: int) -> _Exit:
    """usage(): the text on stdout for --help, stderr otherwise; the two lists
    (print_hwlist, print_aflist) always on stderr."""
    text = ctx.err if status else out
    text(USAGE)
    ctx.err(HW_LIST)
    text(AF_HEAD)
    ctx.err(AF_LIST)
    return _Exit(status)


def _main(ctx: Context, out: Out, argv: list[str]) -> int:
    args = list(argv)
    show_all = False
    while args and args[0].startswith("-"):
        opt = args.pop(0)
        if opt == "-a":
            show_all = True
        elif opt == "-v":
            pass
        elif opt == "-s":
            raise UnsupportedError("ifconfig -s")
        elif opt in ("-V", "-version", "--version"):
            raise UnsupportedError("ifconfig -V")
        elif opt in ("-?", "-h", "-help", "--help"):
            raise _usage(ctx, out, 0)
        else:
            ctx.err(f"ifconfig: option `{opt}' not recognised.\n"
                    "ifconfig: `--help' gives usage information.\n")
            return 1
    if not args:
        print_all(ctx, out, show_all)
        return 0
    name = args.pop(0)[:IFNAMSIZ - 1]
    if not args:
        return print_one(ctx, out, name)
    if args[0] in ADDRESS_FAMILIES:
        family = args.pop(0)
        if family != "inet":
            raise UnsupportedError(f"ifconfig {family} addresses")
    return Setter(ctx, out, name).run(args)


# -- listing ------------------------------------------------------------------------------------

@dataclass
class Iface:
    name: str
    dev: Device
    alias: bool


def nstrcmp_key(name: str) -> list[tuple[int, int | str]]:
    """net-tools' nstrcmp: names compare as text with embedded numbers compared as numbers."""
    key: list[tuple[int, int | str]] = []
    for part in re.findall(r"\d+|\D+", name):
        key.append((1, int(part)) if part.isdigit() else (0, part))
    return key


def interfaces(ns: Namespace) -> list[Iface]:
    """if_readlist: /proc/net/dev's devices plus SIOCGIFCONF's alias labels."""
    found: dict[str, Iface] = {}
    for dev in ns.by_index.values():
        found[dev.name] = Iface(dev.name, dev, False)
        for ifa in dev.ip4:
            if ifa.label != dev.name and ifa.label not in found:
                found[ifa.label] = Iface(ifa.label, dev, True)
    return sorted(found.values(), key=lambda i: nstrcmp_key(i.name))


def print_all(ctx: Context, out: Out, show_all: bool) -> None:
    for iface in interfaces(ctx.ns):
        if show_all or iface.dev.admin_up:
            print_iface(out, iface)


def print_one(ctx: Context, out: Out, name: str) -> int:
    for iface in interfaces(ctx.ns):
        if iface.name == name:
            print_iface(out, iface)
            return 0
    base = ctx.ns.get(name.split(":", 1)[0])
    if base is not None and ":" in name:
        print_iface(out, Iface(name, base, True))
        return 0
    ctx.err(f"{name}: error fetching interface information: Device not found\n")
    return 1


def _mask(prefixlen: int) -> int:
    return (0xFFFFFFFF << (32 - prefixlen)) & 0xFFFFFFFF if prefixlen else 0


def label_ifa(dev: Device, label: str) -> InetAddr | None:
    """SIOCGIFADDR's lookup: the first address whose label is the name."""
    for ifa in dev.ip4:
        if ifa.label == label:
            return ifa
    return None


def human(value: int) -> str:
    """net-tools 2.10: one decimal, truncated, binary prefixes above (not at) each unit."""
    for unit, name in _UNITS:
        if value > unit:
            short = value * 10 // unit
            return f"{short // 10}.{short % 10} {name}"
    return f"{value}.0 B"


def flags_text(dev: Device) -> str:
    flags = ifconfig_flags(dev)
    names = [n for n in FLAG_ORDER if flags & IFF_BITS[n]]
    return f"flags={flags}<{','.join(names)}>"


def _inet6_lines(dev: Device) -> str:
    try:
        from vnet.net.ipv6_print import ifconfig_inet6_lines
    except ImportError:      # pragma: no cover - the IPv6 layer is optional
        return ""
    return ifconfig_inet6_lines(dev)


def print_iface(out: Out, iface: Iface) -> None:
    """ife_print_long."""
    dev = iface.dev
    flags = ifconfig_flags(dev)
    out(f"{iface.name}: {flags_text(dev)}  mtu {dev.mtu}\n")
    ifa = label_ifa(dev, iface.name)
    if ifa is not None:
        line = f"        inet {ip_to_str(ifa.local)}  netmask {ip_to_str(_mask(ifa.prefixlen))}"
        if flags & IFF_BITS["BROADCAST"]:
            line += f"  broadcast {ip_to_str(ifa.broadcast or 0)}"
        if flags & IFF_BITS["POINTOPOINT"]:
            dest = ifa.peer if ifa.peer is not None else ifa.local
            line += f"  destination {ip_to_str(dest)}"
        out(line + "\n")
    if not iface.alias:
        out(_inet6_lines(dev))
    if dev.link_type == "loopback":
        out(f"        loop  txqueuelen {dev.txqlen}  (Local Loopback)\n")
    elif dev.link_type == "none":
        out("        unspec " + "-".join(["00"] * 16) + f"  txqueuelen {dev.txqlen}  (UNSPEC)\n")
    else:
        out(f"        ether {mac_to_str(dev.mac)}  txqueuelen {dev.txqlen}  (Ethernet)\n")
    if not iface.alias:
        s = dev.stats
        rx_dropped = s.rx_dropped + s.rx_missed
        rx_frame = s.rx_length_errors + s.rx_over_errors + s.rx_crc_errors + s.rx_frame_errors
        tx_carrier = s.tx_carrier + s.tx_aborted_errors + s.tx_window_errors \
            + s.tx_heartbeat_errors
        out(f"        RX packets {s.rx_packets}  bytes {s.rx_bytes} ({human(s.rx_bytes)})\n"
            f"        RX errors {s.rx_errors}  dropped {rx_dropped}  overruns "
            f"{s.rx_fifo_errors}  frame {rx_frame}\n"
            f"        TX packets {s.tx_packets}  bytes {s.tx_bytes} ({human(s.tx_bytes)})\n"
            f"        TX errors {s.tx_errors}  dropped {s.tx_dropped} overruns "
            f"{s.tx_fifo_errors}  carrier {tx_carrier}  collisions {s.collisions}\n")
    out("\n")


# -- address parsing ------------------------------------------------------------------------------

def inet_aton(text: str) -> int | None:
    """glibc inet_aton: 1 to 4 parts, each decimal, 0x hex or 0 octal; the last one fills
    the remaining bytes."""
    if not text or text.endswith(".") or any(c.isspace() for c in text):
        return None
    parts = text.split(".")
    if len(parts) > 4:
        return None
    values = []
    for part in parts:
        if not part:
            return None
        try:
            if part.lower().startswith("0x"):
                value = int(part[2:], 16) if len(part) > 2 else 0
            elif part.startswith("0") and len(part) > 1:
                value = int(part[1:], 8)
            else:
                value = int(part, 10)
        except ValueError:
            return None
        values.append(value)
    limits = {1: (0xFFFFFFFF,), 2: (0xFF, 0xFFFFFF), 3: (0xFF, 0xFF, 0xFFFF),
              4: (0xFF, 0xFF, 0xFF, 0xFF)}[len(values)]
    if any(v > lim for v, lim in zip(values, limits, strict=True)):
        return None
    result = 0
    for v in values[:-1]:
        result = (result << 8) | v
    shift = 8 * (4 - len(values[:-1]))
    return ((result << shift) | values[-1]) & 0xFFFFFFFF


def resolve(text: str) -> tuple[int | None, str]:
    """INET_resolve: a dotted address, else a host name (only localhost is known)."""
    value = inet_aton(text)
    if value is not None:
        return value, ""
    if text == "localhost":
        return 0x7F000001, ""
    if all(c in "0123456789." for c in text):
        return None, "Unknown host"
    return None, "Host name lookup failure"


def getmask(text: str) -> tuple[str, int | None]:
    """INET_getnetmask: `addr/N` -> (addr, ~(0xffffffff >> N)) with C's 32-bit shift."""
    if "/" not in text:
        return text, None
    host, _, bits = text.partition("/")
    m = re.fullmatch(r"(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)", bits)
    if m is None:
        raise ValueError(bits)
    prefix = int(bits, 0) if not (bits.startswith("0") and len(bits) > 1
                                  and bits[1] not in "xX") else int(bits, 8)
    mask = (~(0xFFFFFFFF >> (prefix & 31))) & 0xFFFFFFFF
    return host, mask


def inet_abc_len(addr: int) -> int:
    """inet_abc_len: the classful prefix of an address, -1 for multicast."""
    if addr in (0, 0xFFFFFFFF):
        return 0
    top = addr >> 24
    if top < 128:
        return 8
    if top < 192:
        return 16
    if top < 224:
        return 24
    if top < 240:
        return -1
    return 32


def mask_len(mask: int) -> int | None:
    """inet_mask_len with bad_mask: a contiguous mask, else None."""
    inv = (~mask) & 0xFFFFFFFF
    if inv & (inv + 1):
        return None
    return 32 - inv.bit_length()


def parse_ether(text: str) -> bytes | None:
    """in_ether: six colon-separated hex bytes (one or two digits each)."""
    parts = text.split(":")
    if len(parts) != 6 or not all(re.fullmatch(r"[0-9a-fA-F]{1,2}", p) for p in parts):
        return None
    return bytes(int(p, 16) for p in parts)


# -- settings -------------------------------------------------------------------------------------

class IoctlError(Exception):
    def __init__(self, errno_name: str) -> None:
        super().__init__(errno_name)
        self.errno_name = errno_name


class Setter:
    """ifconfig.c's argument loop: one ioctl per keyword, errors accumulate in goterr."""

    def __init__(self, ctx: Context, out: Out, name: str) -> None:
        self.ctx = ctx
        self.out = out
        self.name = name
        self.goterr = 0
        self.didnetmask = False
        self.neednetmask: int | None = None     # ADDR/N: set after every other argument

    # -- helpers ---------------------------------------------------------------------
    @property
    def ns(self) -> Namespace:
        return self.ctx.ns

    def dev(self) -> Device:
        dev = self.ns.get(self.name.split(":", 1)[0])
        if dev is None:
            raise IoctlError("ENODEV")
        return dev

    def stack(self) -> object:
        return self.ns.ipv4

    def ioctl(self, what: str, fn: Callable[[], None]) -> None:
        try:
            fn()
        except IoctlError as err:
            self.ctx.err(f"{what}: {strerror(err.errno_name)}\n")
            self.goterr |= 1

    def usage(self) -> _Exit:
        return _usage(self.ctx, self.out, E_OPTERR)

    def next(self, args: list[str]) -> str:
        if not args:
            raise self.usage()
        return args.pop(0)

    # -- flags (set_flag / clr_flag) -----------------------------------------------
    def change_flag(self, flag: str, on: bool) -> None:
        dev = self.ns.get(self.name.split(":", 1)[0])
        if dev is None:
            self.ctx.err(f"{self.name}: ERROR while getting interface flags: "
                         f"{strerror('ENODEV')}\n")
            self.goterr |= -1
            return
        if ":" in self.name:
            if flag == "UP" and not on:       # SIOCSIFFLAGS on an alias deletes it
                ifa = label_ifa(dev, self.name)
                if ifa is not None:
                    addr_delete(self.ns.ipv4, ifa)
            return
        if flag == "UP":
            if on:
                dev.set_up()
            else:
                dev.set_down()
            return
        if flag in ("BROADCAST", "POINTOPOINT", "RUNNING"):
            return                              # IFF_VOLATILE: dev_change_flags ignores
        flags = linkfmt.user_flags(dev)
        current = flag in linkfmt.link_flags(dev)
        if flag == "PROMISC" and on != bool(flags.get("PROMISC")):
            dev.promisc += 1 if on else -1
        if flag == "ALLMULTI" and on != bool(flags.get("ALLMULTI")):
            dev.allmulti += 1 if on else -1
        if on != current or flag in ("PROMISC", "ALLMULTI"):
            flags[flag] = on

    def has_flag(self, flag: str) -> bool:
        dev = self.ns.get(self.name.split(":", 1)[0])
        return dev is not None and bool(ifconfig_flags(dev) & IFF_BITS[flag])

    # -- the ioctls (devinet_ioctl / dev_ifsioc) ---------------------------------------
    def find_ifa(self) -> InetAddr | None:
        return label_ifa(self.dev(), self.name)

    def replace_ifa(self, old: InetAddr, **changes: object) -> None:
        """inet_del_ifa + inet_insert_ifa of a changed address (secondaries go)."""
        stack = self.ns.ipv4
        addr_delete(stack, old)
        new = InetAddr(old.dev, int(changes.get("local", old.local)),  # type: ignore[arg-type]
                       int(changes.get("prefixlen", old.prefixlen)),  # type: ignore[arg-type]
                       broadcast=changes.get("broadcast", old.broadcast),  # type: ignore[arg-type]
                       peer=changes.get("peer", old.peer),  # type: ignore[arg-type]
                       scope=int(changes.get("scope", old.scope)),  # type: ignore[arg-type]
                       label=old.label)
        if new.local:
            try:
                addr_add(stack, new)
            except AddrError as err:
                raise IoctlError(err.errno_name) from None

    def set_addr(self, addr: int) -> None:
        """SIOCSIFADDR."""
        dev = self.dev()
        plen = inet_abc_len(addr)
        if plen < 0:
            raise IoctlError("EINVAL")
        old = self.find_ifa()
        if old is not None and old.local == addr:
            return
        flags = ifconfig_flags(dev)
        if flags & IFF_BITS["POINTOPOINT"]:
            plen = 32
            bcast = None
        else:
            bcast = addr | (~_mask(plen) & 0xFFFFFFFF) \
                if flags & IFF_BITS["BROADCAST"] and plen < 31 else None
        scope = F.RT_SCOPE_HOST if addr >> 24 == 127 else F.RT_SCOPE_UNIVERSE
        if old is not None:
            self.replace_ifa(old, local=addr, prefixlen=plen, broadcast=bcast, peer=None,
                             scope=scope)
            return
        if not addr:
            return                              # inet_insert_ifa drops a zero address
        ifa = InetAddr(dev, addr, plen, broadcast=bcast, scope=scope, label=self.name)
        try:
            addr_add(self.ns.ipv4, ifa)
        except AddrError as err:
            raise IoctlError(err.errno_name) from None

    def set_netmask(self, mask: int) -> None:
        """SIOCSIFNETMASK: a broadcast that matched the old mask follows the new one."""
        dev = self.dev()
        ifa = self.find_ifa()
        if ifa is None:
            raise IoctlError("EADDRNOTAVAIL")
        plen = mask_len(mask)
        if plen is None:
            raise IoctlError("EINVAL")
        if plen == ifa.prefixlen:
            return
        bcast = ifa.broadcast
        old_bcast = ifa.local | (~_mask(ifa.prefixlen) & 0xFFFFFFFF)
        if ifconfig_flags(dev) & IFF_BITS["BROADCAST"] and plen < 31 and \
                (bcast or 0) == old_bcast:
            bcast = ifa.local | (~mask & 0xFFFFFFFF)
        self.replace_ifa(ifa, prefixlen=plen, broadcast=bcast)

    def set_broadcast(self, addr: int) -> None:
        """SIOCSIFBRDADDR."""
        self.dev()
        ifa = self.find_ifa()
        if ifa is None:
            raise IoctlError("EADDRNOTAVAIL")
        if (ifa.broadcast or 0) != addr:
            self.replace_ifa(ifa, broadcast=addr)

    def set_dstaddr(self, addr: int) -> None:
        """SIOCSIFDSTADDR: the peer address."""
        self.dev()
        ifa = self.find_ifa()
        if ifa is None:
            raise IoctlError("EADDRNOTAVAIL")
        current = ifa.peer if ifa.peer is not None else ifa.local
        if current == addr:
            return
        if inet_abc_len(addr) < 0:
            raise IoctlError("EINVAL")
        self.replace_ifa(ifa, peer=addr)

    def set_mtu(self, mtu: int) -> None:
        dev = self.dev()
        try:
            dev.set_mtu(mtu)
        except DeviceError:
            raise IoctlError("EINVAL") from None

    def set_hwaddr(self, mac: bytes) -> None:
        dev = self.dev()
        if dev.link_type != "ether":
            raise IoctlError("EINVAL")
        if mac[0] & 1 or mac == bytes(6):
            raise IoctlError("EADDRNOTAVAIL")
        try:
            dev.set_mac(mac)
        except DeviceError as err:
            raise IoctlError(err.errno_name) from None

    def set_txqlen(self, value: int) -> None:
        dev = self.dev()
        if value >= 2**31:
            raise IoctlError("EINVAL")
        dev.txqlen = value

    def set_name(self, new: str) -> None:
        dev = self.dev()
        try:
            rtnl.set_name(dev, new[:IFNAMSIZ - 1])
        except DeviceError as err:
            raise IoctlError(err.errno_name) from None

    # -- the loop ----------------------------------------------------------------------------
    def run(self, args: list[str]) -> int:
        flag_words = {"arp": ("NOARP", False), "-arp": ("NOARP", True),
                      "promisc": ("PROMISC", True), "-promisc": ("PROMISC", False),
                      "multicast": ("MULTICAST", True), "-multicast": ("MULTICAST", False),
                      "allmulti": ("ALLMULTI", True), "-allmulti": ("ALLMULTI", False),
                      "trailers": ("NOTRAILERS", False), "-trailers": ("NOTRAILERS", True),
                      "dynamic": ("DYNAMIC", True), "-dynamic": ("DYNAMIC", False)}
        still = {"-promisc": ("PROMISC", "promisc mode... maybe other application is running?"),
                 "-multicast": ("MULTICAST", "MULTICAST mode."),
                 "-allmulti": ("ALLMULTI", "ALLMULTI mode."),
                 "-broadcast": ("BROADCAST", "BROADCAST mode.")}
        while args:
            word = args.pop(0)
            if word in flag_words:
                flag, on = flag_words[word]
                self.change_flag(flag, on)
                if word in still and self.has_flag(still[word][0]):
                    self.ctx.err(f"Warning: Interface {self.name} still in {still[word][1]}\n")
            elif word == "up":
                self.change_flag("UP", True)
            elif word == "down":
                self.change_flag("UP", False)
            elif word == "mtu":
                value = _atoi(self.next(args))
                self.ioctl("SIOCSIFMTU", lambda v=value: self.set_mtu(v))
            elif word == "-broadcast":
                self.change_flag("BROADCAST", False)
                if self.has_flag("BROADCAST"):
                    self.ctx.err(f"Warning: Interface {self.name} still in BROADCAST mode.\n")
            elif word == "broadcast":
                if args:
                    host = args.pop(0)
                    addr, why = resolve(host)
                    if addr is None:
                        self.ctx.err(f"{host}: {why}\n")
                        self.goterr |= 1
                        continue
                    self.ioctl("SIOCSIFBRDADDR", lambda a=addr: self.set_broadcast(a))
                self.change_flag("BROADCAST", True)
            elif word in ("dstaddr", "pointopoint"):
                host = self.next(args)
                addr, why = resolve(host)
                if addr is None:
                    self.ctx.err(f"{host}: {why}\n")
                    self.goterr |= 1
                    continue
                self.ioctl("SIOCSIFDSTADDR", lambda a=addr: self.set_dstaddr(a))
                if word == "pointopoint":
                    self.change_flag("POINTOPOINT", True)
            elif word == "-pointopoint":
                self.change_flag("POINTOPOINT", False)
            elif word == "netmask":
                if not args or self.didnetmask:
                    raise self.usage()
                host = args.pop(0)
                addr, why = resolve(host)
                if addr is None:
                    self.ctx.err(f"{host}: {why}\n")
                    self.goterr |= 1
                    continue
                self.didnetmask = True
                self.ioctl("SIOCSIFNETMASK", lambda a=addr: self.set_netmask(a))
            elif word == "hw":
                hwtype = self.next(args)
                if hwtype not in HW_TYPES:
                    raise self.usage()
                text = self.next(args)
                if hwtype != "ether":
                    raise UnsupportedError(f"ifconfig hw {hwtype}")
                mac = parse_ether(text)
                if mac is None:
                    self.ctx.err(f"{text}: invalid ether address.\n")
                    self.goterr |= 1
                    continue
                self.ioctl("SIOCSIFHWADDR", lambda m=mac: self.set_hwaddr(m))
            elif word == "txqueuelen":
                value = _strtoul(self.next(args))
                self.ioctl("SIOCSIFTXQLEN", lambda v=value: self.set_txqlen(v))
            elif word == "name":
                new = self.next(args)
                self.ioctl("SIOCSIFNAME", lambda n=new: self.set_name(n))
            elif word in ("add", "del"):
                self.alias_op(word, self.next(args))
            elif word in ("tunnel", "outfill", "keepalive", "mem_start", "io_addr", "irq",
                          "media"):
                raise UnsupportedError(f"ifconfig {word}")
            else:
                self.address(word)
        if self.neednetmask is not None:
            mask = self.neednetmask
            self.didnetmask = True
            self.ioctl("SIOCSIFNETMASK", lambda: self.set_netmask(mask))
        return self.goterr

    def address(self, word: str) -> None:
        """A bare word: an address (optionally ADDR/N), then the interface comes up."""
        try:
            host, mask = getmask(word)
        except ValueError:
            raise self.usage() from None
        if mask is not None:
            if self.didnetmask:
                raise self.usage()
            self.neednetmask = mask
        addr, why = resolve(host)
        if addr is None:
            self.ctx.err(f"{host}: {why}\n"
                         "ifconfig: `--help' gives usage information.\n")
            raise _Exit(1)
        self.ioctl("SIOCSIFADDR", lambda: self.set_addr(addr))
        if not (":" in self.name and (self.name.endswith("-") or addr == 0)):
            self.change_flag("UP", True)

    def alias_op(self, word: str, text: str) -> None:
        """`add ADDR[/N]` makes the first free NAME:N alias; `del ADDR` removes an alias."""
        if ":" in text:
            raise UnsupportedError(f"ifconfig {word} of an IPv6 address")
        try:
            host, mask = getmask(text)
        except ValueError:
            raise self.usage() from None
        addr = inet_aton(host)
        if addr is None:
            self.ctx.err(f"ifconfig: Invalid address {host}\n")   # pragma: no cover
            self.goterr |= 1
            return
        try:
            dev = self.dev()
        except IoctlError as err:
            self.ctx.err(f"SIOCGIFFLAGS: {strerror(err.errno_name)}\n")
            self.goterr |= 1
            return
        base = self.name.split(":", 1)[0]
        if word == "del":
            for ifa in list(dev.ip4):
                if ifa.label.startswith(base + ":") and ifa.local == addr:
                    addr_delete(self.ns.ipv4, ifa)
            return
        labels = {ifa.label for ifa in dev.ip4}
        n = 0
        while f"{base}:{n}" in labels:
            n += 1
        main_ifa = label_ifa(dev, base)     # the alias takes the main address's mask
        alias = Setter(self.ctx, self.out, f"{base}:{n}")
        alias.ioctl("SIOCSIFADDR", lambda: alias.set_addr(addr))
        if mask is None and main_ifa is not None:
            mask = _mask(main_ifa.prefixlen)
        if mask is not None:
            alias.ioctl("SIOCSIFNETMASK", lambda: alias.set_netmask(mask))
        if main_ifa is not None and main_ifa.broadcast is not None:
            bcast = main_ifa.broadcast
            alias.ioctl("SIOCSIFBRDADDR", lambda: alias.set_broadcast(bcast))
        self.goterr |= alias.goterr


def _atoi(text: str) -> int:
    m = re.match(r"\s*([+-]?\d+)", text)
    return int(m.group(1)) if m else 0


def _strtoul(text: str) -> int:
    m = re.match(r"\s*([+-]?)(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9]\d*)", text)
    if not m:
        return 0
    body = m.group(2)
    if body.lower().startswith("0x"):
        value = int(body, 16)
    elif body.startswith("0") and len(body) > 1:
        value = int(body, 8)
    else:
        value = int(body)
    return (-value if m.group(1) == "-" else value) & 0xFFFFFFFFFFFFFFFF
