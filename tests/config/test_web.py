"""gunicorn serves the project with DEBUG off: health probe, admin login page and its CSS."""
from __future__ import annotations

import re

import pytest
import requests

from tests.fixtures.bootstrap import RUN_DIR
from tests.fixtures.processes import redis_server, wait_until


def test_healthz_is_200_with_every_dependency_up(gunicorn_server):
    response = requests.get(f"{gunicorn_server.url}/healthz", timeout=10)
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "down": [],
                               "checks": {"database": "ok", "cache": "ok", "broker": "ok"}}


def test_healthz_answers_any_host_header_without_redirect(gunicorn_server):
    response = requests.get(f"{gunicorn_server.url}/healthz", headers={"Host": "10.1.2.3:8008"},
                            allow_redirects=False, timeout=10)
    assert response.status_code == 200


def test_other_paths_still_validate_the_host_header(gunicorn_server):
    response = requests.get(f"{gunicorn_server.url}/admin/login/", headers={"Host": "evil.example"}, timeout=10)
    assert response.status_code == 400


def test_healthz_is_503_naming_redis_once_it_stops(gunicorn_factory):
    with redis_server(RUN_DIR) as (url, redis_process):
        server = gunicorn_factory("gunicorn-own-redis", env={"BROKER_URL": f"{url}/1", "CACHE_URL": f"{url}/2"})
        assert requests.get(f"{server.url}/healthz", timeout=10).status_code == 200
        redis_process.stop()
        # Each process keeps its answer for HEALTHZ_CACHE_SECONDS: wait for a fresh one.
        answers: list[requests.Response] = []
        wait_until(lambda: answers.append(requests.get(f"{server.url}/healthz", timeout=20))
                   or answers[-1].status_code == 503, 30, "healthz to report the stopped Redis")
    body = answers[-1].json()
    assert body["status"] == "down"
    assert set(body["down"]) == {"cache", "broker"}
    assert body["checks"]["database"] == "ok"


@pytest.mark.parametrize("path", ["/admin/login/"])
def test_admin_login_page_and_its_css_are_served_with_debug_off(gunicorn_server, path):
    page = requests.get(f"{gunicorn_server.url}{path}", timeout=10)
    assert page.status_code == 200
    css_paths = re.findall(r'href="(/static/admin/css/[^"]+\.css)"', page.text)
    assert css_paths, "the login page links no admin stylesheet"
    for css_path in css_paths:
        css = requests.get(f"{gunicorn_server.url}{css_path}", timeout=10)
        assert css.status_code == 200, css_path
        assert css.headers["Content-Type"].startswith("text/css")
