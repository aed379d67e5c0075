"""`manage.py create_api_token`: prints a token that authenticates against the API."""
from __future__ import annotations

import hashlib
from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.test import Client

from security.models import ApiToken

pytestmark = pytest.mark.django_db


def create(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("create_api_token", *args, stdout=out, stderr=err)
    return out.getvalue().strip(), err.getvalue()


def test_token_is_printed_once_and_only_its_digest_is_stored():
    User.objects.create_superuser("ops", password="pw")
    key, err = create("ops")
    assert len(key) >= 40 and "created a new token" in err and "shown only now" in err
    stored = ApiToken.objects.get(user__username="ops")
    assert key not in {stored.digest, stored.name} and stored.digest == hashlib.sha256(key.encode()).hexdigest()
    second, _ = create("ops")
    assert second != key  # a new token each time: the first cannot be shown again
    for each in (key, second):
        assert Client().get("/api/v1/flows/", HTTP_AUTHORIZATION=f"Token {each}").status_code == 200


def test_reset_replaces_the_token():
    User.objects.create_user("ops")
    key, _ = create("ops")
    new, _ = create("ops", "--reset")
    assert new != key
    assert Client().get("/api/v1/flows/", HTTP_AUTHORIZATION=f"Token {key}").status_code == 401


def test_user_without_permissions_is_warned():
    User.objects.create_user("plain")
    _key, err = create("plain")
    assert "lacks channel.view_sync, channel.trigger_sync" in err


def test_unknown_user_is_a_command_error_that_names_create():
    with pytest.raises(CommandError, match="No user named 'ghost'; pass --create"):
        create("ghost")
    assert not User.objects.filter(username="ghost").exists()


def test_create_makes_an_api_only_user_that_may_view_and_trigger():
    key, err = create("ci-bot", "--create")
    assert "created API user 'ci-bot' (no password)" in err and "lacks" not in err
    user = User.objects.get(username="ci-bot")
    assert not user.has_usable_password() and not user.is_staff
    assert user.has_perm("channel.view_sync") and user.has_perm("channel.trigger_sync")
    assert Client().get("/api/v1/flows/", HTTP_AUTHORIZATION=f"Token {key}").status_code == 200
    again = create("ci-bot", "--create")[0]  # an existing user gets another token; the first still works
    assert again != key and Client().get("/api/v1/flows/", HTTP_AUTHORIZATION=f"Token {key}").status_code == 200
