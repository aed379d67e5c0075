"""Webhook figures per channel for the dashboard and `trendyol_webhook status`: received, failed,
pending and lags, over a recent window (two aggregate queries per channel)."""
from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Count, Min, Q
from django.utils import timezone

from channel.models import WebhookEvent, WebhookSubscription

WINDOW = timedelta(hours=24)
LAG_SAMPLE = 500


@dataclass(frozen=True)
class WebhookFigures:
    channel_id: int
    status: str  # the marketplace's ACTIVE / PASSIVE, or "not registered"
    url: str
    received: int  # events stored in the window
    failed: int
    pending: int  # not processed yet (any age)
    oldest_pending_s: float | None
    delivery_lag_s: float | None  # median: marketplace change -> stored here
    processing_lag_s: float | None  # median: stored -> processed


def figures(channel_id: int) -> WebhookFigures:
    now = timezone.now()
    row = WebhookSubscription.objects.filter(channel_id=channel_id).first()
    recent = WebhookEvent.objects.filter(channel_id=channel_id, received_at__gte=now - WINDOW)
    counts = recent.aggregate(received=Count("id"), failed=Count("id", filter=Q(outcome="failed")))
    pending = WebhookEvent.objects.filter(channel_id=channel_id, processed_at__isnull=True).aggregate(
        n=Count("id"), oldest=Min("received_at"))
    sample = list(recent.filter(processed_at__isnull=False).exclude(outcome="superseded")
                  .order_by("-id").values_list("modified_ms", "received_at", "processed_at")[:LAG_SAMPLE])
    delivery = [received.timestamp() - modified / 1000 for modified, received, _ in sample]
    processing = [(processed - received).total_seconds() for _, received, processed in sample if processed]
    return WebhookFigures(
        channel_id, (row.remote_status or "not registered") if row else "not registered", row.url if row else "",
        counts["received"], counts["failed"], pending["n"],
        (now - pending["oldest"]).total_seconds() if pending["oldest"] else None,
        statistics.median(delivery) if delivery else None, statistics.median(processing) if processing else None)
