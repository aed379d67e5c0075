"""Login throttling with django-axes: the client address, the lockout answer, the lockout check for Basic.

Every password check (admin login, HTTP Basic on /flower/ and on the API) goes through
`django.contrib.auth.authenticate`, where axes' backend refuses a locked-out caller and its
signal handler counts failures in the shared Redis cache. A lockout is keyed by the pair
(username, client address): an attacker elsewhere can never lock an operator out, and it
ends by itself LOGIN_COOLOFF_SECONDS after the failure that caused it (more failures during
the lockout do not extend it). Basic callers always get the same 401, locked out or not.
"""
from __future__ import annotations

from typing import Any

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_cool_off
from django.conf import settings
from django.http import HttpRequest, HttpResponse


def client_ip(request: HttpRequest) -> str:
    """The caller's address: REMOTE_ADDR, or behind TRUSTED_PROXY_COUNT proxies the entry they added.

    Each proxy appends the address it was connected from to X-Forwarded-For, so the client is
    the `count`-th entry from the right; anything further left was written by the client itself.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    count = int(getattr(settings, "TRUSTED_PROXY_COUNT", 0))
    if count <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    return forwarded[-count] if len(forwarded) >= count else remote


def locked_out(request: Any, username: str) -> bool:
    """True while (username, client address) is locked out. Checked before any remembered credentials."""
    return not AxesProxyHandler.is_allowed(request, {"username": username})


def cool_off_seconds(request: Any = None) -> int:
    window = get_cool_off(request)
    return int(window.total_seconds()) if window else 0


def lockout_response(request: HttpRequest, original_response: HttpResponse | None, credentials: Any = None,
                     ) -> HttpResponse:
    """What a locked-out caller sees: Basic callers keep their 401 (no oracle), the admin login a 429 page."""
    if original_response is not None and original_response.status_code == 401:
        return original_response
    minutes = max(1, round(cool_off_seconds(request) / 60))
    body = ("<!doctype html><title>Too many failed logins</title><h1>Too many failed logins</h1>"
            f"<p>Logins from this address for this account are paused; try again in {minutes} minutes.</p>")
    response = HttpResponse(body, status=429, content_type="text/html; charset=utf-8")
    response["Retry-After"] = str(cool_off_seconds(request))
    return response
