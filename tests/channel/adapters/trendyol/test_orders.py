"""TrendyolOrders against the sandbox process: listing windows, writes, replacements, claims."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from channel.adapters.errors import RequestRejected
from channel.adapters.orders import LineQuantity
from channel.adapters.trendyol import TrendyolAdapter
from channel.adapters.trendyol import orders as trendyol_orders
from tests.fixtures.trendyol_sandbox import TrendyolSandbox

LIST = "GET /integration/order/sellers/<int:seller_id>/v2/orders"


@pytest.fixture
def client(trendyol: TrendyolSandbox) -> TrendyolAdapter:
    return TrendyolAdapter(trendyol.conf)


def window() -> tuple[datetime, datetime]:
    now = datetime.now(timezone.utc)
    return now - timedelta(hours=1), now + timedelta(minutes=1)


def create(trendyol: TrendyolSandbox, count: int, **spec) -> list[dict]:
    return trendyol.control("POST", "orders", {"count": count, **spec})["packages"]


def test_list_pages_through_every_package_of_the_window_once(trendyol, client):
    created = create(trendyol, 450)

    pages = list(client.list_packages(*window()))

    assert [len(page) for page in pages] == [200, 200, 50]
    assert sorted(p.package_id for page in pages for p in page) == sorted(
        str(p["shipmentPackageId"]) for p in created)
    assert trendyol.counts()["endpoints"][LIST] == 3


def test_a_window_over_the_cap_is_split_into_parts_that_fit(trendyol, client, monkeypatch):
    monkeypatch.setattr(trendyol_orders, "WINDOW_CAP", 100)
    create(trendyol, 150)

    ids = [p.package_id for page in client.list_packages(*window()) for p in page]

    assert len(ids) == len(set(ids)) == 150


def test_status_filter_and_empty_window(trendyol, client):
    first, _ = create(trendyol, 2)
    trendyol.control("POST", f"packages/{first['shipmentPackageId']}/cancel", {})
    since, until = window()

    cancelled = [p for page in client.list_packages(since, until, statuses=("Cancelled",)) for p in page]
    empty = [p for page in client.list_packages(until + timedelta(hours=1), until + timedelta(hours=2)) for p in page]

    assert [p.package_id for p in cancelled] == [str(first["shipmentPackageId"])] and empty == []


def test_picking_then_invoiced_then_tracking(trendyol, client):
    (raw,) = create(trendyol, 1)
    package_id = str(raw["shipmentPackageId"])
    lines = [LineQuantity(str(raw["lines"][0]["lineId"]), 1)]

    client.update_package_status(package_id, lines, "Picking")
    client.update_package_status(package_id, lines, "Invoiced", "EME2026000025208")
    client.send_tracking(package_id, "TRK-1")

    (package,) = client.get_packages([package_id])
    assert (package.status, package.invoice_number, package.tracking_number) == ("Invoiced", "EME2026000025208",
                                                                                   "TRK-1")


def test_invoiced_before_picking_is_refused(trendyol, client):
    (raw,) = create(trendyol, 1)
    with pytest.raises(RequestRejected) as refused:
        client.update_package_status(str(raw["shipmentPackageId"]), [LineQuantity(str(raw["lines"][0]["lineId"]), 1)],
                                     "Invoiced", "X")
    assert refused.value.status == 400 and "Picking" in refused.value.body


def test_unsupplied_cancels_the_package_and_the_rest_arrives_in_a_new_one(trendyol, client):
    (raw,) = create(trendyol, 1, quantity=3)
    package_id, line_id = str(raw["shipmentPackageId"]), str(raw["lines"][0]["lineId"])

    client.report_unsupplied(package_id, [LineQuantity(line_id, 1)], "500")

    packages = {p.package_id: p for p in client.packages_of_order(raw["orderNumber"])}
    old = packages.pop(package_id)
    (new,) = packages.values()
    assert old.status == "Cancelled" and [u.status for u in old.units] == ["UnSupplied"]
    assert old.units[0].cancel_reason_code == "500"
    assert new.origin_package_ids == (package_id,) and new.created_by == "cancel" and len(new.units) == 2
    assert {u.unit_id for u in old.units + new.units} == {
        d["lineItemId"] for d in raw["lines"][0]["discountDetails"]}


def test_unsupplied_with_an_unknown_reason_is_refused(trendyol, client):
    (raw,) = create(trendyol, 1)
    with pytest.raises(RequestRejected):
        client.report_unsupplied(str(raw["shipmentPackageId"]), [LineQuantity(str(raw["lines"][0]["lineId"]), 1)],
                                 "999")


def test_get_packages_asks_fifty_ids_per_request(trendyol, client):
    created = create(trendyol, 60)
    found = client.get_packages([str(p["shipmentPackageId"]) for p in created])
    assert len(found) == 60 and trendyol.counts()["endpoints"][LIST] == 2


def test_claims_of_a_delivered_package(trendyol, client):
    (raw,) = create(trendyol, 1)
    package_id = raw["shipmentPackageId"]
    for status in ("Shipped", "Delivered"):
        trendyol.control("POST", f"packages/{package_id}/status", {"status": status})
    claim = trendyol.control("POST", "claims", {"package_id": package_id})["result"]

    (found,) = list(client.list_claims(*window()))

    assert found.claim_id == claim["id"] and found.package_id == str(package_id)
    assert [u.status for u in found.units] == ["Created"]


def test_a_long_window_is_listed_in_parts_of_at_most_fourteen_days(trendyol, client):
    create(trendyol, 3)
    now = datetime.now(timezone.utc)

    ids = [p.package_id for page in client.list_packages(now - timedelta(days=40), now + timedelta(minutes=1))
           for p in page]

    assert len(ids) == len(set(ids)) == 3
    assert trendyol.counts()["endpoints"][LIST] == 3  # 14 + 14 + 12 days
