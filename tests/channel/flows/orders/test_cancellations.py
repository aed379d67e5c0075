"""Cancellations both ways, inline against both sandboxes."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from tests.channel.flows.orders.conftest import make_packages, orders

pytestmark = [pytest.mark.django_db, pytest.mark.timeout(120)]

UNSUPPLIED = "PUT /integration/order/sellers/<int:seller_id>/shipment-packages/<int:package_id>/items/unsupplied"
CANCEL = "POST channel/{ch}/orders/{pk}/cancel/"


def items_of(channel, number: str) -> list[dict]:
    order = next(row for row in orders(channel) if row["number"] == number)
    return [item for item in channel.omnitron.table("order_items") if item["order"] == order["pk"]]


def test_a_cancelled_package_cancels_its_omnitron_order_once(channel):
    first, second = make_packages(channel, 2, lines=2)
    channel.run("orders_import", lookback_hours=1)
    channel.trendyol.control("POST", f"packages/{first['shipmentPackageId']}/cancel", {})

    summary = channel.run("orders_cancel_import", lookback_hours=1)

    assert summary["orders"]["cancelled_items"] == 2 and summary["failed"] == 0
    order = next(row for row in orders(channel) if row["number"] == str(first["shipmentPackageId"]))
    assert order["status"] == "100"
    assert {item["status"] for item in items_of(channel, str(first["shipmentPackageId"]))} == {"100"}
    assert {item["status"] for item in items_of(channel, str(second["shipmentPackageId"]))} == {"400"}
    channel.omnitron.reset_counts()
    again = channel.run("orders_cancel_import", lookback_hours=1)
    assert again["orders"]["already_cancelled"] == 2
    assert CANCEL not in channel.omnitron.counts()["endpoints"]


def test_a_partial_cancellation_cancels_one_unit_and_relinks_the_order_to_the_new_package(channel):
    (package,) = make_packages(channel, 1, lines=1, quantity=3)
    channel.run("orders_import", lookback_hours=1)
    line = package["lines"][0]
    answer = channel.trendyol.control("POST", f"packages/{package['shipmentPackageId']}/cancel",
                                      {"lines": [{"lineId": line["lineId"], "quantity": 1}]})
    replacement = str(answer["result"])

    cancelled = channel.run("orders_cancel_import", lookback_hours=1)
    imported = channel.run("orders_import", lookback_hours=1)

    assert cancelled["orders"]["cancelled_items"] == 1, cancelled
    statuses = sorted(item["status"] for item in items_of(channel, str(package["shipmentPackageId"])))
    assert statuses == ["100", "400", "400"]
    assert imported["orders"]["created"] == 0 and imported["orders"]["relinked"] == 1
    assert len(orders(channel)) == 1
    assert [ia["remote_id"] for ia in channel.ias("order")] == [replacement]


def test_an_omnitron_cancellation_request_reaches_trendyol_as_unsupplied_with_the_mapped_reason(channel):
    conf = channel.client.channels.get()["conf"]
    channel.client.channels.update({"conf": {**conf, "unsupplied_reason_mapping": {"2": "501"}}})
    (package,) = make_packages(channel, 1, lines=1, quantity=2)
    channel.run("orders_import", lookback_hours=1)
    item = items_of(channel, str(package["shipmentPackageId"]))[0]
    channel.client.cancellation_requests.create(
        {"cancellation_type": "cancel", "order_item": item["pk"], "reason": 2, "description": "out of stock"})

    summary = channel.run("orders_cancel_push")

    assert summary["orders"]["unsupplied_calls"] == 1 and summary["failed"] == 0
    old = channel.trendyol.control("GET", f"packages/{package['shipmentPackageId']}")
    assert old["status"] == "Cancelled"
    assert [(l["quantity"], l["orderLineItemStatusName"], l["cancelReasonCode"]) for l in old["lines"]] == [
        (1, "UnSupplied", 501)]
    assert channel.run("orders_cancel_push")["orders"]["requests"] == 0
    assert channel.trendyol.counts()["endpoints"][UNSUPPLIED] == 1

    back = channel.run("orders_cancel_import", lookback_hours=1)
    relinked = channel.run("orders_import", lookback_hours=1)
    assert back["orders"]["cancelled_items"] == 1
    # Trendyol picked which unit of the line to cancel; the requested item is the cancelled one.
    statuses = {row["pk"]: row["status"] for row in items_of(channel, str(package["shipmentPackageId"]))}
    assert statuses[item["pk"]] == "100" and sorted(statuses.values()) == ["100", "400"]
    cancelled_unit = old["lines"][0]["discountDetails"][0]["lineItemId"]
    assert next(i for i in items_of(channel, str(package["shipmentPackageId"]))
                if i["pk"] == item["pk"])["extra_field"]["id"] == cancelled_unit
    assert channel.run("orders_cancel_import", lookback_hours=1)["orders"]["cancelled_items"] == 0
    assert relinked["orders"]["relinked"] == 1 and len(orders(channel)) == 1


def test_a_request_whose_unit_is_already_cancelled_on_trendyol_is_recorded_without_a_call(channel):
    (package,) = make_packages(channel, 1)
    channel.run("orders_import", lookback_hours=1)
    channel.trendyol.control("POST", f"packages/{package['shipmentPackageId']}/cancel", {})
    item = items_of(channel, str(package["shipmentPackageId"]))[0]
    channel.client.cancellation_requests.create({"cancellation_type": "cancel", "order_item": item["pk"], "reason": 1})

    summary = channel.run("orders_cancel_push")

    assert summary["orders"]["already_cancelled"] == 1 and summary["orders"]["unsupplied_calls"] == 0
    assert UNSUPPLIED not in channel.trendyol.counts()["endpoints"]



def test_a_line_cancelled_on_a_three_week_old_package_is_picked_up_by_the_next_run(channel):
    """Trendyol's listing filters by creation (and no dates means the last week): only the
    last-modified stream sees a change to an order placed three weeks ago."""
    (package,) = make_packages(channel, 1, lines=1, quantity=2, age_days=21)
    placed = channel.run("orders_import", since=(datetime.now(timezone.utc) - timedelta(days=22)).isoformat())
    assert placed["orders"]["created"] == 1
    assert channel.run("orders_cancel_import")["orders"]["cancelled_items"] == 0  # the mark is set here
    line = package["lines"][0]
    channel.trendyol.control("POST", f"packages/{package['shipmentPackageId']}/cancel",
                             {"lines": [{"lineId": line["lineId"], "quantity": 1}]})

    cancelled = channel.run("orders_cancel_import")

    assert cancelled["orders"]["cancelled_items"] == 1 and cancelled["failed"] == 0
    statuses = sorted(item["status"] for item in items_of(channel, str(package["shipmentPackageId"])))
    assert statuses == ["100", "400"]
    order = orders(channel)[0]
    placed_at = datetime.fromtimestamp(package["packageHistories"][0]["createdDate"] / 1000, timezone.utc)
    stored = datetime.fromisoformat(str(order["date_placed"]).replace("Z", "+00:00"))
    stored = stored if stored.tzinfo else stored.replace(tzinfo=timezone.utc)
    assert abs(stored - placed_at) < timedelta(seconds=1)  # true UTC: Trendyol's GMT+3 orderDate less 3 hours
