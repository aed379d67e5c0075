"""TokenStore: the shared token, and the client's own short-lived copy of it."""
from __future__ import annotations

import itertools
from typing import Any

from django.core.cache.backends.locmem import LocMemCache

from omnitron.auth import TokenStore

LOGIN = "POST auth/login/"
CHANNEL = "GET channels/{ch}/"
NAMES = itertools.count()


class CountingCache(LocMemCache):
    """The real local-memory cache, counting reads per key."""

    def __init__(self) -> None:
        super().__init__(f"omnitron-auth-test-{next(NAMES)}", {})  # locmem shares storage by name
        self.reads: dict[str, int] = {}

    def get(self, key: str, default: Any = None, version: Any = None) -> Any:
        self.reads[key] = self.reads.get(key, 0) + 1
        return super().get(key, default, version)


def test_a_run_reads_the_shared_token_once_not_per_request(make_client, omnitron):
    cache = CountingCache()
    client = make_client(cache=cache)
    for _ in range(5):
        client.channels.get()
    assert cache.reads[client.transport.tokens.token_key] == 1
    assert omnitron.counts()["endpoints"] == {LOGIN: 1, CHANNEL: 5}


def test_the_copy_is_refreshed_from_the_cache_after_the_recheck_interval():
    cache = CountingCache()
    tokens = TokenStore(cache, "https://omnitron.example.com/", "user", recheck=0)
    tokens.save("first")
    cache.set(tokens.token_key, "second", None)  # another worker logged in again
    assert tokens.current() == "second"


def test_forgetting_drops_the_copy_too():
    tokens = TokenStore(CountingCache(), "https://omnitron.example.com/", "user")
    tokens.save("stale")
    tokens.forget("stale")
    assert tokens.current() is None


def test_a_stale_copy_costs_one_401_then_the_cache_is_read(make_client, omnitron):
    cache = CountingCache()
    client = make_client(cache=cache)
    client.channels.get()
    omnitron.expire_tokens()
    assert client.channels.get()["pk"] == 1
    assert omnitron.counts()["endpoints"] == {LOGIN: 2, CHANNEL: 3}
