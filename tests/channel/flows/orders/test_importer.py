"""orders_import inline against both sandboxes: totals, items, addresses, customers, failures, reruns."""
from __future__ import annotations

from decimal import Decimal

import pytest

from tests.channel.flows.orders.conftest import make_packages, orders, split

pytestmark = [pytest.mark.django_db, pytest.mark.timeout(120)]


def test_fifty_packages_become_fifty_orders_with_totals_items_and_addresses(channel):
    packages = make_packages(channel, 50, lines=2, quantity=2)

    summary = channel.run("orders_import", lookback_hours=1)

    assert summary["orders"]["created"] == 50 and summary["failed"] == 0
    by_number = {row["number"]: row for row in orders(channel)}
    assert len(by_number) == 50
    items = channel.omnitron.table("order_items")
    addresses = {row["pk"]: row for row in channel.omnitron.table("addresses")}
    cities = {row["pk"]: row["name"] for row in channel.omnitron.table("cities")}
    for package in packages:
        order = by_number[str(package["shipmentPackageId"])]
        assert Decimal(order["amount"]) == Decimal(str(package["packageTotalPrice"]))
        own = [item for item in items if item["order"] == order["pk"]]
        assert len(own) == sum(line["quantity"] for line in package["lines"]) == 4
        assert sum(Decimal(item["price"]) for item in own) == Decimal(str(package["packageTotalPrice"]))
        units = {unit["lineItemId"] for line in package["lines"] for unit in line["discountDetails"]}
        assert {item["extra_field"]["id"] for item in own} == units
        shipping = addresses[order["shipping_address"]]
        assert cities[shipping["city"]] == package["shipmentAddress"]["city"]
        assert shipping["line"] == package["shipmentAddress"]["address1"]
    assert {ia["status"] for ia in channel.ias("order")} == {"success"}
    assert len(channel.ias("order")) == 50 and len(channel.ias("orderitem")) == 200


def test_running_again_creates_nothing(channel):
    make_packages(channel, 20)
    channel.run("orders_import", lookback_hours=1)
    channel.omnitron.reset_counts()

    again = channel.run("orders_import", lookback_hours=1)

    assert again["orders"]["created"] == 0 and again["orders"]["existing"] == 20
    assert len(orders(channel)) == 20
    assert "POST channel/{ch}/create_orders/" not in channel.omnitron.counts()["endpoints"]


def test_unknown_city_is_an_address_report_and_the_other_orders_import(channel):
    packages = make_packages(channel, 50, unknown_city=1)

    summary = channel.run("orders_import", lookback_hours=1)

    assert summary["orders"]["created"] == 49 and summary["failed"] == 1
    bad = str(packages[0]["shipmentPackageId"])
    assert bad not in {row["number"] for row in orders(channel)}
    assert summary["errors"][0]["object_id"] == bad and "Atlantis" in summary["errors"][0]["reason"]
    reports = channel.omnitron.table("error_reports")
    assert any(report.get("type") == "city" and report.get("remote_code") == "1_Atlantis" for report in reports)
    assert any(bad in str(report.get("error_code")) and report.get("is_ok") is False for report in reports)


def test_unknown_cargo_fails_only_its_order(channel):
    make_packages(channel, 10, unknown_cargo=2)

    summary = channel.run("orders_import", lookback_hours=1)

    assert summary["orders"]["created"] == 8 and summary["failed"] == 2
    assert "horoz-lojistik" in summary["errors"][0]["reason"]


def test_one_customer_with_three_orders_exists_once(channel):
    make_packages(channel, 3, customers=1)

    channel.run("orders_import", lookback_hours=1)

    customers = channel.omnitron.table("customers")
    assert len(customers) == 1
    assert {row["customer"] for row in orders(channel)} == {customers[0]["pk"]}
    assert len(channel.omnitron.table("addresses")) == 1


def test_customer_identified_by_phone_when_the_conf_says_so(channel):
    conf = channel.client.channels.get()["conf"]
    channel.client.channels.update({"conf": {**conf, "CUSTOMER_IDENTIFIER_FIELD": "phone_number"}})
    make_packages(channel, 4, customers=2)

    channel.run("orders_import", lookback_hours=1)

    assert len(channel.omnitron.table("customers")) == 2


def test_a_split_package_stays_one_order_and_reruns_leave_its_link_alone(channel):
    (package,) = make_packages(channel, 1, lines=2)
    channel.run("orders_import", lookback_hours=1)
    halves = split(channel, package, [package["lines"][0]["lineId"]])

    after_split = channel.run("orders_import", lookback_hours=1)
    rerun = channel.run("orders_import", lookback_hours=1)

    assert len(halves) == 2 and len(orders(channel)) == 1
    assert after_split["orders"]["created"] == 0 and after_split["orders"]["relinked"] == 1
    assert rerun["orders"]["relinked"] == 0 and rerun["orders"]["created"] == 0
    assert channel.ias("order")[0]["remote_id"] == str(halves[0]["shipmentPackageId"])


def test_a_dry_run_counts_new_packages_and_writes_nothing(channel):
    make_packages(channel, 5)
    channel.omnitron.reset_counts()

    summary = channel.run("orders_import", dry_run=True, lookback_hours=1)

    assert summary["would_send"] == 5 and orders(channel) == []
    assert all(key.startswith("GET") for key in channel.omnitron.counts()["endpoints"])
