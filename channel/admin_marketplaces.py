"""Admin of `ChannelMarketplace`: bind a configured Omnitron channel to a marketplace adapter.

Guarded by the model's own permissions (view/add/change/delete_channelmarketplace), so who may
move a channel to another marketplace is granted separately from who may trigger syncs.
"""
from __future__ import annotations

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from channel.models import ChannelMarketplace
from channel.schedules import configured_channels


class ChannelMarketplaceForm(forms.ModelForm):
    class Meta:
        model = ChannelMarketplace
        fields = ("channel_id", "marketplace")
        help_texts = {"channel_id": _("Channels without a row use the deployment default (CHANNEL_ADAPTER).")}

    def clean_channel_id(self) -> int:
        """Only channels this deployment syncs (OMNITRON_CHANNEL_ID, SYNC_CHANNEL_IDS) can be bound."""
        channel_id = int(self.cleaned_data["channel_id"])
        channels = configured_channels()
        if channel_id not in channels:
            raise forms.ValidationError(
                _("Channel %(id)s is not synced by this deployment (configured: %(ids)s)."),
                params={"id": channel_id, "ids": ", ".join(map(str, channels)) or "-"})
        return channel_id


@admin.register(ChannelMarketplace)
class ChannelMarketplaceAdmin(admin.ModelAdmin):
    form = ChannelMarketplaceForm
    list_display = ("channel_id", "marketplace", "updated")
    list_filter = ("marketplace",)

