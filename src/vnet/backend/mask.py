"""Masking: normalise what legitimately differs between two runs of the same lab script.

The simulator is compared with the real kernel (``vnet.backend.compare``) on the text a
script prints. Some of that text cannot be equal and is not a bug when it differs:

* random MAC addresses (``eth_random_addr`` in the kernel, the seeded rng in the
  simulator) and everything derived from them: EUI-64 IPv6 link-local addresses,
  IPv6 solicited-node multicast groups, bridge ids;
* wall-clock timings: ping/traceroute round-trip times, ping's total time, the bridge
  timers (hello, tcn, gc, forward-delay, ageing...) and capture timestamps;
* the order of neighbour-table dumps (the kernel walks a hash table seeded at random).

Everything else, including ``ip -s`` counters, is compared as is. Each rule below is small,
named after what it masks, and applied in order by :func:`mask`. MACs that are fixed by
construction are kept: group (multicast/broadcast) addresses such as ``ff:ff:ff:ff:ff:ff``,
``01:80:c2:00:00:00``, ``01:00:5e:..`` and ``33:33:..`` (except the solicited-node
``33:33:ff:..`` which derives from a random address), ``00:00:00:00:00:00``, and any MAC
passed in ``keep`` (``vnet.backend.compare`` passes the MACs the script itself spells out).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

__all__ = ["MAC_MASK", "RULES", "Rule", "mask", "macs_in"]

#: What a masked MAC address looks like; the same width as a MAC, so columns stay aligned.
MAC_MASK = "xx:xx:xx:xx:xx:xx"

_HEX = "[0-9a-fA-F]"
_MAC_RE = re.compile(rf"(?<![0-9a-fA-F:]){_HEX}{{2}}(?::{_HEX}{{2}}){{5}}(?![0-9a-fA-F:])")


@dataclass(frozen=True)
class Rule:
    """One named masking step: ``apply(text, keep) -> text``."""

    name: str
    doc: str
    apply: Callable[[str, frozenset[str]], str]


def macs_in(text: str) -> frozenset[str]:
    """Every MAC address spelled out in ``text`` (lower case), e.g. a script's own MACs."""
    return frozenset(m.group(0).lower() for m in _MAC_RE.finditer(text))


# --- MAC addresses ---------------------------------------------------------------------


def _is_deterministic_mac(mac: str, keep: frozenset[str]) -> bool:
    mac = mac.lower()
    if mac in keep or mac == "00:00:00:00:00:00":
        return True
    # Group bit set: broadcast, IEEE reserved 01:80:c2:.., IPv4 multicast 01:00:5e:..,
    # IPv6 multicast 33:33:... The kernel's random MACs are unicast (eth_random_addr).
    return int(mac[:2], 16) & 1 == 1


def _solicited_node_mac(text: str, keep: frozenset[str]) -> str:
    # 33:33:ff:XX:XX:XX carries the low 24 bits of an IPv6 address, usually EUI-64 ones.
    return re.sub(
        rf"(?<![0-9a-fA-F:])33:33:[fF]{{2}}(?::{_HEX}{{2}}){{3}}(?![0-9a-fA-F:])",
        lambda m: m.group(0) if m.group(0).lower() in keep else "33:33:ff:xx:xx:xx",
        text,
    )


def _mac(text: str, keep: frozenset[str]) -> str:
    return _MAC_RE.sub(
        lambda m: m.group(0) if _is_deterministic_mac(m.group(0), keep) else MAC_MASK, text
    )


def _bridge_id(text: str, keep: frozenset[str]) -> str:
    # brctl and sysfs print bridge ids as PRIO.MACHEX (8000.c2a0f5dc5654); the priority
    # is deterministic, the MAC is not. (`ip -d` prints 8000.c2:a0:..: the MAC rule.)
    keep_hex = {k.replace(":", "") for k in keep}

    def sub(m: re.Match[str]) -> str:
        mac = m.group(2).lower()
        return m.group(0) if mac in keep_hex else f"{m.group(1)}.xxxxxxxxxxxx"

    return re.sub(rf"(?<![\w.])({_HEX}{{4}})\.({_HEX}{{12}})(?![\w.])", sub, text)


def _bridge_id_colon(text: str, keep: frozenset[str]) -> str:
    # `ip -d link` prints bridge ids as "%.2x%.2x.%x:%x:%x:%x:%x:%x" (iproute2's
    # br_dump_bridge_id): the MAC's bytes are not zero-padded (8000.2:0:0:0:0:a), so the
    # generic MAC rule does not see them. Mask them the same way, padded or not.
    def sub(m: re.Match[str]) -> str:
        mac = ":".join(f"{int(b, 16):02x}" for b in m.group(2).split(":"))
        return m.group(0) if mac in keep else f"{m.group(1)}.xx:xx:xx:xx:xx:xx"

    return re.sub(rf"(?<![\w.:])({_HEX}{{4}})\.({_HEX}{{1,2}}(?::{_HEX}{{1,2}}){{5}})(?![\w:])",
                  sub, text)


