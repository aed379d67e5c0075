"""settings.CHANNEL_ADAPTER is read at call time and must name a MarketplaceAdapter."""
from __future__ import annotations

import pytest

from channel.adapters.errors import AdapterConfigError
from channel.adapters.loader import build_adapter, get_adapter_class
from channel.adapters.trendyol import TrendyolAdapter
from tests.channel.adapters.test_base import RecordingAdapter


def test_default_setting_loads_trendyol() -> None:
    assert get_adapter_class() is TrendyolAdapter


def test_setting_is_read_on_every_call(settings) -> None:  # noqa: ANN001
    settings.CHANNEL_ADAPTER = "tests.channel.adapters.test_base.RecordingAdapter"
    adapter = build_adapter({"token": "t"})
    assert isinstance(adapter, RecordingAdapter) and adapter.conf == {"token": "t"}


@pytest.mark.parametrize(("path", "message"), [
    ("channel.adapters.nowhere.Adapter", "cannot be imported"),
    ("channel.adapters.base.chunked", "is not a MarketplaceAdapter subclass"),
])
def test_unusable_setting_is_a_config_error(settings, path: str, message: str) -> None:  # noqa: ANN001
    settings.CHANNEL_ADAPTER = path
    with pytest.raises(AdapterConfigError, match=message):
        get_adapter_class()
