"""API tokens: only a digest is stored, and a password change or deactivation revokes them."""
from __future__ import annotations

import importlib

import pytest
from django.apps import apps
from django.contrib.auth.models import User, update_last_login
from django.test import Client
from rest_framework.authtoken.models import Token

from channel.api.auth import forget
from security.models import ApiToken

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def nothing_remembered():
    forget()
    yield
    forget()


def works(key: str) -> bool:
    forget()  # as once AUTH_TTL has passed
    return Client().get("/api/v1/flows/", HTTP_AUTHORIZATION=f"Token {key}").status_code != 401


@pytest.fixture
def holder() -> tuple[User, str]:
    user = User.objects.create_superuser("holder", password="first-long-password")
    return user, ApiToken.objects.issue(user)[1]


def test_the_database_holds_no_usable_key(holder):
    user, key = holder
    row = ApiToken.objects.filter(user=user).values().get()
    assert key not in {str(value) for value in row.values()}
    assert works(key)


def test_password_change_revokes_the_users_tokens(holder):
    user, key = holder
    user.set_password("second-long-password")
    user.save()
    assert not works(key) and not ApiToken.objects.filter(user=user).exists()


def test_deactivation_revokes_the_users_tokens(holder):
    user, key = holder
    user.is_active = False
    user.save(update_fields=["is_active"])
    user.is_active = True
    user.save()
    assert not works(key)


def test_a_login_or_other_edit_keeps_the_tokens(holder):
    user, key = holder
    update_last_login(None, user)  # what every login saves
    user.first_name = "Ada"
    user.save()
    assert works(key)


def test_existing_plaintext_tokens_are_hashed_by_the_migration(holder):
    user, _key = holder
    plaintext = Token.objects.create(user=user).key
    migration = importlib.import_module("security.migrations.0002_hash_existing_tokens")
    migration.hash_plaintext_tokens(apps, None)
    assert not Token.objects.exists()
    assert works(plaintext)
