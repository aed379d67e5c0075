"""Transport against the sandbox over real HTTP: auth, token sharing, retries, errors, counting."""
from __future__ import annotations

import time

import pytest

from omnitron.errors import (
    AuthenticationError, BadRequest, ConnectError, LoginRateLimited, NotFound, RateLimited, ResponseTimeout,
    ServerError,
)
from omnitron.retry import RetryPolicy
from tests.fixtures.processes import free_port
from tests.omnitron.conftest import private_cache

LOGIN = "POST auth/login/"
CHANNEL = "GET channels/{ch}/"


def test_first_request_logs_in_and_sends_token(make_client, omnitron):
    client = make_client()
    channel = client.channels.get()
    assert channel["pk"] == 1 and channel["is_active"] is True
    assert omnitron.counts()["endpoints"] == {LOGIN: 1, CHANNEL: 1}
    assert client.request_counts == {LOGIN: 1, CHANNEL: 1}
    assert client.request_counts.total() == 2


def test_two_clients_sharing_a_cache_log_in_once(make_client, omnitron):
    shared = private_cache()
    make_client(cache=shared).channels.get()
    second = make_client(cache=shared)
    second.channels.get()
    assert omnitron.counts()["endpoints"][LOGIN] == 1
    assert LOGIN not in second.request_counts


def test_token_shared_through_django_cache(make_client, omnitron):
    """The production cache (the suite's private Redis) carries the token between clients."""
    from django.core.cache import cache

    first = make_client(cache=cache)
    cache.delete(first.transport.tokens.token_key)
    first.channels.get()
    make_client(cache=cache).catalogs.get()
    assert omnitron.counts()["endpoints"][LOGIN] == 1


def test_stale_token_triggers_one_relogin_and_retry(make_client, omnitron):
    client = make_client()
    client.channels.get()
    omnitron.expire_tokens()
    assert client.channels.get()["pk"] == 1
    assert omnitron.counts()["endpoints"] == {LOGIN: 2, CHANNEL: 3}


def test_token_expiring_by_ttl_is_renewed(make_client, omnitron):
    omnitron.control("POST", "settings", {"token_ttl": 0})
    client = make_client()
    with pytest.raises(AuthenticationError) as info:
        client.channels.get()  # every fresh token is already stale: one re-login, then give up
    assert info.value.status == 401
    assert omnitron.counts()["endpoints"][LOGIN] == 2


def test_wrong_password_is_an_authentication_error(make_client):
    client = make_client(password="wrong")
    with pytest.raises(AuthenticationError) as info:
        client.channels.get()
    assert info.value.status == 400
    assert "admin" in str(info.value)
    assert "wrong" not in str(info.value)


def test_login_attempts_are_budgeted(make_client, omnitron):
    client = make_client(password="wrong")
    for _ in range(3):
        with pytest.raises(AuthenticationError):
            client.channels.get()
    with pytest.raises(LoginRateLimited) as info:
        client.channels.get()
    assert omnitron.counts()["endpoints"][LOGIN] == 3
    ends = client.transport.tokens.window_ends()
    assert ends is not None and 350 < ends - time.time() <= 360
    message = str(info.value)
    assert f"until {time.strftime('%H:%M:%S UTC', time.gmtime(ends))} (in " in message
    assert "3 logins within 6 minutes got no token" in message
    assert "check OMNITRON_USERNAME / OMNITRON_PASSWORD" in message


def test_a_successful_login_clears_the_budget(make_client, omnitron):
    cache = private_cache()
    with pytest.raises(AuthenticationError):
        make_client(cache=cache, password="wrong").channels.get()
    client = make_client(cache=cache)
    client.channels.get()
    assert client.transport.tokens.logins_used() == 0 and client.transport.tokens.window_ends() is None


def test_unreachable_omnitron_never_spends_the_login_budget(make_client, sleeps):
    """Refused connections are a network problem: no LoginRateLimited, however often a sync retries."""
    port = free_port()
    client = make_client(base_url=f"http://127.0.0.1:{port}/")
    for _ in range(5):
        with pytest.raises(ConnectError) as info:
            client.channels.get()
        assert str(info.value) == (f"Omnitron unreachable at http://127.0.0.1:{port}/: connection refused "
                                   "(nothing listens on that port) (POST /api/v1/auth/login/)")
    assert client.transport.tokens.logins_used() == 0


