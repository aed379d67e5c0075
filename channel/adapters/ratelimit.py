"""Client-side request pacing shared by adapters: at most N calls per window, per key.

Marketplaces throttle per endpoint (Trendyol: 50 requests per 10 s); pacing ourselves
keeps a bulk push from spending its time in 429 backoff. The limiter is per process:
several Celery workers each get their own budget, so the server-side 429 handling in
`retry.py` stays necessary.
"""
from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable


class RateLimiter:
    """Sliding-window limiter: `acquire(key)` waits until a call under `key` is allowed."""

    def __init__(self, max_calls: int, period: float,
                 clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        if max_calls < 1 or period <= 0:
            raise ValueError("max_calls must be >= 1 and period > 0")
        self.max_calls = max_calls
        self.period = period
        self._clock = clock
        self._sleep = sleep
        self._calls: dict[str, deque[float]] = {}
        self._lock = threading.Lock()
        self.waited = 0.0

    def acquire(self, key: str = "") -> float:
        """Block until a call is allowed; record it; return the seconds waited."""
        waited = 0.0
        while True:
            with self._lock:
                delay = self._reserve(key)
            if delay <= 0:
                self.waited += waited
                return waited
            self._sleep(delay)
            waited += delay

    def _reserve(self, key: str) -> float:
        now = self._clock()
        calls = self._calls.setdefault(key, deque())
        while calls and calls[0] <= now - self.period:
            calls.popleft()
        if len(calls) < self.max_calls:
            calls.append(now)
            return 0.0
        return calls[0] + self.period - now
