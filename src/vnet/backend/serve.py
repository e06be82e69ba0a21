"""`vnet serve tcp|udp PORT [reply TEXT]` on the real kernel: a small forked daemon.

A lab script is sequential (no `&`), so a server for `nc` to talk to is started by a
command that returns at once, as dnsmasq does when it daemonises. Run by the real
`vnet` console script inside the kernel sandbox (usually under `ip netns exec NS`), it
binds and listens in the caller's network namespace, then forks a daemon that serves
until the sandbox's PID namespace is torn down (it refuses to run outside the sandbox,
which sets VNET_SANDBOX=1); the parent exits 0 once the socket listens, so a client run
on the next line finds it. The simulator's twin is
vnet.apps.nc.Server; both answer the same way (see vnet.cli.nc for the syntax).
"""

from __future__ import annotations

import os
import select
import socket
import sys

from vnet.apps.nc import ServeSpec, parse_serve_args, reply_text


def _serve_tcp(sock: socket.socket, spec: ServeSpec) -> None:
    conns: dict[socket.socket, str] = {}
    while True:
        ready, _, _ = select.select([sock, *conns], [], [])
        for s in ready:
            if s is sock:
                try:
                    conn, peer = sock.accept()
                except OSError:
                    continue
                if spec.reply is not None:
                    try:
                        conn.sendall(reply_text(spec.reply, peer[0]).encode())
                    except OSError:
                        conn.close()
                        continue
                conns[conn] = peer[0]
                continue
            try:
                data = s.recv(65536)
            except OSError:
                data = b""
            if not data:
                conns.pop(s, None)
                s.close()
            elif spec.reply is None:
                try:
                    s.sendall(data)
                except OSError:
                    pass


def _serve_udp(sock: socket.socket, spec: ServeSpec) -> None:
    while True:
        data, peer = sock.recvfrom(65536)
        answer = data if spec.reply is None else reply_text(spec.reply, peer[0]).encode()
        try:
            sock.sendto(answer, peer)
        except OSError:
            pass


def main(argv: list[str]) -> int:
    spec = parse_serve_args(argv)
    if isinstance(spec, str):
        sys.stderr.write(spec)
        return 2
    if os.environ.get("VNET_SANDBOX") != "1":
        # never a daemon listening in the machine's own namespaces
        sys.stderr.write("vnet serve: runs only inside the kernel sandbox "
                         "(vnet run --backend kernel)\n")
        return 1
    kind = socket.SOCK_STREAM if spec.proto == "tcp" else socket.SOCK_DGRAM
    sock = socket.socket(socket.AF_INET, kind)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind(("0.0.0.0", spec.port))
        if spec.proto == "tcp":
            sock.listen(128)
    except OSError as err:
        sys.stderr.write(f"vnet serve: {spec.proto} port {spec.port}: {err.strerror}\n")
        return 1
    sys.stdout.flush()
    pid = os.fork()
    if pid:
        sock.close()
        return 0
    try:
        os.setsid()
        null = os.open(os.devnull, os.O_RDWR)
        for std in (0, 1, 2):
            os.dup2(null, std)
        if spec.proto == "tcp":
            _serve_tcp(sock, spec)
        else:
            _serve_udp(sock, spec)
    finally:
        os._exit(0)
