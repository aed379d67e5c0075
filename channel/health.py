"""`GET /healthz`: is the database, the cache and the broker reachable?

Answered by a middleware placed first, before host validation and SSL redirects, because
platform probes (ACC, Kubernetes) call it with the pod IP as Host and never follow redirects.
Anyone may call it, so each web process keeps its answer for HEALTHZ_CACHE_SECONDS (default 2):
a flood of probes costs one broker connection and one cache write per process per window.
"""
from __future__ import annotations

import logging
import time
from collections.abc import Callable

from celery import current_app
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse

logger = logging.getLogger(__name__)

HEALTH_PATH = "/healthz"


def check_database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


def check_cache() -> None:
    cache.set("healthz", "ok", 10)
    if cache.get("healthz") != "ok":
        raise RuntimeError("cache did not return the value just written")


def check_broker() -> None:
    with current_app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, interval_start=0, interval_step=0, timeout=2)
        conn.default_channel  # noqa: B018 - opening a channel proves the broker answers


CHECKS: dict[str, Callable[[], None]] = {
    "database": check_database,
    "cache": check_cache,
    "broker": check_broker,
}


DEFAULT_CACHE_SECONDS = 2.0
_answer: tuple[float, dict, int] | None = None  # (monotonic expiry, body, status); replaced whole


def healthz(request: HttpRequest) -> JsonResponse:
    """The last answer while it is fresh, else a new one from `run_checks`.

    No lock: callers arriving while a check runs run their own (a slow broker must never make
    every probe wait for another's check); the answer is swapped in as one tuple.
    """
    global _answer
    kept = _answer
    if kept is None or kept[0] <= time.monotonic():
        body, status = run_checks()
        ttl = float(getattr(settings, "HEALTHZ_CACHE_SECONDS", DEFAULT_CACHE_SECONDS))
        kept = (time.monotonic() + ttl, body, status)
        _answer = kept
    return JsonResponse(kept[1], status=kept[2])


def forget_answer() -> None:
    """Drop the kept answer (tests that take a service down mid-way)."""
    global _answer
    _answer = None


def run_checks() -> tuple[dict, int]:
    """200 `{"status": "ok", "checks": {...}}` when all are up, else 503 naming what is down."""
    checks: dict[str, str] = {}
    for name, check in CHECKS.items():
        try:
            check()
            checks[name] = "ok"
        except Exception as exc:  # every failure is a "down", reported by name
            logger.warning("healthz: %s is down: %s", name, exc.__class__.__name__)
            checks[name] = f"down: {exc.__class__.__name__}"
    down = [name for name, state in checks.items() if state != "ok"]
    body = {"status": "down" if down else "ok", "down": down, "checks": checks}
    return body, 503 if down else 200


class HealthCheckMiddleware:
    """Serve /healthz without touching ALLOWED_HOSTS, sessions or redirects."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path_info.rstrip("/") == HEALTH_PATH and request.method in ("GET", "HEAD"):
            return healthz(request)
        return self.get_response(request)
