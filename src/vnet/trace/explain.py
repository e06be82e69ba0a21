"""`vnet explain`: for each failing ping (or traceroute) of a script, where its packets died.

Input: the runs the programs reported (vnet.trace.apps) and the journeys of the trace
(vnet.trace.journey). For every probe that got no answer, its journey is read in order
to find its fate, told in one or two sentences built only from what was recorded:

* the program never sent (connect() or sendto() failed): the namespace's route table;
* a neighbour entry turned FAILED: who asked who-has for whom on which device, how
  many times, and what became of the requests (dropped, or received by hosts that do
  not have the address: "nobody on that link has it");
* a drop: which packet (the request, the reply, an ICMP error), in which namespace, on
  which device, at which kernel stage, why in plain words, and the SKB_DROP_REASON name;
  when the request had reached its destination and was answered, that is said first
  (the reply's way back is the part that failed);
* the ICMP errors sent about the probe, by whom, and whether ping got them;
* no drop at all: where the journey stopped (e.g. still waiting for ARP).

Probes with the same fate share one sentence; a run is one short paragraph.
"""

from __future__ import annotations

from vnet.net.neighbour import NUD_VALID
from vnet.trace import journey as journey_mod
from vnet.trace import tracer as T
from vnet.trace.apps import AppRun, Probe
from vnet.trace.flow import arp_view, icmp_text, ip_view
from vnet.trace.journey import Journey
from vnet.trace.render import STRERROR, short_kind
from vnet.trace.routes import describe_routes
from vnet.wire.ipaddr import ip_to_str

_CONNECT_TYPES = {"EHOSTUNREACH": "unreachable", "EACCES": "prohibit", "EINVAL": "blackhole"}


def place(label: str) -> str:
    """A namespace in prose: `a`, or `the host` for the initial namespace."""
    return "the host" if label == "(host)" else label


def _ns(rec: tuple) -> str:
    return place(T.ns_label(rec[T.NS]))


def _icmp_type(rec: tuple) -> int | None:
    ip = ip_view(rec[T.DATA], rec[T.OFF])
    if ip is None or ip.proto != 1 or not ip.payload or ip.frag:
        return None
    return ip.payload[0]


class _Story:
    """What one probe's journey says, gathered in one pass."""

    def __init__(self, journey: Journey) -> None:
        records = self.records = journey.records
        self.drops = [r for r in records if r[T.KIND] == T.DROP]
        self.answered_at = next((r for r in records if r[T.KIND] == T.ICMP_ECHO), None)
        self.errors_sent = [r for r in records if r[T.KIND] == T.ICMP_SEND]
        #  the first neighbour failure, and its position in the whole trace
        self.neigh_failed, self.neigh_failed_at = next(
            ((r, n) for r, n in zip(records, journey.numbers, strict=True)
             if r[T.KIND] == T.NEIGH_FAILED), (None, 0))
        self.route_fail = next((r for r in records if r[T.KIND] == T.ROUTE_OUT_FAIL), None)
        self.send_fail = next((r for r in records if r[T.KIND] == T.APP_SEND_FAIL), None)


