"""The proxy's own answers (refusals, gateway errors): JSON for Flower's API, HTML for pages.

Flower's API callers are scripts that parse JSON and cannot follow a login page; browsers
get a short readable page and, when anonymous, the admin login.
"""
from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import reverse
from django.utils.html import escape

from .paths import is_api

REALM = 'Basic realm="flower", charset="UTF-8"'


def error(path: str, status: int, message: str) -> HttpResponse:
    """`{"error": message}` under /flower/api/, a minimal HTML page elsewhere."""
    if is_api(path):
        response: HttpResponse = JsonResponse({"error": message, "status": status}, status=status)
    else:
        body = f"<!doctype html><title>Flower: {status}</title><h1>{status}</h1><p>{escape(message)}</p>"
        response = HttpResponse(body, status=status, content_type="text/html; charset=utf-8")
    response["Cache-Control"] = "no-store"
    return response


def unauthorized(path: str, message: str) -> HttpResponse:
    """401 with a Basic challenge naming our realm (Django credentials, not Flower's)."""
    response = error(path, 401, message)
    response["WWW-Authenticate"] = REALM
    return response


def login_required(request: HttpRequest) -> HttpResponse:
    """Anonymous caller: a Basic challenge for the API, the admin login page for a browser."""
    if is_api(request.path_info):
        return unauthorized(request.path_info, "Authentication required: HTTP Basic with a staff account.")
    return redirect_to_login(request.get_full_path(), login_url=reverse("admin:login"))
