"""`vnet vm` on the real kernel: a relay process standing in for qemu and its guest.

Inside the kernel sandbox (root), `vnet vm add NAME tap TAP [ifname IF] [address MAC]`
creates network namespace NAME (like `ip netns add`), opens the existing host TAP
device with TUNSETIFF (so it gains carrier, as when qemu holds it), creates the guest
NIC as a second TAP device inside NAME, and forks a relay that copies frames between
the two file descriptors until it is killed. `vnet vm del NAME` kills the relay and
deletes the namespace. The simulator's twin is vnet.apps.vm; both print the same.
"""

from __future__ import annotations

import ctypes
import fcntl
import os
import select
import signal
import struct
import subprocess
import time

TUNSETIFF = 0x400454CA
IFF_TAP = 0x0002
IFF_NO_PI = 0x1000
CLONE_NEWNET = 0x40000000


class VmError(Exception):
    pass


def _open_tap(name: str) -> int:
    fd = os.open("/dev/net/tun", os.O_RDWR)
    try:
        fcntl.ioctl(fd, TUNSETIFF, struct.pack("16sH", name.encode(), IFF_TAP | IFF_NO_PI))
    except OSError:
        os.close(fd)
        raise
    return fd


def _setns(path: str) -> None:
    libc = ctypes.CDLL(None, use_errno=True)
    fd = os.open(path, os.O_RDONLY)
    try:
        if libc.setns(fd, CLONE_NEWNET) != 0:
            raise OSError(ctypes.get_errno(), "setns")
    finally:
        os.close(fd)


def _relay(a: int, b: int) -> None:
    while True:
        ready, _, _ = select.select([a, b], [], [])
        for fd in ready:
            try:
                frame = os.read(fd, 65536)
                os.write(b if fd == a else a, frame)
            except OSError:
                continue


def _tap_exists(name: str) -> bool:
    return os.path.exists(f"/sys/class/net/{name}/tun_flags")


def add_vm(name: str, tap: str, ifname: str = "eth0", mac: str | None = None) -> None:
    if not _tap_exists(tap):
        raise VmError(f'"{tap}" is not a tap device')
    if os.path.exists(f"/run/netns/{name}"):
        raise VmError(f'a namespace "{name}" already exists')
    try:
        host_fd = _open_tap(tap)
    except OSError:
        raise VmError(f"{tap} is already in use") from None
    subprocess.run(["ip", "netns", "add", name], check=True)
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the relay: enter the guest namespace, create its NIC, relay forever
        try:
            os.close(read_end)
            os.setsid()
            _setns(f"/run/netns/{name}")
            guest_fd = _open_tap(ifname)
            if mac:
                subprocess.run(["ip", "link", "set", ifname, "address", mac], check=True)
            null = os.open(os.devnull, os.O_RDWR)
            for std in (0, 1, 2):
                os.dup2(null, std)
            os.write(write_end, b"ok")
            os.close(write_end)
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
            _relay(host_fd, guest_fd)
        finally:
            os._exit(1)
    os.close(write_end)
    os.close(host_fd)
    ok = os.read(read_end, 2)
    os.close(read_end)
    if ok != b"ok":
        subprocess.run(["ip", "netns", "del", name], check=False)
        raise VmError(f"could not create {ifname} in {name}")


def _relay_pids(name: str) -> list[int]:
    pids = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/cmdline", "rb") as f:
                args = f.read().split(b"\0")
        except OSError:
            continue
        # the relay is a fork of `vnet vm add NAME ...` and keeps that command line
        for i in range(len(args) - 2):
            if args[i:i + 3] == [b"vm", b"add", name.encode()] and int(entry) != os.getpid():
                pids.append(int(entry))
                break
    return pids


def del_vm(name: str) -> None:
    if not os.path.exists(f"/run/netns/{name}"):
        raise VmError(f'no VM "{name}"')
    for pid in _relay_pids(name):
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    time.sleep(0.05)
    subprocess.run(["ip", "netns", "del", name], check=False)


def main(argv: list[str]) -> int:
    """`vnet vm ...` from the real console script."""
    import sys

    from vnet.cli.vnet_cmd import parse_vm_args

    parsed = parse_vm_args(argv)
    if isinstance(parsed, str):
        sys.stderr.write(parsed)
        return 2
    if os.geteuid() != 0 or os.environ.get("VNET_SANDBOX") != "1":
        # never create namespaces or devices in the machine's own network namespace
        sys.stderr.write("vnet vm: runs only inside vnet's kernel sandbox "
                         "(vnet run --backend kernel SCRIPT), or in the simulator\n")
        return 1
    action, name, opts = parsed
    try:
        if action == "add":
            add_vm(name, opts["tap"], opts.get("ifname", "eth0"), opts.get("address"))
        else:
            del_vm(name)
    except VmError as err:
        sys.stderr.write(f"vnet vm: {err}\n")
        return 1
    return 0
