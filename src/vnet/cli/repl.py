"""`vnet shell`: an interactive prompt over one simulated World.

The same commands as a script, one input at a time, with readline history (kept in
~/.vnet_history when the file system allows) and continuation prompts for incomplete
input (`for` loops, open quotes). `help` lists the simulated commands; `exit` or
Ctrl-D leaves; at a terminal Ctrl-C drops the line being typed (or abandons the command
running) and gives a new prompt with `$?` = 130, as bash does (reading commands from a
pipe, it ends the shell with status 130). At a terminal, a program that runs until
interrupted (`ping` without -c) runs in real time until Ctrl-C (vnet.cli.live).
"""

from __future__ import annotations

import os
import sys

from vnet.cli import commands
from vnet.cli.host import SimHost
from vnet.cli.shell.errors import NeedMoreInput
from vnet.cli.shell.interp import Interpreter
from vnet.sim import new_world

HELP = """\
vnet shell: a simulated Linux host. Commands behave as on Debian 12.
  simulated commands: {commands}
  shell: variables, for/while/if, pipes into grep/awk/sort/..., $?, set -e,
         sleep N (advances virtual time instantly), echo, exit
  e.g.   ip netns add a; ip link add veth0 type veth peer name veth1 netns a
Virtual time now: {now:.3f} s.
"""


def _setup_history() -> str | None:
    try:
        import readline
    except ImportError:
        return None
    path = os.path.expanduser("~/.vnet_history")
    try:
        readline.read_history_file(path)
    except OSError:
        pass
    return path


def _save_history(path: str | None) -> None:
    if path is None:
        return
    try:
        import readline

        readline.write_history_file(path)
    except OSError:
        pass


def repl(seed: int = 0) -> int:
    world = new_world(seed)
    host = SimHost(world)

    def out(text: str) -> None:
        sys.stdout.write(text)
        sys.stdout.flush()

    def err(text: str) -> None:
        sys.stderr.write(text)
        sys.stderr.flush()

    interp = Interpreter(host, out, err, filename="vnet")
    host.interp = interp
    interactive = sys.stdin.isatty()
    if interactive:     # someone watches: `ping` without -c runs until Ctrl-C
        interp.terminal = out
    history = _setup_history() if interactive else None
    status = 0
    pending = ""
    try:
        while True:
            prompt = "> " if pending else "vnet# "
            try:
                line = input(prompt) if interactive else _read_line()
            except EOFError:
                if interactive:
                    out("\n")
                break
            except KeyboardInterrupt:       # as bash: the line is dropped, a new prompt
                if not interactive:
                    return 130
                out("\n")
                pending = ""
                status = interp.last_status = 130
                continue
            text = pending + "\n" + line if pending else line
            if not pending and line.strip() == "help":
                names = " ".join(sorted([*commands.COMMANDS, "cat", "ls"]))
                out(HELP.format(commands=names, now=world.now / 1e9))
                continue
            try:
                status = interp.run_line(text)
            except NeedMoreInput:
                pending = text
                continue
            except KeyboardInterrupt:       # the command is abandoned where it was
                if not interactive:
                    return 130
                out("\n")
                status = interp.last_status = 130
            pending = ""
            if interp.exit_requested:
                break
    finally:
        _save_history(history)
    return status


def _read_line() -> str:
    line = sys.stdin.readline()
    if not line:
        raise EOFError
    return line.rstrip("\n")
