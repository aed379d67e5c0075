"""orders_check: stale order batches are released, orders left without IAs are recorded."""
from __future__ import annotations

import pytest

from channel.flows.orders.payloads import order_number
from omnitron.errors import BadRequest
from tests.channel.flows.orders.conftest import make_packages, orders

pytestmark = [pytest.mark.django_db, pytest.mark.timeout(120)]


def test_check_records_orders_a_killed_run_left_unrecorded_and_releases_stale_batches(channel):
    make_packages(channel, 6)
    # The import creates every order but its IA batch never gets past `commit`.
    channel.omnitron.fault(endpoint="PATCH channel/{ch}/batch_requests/{pk}/", status=400, times=1)
    with pytest.raises(BadRequest):  # the run dies after creating, before recording
        channel.run("orders_import", lookback_hours=1)
    assert len(orders(channel)) == 6 and channel.ias("order") == []
    stuck = channel.client.batch_requests.create()
    channel.client.batch_requests.commit(stuck, "order", [])

    summary = channel.run("orders_check", stale_after_s=0)

    assert summary["orders"] == {"stale_batches": 1, "recorded": 6}
    assert {b["status"] for b in channel.batches() if b["pk"] == stuck["pk"]} == {"fail"}
    assert {ia["status"] for ia in channel.ias("order")} == {"success"} and len(channel.ias("order")) == 6
    assert {ia["remote_id"] for ia in channel.ias("order")} == {row["number"] for row in orders(channel)}
    again = channel.run("orders_check", stale_after_s=0)
    assert again["orders"] == {"stale_batches": 0, "recorded": 0}


def test_order_number_is_the_package_id():
    from channel.adapters.trendyol.order_mappers import package_from_json

    assert order_number(package_from_json({"shipmentPackageId": 3330000001, "lines": []})) == "3330000001"


def test_a_young_unfinished_batch_is_left_to_the_run_that_owns_it(channel):
    young = channel.client.batch_requests.create()
    channel.client.batch_requests.commit(young, "order", [])

    summary = channel.run("orders_check")

    assert summary["orders"]["stale_batches"] == 0
    assert {b["status"] for b in channel.batches()} == {"commit"}
