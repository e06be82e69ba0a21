from hypothesis import given, settings
from hypothesis import strategies as st

from vnet.core.sched import Scheduler, Timer


def test_events_run_in_time_then_fifo_order() -> None:
    s = Scheduler()
    seen: list[str] = []
    s.call_later(20, seen.append, "late")
    s.call_later(10, seen.append, "first")
    s.call_later(10, seen.append, "second")
    s.call_soon(seen.append, "now")
    s.run_until(100)
    assert seen == ["now", "first", "second", "late"]
    assert s.now == 100


def test_cancelled_timer_does_not_fire_and_stop_predicate_halts_clock() -> None:
    s = Scheduler()
    seen: list[int] = []
    t = s.call_later(5, seen.append, 5)
    s.call_later(7, seen.append, 7)
    s.call_later(9, seen.append, 9)
    t.cancel()
    s.run_until(50, stop=lambda: bool(seen))
    assert seen == [7]
    assert s.now == 7
    assert s.next_time() == 9


def test_endless_same_instant_events_raise_event_storm(monkeypatch) -> None:
    import pytest

    from vnet.core import sched as sched_mod

    monkeypatch.setattr(sched_mod, "MAX_EVENTS_PER_INSTANT", 1000)
    s = Scheduler()

    def again() -> None:
        s.call_soon(again)

    s.call_soon(again)
    with pytest.raises(sched_mod.EventStorm, match="packet storm at 0.000 s"):
        s.run_until(10)


def test_halt_returns_after_the_halting_event_with_its_time() -> None:
    s = Scheduler()
    seen: list[int] = []

    def halting(n: int) -> None:
        seen.append(n)
        s.halt()

    s.call_later(3, seen.append, 3)
    s.call_later(4, halting, 4)
    s.call_later(4, seen.append, 44)
    s.run_until(100)
    assert (seen, s.now) == ([3, 4], 4)
    s.run_until(100)                       # the halt is spent: the rest runs
    assert (seen, s.now) == ([3, 4, 44], 100)


def test_a_timer_cancelled_at_its_own_instant_does_not_fire() -> None:
    s = Scheduler()
    seen: list[str] = []
    holder: dict[str, Timer] = {}
    s.call_later(5, lambda: holder["victim"].cancel())      # runs first at t=5
    holder["victim"] = s.call_later(5, seen.append, "victim")
    s.call_later(5, seen.append, "after")
    s.run_until(10)
    assert seen == ["after"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 3), st.integers(-1, 4), st.integers(0, 2)),
                min_size=1, max_size=40))
def test_order_is_time_then_scheduling_order(plan: list[tuple[int, int, int]]) -> None:
    """Events scheduled from inside events (call_soon, call_at in the past, now or later)
    run exactly in (time, order of scheduling) order, as a plain sorted model says."""
    s = Scheduler()
    ran: list[tuple[int, int]] = []
    model: list[tuple[int, int]] = []      # (due time, scheduling order) of every event
    counter = iter(range(10_000))
    todo = iter(plan)

    def event(ident: int) -> None:
        ran.append((s.now, ident))
        step = next(todo, None)
        if step is None:
            return
        how, delay, fanout = step
        for _ in range(fanout + 1):
            new = next(counter)
            if how == 0:
                s.call_soon(event, new)
                due = s.now
            elif how == 1:
                s.call_at(s.now + delay, event, new)
                due = max(s.now, s.now + delay)
            else:
                s.call_later(max(delay, 0), event, new)
                due = s.now + max(delay, 0)
            model.append((due, new))

    first = next(counter)
    s.call_later(1, event, first)
    model.append((1, first))
    s.run_until(1_000)
    assert [ident for _t, ident in ran] == [ident for _t, ident in sorted(model)]
    assert all(t == due for (t, _i), (due, _j) in zip(ran, sorted(model), strict=True))
