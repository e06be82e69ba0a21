"""`sysctl` (procps-ng 4.0.2) over the simulated /proc/sys of the current namespace.

Options are parsed as getopt_long does it (bundled short options, permuted operands,
unambiguous long-option prefixes, `--`). A name is turned into a path the procps way
(slashdot: the first separator decides whether dots or slashes separate components), a
directory is listed recursively in the kernel's sorted order, `-a` walks all of
/proc/sys. A `KEY=VALUE` operand (or any operand with -w) is written with the same
parsing the kernel's handler applies (vnet.cli.procfs.sysctl_write) and echoed as
`KEY = VALUE`. Exit status: the sum of read failures, or 1 for a failed write.

Deviations: only the keys vnet models exist (net.ipv4.* and net.ipv6.* of the IPv4
stack and addrconf), so `-a` lists far fewer keys than Linux and any other key is
"cannot stat"; `-p`/`--load` and `--system` (configuration files) are not simulated.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from vnet.cli import procfs
from vnet.cli.context import Context
from vnet.cli.shell.api import UnsupportedError

PROC_PATH = "/proc/sys/"
VERSION = "sysctl from procps-ng 4.0.2\n"

USAGE = (
    "\n"
    "Usage:\n"
    " sysctl [options] [variable[=value] ...]\n"
    "\n"
    "Options:\n"
    "  -a, --all            display all variables\n"
    "  -A                   alias of -a\n"
    "  -X                   alias of -a\n"
    "      --deprecated     include deprecated parameters to listing\n"
    "      --dry-run        Print the key and values but do not write\n"
    "  -b, --binary         print value without new line\n"
    "  -e, --ignore         ignore unknown variables errors\n"
    "  -N, --names          print variable names without values\n"
    "  -n, --values         print only values of the given variable(s)\n"
    "  -p, --load[=<file>]  read values from file\n"
    "  -f                   alias of -p\n"
    "      --system         read values from all system directories\n"
    "  -r, --pattern <expression>\n"
    "                       select setting that match expression\n"
    "  -q, --quiet          do not echo variable set\n"
    "  -w, --write          enable writing a value to variable\n"
    "  -o                   does nothing\n"
    "  -x                   does nothing\n"
    "  -d                   alias of -h\n"
    "\n"
    " -h, --help     display this help and exit\n"
    " -V, --version  output version information and exit\n"
    "\n"
    "For more details see sysctl(8).\n"
)

SHORT = "bneNwfp::qoxaAXr:Vdh"
LONG = {"all": "a", "deprecated": "deprecated", "dry-run": "dry-run", "binary": "b",
        "ignore": "e", "names": "N", "values": "n", "load": "p", "quiet": "q",
        "write": "w", "system": "system", "pattern": "r", "help": "h", "version": "V"}
LONG_ARG = {"pattern": "required", "load": "optional"}


class _Exit(Exception):
    def __init__(self, status: int) -> None:
        super().__init__(status)
        self.status = status


@dataclass
class Opts:
    print_name: bool = True
    print_newline: bool = True
    ignore_error: bool = False
    name_only: bool = False
    quiet: bool = False
    write_mode: bool = False
    display_all: bool = False
    dry_run: bool = False
    pattern: str | None = None


def main(ctx: Context, argv: list[str]) -> int:
    ctx.ordered_output = True       # procps' warnings flush stdout first
    try:
        return _main(ctx, argv) & 0xFF
    except _Exit as done:
        return done.status


def _usage(ctx: Context, to_stdout: bool) -> _Exit:
    (ctx.out if to_stdout else ctx.err)(USAGE)
    return _Exit(0 if to_stdout else 1)


def getopt(ctx: Context, argv: list[str]) -> tuple[list[tuple[str, str | None]], list[str]]:
    """GNU getopt_long with permutation; errors print getopt's message and raise '?'."""
    opts: list[tuple[str, str | None]] = []
    operands: list[str] = []
    i = 0
    while i < len(argv):
        arg = argv[i]
        if arg == "--":
            operands += argv[i + 1:]
            break
        if arg.startswith("--"):
            name, eq, value = arg[2:].partition("=")
            matches = [k for k in LONG if k.startswith(name)]
            if name in LONG:
                matches = [name]
            if not matches:
                ctx.err(f"sysctl: unrecognized option '{arg}'\n")
                raise _usage(ctx, True)
            if len(matches) > 1:
                ctx.err(f"sysctl: option '{arg}' is ambiguous; possibilities:"
                        + "".join(f" '--{m}'" for m in matches) + "\n")
                raise _usage(ctx, True)
            key = matches[0]
            kind = LONG_ARG.get(key)
            if eq and kind is None:
                ctx.err(f"sysctl: option '--{key}' doesn't allow an argument\n")
                raise _usage(ctx, True)
            if kind == "required" and not eq:
                if i + 1 >= len(argv):
                    ctx.err(f"sysctl: option '--{key}' requires an argument\n")
                    raise _usage(ctx, True)
                i += 1
                value = argv[i]
                eq = "="
            opts.append((LONG[key], value if eq else None))
        elif arg.startswith("-") and arg != "-":
            j = 1
            while j < len(arg):
                c = arg[j]
                pos = SHORT.find(c)
                if c == ":" or pos < 0:
                    ctx.err(f"sysctl: invalid option -- '{c}'\n")
                    raise _usage(ctx, True)
                spec = SHORT[pos + 1:pos + 3]
                if spec.startswith(":"):
                    rest = arg[j + 1:]
                    if spec == "::":
                        opts.append((c, rest or None))
                    elif rest:
                        opts.append((c, rest))
                    elif i + 1 < len(argv):
                        i += 1
                        opts.append((c, argv[i]))
                    else:
                        ctx.err(f"sysctl: option requires an argument -- '{c}'\n")
                        raise _usage(ctx, True)
                    break
                opts.append((c, None))
                j += 1
        else:
            operands.append(arg)
        i += 1
    return opts, operands


