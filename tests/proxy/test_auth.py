"""proxy.auth: who is the caller, what they may do, and the cross-site rule for unsafe methods."""
import pytest
from django.contrib.auth.models import AnonymousUser

from proxy.auth import BadCredentials, cross_site, current_user, denial, forget_permissions, needs_control
from tests.proxy.conftest import basic

pytestmark = pytest.mark.django_db


def request(rf, method="GET", path="/flower/", user=None, **headers):
    req = rf.generic(method, path, headers=headers)
    req.user = user or AnonymousUser()
    return req


def test_current_user_prefers_the_session_user(rf, viewer, controller):
    assert current_user(request(rf, user=viewer, authorization=basic("controller"))) == viewer


def test_current_user_accepts_django_credentials_over_basic(rf, controller):
    assert current_user(request(rf, authorization=basic("controller"))) == controller


def test_current_user_is_none_without_session_or_header(rf):
    assert current_user(request(rf)) is None


@pytest.mark.parametrize("header", [
    basic("controller", "wrong"), basic("nobody"), "Basic !!!notbase64", "Bearer abc", "Basic " + "Y29udHJvbGxlcg==",
])
def test_current_user_rejects_bad_credentials(rf, controller, header):
    with pytest.raises(BadCredentials):
        current_user(request(rf, authorization=header))


@pytest.mark.parametrize(("method", "path", "expected"), [
    ("GET", "/flower/", False),
    ("GET", "/flower/api/workers", False),
    ("GET", "/flower/api/task/info/abc", False),
    ("GET", "/flower/api/task/result/abc", False),
    ("HEAD", "/flower/tasks", False),
    ("OPTIONS", "/flower/api/workers", False),
    ("POST", "/flower/api/task/apply/channel.noop", True),
    ("POST", "/flower/api/task/async-apply/channel.noop", True),
    ("POST", "/flower/api/task/send-task/anything", True),
    ("POST", "/flower/api/task/revoke/abc", True),
    ("POST", "/flower/api/task/abort/abc", True),
    ("POST", "/flower/api/task/timeout/channel.noop", True),
    ("POST", "/flower/api/task/rate-limit/channel.noop", True),
    ("POST", "/flower/api/worker/shutdown/celery@h", True),
    ("POST", "/flower/api/worker/pool/grow/celery@h", True),
    ("POST", "/flower/api/worker/queue/add-consumer/celery@h", True),
    ("GET", "/flower/api/worker/shutdown/celery@h", True),
    ("POST", "/flower/api/workers", True),
    ("DELETE", "/flower/tasks", True),
])
def test_needs_control_for_every_action_and_unsafe_method(method, path, expected):
    assert needs_control(method, path) is expected


def test_denial_matrix(make_user):
    outsider = make_user("outsider", "view_flower", "control_flower", staff=False)
    bare = make_user("bare")
    viewer = make_user("viewer2", "view_flower")
    controller = make_user("controller2", "view_flower", "control_flower")
    apply = ("POST", "/flower/api/task/apply/channel.noop")
    read = ("GET", "/flower/api/workers")
    assert "staff" in denial(outsider, *read)
    assert "proxy.view_flower" in denial(bare, *read)
    assert denial(viewer, *read) == ""
    assert "proxy.control_flower" in denial(viewer, *apply)
    assert denial(controller, *apply) == ""


def test_denial_refuses_inactive_staff(make_user):
    user = make_user("inactive", "view_flower")
    user.is_active = False
    assert denial(user, "GET", "/flower/")


def test_permissions_are_remembered_for_a_while_but_not_across_password_changes(viewer):
    assert denial(viewer, "GET", "/flower/") == ""
    viewer.user_permissions.clear()
    fresh = type(viewer).objects.get(pk=viewer.pk)
    assert denial(fresh, "GET", "/flower/") == "", "a revoked grant may live for PERMISSION_TTL"
    fresh.set_password("new-password")
    assert "proxy.view_flower" in denial(fresh, "GET", "/flower/")
    forget_permissions()
    assert "proxy.view_flower" in denial(type(viewer).objects.get(pk=viewer.pk), "GET", "/flower/")


@pytest.mark.parametrize(("method", "headers", "refused"), [
    ("GET", {"sec_fetch_site": "cross-site"}, False),
    ("POST", {"sec_fetch_site": "same-origin"}, False),
    ("POST", {"sec_fetch_site": "same-origin", "origin": "https://evil.example"}, False),
    ("POST", {"sec_fetch_site": "cross-site"}, True),
    ("POST", {"sec_fetch_site": "same-site"}, True),
    ("POST", {"sec_fetch_site": "none"}, True),
    ("POST", {"origin": "https://evil.example"}, True),
    ("POST", {"origin": "null"}, True),
    ("POST", {"origin": "http://testserver"}, False),
    ("DELETE", {}, False),
])
def test_cross_site_follows_flowers_rule(rf, method, headers, refused):
    assert bool(cross_site(request(rf, method, **headers))) is refused
