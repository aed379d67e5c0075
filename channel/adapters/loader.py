"""Pick the adapter class named by `settings.CHANNEL_ADAPTER` and build it for a channel.

The setting is read on every call, not at import, so tests and a changed deploy see the
current value; the class is imported lazily so unused marketplaces cost nothing.
"""
from __future__ import annotations

from typing import Any

import requests
from django.conf import settings
from django.utils.module_loading import import_string

from channel.adapters.base import MarketplaceAdapter
from channel.adapters.errors import AdapterConfigError


def get_adapter_class() -> type[MarketplaceAdapter]:
    """The class `settings.CHANNEL_ADAPTER` names; AdapterConfigError when it is unusable."""
    path = settings.CHANNEL_ADAPTER
    try:
        cls = import_string(path)
    except ImportError as exc:
        raise AdapterConfigError(f"CHANNEL_ADAPTER={path!r} cannot be imported: {exc}") from exc
    if not (isinstance(cls, type) and issubclass(cls, MarketplaceAdapter)):
        raise AdapterConfigError(f"CHANNEL_ADAPTER={path!r} is not a MarketplaceAdapter subclass")
    return cls


def build_adapter(conf: dict[str, Any], session: requests.Session | None = None,
                  **options: Any) -> MarketplaceAdapter:
    """An adapter for one channel: `conf` is the Omnitron channel's conf dict.

    `options` go to the adapter's constructor unchanged (e.g. Trendyol's `sleep`).
    """
    return get_adapter_class()(conf, session=session, **options)
