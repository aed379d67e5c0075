"""The per-channel webhook secret: generated here, stored in `WebhookSubscription`, checked per delivery.

The receiver reads it on every delivery, so each web process keeps what it read for
`WEBHOOK_SECRET_TTL` seconds (default 5): a burst of deliveries costs one query per process
per window, and a re-registered secret is in force everywhere within that time. Comparisons
are constant-time (`hmac.compare_digest`). Nothing here logs a secret.
"""
from __future__ import annotations

import base64
import binascii
import hmac
import secrets
import threading
import time
from dataclasses import dataclass, field

from django.conf import settings

from channel.models import WebhookSubscription

SECRET_BYTES = 32


def new_secret() -> str:
    """A random secret (43 URL-safe characters, 256 bits)."""
    return secrets.token_urlsafe(SECRET_BYTES)


def basic_username(channel_id: int) -> str:
    return f"channel{channel_id}"


def masked(secret: str) -> str:
    """What admin and commands show of a secret: its first four characters."""
    return f"{secret[:4]}…" if secret else "-"


@dataclass(frozen=True)
class Credentials:
    """How one channel's marketplace must sign in to the receiver."""

    auth_type: str
    username: str
    secret: str = field(repr=False)

    def accept(self, api_key: str | None, authorization: str | None) -> bool:
        """True when the request carries this channel's credentials (constant-time comparisons)."""
        if self.auth_type == WebhookSubscription.API_KEY:
            return _same(api_key or "", self.secret)
        user, password = _basic(authorization or "")
        return _same(user, self.username) & _same(password, self.secret)


def _same(given: str, expected: str) -> bool:
    return hmac.compare_digest(given.encode(), expected.encode())


def _basic(header: str) -> tuple[str, str]:
    scheme, _, value = header.partition(" ")
    if scheme.lower() != "basic":
        return "", ""
    try:
        user, _, password = base64.b64decode(value.strip(), validate=True).decode().partition(":")
    except (binascii.Error, UnicodeDecodeError):
        return "", ""
    return user, password


_cache: dict[int, tuple[float, Credentials | None]] = {}
_cache_lock = threading.Lock()


def lookup(channel_id: int) -> Credentials | None:
    """The channel's credentials (None: no webhook set up), read at most every `WEBHOOK_SECRET_TTL` s."""
    now = time.monotonic()
    with _cache_lock:
        hit = _cache.get(channel_id)
    if hit is not None and hit[0] > now:
        return hit[1]
    row = WebhookSubscription.objects.filter(channel_id=channel_id).values_list(
        "auth_type", "username", "secret").first()
    found = Credentials(*row) if row and row[2] else None
    with _cache_lock:
        _cache[channel_id] = (now + float(settings.WEBHOOK_SECRET_TTL), found)
    return found


def forget() -> None:
    """Drop what this process remembers (tests, and after a registration in this process)."""
    with _cache_lock:
        _cache.clear()
