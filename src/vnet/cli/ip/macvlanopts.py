"""`ip link ... type macvlan` options (iproute2 ip/iplink_macvlan.c): parsing, and the
`macvlan mode M [nopromisc] bcqueuelen N usedbcqueuelen N` details `ip -d link` prints."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from vnet.cli.ip.errors import IpExit
from vnet.cli.ip.util import get_unsigned, matches
from vnet.cli.shell.api import UnsupportedError
from vnet.link import macvlan

if TYPE_CHECKING:
    from vnet.cli.ip.output import Printer
    from vnet.link.device import Device

USAGE = (
    "Usage: ... macvlan mode MODE [flag MODE_FLAG] MODE_OPTS [bcqueuelen BC_QUEUE_LEN]\n"
    "\n"
    "MODE: private | vepa | bridge | passthru | source\n"
    "MODE_FLAG: null | nopromisc | nodst\n"
    'MODE_OPTS: for mode "source":\n'
    "\tmacaddr { { add | del } <macaddr> | set [ <macaddr> [ <macaddr>  ... ] ] | flush }\n"
    "BC_QUEUE_LEN: Length of the rx queue for broadcast/multicast: [0-4294967295]\n"
)
_MODES = {name: mode for mode, name in macvlan.MODE_NAMES.items()}


@dataclass
class MacvlanOpts:
    mode: int | None = None
    nopromisc: bool = False
    bcqueuelen: int | None = None


def _incomplete() -> IpExit:
    return IpExit('Command line is not complete. Try option "help"\n', 255)


def _explain(first: str = "") -> IpExit:
    return IpExit(first + USAGE, 1)


def parse(args: list[str]) -> MacvlanOpts:
    """macvlan_parse_opt."""
    opts = MacvlanOpts()
    i = 0
    while i < len(args):
        w = args[i]
        if matches(w, "mode"):
            i += 1
            if i >= len(args):
                raise _incomplete()
            mode = _MODES.get(args[i])
            if mode is None:
                raise IpExit('Error: argument of "mode" must be "private", "vepa", "bridge", '
                             f'"passthru" or "source", not "{args[i]}"\n', 1)
            if mode == macvlan.MACVLAN_MODE_SOURCE:
                raise UnsupportedError("ip link type macvlan mode source")
            opts.mode = mode
        elif matches(w, "nopromisc"):
            opts.nopromisc = True
        elif matches(w, "bcqueuelen"):
            i += 1
            if i >= len(args):
                raise _incomplete()
            value = get_unsigned(args[i])
            if value is None or value > 0xFFFFFFFF:
                raise IpExit('Error: argument of "bcqueuelen" must be a positive integer '
                             f'[0-4294967295], not "{args[i]}"\n', 1)
            opts.bcqueuelen = value
        elif matches(w, "macaddr") or matches(w, "nodst") or matches(w, "bclim"):
            raise UnsupportedError(f"ip link type macvlan {w}")
        elif matches(w, "help"):
            raise _explain()
        else:
            raise _explain(f'macvlan: unknown option "{w}"?\n')
        i += 1
    if opts.nopromisc and opts.mode != macvlan.MACVLAN_MODE_PASSTHRU:
        raise _explain("macvlan: nopromisc flag only valid in passthru mode\n")
    return opts


def apply(dev: Device, opts: MacvlanOpts) -> None:
    """macvlan_changelink's settable part (mode, bcqueuelen)."""
    assert isinstance(dev, macvlan.MacVlan)
    if opts.mode is not None:
        dev.set_mode(opts.mode)
    if opts.bcqueuelen is not None:
        dev.bc_queue_len_req = opts.bcqueuelen


def print_macvlan(p: Printer, dev: Device) -> None:
    """macvlan_print_opt."""
    from vnet.cli.ip.output import ANY

    assert isinstance(dev, macvlan.MacVlan)
    p.string(ANY, "mode", "mode %s ", macvlan.MODE_NAMES[dev.mode])
    if dev.nopromisc:
        p.bool(ANY, "nopromisc", "nopromisc ", True)
    p.value(ANY, "bcqueuelen", "bcqueuelen %d ", dev.bc_queue_len_req)
    p.value(ANY, "usedbcqueuelen", "usedbcqueuelen %d ", dev.port.bc_queue_len_used)
