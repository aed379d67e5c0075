"""The logged-in user of a /flower/ request's session, its database row remembered for a few seconds.

Flower's UI polls about once a second per open tab, and Django's own lookup reads the user's
row on every request (a query worth ~0.4 ms of the ~5 ms a proxied request took, measured
by bench/proxy.py). The session itself is still read on every request, so a logout or a
flushed session ends access at once. Only the row is remembered, keyed by the session's
(user id, backend, auth hash) after Django verified that hash against the row. So
deactivating a user, removing staff status, or a password change (which ends the user's
other sessions) takes effect for the proxy within USER_TTL seconds, not at once.
"""
from __future__ import annotations

from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.core.cache.backends.locmem import LocMemCache
from django.http import HttpRequest

USER_TTL = 5.0
# In-process, thread-safe, bounded; values are pickled, so every hit is a fresh instance and
# the permission caches Django sets on a user never outlive one request.
_remembered = LocMemCache("proxy-session-users", {"OPTIONS": {"MAX_ENTRIES": 1024}})


def session_user(request: HttpRequest):
    """The authenticated user of the request's session, or None (anonymous or no session)."""
    session = getattr(request, "session", None)
    key = _session_key(session) if session is not None else None
    remembered = _remembered.get(key) if key else None
    if remembered is not None:
        return remembered
    user = getattr(request, "user", None)  # Django's full check: the row and the session hash
    if user is None or not user.is_authenticated:
        return None
    if key and key == _session_key(session):  # the check may have cycled or flushed the session
        _remembered.set(key, user, USER_TTL)
    return user


def _session_key(session) -> str | None:
    """`user id:auth hash:backend` as stored in the session, None when nobody is logged in."""
    try:
        return f"{session[SESSION_KEY]}:{session[HASH_SESSION_KEY]}:{session[BACKEND_SESSION_KEY]}"
    except KeyError:
        return None


def forget_users() -> None:
    """Drop every remembered user (tests that change users mid-way)."""
    _remembered.clear()
