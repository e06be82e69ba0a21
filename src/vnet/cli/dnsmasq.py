"""`dnsmasq` as a DHCP server (dnsmasq 2.89, Debian 12's dnsmasq-base).

`dnsmasq --interface=br0 --dhcp-range=10.10.0.100,10.10.0.200,12h
[--dhcp-option=option:router,10.10.0.1] [--dhcp-option=option:dns-server,IP]
[--dhcp-host=MAC,IP[,NAME][,LEASE]] [--port=0]`
starts a simulated server (vnet.apps.dhcp_server) on the interface and returns at once
with status 0, as the real dnsmasq does when it daemonises. Its leases are readable
with `cat /var/lib/misc/dnsmasq.leases`. Without `--port=0` the real dnsmasq also
serves DNS and hands itself out as the DNS server; the simulated one hands itself out
the same way but answers no DNS queries.

Options vnet has no use for (`--bind-interfaces`, `--no-resolv`, `--no-hosts`,
`--no-ping`, `--log-dhcp`, `--except-interface`, `--dhcp-authoritative`,
`--conf-file`, `--pid-file`, `--dhcp-leasefile`...) are accepted; `--no-daemon`/`-d`/`-k`
(foreground) cannot work in a sequential script and are refused as unsupported.
"""

from __future__ import annotations

import re

from vnet.apps import files
from vnet.apps.dhcp_server import INFINITE, DhcpRange, DhcpServer, StaticHost
from vnet.cli.context import Context
from vnet.cli.shell.api import UnsupportedError

LEASE_FILE = "/var/lib/misc/dnsmasq.leases"

_IGNORED_FLAGS = {
    "--bind-interfaces", "-z", "--bind-dynamic", "--no-resolv", "-R", "--no-hosts", "-h",
    "--no-ping", "--log-dhcp", "--dhcp-authoritative", "-K", "--no-poll", "-n",
    "--leasefile-ro", "--log-queries", "-q", "--strict-order", "-o", "--domain-needed",
    "--bogus-priv", "--dhcp-rapid-commit", "--quiet-dhcp",
}  # fmt: skip
_IGNORED_VALUES = {
    "--except-interface", "--conf-file", "-C", "--pid-file", "-x", "--dhcp-leasefile", "-l",
    "--listen-address", "-a", "--user", "-u", "--group", "-g", "--log-facility", "-8",
    "--server", "-S", "--cache-size", "-c", "--no-dhcp-interface",
}  # fmt: skip
_FOREGROUND = {"--no-daemon", "-d", "--keep-in-foreground", "-k", "--test"}

#: --dhcp-option names (dnsmasq --help dhcp) -> option code, for the ones vnet sends
_OPTION_NAMES = {"router": 3, "dns-server": 6, "domain-name": 15, "netmask": 1}


class DnsmasqError(Exception):
    pass


def _ip(text: str) -> int | None:
    parts = text.split(".")
    if len(parts) != 4 or not all(p.isascii() and p.isdigit() and int(p) < 256 for p in parts):
        return None
    value = 0
    for p in parts:
        value = (value << 8) | int(p)
    return value


def _lease_time(text: str) -> int | None:
    """dnsmasq's lease time: seconds, or with m/h/d/w suffix, or 'infinite'."""
    if text == "infinite":
        return INFINITE
    match = re.fullmatch(r"(\d+)([smhdw]?)", text)
    if match is None:
        return None
    value = int(match.group(1)) * {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400,
                                   "w": 604800}[match.group(2)]
    return max(value, 120)  # dnsmasq raises leases below two minutes to two minutes


def _range(text: str) -> DhcpRange:
    fields = text.split(",")
    if fields and fields[0].startswith(("set:", "tag:")):
        fields = fields[1:]
    if len(fields) < 2:
        raise DnsmasqError("bad command line options: bad dhcp-range")
    start = _ip(fields[0])
    end = _ip(fields[1])
    rest = fields[2:]
    if start is None:
        raise DnsmasqError("bad command line options: bad dhcp-range")
    if end is None:
        if fields[1] in ("static", "proxy", "ra-only", "ra-names", "slaac"):
            raise UnsupportedError(f"dnsmasq --dhcp-range=...,{fields[1]}")
        raise DnsmasqError("bad command line options: bad dhcp-range")
    netmask = None
    lease = 3600
    for item in rest:
        addr = _ip(item)
        if addr is not None:
            netmask = addr
            continue
        value = _lease_time(item)
        if value is None:
            raise DnsmasqError("bad command line options: bad dhcp-range")
        lease = value
    if end < start:  # dnsmasq swaps a reversed range
        start, end = end, start
    return DhcpRange(start, end, lease, netmask)


def _option(text: str, opts: dict[int, list[int] | str]) -> None:
    fields = text.split(",")
    while fields and fields[0].startswith(("tag:", "set:", "encap:", "vendor:")):
        fields = fields[1:]
    if not fields:
        raise DnsmasqError("bad command line options: bad dhcp-option")
    head = fields[0]
    if head.startswith("option:"):
        code = _OPTION_NAMES.get(head[7:])
        if code is None:
            if head[7:] in ("ntp-server", "domain-search", "mtu", "hostname", "classless-static-route"):
                raise UnsupportedError(f"dnsmasq --dhcp-option={head}")
            raise DnsmasqError("bad command line options: bad dhcp-option")
    elif head.isascii() and head.isdigit():
        code = int(head)
        if code not in _OPTION_NAMES.values():
            raise UnsupportedError(f"dnsmasq --dhcp-option={head}")
    else:
        raise DnsmasqError("bad command line options: bad dhcp-option")
    values = fields[1:]
    if code == 15:
        opts[code] = ",".join(values)
        return
    addrs = []
    for v in values:
        if v == "0.0.0.0":
            addrs.append(0)
            continue
        addr = _ip(v)
        if addr is None:
            raise DnsmasqError("bad command line options: bad IPv4 address")
        addrs.append(addr)
    opts[code] = addrs


