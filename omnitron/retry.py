"""The one retry policy: which failures are retried, and how long to wait before the next try.

Transport code asks `RetryPolicy.delay_for(...)` after every failed attempt and sleeps through
`policy.sleep`; nothing else in the package sleeps. `sleep` and `jitter` are injectable so
tests run fast and can still check the delay that was chosen.
"""
from __future__ import annotations

import email.utils
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field

IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})
RETRY_STATUSES = frozenset({429, 502, 503, 504})
# A read that met a 500 changed nothing, and an overloaded or briefly broken server often
# answers the next try; writes are not repeated on 500 (the server may have acted).
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
SAFE_RETRY_STATUSES = RETRY_STATUSES | {500}
# A non-idempotent call is repeated only when the server said it did not act on it.
NON_IDEMPOTENT_RETRY_STATUSES = frozenset({429, 503})


def equal_jitter(delay: float) -> float:
    """Half fixed, half random: keeps a floor while spreading workers apart."""
    return delay / 2 + random.uniform(0, delay / 2)


def parse_retry_after(value: str | None) -> float | None:
    """Seconds from a `Retry-After` header (delta-seconds or HTTP date); None if absent/garbled."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


@dataclass(frozen=True)
class RetryPolicy:
    """Exponential backoff with jitter, honouring `Retry-After` up to `retry_after_max` seconds."""

    max_retries: int = 3
    backoff_base: float = 0.5
    backoff_max: float = 30.0
    retry_after_max: float = 120.0
    sleep: Callable[[float], None] = field(default=time.sleep, compare=False)
    jitter: Callable[[float], float] = field(default=equal_jitter, compare=False)

    def backoff(self, attempt: int) -> float:
        """Delay before retry number `attempt + 1` when the server gave no hint."""
        return self.jitter(min(self.backoff_max, self.backoff_base * (2**attempt)))

    def should_retry(self, method: str, *, status: int | None = None, never_sent: bool = False) -> bool:
        """True when repeating the call cannot do harm and may succeed.

        `status` None means no HTTP answer; `never_sent` means the connection was never made.
        """
        if never_sent:
            return True
        idempotent = method.upper() in IDEMPOTENT_METHODS
        if status is None:  # read timeout or dropped connection: only a repeatable call is repeated
            return idempotent
        if method.upper() in SAFE_METHODS:
            return status in SAFE_RETRY_STATUSES
        return status in (RETRY_STATUSES if idempotent else NON_IDEMPOTENT_RETRY_STATUSES)

    def delay_for(
        self, method: str, attempt: int, *, status: int | None = None,
        never_sent: bool = False, retry_after: float | None = None,
    ) -> float | None:
        """Seconds to wait before the next try, or None to give up (attempt counts from 0)."""
        if attempt >= self.max_retries or not self.should_retry(method, status=status, never_sent=never_sent):
            return None
        if retry_after is not None and status in (429, 503):
            return min(retry_after, self.retry_after_max)
        return self.backoff(attempt)
