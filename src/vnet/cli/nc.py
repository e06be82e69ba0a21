"""`nc` (Debian 12's netcat-openbsd 1.219) as a client, and `vnet serve` for its servers.

Client forms, with netcat-openbsd's output, messages and exit codes:
`nc -z [-v] [-w N] HOST PORT` (port scan: 0 when the connection opens, 1 when refused,
unreachable or timed out), `echo DATA | nc [-w N] [-N] HOST PORT` (send stdin, print
what comes back, stop when the peer closes or after N idle seconds; -N half-closes
after stdin so an echo server can close), `nc -u [-w N] HOST PORT` (one datagram of
stdin, print the answers). HOST is an IPv4 address (no resolver); PORT a number or a
service name of /etc/services.

A script cannot start `nc -l` in the background (`&`), so servers are started with
`vnet serve tcp|udp PORT [reply TEXT]` (usually under `ip netns exec NS`): it returns
at once and keeps serving, in the simulator as in the kernel sandbox (see
vnet.apps.nc and vnet.backend.serve). `nc -l` itself is refused as unsupported.
"""

from __future__ import annotations

from vnet.apps.nc import NcClient, Server, parse_serve_args
from vnet.cli.context import Context
from vnet.cli.shell.api import UnsupportedError

USAGE = ("usage: nc [-46CDdFhklNnrStUuvZz] [-I length] [-i interval] [-M ttl]\n"
         "\t  [-m minttl] [-O length] [-P proxy_username] [-p source_port]\n"
         "\t  [-q seconds] [-s sourceaddr] [-T keyword] [-V rtable] [-W recvlimit]\n"
         "\t  [-w timeout] [-X proxy_protocol] [-x proxy_address[:port]]\n"
         "\t  [destination] [port]\n")

#  /etc/services (Debian netbase), the commonly used part
_TCP_SERVICES = {
    7: "echo", 9: "discard", 13: "daytime", 19: "chargen", 20: "ftp-data", 21: "ftp",
    22: "ssh", 23: "telnet", 25: "smtp", 37: "time", 43: "whois", 53: "domain",
    70: "gopher", 79: "finger", 80: "http", 88: "kerberos", 110: "pop3", 111: "sunrpc",
    113: "auth", 119: "nntp", 135: "epmap", 139: "netbios-ssn", 143: "imap2", 161: "snmp",
    179: "bgp", 389: "ldap", 443: "https", 445: "microsoft-ds", 465: "submissions",
    514: "shell", 515: "printer", 554: "rtsp", 587: "submission", 631: "ipp", 636: "ldaps",
    853: "domain-s", 873: "rsync", 990: "ftps", 993: "imaps", 995: "pop3s", 1080: "socks",
    1194: "openvpn", 1433: "ms-sql-s", 1812: "radius", 2049: "nfs", 3306: "mysql",
    3389: "ms-wbt-server", 3690: "svn", 5060: "sip", 5222: "xmpp-client", 5432: "postgresql",
    5672: "amqp", 6000: "x11", 6379: "redis", 6667: "ircd", 8080: "http-alt",
    8081: "tproxy", 9418: "git",
}  # fmt: skip
_UDP_SERVICES = {
    7: "echo", 9: "discard", 13: "daytime", 37: "time", 53: "domain", 67: "bootps",
    68: "bootpc", 69: "tftp", 88: "kerberos", 111: "sunrpc", 123: "ntp", 137: "netbios-ns",
    138: "netbios-dgm", 161: "snmp", 162: "snmp-trap", 443: "https", 500: "isakmp",
    514: "syslog", 520: "router", 1194: "openvpn", 1812: "radius", 2049: "nfs",
    4789: "vxlan", 5060: "sip", 5353: "mdns",
}  # fmt: skip

_ERRNO_TEXT = {
    "ECONNREFUSED": "Connection refused", "ENETUNREACH": "Network is unreachable",
    "EHOSTUNREACH": "No route to host", "ETIMEDOUT": "Connection timed out",
    "EINPROGRESS": "Operation now in progress", "EACCES": "Permission denied",
    "EPERM": "Operation not permitted", "EINVAL": "Invalid argument",
    "EADDRNOTAVAIL": "Cannot assign requested address", "ECONNRESET": "Connection reset by peer",
    "EMSGSIZE": "Message too long", "ENOPROTOOPT": "Protocol not available",
}  # fmt: skip
_WITH_VALUE = set("IiMmOPpqsTVWwXx")
_IGNORED = set("46DdnNv")