_MAC = re.compile(r"[0-9A-Fa-f]{1,2}(:[0-9A-Fa-f]{1,2}){5}")


def _host(text: str, hosts: dict[bytes, StaticHost]) -> None:
    """--dhcp-host=MAC[,IP][,NAME][,LEASE][,ignore]."""
    macs: list[bytes] = []
    host = StaticHost()
    for item in text.split(","):
        if _MAC.fullmatch(item):
            macs.append(bytes(int(b, 16) for b in item.split(":")))
        elif item.startswith(("id:", "set:", "tag:", "[")) or "*" in item:
            raise UnsupportedError(f"dnsmasq --dhcp-host with {item.split(':')[0]}")
        elif item == "ignore":
            host.ignore = True
        elif _ip(item) is not None:
            host.addr = _ip(item)
        elif _lease_time(item) is not None:
            host.lease_secs = _lease_time(item)
        elif item:
            host.hostname = item   # dnsmasq takes anything else as the name
    if not macs:
        raise UnsupportedError("dnsmasq --dhcp-host without a MAC address")
    for mac in macs:
        hosts[mac] = host


def _servers(ctx: Context) -> list[DhcpServer]:
    registry = ctx.world.apps.setdefault("dnsmasq", [])
    fs = files.of(ctx.world)
    if LEASE_FILE not in fs.renderers:
        fs.renderers[LEASE_FILE] = lambda: "".join(s.lease_file() for s in registry)
    return registry


def main(ctx: Context, argv: list[str]) -> int:
    try:
        return _main(ctx, argv)
    except DnsmasqError as err:
        ctx.err(f"\ndnsmasq: {err}\n")
        return 1


def _main(ctx: Context, argv: list[str]) -> int:
    interfaces: list[str] = []
    ranges: list[DhcpRange] = []
    opts: dict[int, list[int] | str] = {}
    hosts: dict[bytes, StaticHost] = {}
    port = 53
    i = 0
    while i < len(argv):
        arg = argv[i]
        i += 1
        name, eq, value = arg.partition("=")
        if name in _FOREGROUND:
            raise UnsupportedError(f"dnsmasq {name} (a foreground daemon in a script)")
        if arg in _IGNORED_FLAGS:
            continue
        takes = name in ("--interface", "-i", "--dhcp-range", "-F", "--dhcp-option", "-O",
                         "--port", "-p", "--dhcp-host", "-G") or name in _IGNORED_VALUES
        if not takes:
            if arg.startswith("-"):
                raise DnsmasqError("bad command line options: try --help")
            raise DnsmasqError("junk found in command line")
        if not eq:
            if i >= len(argv):
                raise DnsmasqError("bad command line options: try --help")
            value = argv[i]
            i += 1
        if name in ("--interface", "-i"):
            interfaces += value.split(",")
        elif name in ("--dhcp-range", "-F"):
            ranges.append(_range(value))
        elif name in ("--dhcp-option", "-O"):
            _option(value, opts)
        elif name in ("--dhcp-host", "-G"):
            _host(value, hosts)
        elif name in ("--port", "-p"):
            if not (value.isascii() and value.isdigit()):
                raise DnsmasqError("bad command line options: bad port")
            port = int(value)
    if not ranges:
        if port == 0:
            return 0  # nothing to do, it still daemonises
        raise UnsupportedError("dnsmasq as a DNS server (give --dhcp-range and --port=0)")
    if not interfaces:  # every interface but lo
        interfaces = [d.name for d in ctx.ns.devices() if d.link_type != "loopback"]
    registry = _servers(ctx)
    stack = ctx.ns.ipv4
    if any(s.stack is stack for s in registry):
        ctx.err("\ndnsmasq: failed to bind DHCP server socket: Address already in use\n")
        return 2
    started = []
    for name in interfaces:
        dev = ctx.ns.get(name)
        if dev is None:
            continue  # dnsmasq waits for the interface; vnet serves only existing ones
        own = [r for r in ranges if any(ifa.matches(r.start) for ifa in dev.ip4)]
        if not own:
            continue
        routers = opts.get(3)
        dns = opts.get(6)
        server = DhcpServer(stack, dev, own,
                            routers=[a for a in routers if a] if isinstance(routers, list) else None,
                            dns=[a for a in dns if a] if isinstance(dns, list) else [],
                            domain=str(opts.get(15, "")), hosts=hosts)
        own_addr = server.server_addr()
        if dns is None and port != 0 and own_addr is not None:
            server.dns = [own_addr]  # with DNS on, dnsmasq names itself the DNS server
        started.append(server)
    for server in started:
        try:
            server.start()
        except OSError:
            ctx.err("\ndnsmasq: failed to bind DHCP server socket: Address already in use\n")
            return 2
        registry.append(server)
    return 0


__all__ = ["main"]
