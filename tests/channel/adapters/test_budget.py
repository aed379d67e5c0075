"""Shared request budgets: slots per key, spread evenly, shared by every client of one store."""
from __future__ import annotations

import pytest

from channel.adapters.budget import Budget, MemoryStore, SharedBudgets


class Clock:
    def __init__(self, start: float = 1_000.0) -> None:
        self.now = start
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(round(seconds, 6))
        self.now += seconds


def budgets(clock: Clock, store: MemoryStore | None = None) -> SharedBudgets:
    return SharedBudgets(store or MemoryStore(clock), clock=clock, sleep=clock.sleep, margin=0.9)


def test_calls_are_spread_one_slot_apart_after_the_margin() -> None:
    clock = Clock()
    limiter = budgets(clock)
    minute = Budget("group", 30, 60.0)  # 27 usable: one call every 60/27 s
    for _ in range(4):
        limiter.acquire([minute])
    assert clock.sleeps == pytest.approx([60 / 27] * 3, abs=1e-6)


def test_no_window_of_the_period_ever_holds_more_than_the_published_figure() -> None:
    clock = Clock(start=1_000.3)
    limiter = budgets(clock)
    minute = Budget("group", 30, 60.0)
    times = []
    for _ in range(200):
        limiter.acquire([minute])
        times.append(clock.now)
    assert max(sum(1 for t in times if start <= t < start + 60.0) for start in times) <= 30


def test_two_clients_of_one_store_share_the_budget() -> None:
    clock = Clock()
    store = MemoryStore(clock)
    first, second = budgets(clock, store), budgets(clock, store)
    endpoint = Budget("endpoint", 50, 10.0)  # 45 usable: one call every 2/9 s
    first.acquire([endpoint])
    second.acquire([endpoint])
    assert clock.sleeps == pytest.approx([10 / 45])
    assert budgets(clock, MemoryStore(clock)).acquire([endpoint]) == 0.0  # another store: its own budget


def test_the_scarcer_budget_decides_and_the_other_slot_follows_it() -> None:
    clock = Clock(start=990.0)  # the start of a 15 s slot
    limiter = budgets(clock)
    group, endpoint = Budget("g", 5, 60.0), Budget("e", 50, 10.0)  # 4 a minute: 15 s apart
    limiter.acquire([group, endpoint])
    waited = limiter.acquire([group, endpoint])
    assert waited == pytest.approx(15.0)


def test_a_pause_holds_every_client_back() -> None:
    clock = Clock()
    store = MemoryStore(clock)
    group = Budget("g", 1000, 60.0)
    budgets(clock, store).pause(group, 42.0)
    assert budgets(clock, store).acquire([group]) == pytest.approx(42.0)


def test_margin_must_leave_something() -> None:
    with pytest.raises(ValueError):
        SharedBudgets(MemoryStore(), margin=0)
