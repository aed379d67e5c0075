"""The listing window of an order flow: from the last run's end (minus an overlap) to now.

The high-water mark is only an optimisation (how far back to list); exactly-once never rests
on it, because every package is checked against the orders Omnitron already holds. It lives in
the shared Django cache; when it is missing the window reaches back `lookback_hours` (option,
default 14 days, Trendyol's listing horizon). The overlap (the adapter's
`order_window_overlap_seconds`) catches packages stamped late, and a package that failed is
kept inside the next windows (the mark stops before it) for at most the lookback.
"""
from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING

from django.core.cache import cache

if TYPE_CHECKING:
    from channel.flows.runtime import Runtime

DEFAULT_LOOKBACK_HOURS = 14 * 24
RETRY_FAILED_HOURS = 24


def _key(rt: Runtime, name: str) -> str:
    return f"channel:orders:{name}:{rt.ctx.channel_id}:high-water"


def _parse(value: object) -> datetime | None:
    return stamp(value) if value else None


def stamp(value: object) -> datetime:
    """An Omnitron or ISO 8601 timestamp ("...Z" included) as an aware datetime; empty -> the
    earliest possible moment (so "modified after a missing version" is always true)."""
    if not value:
        return datetime.min.replace(tzinfo=timezone.utc)
    moment = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def bounds(rt: Runtime, name: str, lookback_hours: float = DEFAULT_LOOKBACK_HOURS) -> tuple[datetime, datetime]:
    """(since, until) for this run; options `since` / `until` (ISO 8601) override both ends,
    option `lookback_hours` the flow's default horizon."""
    until = _parse(rt.option("until", None)) or datetime.now(timezone.utc)
    floor = until - timedelta(hours=float(rt.option("lookback_hours", lookback_hours)))
    explicit = _parse(rt.option("since", None))
    if explicit is not None:
        return explicit, until
    mark = _parse(cache.get(_key(rt, name)))
    if mark is None:
        return floor, until
    overlap = timedelta(seconds=float(getattr(rt.adapter, "order_window_overlap_seconds", 600.0)))
    return max(floor, mark - overlap), until


def advance(rt: Runtime, name: str, until: datetime, oldest_failure: datetime | None) -> datetime:
    """Store the next run's mark: `until`, or just before the oldest package that failed, if it
    failed within `retry_failed_hours` (option, default 24): a package that keeps failing is
    retried (and reported) for a day, then left to an operator and a manual `since` run."""
    horizon = until - timedelta(hours=float(rt.option("retry_failed_hours", RETRY_FAILED_HOURS)))
    if oldest_failure is not None and oldest_failure < horizon:
        oldest_failure = None
    mark = until if oldest_failure is None else min(until, oldest_failure - timedelta(milliseconds=1))
    cache.set(_key(rt, name), mark.isoformat(), timeout=None)
    return mark
