"""The listing window of an order flow: from the last run's mark (minus an overlap) to now.

The high-water mark says how far a flow has read the marketplace's changes; exactly-once never
rests on it (every package is checked against the orders Omnitron already holds), but missing
a change would. It is stored durably, in our database (`OrderSyncMark`, one row per channel and
flow), so a cache flush or a Redis restart neither sends a run back to its default horizon nor
past a change. When there is no mark the window reaches back `lookback_hours` (option, default
13 days, inside Trendyol's 14-day stream window). The overlap (the adapter's
`order_window_overlap_seconds`) catches packages stamped late; a package that failed is kept
inside the next windows (the mark stops before it) for at most `retry_failed_hours`.

Reconciliation: every `reconcile_hours` (option, default 6) a run starts its window at the end
of the previous reconciliation (less `RECONCILE_MARGIN`) instead of at the mark, so it re-reads
every package changed since then: a change stamped later than the overlap allows, or written
while a run was failing, is read again and picked up.
"""
from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING

from django.utils import timezone as django_timezone

from channel.models import OrderSyncMark
from channel.reconnect import reconnecting

if TYPE_CHECKING:
    from channel.flows.runtime import Runtime

DEFAULT_LOOKBACK_HOURS = 13 * 24
RETRY_FAILED_HOURS = 24
RECONCILE_HOURS = 6
RECONCILE_MARGIN = timedelta(hours=3)


def _row(rt: Runtime, name: str) -> OrderSyncMark | None:
    return reconnecting(lambda: OrderSyncMark.objects.filter(channel_id=rt.ctx.channel_id, flow=name).first())


def _reconciling(rt: Runtime, row: OrderSyncMark | None) -> bool:
    """A reconciliation pass is due when the last one is older than `reconcile_hours`."""
    if row is None or row.reconciled_at is None:
        return row is not None
    due = timedelta(hours=float(rt.option("reconcile_hours", RECONCILE_HOURS)))
    return django_timezone.now() - row.reconciled_at >= due


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
    row = _row(rt, name)
    if row is None:
        return floor, until
    overlap = timedelta(seconds=float(getattr(rt.adapter, "order_window_overlap_seconds", 600.0)))
    since = row.mark - overlap
    if _reconciling(rt, row):
        since = min(since, (row.reconciled_to or row.mark) - RECONCILE_MARGIN)
    return max(floor, since), until


def advance(rt: Runtime, name: str, until: datetime, oldest_failure: datetime | None) -> datetime:
    """Store the next run's mark: `until`, or just before the oldest package that failed, if it
    failed within `retry_failed_hours` (option, default 24): a package that keeps failing is
    retried (and reported) for a day, then left to an operator and a manual `since` run."""
    horizon = until - timedelta(hours=float(rt.option("retry_failed_hours", RETRY_FAILED_HOURS)))
    if oldest_failure is not None and oldest_failure < horizon:
        oldest_failure = None
    mark = until if oldest_failure is None else min(until, oldest_failure - timedelta(milliseconds=1))
    row = _row(rt, name)
    values: dict[str, object] = {"mark": mark}
    if row is None or _reconciling(rt, row) or row.reconciled_to is None:
        values.update(reconciled_to=mark, reconciled_at=django_timezone.now())
    reconnecting(lambda: OrderSyncMark.objects.update_or_create(channel_id=rt.ctx.channel_id, flow=name,
                                                                defaults=values))
    return mark
