"""Registering the channel's webhook at the Trendyol sandbox over HTTP, by command and by admin action."""
from __future__ import annotations

from io import StringIO

import pytest
from django.contrib.auth.models import Permission, User
from django.core.management import CommandError, call_command

from channel.models import WebhookSubscription

pytestmark = pytest.mark.django_db

PUBLIC = "https://shop.example.com"


def hooks(channel) -> list[dict]:
    return channel.trendyol.control("GET", "webhooks")["webhooks"]


def command(*args: str) -> str:
    out = StringIO()
    call_command("trendyol_webhook", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def public(settings):
    settings.WEBHOOK_PUBLIC_URL = PUBLIC + "/"


def test_register_creates_an_api_key_webhook_at_our_url_with_a_generated_secret(channel, public):
    out = command("register", "--channel", "1")

    (hook,) = hooks(channel)
    row = WebhookSubscription.objects.get(channel_id=1)
    assert hook["url"] == row.url == f"{PUBLIC}/hooks/orders/1/"
    assert hook["authenticationType"] == "API_KEY" and hook["apiKey"] == row.secret and len(row.secret) >= 40
    assert hook["status"] == row.remote_status == "ACTIVE" and hook["id"] == row.remote_id
    assert row.secret not in out and "ACTIVE" in out


def test_registering_again_updates_and_reactivates_the_same_webhook(channel, public):
    command("register", "--channel", "1")
    first = WebhookSubscription.objects.get(channel_id=1)
    command("deactivate", "--channel", "1")
    assert hooks(channel)[0]["status"] == "PASSIVE"

    command("register", "--channel", "1", "--rotate-secret")

    (hook,) = hooks(channel)
    row = WebhookSubscription.objects.get(channel_id=1)
    assert hook["id"] == first.remote_id and hook["status"] == "ACTIVE"
    assert row.secret != first.secret and hook["apiKey"] == row.secret


def test_basic_authentication_sends_a_username_and_the_secret(channel, public):
    WebhookSubscription.objects.create(channel_id=1, auth_type=WebhookSubscription.BASIC, secret="s" * 43)
    command("register", "--channel", "1")
    (hook,) = hooks(channel)
    assert hook["authenticationType"] == "BASIC_AUTHENTICATION"
    assert (hook["username"], hook["password"]) == ("channel1", "s" * 43)


def test_status_reports_the_marketplace_state_and_the_figures(channel, public):
    assert "no webhook registered" in command("status", "--channel", "1")
    command("register", "--channel", "1")
    out = command("status", "--channel", "1")
    assert "ACTIVE" in out and "0 events received" in out


def test_remove_deletes_the_webhook_and_the_secret(channel, public):
    command("register", "--channel", "1")
    assert "removed" in command("remove", "--channel", "1")
    assert hooks(channel) == [] and not WebhookSubscription.objects.exists()
    assert "no webhook to remove" in command("remove", "--channel", "1")


@pytest.mark.parametrize("args, message", [
    (("register", "--channel", "1"), "WEBHOOK_PUBLIC_URL"),
    (("register", "--channel", "77"), "not configured"),
    (("activate", "--channel", "1"), "register it first"),
    (("explode", "--channel", "1"), "invalid choice"),
])
def test_bad_input_is_a_command_error(channel, args, message):
    with pytest.raises(CommandError, match=message):
        command(*args)


def test_trendyol_refusing_the_url_is_a_command_error(channel, settings):
    settings.WEBHOOK_PUBLIC_URL = "http://localhost:8000"  # Trendyol refuses "localhost" in a webhook URL
    with pytest.raises(CommandError, match="Trendyol refused"):
        command("register", "--channel", "1")
    assert hooks(channel) == []


def test_the_admin_action_registers_for_holders_of_the_change_permission(channel, public, client, settings):
    settings.STORAGES = {**settings.STORAGES,
                         "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
    row = WebhookSubscription.objects.create(channel_id=1, secret="x" * 43)
    viewer = User.objects.create_user("viewer", password="pw-viewer-123456", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_webhooksubscription"))
    client.force_login(viewer)
    url = "/admin/channel/webhooksubscription/"
    answer = client.post(url, {"action": "register_webhooks", "_selected_action": [row.pk]})
    assert hooks(channel) == []  # not offered: the action needs the change permission
    viewer.user_permissions.add(Permission.objects.get(codename="change_webhooksubscription"))
    answer = client.post(url, {"action": "register_webhooks", "_selected_action": [row.pk]}, follow=True)
    assert answer.status_code == 200 and len(hooks(channel)) == 1
    page = client.get(f"{url}{row.pk}/change/").content.decode()
    assert "x" * 43 not in page and "xxxx…" in page
