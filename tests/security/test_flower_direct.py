"""Flower reached directly (its pod binds 0.0.0.0 on ACC): every path but static assets needs its credentials."""
from __future__ import annotations

import re

import pytest
import requests
from flower import urls
from flower.views.auth import LoginHandler, LogoutHandler
from flower.views.error import NotFoundErrorHandler
from tornado.web import StaticFileHandler

# Public on purpose: Flower's own JS/CSS, and the OAuth login/logout pages (no OAuth is configured).
PUBLIC = (StaticFileHandler, LoginHandler, LogoutHandler, NotFoundErrorHandler)


def routes() -> list[tuple[str, str]]:
    found = []
    for entry in urls.handlers:
        pattern, handler = (entry.regex.pattern, entry.handler_class) if hasattr(entry, "regex") else entry[:2]
        if issubclass(handler, PUBLIC):
            continue
        path = re.sub(r"\(\.[+*]\)", "x", pattern).rstrip("$")
        method = "POST" if "post" in vars(handler) and "get" not in vars(handler) else "GET"
        found.append((method, path))
    return found


def test_every_flower_route_is_listed():
    assert ("GET", "/metrics") in routes() and ("GET", "/healthcheck") in routes()
    assert ("POST", "/api/task/apply/x") in routes()


@pytest.mark.parametrize("method, path", routes())
def test_flower_refuses_every_route_without_its_credentials(flower, method, path):
    url = f"{flower.url}/flower{path}"
    assert requests.request(method, url, timeout=10, allow_redirects=False).status_code == 401
    assert requests.request(method, url, auth=("flower-test", "wrong"), timeout=10,
                            allow_redirects=False).status_code == 401


@pytest.mark.parametrize("path", ["/flower/metrics", "/flower/healthcheck"])
def test_metrics_and_healthcheck_answer_with_the_credentials(flower, path):
    response = requests.get(f"{flower.url}{path}", auth=flower.basic_auth, timeout=10)
    assert response.status_code == 200
