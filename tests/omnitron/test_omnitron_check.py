"""`manage.py omnitron_check` against the running sandbox."""
from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from omnitron.errors import AuthenticationError, LoginRateLimited

from tests.fixtures.processes import free_port


def run(**options):
    out = io.StringIO()
    call_command("omnitron_check", stdout=out, **options)
    return out.getvalue()


@pytest.fixture
def target(omnitron):
    return {"url": omnitron.url, "username": "admin", "password": "admin", "channel": 1, "catalog": 1}


def test_healthy_sandbox(target):
    out = run(**target)
    assert "OK    logged in to" in out
    assert "channel 1 (Trendyol (sandbox)) is active" in out
    assert "catalog 1 (Sandbox catalog): price list 1, stock list 1" in out
    assert "Omnitron is reachable" in out


def test_wrong_password(target):
    with pytest.raises(CommandError, match="rejected the credentials .* check OMNITRON_USERNAME and OMNITRON_PASSWORD"):
        run(**{**target, "password": "nope"})


def test_unknown_channel(target):
    with pytest.raises(CommandError, match="channel 42: not found .*check OMNITRON_CHANNEL_ID"):
        run(**{**target, "channel": 42})


def test_unknown_catalog(target):
    with pytest.raises(CommandError, match="catalog 9: not found .*check OMNITRON_CATALOG_ID"):
        run(**{**target, "catalog": 9})


def test_inactive_channel(target, make_client):
    make_client().channels.update({"is_active": False})
    with pytest.raises(CommandError, match="channel 1 .* is inactive"):
        run(**target)


def test_unreachable_host(target):
    with pytest.raises(CommandError, match="connection to .* refused: nothing listens there"):
        run(**{**target, "url": f"http://127.0.0.1:{free_port()}/"})


def test_unknown_host_name(target):
    with pytest.raises(CommandError, match=r"cannot resolve the host .* \(DNS\)"):
        run(**{**target, "url": "http://omnitron.invalid/"})


def test_tls_to_a_plain_http_port(target):
    with pytest.raises(CommandError, match="TLS handshake with .* failed"):
        run(**{**target, "url": target["url"].replace("http://", "https://")})


@pytest.fixture
def spent_login_budget(target, make_client):
    """Three refused logins through the shared cache, as workers with a wrong password would do."""
    from django.core.cache import cache

    client = make_client(base_url=target["url"], password="wrong", cache=cache)
    tokens = client.transport.tokens
    cache.delete_many([tokens.attempts_key, tokens.window_key])
    for _ in range(3):
        with pytest.raises(AuthenticationError):
            client.channels.get()
    with pytest.raises(LoginRateLimited):
        client.channels.get()
    yield client
    cache.delete_many([tokens.attempts_key, tokens.window_key])  # other tests share this cache


def test_check_is_not_blocked_by_a_spent_login_budget_and_clears_it(target, make_client, spent_login_budget):
    """The budget stopped the syncs; the operator fixes the password and the check proves it at once."""
    from django.core.cache import cache

    blocked = spent_login_budget
    out = run(**target)
    assert "OK    logged in to" in out
    assert "login budget was spent; this login cleared it" in out
    assert blocked.transport.tokens.logins_used() == 0
    make_client(base_url=target["url"], cache=cache).channels.get()  # the syncs log in again


def test_check_with_the_wrong_password_reaches_omnitron_while_the_budget_is_spent(target, omnitron,
                                                                                   spent_login_budget):
    logins = omnitron.counts()["endpoints"]["POST auth/login/"]
    with pytest.raises(CommandError, match="rejected the credentials") as info:
        run(**{**target, "password": "still-wrong"})
    assert "refused locally" not in str(info.value)
    assert omnitron.counts()["endpoints"]["POST auth/login/"] == logins + 1
