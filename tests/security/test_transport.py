"""Behind TLS: HSTS, the HTTPS redirect (not for /healthz) and Secure cookies are on, and check --deploy is clean."""
from __future__ import annotations

import os
import secrets
import subprocess

import pytest
import requests

from tests.fixtures.processes import PYTHON, ROOT

HTTPS = {"X-Forwarded-Proto": "https"}
PRODUCTION = {
    "DJANGO_SETTINGS_MODULE": "config.settings", "DEBUG": "false", "SECRET_KEY": secrets.token_urlsafe(50),
    "OMNITRON_URL": "https://omnitron.example.com/", "OMNITRON_USERNAME": "u", "OMNITRON_PASSWORD": "p",
    "FLOWER_BASIC_AUTH": "flower:long-random-password", "ALLOWED_HOSTS": "app.example.com",
}


def check_deploy(**env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "BEHIND_TLS_PROXY")}
    return subprocess.run([PYTHON, "manage.py", "check", "--deploy", "--fail-level", "WARNING"], cwd=ROOT,
                          capture_output=True, text=True, env={**clean, **PRODUCTION, **env})


def test_check_deploy_is_clean_behind_tls():
    result = check_deploy(BEHIND_TLS_PROXY="true")
    assert result.returncode == 0, result.stderr + result.stdout
    assert "System check identified no issues" in result.stdout


def test_check_deploy_names_each_setting_turned_off():
    result = check_deploy(BEHIND_TLS_PROXY="true", SECURE_HSTS_SECONDS="0", SECURE_SSL_REDIRECT="false",
                          SESSION_COOKIE_SECURE="false", CSRF_COOKIE_SECURE="false")
    assert result.returncode != 0
    for warning in ("security.W004", "security.W008", "security.W012", "security.W016"):
        assert warning in result.stderr + result.stdout


def test_plain_http_is_redirected_to_https(tls_web_server):
    response = requests.get(f"{tls_web_server.url}/admin/login/", allow_redirects=False, timeout=10)
    assert response.status_code == 301
    assert response.headers["Location"].startswith("https://")


def test_healthz_is_never_redirected(tls_web_server):
    response = requests.get(f"{tls_web_server.url}/healthz", allow_redirects=False, timeout=10)
    assert response.status_code == 200


def test_https_answers_carry_hsts_and_secure_cookies(tls_web_server):
    response = requests.get(f"{tls_web_server.url}/admin/login/", headers=HTTPS, timeout=10)
    assert response.status_code == 200
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith("csrftoken=") and "Secure" in cookie


@pytest.mark.django_db(transaction=True)
def test_session_cookie_is_secure_after_login(tls_web_server, django_user_model):
    django_user_model.objects.create_user("tls-admin", password="long-enough-password-1", is_staff=True)
    url = f"{tls_web_server.url}/admin/login/"
    page = requests.get(url, headers=HTTPS, timeout=10)
    token = page.cookies["csrftoken"]  # Secure: the client would not send it back over http, so we do
    host = tls_web_server.url.removeprefix("http://")
    login = requests.post(url, headers={**HTTPS, "Referer": f"https://{host}/admin/login/",
                                        "Cookie": f"csrftoken={token}"},
                          data={"username": "tls-admin", "password": "long-enough-password-1",
                                "csrfmiddlewaretoken": token, "next": "/admin/"}, allow_redirects=False, timeout=10)
    assert login.status_code == 302, login.text[:300]
    session_cookie = [c for c in login.raw.headers.getlist("Set-Cookie") if c.startswith("sessionid=")]
    assert session_cookie and "Secure" in session_cookie[0] and "HttpOnly" in session_cookie[0]
