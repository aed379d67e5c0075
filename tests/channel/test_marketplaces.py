"""A marketplace per channel: the binding row wins over CHANNEL_ADAPTER, everywhere a channel is served."""
from __future__ import annotations

import pytest

from channel.adapters.errors import AdapterConfigError
from channel.adapters.trendyol import TrendyolAdapter
from channel.dashboard import build_rows
from channel.flows.registry import get_flow
from channel.marketplaces import adapter_class, adapter_path, marketplace_names
from channel.models import ChannelMarketplace

pytestmark = pytest.mark.django_db

def test_a_channel_without_a_row_uses_channel_adapter(settings):
    settings.CHANNEL_ADAPTER = "tests.channel.adapters.test_base.RecordingAdapter"
    assert adapter_path(7) == "tests.channel.adapters.test_base.RecordingAdapter"
    assert adapter_path(None) == settings.CHANNEL_ADAPTER


def test_a_bound_channel_uses_its_marketplace_and_others_keep_the_default():
    ChannelMarketplace.objects.create(channel_id=2, marketplace="hepsiburada")
    assert adapter_path(2) == "channel.adapters.hepsiburada.HepsiburadaAdapter"
    assert adapter_class(1) is TrendyolAdapter
    assert marketplace_names([1, 2]) == {1: "trendyol", 2: "hepsiburada"}


def test_an_unloadable_default_is_a_config_error(settings):
    settings.CHANNEL_ADAPTER = "channel.adapters.nowhere.Adapter"
    with pytest.raises(AdapterConfigError, match="cannot be imported"):
        adapter_class(3)


def test_dashboard_rows_name_each_channels_marketplace(settings):
    settings.OMNITRON_CHANNEL_ID, settings.SYNC_CHANNEL_IDS = 1, [2]
    ChannelMarketplace.objects.create(channel_id=2, marketplace="hepsiburada")
    rows = build_rows([get_flow("noop")])
    assert [(row.channel_id, row.marketplace) for row in rows] == [(1, "trendyol"), (2, "hepsiburada")]
