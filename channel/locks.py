"""One run of a flow per channel at a time: a Redis lock with a token and an expiry.

The lock lives in the shared cache Redis (SET NX PX with a random token; extend and release
check the token atomically, via redis-py's Lock). The token is the Celery task id, so the
dashboard can tell which run holds it. A heartbeat thread renews the expiry while the run
lasts; a crashed worker's lock simply expires. Never decided by inspecting active tasks
(celery-flower-notes §2.5).
"""
from __future__ import annotations

import functools
import logging
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import redis
from django.conf import settings
from redis.exceptions import LockError

logger = logging.getLogger(__name__)


class AlreadyRunning(Exception):
    """Another run of the same flow for the same channel holds the lock."""

    def __init__(self, key: str, holder: str | None) -> None:
        super().__init__(f"{key} is held by {holder or 'another run'}")
        self.key = key
        self.holder = holder


@functools.lru_cache(maxsize=4)
def _redis(url: str) -> redis.Redis:
    return redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=5)


def lock_client() -> redis.Redis:
    return _redis(settings.CACHE_URL)


def lock_key(flow: str, channel_id: int) -> str:
    return f"channel:lock:{flow}:{channel_id}"


def lock_holder(flow: str, channel_id: int) -> str | None:
    """The task id holding the lock, or None when the flow is idle for that channel."""
    value = lock_client().get(lock_key(flow, channel_id))
    return value.decode() if value else None


class _Heartbeat(threading.Thread):
    """Extends the lock every ttl/3 seconds until stopped."""

    def __init__(self, lock: redis.lock.Lock, ttl: int) -> None:
        super().__init__(name=f"lock-heartbeat {lock.name}", daemon=True)
        self.lock, self.ttl, self.stopped = lock, ttl, threading.Event()

    def run(self) -> None:
        while not self.stopped.wait(self.ttl / 3):
            try:
                self.lock.reacquire()
            except LockError:
                logger.error("lost lock %s: it expired before renewal", self.lock.name)
                return


@contextmanager
def flow_lock(flow: str, channel_id: int, token: str | None = None, ttl: int | None = None) -> Iterator[str]:
    """Hold the (flow, channel) lock for the body; raise AlreadyRunning at once if it is taken."""
    ttl = ttl or settings.SYNC_LOCK_TTL
    key = lock_key(flow, channel_id)
    token = token or uuid.uuid4().hex
    lock = lock_client().lock(key, timeout=ttl, blocking=False, thread_local=False)
    if not lock.acquire(token=token):
        raise AlreadyRunning(key, lock_holder(flow, channel_id))
    heartbeat = _Heartbeat(lock, ttl)
    heartbeat.start()
    try:
        yield token
    finally:
        heartbeat.stopped.set()
        heartbeat.join(timeout=5)
        try:
            lock.release()
        except LockError:
            logger.warning("lock %s had already expired at release", key)