def _main(ctx: Context, argv: list[str]) -> int:
    if not argv:
        raise _usage(ctx, False)
    parsed, operands = getopt(ctx, argv)
    o = Opts()
    for opt, value in parsed:
        if opt == "b":
            o.print_newline = False
            o.print_name = False
        elif opt == "n":
            o.print_name = False
        elif opt == "e":
            o.ignore_error = True
        elif opt == "N":
            o.name_only = True
        elif opt == "w":
            o.write_mode = True
        elif opt in ("f", "p"):
            raise UnsupportedError("sysctl -p (loading settings from a file)")
        elif opt == "q":
            o.quiet = True
        elif opt in ("a", "A", "X"):
            o.display_all = True
        elif opt == "deprecated":
            pass
        elif opt == "system":
            raise UnsupportedError("sysctl --system")
        elif opt == "dry-run":
            o.dry_run = True
        elif opt == "r":
            o.pattern = value
        elif opt == "V":
            ctx.out(VERSION)
            return 0
        elif opt in ("d", "h"):
            raise _usage(ctx, True)
    if o.display_all:
        return display_all(ctx, o, "")
    if not operands:
        ctx.err("sysctl: no variables specified\nTry `sysctl --help' for more information.\n")
        return 1
    if o.name_only and o.quiet:
        ctx.err("sysctl: options -N and -q cannot coexist\n"
                "Try `sysctl --help' for more information.\n")
        return 1
    status = 0
    for arg in operands:
        if o.write_mode or "=" in arg:
            status |= write_setting(ctx, o, arg)
        else:
            status += read_setting(ctx, o, arg)
    return status


def slashdot(name: str, old: str, new: str) -> str:
    """procps slashdot(): the first separator tells the format; convert if it is `old`."""
    m = re.search(r"[/.]", name)
    if m is None or name[m.start()] == new:
        return name
    head, tail = name[:m.start()], name[m.start():]
    return head + tail.translate(str.maketrans({old: new, new: old}))


