"""Build an `OmnitronClient` from Django settings (read at call time, never at import)."""
from __future__ import annotations

from typing import Any

from omnitron.client import DEFAULT_PAGE_SIZE, OmnitronClient
from omnitron.errors import ConfigurationError
from omnitron.retry import RetryPolicy

REQUIRED = ("OMNITRON_URL", "OMNITRON_USERNAME", "OMNITRON_PASSWORD")


def client_from_settings(**overrides: Any) -> OmnitronClient:
    """The client the settings describe; keyword `overrides` win (e.g. `channel_id=7`, `cache=...`).

    Accepted overrides: base_url, username, password, channel_id, catalog_id, connect_timeout,
    read_timeout, max_retries, retry, page_size, cache, session.
    """
    from django.conf import settings
    from django.core.cache import cache as default_cache

    def setting(name: str, default: Any = None) -> Any:
        return getattr(settings, name, default)

    missing = [name for name in REQUIRED if not setting(name)]
    keys = {"OMNITRON_URL": "base_url", "OMNITRON_USERNAME": "username", "OMNITRON_PASSWORD": "password"}
    missing = [name for name in missing if keys[name] not in overrides]
    if missing:
        raise ConfigurationError(f"set {', '.join(missing)} to reach Omnitron")
    max_retries = overrides.pop("max_retries", setting("OMNITRON_MAX_RETRIES", 3))
    options: dict[str, Any] = {
        "base_url": setting("OMNITRON_URL"),
        "username": setting("OMNITRON_USERNAME"),
        "password": setting("OMNITRON_PASSWORD"),
        "channel_id": setting("OMNITRON_CHANNEL_ID"),
        "catalog_id": setting("OMNITRON_CATALOG_ID"),
        "connect_timeout": float(setting("OMNITRON_CONNECT_TIMEOUT", 5.0)),
        "read_timeout": float(setting("OMNITRON_READ_TIMEOUT", 60.0)),
        "page_size": int(setting("OMNITRON_PAGE_SIZE", DEFAULT_PAGE_SIZE)),
        "retry": RetryPolicy(max_retries=int(max_retries)),
        "cache": default_cache,
        **overrides,
    }
    base_url, username, password = options.pop("base_url"), options.pop("username"), options.pop("password")
    return OmnitronClient(base_url, username, password, **options)
