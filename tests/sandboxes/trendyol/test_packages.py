"""The Trendyol sandbox's order side over HTTP: generator, state machine, stage helpers, claims."""
from __future__ import annotations

import time

import pytest
import requests

from tests.fixtures.trendyol_sandbox import API_KEY, API_SECRET, SELLER_ID, TrendyolSandbox

SHIFT = 3 * 3600 * 1000
DAY = 86_400_000
HEADERS = {"User-Agent": f"{SELLER_ID} - SelfIntegration"}


def api(trendyol: TrendyolSandbox, method: str, path: str, **kwargs) -> requests.Response:
    return requests.request(method, f"{trendyol.api_url}{path}", auth=(API_KEY, API_SECRET), headers=HEADERS,
                            timeout=10, **kwargs)


def package_path(package_id: int, suffix: str = "") -> str:
    return f"/order/sellers/{SELLER_ID}/shipment-packages/{package_id}{suffix}"


def test_generated_packages_have_consistent_totals_and_one_unit_detail_per_unit(trendyol):
    packages = trendyol.control("POST", "orders", {"count": 3, "lines": 2, "quantity": 3})["packages"]
    for package in packages:
        lines = package["lines"]
        assert all(len(line["discountDetails"]) == line["quantity"] == 3 for line in lines)
        total = sum(d["lineItemPrice"] for line in lines for d in line["discountDetails"])
        assert round(total, 2) == package["packageTotalPrice"]
        assert package["status"] == "Created" and package["createdBy"] == "order-creation"


def test_unknown_city_and_cargo_knobs_mark_the_first_packages(trendyol):
    packages = trendyol.control("POST", "orders", {"count": 3, "unknown_city": 1, "unknown_cargo": 2})["packages"]
    assert [p["shipmentAddress"]["city"] for p in packages][:1] == ["Atlantis"]
    assert packages[1]["shipmentAddress"]["city"] != "Atlantis"
    assert [p["cargoProviderName"] for p in packages[:2]] == ["Horoz Lojistik Marketplace"] * 2


def test_listing_reads_dates_as_gmt3_and_filters_on_creation(trendyol):
    (package,) = trendyol.control("POST", "orders", {"count": 1})["packages"]
    created = package["packageHistories"][0]["createdDate"]
    assert package["orderDate"] == created + SHIFT  # orderDate is written in GMT+3

    def total(start: int, end: int) -> int:
        return api(trendyol, "GET", f"/order/sellers/{SELLER_ID}/v2/orders",
                   params={"startDate": start, "endDate": end}).json()["totalElements"]

    assert total(created + SHIFT, created + SHIFT) == 1  # the same moment, sent as GMT+3
    assert total(created, created) == 0  # plain UTC misses it by three hours
    oversized = api(trendyol, "GET", f"/order/sellers/{SELLER_ID}/v2/orders", params={"size": 201})
    assert oversized.status_code == 400 and oversized.json()["error"] == "Bad Request"


def test_listing_without_dates_covers_the_last_week_only(trendyol):
    trendyol.control("POST", "orders", {"count": 1, "age_days": 8})
    (recent,) = trendyol.control("POST", "orders", {"count": 1, "age_days": 6})["packages"]
    listed = api(trendyol, "GET", f"/order/sellers/{SELLER_ID}/v2/orders").json()
    assert [p["shipmentPackageId"] for p in listed["content"]] == [recent["shipmentPackageId"]]


@pytest.mark.parametrize(("days_back", "span_days", "message"), [
    (20, 15, "may not exceed 14 days"),
    (35, 10, "may not be older than 30 days"),
])
def test_listing_refuses_long_ranges_and_old_starts(trendyol, days_back, span_days, message):
    now = int(time.time() * 1000) + SHIFT
    start, end = now - days_back * DAY, now - (days_back - span_days) * DAY
    answer = api(trendyol, "GET", f"/order/sellers/{SELLER_ID}/v2/orders", params={"startDate": start, "endDate": end})
    assert answer.status_code == 400 and message in answer.json()["message"]


