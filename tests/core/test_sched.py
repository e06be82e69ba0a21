from vnet.core.sched import Scheduler


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
