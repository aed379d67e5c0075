"""Who may call the API: token users and staff over HTTP Basic, each action behind its permission.

A token's user and a user's permissions are remembered for AUTH_TTL seconds in each web
process: they cost three queries per request otherwise, a third of a POST's CPU time and
most of its wait on PostgreSQL (bench/trigger_api.py). So deleting a token, deactivating a
user or revoking a permission takes effect within AUTH_TTL seconds, not at once. Session
callers are checked in full on every request; HTTP Basic callers read their user row on every
request, and a verified password is remembered for BASIC_AUTH_TTL seconds (channel.basic_auth).
"""
from __future__ import annotations

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AbstractUser, AnonymousUser
from django.core.cache.backends.locmem import LocMemCache
from django.utils.translation import gettext_lazy as _
from rest_framework.authentication import BasicAuthentication, TokenAuthentication
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.permissions import BasePermission

from channel.basic_auth import authenticate_basic
from channel.basic_auth import forget as forget_basic
from channel.models import TRIGGER_PERMISSION, VIEW_PERMISSION
from security.models import ApiToken, digest

AUTH_TTL = 5.0
INVALID_CREDENTIALS = _("Invalid username/password, or HTTP Basic not allowed (staff only; others use an API token).")
# In-process, thread-safe, bounded; values are pickled, so each request gets its own user
# instance and the permission caches Django sets on it never outlive the request.
_remembered = LocMemCache("channel-api-auth", {"OPTIONS": {"MAX_ENTRIES": 2048}})


def forget() -> None:
    """Drop every remembered token, permission and Basic credential (tests that change users mid-way)."""
    _remembered.clear()
    forget_basic()


class RememberingTokenAuthentication(TokenAuthentication):
    """`Authorization: Token <key>`: the key's digest names a stored token of an active user
    (security.models.ApiToken: only digests are stored); the answer is kept for AUTH_TTL seconds."""

    def authenticate_credentials(self, key: str) -> tuple[AbstractBaseUser, ApiToken]:
        cache_key = f"token:{digest(key)}"
        remembered = _remembered.get(cache_key)
        if remembered is not None:
            return remembered
        token = ApiToken.objects.matching(key).select_related("user").first()
        if token is None or not token.user.is_active:
            raise AuthenticationFailed(_("Invalid token."))
        _remembered.set(cache_key, (token.user, token), AUTH_TTL)
        return token.user, token


class StaffBasicAuthentication(BasicAuthentication):
    """HTTP Basic with Django credentials, for staff only: everyone else uses a per-user API token.

    Every refusal is the same 401 (wrong password, unknown user, not staff, locked out), so the
    answer never tells whether a password was right. channel.basic_auth throttles the password
    check (django-axes) and refuses a locked-out caller before its remembered credentials.
    """

    def authenticate_credentials(self, userid, password, request=None):
        user = authenticate_basic(request, userid, password)
        if user is None or not getattr(user, "is_staff", False):
            raise AuthenticationFailed(INVALID_CREDENTIALS)
        return user, None


def has_perm(user: AbstractUser | AnonymousUser, permission: str) -> bool:
    """`user.has_perm(permission)`, remembered for AUTH_TTL seconds per user, password and permission."""
    cache_key = f"perm:{user.pk}:{hash(getattr(user, 'password', ''))}:{permission}"
    granted = _remembered.get(cache_key)
    if granted is None:
        granted = user.has_perm(permission)
        _remembered.set(cache_key, granted, AUTH_TTL)
    return granted


class HasPermission(BasePermission):
    """An authenticated user holding `permission` (superusers hold every permission)."""

    permission = ""

    def has_permission(self, request, view) -> bool:
        user = request.user
        return bool(user and user.is_authenticated and has_perm(user, self.permission))


class CanView(HasPermission):
    permission = VIEW_PERMISSION
    message = _("You need the 'Can view syncs' permission.")


class CanTrigger(HasPermission):
    permission = TRIGGER_PERMISSION
    message = _("You need the 'Can trigger syncs' permission.")
