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

from tests.channel.flows.sandbox_setup import CHANNEL_ID, admin_client, configure_channel


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


@pytest.fixture
def channel(omnitron, trendyol, settings) -> Channel:
    cache.clear()  # marketplace ids remembered by an earlier test belong to a reset sandbox
    settings.OMNITRON_URL = omnitron.url
    settings.OMNITRON_CHANNEL_ID = CHANNEL_ID
    settings.OMNITRON_CATALOG_ID = 1
    client = admin_client(omnitron.url, cache)
    configure_channel(client, trendyol.conf)
    return Channel(omnitron, trendyol, client)
