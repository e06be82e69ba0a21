"""One route as `ip route` prints it (print_route in ip/iproute.c).

`10.0.0.0/24 dev v0 proto kernel scope link src 10.0.0.1 linkdown`: the type word when
not unicast (or with -d), `default` for a zero-length prefix, `via`, `dev` (unless the
listing is per device), `table` outside main (unless a table was selected), `proto`
unless boot, `scope` unless global, `src`, `metric` when non-zero, the nexthop flags,
and for `ip route get` the `uid` and the `cache <local,brd> expires Nsec mtu M` line. IPv6
routes (from the address configuration's table) add `metric` always and end with
`pref medium`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from vnet.cli.ip.output import ANY, COLOR_IFNAME, COLOR_INET, COLOR_INET6, FP, JSON, Printer
from vnet.cli.ip.util import (
    AF_INET,
    AF_INET6,
    RTN_TYPES,
    format_ipv4,
    proto_n2a,
    scope_n2a,
    table_n2a,
)
from vnet.net import ipv6_addr

RTN_UNICAST = "unicast"
USER_HZ = 100


@dataclass
class RouteView:
    """A route in rtnetlink terms (struct rtmsg + attributes), for either family."""

    family: int
    type: str
    dst: str | None            # None: no RTA_DST (default route)
    dst_len: int
    table: int
    proto: int
    scope: int
    gateway: str | None
    dev: str | None
    prefsrc: str | None
    metric: int | None         # None: no RTA_PRIORITY
    flags: list[str]
    tos: int = 0
    pref: str | None = None    # IPv6 router preference
    src: str | None = None     # RTA_SRC (route get "from")
    uid: int | None = None
    cache: list[str] | None = None
    expires: int | None = None     # RTA_CACHEINFO rta_expires, in USER_HZ clock ticks
    metrics: list[tuple[str, int]] | None = None   # RTA_METRICS, in RTAX order
    obj: Any = None


@dataclass
class RouteFilter:
    """What the listing filters on; a field whose mask is set is not printed."""

    tb: int = 254
    metric_set: bool = False
    via_host: bool = False      # a `via` selector naming one host: the gateway is not printed
    src_host: bool = False      # same for `src`
    proto_set: bool = False
    scope_set: bool = False
    oif_set: bool = False
    typemask: set[str] | None = None


#  RTAX_* in attribute order, by their iproute2 names
RTAX_ORDER = ("mtu", "window", "rtt", "rttvar", "ssthresh", "cwnd", "advmss", "reordering",
              "hoplimit", "initcwnd", "features", "rto_min", "initrwnd", "quickack")


def metrics_of(values: dict[str, int]) -> list[tuple[str, int]] | None:
    """A route's metrics (kernel units: rtt in 1/8 ms) in RTAX order."""
    out = [(name, values[name]) for name in RTAX_ORDER if values.get(name)]
    return out or None


def print_metrics(p: Printer, metrics: list[tuple[str, int]]) -> None:
    """print_rta_metrics: `mtu 1400 `, `rtt 50ms ` (rtt in 1/8 ms, rttvar in 1/4)."""
    p.open_array(JSON, "metrics")
    p.open_object()
    for name, val in metrics:
        p.text(f"{name} ")
        if name in ("rtt", "rttvar", "rto_min"):
            val = val // 8 if name == "rtt" else val // 4 if name == "rttvar" else val
            if p.is_json:
                p.value(JSON, name, None, val)
            else:
                p.text(f"{val / 1e3:g}s " if val >= 1000 else f"{val}ms ")
        else:
            p.value(ANY, name, "%u ", val)
    p.close_object()
    p.close_array(JSON, None)


def view_v4(route: Any) -> RouteView:
    flags: list[str] = []
    if getattr(route, "dead", False):
        flags.append("dead")
    if getattr(route, "onlink", False):
        flags.append("onlink")
    if route.linkdown:
        flags.append("linkdown")
    return RouteView(
        family=AF_INET, type=route.type,
        dst=format_ipv4(route.dst) if route.plen else None, dst_len=route.plen,
        table=route.table, proto=route.proto, scope=route.scope,
        gateway=format_ipv4(route.gateway) if route.gateway is not None else None,
        dev=route.dev.name if route.dev is not None else None,
        prefsrc=format_ipv4(route.prefsrc) if route.prefsrc else None,
        metric=route.metric or None, flags=flags, tos=route.tos,
        metrics=metrics_of(getattr(route, "metrics", None) or {}), obj=route)