def _pattern_match(name: str, pattern: str) -> bool:
    try:
        return re.search(pattern, name) is not None
    except re.error:
        return False


def read_setting(ctx: Context, o: Opts, name: str) -> int:
    """ReadSetting."""
    if not name:
        ctx.err('sysctl: "" is an unknown key\n')
        return -1
    path = PROC_PATH + slashdot(name, ".", "/")
    outname = slashdot(name, "/", ".")
    try:
        node = procfs.resolve(ctx.ns, path)
    except procfs.ProcError as err:
        if not o.ignore_error:
            ctx.err(f"sysctl: cannot stat {path}: {err.text}\n")
            return 1
        return 0
    if node.is_dir:
        return display_all(ctx, o, path[len(PROC_PATH):].rstrip("/") + "/")
    if o.pattern is not None and not _pattern_match(outname, o.pattern):
        return 0
    if o.name_only:
        ctx.out(outname + "\n")
        return 0
    try:
        assert node.read is not None
        text = node.read()
    except procfs.ProcError as err:
        ctx.err(f'sysctl: reading key "{outname}": {err.text}\n')
        return 1
    if o.print_name:
        ctx.out(f"{outname} = {text}" + ("" if text.endswith("\n") else "\n"))
    elif o.print_newline:
        ctx.out(text)
    else:
        ctx.out(text.replace("\n", "", 1))
    return 0


def display_all(ctx: Context, o: Opts, rel: str) -> int:
    """DisplayAll: every file under /proc/sys/<rel>, directories in sorted order."""
    node = procfs.resolve(ctx.ns, PROC_PATH + rel)
    assert node.children is not None
    status = 0
    for child in sorted(node.children(), key=lambda c: c.encode()):
        sub = rel + child
        if procfs.resolve(ctx.ns, PROC_PATH + sub).is_dir:
            status |= display_all(ctx, o, sub + "/")
        else:
            status |= read_setting(ctx, o, sub)
    return status


def _parse_setting(ctx: Context, arg: str) -> tuple[str, str] | None:
    """parse_setting_line("command line", 0, arg)."""
    key = arg.lstrip()
    if len(key) < 2 or key[0] in "#;":
        return None
    if "=" not in key:
        if key[0] == "-":
            return None
        ctx.err("sysctl: command line(0): invalid syntax, continuing...\n")
        return None
    key, _, value = key.partition("=")
    if key.startswith("-"):
        key = key[1:]
    return key.rstrip(), value.strip()


def write_setting(ctx: Context, o: Opts, arg: str) -> int:
    """WriteSetting (procps 4.0.2 behaviour)."""
    setting = _parse_setting(ctx, arg)
    if setting is None:
        return 1
    key, value = setting
    path = PROC_PATH + slashdot(key, ".", "/")
    dotted = slashdot(path[len(PROC_PATH):], "/", ".")
    try:
        node = procfs.resolve(ctx.ns, path)
    except procfs.ProcError as err:
        if o.ignore_error:
            return 0
        ctx.err(f"sysctl: cannot stat {path}: {err.text}\n")
        return 1
    if node.is_dir:
        ctx.err(f'sysctl: setting key "{dotted}": Invalid argument\n')
        return 0
    if not o.dry_run:
        try:
            if node.write is None:
                raise procfs.ProcError("EACCES")
            node.write(value + "\n")
        except procfs.ProcError as err:
            if err.errno_name in ("EACCES", "EPERM"):
                ctx.err(f'sysctl: permission denied on key "{dotted}"\n')
            else:
                ctx.err(f'sysctl: setting key "{dotted}": {err.text}\n')
            return 1
    if not o.quiet or o.dry_run:
        if o.name_only:
            ctx.out(dotted + "\n")
        elif o.print_name:
            ctx.out(f"{dotted} = {value}\n")
        elif o.print_newline:
            ctx.out(value + "\n")
        else:
            ctx.out(value)
    return 0
