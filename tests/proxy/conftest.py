"""Fixtures for the /flower/ proxy tests: users with and without the proxy permissions,
a recording upstream in a thread, and settings pointing the proxy at it."""
from __future__ import annotations

import base64

import pytest
from django.contrib.auth.models import Permission

from proxy.auth import forget_permissions
from tests.proxy.recorder import RecordingServer

PASSWORD = "proxy-test-password"


def basic(username: str, password: str = PASSWORD) -> str:
    return "Basic " + base64.b64encode(f"{username}:{password}".encode()).decode()


@pytest.fixture(autouse=True)
def no_remembered_permissions():
    forget_permissions()
    yield
    forget_permissions()


@pytest.fixture
def make_user(django_user_model):
    """make_user(name, *codenames, staff=True) -> a user holding those proxy permissions."""

    def make(name: str, *codenames: str, staff: bool = True):
        user = django_user_model.objects.create_user(name, password=PASSWORD, is_staff=staff)
        user.user_permissions.set(Permission.objects.filter(content_type__app_label="proxy", codename__in=codenames))
        return user

    return make


@pytest.fixture
def viewer(make_user):
    return make_user("viewer", "view_flower")


@pytest.fixture
def controller(make_user):
    return make_user("controller", "view_flower", "control_flower")


@pytest.fixture
def recorder():
    with RecordingServer() as server:
        yield server


@pytest.fixture
def upstream(recorder, settings):
    """Point the proxy at the recorder, with short timeouts."""
    settings.FLOWER_URL = recorder.url
    settings.FLOWER_BASIC_AUTH = "svc-user:svc-pass"
    settings.FLOWER_CONNECT_TIMEOUT = 1.0
    settings.FLOWER_READ_TIMEOUT = 1.0
    settings.FLOWER_APPLY_TIMEOUT = 2.0
    return recorder


@pytest.fixture
def flower_upstream(flower, settings):
    """Point the proxy at the session's real Flower (which watches the session's real worker)."""
    settings.FLOWER_URL = flower.url
    settings.FLOWER_BASIC_AUTH = ":".join(flower.basic_auth)
    settings.FLOWER_CONNECT_TIMEOUT = 2.0
    settings.FLOWER_READ_TIMEOUT = 10.0
    settings.FLOWER_APPLY_TIMEOUT = 20.0
    return flower
