"""The Omnitron sandbox's order side: duplicate order numbers, item PATCH, cancel."""
from __future__ import annotations

import pytest
from django.core.cache import cache

from omnitron.client import OmnitronClient
from omnitron.errors import BadRequest


@pytest.fixture
def client(omnitron) -> OmnitronClient:
    return OmnitronClient(omnitron.url, "admin", "admin", channel_id=1, catalog_id=1, cache=cache)


def new_order(client: OmnitronClient, number: str) -> dict:
    customer = client.customers.create({"channel": "1", "email": f"{number}@example.com", "first_name": "A",
                                        "last_name": "B"})
    address = client.addresses.create({"customer": customer["pk"], "country": 1, "city": 1, "line": number,
                                       "first_name": "A", "last_name": "B"})
    order = {"number": number, "channel": "1", "customer": customer["pk"], "shipping_address": address["pk"],
             "billing_address": address["pk"], "amount": "10.00", "cargo_company": 1}
    return client.create_orders.create(order, [{"product": 1, "price": "5.00"}, {"product": 1, "price": "5.00"}])


def test_a_duplicate_order_number_is_refused(client):
    new_order(client, "PKG-1")
    with pytest.raises(BadRequest) as refused:
        new_order(client, "PKG-1")
    assert "already exists" in str(refused.value.body)
    assert [row["number"] for row in client.orders.list(number="PKG-1")] == ["PKG-1"]


def test_a_patched_item_is_found_by_its_modified_date(omnitron_optimistic):
    client = OmnitronClient(omnitron_optimistic.url, "admin", "admin", channel_id=1, catalog_id=1, cache=cache)
    order = new_order(client, "PKG-2")
    item = order["orderitem_set"][0]
    latest = max(row["modified_date"] for row in order["orderitem_set"])
    patched = client.order_items.update(item["pk"], {"invoice_number": "INV-1"})
    changed = [row for row in client.order_items.list(modified_date__gte=latest) if row["modified_date"] > latest]
    assert patched["modified_date"] > item["modified_date"]
    assert [row["pk"] for row in changed] == [item["pk"]] and changed[0]["invoice_number"] == "INV-1"


def test_cancelling_every_item_cancels_the_order(client):
    order = new_order(client, "PKG-3")
    items = [item["pk"] for item in order["orderitem_set"]]
    client.orders.cancel(order["pk"], items[:1], {str(items[0]): 2})
    assert client.orders.get(order["pk"])["status"] == "400"
    client.orders.cancel(order["pk"], items[1:], {str(items[1]): 2})
    assert client.orders.get(order["pk"])["status"] == "100"
