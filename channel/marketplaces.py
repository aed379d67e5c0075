"""Which adapter serves a channel: its `ChannelMarketplace` row, else `settings.CHANNEL_ADAPTER`.

The one place every surface asks (run runtime, setup flow, dashboard, REST API), so a channel
bound in admin is a Hepsiburada store everywhere from its next run on.
"""
from __future__ import annotations

from django.conf import settings

from channel.adapters.base import MarketplaceAdapter
from channel.adapters.loader import MARKETPLACES, get_adapter_class


def adapter_path(channel_id: int | None) -> str:
    """The dotted path of the channel's adapter class."""
    from channel.models import ChannelMarketplace

    if channel_id is not None:
        bound = ChannelMarketplace.objects.filter(channel_id=channel_id).values_list("marketplace", flat=True).first()
        if bound in MARKETPLACES:
            return MARKETPLACES[bound]
    return str(settings.CHANNEL_ADAPTER)


def adapter_class(channel_id: int | None) -> type[MarketplaceAdapter]:
    """The adapter class serving `channel_id` (AdapterConfigError when it cannot be loaded)."""
    return get_adapter_class(adapter_path(channel_id))


def marketplace_names(channel_ids: list[int]) -> dict[int, str]:
    """channel id -> marketplace name for the dashboard, in one query."""
    from channel.models import ChannelMarketplace

    bound = dict(ChannelMarketplace.objects.filter(channel_id__in=channel_ids).values_list("channel_id", "marketplace"))
    default = next((name for name, path in MARKETPLACES.items() if path == settings.CHANNEL_ADAPTER),
                   str(settings.CHANNEL_ADAPTER).rsplit(".", 1)[-1])
    return {channel: bound.get(channel, default) for channel in channel_ids}