def _neigh_sentence(rec: tuple, at: int, all_records: list[tuple]) -> str:
    """`a asked who-has 10.0.2.9 on va 3 times and got no answer: ...`; `at` is the
    failure's position in the trace, the requests are the ones since the previous end
    (resolution or failure) of that neighbour in that namespace."""
    target, sent, _queued = rec[T.INFO]
    ns, dev = rec[T.NS], rec[T.DEV]
    who = place(T.ns_label(ns))
    times = {1: "once", 2: "twice"}.get(sent, f"{sent} times")
    text = f"{who} asked who-has {ip_to_str(target)} on {dev} {times} and got no answer " \
           f"[NEIGH_FAILED]"
    # what became of those requests: received by whom, dropped where
    heard: list[str] = []
    lost: list[str] = []
    ignored: list[str] = []
    for number in range(at - 1, -1, -1):
        other = all_records[number]
        kind = other[T.KIND]
        if kind in (T.NEIGH_FAILED, T.NEIGH_UPDATE) and other[T.NS] == ns and \
                other[T.INFO][0] == target and other[T.T] < rec[T.T] and \
                (kind == T.NEIGH_FAILED or other[T.INFO][2] & NUD_VALID):
            break               # the end of the previous resolution of that neighbour
        arp = arp_view(other[T.DATA], other[T.OFF])
        if arp is None or arp.op != 1 or arp.tpa != target:
            continue
        if kind == T.ARP_IGNORE:        # arp_process of a host that did not answer
            name = f"{place(T.ns_label(other[T.NS]))} ({other[T.DEV]})"
            names = ignored if other[T.INFO] else heard
            if name not in names:
                names.insert(0, name)
        elif other[T.KIND] == T.DROP:
            reason, _where, why, _facts = other[T.INFO]
            item = f"{why} [{reason}]"
            if item not in lost:
                lost.insert(0, item)
    if ignored:
        return text + f": {', '.join(ignored)} has {ip_to_str(target)} but does not " \
                      "answer for it on that device (arp_ignore)"
    if lost and not heard:
        return text + ": the requests were dropped: " + "; ".join(lost)
    if len(heard) == 1:
        return text + f": the requests reached only {heard[0]}, which does not have " \
                      f"{ip_to_str(target)}; nobody on that link has it"
    if heard:
        return text + f": the requests reached {', '.join(heard)}, none of which has " \
                      f"{ip_to_str(target)}; nobody on that link has it"
    return text + ": the requests reached nobody"


def _drop_sentence(drop: tuple, story: _Story, origin: str) -> str:
    reason, where, why, _facts = drop[T.INFO]
    what = short_kind(drop[T.DATA], drop[T.OFF])
    ns = _ns(drop)
    dev = drop[T.DEV]
    on = f" on {dev}" if dev else ""
    answered = story.answered_at
    if answered is not None and answered[T.T] <= drop[T.T] and _icmp_type(drop) != 8:
        head = f"the echo request reached {_ns(answered)}, which answered it, but "
        if reason == "IP_OUTNOROUTES" and story.route_fail is not None:
            dst, _src, errno_name, _r, routes = story.route_fail[T.INFO]
            return head + f"{ns} has no route back to {ip_to_str(dst)}: {what} was dropped " \
                          f"in {ns} at {where} [{reason}] ({errno_name}); " \
                          f"{describe_routes(routes)}"
        return head + f"{what} was dropped in {ns}{on} at {where}: {why} [{reason}]" + \
            _routes_clause(drop, ns)
    if ns == origin and drop[T.KIND] == T.DROP and story.route_fail is not None \
            and reason == "IP_OUTNOROUTES":
        dst, _src, errno_name, _r, routes = story.route_fail[T.INFO]
        return f"{ns} has no route to {ip_to_str(dst)}: {what} was dropped at {where} " \
               f"[{reason}] ({errno_name}); {describe_routes(routes)}"
    if ns == origin and not any(r[T.KIND] == T.RX for r in story.records
                                if r[T.T] <= drop[T.T]):
        return f"{ns} dropped {what} before it left{on}, at {where}: {why} [{reason}]"
    return f"{what} reached {ns}{on}, which dropped it at {where}: {why} [{reason}]" + \
        _routes_clause(drop, ns)


def _routes_clause(drop: tuple, ns: str) -> str:
    """For a packet a router had no route for: what its table held then."""
    reason, _where, _why, facts = drop[T.INFO]
    if reason not in ("IP_INNOROUTES", "IP_OUTNOROUTES") or "routes" not in facts \
            or "route" in facts:
        return ""
    return f" ({ns}: {describe_routes(facts['routes'])})"


def _errors_sentence(story: _Story, probe: Probe, origin: str, app: str) -> str:
    parts = []
    for rec in story.errors_sent:
        icmp_type, code, src, dst = rec[T.INFO]
        if _ns(rec) == origin:
            parts.append(f"{origin} answered its own probe with ICMP "
                         f"{icmp_text(icmp_type, code)}")
            continue
        parts.append(f"{_ns(rec)} sent ICMP {icmp_text(icmp_type, code)} from "
                     f"{ip_to_str(src)} to {ip_to_str(dst)}")
    if not parts:
        return ""
    text = "; ".join(parts)
    if probe.answer in ("error", "hop"):
        text += f"; {app} showed \"{probe.answer_text}\" from " \
                f"{ip_to_str(probe.answer_from or 0)}"
    return text


