"""Request budgets shared by every process of a deployment: at most N calls per period, per key.

Marketplaces count requests per seller, not per worker: Trendyol allows 50 calls per 10 s to
one endpoint and a per-minute quota per endpoint group. A limiter inside one process cannot
keep four Celery workers under those figures, so the budget lives in a shared store (Django's
cache, Redis in production) and every call reserves a *slot*: a budget of N calls per period
is cut into slots of period/N seconds, one call per slot, claimed with the store's atomic
`add`. A call waits until its slot begins, so calls are spread evenly instead of bursting
into a 429 at the start of each window.

`margin` (default 0.9) keeps a tenth of every published figure unused: a call can start a
little after its slot (scheduling, a slow store), and clocks of two hosts drift. A `pause`
makes every process hold a budget back after the server throttled anyway.
"""
from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

#: How many slots one reservation probes past the first free-looking one before giving up.
MAX_PROBES = 4096


class SharedStore(Protocol):
    """The subset of Django's cache API the budgets use (`django.core.cache.cache` fits)."""

    def add(self, key: str, value: Any, timeout: float | None = ...) -> bool: ...

    def get_many(self, keys: Sequence[str]) -> dict[str, Any]: ...

    def set(self, key: str, value: Any, timeout: float | None = ...) -> None: ...


class MemoryStore:
    """In-process `SharedStore` for a single process (scripts, unit tests): keys expire."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._data: dict[str, tuple[float, Any]] = {}
        self._lock = threading.Lock()

    def _live(self, key: str) -> bool:
        entry = self._data.get(key)
        return entry is not None and entry[0] > self._clock()

    def add(self, key: str, value: Any, timeout: float | None = None) -> bool:
        with self._lock:
            if self._live(key):
                return False
            self._data[key] = (self._expiry(timeout), value)
            return True

    def get_many(self, keys: Sequence[str]) -> dict[str, Any]:
        with self._lock:
            return {key: self._data[key][1] for key in keys if self._live(key)}

    def set(self, key: str, value: Any, timeout: float | None = None) -> None:
        with self._lock:
            self._data[key] = (self._expiry(timeout), value)

    def delete(self, key: str) -> None:
        with self._lock:
            self._data.pop(key, None)

    def _expiry(self, timeout: float | None) -> float:
        return math.inf if timeout is None else self._clock() + timeout


def default_store() -> SharedStore:
    """Django's cache when Django is configured (shared by every worker), else process memory."""
    try:
        from django.conf import settings

        if settings.configured:
            from django.core.cache import cache

            return cache
    except ImportError:  # the adapter used outside a Django project
        pass
    return MemoryStore()


@dataclass(frozen=True)
class Budget:
    """`calls` per `period` seconds under `key` (a published figure, before the margin)."""

    key: str
    calls: int
    period: float

    def interval(self, margin: float) -> float:
        """Seconds between two slots once `margin` of the figure is held back."""
        return self.period / max(1, math.floor(self.calls * margin))


class SharedBudgets:
    """Reserve slots in several budgets at once; `acquire` sleeps until the latest of them."""

    def __init__(self, store: SharedStore, *, clock: Callable[[], float] = time.time,
                 sleep: Callable[[float], None] = time.sleep, margin: float = 0.9) -> None:
        if not 0 < margin <= 1:
            raise ValueError("margin must be in (0, 1]")
        self.store = store
        self._clock = clock
        self._sleep = sleep
        self.margin = margin
        self.waited = 0.0

    def acquire(self, budgets: Sequence[Budget]) -> float:
        """Wait until a call fits every budget (and no pause holds one); return the seconds waited."""
        if not budgets:
            return 0.0
        now = self._clock()
        known = self.store.get_many([f"{b.key}:paused" for b in budgets] + [f"{b.key}:next" for b in budgets])
        at = max([now] + [float(known.get(f"{b.key}:paused", 0.0)) for b in budgets])
        for budget in budgets:
            at = self._reserve(budget, at, int(known.get(f"{budget.key}:next", 0)))
        wait = at - now
        if wait > 0:
            self._sleep(wait)
            self.waited += wait
            return wait
        return 0.0

    def pause(self, budget: Budget, seconds: float) -> None:
        """Hold `budget` back for every process for `seconds` (after the server throttled)."""
        until = self._clock() + seconds
        self.store.set(f"{budget.key}:paused", until, timeout=math.ceil(seconds) + 1)

    def _reserve(self, budget: Budget, not_before: float, hint: int) -> float:
        """Claim the first free slot from the one holding `not_before`; return when the call may go.

        A slot is taken by one call only, so two calls are at least one interval apart except
        across a slot edge (one extra call per period, which the margin absorbs)."""
        interval = budget.interval(self.margin)
        slot = max(math.floor(not_before / interval), hint)
        for _ in range(MAX_PROBES):
            starts = slot * interval
            ttl = math.ceil(max(0.0, starts - self._clock()) + interval) + 1
            if self.store.add(f"{budget.key}:{slot}", 1, timeout=ttl):
                self.store.set(f"{budget.key}:next", slot + 1, timeout=ttl)
                return max(not_before, starts)
            slot += 1
        # Thousands of calls queued ahead: wait behind them without a slot rather than fail.
        return not_before + MAX_PROBES * interval
