"""Everything one flow run needs, built once: clients, the channel record, the catalog, counters.

A `Runtime` is created per run (never cached across runs: a deployment serves several
channels, and the channel's conf may change between runs). It reads the Omnitron channel
once, builds the marketplace adapter from its `conf`, and hands the flow hooks one object
to work with.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.conf import settings

from channel.flows.summary import RunSummary

if TYPE_CHECKING:
    from omnitron.client import OmnitronClient
    from omnitron.types import Catalog, Channel

    from channel.adapters import MarketplaceAdapter, OrdersAdapter
    from channel.flows.context import FlowContext

logger = logging.getLogger(__name__)


class ChannelInactive(Exception):
    """The Omnitron channel is switched off; a run does nothing (as the reference app does)."""


class NotConnected(RuntimeError):
    """An offline flow touched Omnitron; declare it without `offline=True`."""


@dataclass
class Runtime:
    """One run's clients and state; flow hooks receive it as their first argument.

    `connect()` builds the Omnitron client and reads the channel record; the lifecycle calls it
    before every flow except offline ones (`noop`), which never reach Omnitron.
    """

    ctx: FlowContext
    summary: RunSummary
    adapter_instance: MarketplaceAdapter | None = None
    _omnitron: OmnitronClient | None = None
    _channel: Channel | None = None
    _catalog: Catalog | None = None
    cache: dict[str, Any] = field(default_factory=dict)

    @property
    def omnitron(self) -> OmnitronClient:
        if self._omnitron is None:
            raise NotConnected(f"{self.summary.flow} is offline: it has no Omnitron client")
        return self._omnitron

    @property
    def channel(self) -> Channel:
        if self._channel is None:
            raise NotConnected(f"{self.summary.flow} is offline: it has no channel record")
        return self._channel

    def connect(self, client: OmnitronClient | None = None) -> None:
        """Build the clients for the run's channel and read the channel record once.

        Raises `ChannelInactive` when Omnitron says the channel is switched off.
        """
        from omnitron.factory import client_from_settings

        channel_id = self.ctx.channel_id
        omnitron = client or client_from_settings(channel_id=channel_id)
        channel = omnitron.channels.get()
        catalog = channel.get("catalog")
        if client is None and catalog and catalog != omnitron.catalog_id:
            # The channel names its own catalog: one deployment serves channels of several catalogs.
            first = omnitron
            omnitron = client_from_settings(channel_id=channel_id, catalog_id=catalog)
            omnitron.transport.request_counts.update(first.transport.request_counts)
        self._omnitron, self._channel = omnitron, channel
        if channel.get("is_active") is False:
            raise ChannelInactive(f"channel {channel_id} is not active in Omnitron")

    @property
    def conf(self) -> dict[str, Any]:
        return dict(self.channel.get("conf") or {})

    @property
    def adapter(self) -> MarketplaceAdapter:
        """The channel's marketplace adapter (`channel.marketplaces`), built from its conf on first use."""
        if self.adapter_instance is None:
            from channel.adapters import build_adapter
            from channel.marketplaces import adapter_path

            self.adapter_instance = build_adapter(self.conf, path=adapter_path(self.ctx.channel_id))
        return self.adapter_instance

    @property
    def orders(self) -> OrdersAdapter:
        """The adapter's order capability (the order flows' view of the marketplace)."""
        from channel.adapters import OrdersAdapter, UnsupportedOperation

        adapter = self.adapter
        if not isinstance(adapter, OrdersAdapter):
            raise UnsupportedOperation(f"{type(adapter).__name__} has no order hooks (OrdersAdapter)")
        return adapter

    @property
    def catalog(self) -> Catalog:
        """The catalog record (price and stock list ids), read at most once per run."""
        if self._catalog is None:
            self._catalog = self.omnitron.catalogs.get()
        return self._catalog

    def option(self, name: str, default: Any) -> Any:
        """A run option (task kwargs); None means "not given" so flows can list options."""
        value = self.ctx.options.get(name)
        return default if value is None else value

    @property
    def page_size(self) -> int:
        return int(self.option("page_size", settings.OMNITRON_PAGE_SIZE))

    @property
    def max_objects(self) -> int:
        return int(self.option("max_objects", settings.SYNC_MAX_OBJECTS_PER_RUN))

    def marketplace(self) -> str:
        """The name of the channel's marketplace ("" when its adapter cannot be loaded)."""
        if self.adapter_instance is not None:
            return self.adapter_instance.name
        from channel.adapters import AdapterConfigError
        from channel.marketplaces import adapter_class

        try:
            return adapter_class(self.ctx.channel_id).name
        except AdapterConfigError:
            return ""

    def request_counts(self) -> dict[str, Any]:
        """Requests made so far, from the clients' own counters (every HTTP attempt)."""
        omnitron = self._omnitron.request_counts if self._omnitron is not None else {}
        marketplace = 0
        if self.adapter_instance is not None:
            marketplace = self.adapter_instance.request_count
        return {
            "omnitron": sum(omnitron.values()),
            "marketplace": marketplace,
            "omnitron_by_endpoint": dict(sorted(omnitron.items())),
        }

    def result(self) -> dict[str, Any]:
        result = self.summary.as_dict(self.request_counts())
        if self._channel is not None or self.adapter_instance is not None:  # offline flows have none
            result["marketplace"] = self.marketplace()  # which marketplace this channel's run is for
        paths = dict(self._omnitron.filters.paths) if self._omnitron is not None else {}
        if paths:  # which bulk filters this run could trust ("optimistic") or not ("evidenced")
            result["omnitron_filters"] = dict(sorted(paths.items()))
        return result