def test_login_timing_out_never_spends_the_login_budget(make_client, omnitron, sleeps):
    omnitron.fault(endpoint=LOGIN, latency=1.0)
    client = make_client(read_timeout=0.3, retry=RetryPolicy(max_retries=0, sleep=sleeps))
    for _ in range(4):
        with pytest.raises(ResponseTimeout, match=r"Omnitron unreachable at .*: connected, but no answer within the "
                                                  r"read timeout \(POST /api/v1/auth/login/\)"):
            client.channels.get()
    assert client.transport.tokens.logins_used() == 0


def test_get_retries_on_503_with_backoff(make_client, omnitron, sleeps):
    omnitron.fault(endpoint=CHANNEL, status=503, times=2)
    assert make_client().channels.get()["pk"] == 1
    assert sleeps == [0.5, 1.0]
    assert omnitron.counts()["endpoints"][CHANNEL] == 3


def test_429_retry_after_is_honoured(make_client, omnitron, sleeps):
    omnitron.fault(endpoint=CHANNEL, status=429, times=1, retry_after=7)
    make_client().channels.get()
    assert sleeps == [7.0]


def test_retry_after_is_capped(make_client, omnitron, sleeps):
    omnitron.fault(endpoint=CHANNEL, status=429, times=1, retry_after=3600)
    make_client(retry=RetryPolicy(sleep=sleeps, retry_after_max=60)).channels.get()
    assert sleeps == [60.0]


def test_retries_give_up_with_the_last_error(make_client, omnitron, sleeps):
    omnitron.fault(endpoint=CHANNEL, status=429, retry_after=1)
    with pytest.raises(RateLimited) as info:
        make_client().channels.get()
    assert info.value.retry_after == 1.0
    assert len(sleeps) == 3
    assert omnitron.counts()["endpoints"][CHANNEL] == 4


def test_post_that_reached_the_server_is_not_retried_on_500(make_client, omnitron, sleeps):
    omnitron.fault(endpoint="POST channel/{ch}/batch_requests/", status=500, times=1)
    client = make_client()
    with pytest.raises(ServerError) as info:
        client.batch_requests.create()
    assert info.value.status == 500
    assert sleeps == []
    assert omnitron.counts()["endpoints"]["POST channel/{ch}/batch_requests/"] == 1


def test_post_is_retried_on_503(make_client, omnitron, sleeps):
    omnitron.fault(endpoint="POST channel/{ch}/batch_requests/", status=503, times=1)
    batch = make_client().batch_requests.create()
    assert batch["status"] == "initialized"
    assert sleeps == [0.5]


def test_get_is_retried_on_500(make_client, omnitron, sleeps):
    omnitron.fault(endpoint=CHANNEL, status=500, times=1)
    assert make_client().channels.get()["pk"] == 1
    assert sleeps == [0.5]
    assert omnitron.counts()["endpoints"][CHANNEL] == 2


def test_get_is_retried_after_a_read_timeout(make_client, omnitron, sleeps):
    omnitron.fault(endpoint=CHANNEL, latency=1.0, times=1)
    assert make_client(read_timeout=0.3).channels.get()["pk"] == 1
    assert sleeps == [0.5]


def test_unreachable_host_is_a_connect_error_after_retries(make_client, sleeps):
    client = make_client(base_url=f"http://127.0.0.1:{free_port()}/")
    with pytest.raises(ConnectError) as info:
        client.channels.get()
    assert info.value.reason == "refused"
    assert sleeps == [0.5, 1.0, 2.0]


def test_4xx_error_carries_method_url_status_and_body(make_client):
    client = make_client()
    with pytest.raises(NotFound) as info:
        client.products.get(999_999)
    err = info.value
    assert (err.method, err.status, err.body) == ("GET", 404, {"detail": "Not found."})
    assert err.url.endswith("/api/v1/channel/1/products/999999/")


def test_error_body_secrets_are_redacted(make_client, omnitron):
    omnitron.fault(endpoint=CHANNEL, status=400, times=1, body={"password": "hunter2", "detail": "bad"})
    with pytest.raises(BadRequest) as info:
        make_client().channels.get()
    assert info.value.body == {"password": "***", "detail": "bad"}
    assert "hunter2" not in str(info.value)


def test_unknown_channel_is_not_found(make_client):
    with pytest.raises(NotFound):
        make_client(channel_id=99).channels.get()
