"""Fixtures for flow tests: both sandboxes wired together, and helpers to run a flow inline.

`channel` resets both sandboxes, points the Omnitron channel's conf at the Trendyol sandbox
(the way an operator configures a channel: PATCH channels/{ch}/), and points Django's
OMNITRON_URL at the Omnitron sandbox, so `run(flow)` builds its clients exactly as a worker does.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest
from django.core.cache import cache

from channel.flows.context import FlowContext
from channel.flows.lifecycle import run_flow
from channel.flows.registry import Flow, get_flow
from channel.flows.runtime import Runtime
from channel.flows.summary import RunSummary
from omnitron.client import OmnitronClient

from tests.channel.flows.sandbox_setup import CHANNEL_ID, admin_client, configure_channel


@dataclass
class Progress:
    calls: list[tuple[int, int | None, str]] = field(default_factory=list)

    def __call__(self, done: int, total: int | None, stage: str) -> None:
        self.calls.append((done, total, stage))


@dataclass
class Channel:
    """Both sandboxes, an admin client on Omnitron, and `run(flow, **options)` inline."""

    omnitron: Any
    trendyol: Any
    client: OmnitronClient

    def context(self, dry_run: bool = False, **options: Any) -> FlowContext:
        return FlowContext(CHANNEL_ID, dry_run, options, progress=Progress())

    def run(self, flow: Flow | str, dry_run: bool = False, **options: Any) -> dict[str, Any]:
        """Run a flow (or the flow of that name) inline, through the lifecycle a worker uses."""
        return run_flow(get_flow(flow) if isinstance(flow, str) else flow, self.context(dry_run, **options))

    def runtime(self, **options: Any) -> Runtime:
        """A connected runtime outside any run, to call flow hooks directly."""
        ctx = self.context(**options)
        rt = Runtime(ctx=ctx, summary=RunSummary(flow="test", channel_id=ctx.channel_id))
        rt.connect()
        return rt

    def ias(self, model: str) -> list[dict[str, Any]]:
        return [row for row in self.omnitron.table("integration_actions")
                if row["content_type"]["model"] == model]

    def batches(self) -> list[dict[str, Any]]:
        return self.omnitron.table("batch_requests")


@pytest.fixture
def channel(omnitron, trendyol, settings, db) -> Channel:
    """`db`: a run under its lock keeps write-ahead records of its pushes in our database."""
    return wire(omnitron, trendyol, settings)


@pytest.fixture
def optimistic_channel(omnitron_optimistic, trendyol, settings, db) -> Channel:
    """`channel` on an Omnitron sandbox that also applies the optimistic filters."""
    return wire(omnitron_optimistic, trendyol, settings)


@pytest.fixture(params=["channel", "optimistic_channel"])
def any_channel(request: pytest.FixtureRequest) -> Channel:
    """The test runs twice: against the evidenced filter set, then the optimistic one."""
    return request.getfixturevalue(request.param)


def wire(omnitron: Any, trendyol: Any, settings: Any) -> Channel:
    cache.clear()  # marketplace ids remembered by an earlier test belong to a reset sandbox
    settings.OMNITRON_URL = omnitron.url
    settings.OMNITRON_CHANNEL_ID = CHANNEL_ID
    settings.OMNITRON_CATALOG_ID = 1
    client = admin_client(omnitron.url, cache)
    configure_channel(client, trendyol.conf)
    return Channel(omnitron, trendyol, client)
