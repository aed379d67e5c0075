"""channel.basic_auth: a verified Basic credential skips the password hash for a few seconds, and
nothing else does. The instrument is the real hasher, counting how often it verifies a password."""
from __future__ import annotations

import base64
import secrets

import pytest
from django.contrib.auth.hashers import MD5PasswordHasher
from django.contrib.auth.models import Permission

from channel.basic_auth import authenticate_basic, forget

pytestmark = pytest.mark.django_db

HASHER = "tests.channel.test_basic_auth.CountingHasher"
PASSWORD = "basic-auth-password"


class CountingHasher(MD5PasswordHasher):
    """Django's MD5 hasher that counts its `verify` calls (each is one full password check)."""

    algorithm = "counting_md5"
    verified = 0

    def verify(self, password: str, encoded: str) -> bool:
        CountingHasher.verified += 1
        return super().verify(password, encoded)


@pytest.fixture
def checks(settings):
    settings.PASSWORD_HASHERS = [HASHER]
    settings.BASIC_AUTH_TTL = 60.0
    forget()
    CountingHasher.verified = 0
    yield CountingHasher
    forget()


@pytest.fixture
def staff(django_user_model, checks):
    user = django_user_model.objects.create_user("ops", password=PASSWORD, is_staff=True)
    user.user_permissions.set(Permission.objects.filter(codename__in=("view_flower", "control_flower", "view_sync")))
    CountingHasher.verified = 0
    return user


@pytest.fixture
def caller(rf):
    """A request from an address of its own: the login throttle counts failures per address in the
    shared cache, so wrong passwords in one test never lock out the next."""
    return rf.get("/", REMOTE_ADDR=f"10.{secrets.randbelow(250)}.{secrets.randbelow(250)}.{secrets.randbelow(250)}")


def header(password: str = PASSWORD, username: str = "ops") -> str:
    return "Basic " + base64.b64encode(f"{username}:{password}".encode()).decode()


def test_a_verified_credential_is_checked_once_within_the_ttl(staff, checks, caller):
    assert [authenticate_basic(caller, "ops", PASSWORD) for _ in range(3)] == [staff] * 3
    assert checks.verified == 1


def test_a_wrong_password_is_never_remembered(staff, checks, caller):
    assert authenticate_basic(caller, "ops", "wrong") is None
    assert authenticate_basic(caller, "ops", "wrong") is None
    assert checks.verified == 2
    assert authenticate_basic(caller, "ops", PASSWORD) == staff
    assert checks.verified == 3


def test_a_password_change_ends_it_at_once(staff, checks, caller):
    assert authenticate_basic(caller, "ops", PASSWORD) == staff
    staff.set_password("changed-password")
    staff.save()
    assert authenticate_basic(caller, "ops", PASSWORD) is None
    assert authenticate_basic(caller, "ops", "changed-password") == staff


def test_deactivation_ends_it_at_once(staff, checks, caller):
    assert authenticate_basic(caller, "ops", PASSWORD) == staff
    staff.is_active = False
    staff.save()
    assert authenticate_basic(caller, "ops", PASSWORD) is None


def test_ttl_zero_checks_every_request(staff, checks, settings, caller):
    settings.BASIC_AUTH_TTL = 0
    authenticate_basic(caller, "ops", PASSWORD)
    authenticate_basic(caller, "ops", PASSWORD)
    assert checks.verified == 2


def test_a_credential_is_remembered_for_its_own_username_only(staff, checks, django_user_model, caller):
    """Another user with the same password is checked in full, and not mistaken for the first."""
    other = django_user_model.objects.create_user("ops2", password=PASSWORD, is_staff=True)
    assert authenticate_basic(caller, "ops", PASSWORD) == staff
    assert authenticate_basic(caller, "ops2", PASSWORD) == other
    assert authenticate_basic(caller, "nobody", PASSWORD) is None


def test_the_flower_proxy_uses_it(client, staff, checks, settings):
    settings.FLOWER_URL = "http://127.0.0.1:9"  # refused: the answer is a 502 after authentication
    for _ in range(3):
        assert client.get("/flower/api/workers", headers={"authorization": header()}).status_code == 502
    assert checks.verified == 1
    assert client.get("/flower/api/workers", headers={"authorization": header("wrong")}).status_code == 401


def test_the_rest_api_uses_it(client, staff, checks):
    for _ in range(3):
        assert client.get("/api/v1/flows/", headers={"authorization": header()}).status_code == 200
    assert checks.verified == 1
    assert client.get("/api/v1/flows/", headers={"authorization": header("wrong")}).status_code == 401
