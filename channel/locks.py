"""One run of a flow per channel at a time: a Redis lock with a token and an expiry.

The lock lives in the shared cache Redis (SET NX PX with a random token; extend and release
check the token atomically, via redis-py's Lock). The token is the Celery task id, so the
dashboard can tell which run holds it. One renewer thread per process extends the expiry
while a run lasts; a crashed worker's lock simply expires. Never decided by inspecting active tasks
(a worker's view of its active tasks is per worker and late; Celery's task cookbook locks the same way).
"""
from __future__ import annotations

import functools
import logging
import os
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

import redis
from django.conf import settings
from redis.exceptions import LockError

from channel import faultpoints

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


_held: ContextVar[tuple[str, str] | None] = ContextVar("channel_held_lock", default=None)


def current_lock() -> tuple[str, str] | None:
    """(key, token) of the lock this run holds, so records it writes can say who wrote them."""
    return _held.get()


def is_held(key: str, token: str) -> bool:
    """True while the run that took `key` with `token` is alive (it renews the lock)."""
    value = lock_client().get(key)
    return value is not None and text(value) == token


def lock_holder(flow: str, channel_id: int) -> str | None:
    """The task id holding the lock, or None when the flow is idle for that channel."""
    value = lock_client().get(lock_key(flow, channel_id))
    return text(value) if value else None


def text(value: bytes | str) -> str:
    """A Redis reply as text (the client answers bytes)."""
    return value.decode() if isinstance(value, bytes) else value


class _Renewer(threading.Thread):
    """One thread per process that extends every lock it holds, each every ttl/3 seconds.

    A thread per run cost ~0.15 ms CPU and ~0.25 ms wall per run to start and join, a few
    percent of a short run (bench/trigger_api.py); this one sleeps until the next renewal is due.
    Removal and renewal share a mutex, so a lock is never renewed after its release began.
    """

    def __init__(self) -> None:
        super().__init__(name="lock-renewer", daemon=True)
        self.pid = os.getpid()
        self.changed = threading.Condition()
        self.held: dict[str, tuple[redis.lock.Lock, float, float]] = {}  # key -> (lock, interval, due)

    def add(self, key: str, lock: redis.lock.Lock, ttl: int) -> None:
        with self.changed:
            self.held[key] = (lock, ttl / 3, time.monotonic() + ttl / 3)
            self.changed.notify()

    def remove(self, key: str) -> None:
        with self.changed:
            self.held.pop(key, None)

    def run(self) -> None:
        with self.changed:
            while True:
                now = time.monotonic()
                for key, (lock, interval, due) in list(self.held.items()):
                    if due <= now:
                        self.renew(key, lock, interval, now)
                next_due = min((due for _, _, due in self.held.values()), default=now + 60)
                self.changed.wait(max(next_due - time.monotonic(), 0.01))

    def renew(self, key: str, lock: redis.lock.Lock, interval: float, now: float) -> None:
        try:
            lock.reacquire()
        except LockError:
            logger.error("lost lock %s: it expired before renewal", key)
            del self.held[key]
            return
        except redis.RedisError as exc:  # try again soon; the lock lives ttl, three intervals
            logger.warning("could not renew lock %s: %s", key, exc)
            self.held[key] = (lock, interval, now + min(interval, 5.0))
            return
        self.held[key] = (lock, interval, now + interval)


_renewer: _Renewer | None = None
_renewer_lock = threading.Lock()


def renewer() -> _Renewer:
    """This process's renewer, started on first use (again in a forked child: threads do not survive fork)."""
    global _renewer
    with _renewer_lock:
        if _renewer is None or _renewer.pid != os.getpid():
            _renewer = _Renewer()
            _renewer.start()
        return _renewer


@contextmanager
def flow_lock(flow: str, channel_id: int, token: str | None = None, ttl: int | None = None) -> Iterator[str]:
    """Hold the (flow, channel) lock for the body; raise AlreadyRunning at once if it is taken."""
    ttl = ttl or settings.SYNC_LOCK_TTL
    key = lock_key(flow, channel_id)
    token = token or uuid.uuid4().hex
    lock = lock_client().lock(key, timeout=ttl, blocking=False, thread_local=False)
    if not lock.acquire(token=token):
        raise AlreadyRunning(key, lock_holder(flow, channel_id))
    renewals = renewer()
    renewals.add(key, lock, ttl)
    held = _held.set((key, token))
    try:
        yield token
    finally:
        _held.reset(held)
        renewals.remove(key)
        faultpoints.reached("before_release")
        release(key, lock)


def release(key: str, lock: redis.lock.Lock) -> None:
    """Give the lock back; never raises. The run's work is done, so a cache outage at this point
    only means the lock is freed by its expiry (within the TTL) instead of at once."""
    try:
        lock.release()
    except LockError:
        logger.warning("lock %s had already expired at release", key)
    except redis.RedisError as exc:
        logger.warning("could not release lock %s (%s); it expires by itself", key, exc)
