"""`vnet vm add NAME tap TAP [ifname IF] [address MAC]` and `vnet vm del NAME` in scripts.

In the simulator this starts a simulated guest (vnet.apps.vm); the same line under
bash in the kernel sandbox runs the real `vnet` console script, whose `vm` command
(vnet.backend.tapvm) relays between two real TAP devices. Output and errors are the
same in both.

`vnet serve tcp|udp PORT [reply TEXT]` is handed to vnet.cli.nc (its daemon twin in the
kernel sandbox is vnet.backend.serve).
"""

from __future__ import annotations

from vnet.apps import vm
from vnet.cli.context import Context
from vnet.cli.shell.api import UnsupportedError
from vnet.wire.mac import mac_from_str

USAGE = ("Usage: vnet vm add NAME tap TAP [ifname IFNAME] [address MAC]\n"
         "       vnet vm del NAME\n")


def parse_vm_args(argv: list[str]) -> tuple[str, str, dict[str, str]] | str:
    """Returns (action, name, options) or an error message."""
    if len(argv) < 2 or argv[0] not in ("add", "del"):
        return USAGE
    action, name, rest = argv[0], argv[1], argv[2:]
    opts: dict[str, str] = {}
    if len(rest) % 2:
        return USAGE
    for key, value in zip(rest[::2], rest[1::2], strict=True):
        if key not in ("tap", "ifname", "address"):
            return f'vnet vm: unknown option "{key}"\n' + USAGE
        opts[key] = value
    if action == "add" and "tap" not in opts:
        return USAGE
    if "address" in opts:
        try:
            mac_from_str(opts["address"])
        except ValueError:
            return f'vnet vm: invalid address "{opts["address"]}"\n'
    return action, name, opts


def main(ctx: Context, argv: list[str]) -> int:
    if argv and argv[0] == "serve":
        from vnet.cli.nc import serve_main

        return serve_main(ctx, argv[1:])
    if not argv or argv[0] != "vm":
        raise UnsupportedError("vnet " + " ".join(argv[:1]) + " inside a script")
    parsed = parse_vm_args(argv[1:])
    if isinstance(parsed, str):
        ctx.err(parsed)
        return 2
    action, name, opts = parsed
    try:
        if action == "add":
            mac = mac_from_str(opts["address"]) if "address" in opts else None
            vm.add_vm(ctx.ns, name, opts["tap"], opts.get("ifname", "eth0"), mac)
        else:
            vm.del_vm(ctx.ns, name)
    except vm.VmError as err:
        ctx.err(f"vnet vm: {err}\n")
        return 1
    return 0
