"""Enqueue the draining of a channel's webhook events: once per channel while one is queued.

The receiver calls `enqueue` after its INSERT committed. A burst of deliveries needs one
drain, not one task per delivery: a short-lived cache key marks "a drain is queued for this
channel"; the drain deletes it before it reads the pending events, so any event committed
before a skipped enqueue is read by the drain that holds the key. The key expires by itself
(`WEBHOOK_QUEUED_TTL`), so a lost message delays nothing longer than that.

`sweep` (beat, every `WEBHOOK_SWEEP_S`) re-enqueues channels whose events wait longer than
`WEBHOOK_SWEEP_AFTER_S`: a receiver killed between its commit and the enqueue, a worker
that died holding a batch (its lease lapses), a retry after a failure.
"""
from __future__ import annotations

import logging
from datetime import timedelta

from celery import current_app
from django.conf import settings
from django.core.cache import cache
from django.db.models import Q
from django.utils import timezone

from channel.models import WebhookEvent

logger = logging.getLogger(__name__)

TASK = "channel.process_webhook_events"


def queued_key(channel_id: int) -> str:
    return f"webhooks:queued:{channel_id}"


def enqueue(channel_id: int) -> bool:
    """Queue a drain of `channel_id` unless one is queued already; True when one was sent."""
    key = queued_key(channel_id)
    if not cache.add(key, 1, timeout=float(settings.WEBHOOK_QUEUED_TTL)):
        return False
    try:
        current_app.send_task(TASK, kwargs={"channel_id": channel_id}, queue=settings.WEBHOOK_QUEUE)
    except Exception:  # noqa: BLE001 - the events are stored; the sweep queues them once the broker answers
        cache.delete(key)
        logger.exception("could not queue webhook events of channel %s; the sweep will", channel_id)
        return False
    return True


def taken(channel_id: int) -> None:
    """A drain starts: later deliveries must queue another one."""
    cache.delete(queued_key(channel_id))


def waiting_channels() -> list[int]:
    """Channels with events older than `WEBHOOK_SWEEP_AFTER_S` that no worker holds."""
    now = timezone.now()
    old = now - timedelta(seconds=float(settings.WEBHOOK_SWEEP_AFTER_S))
    rows = (WebhookEvent.objects.filter(processed_at__isnull=True, received_at__lt=old)
            .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lt=now))
            .values_list("channel_id", flat=True).distinct())
    return sorted(set(rows))


def sweep() -> list[int]:
    """Queue a drain for every channel with waiting events; returns those channels."""
    channels = waiting_channels()
    for channel_id in channels:
        cache.delete(queued_key(channel_id))  # a stale mark must not hold the sweep back
        enqueue(channel_id)
    if channels:
        logger.warning("webhook events waited longer than %ss on channels %s; queued", settings.WEBHOOK_SWEEP_AFTER_S,
                       channels)
    return channels
