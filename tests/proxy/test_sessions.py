"""proxy.sessions: the session user's row is remembered briefly; the session itself is read every time."""
import pytest
from django.contrib.auth import get_user
from django.contrib.sessions.backends.cached_db import SessionStore
from django.utils.functional import SimpleLazyObject

from proxy import sessions
from proxy.sessions import session_user

pytestmark = pytest.mark.django_db


def session_request(rf, session_key):
    """A request as SessionMiddleware and AuthenticationMiddleware leave it."""
    request = rf.get("/flower/api/workers")
    request.session = SessionStore(session_key)
    request.user = SimpleLazyObject(lambda: get_user(request))
    return request


def test_second_request_of_a_session_does_not_read_the_user_row(client, rf, viewer, django_assert_num_queries):
    client.force_login(viewer)
    key = client.session.session_key
    assert session_user(session_request(rf, key)) == viewer
    with django_assert_num_queries(0):
        assert session_user(session_request(rf, key)) == viewer


def test_each_caller_gets_its_own_copy(client, rf, viewer):
    client.force_login(viewer)
    key = client.session.session_key
    first, second = session_user(session_request(rf, key)), session_user(session_request(rf, key))
    assert first == second and first is not second


def test_logout_ends_access_at_once(client, rf, viewer):
    client.force_login(viewer)
    key = client.session.session_key
    assert session_user(session_request(rf, key)) == viewer
    client.logout()
    assert session_user(session_request(rf, key)) is None


def test_anonymous_session_and_request_without_session(rf, viewer):
    assert session_user(session_request(rf, None)) is None
    assert session_user(rf.get("/flower/")) is None


def test_deactivation_takes_effect_once_the_row_is_read_again(client, rf, viewer):
    client.force_login(viewer)
    key = client.session.session_key
    assert session_user(session_request(rf, key)) == viewer
    type(viewer).objects.filter(pk=viewer.pk).update(is_active=False)
    remembered = session_user(session_request(rf, key))
    assert remembered.is_active, "a remembered row may live for USER_TTL"
    sessions.forget_users()  # as when USER_TTL has passed
    assert session_user(session_request(rf, key)) is None  # ModelBackend refuses inactive users


def test_password_change_is_seen_once_the_row_is_read_again(client, rf, viewer):
    client.force_login(viewer)
    key = client.session.session_key
    assert session_user(session_request(rf, key)) == viewer
    viewer.set_password("changed-password")
    viewer.save()
    sessions.forget_users()  # as when USER_TTL has passed
    assert session_user(session_request(rf, key)) is None  # Django flushes the stale session
