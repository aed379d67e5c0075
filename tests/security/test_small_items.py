"""The smaller findings: dev Flower password, password validators, .env.* ignored, /healthz kept,
OpenAPI schema over Basic, Origin scheme."""
from __future__ import annotations

import base64
import os
import subprocess

import pytest
from django.contrib.auth.models import Permission, User
from django.contrib.auth.password_validation import validate_password
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.test import Client

from channel.health import forget_answer
from tests.fixtures.processes import PYTHON, ROOT, wait_until

PASSWORD = "small-items-password"


def basic(username: str, password: str = PASSWORD) -> str:
    return "Basic " + base64.b64encode(f"{username}:{password}".encode()).decode()


def test_env_variants_are_ignored_by_git():
    for name in (".env", ".env.production", ".env.local"):
        assert subprocess.run(["git", "check-ignore", "-q", name], cwd=ROOT).returncode == 0, name


def test_debug_has_no_flower_password_derived_from_the_secret_key():
    env = {k: v for k, v in os.environ.items() if k not in ("FLOWER_BASIC_AUTH", "SECRET_KEY")}
    env.update(DJANGO_SETTINGS_MODULE="config.settings", DEBUG="true", SECRET_KEY="a-development-secret-key")
    probe = "from django.conf import settings; print(repr(settings.FLOWER_BASIC_AUTH))"
    result = subprocess.run([PYTHON, "-c", probe], cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "''"
    flower = subprocess.run([PYTHON, "-c", "import django; django.setup(); import flowerconfig"], cwd=ROOT, env=env,
                            capture_output=True, text=True)
    assert flower.returncode != 0 and "FLOWER_BASIC_AUTH" in flower.stderr


@pytest.mark.parametrize("password", ["short-1", "password1234", "12345678901234", "alice-alice-alice"])
def test_weak_passwords_are_refused(password):
    with pytest.raises(ValidationError):
        validate_password(password, User(username="alice-alice-alice"))


def test_a_long_unusual_password_passes():
    validate_password("tangerine-lantern-42-orbit", User(username="alice"))


@pytest.mark.django_db
def test_healthz_answer_is_kept_for_a_moment(settings):
    settings.HEALTHZ_CACHE_SECONDS = 0.5
    forget_answer()
    client = Client()
    assert client.get("/healthz").status_code == 200
    cache.delete("healthz")  # the cache check writes this key on every real check
    assert client.get("/healthz").status_code == 200
    assert cache.get("healthz") is None  # answered from memory: no cache write, no broker connection
    wait_until(lambda: client.get("/healthz").status_code == 200 and cache.get("healthz") == "ok", 5,
               "a fresh check after HEALTHZ_CACHE_SECONDS")
    forget_answer()


@pytest.mark.django_db
def test_openapi_schema_is_not_served_to_non_staff_over_basic():
    User.objects.create_user("clerk", password=PASSWORD)
    User.objects.create_user("staffer", password=PASSWORD, is_staff=True)
    assert Client().get("/api/v1/schema/", HTTP_AUTHORIZATION=basic("clerk")).status_code == 401
    assert Client().get("/api/v1/schema/", HTTP_AUTHORIZATION=basic("staffer")).status_code == 200


@pytest.mark.django_db
def test_origin_with_another_scheme_is_cross_origin_for_the_flower_proxy(settings):
    settings.FLOWER_URL = "http://127.0.0.1:9"
    user = User.objects.create_user("controller", password=PASSWORD, is_staff=True)
    user.user_permissions.set(Permission.objects.filter(codename__in=["view_flower", "control_flower"]))
    client = Client(HTTP_AUTHORIZATION=basic("controller"))
    refused = client.post("/flower/api/task/async-apply/channel.noop", "{}", content_type="application/json",
                          secure=True, HTTP_ORIGIN="http://testserver")
    assert refused.status_code == 403 and "Cross-origin" in refused.json()["error"]
    passed = client.post("/flower/api/task/async-apply/channel.noop", "{}", content_type="application/json",
                         secure=True, HTTP_ORIGIN="https://testserver")
    assert passed.status_code == 502  # past the origin check; nothing listens on the fake Flower
