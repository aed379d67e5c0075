"""Pick an adapter class by dotted path and build it for a channel.

`MARKETPLACES` names the adapters a channel can be bound to (`channel.marketplaces`);
`settings.CHANNEL_ADAPTER` is the default for channels without a binding. Settings are read
on every call, not at import, so tests and a changed deploy see the current value; classes
are imported lazily so unused marketplaces cost nothing.
"""
from __future__ import annotations

from typing import Any

import requests
from django.conf import settings
from django.utils.module_loading import import_string

from channel.adapters.base import MarketplaceAdapter
from channel.adapters.errors import AdapterConfigError

#: marketplace name -> adapter class; the choices of a channel's marketplace binding.
MARKETPLACES: dict[str, str] = {
    "trendyol": "channel.adapters.trendyol.TrendyolAdapter",
    "hepsiburada": "channel.adapters.hepsiburada.HepsiburadaAdapter",
}


def get_adapter_class(path: str | None = None) -> type[MarketplaceAdapter]:
    """The class `path` names (default `settings.CHANNEL_ADAPTER`); AdapterConfigError when unusable."""
    path = path or settings.CHANNEL_ADAPTER
    try:
        cls = import_string(path)
    except ImportError as exc:
        raise AdapterConfigError(f"adapter {path!r} cannot be imported: {exc}") from exc
    if not (isinstance(cls, type) and issubclass(cls, MarketplaceAdapter)):
        raise AdapterConfigError(f"adapter {path!r} is not a MarketplaceAdapter subclass")
    return cls


def build_adapter(conf: dict[str, Any], session: requests.Session | None = None, *,
                  path: str | None = None, **options: Any) -> MarketplaceAdapter:
    """An adapter for one channel: `conf` is the Omnitron channel's conf dict, `path` the
    adapter class (default `settings.CHANNEL_ADAPTER`).

    `options` go to the adapter's constructor unchanged (e.g. Trendyol's `sleep`).
    """
    return get_adapter_class(path)(conf, session=session, **options)
