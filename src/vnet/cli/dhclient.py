"""`dhclient` (ISC dhclient 4.4.3 as Debian 12 ships it, with its dhclient-script).

`dhclient [-v] [-1] [-pf FILE] [-lf FILE] DEV` runs a simulated client
(vnet.apps.dhcp_client) on DEV in the current namespace and waits on the virtual clock
until it is bound, then returns 0 and keeps running "in the background" (renewing at
T1, rebinding at T2). With `-1`, no lease within the 60 s timeout exits 2
(silently, as the real one does without -v); without it dhclient goes to the background and
keeps trying, exit 0. `dhclient -r DEV` releases the lease (DHCPRELEASE) and removes the
address; `-x` stops the client and leaves the address in place.

What dhclient-script does on Debian is done by running the same commands:
PREINIT `ip link set dev DEV up`; BOUND `ip -4 addr add ADDR/PLEN broadcast BRD
valid_lft LEASE preferred_lft LEASE dev DEV label DEV`, `ip -4 route add default via R
dev DEV` per router (metrics 1, 2... when there are several), then /etc/resolv.conf
rewritten as make_resolv_conf does (`domain D`, `search D`, `nameserver IP` lines); RENEW and
REBIND `ip -4 addr change ...`; EXPIRE and RELEASE `ip -4 addr flush dev DEV label DEV`.
Quiet by default as the real one is; `-v` prints the protocol lines (their intervals
are random in the real client, so scripts should not compare them).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from vnet.apps import files
from vnet.apps.dhcp_client import DhcpClient, Lease, send_release
from vnet.cli.context import Context
from vnet.cli.shell.api import UnsupportedError
from vnet.wire.ipaddr import ip_to_str

if TYPE_CHECKING:
    from vnet.core.netns import Namespace
    from vnet.core.world import World

TIMEOUT_S = 60
SECOND = 1_000_000_000

USAGE = ("Usage: dhclient [-4|-6] [-SNTPRI1dvrxi] [-nw] [-p <port>] [-D LL|LLT]\n"
         "                [--dad-wait-time <seconds>] [--prefix-len-hint <length>]\n"
         "                [--decline-wait-time <seconds>]\n"
         "                [--address-prefix-len <length>]\n"
         "                [-s server-addr] [-cf config-file]\n"
         "                [-df duid-file] [-lf lease-file]\n"
         "                [-pf pid-file] [--no-pid] [-e VAR=val]\n"
         "                [-sf script-file] [interface]*\n"
         "       dhclient {--version|--help|-h}\n")

BANNER = ("Internet Systems Consortium DHCP Client 4.4.3-P1\n"
          "Copyright 2004-2022 Internet Systems Consortium.\n"
          "All rights reserved.\n"
          "For info, please visit https://www.isc.org/software/dhcp/\n\n")


def _plen(mask: int) -> int:
    return bin(mask).count("1")


PID_FILE = "/run/dhclient.pid"
LEASE_FILE = "/var/lib/dhcp/dhclient.leases"


class State:
    """The sandbox's view of dhclient: which client each pid file names, and the
    lease each lease file holds per interface."""

    def __init__(self) -> None:
        self.pids: dict[str, DhcpClient] = {}
        self.leases: dict[str, dict[str, Lease]] = {}


def state(world: World) -> State:
    return world.apps.setdefault("dhclient", State())


class Script:
    """dhclient-script: configure the interface with the same `ip` commands."""

    def __init__(self, world: World, ns: Namespace, dev: str, leases: dict[str, Lease]) -> None:
        self.world = world
        self.ns = ns
        self.dev = dev
        self.leases = leases  # the lease file: interface -> lease

    def _ip(self, *args: str) -> None:
        from vnet.cli import commands

        ctx = Context(self.world, self.ns)
        commands.run(ctx, ["ip", *args])

    def __call__(self, reason: str, new: Lease | None, old: Lease | None) -> None:
        dev = self.dev
        if new is not None:
            self.leases[dev] = new
        elif reason != "PREINIT":
            self.leases.pop(dev, None)
        if reason == "PREINIT":
            self._ip("link", "set", "dev", dev, "up")
        elif reason in ("BOUND", "RENEW", "REBIND") and new is not None:
            if old is not None and old.addr != new.addr:
                self._ip("-4", "addr", "flush", "dev", dev, "label", dev)
            addr = ip_to_str(new.addr)
            if new.netmask is not None:
                addr += f"/{_plen(new.netmask)}"
            args = [addr]
            if new.broadcast is not None:
                args += ["broadcast", ip_to_str(new.broadcast)]
            args += ["dev", dev, "label", dev]
            if reason == "BOUND" or old is None or old.addr != new.addr:
                self._ip("-4", "addr", "add", *args)
                metric = 1 if len(new.routers) > 1 else None
                for router in new.routers:
                    extra = ["metric", str(metric)] if metric is not None else []
                    self._ip("-4", "route", "add", "default", "via", ip_to_str(router),
                             "dev", dev, *extra)
                    if metric is not None:
                        metric += 1
            else:
                self._ip("-4", "addr", "change", *args)
            self._lifetimes(new)
            self._resolv_conf(new)
        elif reason in ("EXPIRE", "FAIL", "RELEASE", "STOP") and old is not None:
            self._ip("-4", "addr", "flush", "dev", dev, "label", dev)

    def _lifetimes(self, lease: Lease) -> None:
        """valid_lft/preferred_lft LEASE: the simulated `ip` takes no IPv4 lifetimes, so
        they are set on the address itself (shown as `dynamic`, but not counted down)."""
        dev = self.ns.get(self.dev)
        if dev is None or lease.lease_secs == 0xFFFFFFFF:
            return
        for ifa in dev.ip4:
            if ifa.local == lease.addr:
                ifa.valid_lft = ifa.preferred_lft = lease.lease_secs

    def _resolv_conf(self, lease: Lease) -> None:
        if not lease.domain and not lease.dns:
            return
        lines = []
        if lease.domain:
            lines.append(f"domain {lease.domain.split()[0]}\n")
            lines.append(f"search {lease.domain}\n")
        if lease.dns:
            lines += [f"nameserver {ip_to_str(a)}\n" for a in lease.dns]
        else:  # keep the old nameservers
            old = files.read(self.world, files.RESOLV_CONF) or ""
            lines += [line + "\n" for line in old.splitlines()
                      if line.lstrip().lower().startswith("nameserver")]
        files.write(self.world, files.RESOLV_CONF, "".join(lines))


def main(ctx: Context, argv: list[str]) -> int:
    verbose = once = False
    action = "run"
    pid_file, lease_file = PID_FILE, LEASE_FILE
    ifaces: list[str] = []
    i = 0
    while i < len(argv):
        arg = argv[i]
        i += 1
        if arg in ("-v",):
            verbose = True
        elif arg == "-1":
            once = True
        elif arg == "-4":
            pass
        elif arg in ("-r", "-x"):
            action = arg
        elif arg in ("-pf", "-lf", "-cf", "-sf", "-df", "-e", "-p", "-s"):
            if i >= len(argv):
                ctx.err(USAGE)
                return 1
            if arg in ("-cf", "-sf", "-s", "-p"):
                raise UnsupportedError(f"dhclient {arg}")
            if arg == "-pf":
                pid_file = argv[i]
            elif arg == "-lf":
                lease_file = argv[i]
            i += 1
        elif arg in ("--no-pid", "-nw", "-q"):
            if arg == "-nw":
                raise UnsupportedError("dhclient -nw")
        elif arg in ("-6", "-d", "-S", "-N", "-T", "-P", "-I", "-D"):
            raise UnsupportedError(f"dhclient {arg}")
        elif arg.startswith("-"):
            ctx.err(USAGE)
            return 1
        else:
            ifaces.append(arg)
    if not ifaces:
        raise UnsupportedError("dhclient without an interface (every interface)")
    if len(ifaces) > 1:
        raise UnsupportedError("dhclient on several interfaces")
    name = ifaces[0]
    st = state(ctx.world)
    old = st.pids.pop(pid_file, None)
    if old is not None and old.state != "STOPPED" and action != "run":
        ctx.err("Killed old client process\n")
        old.stop()
    if verbose:
        ctx.err(BANNER)
    dev = ctx.ns.get(name)
    if dev is None:
        ctx.err(f"Cannot find device \"{name}\"\n")  # from dhclient-script's PREINIT
        return 1
    script = Script(ctx.world, ctx.ns, name, st.leases.setdefault(lease_file, {}))
    if action != "run":
        lease = script.leases.pop(name, None)
        if verbose:
            mac = dev.mac.hex(":")
            ctx.err(f"Listening on LPF/{name}/{mac}\nSending on   LPF/{name}/{mac}\n"
                    "Sending on   Socket/fallback\n")
        if action == "-r" and lease is not None:
            if verbose:
                ctx.err(f"DHCPRELEASE of {ip_to_str(lease.addr)} on {name} to "
                        f"{ip_to_str(lease.server)} port 67\n")
            send_release(ctx.ns, dev, lease, ctx.world.rng.getrandbits(32))
            ctx.world.run_for(0.01)  # the datagram leaves before the script runs
            script("RELEASE", None, lease)
        return 0
    client = DhcpClient(ctx.ns, dev, script)
    st.pids[pid_file] = client
    client.start()
    if verbose:
        mac = dev.mac.hex(":")
        ctx.err(f"Listening on LPF/{name}/{mac}\nSending on   LPF/{name}/{mac}\n"
                "Sending on   Socket/fallback\n")
    sched = ctx.world.sched
    sched.run_until(sched.now + TIMEOUT_S * SECOND, stop=lambda: client.state == "BOUND")
    if verbose:
        _log(ctx, client, name)
    if client.state == "BOUND":
        return 0
    if once:
        if verbose:
            ctx.err("No DHCPOFFERS received.\nUnable to obtain a lease on first try.  "
                    "Exiting.\n")
        client.stop()
        st.pids.pop(pid_file, None)
        return 2
    if verbose:
        ctx.err("No DHCPOFFERS received.\nNo working leases in persistent database - sleeping.\n")
    return 0


def _log(ctx: Context, client: DhcpClient, name: str) -> None:
    for line in client.events:
        ctx.err(line + "\n")