def view_v6(route: Any) -> RouteView:
    flags = ["linkdown"] if getattr(route, "linkdown", False) else []
    return RouteView(
        family=AF_INET6, type=route.type,
        dst=ipv6_addr.to_str(route.dst) if route.plen else None, dst_len=route.plen,
        table=route.table, proto=route.proto, scope=0,
        gateway=ipv6_addr.to_str(route.gateway) if route.gateway is not None else None,
        dev=route.dev.name if route.dev is not None else None,
        prefsrc=ipv6_addr.to_str(route.prefsrc) if getattr(route, "prefsrc", None) else None,
        metric=int(route.metric), flags=flags, pref=getattr(route, "pref", "medium"), obj=route)


def print_route(p: Printer, r: RouteView, f: RouteFilter, details: int = 0,
                numeric: int = 0) -> None:
    color = COLOR_INET if r.family == AF_INET else COLOR_INET6
    host_len = 32 if r.family == AF_INET else 128
    p.open_object()
    if (r.type != RTN_UNICAST or details) and (f.typemask is None or r.type in f.typemask):
        rtype = str(RTN_TYPES.index(r.type)) if numeric and r.type in RTN_TYPES else r.type
        p.string(ANY, "type", "%s ", rtype)
    if r.dst is not None:
        text = r.dst if r.dst_len == host_len else f"{r.dst}/{r.dst_len}"
    elif r.dst_len:
        text = f"0/{r.dst_len} "
    else:
        text = "default"
    p.string(ANY, "dst", "%s ", text, color=color if r.dst is not None else "")
    if r.src is not None:
        p.string(ANY, "from", "from %s ", r.src, color=color)
    if r.tos:
        p.string(ANY, "tos", "tos %s ", f"0x{r.tos:02x}")
    if r.gateway is not None and not f.via_host:
        if p.is_json:
            p.string(JSON, "gateway", None, r.gateway)
        else:
            p.text("via ")
            p.string(FP, None, "%s ", r.gateway, color=color)
    if r.dev is not None and not f.oif_set:
        if p.is_json:
            p.string(JSON, "dev", None, r.dev)
        else:
            p.text("dev ")
            p.string(FP, None, "%s ", r.dev, color=COLOR_IFNAME)
    if r.table and (r.table != 254 or details) and not f.tb:
        p.string(ANY, "table", "table %s ", table_n2a(r.table) if not numeric else str(r.table))
    if r.cache is None:
        if (r.proto != 3 or details) and not f.proto_set:
            p.string(ANY, "protocol", "proto %s ", proto_n2a(r.proto) if not numeric else str(r.proto))
        if (r.scope != 0 or details) and not f.scope_set:
            p.string(ANY, "scope", "scope %s ", scope_n2a(r.scope) if not numeric else str(r.scope))
    if r.prefsrc is not None and not f.src_host:
        if p.is_json:
            p.string(JSON, "prefsrc", None, r.prefsrc)
        else:
            p.text("src ")
            p.string(FP, None, "%s ", r.prefsrc, color=color)
    if r.metric is not None and not f.metric_set:
        p.value(ANY, "metric", "metric %d ", r.metric)
    p.open_array(JSON, "flags")
    for flag in r.flags:
        p.string(ANY, None, "%s ", flag)
    p.close_array(JSON, None)
    if r.uid is not None:
        p.value(ANY, "uid", "uid %d ", r.uid)
    if r.cache is not None and r.family == AF_INET:
        if p.is_json:
            assert p.jw is not None
            p.jw.name("cache")
            p.jw.start_array()
            for word in r.cache:
                p.jw.raw(f'"{word}"')
            p.jw.end_array()
        else:
            p.text(p.sl + "    cache ")
            if r.cache:
                p.text("<" + ",".join(r.cache) + "> ")
    if r.expires:
        p.value(ANY, "expires", "expires %dsec ", int(r.expires / USER_HZ))
    if r.metrics:
        print_metrics(p, r.metrics)
    if r.pref is not None:
        p.string(ANY, "pref", "pref %s", r.pref)
    p.text("\n")
    p.close_object()
