"""Binding a channel to a marketplace in admin: configured channels only, the model's permissions."""
from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission, User
from django.test import Client

from channel.models import ChannelMarketplace

pytestmark = pytest.mark.django_db

ADD = "/admin/channel/channelmarketplace/add/"


def staff(name: str, *codenames: str) -> Client:
    user = User.objects.create_user(name, password="pw", is_staff=True)
    for codename in codenames:
        user.user_permissions.add(Permission.objects.get(content_type__app_label="channel", codename=codename))
    client = Client()
    client.force_login(user)
    return client


def test_admin_binds_only_configured_channels(settings):
    settings.OMNITRON_CHANNEL_ID, settings.SYNC_CHANNEL_IDS = 1, [2]
    editor = staff("editor", "add_channelmarketplace", "view_channelmarketplace")

    refused = editor.post(ADD, {"channel_id": "9", "marketplace": "hepsiburada"})
    assert refused.status_code == 200 and "is not synced by this deployment" in refused.content.decode()
    unknown = editor.post(ADD, {"channel_id": "2", "marketplace": "amazon"})
    assert unknown.status_code == 200 and not ChannelMarketplace.objects.exists()

    assert editor.post(ADD, {"channel_id": "2", "marketplace": "hepsiburada"}).status_code == 302
    assert ChannelMarketplace.objects.get(channel_id=2).marketplace == "hepsiburada"


def test_admin_needs_the_models_permissions():
    viewer = staff("viewer", "view_sync")
    assert viewer.get("/admin/channel/channelmarketplace/").status_code == 403
    assert viewer.post(ADD, {"channel_id": "1", "marketplace": "hepsiburada"}).status_code == 403
    assert not ChannelMarketplace.objects.exists()
