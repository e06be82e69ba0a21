"""How `ip` reports failures: the message on stderr and the exit status, as iproute2 does.

iproute2 exits from deep inside its parsers (`invarg()`, `duparg()`, `missarg()`,
`incomplete_command()` print and `exit(-1)`, i.e. status 255; `get_addr()`/`get_prefix()`
`exit(1)`); a command function that returns -1 makes `ip` exit 1, one that returns -2
(a refused netlink request) exits 2. `IpExit` carries that text and status up to
`vnet.cli.ip.main`, which prints it. Kernel refusals print the extended-ack message as
`Error: <msg>.` when the kernel gives one, else `RTNETLINK answers: <strerror>`
(lib/libnetlink.c).
"""

from __future__ import annotations

import errno
import os


class IpExit(Exception):
    """Stop the command: print `message` on stderr and exit with `status`.

    `fatal` tells an exit() (the whole `ip` process ends, even in -batch mode) from a
    command function returning an error (-batch reports "Command failed" and goes on with
    -force); exit(-1) paths (status 255) are fatal unless said otherwise."""

    def __init__(self, message: str, status: int, fatal: bool | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        self.fatal = status == 255 if fatal is None else fatal


def invarg(msg: str, arg: str) -> IpExit:
    return IpExit(f'Error: argument "{arg}" is wrong: {msg}\n', 255)


def duparg(key: str, arg: str) -> IpExit:
    return IpExit(f'Error: duplicate "{key}": "{arg}" is the second value.\n', 255)


def duparg2(key: str, arg: str) -> IpExit:
    return IpExit(f'Error: either "{key}" is duplicate, or "{arg}" is a garbage.\n', 255)


def missarg(key: str) -> IpExit:
    return IpExit(f'Error: argument "{key}" is required\n', 255)


def incomplete_command() -> IpExit:
    return IpExit('Command line is not complete. Try option "help"\n', 255)


def nodev(dev: str) -> IpExit:
    """nodev(): the command returns -1, so ip exits 1."""
    return IpExit(f'Cannot find device "{dev}"\n', 1)


def strerror(errno_name: str) -> str:
    code = getattr(errno, errno_name, None)
    return os.strerror(code) if code is not None else errno_name


def ext_ack(msg: str) -> str:
    """print_ext_ack_msg: "Error: msg" with a full stop added when missing."""
    return f"Error: {msg}{'' if msg.endswith('.') else '.'}\n"


def rtnl_error(errno_name: str, msg: str | None = None, status: int = 2,
               fatal: bool = False) -> IpExit:
    """A netlink request the kernel refused (rtnl_talk < 0): exit 2 by default."""
    if msg and msg != strerror(errno_name):
        return IpExit(ext_ack(msg), status, fatal)
    return IpExit(f"RTNETLINK answers: {strerror(errno_name)}\n", status, fatal)