def _ipv4(text: str) -> int | None:
    parts = text.split(".")
    if len(parts) != 4 or not all(p.isascii() and p.isdigit() and len(p) <= 3 and int(p) < 256 for p in parts):
        return None
    value = 0
    for p in parts:
        value = (value << 8) | int(p)
    return value


def serve_main(ctx: Context, argv: list[str]) -> int:
    """`vnet serve tcp|udp PORT [reply TEXT]` in the simulator."""
    spec = parse_serve_args(argv)
    if isinstance(spec, str):
        ctx.err(spec)
        return 2
    server = Server(ctx.ns, spec)
    try:
        server.start()
    except OSError:
        ctx.err(f"vnet serve: {spec.proto} port {spec.port}: Address already in use\n")
        return 1
    ctx.world.apps.setdefault("serve", []).append(server)
    return 0


def main(ctx: Context, argv: list[str]) -> int:
    flags: set[str] = set()
    values: dict[str, str] = {}
    args: list[str] = []
    i = 0
    while i < len(argv):
        arg = argv[i]
        i += 1
        if arg == "--":
            args += argv[i:]
            break
        if not arg.startswith("-") or arg == "-":
            args.append(arg)
            continue
        j = 1
        while j < len(arg):
            ch = arg[j]
            j += 1
            if ch in _WITH_VALUE:
                value = arg[j:]
                if not value:
                    if i >= len(argv):
                        ctx.err(f"nc: option requires an argument -- '{ch}'\n" + USAGE)
                        return 1
                    value = argv[i]
                    i += 1
                values[ch] = value
                break
            if ch in _IGNORED or ch in "zuhlk":
                flags.add(ch)
                continue
            ctx.err(f"nc: invalid option -- '{ch}'\n" + USAGE)
            return 1
    if "h" in flags:
        raise UnsupportedError("nc -h")
    if "l" in flags:
        raise UnsupportedError("nc -l in a script (no `&`): start servers with "
                               "`vnet serve tcp|udp PORT [reply TEXT]`")
    for opt in values:
        if opt != "w":
            raise UnsupportedError(f"nc -{opt}")
    if not args:
        ctx.err(USAGE)
        return 1
    if len(args) == 1:
        ctx.err("nc: missing port number\n")
        return 1
    if len(args) > 2:
        raise UnsupportedError("nc with several ports")
    timeout: float | None = None
    if "w" in values:
        text = values["w"]
        if not (text.isascii() and text.isdigit()):
            ctx.err(f"nc: timeout invalid: {text}\n")
            return 1
        timeout = float(text) if int(text) > 0 else None
    udp = "u" in flags
    host, port_text = args
    if "-" in port_text[1:]:
        raise UnsupportedError("nc with a port range")
    services = _UDP_SERVICES if udp else _TCP_SERVICES
    if port_text.isascii() and port_text.isdigit():
        port = int(port_text)
        if port > 65535:
            ctx.err(f"nc: port number too large: {port_text}\n")
            return 1
        if port == 0:
            ctx.err("nc: port number too small: 0\n")
            return 1
    else:
        by_name = {v: k for k, v in services.items()}
        if port_text not in by_name:
            ctx.err(f"nc: port number invalid: {port_text}\n")
            return 1
        port = by_name[port_text]
    dst = _ipv4(host)
    if dst is None:
        ctx.err(f"nc: getaddrinfo for host \"{host}\" port {port_text}: "
                "Temporary failure in name resolution\n")
        return 1
    proto = "udp" if udp else "tcp"
    verbose = "v" in flags
    ctx.ordered_output = True      # nc's messages and the data, in the order written

    def connected() -> None:
        if verbose:
            ctx.err(f"Connection to {host} {port} port [{proto}/{services.get(port, '*')}] "
                    "succeeded!\n")

    client = NcClient(ctx.ns, dst, port, udp=udp, zero_io="z" in flags, timeout_s=timeout,
                      stdin=b"" if "z" in flags else ctx.stdin.encode(),
                      half_close="N" in flags, on_connect=connected,
                      probe=udp and (verbose or "z" in flags))
    result = client.run()
    if result.output:
        ctx.out(result.output.decode("utf-8", errors="replace"))
    if result.error is not None:
        text = _ERRNO_TEXT.get(result.error, result.error)
        how = "timed out" if result.error == "EINPROGRESS" else "failed"
        if verbose:   # remote_connect warns only with -v
            ctx.err(f"nc: connect to {host} port {port} ({proto}) {how}: {text}\n")
        return 1
    if client.hung:
        raise UnsupportedError("nc waiting forever for a peer that never closes "
                               "(give -w N or -N)")
    return result.status
def _invalid(text: str) -> str:
    return "is invalid"