# --- IPv6 addresses derived from MACs ----------------------------------------------------


def _ipv6_link_local(text: str, keep: frozenset[str]) -> str:
    # fe80::IID with a full 64-bit interface id (EUI-64 from the MAC, or random);
    # short hand-written ones such as fe80::1 are deterministic and kept.
    return re.sub(
        rf"(?<![0-9a-fA-F:])fe80::{_HEX}{{1,4}}(?::{_HEX}{{1,4}}){{3}}(?![0-9a-fA-F:])",
        "fe80::xxxx:xxxx:xxxx:xxxx",
        text,
        flags=re.IGNORECASE,
    )


def _ipv6_solicited_node(text: str, keep: frozenset[str]) -> str:
    # ff02::1:ffXX:XXXX, the solicited-node group of a (link-local) address.
    return re.sub(
        rf"(?<![0-9a-fA-F:])ff02::1:ff{_HEX}{{2}}:{_HEX}{{1,4}}(?![0-9a-fA-F:])",
        "ff02::1:ffxx:xxxx",
        text,
        flags=re.IGNORECASE,
    )


# --- timings -------------------------------------------------------------------------


def _ping_rtt(text: str, keep: frozenset[str]) -> str:
    # "64 bytes from 10.0.0.2: icmp_seq=1 ttl=64 time=0.082 ms"
    return re.sub(r"\btime=\d+(?:\.\d+)? ms\b", "time=X ms", text)


def _ping_total_time(text: str, keep: frozenset[str]) -> str:
    # "3 packets transmitted, 3 received, 0% packet loss, time 405ms"
    return re.sub(r"(% packet loss), time \d+ms", r"\1, time Xms", text)


def _ping_rtt_summary(text: str, keep: frozenset[str]) -> str:
    # "rtt min/avg/max/mdev = 0.037/0.058/0.082/0.018 ms[, pipe 2][, ipg/ewma 0.012/0.007 ms]"
    text = re.sub(
        r"\b(rtt|round-trip) min/avg/max/(mdev|stddev) = [\d.]+/[\d.]+/[\d.]+/[\d.]+ ms",
        r"\1 min/avg/max/\2 = X/X/X/X ms",
        text,
    )
    return re.sub(r"\bipg/ewma [\d.]+/[\d.]+ ms", "ipg/ewma X/X ms", text)


def _traceroute_times(text: str, keep: frozenset[str]) -> str:
    # " 1  10.0.0.2  0.051 ms  0.008 ms  0.005 ms" (hop lines only)
    hop = re.compile(r"^ ?\d+  ")
    out = []
    for line in text.split("\n"):
        if hop.match(line):
            line = re.sub(r"(?<![\w.])\d+\.\d+ ms\b", "X ms", line)
        out.append(line)
    return "\n".join(out)


def _bridge_timers(text: str, keep: frozenset[str]) -> str:
    # brctl showstp:  "hello timer\t\t   1.99", "forward delay timer\t  14.99"
    # ip -d link:     "hello_timer    1.98", "gc_timer    0.08"
    # ip -j -d link:  "hello_timer":1.98
    # The padding before the value depends on its width, so it goes too.
    text = re.sub(r"\b((?:[a-z]+ )*timer)(\t+) *\d+\.\d+", r"\1\2T.TT", text)
    text = re.sub(r'\b([a-z_]+_timer)(":| ) *\d+\.\d+', r"\1\2T.TT", text)
    return text


def _bridge_ageing_column(text: str, keep: frozenset[str]) -> str:
    # brctl showmacs: "  1\tc2:a0:f5:dc:56:54\tyes\t\t   0.00"
    return re.sub(
        r"(?m)^( *\d+\t\S+\t(?:yes|no)\t\t) *\d+\.\d+$",
        r"\1T.TT",
        text,
    )


def _capture_timestamps(text: str, keep: frozenset[str]) -> str:
    # tcpdump: "16:36:10.357798 IP ..." (default), "1795278972.064978 IP ..." (-tt),
    # "2026-11-21 16:36:10.357798 IP ..." (-tttt); -t prints none.
    text = re.sub(r"(?m)^(\d{4}-\d\d-\d\d )?\d\d:\d\d:\d\d\.\d{6} ", "HH:MM:SS.ffffff ", text)
    return re.sub(r"(?m)^\d{9,10}\.\d{6} ", "SSSSSSSSSS.ffffff ", text)


# --- neighbour table order -------------------------------------------------------------

_NUD = r"(?:PERMANENT|NOARP|REACHABLE|STALE|DELAY|PROBE|FAILED|INCOMPLETE|NONE)"
_NEIGH_LINE = re.compile(rf"^[0-9a-fA-F]*[.:][0-9a-fA-F.:]* .*\b{_NUD} ?$")
_ARP_N_LINE = re.compile(r"^\d+\.\d+\.\d+\.\d+ +(?:ether|\S+ |\s+\(incomplete\))")
_ARP_A_LINE = re.compile(r"^\S+ \(\d+\.\d+\.\d+\.\d+\) at ")


