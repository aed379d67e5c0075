"""Fixtures for flow tests: both sandboxes wired together, and helpers to run a flow inline.

`channel` resets both sandboxes, points the Omnitron channel's conf at the Trendyol sandbox
(the way an operator configures a channel: PATCH channels/{ch}/), and points Django's
OMNITRON_URL at the Omnitron sandbox, so `run(ctx)` builds its clients exactly as a worker does.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest
from django.core.cache import cache

from channel.flows.context import FlowContext
from omnitron.client import OmnitronClient

CHANNEL_ID = 1
BRAND_ID = "1791"  # "Acme" in the Trendyol sandbox catalog
IMAGE_BASE = "https://cdn.example.com/"
# The Trendyol sandbox's ids for what the Omnitron sandbox seeds as "Beden" (size).
SIZE_ATTRIBUTE_REMOTE_ID = "293"


@dataclass
class Progress:
    calls: list[tuple[int, int | None, str]] = field(default_factory=list)

    def __call__(self, done: int, total: int | None, stage: str) -> None:
        self.calls.append((done, total, stage))


@dataclass
class Channel:
    """Both sandboxes, an admin client on Omnitron, and `run(flow_run, **options)` inline."""

    omnitron: Any
    trendyol: Any
    client: OmnitronClient

    def context(self, dry_run: bool = False, **options: Any) -> FlowContext:
        return FlowContext(CHANNEL_ID, dry_run, options, progress=Progress())

    def run(self, run: Any, dry_run: bool = False, **options: Any) -> dict[str, Any]:
        return run(self.context(dry_run, **options))

    def ias(self, model: str) -> list[dict[str, Any]]:
        return [row for row in self.omnitron.table("integration_actions")
                if row["content_type"]["model"] == model]

    def batches(self) -> list[dict[str, Any]]:
        return self.omnitron.table("batch_requests")


def configure_channel(client: OmnitronClient, trendyol_conf: dict[str, Any]) -> None:
    """Aim the channel at the Trendyol sandbox and complete the mapping the seed leaves open."""
    conf = {**client.channels.get()["conf"], **trendyol_conf, "brand_id": BRAND_ID, "image_base_url": IMAGE_BASE}
    client.channels.update({"conf": conf})
    for config in client.attribute_configs.list():
        attribute = client.attributes.get(config["attribute"])
        if attribute["name"] == "Beden" and config.get("attribute_remote_id") != SIZE_ATTRIBUTE_REMOTE_ID:
            client.attribute_configs.update(config["pk"], {"attribute_remote_id": SIZE_ATTRIBUTE_REMOTE_ID})


def admin_client(url: str) -> OmnitronClient:
    return OmnitronClient(url, "admin", "admin", channel_id=CHANNEL_ID, catalog_id=1, cache=cache, page_size=1000)


@pytest.fixture
def channel(omnitron, trendyol, settings) -> Channel:
    settings.OMNITRON_URL = omnitron.url
    settings.OMNITRON_CHANNEL_ID = CHANNEL_ID
    settings.OMNITRON_CATALOG_ID = 1
    client = admin_client(omnitron.url)
    configure_channel(client, trendyol.conf)
    return Channel(omnitron, trendyol, client)
