"""Deeply nested or oversized JSON gets a 4xx JSON error, never a 500, on the API and on Flower's apply."""
from __future__ import annotations

import base64

import pytest
from django.contrib.auth.models import Permission, User
from django.test import Client

from security import bodies

pytestmark = pytest.mark.django_db

PASSWORD = "bodies-test-password"
DEEP = b'{"kwargs": {"steps": ' + b"[" * 5_000 + b"]" * 5_000 + b"}}"  # past the recursion limit, under 64 KiB
JUST_TOO_DEEP = b"[" * 21 + b"]" * 21


@pytest.fixture
def operator() -> Client:
    user = User.objects.create_user("operator", password=PASSWORD, is_staff=True)
    user.user_permissions.set(Permission.objects.filter(codename__in=[
        "view_sync", "trigger_sync", "view_flower", "control_flower"]))
    client = Client()
    client.defaults["HTTP_AUTHORIZATION"] = "Basic " + base64.b64encode(f"operator:{PASSWORD}".encode()).decode()
    return client


@pytest.mark.parametrize("body, status, words", [
    (DEEP, 400, "nested deeper than 20"),
    (b'{"kwargs": ' + JUST_TOO_DEEP + b"}", 400, "nested deeper than 20"),
    (b'{"kwargs": {"steps": NaN}}', 400, "NaN is not valid JSON"),
    (b'{"kwargs": {"fail": "' + b"x" * 70_000 + b'"}}', 413, "larger than 65536 bytes"),
], ids=["recursion", "depth-21", "nan", "size"])
def test_api_refuses_deep_or_large_bodies_with_json(operator, body, status, words):
    response = operator.post("/api/v1/flows/noop/runs/", body, content_type="application/json")
    assert response.status_code == status
    assert words in response.json()["detail"]


@pytest.mark.parametrize("body, status, words", [
    (DEEP, 400, "nested deeper than 20"),
    (b'{"args": ' + JUST_TOO_DEEP + b"}", 400, "nested deeper than 20"),
    (b'{"args": ["' + b"x" * 70_000 + b'"]}', 413, "larger than 65536 bytes"),
], ids=["recursion", "depth-21", "size"])
def test_flower_apply_refuses_deep_or_large_bodies_with_json(operator, settings, body, status, words):
    settings.FLOWER_URL = "http://127.0.0.1:9"  # never reached: the body is refused first
    response = operator.post("/flower/api/task/apply/channel.noop", body, content_type="application/json")
    assert response.status_code == status
    assert words in response.json()["error"]


def test_depth_counts_containers_not_scalars():
    assert bodies.depth(1) == 0 and bodies.depth([]) == 1 and bodies.depth({"a": [{"b": 1}]}) == 3


def test_bodies_within_the_bounds_parse():
    assert bodies.loads(b'{"args": ' + b"[" * 19 + b"]" * 19 + b"}") == {"args": [[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]}