def _last_place(story: _Story, app: str) -> str:
    waiting = None      # a packet queued for a neighbour that never resolved nor failed
    for rec in story.records:
        kind = rec[T.KIND]
        if kind == T.NEIGH_OUTPUT and not rec[T.INFO][1] & NUD_VALID or kind == T.NEIGH_PROBE:
            waiting = rec
        elif kind in (T.NEIGH_UPDATE, T.NEIGH_FAILED):
            waiting = None
    if waiting is not None:
        return f"it was still waiting in {_ns(waiting)} for ARP to resolve " \
               f"{ip_to_str(waiting[T.INFO][0])} on {waiting[T.DEV]} when {app} gave up"
    last = story.records[-1]
    if last[T.KIND] == T.APP_ANSWER or (last[T.KIND] == T.LOCAL and _icmp_type(last) == 0):
        return f"the echo reply reached {_ns(last)}, but {app} did not count it"
    dev = f" ({last[T.DEV]})" if last[T.DEV] else ""
    return f"its trail ends in {_ns(last)}{dev} with no recorded drop"


def probe_fate(run: AppRun, probe: Probe, journey: Journey | None,
               all_records: list[tuple]) -> str:
    """One sentence (without the leading capital) on what became of one probe."""
    origin = place(run.ns.label)
    if probe.errno is not None:
        return f"sendto() failed in {origin} with {STRERROR.get(probe.errno, probe.errno)} " \
               f"({probe.errno}); nothing was sent"
    if journey is None:
        return "no step of it was recorded"
    story = _Story(journey)
    if story.send_fail is not None:
        errno_name = story.send_fail[T.INFO][2]
        return f"sendto() failed in {origin} with {STRERROR.get(errno_name, errno_name)}"
    sentences = []
    if story.neigh_failed is not None:
        sentences.append(_neigh_sentence(story.neigh_failed, story.neigh_failed_at,
                                         all_records))
    elif story.drops:
        ip_drops = [d for d in story.drops if ip_view(d[T.DATA], d[T.OFF]) is not None]
        sentences.append(_drop_sentence((ip_drops or story.drops)[0], story, origin))
    errors = _errors_sentence(story, probe, origin, run.app)
    if errors:
        sentences.append(errors)
    elif probe.answer in ("error", "hop"):
        sentences.append(f"{run.app} got \"{probe.answer_text}\" from "
                         f"{ip_to_str(probe.answer_from or 0)}")
    if not sentences:
        sentences.append(_last_place(story, run.app))
    return "; ".join(sentences)


def _seq_list(seqs: list[int]) -> str:
    """1-3, 5."""
    parts = []
    start = prev = seqs[0]
    for seq in seqs[1:] + [None]:  # type: ignore[list-item]
        if seq is not None and seq == prev + 1:
            prev = seq
            continue
        parts.append(str(start) if start == prev else f"{start}-{prev}")
        if seq is not None:
            start = prev = seq
    return ", ".join(parts)


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def explain_run(run: AppRun, journeys: list[Journey], all_records: list[tuple]) -> str:
    """One paragraph about one failing run."""
    origin = place(run.ns.label)
    cmd = run.command
    head = f"line {cmd.line}: " if cmd.line else ""
    head += f"`{cmd.text}`" if cmd.text else f"{run.app} {ip_to_str(run.dst)}"
    head += f" in {origin}"
    if run.connect_error is not None:
        errno_name = run.connect_error
        text = f"{head}: nothing was sent ({run.app}: connect: " \
               f"{STRERROR.get(errno_name, errno_name)}). "
        if errno_name == "ENETUNREACH":
            text += f"There is no route to {ip_to_str(run.dst)} in {origin} " \
                    f"[IP_OUTNOROUTES]: {describe_routes(run.routes)}."
        elif errno_name in _CONNECT_TYPES and run.route:
            text += f"The route to {ip_to_str(run.dst)} in {origin} is `{run.route}`, " \
                    f"of type {_CONNECT_TYPES[errno_name]}."
        else:
            text += f"{_capital(describe_routes(run.routes))}."
        return text
    if run.error is not None and not run.probes:
        call, errno_name = run.error
        return f"{head}: nothing was sent ({run.app}: {call}: " \
               f"{STRERROR.get(errno_name, errno_name)})."
    if run.app == "traceroute":
        return _explain_traceroute(run, head, journeys, all_records)
    probes = sorted(run.probes.values(), key=lambda p: p.seq)
    answered = [p.seq for p in probes if p.answer == "reply"]
    missing = [p for p in probes if p.answer != "reply"]
    count = f"{len(probes)} probe{'s' if len(probes) != 1 else ''} sent"
    if answered:
        count += f", {len(answered)} answered ({_seq_list(answered)})"
    else:
        count += ", none answered"
    fates: dict[str, list[int]] = {}
    for probe in missing:
        found = journey_mod.find_echo(journeys, run.dst, run.ident, probe.seq) \
            if run.app == "ping" else journey_mod.index_of(journeys).get(probe.key)
        fates.setdefault(probe_fate(run, probe, found, all_records), []).append(probe.seq)
    parts = [f"{head}: {count}."]
    if len(fates) == 1 and len(missing) == len(probes):
        (fate,) = fates
        lead = "Its probe" if len(probes) == 1 else "Every probe"
        parts.append(f"{lead}: {fate}.")
    else:
        for fate, seqs in fates.items():
            label = "Probe" if len(seqs) == 1 else "Probes"
            parts.append(f"{label} {_seq_list(seqs)}: {fate}.")
    return " ".join(parts)


