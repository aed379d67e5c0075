"""The retry policy decides alone which failures are retried and how long to wait."""
from __future__ import annotations

from email.utils import format_datetime
from datetime import datetime, timedelta, timezone

import pytest

from omnitron.retry import RetryPolicy, equal_jitter, parse_retry_after

policy = RetryPolicy(max_retries=3, backoff_base=0.5, backoff_max=4.0, jitter=lambda d: d)


@pytest.mark.parametrize("status", [429, 500, 502, 503, 504])
def test_get_retries_transient_statuses(status):
    assert policy.delay_for("GET", 0, status=status) == 0.5


@pytest.mark.parametrize("status", [400, 401, 404, 406, 501])
def test_get_does_not_retry_other_statuses(status):
    assert policy.delay_for("GET", 0, status=status) is None


def test_get_retries_a_read_timeout_but_a_post_does_not():
    assert policy.delay_for("GET", 0) == 0.5
    assert policy.delay_for("POST", 0) is None


@pytest.mark.parametrize("method", ["POST", "PATCH", "PUT", "DELETE"])
def test_writes_are_not_repeated_after_a_500(method):
    assert policy.delay_for(method, 0, status=500) is None


def test_post_retries_only_when_the_server_did_not_act():
    assert policy.delay_for("POST", 0, status=503) == 0.5
    assert policy.delay_for("POST", 0, status=429) == 0.5
    assert policy.delay_for("POST", 0, status=502) is None
    assert policy.delay_for("PATCH", 0, status=504) is None
    assert policy.delay_for("POST", 0) is None  # no answer: it may have been applied
    assert policy.delay_for("POST", 0, never_sent=True) == 0.5


def test_backoff_doubles_up_to_the_cap_and_stops_after_max_retries():
    assert [policy.delay_for("GET", n, status=503) for n in range(5)] == [0.5, 1.0, 2.0, None, None]
    long = RetryPolicy(max_retries=10, backoff_base=1, backoff_max=4.0, jitter=lambda d: d)
    assert long.delay_for("GET", 6, status=503) == 4.0


def test_retry_after_wins_for_429_and_503_only():
    assert policy.delay_for("GET", 0, status=429, retry_after=9) == 9
    assert policy.delay_for("GET", 0, status=502, retry_after=9) == 0.5


def test_equal_jitter_stays_between_half_and_full():
    assert all(1.0 <= equal_jitter(2.0) <= 2.0 for _ in range(200))


def test_parse_retry_after_seconds_and_http_date():
    assert parse_retry_after("12") == 12.0
    assert parse_retry_after(None) is None and parse_retry_after("soon") is None
    later = format_datetime(datetime.now(timezone.utc) + timedelta(seconds=30), usegmt=True)
    assert 25 <= parse_retry_after(later) <= 30
