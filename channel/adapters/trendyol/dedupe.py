"""Memory of recent price/stock requests, for Trendyol's 15-minute duplicate rule.

Trendyol rejects a byte-identical price/stock body sent again within 15 minutes. The
adapter records each body's fingerprint here before sending and skips a repeat. Any
object with Django's cache `add(key, value, timeout) -> bool` and `delete(key)` fits, so
the engine can pass `django.core.cache.cache` to share the memory between workers; the
default below lives as long as the adapter.
"""
from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any, Protocol

DUPLICATE_WINDOW_SECONDS = 15 * 60


class RecentStore(Protocol):
    def add(self, key: str, value: Any, timeout: float) -> bool: ...

    def delete(self, key: str) -> Any: ...


class RecentRequests:
    """In-process `RecentStore`: `add` succeeds only if `key` is absent or expired."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._expires: dict[str, float] = {}
        self._lock = threading.Lock()

    def add(self, key: str, value: Any, timeout: float) -> bool:
        now = self._clock()
        with self._lock:
            if self._expires.get(key, 0.0) > now:
                return False
            self._expires[key] = now + timeout
            return True

    def delete(self, key: str) -> None:
        with self._lock:
            self._expires.pop(key, None)
