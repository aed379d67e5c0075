"""Register, inspect and remove a channel's order webhook at its marketplace.

`register` creates the channel's secret when it has none, then makes the marketplace call our
receiver: it updates the webhook it already has for this channel (found by its id, else by the
URL) or creates one, and activates it when the marketplace had set it PASSIVE (Trendyol does
after deliveries kept failing). The URL is `WEBHOOK_PUBLIC_URL` + `/hooks/orders/<channel>/`.
Used by `manage.py trendyol_webhook` and the webhook admin's actions.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from channel.adapters.errors import UnsupportedOperation
from channel.adapters.webhooks import RemoteWebhook, WebhooksAdapter, WebhookSpec, find
from channel.models import WebhookSubscription
from channel.webhooks import credentials

logger = logging.getLogger(__name__)


class WebhookSetupError(Exception):
    """The webhook cannot be set up as asked; the message says what to change."""


def public_url(channel_id: int) -> str:
    base = str(settings.WEBHOOK_PUBLIC_URL or "").rstrip("/")
    if not base.startswith(("https://", "http://")):
        raise WebhookSetupError("set WEBHOOK_PUBLIC_URL to the origin the marketplace reaches this app at "
                                "(e.g. https://<id>.lb.akinoncloud.com)")
    return base + reverse("order_webhook", args=[channel_id])


def adapter_for(channel_id: int) -> WebhooksAdapter:
    """The channel's marketplace adapter (`channel.marketplaces`), built from the conf Omnitron keeps for it."""
    from channel.adapters import build_adapter
    from channel.marketplaces import adapter_path
    from omnitron.factory import client_from_settings

    conf = dict(client_from_settings(channel_id=channel_id).channels.get().get("conf") or {})
    adapter = build_adapter(conf, path=adapter_path(channel_id))
    if not isinstance(adapter, WebhooksAdapter):
        raise UnsupportedOperation(f"{type(adapter).__name__} offers no webhooks")
    return adapter


def subscription(channel_id: int, rotate: bool = False) -> WebhookSubscription:
    """The channel's row, with a new secret when it has none (or `rotate`)."""
    row, created = WebhookSubscription.objects.get_or_create(
        channel_id=channel_id, defaults={"secret": credentials.new_secret(),
                                         "username": credentials.basic_username(channel_id)})
    if rotate and not created:
        row.secret = credentials.new_secret()
        row.save(update_fields=["secret"])
    return row


def spec_of(row: WebhookSubscription, url: str) -> WebhookSpec:
    return WebhookSpec(url=url, auth_type=row.auth_type, secret=row.secret,
                       username=row.username or credentials.basic_username(row.channel_id))


def register(channel_id: int, adapter: WebhooksAdapter | None = None, rotate: bool = False) -> WebhookSubscription:
    """Make the marketplace call our receiver for this channel; returns the stored row."""
    url = public_url(channel_id)
    adapter = adapter or adapter_for(channel_id)
    row = subscription(channel_id, rotate)
    spec = spec_of(row, url)
    found = find(adapter.list_webhooks(), row.remote_id, url)
    if found is None:
        remote_id = adapter.create_webhook(spec)
    else:
        remote_id = found.remote_id
        adapter.update_webhook(remote_id, spec)
        if found.status != "ACTIVE":
            adapter.set_webhook_active(remote_id, True)
    credentials.forget()
    now = timezone.now()
    current = find(adapter.list_webhooks(), remote_id)
    row.url, row.remote_id, row.registered_at, row.checked_at = url, remote_id, now, now
    row.remote_status = current.status if current else ""
    row.save()
    logger.info("webhook of channel %s registered as %s (%s)", channel_id, remote_id, row.remote_status)
    return row


@dataclass(frozen=True)
class WebhookState:
    """What we hold and what the marketplace says about one channel's webhook."""

    row: WebhookSubscription | None
    remote: RemoteWebhook | None


def status(channel_id: int, adapter: WebhooksAdapter | None = None) -> WebhookState:
    """Our row and the marketplace's view of it (its status is stored as last seen)."""
    row = WebhookSubscription.objects.filter(channel_id=channel_id).first()
    if row is None or not row.remote_id:
        return WebhookState(row, None)
    remote = find((adapter or adapter_for(channel_id)).list_webhooks(), row.remote_id)
    row.remote_status, row.checked_at = (remote.status if remote else "MISSING"), timezone.now()
    row.save(update_fields=["remote_status", "checked_at"])
    return WebhookState(row, remote)


def set_active(channel_id: int, active: bool, adapter: WebhooksAdapter | None = None) -> WebhookSubscription:
    row = WebhookSubscription.objects.filter(channel_id=channel_id).exclude(remote_id="").first()
    if row is None:
        raise WebhookSetupError(f"channel {channel_id} has no registered webhook; register it first")
    adapter = adapter or adapter_for(channel_id)
    adapter.set_webhook_active(row.remote_id, active)
    current = find(adapter.list_webhooks(), row.remote_id)
    row.remote_status, row.checked_at = (current.status if current else "MISSING"), timezone.now()
    row.save(update_fields=["remote_status", "checked_at"])
    return row


def remove(channel_id: int, adapter: WebhooksAdapter | None = None) -> bool:
    """Delete the marketplace's webhook and our row (the receiver then refuses the channel);
    False when there was nothing to remove."""
    row = WebhookSubscription.objects.filter(channel_id=channel_id).first()
    if row is None:
        return False
    if row.remote_id:
        adapter = adapter or adapter_for(channel_id)
        if find(adapter.list_webhooks(), row.remote_id) is not None:
            adapter.delete_webhook(row.remote_id)
    row.delete()
    credentials.forget()
    logger.info("webhook of channel %s removed", channel_id)
    return True
