"""channel.api.auth: token users and permissions are remembered for AUTH_TTL seconds, no longer."""
import pytest
from rest_framework.exceptions import AuthenticationFailed

from channel.api.auth import RememberingTokenAuthentication, forget, has_perm
from channel.models import TRIGGER_PERMISSION
from security.models import ApiToken

pytestmark = pytest.mark.django_db


def test_token_user_is_read_once_then_remembered(operator, django_assert_num_queries):
    auth = RememberingTokenAuthentication()
    user, token = auth.authenticate_credentials(operator.token)
    assert user == operator.user and token.user_id == operator.user.pk
    with django_assert_num_queries(0):
        again, _ = auth.authenticate_credentials(operator.token)
    assert again == user and again is not user


def test_deleted_token_is_refused_once_forgotten(operator):
    auth = RememberingTokenAuthentication()
    auth.authenticate_credentials(operator.token)
    ApiToken.objects.matching(operator.token).delete()
    assert auth.authenticate_credentials(operator.token)[0] == operator.user, "may live for AUTH_TTL"
    forget()  # as when AUTH_TTL has passed
    with pytest.raises(AuthenticationFailed):
        auth.authenticate_credentials(operator.token)


def test_inactive_user_is_refused_once_forgotten(operator):
    auth = RememberingTokenAuthentication()
    auth.authenticate_credentials(operator.token)
    type(operator.user).objects.filter(pk=operator.user.pk).update(is_active=False)
    forget()
    with pytest.raises(AuthenticationFailed):
        auth.authenticate_credentials(operator.token)


def test_unknown_token_is_refused_every_time():
    auth = RememberingTokenAuthentication()
    for _ in range(2):
        with pytest.raises(AuthenticationFailed):
            auth.authenticate_credentials("0" * 40)


def test_permission_is_remembered_until_forgotten(operator, django_assert_num_queries):
    user = type(operator.user).objects.get(pk=operator.user.pk)
    assert has_perm(user, TRIGGER_PERMISSION)
    operator.user.user_permissions.clear()
    fresh = type(operator.user).objects.get(pk=operator.user.pk)
    with django_assert_num_queries(0):
        assert has_perm(fresh, TRIGGER_PERMISSION), "a revoked grant may live for AUTH_TTL"
    forget()
    assert not has_perm(type(operator.user).objects.get(pk=operator.user.pk), TRIGGER_PERMISSION)


def test_password_change_is_never_answered_from_memory(operator, nobody):
    assert has_perm(operator.user, TRIGGER_PERMISSION)
    operator.user.user_permissions.clear()
    fresh = type(operator.user).objects.get(pk=operator.user.pk)
    fresh.set_password("another-password")
    assert not has_perm(fresh, TRIGGER_PERMISSION)
