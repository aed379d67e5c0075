"""Token authentication: one token per (Omnitron URL, user), shared by every worker through the cache.

A login is needed only when the cache has no token or Omnitron answered 401 to the cached one.
Login attempts are budgeted (at most `max_logins` per `window` seconds per user, counted in the
same cache) so a wrong password in the settings cannot hammer Omnitron into locking the account;
a successful login clears the budget. Only a login Omnitron answered counts: an attempt that never
got an answer (refused, timed out) is given back, since Omnitron cannot have judged the password.
"""
from __future__ import annotations

import hashlib
import logging
import time
from typing import Any, Protocol

logger = logging.getLogger(__name__)


class Cache(Protocol):
    """The subset of Django's cache API we use (any django.core.cache backend fits)."""

    def get(self, key: str, default: Any = None) -> Any: ...
    def set(self, key: str, value: Any, timeout: Any = ...) -> None: ...
    def add(self, key: str, value: Any, timeout: Any = ...) -> bool: ...
    def incr(self, key: str, delta: int = 1) -> int: ...
    def decr(self, key: str, delta: int = 1) -> int: ...
    def delete(self, key: str) -> Any: ...


# How long a client trusts its own copy of the token before reading the shared cache again.
# A run sends thousands of requests; without the copy each one would cost a cache round trip.
# A stale copy costs at most one 401, after which the cache is read again (Transport.request).
RECHECK_SECONDS = 5.0


class TokenStore:
    """Reads and writes the shared token and the login-attempt counter."""

    def __init__(self, cache: Cache, base_url: str, username: str, max_logins: int = 3, window: int = 360,
                 recheck: float = RECHECK_SECONDS) -> None:
        digest = hashlib.sha256(f"{base_url}|{username}".encode()).hexdigest()[:16]
        self.cache = cache
        self.token_key = f"omnitron:token:{digest}"
        self.attempts_key = f"omnitron:login-attempts:{digest}"
        self.window_key = f"omnitron:login-window:{digest}"
        self.max_logins = max_logins
        self.window = window
        self.recheck = recheck
        self._copy: tuple[str, float] | None = None

    def current(self) -> str | None:
        """The token to send: this client's copy while it is recent, else the shared one."""
        copy = self._copy
        if copy is not None and time.monotonic() - copy[1] < self.recheck:
            return copy[0]
        return self.get()

    def get(self) -> str | None:
        """The shared token as the cache holds it now (refreshes this client's copy)."""
        token = self.cache.get(self.token_key)
        self._copy = (str(token), time.monotonic()) if token else None
        return str(token) if token else None

    def save(self, token: str) -> None:
        # No expiry: Omnitron decides when a token is stale (401), not a guess of ours.
        self.cache.set(self.token_key, token, None)
        self.cache.delete(self.attempts_key)
        self.cache.delete(self.window_key)
        self._copy = (token, time.monotonic())

    def forget(self, token: str) -> None:
        """Drop `token` unless another worker already replaced it with a fresh one."""
        if self.get() == token:
            self.cache.delete(self.token_key)
            self._copy = None

    def take_login_slot(self) -> bool:
        """Count one login attempt; False when the budget for this window is spent."""
        if self.cache.add(self.attempts_key, 0, self.window):
            self._open_window()
        try:
            used = self.cache.incr(self.attempts_key)
        except ValueError:  # expired between add and incr
            self.cache.add(self.attempts_key, 1, self.window)
            self._open_window()
            used = 1
        return used <= self.max_logins

    def _open_window(self) -> None:
        self.cache.set(self.window_key, time.time() + self.window, self.window)

    def return_login_slot(self) -> None:
        """Un-count an attempt that got no answer (the budget guards against refused passwords only)."""
        try:
            self.cache.decr(self.attempts_key)
        except ValueError:  # the window ended meanwhile: nothing to give back
            pass

    def logins_used(self) -> int:
        return int(self.cache.get(self.attempts_key) or 0)

    def window_ends(self) -> float | None:
        """When the current login window ends (epoch seconds), or None when no window is open."""
        ends = self.cache.get(self.window_key)
        return float(ends) if ends is not None and self.cache.get(self.attempts_key) is not None else None
