"""The Trendyol sandbox's order side over HTTP: generator, state machine, stage helpers, claims."""
from __future__ import annotations

import pytest
import requests

from tests.fixtures.trendyol_sandbox import API_KEY, API_SECRET, SELLER_ID, TrendyolSandbox

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


def test_listing_filters_by_last_modified_window_and_rejects_oversized_pages(trendyol):
    (package,) = trendyol.control("POST", "orders", {"count": 1})["packages"]
    stamp = package["lastModifiedDate"]
    inside = api(trendyol, "GET", f"/order/sellers/{SELLER_ID}/v2/orders",
                 params={"startDate": stamp, "endDate": stamp}).json()
    outside = api(trendyol, "GET", f"/order/sellers/{SELLER_ID}/v2/orders",
                  params={"startDate": stamp + 1, "endDate": stamp + 1000}).json()
    oversized = api(trendyol, "GET", f"/order/sellers/{SELLER_ID}/v2/orders", params={"size": 201})
    assert inside["totalElements"] == 1 and outside["totalElements"] == 0
    assert oversized.status_code == 400 and oversized.json()["error"] == "Bad Request"


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
