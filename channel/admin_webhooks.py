"""Admin of the order webhooks: the channel's subscription (register, switch off, remove) and its events.

Actions talk to the marketplace and need the change permission of the webhook model. The
secret is generated, never typed, and never shown beyond its first characters.
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from channel.adapters.errors import MarketplaceError, UnsupportedOperation
from channel.models import WebhookEvent, WebhookSubscription
from channel.webhooks import credentials, registration
from omnitron.errors import OmnitronError

logger = logging.getLogger(__name__)


@admin.register(WebhookSubscription)
class WebhookSubscriptionAdmin(admin.ModelAdmin):
    list_display = ("channel_id", "remote_status", "url", "auth_type", "secret_hint", "registered_at", "checked_at")
    readonly_fields = ("secret_hint", "url", "remote_id", "remote_status", "registered_at", "checked_at")
    fields = ("channel_id", "auth_type", *readonly_fields)
    actions = ("register_webhooks", "deactivate_webhooks", "remove_webhooks")

    @admin.display(description=gettext_lazy("secret"))
    def secret_hint(self, obj: WebhookSubscription) -> str:
        return credentials.masked(obj.secret)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        return (*self.readonly_fields, "channel_id") if obj else self.readonly_fields

    def save_model(self, request: HttpRequest, obj: WebhookSubscription, form: Any, change: bool) -> None:
        if not obj.secret:
            obj.secret = credentials.new_secret()
            obj.username = credentials.basic_username(obj.channel_id)
        super().save_model(request, obj, form, change)
        credentials.forget()

    def _each(self, request: HttpRequest, queryset: QuerySet[WebhookSubscription],
              step: Callable[[int], Any], done: str) -> None:
        for row in queryset:
            try:
                step(row.channel_id)
            except (registration.WebhookSetupError, MarketplaceError, UnsupportedOperation, OmnitronError) as exc:
                messages.error(request, _("Channel %(id)s: %(error)s") % {"id": row.channel_id, "error": exc})
                continue
            logger.info("admin user %s: %s for channel %s", request.user, done, row.channel_id)
            messages.success(request, _("Channel %(id)s: %(done)s") % {"id": row.channel_id, "done": done})

    @admin.action(description=gettext_lazy("Register at the marketplace (and activate)"), permissions=["change"])
    def register_webhooks(self, request: HttpRequest, queryset: QuerySet[WebhookSubscription]) -> None:
        self._each(request, queryset, registration.register, _("webhook registered"))

    @admin.action(description=gettext_lazy("Deactivate at the marketplace"), permissions=["change"])
    def deactivate_webhooks(self, request: HttpRequest, queryset: QuerySet[WebhookSubscription]) -> None:
        self._each(request, queryset, lambda channel: registration.set_active(channel, False),
                   _("webhook deactivated"))

    @admin.action(description=gettext_lazy("Remove from the marketplace"), permissions=["change"])
    def remove_webhooks(self, request: HttpRequest, queryset: QuerySet[WebhookSubscription]) -> None:
        self._each(request, queryset, registration.remove, _("webhook removed"))


@admin.register(WebhookEvent)
class WebhookEventAdmin(admin.ModelAdmin):
    """Read-only: events come from the marketplace and are processed by workers."""

    list_display = ("received_at", "channel_id", "package_id", "status", "outcome", "processed_at", "attempts")
    list_filter = ("outcome", "status", "channel_id")
    search_fields = ("package_id",)
    date_hierarchy = "received_at"
    exclude = ("body",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