def _sort_runs(text: str, is_row: Callable[[str], bool]) -> str:
    lines = text.split("\n")
    out: list[str] = []
    run: list[str] = []
    for line in lines:
        if is_row(line):
            run.append(line)
            continue
        out += sorted(run)
        run = []
        out.append(line)
    out += sorted(run)
    return "\n".join(out)


def _neigh_order(text: str, keep: frozenset[str]) -> str:
    # `ip neigh`, `arp -n` and `arp -a` list entries in hash-bucket order, and the
    # kernel seeds that hash at random: sort each run of consecutive entry lines.
    for pattern in (_NEIGH_LINE, _ARP_N_LINE, _ARP_A_LINE):
        text = _sort_runs(text, lambda line, p=pattern: p.match(line) is not None)
    return text


def _neigh_json_order(text: str, keep: frozenset[str]) -> str:
    # `ip -j neigh`: one line '[{"dst":...},...]'. Sort the elements by their own text,
    # without re-serialising them (formatting differences must still show).
    out = []
    for line in text.split("\n"):
        if line.startswith('[{"dst":') and line.endswith("]"):
            elements = _split_json_array(line)
            if elements is not None:
                line = "[" + ",".join(sorted(elements)) + "]"
        out.append(line)
    return "\n".join(out)


def _split_json_array(line: str) -> list[str] | None:
    """The raw text of each element of a compact JSON array, or None if not one."""
    decoder = json.JSONDecoder()
    elements = []
    pos = 1
    try:
        while True:
            _, end = decoder.raw_decode(line, pos)
            elements.append(line[pos:end])
            if line[end] == "]":
                return elements if end == len(line) - 1 else None
            if line[end] != ",":
                return None
            pos = end + 1
    except (ValueError, IndexError):
        return None


#: The rules, in the order :func:`mask` applies them. Derived-value rules (bridge ids,
#: solicited-node groups, link-local addresses) run before the generic MAC rule, and
#: ordering rules run last, on masked text.
_IPTABLES_SAVE_DATE = re.compile(
    r"^(# (?:Generated by iptables-save v[\d.]+ \(nf_tables\)|Completed) on ).+$", re.M)


def _iptables_save_date(text: str, keep: frozenset[str]) -> str:
    # iptables-save's header and footer carry the wall-clock date (ctime)
    return _IPTABLES_SAVE_DATE.sub(r"\1DATE", text)


_CONNTRACK_TIMEOUT = re.compile(r"^(\w+ +\d+ )\d+ (?=(?:[A-Z_]+ )?src=)", re.M)


def _conntrack_timeout(text: str, keep: frozenset[str]) -> str:
    # conntrack -L's seconds-to-live column counts down in wall-clock time
    return _CONNTRACK_TIMEOUT.sub(r"\1T ", text)


RULES: tuple[Rule, ...] = (
    Rule("bridge_id", "PRIO.MACHEX bridge ids (brctl, sysfs)", _bridge_id),
    Rule("bridge_id_colon", "PRIO.m:a:c bridge ids, unpadded (ip -d link)", _bridge_id_colon),
    Rule("ipv6_link_local", "fe80:: addresses with a 64-bit interface id", _ipv6_link_local),
    Rule("ipv6_solicited_node", "ff02::1:ffXX:XXXX groups", _ipv6_solicited_node),
    Rule("solicited_node_mac", "33:33:ff:XX:XX:XX multicast MACs", _solicited_node_mac),
    Rule("mac", "unicast MAC addresses not fixed by the script", _mac),
    Rule("ping_rtt", "ping's per-reply time=", _ping_rtt),
    Rule("ping_total_time", "ping's 'time NNNms' in the statistics", _ping_total_time),
    Rule("ping_rtt_summary", "ping's rtt min/avg/max/mdev and ipg/ewma", _ping_rtt_summary),
    Rule("traceroute_times", "traceroute's per-probe times", _traceroute_times),
    Rule("bridge_timers", "bridge/port timers (brctl showstp, ip -d link)", _bridge_timers),
    Rule("bridge_ageing_column", "brctl showmacs ageing timer", _bridge_ageing_column),
    Rule("capture_timestamps", "tcpdump line timestamps", _capture_timestamps),
    Rule("neigh_order", "order of ip neigh / arp entries", _neigh_order),
    Rule("neigh_json_order", "order of ip -j neigh entries", _neigh_json_order),
    Rule("iptables_save_date", "iptables-save's Generated/Completed dates", _iptables_save_date),
    Rule("conntrack_timeout", "conntrack -L seconds to live", _conntrack_timeout),
)


def mask(text: str, keep: Iterable[str] = ()) -> str:
    """``text`` with every rule of :data:`RULES` applied; ``keep``: MACs not to mask."""
    keep_set = frozenset(k.lower() for k in keep)
    for rule in RULES:
        text = rule.apply(text, keep_set)
    return text
