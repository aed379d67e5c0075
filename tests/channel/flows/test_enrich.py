"""Bulk enrichment: one request per chunk and kind when pks are dense, never one per product."""
from __future__ import annotations

from channel.flows import enrich


def omnitron_calls(channel) -> dict[str, int]:
    return channel.omnitron.counts()["endpoints"]


def test_dense_chunk_is_read_with_one_request_per_kind(channel):
    channel.omnitron.seed(300)
    rt = channel.runtime()
    pks = sorted(row["pk"] for row in channel.omnitron.table("products") if row["product_type"] == "0")
    rt.catalog  # noqa: B018 - read once, like a run does
    channel.omnitron.reset_counts()

    prices, stocks = enrich.prices(rt, pks), enrich.stocks(rt, pks)

    assert set(prices) == set(stocks) == set(pks)
    calls = omnitron_calls(channel)
    assert calls == {"GET channel/{ch}/product_prices/": 1, "GET channel/{ch}/product_stocks/": 1}


def test_scattered_chunk_with_empty_stretches_still_finds_every_row(channel):
    channel.omnitron.seed(1200)
    products = channel.omnitron.table("products")
    meta = [row["pk"] for row in products if row["product_type"] == "1"]
    simple = [row["pk"] for row in products if row["product_type"] == "0"]
    # meta products have no prices (the reference stopped at such an empty chunk); then every
    # 5th sellable product: too sparse for a range, so read by id lists
    wanted = meta + simple[::5]
    rt = channel.runtime()
    rt.catalog  # noqa: B018
    channel.omnitron.reset_counts()

    prices = enrich.prices(rt, wanted)

    assert set(prices) == set(simple[::5])
    requests = omnitron_calls(channel)["GET channel/{ch}/product_prices/"]
    assert 1 < requests <= len(wanted) // 100 + 1
