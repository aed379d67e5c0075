"""HTTP Basic with Django credentials, a verified credential remembered for a few seconds.

Checking a password runs Django's password hasher (PBKDF2, hundreds of thousands of rounds:
about 290 ms of CPU on a small machine), once per request for a script using Basic, so a
Basic caller paid ~40 times what a session or token caller pays (bench/proxy.py). After a
successful check, the credential is remembered for settings.BASIC_AUTH_TTL seconds under a
keyed digest of (username, password, the user's password hash at that moment). Each request
still reads the user's row, so the remembered entry ends at once when:

  * the password changes (the stored hash changes, so the digest no longer matches),
  * the user is deactivated (checked on the row, as ModelBackend does).

A failed check is never remembered. The digest is an HMAC with a key made at process start,
so the table in memory never holds something a leaked dump could test passwords against fast.
The proxy (`/flower/`) and the REST API both call `authenticate_basic`. Password checks are
throttled by django-axes inside `authenticate` (failures counted per username and address);
a locked-out pair is refused before the remembered credentials are looked at.
"""
from __future__ import annotations

import hashlib
import hmac
import secrets
from typing import Any

from django.conf import settings
from django.contrib.auth import authenticate, get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.cache.backends.locmem import LocMemCache
from django.http import HttpRequest

from security import throttle

_DIGEST_KEY = secrets.token_bytes(32)
# In-process, thread-safe, bounded. Values are (user pk, auth backend path), never the user.
_remembered = LocMemCache("basic-auth-credentials", {"OPTIONS": {"MAX_ENTRIES": 1024}})


def authenticate_basic(request: HttpRequest | Any, username: str, password: str) -> AbstractBaseUser | None:
    """The active user these credentials name, or None; the password hash runs at most once per TTL.

    A (username, client address) pair locked out by the login throttle (security.throttle,
    django-axes) is refused first, even when its credentials are remembered: otherwise a
    locked-out guesser would learn the right password from a remembered hit.
    """
    if request is not None and throttle.locked_out(request, username):
        return None
    user = _user_row(username)
    if user is not None and user.is_active:
        key = _digest(username, password, user.password)
        remembered = _remembered.get(key)
        if remembered is not None and remembered[0] == user.pk:
            user.backend = remembered[1]
            return user
    verified = _check_password(request, username, password)
    if verified is not None and verified.is_active:
        ttl = float(getattr(settings, "BASIC_AUTH_TTL", 5.0))
        if ttl > 0:  # keyed by the hash *after* the check: Django may have upgraded it
            backend = getattr(verified, "backend", "django.contrib.auth.backends.ModelBackend")
            _remembered.set(_digest(username, password, verified.password), (verified.pk, backend), ttl)
        return verified
    return None


def _check_password(request: HttpRequest | Any, username: str, password: str) -> AbstractBaseUser | None:
    """Django's full check through the configured auth backends (signals, hasher upgrade)."""
    return authenticate(request, username=username, password=password)


def _user_row(username: str) -> AbstractBaseUser | None:
    model = get_user_model()
    try:
        return model._default_manager.get(**{str(model.USERNAME_FIELD): username})
    except model.DoesNotExist:
        return None


def _digest(username: str, password: str, password_hash: str) -> str:
    message = "\0".join((username, password, password_hash)).encode()
    return hmac.new(_DIGEST_KEY, message, hashlib.sha256).hexdigest()


def forget() -> None:
    """Drop every remembered credential (tests that change users mid-way)."""
    _remembered.clear()