def test_stream_is_newest_first_by_last_change_with_a_cursor_bound_to_its_filter(trendyol):
    old, new = (trendyol.control("POST", "orders", {"count": 1, "age_days": age})["packages"][0] for age in (40, 1))
    trendyol.control("POST", f"packages/{old['shipmentPackageId']}/cancel", {})  # changed now
    first = api(trendyol, "GET", f"/order/sellers/{SELLER_ID}/orders/stream", params={"size": 1}).json()
    assert first["hasMore"] and [p["shipmentPackageId"] for p in first["content"]] == [old["shipmentPackageId"]]
    changed = api(trendyol, "GET", f"/order/sellers/{SELLER_ID}/orders/stream",
                  params={"size": 2, "nextCursor": first["nextCursor"]})
    assert changed.status_code == 400 and "filters cannot change" in changed.json()["message"]
    unknown = api(trendyol, "GET", f"/order/sellers/{SELLER_ID}/orders/stream", params={"size": 1, "nextCursor": "x"})
    assert unknown.status_code == 400


def test_stream_refuses_windows_over_fourteen_days(trendyol):
    now = int(time.time() * 1000) + SHIFT
    answer = api(trendyol, "GET", f"/order/sellers/{SELLER_ID}/orders/stream",
                 params={"lastModifiedStartDate": now - 15 * DAY, "lastModifiedEndDate": now})
    assert answer.status_code == 400 and "14 days" in answer.json()["message"]


def test_group_quota_answers_429_without_retry_after(trendyol):
    answers = [api(trendyol, "GET", f"/order/sellers/{SELLER_ID}/v2/orders", params={"size": 1}) for _ in range(31)]
    assert [a.status_code for a in answers].count(429) >= 1  # 30 a minute at tier 50k (a minute may roll over)
    throttled = next(a for a in answers if a.status_code == 429)
    assert "Retry-After" not in throttled.headers and throttled.json()["message"] == "too.many.requests"


@pytest.mark.parametrize(("steps", "refused"), [
    ([("Invoiced", "INV")], "Invoiced needs Picking"),
    ([("Picking", ""), ("Picking", "")], "Picking needs Created"),
    ([("Picking", ""), ("Invoiced", "")], "invoiceNumber is required"),
    ([("Shipped", "")], "cannot be set by the seller"),
])
def test_seller_status_rules(trendyol, steps, refused):
    (package,) = trendyol.control("POST", "orders", {"count": 1})["packages"]
    lines = [{"lineId": package["lines"][0]["lineId"], "quantity": 1}]
    answers = [api(trendyol, "PUT", package_path(package["shipmentPackageId"]),
                   json={"lines": lines, "params": {"invoiceNumber": inv} if inv else {}, "status": status})
               for status, inv in steps]
    assert [a.status_code for a in answers[:-1]] == [200] * (len(steps) - 1)
    assert answers[-1].status_code == 400 and refused in answers[-1].json()["message"]


def test_tracking_is_refused_once_set_or_after_shipment(trendyol):
    first, second = trendyol.control("POST", "orders", {"count": 2})["packages"]
    path = "/update-tracking-number"
    assert api(trendyol, "PUT", package_path(first["shipmentPackageId"], path), json={"trackingNumber": "A"}).ok
    again = api(trendyol, "PUT", package_path(first["shipmentPackageId"], path), json={"trackingNumber": "B"})
    trendyol.control("POST", f"packages/{second['shipmentPackageId']}/status", {"status": "Shipped"})
    shipped = api(trendyol, "PUT", package_path(second["shipmentPackageId"], path), json={"trackingNumber": "C"})
    assert again.status_code == shipped.status_code == 400


