"""`client_from_settings` reads the documented settings at call time; overrides win."""
from __future__ import annotations

import pytest
from django.core.cache import cache

from omnitron.errors import ConfigurationError
from omnitron.factory import client_from_settings


def test_settings_become_constructor_arguments(settings):
    settings.OMNITRON_URL = "https://omnitron.example.com"
    settings.OMNITRON_CHANNEL_ID = 6
    settings.OMNITRON_CATALOG_ID = 3
    settings.OMNITRON_CONNECT_TIMEOUT = 1.5
    settings.OMNITRON_READ_TIMEOUT = 20
    settings.OMNITRON_MAX_RETRIES = 7
    settings.OMNITRON_PAGE_SIZE = 250
    client = client_from_settings()
    assert client.base_url == "https://omnitron.example.com/"
    assert (client.channel_id, client.catalog_id, client.page_size) == (6, 3, 250)
    assert client.transport.timeout == (1.5, 20.0)
    assert client.transport.retry.max_retries == 7
    assert client.transport.tokens.cache is cache
    assert client.transport.url("channel/{ch}/products/") == "https://omnitron.example.com/api/v1/channel/6/products/"


def test_overrides_win(settings):
    client = client_from_settings(channel_id=9, page_size=50, max_retries=0)
    assert (client.channel_id, client.page_size, client.transport.retry.max_retries) == (9, 50, 0)


def test_missing_setting_is_named(settings):
    settings.OMNITRON_PASSWORD = ""
    with pytest.raises(ConfigurationError, match="OMNITRON_PASSWORD"):
        client_from_settings()


def test_construction_sends_nothing(settings):
    settings.OMNITRON_URL = "http://127.0.0.1:9/"  # nothing listens: any I/O would fail
    client = client_from_settings()
    assert client.request_counts.total() == 0
