"""`ip netns` (ip/ipnetns.c): named network namespaces.

A named namespace is a file in /run/netns; `list` shows them in that directory's
readdir order, which on the tmpfs the kernel backend uses is newest first, with
` (id: N)` when the current namespace has a netnsid for it (ids are allocated lazily by
the kernel, see vnet.core.netns.Namespace.peer_id). `exec NS CMD...` runs a simulated
command inside NS; `identify` names the namespace the command runs in; `pids` lists
the processes in one (the simulator runs none: always empty). Errors carry the
file-system wording of the real tool (`Cannot create namespace file ...`).
"""

from __future__ import annotations

from vnet.cli.context import Context
from vnet.cli.ip import usage
from vnet.cli.ip.errors import IpExit, invarg
from vnet.cli.ip.listing import printer
from vnet.cli.ip.options import IpOptions
from vnet.cli.ip.output import ANY, FP
from vnet.cli.ip.util import get_integer, matches
from vnet.cli.shell.api import UnsupportedError

NETNS_RUN_DIR = "/run/netns"
NAME_MAX = 255


def invalid_name(name: str) -> bool:
    return not name or len(name.encode()) > NAME_MAX or "/" in name or name in (".", "..")


def main(ctx: Context, opts: IpOptions, argv: list[str]) -> int:
    if not argv:
        return list_netns(ctx, opts)
    if not opts.all and len(argv) > 1 and invalid_name(argv[1]):
        raise IpExit(f'Invalid netns name "{argv[1]}"\n', 255)
    word, rest = argv[0], argv[1:]
    if matches(word, "list") or matches(word, "show") or matches(word, "lst"):
        return list_netns(ctx, opts)
    if matches(word, "list-id"):
        return list_id(ctx, opts, rest)
    if matches(word, "help"):
        raise IpExit(usage.NETNS, 255)
    if matches(word, "add"):
        return add(ctx, rest)
    if matches(word, "set"):
        return set_id(ctx, rest)
    if matches(word, "delete"):
        return delete(ctx, opts, rest)
    if matches(word, "identify"):
        return identify(ctx, rest)
    if matches(word, "pids"):
        return pids(ctx, rest)
    if matches(word, "exec"):
        return exec_(ctx, opts, rest)
    if matches(word, "monitor") or matches(word, "attach"):
        raise UnsupportedError(f"ip netns {word}")
    raise IpExit(f'Command "{word}" is unknown, try "ip netns help".\n', 255)


def names_in_readdir_order(ctx: Context) -> list[str]:
    """The entries of /run/netns as readdir returns them on tmpfs: newest first."""
    return list(reversed(list(ctx.world.named)))


def list_netns(ctx: Context, opts: IpOptions) -> int:
    p = printer(ctx, opts)
    p.begin()
    for name in names_in_readdir_order(ctx):
        p.open_object()
        p.string(ANY, "name", "%s", name)
        nsid = ctx.ns.peer_id(ctx.world.named[name], alloc=False)
        if nsid is not None:
            p.value(ANY, "id", " (id: %d)", nsid)
        p.string(FP, None, "\n", None)
        p.close_object()
    p.end()
    return 0


def list_id(ctx: Context, opts: IpOptions, argv: list[str]) -> int:
    if argv:
        raise UnsupportedError("ip netns list-id selectors")
    p = printer(ctx, opts)
    p.begin()
    by_serial = {ns.serial: ns for ns in ctx.world.all_namespaces()}
    for serial, nsid in sorted(ctx.ns.netnsids.items(), key=lambda kv: kv[1]):
        other = by_serial.get(serial)
        if other is None:
            continue
        p.open_object()
        p.value(ANY, "nsid", "nsid %d ", nsid)
        if other.name is not None:
            p.string(ANY, "name", "(iproute2 netns name: %s)", other.name)
        p.string(FP, None, "\n", None)
        p.close_object()
    p.end()
    return 0


def add(ctx: Context, argv: list[str]) -> int:
    if not argv:
        raise IpExit("No netns name specified\n", 1)
    name = argv[0]
    if name in ctx.world.named:
        raise IpExit(f'Cannot create namespace file "{NETNS_RUN_DIR}/{name}": File exists\n', 1)
    ctx.world.add_netns(name)
    return 0


def delete(ctx: Context, opts: IpOptions, argv: list[str]) -> int:
    if opts.all:
        for name in names_in_readdir_order(ctx):
            ctx.world.del_netns(name)
        return 0
    if not argv:
        raise IpExit("No netns name specified\n", 1)
    name = argv[0]
    if name not in ctx.world.named:
        raise IpExit(f'Cannot remove namespace file "{NETNS_RUN_DIR}/{name}": '
                     "No such file or directory\n", 1)
    ctx.world.del_netns(name)
    return 0


def set_id(ctx: Context, argv: list[str]) -> int:
    if not argv:
        raise IpExit("No netns name specified\n", 1)
    if len(argv) < 2:
        raise IpExit("No nsid specified\n", 1)
    name, value = argv[0], argv[1]
    if value == "auto":
        nsid = -1
    else:
        number = get_integer(value)
        if number is None:
            raise invarg('Invalid "netnsid" value', value)
        if number < 0:
            raise invarg('"netnsid" value should be >= 0', value)
        nsid = number
    target = ctx.world.named.get(name)
    if target is None:
        raise IpExit(f'Cannot open network namespace "{name}": No such file or directory\n', 1)
    if ctx.ns.peer_id(target, alloc=False) is not None:
        raise IpExit("Error: Peer netns already has a nsid assigned.\n", 2)
    if nsid >= 0 and nsid in ctx.ns.netnsids.values():
        raise IpExit("Error: The specified nsid is already used.\n", 2)
    if nsid < 0:
        ctx.ns.peer_id(target)
    else:
        ctx.ns.netnsids[target.serial] = nsid
    return 0


def identify(ctx: Context, argv: list[str]) -> int:
    if len(argv) > 1:
        raise IpExit("extra arguments specified\n", 1)
    if argv:
        pid = argv[0]
        if not pid.isdigit():
            raise IpExit(f"Specified string '{pid}' is not a pid\n", 1)
        ctx.out("\n")
        return 0
    ctx.out((ctx.ns.name or "") + "\n")
    return 0


def pids(ctx: Context, argv: list[str]) -> int:
    if not argv:
        raise IpExit("No netns name specified\n", 1)
    if len(argv) > 1:
        raise IpExit("extra arguments specified\n", 1)
    if argv[0] not in ctx.world.named:
        raise IpExit("Cannot open network namespace: No such file or directory\n", 1)
    return 0


def exec_(ctx: Context, opts: IpOptions, argv: list[str]) -> int:
    if opts.all:
        raise UnsupportedError("ip -all netns exec")
    if not argv:
        raise IpExit("No netns name specified\n", 1)
    if len(argv) < 2:
        raise IpExit("No command specified\n", 1)
    name, command = argv[0], argv[1:]
    target = ctx.world.named.get(name)
    if target is None:
        raise IpExit(f'Cannot open network namespace "{name}": No such file or directory\n', 255)
    return ctx.in_ns(target).run(command)