def test_full_unsupplied_leaves_a_cancelled_package_and_no_new_one(trendyol):
    (package,) = trendyol.control("POST", "orders", {"count": 1, "quantity": 2})["packages"]
    line = package["lines"][0]
    answer = api(trendyol, "PUT", package_path(package["shipmentPackageId"], "/items/unsupplied"),
                 json={"lines": [{"lineId": line["lineId"], "quantity": 2}], "reasonId": 506})
    assert answer.status_code == 200
    assert [p["status"] for p in trendyol.control("GET", "packages")] == ["Cancelled"]


def test_split_unpacks_the_package_into_two_new_ones(trendyol):
    (package,) = trendyol.control("POST", "orders", {"count": 1, "lines": 2})["packages"]
    first_line = package["lines"][0]["lineId"]
    answer = api(trendyol, "POST", package_path(package["shipmentPackageId"], "/split"),
                 json={"orderLineIds": [first_line]})
    assert answer.status_code == 200
    packages = trendyol.control("GET", "packages")
    assert [p["status"] for p in packages] == ["UnPacked", "Created", "Created"]
    assert [p["createdBy"] for p in packages[1:]] == ["split", "split"]
    assert [[line["lineId"] for line in p["lines"]] for p in packages[1:]][0] == [first_line]


def test_customers_cannot_cancel_after_shipment_and_system_moves_are_sequential(trendyol):
    (package,) = trendyol.control("POST", "orders", {"count": 1})["packages"]
    pid = package["shipmentPackageId"]
    skipped = requests.post(f"{trendyol.url}/_sandbox/packages/{pid}/status", json={"status": "Delivered"}, timeout=5)
    trendyol.control("POST", f"packages/{pid}/status", {"status": "Shipped"})
    cancel = requests.post(f"{trendyol.url}/_sandbox/packages/{pid}/cancel", json={}, timeout=5)
    assert skipped.status_code == cancel.status_code == 400


def test_stage_helpers_create_an_order_and_advance_it(trendyol):
    body = {"customer": {"customerFirstName": "Test", "customerLastName": "Buyer"},
            "shippingAddress": {"addressText": "Cd. 1", "city": "İzmir", "district": "Konak", "phone": "555",
                                "shippingFirstName": "Test", "shippingLastName": "Buyer", "email": "t@example.com"},
            "lines": [{"barcode": "ACME-1", "quantity": 2}], "seller": {"sellerId": SELLER_ID}}
    created = api(trendyol, "POST", "/test/order/orders/core", json=body)
    (package,) = trendyol.control("GET", "packages")
    lines = [{"lineId": package["lines"][0]["lineId"], "quantity": 2}]
    shipped = api(trendyol, "PUT", f"/test/order/sellers/{SELLER_ID}/shipment-packages/"
                                   f"{package['shipmentPackageId']}/status", json={"lines": lines, "status": "Shipped"})
    assert created.json() == {"orderNumber": package["orderNumber"]} and shipped.status_code == 200
    assert trendyol.control("GET", f"packages/{package['shipmentPackageId']}")["status"] == "Shipped"


def test_claims_list_and_waiting_in_action(trendyol):
    (package,) = trendyol.control("POST", "orders", {"count": 1})["packages"]
    pid = package["shipmentPackageId"]
    for status in ("Shipped", "Delivered"):
        trendyol.control("POST", f"packages/{pid}/status", {"status": status})
    claim = trendyol.control("POST", "claims", {"package_id": pid})["result"]
    trendyol.control("POST", f"claims/{claim['id']}/waiting-in-action")
    waiting = api(trendyol, "GET", f"/order/sellers/{SELLER_ID}/claims",
                  params={"claimItemStatus": "WaitingInAction"}).json()
    assert [c["id"] for c in waiting["content"]] == [claim["id"]]


def test_reset_forgets_packages(trendyol):
    trendyol.control("POST", "orders", {"count": 2})
    trendyol.reset()
    assert trendyol.control("GET", "packages") == []
