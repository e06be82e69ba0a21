"""`make bench`: simulated vs real-kernel ping floods, scale and a profile, in about a minute.

Measures (see bench/PROFILE.md for what the profile says):

* ``sim_rtt_per_s_1bridge`` / ``sim_rtt_per_s_5bridge``: simulated ICMP echo round trips
  per wall second, ns1 → one bridge (or a chain of five, each in its own namespace) → ns2
  (:mod:`bench.flood`); the two floods and the traced one below take turns of half a
  second, so that a drift in the machine's speed does not skew their ratios;
* ``sim_rtt_per_s_3routers``: echo round trips ns1 → three forwarding routers → ns2
  (TTL, FIB lookup, neighbour resolution and MAC rewrite at every hop;
  :func:`bench.flood.measure_routed`);
* ``sim_rtt_per_s_1bridge_traced``: the same one-bridge flood with the packet-journey
  trace on, and ``trace_slowdown`` (untraced / traced rate, goal ≤ 2);
* ``kernel_rtt_per_s_1bridge``: the kernel's ``ping -f`` through the same one-bridge
  topology in vnet's kernel sandbox, null with the reason when it cannot run
  (:mod:`bench.kernel_flood`);
* ``sim_over_kernel`` (goal ≥ 0.25) and ``five_over_one`` (goal ≥ 0.7), shown against
  their goals, never asserted;
* ``events_per_s``: scheduler events per wall second during the one-bridge flood;
* ``star_N_build_s`` / ``star_N_mem_mb``: building N namespaces on one hub bridge
  (:mod:`bench.star`);
* ``sim_rtt_per_s_masquerade`` and ``conntrack_lookups_per_s_10`` / ``_100000``: echo
  round trips through a MASQUERADE router and the conntrack lookup cost (:mod:`bench.nat`);
* ``sim_rtt_per_s_1bridge_pure`` and the top hotspots of a cProfile of the one-bridge
  flood (:mod:`bench.hotspots`), both of the pure-Python source in a child process
  (:mod:`bench.pure`): the rates above are of the installed vnet, whose packet path is
  compiled (``env.build`` says how it was built; vnet.build).

Writes ``bench/results.json`` and prints a table. ``--write-profile`` also refreshes the
generated table in ``bench/PROFILE.md``. ``python3 bench/floor.py`` (not run by `make
bench`) compares vnet's bridge hop with a least-work model of one and says what the two
ratio goals allow together.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import platform
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
if importlib.util.find_spec("vnet") is None:    # not installed: the source tree, pure Python
    sys.path.insert(0, str(ROOT / "src"))

from bench import flood, hotspots, kernel_flood, nat, pure, star  # noqa: E402
from vnet import build  # noqa: E402

GOALS = {"sim_over_kernel": 0.25, "five_over_one": 0.7}


def _ratio(num: float | None, den: float | None) -> float | None:
    if num is None or den is None or den <= 0:
        return None
    return num / den


def collect(seconds: float, kernel_seconds: int, star_hosts: int, profile_count: int,
            use_kernel: bool = True, log: Any = None) -> dict[str, Any]:
    """Run every benchmark; returns the results.json document."""
    def say(msg: str) -> None:
        if log is not None:
            print(msg, file=log, flush=True)

    started = time.perf_counter()
    load_before = _loadavg()
    say(f"sim floods, 1 bridge, 1 bridge traced and 5 bridges, taking turns, {seconds:g} s "
        "each ...")
    one, traced, five = flood.measure_interleaved([(1, False), (1, True), (5, False)],
                                                  seconds)
    say(f"sim flood through 3 routers, {seconds:g} s ...")
    routed = flood.measure_routed(3, seconds=seconds)
    if use_kernel:
        say(f"kernel ping -f, 1 bridge, {kernel_seconds} s ...")
        kern = kernel_flood.measure(kernel_seconds, 1)
    else:
        kern = kernel_flood.KernelResult(None, "kernel run disabled (--no-kernel)")
    say(f"star of {star_hosts} namespaces ...")
    st = star.measure(star_hosts)
    say(f"sim flood through a MASQUERADE router, {seconds:g} s ...")
    masq = nat.measure_flood(True, seconds=seconds)
    say("conntrack lookups with 10 and 100,000 entries ...")
    lookups = nat.measure_lookup()
    say(f"pure Python (no compiled modules), 1 bridge, {seconds:g} s, then profiling "
        f"{profile_count} round trips ...")
    plain = pure.measure(seconds, profile_count)
    prof = plain.profile

    kernel_rate = kern.rtt_per_s
    ratios = {
        "sim_over_kernel": _ratio(one.rtt_per_s, kernel_rate),
        "five_over_one": _ratio(five.rtt_per_s, one.rtt_per_s),
    }
    doc: dict[str, Any] = {
        "sim_rtt_per_s_1bridge": round(one.rtt_per_s, 1),
        "sim_rtt_per_s_5bridge": round(five.rtt_per_s, 1),
        "sim_rtt_per_s_3routers": round(routed.rtt_per_s, 1),
        "sim_rtt_per_s_1bridge_traced": round(traced.rtt_per_s, 1),
        "trace_slowdown": _round(_ratio(one.rtt_per_s, traced.rtt_per_s)),
        "kernel_rtt_per_s_1bridge": round(kernel_rate, 1) if kernel_rate is not None else None,
        "kernel_reason": kern.reason,
        "sim_over_kernel": _round(ratios["sim_over_kernel"]),
        "five_over_one": _round(ratios["five_over_one"]),
        "events_per_s": round(one.events_per_s, 1),
        f"star_{star_hosts}_build_s": round(st.build_s, 3),
        f"star_{star_hosts}_mem_mb": round(st.peak_mb, 2),
        "sim_rtt_per_s_masquerade": round(masq.rtt_per_s, 1),
        "sim_rtt_per_s_1bridge_pure": round(plain.rtt_per_s, 1),
        **{k: round(v, 3 if k.endswith("_over_big") else 1) for k, v in lookups.items()},
        "goals": {
            name: {"goal": goal, "value": _round(ratios[name]),
                   "pass": None if ratios[name] is None else ratios[name] >= goal}
            for name, goal in GOALS.items()
        },
        "details": {
            "sim_1bridge": _flood_details(one),
            "sim_5bridge": _flood_details(five),
            "sim_3routers": _flood_details(routed),
            "sim_1bridge_traced": _flood_details(traced),
            "kernel_1bridge": {
                "command": f"ping -f -q -w {kernel_seconds}",
                "transmitted": kern.transmitted, "received": kern.received,
                "time_ms": kern.time_ms, "statistics": kern.statistics,
            },
            "star": {"hosts": st.hosts, "build_s": st.build_s, "peak_mb": st.peak_mb,
                     "first_to_last_ping_ok": st.reachable,
                     "memory": "tracemalloc peak during a separate, untimed build"},
            "profile": {
                "round_trips": prof.rtts, "calls_per_rtt": round(prof.calls_per_rtt, 1),
                "layers": [{"layer": n, "share": round(s, 4)} for n, s in prof.layers],
                "top": [s.as_dict() for s in prof.spots],
            },
        },
        "env": {"build": build.describe(), "pure_build": plain.build,
                "python": platform.python_version(), "implementation":
                platform.python_implementation(), "machine": platform.machine(),
                "unix_time": int(time.time()), "cpus": os.cpu_count(),
                "loadavg_1m_before": load_before, "loadavg_1m_after": _loadavg(),
                "bench_wall_s": round(time.perf_counter() - started, 1)},
    }
    doc["_profile"] = prof  # not serialised; used for PROFILE.md
    return doc


def _loadavg() -> float | None:
    try:
        return round(os.getloadavg()[0], 2)
    except (AttributeError, OSError):
        return None


def _round(value: float | None, digits: int = 3) -> float | None:
    return None if value is None else round(value, digits)


def _flood_details(res: flood.FloodResult) -> dict[str, Any]:
    return {"replies": res.replies, "lost": res.lost, "bad": res.bad,
            "wall_s": round(res.wall_s, 3), "cpu_s": round(res.cpu_s, 3),
            "cpu_share": round(res.cpu_s / res.wall_s, 3) if res.wall_s else None,
            "events": res.events,
            "events_per_rtt": round(res.events_per_rtt, 2),
            "us_per_rtt": round(1e6 / res.rtt_per_s, 2) if res.rtt_per_s else None}


def _num(value: float | None, unit: str = "") -> str:
    if value is None:
        return "null"
    if value >= 1000:
        return f"{value:,.0f}{unit}"
    return f"{value:.3g}{unit}"


def render(doc: dict[str, Any]) -> str:
    """The table `make bench` prints."""
    d = doc["details"]
    star_keys = [k for k in doc if k.startswith("star_")]
    build_key = next(k for k in star_keys if k.endswith("_build_s"))
    mem_key = next(k for k in star_keys if k.endswith("_mem_mb"))
    s1, s5, kd, st = d["sim_1bridge"], d["sim_5bridge"], d["kernel_1bridge"], d["star"]

    env = doc["env"]

    def verdict(name: str) -> str:
        g = doc["goals"][name]
        if g["pass"] is None:
            return f"goal >= {g['goal']}: n/a"
        return f"goal >= {g['goal']}: {'PASS' if g['pass'] else 'FAIL'}"

    kernel_note = (f"{kd['command']}: {kd['received']} replies in {kd['time_ms']} ms"
                   if doc["kernel_rtt_per_s_1bridge"] is not None else doc["kernel_reason"])
    rows = [
        ("sim_rtt_per_s_1bridge", _num(doc["sim_rtt_per_s_1bridge"], "/s"),
         f"{s1['replies']} replies in {s1['wall_s']:.1f} s, {s1['lost']} lost, "
         f"{s1['us_per_rtt']} us/RTT, CPU {s1['cpu_share']:.0%} of wall"),
        ("sim_rtt_per_s_1bridge_pure", _num(doc.get("sim_rtt_per_s_1bridge_pure"), "/s"),
         f"the same flood with no module compiled ({env['pure_build']}, own process)"),
        ("sim_rtt_per_s_5bridge", _num(doc["sim_rtt_per_s_5bridge"], "/s"),
         f"{s5['replies']} replies in {s5['wall_s']:.1f} s, {s5['lost']} lost, "
         f"{s5['us_per_rtt']} us/RTT, CPU {s5['cpu_share']:.0%} of wall"),
        ("sim_rtt_per_s_3routers", _num(doc["sim_rtt_per_s_3routers"], "/s"),
         f"ns1 -> 3 forwarding routers -> ns2: {d['sim_3routers']['replies']} replies, "
         f"{d['sim_3routers']['us_per_rtt']} us/RTT"),
        ("sim_rtt_per_s_1bridge_traced", _num(doc["sim_rtt_per_s_1bridge_traced"], "/s"),
         f"packet-journey trace on: {d['sim_1bridge_traced']['us_per_rtt']} us/RTT"),
        ("trace_slowdown", _num(doc["trace_slowdown"]),
         "goal <= 2: " + ("n/a" if doc["trace_slowdown"] is None else
                          "PASS" if doc["trace_slowdown"] <= 2 else "FAIL")),
        ("kernel_rtt_per_s_1bridge", _num(doc["kernel_rtt_per_s_1bridge"], "/s"), kernel_note),
        ("sim_over_kernel", _num(doc["sim_over_kernel"]), verdict("sim_over_kernel")),
        ("five_over_one", _num(doc["five_over_one"]), verdict("five_over_one")),
        ("events_per_s", _num(doc["events_per_s"], "/s"),
         f"{s1['events_per_rtt']} events per round trip (1 bridge)"),
        (build_key, f"{doc[build_key]:.2f} s",
         f"{st['hosts']} namespaces + veths on one bridge, addressed, up; "
         f"h0 -> last ping {'ok' if st['first_to_last_ping_ok'] else 'FAILED'}"),
        (mem_key, f"{doc[mem_key]:.1f} MB", "tracemalloc peak (separate build)"),
        ("sim_rtt_per_s_masquerade", _num(doc.get("sim_rtt_per_s_masquerade"), "/s"),
         "inner -> MASQUERADE router (stateful FORWARD) -> outer"),
        ("conntrack_lookups_per_s_100000", _num(doc.get("conntrack_lookups_per_s_100000"), "/s"),
         f"10 entries: {_num(doc.get('conntrack_lookups_per_s_10'), '/s')}; ratio "
         f"{_num(doc.get('conntrack_10_over_big'))} (goal <= 1.5)"),
    ]
    width = max(len(r[0]) for r in rows)
    vwidth = max(len(r[1]) for r in rows)
    out = [f"{'metric':<{width}}  {'value':>{vwidth}}  note",
           f"{'-' * width}  {'-' * vwidth}  ----"]
    out += [f"{name:<{width}}  {value:>{vwidth}}  {note}" for name, value, note in rows]
    out.append(f"(build: {env['build']}; Python {env['python']}, {env['cpus']} CPUs, "
               "1-min load average "
               f"{env['loadavg_1m_before']} before / {env['loadavg_1m_after']} after: "
               "wall-clock rates drop on a busy machine)")
    prof = d["profile"]
    out.append("")
    out.append(f"profile (pure Python, 1 bridge, {prof['round_trips']} RTTs, "
               f"{prof['calls_per_rtt']:.0f} calls/RTT): top own time")
    for spot in prof["top"][:8]:
        out.append(f"  {spot['share']:6.1%}  {spot['per_rtt_calls']:5.1f}/RTT  "
                   f"{spot['function']}")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=6.0,
                        help="wall seconds per simulated flood (default 6)")
    parser.add_argument("--kernel-seconds", type=int, default=6,
                        help="ping -f -w deadline in the kernel sandbox (default 6)")
    parser.add_argument("--star", type=int, default=1000, help="namespaces in the star")
    parser.add_argument("--profile-count", type=int, default=20_000,
                        help="round trips to profile (default 20000)")
    parser.add_argument("--no-kernel", action="store_true", help="skip the kernel flood")
    parser.add_argument("--json", type=Path, default=HERE / "results.json",
                        help="where to write the results (default bench/results.json)")
    parser.add_argument("--write-profile", action="store_true",
                        help="also refresh the generated table in bench/PROFILE.md")
    args = parser.parse_args(argv)
    doc = collect(args.seconds, args.kernel_seconds, args.star, args.profile_count,
                  use_kernel=not args.no_kernel, log=sys.stderr)
    prof = doc.pop("_profile")
    args.json.write_text(json.dumps(doc, indent=2) + "\n", encoding="utf-8")
    print(render(doc))
    print(f"\nwrote {args.json} ({doc['env']['bench_wall_s']} s)")
    if args.write_profile:
        us = 1e6 / doc["sim_rtt_per_s_1bridge_pure"]
        hotspots.update_profile_md(HERE / "PROFILE.md", hotspots.markdown_table(prof, us))
        print(f"updated {HERE / 'PROFILE.md'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
