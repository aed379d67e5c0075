"""Listing windows: overlap, lookback floor, failures kept inside the next window, a durable
mark, reconciliation passes."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from django.core.cache import cache

from channel.flows.context import FlowContext
from channel.flows.orders import window
from channel.models import OrderSyncMark

pytestmark = pytest.mark.django_db


class Adapter:
    order_window_overlap_seconds = 600.0


class Rt:
    """The two things `window` reads from a runtime: the context and the adapter."""

    def __init__(self, **options) -> None:
        self.ctx = FlowContext(99, options=options)
        self.adapter = Adapter()

    def option(self, name, default):
        value = self.ctx.options.get(name)
        return default if value is None else value


NOW = datetime(2026, 11, 21, 12, 0, tzinfo=timezone.utc)


def test_first_run_reaches_back_the_lookback():
    since, until = window.bounds(Rt(until=NOW.isoformat(), lookback_hours=2), "test")
    assert (since, until) == (NOW - timedelta(hours=2), NOW)


def test_next_run_starts_an_overlap_before_the_previous_end():
    rt = Rt(until=NOW.isoformat())
    window.advance(rt, "test", NOW, None)
    since, _ = window.bounds(Rt(until=(NOW + timedelta(minutes=5)).isoformat()), "test")
    assert since == NOW - timedelta(minutes=10)


def test_a_failed_package_keeps_the_next_window_before_it():
    failed_at = NOW - timedelta(hours=1)
    mark = window.advance(Rt(), "test", NOW, failed_at)
    assert mark < failed_at
    since, _ = window.bounds(Rt(until=NOW.isoformat()), "test")
    assert since < failed_at


def test_explicit_since_wins_and_stamps_accept_z():
    since, _ = window.bounds(Rt(since="2026-11-20T00:00:00Z", until=NOW.isoformat()), "test")
    assert since == datetime(2026, 11, 20, tzinfo=timezone.utc)
    assert window.stamp(None) < window.stamp("2000-01-01T00:00:00.000001Z")


def test_a_package_failing_for_over_a_day_no_longer_holds_the_window():
    mark = window.advance(Rt(), "test", NOW, NOW - timedelta(hours=30))
    assert mark == NOW


def test_the_mark_survives_a_cache_flush():
    window.advance(Rt(), "test", NOW, None)
    cache.clear()
    since, _ = window.bounds(Rt(until=(NOW + timedelta(minutes=5)).isoformat()), "test")
    assert since == NOW - timedelta(minutes=10)
    assert OrderSyncMark.objects.get(channel_id=99, flow="test").mark == NOW


def test_a_reconciliation_pass_rereads_everything_changed_since_the_last_one():
    window.advance(Rt(), "test", NOW - timedelta(hours=8), None)  # first run: reconciled up to here
    window.advance(Rt(reconcile_hours=6), "test", NOW - timedelta(minutes=5), None)
    OrderSyncMark.objects.filter(flow="test").update(reconciled_at=datetime.now(timezone.utc) - timedelta(hours=7))

    since, _ = window.bounds(Rt(until=NOW.isoformat()), "test")

    assert since == NOW - timedelta(hours=8) - window.RECONCILE_MARGIN
    window.advance(Rt(), "test", NOW, None)
    row = OrderSyncMark.objects.get(flow="test")
    assert row.reconciled_to == NOW
    since, _ = window.bounds(Rt(until=(NOW + timedelta(minutes=5)).isoformat()), "test")
    assert since == NOW - timedelta(minutes=10)  # not due again for six hours
