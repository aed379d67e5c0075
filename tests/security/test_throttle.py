"""Brute force: 30 wrong passwords on admin login, /flower/ Basic and API Basic lock the (account,
address) pair out; the right password is then refused too, with the same answer; the lockout ends
by itself; another address is never locked out; one audit line per lockout."""
from __future__ import annotations

import base64
import logging
import uuid

import pytest
from django.contrib.auth.models import Permission, User
from django.test import Client

from security.throttle import client_ip
from tests.fixtures.processes import wait_until

pytestmark = pytest.mark.django_db

PASSWORD = "throttle-right-password"
ATTEMPTS = 30


def basic(username: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{username}:{password}".encode()).decode()


@pytest.fixture
def operator() -> User:
    """A staff user allowed everywhere, with a fresh name (lockouts live in the shared cache)."""
    user = User.objects.create_user(f"op-{uuid.uuid4().hex[:8]}", password=PASSWORD, is_staff=True)
    user.user_permissions.set(Permission.objects.filter(codename__in=["view_sync", "view_flower"]))
    return user


def api(user: str, password: str, address: str = "10.0.0.1") -> int:
    return Client(REMOTE_ADDR=address).get("/api/v1/flows/", HTTP_AUTHORIZATION=basic(user, password)).status_code


def flower(user: str, password: str, address: str = "10.0.0.1", settings=None) -> int:
    response = Client(REMOTE_ADDR=address).get("/flower/api/workers", HTTP_AUTHORIZATION=basic(user, password))
    return response.status_code


def admin_login(user: str, password: str, address: str = "10.0.0.1") -> int:
    client = Client(REMOTE_ADDR=address)
    response = client.post("/admin/login/", {"username": user, "password": password, "next": "/admin/"})
    return response.status_code


@pytest.fixture(autouse=True)
def production_limits(settings):
    settings.AXES_FAILURE_LIMIT = 5  # LOGIN_FAILURE_LIMIT's default (the suite raises it for other tests)
    settings.FLOWER_URL = "http://127.0.0.1:9"  # a let-through request answers 502: past authentication


@pytest.mark.parametrize("surface, right, refused", [
    (api, 200, 401), (flower, 502, 401), (admin_login, 302, 429),
], ids=["api-basic", "flower-basic", "admin-login"])
def test_wrong_passwords_lock_out_the_account_from_that_address(operator, surface, right, refused, caplog):
    name = operator.username
    caplog.set_level(logging.WARNING, logger="security.audit")
    answers = [surface(name, f"wrong-{n}") for n in range(ATTEMPTS)]
    assert answers[0] in (200, 401)  # admin re-shows the form (200); Basic answers 401
    assert surface(name, PASSWORD) == refused  # the right password no longer works from here
    assert surface(name, PASSWORD, "10.0.0.2") == right  # another address is not locked out
    lockouts = [r for r in caplog.records if r.name == "security.audit" and name in r.getMessage()]
    assert len(lockouts) == 1 and "address=10.0.0.1" in lockouts[0].getMessage()


@pytest.mark.parametrize("surface", [api, flower], ids=["api-basic", "flower-basic"])
def test_basic_answer_is_the_same_for_wrong_right_and_locked(operator, surface):
    clerk = User.objects.create_user(f"clerk-{uuid.uuid4().hex[:8]}", password=PASSWORD)  # not staff
    path = "/api/v1/flows/" if surface is api else "/flower/api/workers"
    bodies = set()
    for user, password in ((clerk.username, PASSWORD), (clerk.username, "wrong"), ("nobody-here", "x")):
        response = Client(REMOTE_ADDR="10.0.0.3").get(path, HTTP_AUTHORIZATION=basic(user, password))
        assert response.status_code == 401
        bodies.add(response.content)
    assert len(bodies) == 1


def test_lockout_ends_after_the_cool_off(operator, settings):
    from datetime import timedelta

    settings.AXES_COOLOFF_TIME = timedelta(seconds=1)
    for n in range(6):
        api(operator.username, f"wrong-{n}")
    assert api(operator.username, PASSWORD) == 401
    wait_until(lambda: api(operator.username, PASSWORD) == 200, 10, "the lockout to expire")


def test_client_address_behind_a_trusted_proxy_is_the_one_it_added(rf, settings):
    request = rf.get("/", REMOTE_ADDR="10.9.9.9", HTTP_X_FORWARDED_FOR="1.1.1.1, 203.0.113.7")
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(request) == "10.9.9.9"  # X-Forwarded-For is not trusted unless configured
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(request) == "203.0.113.7"  # the client wrote 1.1.1.1 itself


def test_production_defaults_are_five_failures_and_fifteen_minutes():
    import os
    import subprocess

    from tests.fixtures.processes import PYTHON, ROOT

    env = {**{k: v for k, v in os.environ.items() if not k.startswith("LOGIN_")},
           "DJANGO_SETTINGS_MODULE": "config.settings", "DEBUG": "true"}
    probe = "from django.conf import settings as s; print(s.AXES_FAILURE_LIMIT, s.AXES_COOLOFF_TIME.total_seconds())"
    result = subprocess.run([PYTHON, "-c", probe], cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    assert result.stdout.split() == ["5", "900.0"]
