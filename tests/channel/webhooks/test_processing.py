"""Which events a worker takes, and which it only marks superseded (in process, on the test database)."""
from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from channel.models import WebhookEvent
from channel.webhooks.processing import claim, newest_per_package

pytestmark = pytest.mark.django_db


def event(package: str, modified: int, **fields) -> WebhookEvent:
    return WebhookEvent.objects.create(channel_id=1, package_id=package, status="Created", modified_ms=modified,
                                       body={}, received_at=timezone.now(), **fields)


def test_a_claim_takes_pending_events_oldest_first_and_leases_them(settings):
    settings.WEBHOOK_BATCH = 2
    first, second, third = event("1", 1), event("2", 1), event("3", 1)
    taken = claim(1)
    assert [e.id for e in taken] == [first.id, second.id] and all(e.attempts == 1 for e in taken)
    assert all(e.claimed_until > timezone.now() for e in taken)
    assert [e.id for e in claim(1)] == [third.id]
    assert claim(1) == [] and claim(2) == []


def test_a_package_another_worker_holds_is_left_alone_until_its_lease_lapses():
    later = timezone.now() + timedelta(seconds=30)
    held = event("1", 1, claimed_until=later)  # another worker holds this change of package 1
    newer = event("1", 2)
    other = event("2", 1)
    assert [e.id for e in claim(1)] == [other.id]
    WebhookEvent.objects.filter(pk=held.pk).update(claimed_until=timezone.now() - timedelta(seconds=1))  # it died
    assert [e.id for e in claim(1)] == [held.id, newer.id]


def test_only_the_newest_change_of_a_package_is_handled():
    handled = event("1", 50, processed_at=timezone.now(), outcome="imported")
    older, newest, other = event("1", 40), event("2", 7), event("2", 9)
    keep, stale = newest_per_package([older, newest, other])
    assert [e.id for e in keep] == [other.id] and sorted(e.id for e in stale) == sorted([older.id, newest.id])
    assert handled.modified_ms > older.modified_ms
