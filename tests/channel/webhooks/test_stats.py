"""Webhook figures on the Sync dashboard: received, failed, waiting and the two lags."""
from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from channel.models import WebhookEvent, WebhookSubscription
from channel.webhooks.stats import figures

pytestmark = pytest.mark.django_db


def event(package: str, outcome: str, arrive_s: float, process_s: float | None) -> WebhookEvent:
    now = timezone.now()
    received = now - timedelta(seconds=60)
    modified_ms = int((received - timedelta(seconds=arrive_s)).timestamp() * 1000)
    processed = received + timedelta(seconds=process_s) if process_s is not None else None
    return WebhookEvent.objects.create(channel_id=1, package_id=package, status="Created", modified_ms=modified_ms,
                                       body={}, received_at=received, processed_at=processed, outcome=outcome)


def test_figures_count_received_failed_and_waiting_and_take_median_lags():
    WebhookSubscription.objects.create(channel_id=1, secret="s", url="https://shop.example.com/hooks/orders/1/",
                                       remote_status="ACTIVE")
    event("1", "imported", 1.0, 0.5)
    event("2", "imported", 2.0, 1.5)
    event("3", "failed", 3.0, 2.5)
    event("4", "", 0.2, None)

    found = figures(1)

    assert (found.status, found.received, found.failed, found.pending) == ("ACTIVE", 4, 1, 1)
    assert found.delivery_lag_s == pytest.approx(2.0, abs=0.01)
    assert found.processing_lag_s == pytest.approx(1.5, abs=0.01)
    assert 59 < found.oldest_pending_s < 120


def test_a_channel_without_a_webhook_says_so_on_the_dashboard(client, settings):
    settings.STORAGES = {**settings.STORAGES,
                         "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
    client.force_login(User.objects.create_superuser("boss", password="pw-boss-1234567"))
    page = client.get("/admin/channel/dashboard/").content.decode()
    assert "Order webhooks" in page and "polling only" in page

    WebhookSubscription.objects.create(channel_id=settings.OMNITRON_CHANNEL_ID, secret="s", remote_status="PASSIVE",
                                       url="https://shop.example.com/hooks/orders/1/")
    event("1", "failed", 1.0, 0.5)
    page = client.get("/admin/channel/dashboard/").content.decode()
    assert "PASSIVE" in page and '<strong class="failed">1</strong>' in page
