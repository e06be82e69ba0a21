"""`ip`'s global options (ip/ip.c main()): parsed in iproute2's order, with its prefix rules.

Each option is tried in the same sequence as ip.c so that abbreviations resolve the same
way (`-b` is -batch, `-br` -brief, `-s` -stats, `-r` -resolve, `-rc` -rcvbuf, `-n` -netns,
`-N` -Numeric, `-c[olor][=always|auto|never]`). `-n NS` switches namespace immediately,
as netns_switch() does, so a missing namespace fails before the object is looked at.
"""

from __future__ import annotations

from dataclasses import dataclass

from vnet.cli.context import Context
from vnet.cli.ip import util
from vnet.cli.ip.errors import IpExit, invarg
from vnet.cli.ip.usage import IP as USAGE
from vnet.cli.shell.api import UnsupportedError

VERSION = "ip utility, iproute2-6.1.0, libbpf 1.1.2\n"


@dataclass
class IpOptions:
    family: int = util.AF_UNSPEC
    human: int = 0
    iec: int = 0
    stats: int = 0
    details: int = 0
    resolve: int = 0
    oneline: int = 0
    timestamp: int = 0
    force: int = 0
    brief: int = 0
    json: int = 0
    pretty: int = 0
    color: bool = False
    numeric: int = 0
    all: bool = False
    netns: str | None = None
    loops: int = 10
    batch: str | None = None


def parse_global_options(ctx: Context, argv: list[str]) -> tuple[IpOptions, list[str], int | None]:
    """(options, remaining argv, exit status if `ip` is already done (-V, usage))."""
    opts = IpOptions()
    m = util.matches
    i = 0
    color_mode = ""
    while i < len(argv):
        opt = argv[i]
        if opt == "--":
            i += 1
            break
        if not opt.startswith("-"):
            break
        if opt.startswith("--"):
            opt = opt[1:]

        def value() -> str:
            nonlocal i
            i += 1
            if i >= len(argv):
                raise IpExit(USAGE, 255)
            return argv[i]

        if m(opt, "-loops"):
            loops = value()
            opts.loops = util.strtol(loops, 10)[0] if util.strtol(loops, 10)[1] else 0
        elif m(opt, "-family"):
            name = value()
            if name == "help":
                raise IpExit(USAGE, 255)
            opts.family = util.read_family(name)
            if opts.family == util.AF_UNSPEC:
                raise invarg("invalid protocol family", name)
        elif opt == "-4":
            opts.family = util.AF_INET
        elif opt == "-6":
            opts.family = util.AF_INET6
        elif opt == "-0":
            opts.family = util.AF_PACKET
        elif opt == "-M":
            opts.family = util.AF_MPLS
        elif opt == "-B":
            opts.family = util.AF_BRIDGE
        elif m(opt, "-human") or m(opt, "-human-readable"):
            opts.human += 1
        elif m(opt, "-iec"):
            opts.iec += 1
        elif m(opt, "-stats") or m(opt, "-statistics"):
            opts.stats += 1
        elif m(opt, "-details"):
            opts.details += 1
        elif m(opt, "-resolve"):
            opts.resolve += 1
        elif m(opt, "-oneline"):
            opts.oneline += 1
        elif m(opt, "-timestamp"):
            opts.timestamp += 1
        elif m(opt, "-tshort"):
            opts.timestamp += 1
        elif m(opt, "-Version"):
            ctx.out(VERSION)
            return opts, [], 0
        elif m(opt, "-force"):
            opts.force += 1
        elif m(opt, "-batch"):
            opts.batch = value()
        elif m(opt, "-brief"):
            opts.brief += 1
        elif m(opt, "-json"):
            opts.json += 1
        elif m(opt, "-pretty"):
            opts.pretty += 1
        elif m(opt, "-rcvbuf"):
            size = value()
            if util.get_unsigned(size) is None:
                raise IpExit(f"Invalid rcvbuf size '{size}'\n", 255)
        elif _matches_color(opt) is not None:
            color_mode = _matches_color(opt) or ""
        elif m(opt, "-help"):
            raise IpExit(USAGE, 255)
        elif m(opt, "-netns"):
            if i + 1 >= len(argv):      # NEXT_ARG then argv[1]: a NULL name
                raise IpExit('Cannot open network namespace "(null)": '
                             "No such file or directory\n", 255)
            name = value()
            if ctx.world.named.get(name) is None:
                raise IpExit(
                    f'Cannot open network namespace "{name}": No such file or directory\n', 255)
            opts.netns = name
        elif m(opt, "-Numeric"):
            opts.numeric += 1
        elif m(opt, "-all"):
            opts.all = True
        elif opt == "-echo":
            raise UnsupportedError("ip -echo")
        else:
            raise IpExit(f'Option "{opt}" is unknown, try "ip -help".\n', 255)
        i += 1
    # check_enable_color: JSON or "never" disable it; "auto" needs a terminal (never here)
    opts.color = color_mode == "always" and not opts.json
    return opts, argv[i:], None


def _matches_color(opt: str) -> str | None:
    """matches_color: "-c[olor][=WHEN]" -> "always"/"auto"/"never", None if not colour."""
    name, eq, when = opt.partition("=")
    if not util.matches(name, "-color"):
        return None
    if not when or when == "always":
        return "always"
    if when in ("auto", "never"):
        return when
    return None
