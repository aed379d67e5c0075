"""Retry-After parsing and the retry decision table."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest

from channel.adapters.retry import RetryPolicy, parse_retry_after

NOW = datetime(2026, 10, 1, 10, 0, 0, tzinfo=timezone.utc)


@pytest.mark.parametrize(("header", "seconds"), [
    ("3", 3.0),
    ("0.5", 0.5),
    ("-2", 0.0),
    ("Thu, 01 Oct 2026 10:00:07 GMT", 7.0),
    ("Thu, 01 Oct 2026 09:59:00 GMT", 0.0),
    (None, None),
    ("", None),
    ("soon", None),
])
def test_parse_retry_after(header: str | None, seconds: float | None) -> None:
    assert parse_retry_after(header, now=NOW) == seconds


@pytest.mark.parametrize(("attempt", "status", "idempotent", "sent", "retry"), [
    (0, 429, False, True, True),
    (0, 429, True, True, True),
    (0, 503, True, True, True),
    (0, 503, False, True, False),
    (0, 400, True, True, False),
    (0, None, True, True, True),
    (0, None, False, True, False),
    (0, None, False, False, True),
    (3, 429, True, True, False),
])
def test_should_retry(attempt: int, status: int | None, idempotent: bool, sent: bool, retry: bool) -> None:
    assert RetryPolicy(max_retries=3).should_retry(attempt, status, idempotent, sent=sent) is retry


@pytest.mark.parametrize(("attempt", "jitter", "delay"), [(0, 0.0, 0.25), (0, 1.0, 0.5), (2, 1.0, 2.0), (10, 1.0, 30.0)])
def test_delay_is_capped_exponential_backoff_with_jitter(attempt: int, jitter: float, delay: float) -> None:
    policy = RetryPolicy(base=0.5, cap=30.0, jitter=lambda: jitter)
    assert policy.delay(attempt) == pytest.approx(delay)


def test_delay_honours_retry_after_up_to_its_cap() -> None:
    policy = RetryPolicy(max_retry_after=60.0, jitter=lambda: 0.0)
    assert policy.delay(0, retry_after=2.0) == 2.0
    assert policy.delay(0, retry_after=600.0) == 60.0
