"""The same flows against both readings of Omnitron: only the filters with evidence (what a
real server surely has), and those plus the optimistic extras. Results are the same; the run
summary says which way each bulk lookup went."""
from __future__ import annotations

import pytest

from tests.channel.flows.orders.conftest import make_packages, orders

pytestmark = [pytest.mark.django_db, pytest.mark.timeout(180)]


def filter_set(channel) -> str:
    return channel.omnitron.control("GET", "health")["filters"]


def expected_path(channel) -> str:
    return "optimistic" if filter_set(channel) == "optimistic" else "evidenced"


def test_catalog_flows_send_the_same_with_either_filter_set(any_channel):
    channel = any_channel

    inserted = channel.run("products_insert", page_size=10)

    assert (inserted["succeeded"], inserted["failed"]) == (20, 0)
    assert len(channel.trendyol.products()) == 20
    paths = inserted["omnitron_filters"]
    assert paths["product_prices product__pk range"] == expected_path(channel)
    assert paths["product_stocks product__pk range"] == expected_path(channel)
    channel.trendyol.pass_approval()  # price and stock reach approved products only
    products = sorted(ia["object_id"] for ia in channel.ias("product"))
    changed = {products[2]: "10.00", products[11]: "11.50"}
    for product, price in changed.items():
        channel.omnitron.control("POST", "prices", {"product": product, "price": price})

    prices = channel.run("prices_sync")

    assert (prices["fetched"], prices["succeeded"], prices["failed"]) == (2, 2, 0), prices["errors"]
    skus = {row["pk"]: row["sku"] for row in channel.omnitron.table("products")}
    assert {skus[p]: channel.trendyol.prices()[skus[p]]["salePrice"] for p in changed} == \
        {skus[p]: float(price) for p, price in changed.items()}


def unrelated_order(channel, number: str) -> None:
    """An order the marketplace never sent, so a filtered answer is told from the whole list."""
    client = channel.client
    customer = client.customers.create({"channel": "1", "email": f"{number}@example.com", "first_name": "A",
                                        "last_name": "B"})
    address = client.addresses.create({"customer": customer["pk"], "country": 1, "city": 1, "line": number,
                                       "first_name": "A", "last_name": "B"})
    client.create_orders.create({"number": number, "channel": "1", "customer": customer["pk"],
                                 "shipping_address": address["pk"], "billing_address": address["pk"],
                                 "amount": "5.00", "cargo_company": 1}, [{"product": 1, "price": "5.00"}])


def test_orders_import_the_same_with_either_filter_set(any_channel):
    channel = any_channel
    for number in ("OTHER-1", "OTHER-2", "OTHER-3"):
        unrelated_order(channel, number)
    make_packages(channel, 20, lines=2)

    summary = channel.run("orders_import", lookback_hours=1)

    assert summary["orders"]["created"] == 20 and summary["failed"] == 0
    assert len(orders(channel)) == 23
    assert len(channel.ias("order")) == 20 and len(channel.ias("orderitem")) >= 40
    paths = summary["omnitron_filters"]
    assert paths["orders number__in"] == expected_path(channel)
    assert paths["customers email__in"] == expected_path(channel)

    again = channel.run("orders_import", lookback_hours=1)

    assert again["orders"]["created"] == 0 and again["orders"]["existing"] == 20
    assert len(orders(channel)) == 23
