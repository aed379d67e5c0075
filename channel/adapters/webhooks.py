"""`WebhooksAdapter`: the part of the adapter interface that registers a marketplace's webhooks.

A marketplace that pushes order changes to a URL the seller registers fills these hooks; the
registration service (`channel.webhooks.registration`) calls them. Hooks raise
`UnsupportedOperation` until a marketplace fills them.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from typing import TYPE_CHECKING, Any

from channel.adapters.errors import UnsupportedOperation

if TYPE_CHECKING:
    from channel.adapters.orders import RemotePackage


@dataclass(frozen=True)
class WebhookSpec:
    """What the marketplace is asked to call: where, and how to sign in there."""

    url: str
    auth_type: str  # "API_KEY" or "BASIC_AUTHENTICATION"
    secret: str = field(repr=False)  # the API key, or the Basic password
    username: str = ""
    statuses: tuple[str, ...] = ()  # empty: every status, later ones included


@dataclass(frozen=True)
class RemoteWebhook:
    """A webhook as the marketplace lists it."""

    remote_id: str
    url: str
    auth_type: str
    status: str  # ACTIVE or PASSIVE
    statuses: tuple[str, ...] = ()


class WebhooksAdapter:
    """Webhook management hooks."""

    def list_webhooks(self) -> list[RemoteWebhook]:
        """Hook: every webhook of the seller, active or not."""
        raise UnsupportedOperation("webhooks: list")

    def create_webhook(self, spec: WebhookSpec) -> str:
        """Hook: register a webhook; return the marketplace's id for it."""
        raise UnsupportedOperation("webhooks: create")

    def update_webhook(self, remote_id: str, spec: WebhookSpec) -> None:
        """Hook: point an existing webhook at `spec` (URL, credentials, statuses)."""
        raise UnsupportedOperation("webhooks: update")

    def set_webhook_active(self, remote_id: str, active: bool) -> None:
        """Hook: activate (deliveries resume) or deactivate a webhook."""
        raise UnsupportedOperation("webhooks: activate")

    def delete_webhook(self, remote_id: str) -> None:
        """Hook: remove a webhook for good."""
        raise UnsupportedOperation("webhooks: delete")

    def pushed_package(self, body: dict[str, Any]) -> RemotePackage:
        """Hook: one package of a delivery (as stored by the receiver) as the order flows read packages."""
        raise UnsupportedOperation("webhooks: read a delivered package")


def find(webhooks: Sequence[RemoteWebhook], remote_id: str = "", url: str = "") -> RemoteWebhook | None:
    """The webhook with this id, else the first one calling this URL."""
    for hook in webhooks:
        if remote_id and hook.remote_id == remote_id:
            return hook
    return next((hook for hook in webhooks if url and hook.url == url), None)
