"""orders_update inline: Omnitron item changes reach the Trendyol package."""
from __future__ import annotations

import pytest

from tests.channel.flows.orders.conftest import make_packages, orders, split

pytestmark = [pytest.mark.django_db, pytest.mark.timeout(120)]

STATUS = "PUT /integration/order/sellers/<int:seller_id>/shipment-packages/<int:package_id>"


def first_item(channel) -> dict:
    order = orders(channel)[0]
    return next(item for item in channel.omnitron.table("order_items") if item["order"] == order["pk"])


def test_an_invoice_number_set_in_omnitron_reaches_the_package(channel):
    (package,) = make_packages(channel, 1, lines=2)
    channel.run("orders_import", lookback_hours=1)
    channel.client.order_items.update(first_item(channel)["pk"], {"invoice_number": "EME2026000025208"})

    summary = channel.run("orders_update")

    assert summary["orders"] == {"orders": 1, "picking": 1, "invoiced": 1, "tracking": 0}
    remote = channel.trendyol.control("GET", f"packages/{package['shipmentPackageId']}")
    assert remote["status"] == "Invoiced" and remote["invoiceNumber"] == "EME2026000025208"
    assert [h["status"] for h in remote["packageHistories"]] == ["Created", "Picking", "Invoiced"]
    again = channel.run("orders_update")
    assert again["orders"]["orders"] == 0
    assert channel.trendyol.counts()["endpoints"][STATUS] == 2


def test_picking_status_and_tracking_number_reach_the_package(channel):
    """A seller on their own carrier contract (conf tracking_provider_code) sends tracking-details."""
    conf = channel.client.channels.get()["conf"]
    channel.client.channels.update({"conf": {**conf, "tracking_provider_code": "ARASMP"}})
    (package,) = make_packages(channel, 1)
    channel.run("orders_import", lookback_hours=1)
    channel.client.order_items.update(first_item(channel)["pk"], {"status": "450", "tracking_number": "TRK-1"})

    summary = channel.run("orders_update")

    assert summary["orders"]["picking"] == 1 and summary["orders"]["tracking"] == 1
    remote = channel.trendyol.control("GET", f"packages/{package['shipmentPackageId']}")
    assert remote["status"] == "Picking" and (remote["cargoSenderNumber"], remote["cargoProviderCode"]) == (
        "TRK-1", "ARASMP")
    assert channel.run("orders_update")["orders"]["tracking"] == 0  # the package now carries it


def test_a_refused_write_is_reported_and_retried_by_the_next_run(channel):
    (package,) = make_packages(channel, 1)
    channel.run("orders_import", lookback_hours=1)
    channel.client.order_items.update(first_item(channel)["pk"], {"status": "450"})
    channel.trendyol.inject(queue=[{"status": 400, "path": "/shipment-packages/", "method": "PUT"}])

    failed = channel.run("orders_update")

    assert failed["failed"] == 1 and failed["orders"]["picking"] == 0
    assert [ia["status"] for ia in channel.ias("order")] == ["error"]
    assert any(report.get("is_ok") is False and report.get("action_object_id") == orders(channel)[0]["pk"]
               for report in channel.omnitron.table("error_reports"))
    retried = channel.run("orders_update")
    assert retried["failed"] == 0 and retried["orders"]["picking"] == 1
    assert channel.trendyol.control("GET", f"packages/{package['shipmentPackageId']}")["status"] == "Picking"


def test_after_a_split_an_invoice_reaches_both_new_packages(channel):
    (package,) = make_packages(channel, 1, lines=2)
    channel.run("orders_import", lookback_hours=1)
    halves = split(channel, package, [package["lines"][0]["lineId"]])
    channel.run("orders_import", lookback_hours=1)
    channel.client.order_items.update(first_item(channel)["pk"], {"invoice_number": "INV-9"})

    summary = channel.run("orders_update")

    assert summary["failed"] == 0 and summary["orders"]["invoiced"] == 2
    for half in halves:
        remote = channel.trendyol.control("GET", f"packages/{half['shipmentPackageId']}")
        assert (remote["status"], remote["invoiceNumber"]) == ("Invoiced", "INV-9")
