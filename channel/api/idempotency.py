"""`Idempotency-Key` for POSTs that start runs: a retried request returns the first run.

The key is claimed atomically with `cache.add` in the shared Redis cache, scoped by user, for
API_IDEMPOTENCY_TTL seconds (default a day). The request's fingerprint is stored with the task
id: reusing a key for a different request is an error (IETF draft
draft-ietf-httpapi-idempotency-key-header), not a silent replay.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import cache

DEFAULT_TTL = 24 * 3600
MAX_KEY_LENGTH = 255


class KeyReused(Exception):
    """The key was used before for a different request."""


@dataclass(frozen=True)
class Claim:
    task_id: str
    first: bool  # True: this request owns the key and must start the run


def ttl() -> int:
    return int(getattr(settings, "API_IDEMPOTENCY_TTL", DEFAULT_TTL))


def cache_key(user_id: Any, key: str) -> str:
    digest = hashlib.sha256(key.encode()).hexdigest()
    return f"channel:api:idempotency:{user_id}:{digest}"


def fingerprint(request_data: dict) -> str:
    return hashlib.sha256(json.dumps(request_data, sort_keys=True, default=str).encode()).hexdigest()


def claim(user_id: Any, key: str, request_data: dict, task_id: str) -> Claim:
    """Claim `key` for `task_id`, or return the run that claimed it first."""
    name, print_ = cache_key(user_id, key), fingerprint(request_data)
    for _attempt in range(2):  # the first holder may expire between add and get
        if cache.add(name, {"task_id": task_id, "fingerprint": print_}, ttl()):
            return Claim(task_id, first=True)
        existing = cache.get(name)
        if existing is not None:
            if existing["fingerprint"] != print_:
                raise KeyReused(key)
            return Claim(existing["task_id"], first=False)
    return Claim(task_id, first=True)


def release(user_id: Any, key: str) -> None:
    """Forget a claim whose run could not be queued, so a retry may start it."""
    cache.delete(cache_key(user_id, key))
