"""A cancellation push whose worker is SIGKILLed right after the marketplace accepted its
unsupplied call, before the request was recorded: the run that takes over records the request
without a second call, so the customer loses one unit, not two.

Trendyol cancels the *last* units of a line and moves the rest to a new package, so the request
names the first unit: after the call it is live in the new package, which only the write-ahead
record (`unsupplied_records`) tells apart from "not sent yet"."""
from __future__ import annotations

import pytest

from config.celery_app import app
from tests.channel.flows.orders.conftest import make_packages
from tests.fixtures.processes import wait_until

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.timeout(240)]

UNSUPPLIED = "PUT /integration/order/sellers/<int:seller_id>/shipment-packages/<int:package_id>/items/unsupplied"


def unsupplied_calls(channel) -> int:
    return channel.trendyol.counts()["endpoints"].get(UNSUPPLIED, 0)


def request_recorded(channel) -> bool:
    return any(ia["status"] == "success" for ia in channel.ias("cancellationrequest"))


def test_a_cancel_push_killed_after_its_call_cancels_one_unit_not_two(channel, fault_worker, fault_queue,
                                                                     recovery_sweep):
    (package,) = make_packages(channel, 1, lines=1, quantity=3)
    assert channel.run("orders_import", lookback_hours=1)["orders"]["created"] == 1
    first_unit = str(package["lines"][0]["discountDetails"][0]["lineItemId"])
    item = next(row for row in channel.omnitron.table("order_items") if row["extra_field"]["id"] == first_unit)
    channel.client.cancellation_requests.create({"cancellation_type": "cancel", "order_item": item["pk"], "reason": 1})
    doomed = fault_worker("doomed-cancel-push", FAULT_KILL_AT="unsupplied_sent:1")
    app.send_task("channel.orders_cancel_push", kwargs={"channel_id": 1}, queue=fault_queue)
    wait_until(lambda: not doomed.alive(), 60, "the worker to die right after its unsupplied call")
    assert unsupplied_calls(channel) == 1 and not request_recorded(channel)

    fault_worker("survivor-cancel-push")
    wait_until(lambda: request_recorded(channel), 90, "the request recorded by the run that took over")

    assert unsupplied_calls(channel) == 1
    units = [line for p in channel.trendyol.control("GET", "packages") for line in p["lines"]
             if line["orderLineItemStatusName"] == "UnSupplied"]
    assert sum(line["quantity"] for line in units) == 1
    back = channel.run("orders_cancel_import", lookback_hours=1)
    statuses = {row["pk"]: row["status"] for row in channel.omnitron.table("order_items")}
    assert back["orders"]["cancelled_items"] == 1 and statuses[item["pk"]] == "100"
    assert sorted(statuses.values()) == ["100", "400", "400"]