def _explain_traceroute(run: AppRun, head: str, journeys: list[Journey],
                        all_records: list[tuple]) -> str:
    """The hops that answered, then what stopped it: the first error answer (!N, !H...)
    or, failing that, the first TTL nothing answered, told through a probe's journey."""
    index = journey_mod.index_of(journeys)
    by_ttl: dict[int, list[Probe]] = {}
    for probe in sorted(run.probes.values(), key=lambda p: p.seq):
        by_ttl.setdefault(probe.ttl or 0, []).append(probe)
    hops = []
    silent = None
    for ttl in sorted(by_ttl):
        answers = [p for p in by_ttl[ttl] if p.answer in ("hop", "reply")]
        if answers:
            who = sorted({ip_to_str(p.answer_from) for p in answers
                          if p.answer_from is not None})
            hops.append(f"{ttl} ({', '.join(who)})")
        elif silent is None and not any(p.answer for p in by_ttl[ttl]):
            silent = ttl
    text = f"{head}: {ip_to_str(run.dst)} was not reached."
    if hops:
        text += " Hops answered for TTL " + ", ".join(hops) + "."
    error = next((p for ttl in sorted(by_ttl) for p in by_ttl[ttl] if p.answer == "error"),
                 None)
    if error is not None:
        fate = probe_fate(run, error, index.get(error.key), all_records)
        return text + f" Probe {error.seq} (TTL {error.ttl}) got {error.answer_text} from " \
                      f"{ip_to_str(error.answer_from or 0)}: {fate}."
    if silent is None:
        if run.error is not None:
            call, errno_name = run.error
            return text + f" It stopped on an error: {call}: " \
                          f"{STRERROR.get(errno_name, errno_name)}."
        return text + f" Every TTL it tried, up to {max(by_ttl)}, was answered by a router " \
                      "on the way: the destination is further (see -m)."
    probe = by_ttl[silent][0]
    fate = probe_fate(run, probe, index.get(probe.key), all_records)
    return text + f" Nothing answered the probes with TTL {silent}; the first of them: {fate}."


def explain(tracer: T.Tracer) -> list[str]:
    """A paragraph for each failing run, in the order they ran."""
    records = list(tracer.records)
    journeys = journey_mod.build(records)
    return [explain_run(run, journeys, records) for run in tracer.runs if run.failed]


def render(tracer: T.Tracer) -> str:
    paragraphs = explain(tracer)
    runs = len(tracer.runs)
    if not paragraphs:
        what = "no ping or traceroute ran" if not runs else \
            f"{runs} run{'s' if runs != 1 else ''} of ping/traceroute, none failed"
        return f"=== vnet explain: {what} ===\n"
    head = f"=== vnet explain: {len(paragraphs)} failing of {runs} ping/traceroute " \
           f"run{'s' if runs != 1 else ''} ==="
    return head + "\n\n" + "\n\n".join(paragraphs) + "\n"
