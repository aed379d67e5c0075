"""The public surface of `channel.adapters` is what the engine is meant to use."""
from __future__ import annotations

import channel.adapters


def test_every_exported_name_exists_and_nothing_private_leaks() -> None:
    for name in channel.adapters.__all__:
        assert hasattr(channel.adapters, name), name
        assert not name.startswith("_")
    assert {"MarketplaceAdapter", "build_adapter", "get_adapter_class", "PushResult", "BatchResult",
            "ItemOutcome", "ProductPayloadInput", "TransientError", "OrdersAdapter", "RemotePackage",
            "LineQuantity"} <= set(channel.adapters.__all__)
