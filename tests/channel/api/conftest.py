"""Users for the API tests: by permission, with API tokens and passwords."""
from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.contrib.auth.models import Permission, User

from channel.api.auth import forget
from security.models import ApiToken

PASSWORD = "api-test-password"


@dataclass
class ApiUser:
    user: User
    token: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Token {self.token}"}


@pytest.fixture(autouse=True)
def no_remembered_auth():
    """Each test starts with nothing remembered: user ids may be reused after a rollback."""
    forget()
    yield
    forget()


def make_user(name: str, *perms: str, staff: bool = False) -> ApiUser:
    user = User.objects.create_user(name, password=PASSWORD, is_staff=staff)
    for perm in perms:
        user.user_permissions.add(Permission.objects.get(content_type__app_label="channel", codename=perm))
    return ApiUser(user, ApiToken.objects.issue(user)[1])


@pytest.fixture
def operator(db) -> ApiUser:
    """May view and trigger syncs."""
    return make_user("operator", "view_sync", "trigger_sync")


@pytest.fixture
def viewer(db) -> ApiUser:
    """May view, not trigger."""
    return make_user("viewer", "view_sync")


@pytest.fixture
def nobody(db) -> ApiUser:
    """Authenticated, without any permission."""
    return make_user("nobody")
