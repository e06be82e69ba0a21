"""The `vnet` command: run a lab script, open a shell, or compare sim with the kernel.

    vnet run FILE [--seed N] [--pcap DIR] [--backend sim|kernel]
                  [--trace] [--trace-json OUT.jsonl] [--explain]
    vnet explain FILE [--seed N] [--trace] [--trace-json OUT.jsonl]
    vnet shell [--seed N]
    vnet diff FILE [--seed N]
    vnet topo FILE
    vnet vm add NAME tap TAP [ifname IF] [address MAC] | vnet vm del NAME
    vnet serve tcp|udp PORT [reply TEXT]

`vm` attaches a guest to a TAP device on the real kernel (inside the sandbox); in a
simulated script the same line starts a simulated guest. `serve` starts a TCP or UDP
server daemon (an echo, or TEXT with %a the client's address) for `nc` to talk to;
in a simulated script it starts the simulated twin.

`run` prints what the real tools would print and exits with the script's status.
With `--trace` it then prints every packet's journey (vnet.trace: one block per packet,
its reply, the ICMP errors about it and the ARP exchange it waited on, one line per
kernel stage, grouped under the script line that sent it); the trace comes after the
script's output, so that output stays exactly what the tools print. `--trace-json`
writes the same steps as JSON lines to a file (`-` for stdout). `--explain`, and the
`explain` command (which prints only that), add one paragraph per failing ping or
traceroute saying where and why its packets died.

A FILE ending in `.toml` or `.json` is a topology file (vnet.topology): it is checked,
turned into the command lines that build it, and those run as a script would; `topo`
prints them.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="vnet", description="Linux network virtualization, simulated or in a kernel sandbox.")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    run = sub.add_parser("run", help="run a lab script")
    run.add_argument("file")
    run.add_argument("--seed", type=int, default=0, help="random seed (MACs, timers)")
    run.add_argument("--pcap", metavar="DIR", help="write one pcap file per interface to DIR")
    run.add_argument("--backend", choices=("sim", "kernel"), default="sim")
    _trace_options(run)
    run.add_argument("--explain", action="store_true",
                     help="then explain every failing ping/traceroute (simulator only)")
    explain = sub.add_parser("explain", help="run a script in the simulator and say where and "
                                             "why each failing ping or traceroute's packets died")
    explain.add_argument("file")
    explain.add_argument("--seed", type=int, default=0)
    _trace_options(explain)
    shell = sub.add_parser("shell", help="interactive prompt with the same commands")
    shell.add_argument("--seed", type=int, default=0)
    diff = sub.add_parser("diff", help="run a script in the simulator and in a kernel sandbox "
                                       "and print the masked differences")
    diff.add_argument("file")
    diff.add_argument("--seed", type=int, default=0)
    topo = sub.add_parser("topo", help="print the commands a topology file (.toml, .json) "
                                       "runs")
    topo.add_argument("file")
    return parser


def _trace_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--trace", action="store_true",
                        help="then print every packet's journey (simulator only)")
    parser.add_argument("--trace-json", metavar="OUT",
                        help="write the packet journeys as JSON lines to OUT (- for stdout)")


def main(argv: list[str] | None = None) -> int:
    if argv is None:
        argv = sys.argv[1:]
    if argv and argv[0] == "vm":
        from vnet.backend import tapvm

        return tapvm.main(argv[1:])
    if argv and argv[0] == "serve":   # a TCP/UDP daemon for nc, inside the kernel sandbox
        from vnet.backend import serve

        return serve.main(argv[1:])
    args = build_parser().parse_args(argv)
    if args.command is None:
        build_parser().print_help(sys.stderr)
        return 2
    if args.command == "topo":
        script = _topology_script(args.file)
        if script is None:
            return 2
        sys.stdout.write(script)
        return 0
    if args.command in ("run", "diff", "explain"):
        from vnet.topology import is_topology

        if is_topology(args.file):
            import tempfile

            script = _topology_script(args.file)
            if script is None:
                return 2
            with tempfile.TemporaryDirectory(prefix="vnet-topo-") as tmp:
                path = Path(tmp) / (Path(args.file).stem + ".sh")
                path.write_text(script)
                args.file = str(path)
                return _dispatch(args)
    return _dispatch(args)


def _topology_script(path: str) -> str | None:
    """The command lines of the topology file at `path`, or None (error printed)."""
    from vnet.topology import TopologyError, load, to_script

    try:
        return to_script(load(path))
    except TopologyError as err:
        print(f"vnet: {err}", file=sys.stderr)
        return None


def _dispatch(args: argparse.Namespace) -> int:
    if args.command == "run":
        return cmd_run(args)
    if args.command == "shell":
        from vnet.cli.repl import repl

        return repl(seed=args.seed)
    if args.command == "diff":
        return cmd_diff(args)
    if args.command == "explain":
        args.explain = True
        args.pcap = None
        args.backend = "sim"
        return cmd_run(args, script_output=False)
    return 2


def _read_script(path: str) -> str | None:
    try:
        return Path(path).read_text()
    except OSError as err:
        print(f"vnet: {path}: {err.strerror}", file=sys.stderr)
        return None
    except UnicodeDecodeError:
        print(f"vnet: {path}: not a text file", file=sys.stderr)
        return None


def cmd_run(args: argparse.Namespace, script_output: bool = True) -> int:
    tracing = args.trace or args.trace_json or args.explain
    if tracing and args.backend == "kernel":
        print("vnet: --trace, --trace-json and --explain need the simulator (--backend sim)",
              file=sys.stderr)
        return 2
    text = _read_script(args.file)
    if text is None:
        return 2
    if args.backend == "kernel":
        from vnet.backend import kernel

        try:
            kernel.check_available()
            result = kernel.run_script(args.file)
        except kernel.KernelUnavailable as err:
            print(f"vnet: kernel backend unavailable: {err}", file=sys.stderr)
            return 2
        except kernel.SandboxError as err:
            print(f"vnet: kernel sandbox: {err}", file=sys.stderr)
            return 2
        sys.stdout.write(result.output)
        return result.status
    from vnet.backend.sim import run_text
    from vnet.sim import new_world

    world = new_world(args.seed)
    tracer = None
    if tracing:
        from vnet.trace.tracer import Tracer

        tracer = Tracer(world).start()
    capture = None
    if args.pcap:
        from vnet.link.capture import PcapRecorder

        try:
            capture = PcapRecorder(world, args.pcap)
        except OSError as err:
            print(f"vnet: {args.pcap}: {err.strerror}", file=sys.stderr)
            return 2
    result, world = run_text(text, seed=args.seed, filename=Path(args.file).name, world=world)
    if capture is not None:
        capture.close()
    if script_output:
        sys.stdout.write(result.output)
    if tracer is not None:
        tracer.stop()
        if not _write_trace(args, tracer, script_output):
            return 2
    return result.status


def _write_trace(args: argparse.Namespace, tracer: object, script_output: bool) -> bool:
    """After the script: the journeys (--trace), JSON lines (--trace-json), explain."""
    from vnet.trace import explain, journey, jsonl, render

    blocks = []
    if args.trace:
        blocks.append(render.render(journey.build(tracer.records),  # type: ignore[attr-defined]
                                    tracer.commands, tracer.full))  # type: ignore[attr-defined]
    if args.explain:
        blocks.append(explain.render(tracer))  # type: ignore[arg-type]
    if blocks:
        if script_output:
            sys.stdout.write("\n")
        sys.stdout.write("\n".join(blocks))
    if args.trace_json:
        if args.trace_json == "-":
            jsonl.write(tracer, sys.stdout)  # type: ignore[arg-type]
            return True
        try:
            with open(args.trace_json, "w", encoding="utf-8") as stream:
                jsonl.write(tracer, stream)  # type: ignore[arg-type]
        except OSError as err:
            print(f"vnet: {args.trace_json}: {err.strerror}", file=sys.stderr)
            return False
    return True


def cmd_diff(args: argparse.Namespace) -> int:
    from vnet.backend import compare, kernel

    if _read_script(args.file) is None:
        return 2
    try:
        kernel.check_available()
        status, text = compare.diff_script(args.file, seed=args.seed)
    except kernel.KernelUnavailable as err:
        print(f"vnet: kernel backend unavailable: {err}", file=sys.stderr)
        return 2
    except kernel.SandboxError as err:
        print(f"vnet: kernel sandbox: {err}", file=sys.stderr)
        return 2
    sys.stdout.write(text)
    return status
