"""Helpers for the Omnitron client tests: a client factory with a private cache and a fake clock."""
from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any

import pytest
from django.core.cache.backends.locmem import LocMemCache

from omnitron.client import OmnitronClient
from omnitron.retry import RetryPolicy

_caches = itertools.count()


class Sleeps(list):
    """Records the delays the retry policy chose instead of sleeping through them."""

    def __call__(self, seconds: float) -> None:
        self.append(seconds)


def private_cache() -> LocMemCache:
    return LocMemCache(f"omnitron-test-{next(_caches)}", {})


@pytest.fixture
def sleeps() -> Sleeps:
    return Sleeps()


@pytest.fixture
def make_client(omnitron, sleeps) -> Callable[..., OmnitronClient]:
    """`make_client(**overrides)`: a client on the reset sandbox; no real sleeping, no jitter."""

    def make(**overrides: Any) -> OmnitronClient:
        options: dict[str, Any] = {
            "cache": private_cache(), "channel_id": 1, "catalog_id": 1, "connect_timeout": 2.0, "read_timeout": 10.0,
            "retry": RetryPolicy(max_retries=3, backoff_base=0.5, sleep=sleeps, jitter=lambda d: d),
        }
        options.update(overrides)
        url = options.pop("base_url", omnitron.url)
        username = options.pop("username", "admin")
        password = options.pop("password", "admin")
        return OmnitronClient(url, username, password, **options)

    return make
