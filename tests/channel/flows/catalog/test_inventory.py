"""Price and stock flows: after a product insert only what changes is sent."""
from __future__ import annotations

import pytest


pytestmark = pytest.mark.timeout(120)


def sent_items(trendyol, result) -> list[dict]:
    """The request items of every remote batch a run reports."""
    return [item["requestItem"] for batch_id in result["remote_batch_ids"]
            for item in trendyol.control("GET", f"batches/{batch_id}")["items"]]


def test_changing_three_prices_sends_exactly_those_three(channel):
    channel.run("products_insert")
    channel.trendyol.pass_approval()  # price and stock reach approved products only
    products = sorted(ia["object_id"] for ia in channel.ias("product"))
    changed = {products[1]: "10.00", products[5]: "11.50", products[9]: "12.25"}
    for product, price in changed.items():
        channel.omnitron.control("POST", "prices", {"product": product, "price": price})

    result = channel.run("prices_sync")

    assert (result["fetched"], result["sent"], result["succeeded"], result["failed"]) == (3, 3, 3, 0)
    skus = {row["pk"]: row["sku"] for row in channel.omnitron.table("products")}
    items = sent_items(channel.trendyol, result)
    assert sorted(item["barcode"] for item in items) == sorted(skus[p] for p in changed)
    prices = channel.trendyol.prices()
    assert {skus[p]: prices[skus[p]]["salePrice"] for p in changed} == \
        {skus[p]: float(price) for p, price in changed.items()}
    assert channel.run("prices_sync")["fetched"] == 0


def test_stock_change_is_sent_and_prices_untouched(channel):
    channel.run("products_insert")
    channel.trendyol.pass_approval()  # price and stock reach approved products only
    product = sorted(ia["object_id"] for ia in channel.ias("product"))[0]
    channel.omnitron.control("POST", "stocks", {"product": product, "stock": 7})

    result = channel.run("stocks_sync")

    assert (result["sent"], result["succeeded"]) == (1, 1)
    sku = next(row["sku"] for row in channel.omnitron.table("products") if row["pk"] == product)
    assert channel.trendyol.stocks()[sku] == 7
    assert channel.run("prices_sync")["fetched"] == 0


def test_prices_of_products_never_sent_fail_with_a_reason(channel):
    result = channel.run("prices_insert")

    assert result["sent"] == 0 and result["failed"] == 20
    assert {e["reason"] for e in result["errors"]} == {"the product has not been sent to the marketplace yet"}
    assert {b["status"] for b in channel.batches()} == {"done"}  # never left in commit


def test_extra_price_list_mapped_in_the_conf_is_sent_on_its_own_listing(channel):
    channel.run("products_insert")
    channel.trendyol.pass_approval()  # price and stock reach approved products only
    conf = channel.client.channels.get()["conf"]
    assert conf["CURRENCY_MAPPINGS"] == {"2": "EUR"}  # the sandbox's extra list 2

    result = channel.run("prices_extra_insert")

    euro = {row["product"]: row for row in channel.omnitron.table("prices") if row["price_list"] == 2}
    assert (result["sent"], result["succeeded"], result["failed"]) == (len(euro), len(euro), 0)
    sent = {item["barcode"]: item["salePrice"] for item in sent_items(channel.trendyol, result)}
    skus = {row["pk"]: row["sku"] for row in channel.omnitron.table("products")}
    assert sent == {skus[product]: float(row["price"]) for product, row in euro.items()}
    assert channel.run("prices_extra_insert")["fetched"] == 0
    assert channel.run("prices_sync")["fetched"] == 0  # the main list is untouched
