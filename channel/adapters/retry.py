"""The one retry policy for adapter HTTP calls: which answers to retry and how long to wait.

Kept apart from the transport so tests can pin the jitter and drive the waits with an
injected `sleep`; no retry handler ever sleeps on its own.
"""
from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime

#: Statuses worth another try; 429 always, 5xx only where a repeat cannot duplicate work.
THROTTLED = 429
SERVER_ERRORS = frozenset({500, 502, 503, 504})


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or HTTP date); None if absent/bad."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return max(0.0, (when - (now or datetime.now(timezone.utc))).total_seconds())


@dataclass(frozen=True)
class RetryPolicy:
    """Exponential backoff (`base` * 2**attempt, capped at `cap`) with jitter, or Retry-After.

    `max_retries` counts retries, so a call is tried at most `max_retries + 1` times. A
    Retry-After hint is honoured as given (capped at `max_retry_after`), without jitter.
    """

    max_retries: int = 4
    base: float = 0.5
    cap: float = 30.0
    max_retry_after: float = 120.0
    jitter: Callable[[], float] = field(default=random.random, compare=False)

    def should_retry(self, attempt: int, status: int | None, idempotent: bool,
                     sent: bool = True) -> bool:
        """Whether try number `attempt` (0-based) may be followed by another.

        `status` None means no response; `sent` False means the request never left (connect
        refused or timed out). Non-idempotent writes (Trendyol has no idempotency keys) are
        retried only when the request surely did not run: a 429, or nothing sent.
        """
        if attempt >= self.max_retries:
            return False
        if status == THROTTLED:
            return True
        if status is None:
            return idempotent or not sent
        return idempotent and status in SERVER_ERRORS

    def delay(self, attempt: int, retry_after: float | None = None) -> float:
        """Seconds to wait before try `attempt + 1`."""
        if retry_after is not None:
            return min(retry_after, self.max_retry_after)
        backoff = min(self.cap, self.base * (2 ** attempt))
        return backoff * (0.5 + self.jitter() / 2)
