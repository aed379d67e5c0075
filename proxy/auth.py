"""Who may use Flower through the proxy, and for what.

Staff users with `proxy.view_flower` read; changing anything (sending or revoking tasks,
controlling workers, any unsafe method) also needs `proxy.control_flower`. A browser
authenticates with its Django session, a script with HTTP Basic and the same Django
credentials. Because the view is csrf_exempt (Flower's XSRF token is not Django's),
unsafe methods get Flower 2.2's own cross-site rule instead.
"""
from __future__ import annotations

import base64
import binascii
import re
import time
from urllib.parse import urlsplit

from django.http import HttpRequest

from channel.basic_auth import authenticate_basic
from channel.basic_auth import forget as forget_basic

from .sessions import forget_users, session_user

VIEW_PERMISSION = "proxy.view_flower"
CONTROL_PERMISSION = "proxy.control_flower"

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
INVALID_CREDENTIALS = "Invalid username/password, or not allowed to use Flower (staff only)."

# Seconds a user's proxy permissions are remembered in this process. Flower's UI polls once
# a second per tab; asking the database twice per poll costs more than the proxying itself.
# A revoked permission takes effect within this time; is_active/is_staff within
# proxy.sessions.USER_TTL.
PERMISSION_TTL = 10.0
_MAX_REMEMBERED = 1024
_remembered: dict[tuple[object, int], tuple[float, frozenset[str]]] = {}

# Flower endpoints that send, stop or reconfigure something (flower/urls.py, 2.2).
_ACTION = re.compile(
    r"^/flower/api/(?:"
    r"task/(?:apply|async-apply|send-task|revoke|abort|timeout|rate-limit)/"
    r"|worker/(?:shutdown|pool|queue)/"
    r")"
)


class BadCredentials(Exception):
    """An Authorization header was sent and does not name an active Django user."""


def basic_user(request: HttpRequest):
    """The user named by an `Authorization: Basic` header, None without one.

    Raises BadCredentials for a malformed header or a wrong password, so a script with a
    typo gets 401 instead of being treated as an anonymous browser. A verified credential is
    remembered for a few seconds and the password check is throttled (channel.basic_auth).
    """
    header = request.headers.get("Authorization", "")
    if not header:
        return None
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "basic":
        raise BadCredentials("only Basic authorization is accepted")
    try:
        username, sep, password = base64.b64decode(token.strip(), validate=True).decode().partition(":")
    except (binascii.Error, UnicodeDecodeError) as exc:
        raise BadCredentials("malformed Basic credentials") from exc
    user = authenticate_basic(request, username, password) if sep else None
    # One answer for every refusal (wrong password, inactive, not staff, locked out): a right
    # password of a non-staff account must not be told apart from a wrong one.
    if user is None or not (user.is_active and getattr(user, "is_staff", False)):
        raise BadCredentials(INVALID_CREDENTIALS)
    return user


def current_user(request: HttpRequest):
    """The session user if logged in, else the Basic user, else None (anonymous)."""
    return session_user(request) or basic_user(request)


def needs_control(method: str, path: str) -> bool:
    """True when the request may change something in Celery, not only read Flower."""
    return method not in SAFE_METHODS or bool(_ACTION.match(path))


def proxy_permissions(user) -> frozenset[str]:
    """The proxy permissions `user` holds, from the auth backends at most every PERMISSION_TTL s.

    Keyed by the password hash too, so a password change (which also ends sessions) is
    never answered from memory.
    """
    key = (user.pk, hash(user.password))
    now = time.monotonic()
    remembered = _remembered.get(key)
    if remembered is not None and remembered[0] > now:
        return remembered[1]
    granted = frozenset(name for name in (VIEW_PERMISSION, CONTROL_PERMISSION) if user.has_perm(name))
    if len(_remembered) >= _MAX_REMEMBERED:
        _remembered.clear()
    _remembered[key] = (now + PERMISSION_TTL, granted)
    return granted


def forget_permissions() -> None:
    """Drop every remembered permission set, session user and Basic credential (tests that change grants)."""
    _remembered.clear()
    forget_users()
    forget_basic()


def denial(user, method: str, path: str) -> str:
    """Why `user` may not make this request, or "" when it may."""
    if not (user.is_active and user.is_staff):
        return "Flower is for staff users only."
    granted = proxy_permissions(user)
    if VIEW_PERMISSION not in granted:
        return f"Missing permission {VIEW_PERMISSION}."
    if needs_control(method, path) and CONTROL_PERMISSION not in granted:
        return f"Missing permission {CONTROL_PERMISSION} for this action."
    return ""


def cross_site(request: HttpRequest) -> str:
    """Flower 2.2's `check_xsrf_cookie` rule for unsafe methods; returns the reason to refuse, or "".

    Fetch metadata wins when present; otherwise an Origin must name this site, scheme
    included (an `http://` page on the same host is another origin, RFC 6454). Clients that
    send neither (curl, scripts) pass: they cannot be a victim's browser.
    """
    if request.method in SAFE_METHODS:
        return ""
    site = request.headers.get("Sec-Fetch-Site")
    if site:
        return "" if site == "same-origin" else "Cross-site request forbidden."
    origin = request.headers.get("Origin")
    if origin:
        sent = urlsplit(origin)
        if (sent.scheme, sent.netloc) != (request.scheme, request.get_host()):
            return "Cross-origin request forbidden."
    return ""
