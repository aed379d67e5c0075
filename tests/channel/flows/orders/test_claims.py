"""orders_claims_import inline: a Trendyol return becomes one refund request per returned unit."""
from __future__ import annotations

import pytest

from tests.channel.flows.orders.conftest import make_packages

pytestmark = [pytest.mark.django_db, pytest.mark.timeout(120)]


def test_a_return_becomes_refund_requests_once(channel):
    conf = channel.client.channels.get()["conf"]
    channel.client.channels.update({"conf": {**conf, "claim_reason_mapping": {"401": 1}}})
    (package,) = make_packages(channel, 1, quantity=2)
    channel.run("orders_import", lookback_hours=1)
    pid = package["shipmentPackageId"]
    for status in ("Shipped", "Delivered"):
        channel.trendyol.control("POST", f"packages/{pid}/status", {"status": status})
    claim = channel.trendyol.control("POST", "claims", {"package_id": pid})["result"]

    summary = channel.run("orders_claims_import", lookback_hours=1)
    again = channel.run("orders_claims_import", lookback_hours=1)

    assert summary["orders"]["created"] == 2 and summary["failed"] == 0
    assert again["orders"] == {"created": 0, "existing": 2, "unknown_units": 0}
    requests = channel.omnitron.table("cancellation_requests")
    claim_items = {i["id"] for line in claim["items"] for i in line["claimItems"]}
    assert {r["remote_id"] for r in requests} == claim_items
    assert {(r["cancellation_type"], r["reason"]) for r in requests} == {("refund", 1)}
    items = {i["pk"]: i for i in channel.omnitron.table("order_items")}
    units = {i["orderLineItemId"] for line in claim["items"] for i in line["claimItems"]}
    assert {int(items[r["order_item"]]["extra_field"]["id"]) for r in requests} == units
