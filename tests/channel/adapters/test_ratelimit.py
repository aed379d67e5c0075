"""The sliding-window limiter, driven by a fake clock whose sleep advances it."""
from __future__ import annotations

import pytest

from channel.adapters.ratelimit import RateLimiter


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


def test_calls_within_budget_do_not_wait() -> None:
    clock = FakeClock()
    limiter = RateLimiter(3, 10.0, clock=clock, sleep=clock.sleep)
    assert [limiter.acquire("a") for _ in range(3)] == [0.0, 0.0, 0.0]
    assert clock.sleeps == []


def test_call_over_budget_waits_until_oldest_leaves_window() -> None:
    clock = FakeClock()
    limiter = RateLimiter(2, 10.0, clock=clock, sleep=clock.sleep)
    limiter.acquire("a")
    clock.now = 4.0
    limiter.acquire("a")
    assert limiter.acquire("a") == pytest.approx(6.0)
    assert clock.now == pytest.approx(10.0) and limiter.waited == pytest.approx(6.0)


def test_keys_have_separate_budgets() -> None:
    clock = FakeClock()
    limiter = RateLimiter(1, 10.0, clock=clock, sleep=clock.sleep)
    limiter.acquire("a")
    assert limiter.acquire("b") == 0.0
    assert limiter.acquire("a") == pytest.approx(10.0)


@pytest.mark.parametrize(("calls", "period"), [(0, 1.0), (1, 0.0)])
def test_nonsense_limits_are_refused(calls: int, period: float) -> None:
    with pytest.raises(ValueError):
        RateLimiter(calls, period)
