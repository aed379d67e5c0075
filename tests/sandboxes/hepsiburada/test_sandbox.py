"""The Hepsiburada sandbox keeps the documented rules: auth per environment, User-Agent, limits,
tracking ids with asynchronous per-item results, listing uploads, paid lines and packages."""
from __future__ import annotations

import pytest
import requests

from tests.fixtures.hepsiburada_sandbox import MERCHANT_ID, PROD_KEY
from tests.sandboxes.hepsiburada.conftest import product_row

pytestmark = pytest.mark.timeout(60)
CATEGORIES = "/product/api/categories/get-all-categories"


def test_auth_needs_the_environments_key_and_the_integrator_user_agent(hepsiburada, merchant):
    assert merchant.get("mpop-sit", CATEGORIES).status_code == 200
    assert requests.get(merchant.url("mpop", CATEGORIES), auth=(MERCHANT_ID, merchant.session.auth[1]),
                        headers={"User-Agent": "sandbox_dev"}, timeout=5).status_code == 403
    assert requests.get(merchant.url("mpop", CATEGORIES), auth=(MERCHANT_ID, PROD_KEY),
                        headers={"User-Agent": "sandbox_dev"}, timeout=5).status_code == 200
    assert requests.get(merchant.url("mpop-sit", CATEGORIES), auth=(MERCHANT_ID, "wrongwrong12"),
                        headers={"User-Agent": "sandbox_dev"}, timeout=5).status_code == 401
    merchant.session.headers["User-Agent"] = f"{MERCHANT_ID} - SelfIntegration"  # Trendyol's style
    assert merchant.get("mpop-sit", CATEGORIES).status_code == 401


def test_a_path_naming_another_merchant_is_forbidden(merchant):
    assert merchant.get("oms-external-sit", "/orders/merchantid/other", offset=0, limit=10).status_code == 403


def test_import_is_processing_then_waiting_then_matched_with_a_listing(hepsiburada, merchant):
    tracking = merchant.import_products([product_row("acme-1", "8690000000017"),
                                         product_row("ACME-2", "8690000000024", renk_variant_property="Mor"),
                                         {**product_row("ACME-3", "8690000000031"), "categoryId": 60001000}])
    first = merchant.get("mpop-sit", f"/product/api/products/status/{tracking}").json()
    assert {row["importStatus"] for row in first["data"]} == {"PROCESSING"}

    hepsiburada.advance_clock(2)
    rows = {row["itemOrderID"]: row for row in merchant.get("mpop-sit", f"/product/api/products/status/{tracking}").json()["data"]}
    assert (rows[1]["merchantSku"], rows[1]["importStatus"], rows[1]["productStatus"]) == ("ACME-1", "SUCCESS", "WAITING")
    assert rows[2]["productStatus"] == "MISSING_INFO" and rows[2]["validationResults"][0]["attributeName"] == "renk_variant_property"
    assert rows[3]["importStatus"] == "FAILED" and "1001" in rows[3]["importMessages"][0]["message"]

    hepsiburada.approve("ACME-1")
    listing = hepsiburada.listings()["ACME-1"]
    assert listing["hepsiburadaSku"].startswith("HBCV") and not listing["isSalable"]
    assert set(listing["deactivationReasons"]) == {"PriceIsLessThanOrEqualToZero", "StockIsLessThanOrEqualToZero"}


def test_unknown_tracking_id_is_code_4000_with_http_200(merchant):
    body = merchant.get("mpop-sit", "/product/api/products/status/nope").json()
    assert (body["success"], body["code"]) == (False, 4000)


def test_listing_uploads_report_per_item_errors_after_processing(hepsiburada, merchant):
    merchant.import_products([product_row("ACME-1", "8690000000017")])
    hepsiburada.advance_clock(2)
    hepsiburada.approve("ACME-1")
    job = merchant.post("listing-external-sit", "/listings/merchantid/{m}/price-uploads",
                        [{"merchantSku": "ACME-1", "price": 129.9}, {"merchantSku": "NOPE", "price": 10},
                         {"merchantSku": "acme-1", "price": -1}]).json()["id"]
    result = merchant.get("listing-external-sit", f"/listings/merchantid/{{m}}/price-uploads/id/{job}").json()
    assert result["status"] == "InProgress"
    hepsiburada.advance_clock(2)
    result = merchant.get("listing-external-sit", f"/listings/merchantid/{{m}}/price-uploads/id/{job}").json()
    assert result["status"] == "Done"
    assert {row["elementNo"]: row["errors"] for row in result["errors"]} == {
        1: ["DuplicateMerchantSkuSpecified"], 2: ["ProductNotFound"], 3: ["DuplicateMerchantSkuSpecified"]}


def test_at_most_five_unfinished_uploads(merchant):
    for _ in range(5):
        assert merchant.post("listing-external-sit", "/listings/merchantid/{m}/stock-uploads", []).status_code == 200
    refused = merchant.post("listing-external-sit", "/listings/merchantid/{m}/stock-uploads", [])
    assert refused.status_code == 400 and "too many ongoing" in refused.json()["message"]


def test_listing_list_requires_offset_and_limit_and_lowercase_path(merchant):
    assert merchant.get("listing-external-sit", "/listings/merchantid/{m}").status_code == 400
    assert merchant.get("listing-external-sit", "/Listings/merchantId/{m}", offset=0, limit=10).status_code == 404


def _matched_listing(hepsiburada, merchant, stock: int = 5) -> str:
    merchant.import_products([product_row("ACME-1", "8690000000017", price="99,90", stock=str(stock))])
    hepsiburada.advance_clock(2)
    return hepsiburada.approve("ACME-1")["hbSku"]


def test_paid_lines_packages_and_merchant_cancellation(hepsiburada, merchant):
    hb_sku = _matched_listing(hepsiburada, merchant)
    hepsiburada.order((hb_sku, 2))
    hepsiburada.order((hb_sku, 1))
    assert merchant.get("oms-external-sit", "/orders/merchantid/{m}").json()["message"].startswith("Bad Request limit")
    lines = merchant.get("oms-external-sit", "/orders/merchantid/{m}", offset=0, limit=100).json()["items"]
    assert [line["quantity"] for line in lines] == [2, 1] and lines[0]["merchantSKU"] == "ACME-1"

    created = merchant.post("oms-external-sit", "/packages/merchantid/{m}",
                            {"lineItemRequests": [{"id": lines[0]["id"], "quantity": 2}], "parcelQuantity": 1, "deci": 1})
    assert created.status_code == 201
    again = merchant.post("oms-external-sit", "/packages/merchantid/{m}",
                          {"lineItemRequests": [{"id": lines[0]["id"], "quantity": 2}]})
    assert again.status_code == 400
    packages = merchant.get("oms-external-sit", "/packages/merchantid/{m}", Offset=0, limit=10)
    assert packages.headers["pagecount"] == "1" and packages.json()[0]["packageNumber"] == created.json()["packageNumber"]
    assert merchant.get("oms-external-sit", "/packages/merchantid/{m}", Offset=0, limit=11).status_code == 400

    assert merchant.post("oms-external-sit", f"/lineitems/merchantid/{{m}}/id/{lines[0]['id']}/cancelbymerchant",
                         {"reasonId": 83}).status_code == 400  # packaged
    assert merchant.post("oms-external-sit", f"/lineitems/merchantid/{{m}}/id/{lines[1]['id']}/cancelbymerchant",
                         {"reasonId": 1}).status_code == 400  # undocumented reason
    assert merchant.post("oms-external-sit", f"/lineitems/merchantid/{{m}}/id/{lines[1]['id']}/cancelbymerchant",
                         {"reasonId": 83}).status_code == 200
    cancelled = merchant.get("oms-external-sit", "/orders/merchantid/{m}/cancelled", offset=0, limit=50).json()["items"]
    assert [(row["lineItemId"], row["cancelledBy"]) for row in cancelled] == [(lines[1]["id"], "Merchant")]


def test_a_split_cancels_units_and_packs_the_rest_under_a_new_number(hepsiburada, merchant):
    """Every unit of the package must go somewhere, the reason must be the documented one, and only
    an open package splits; a line cancelled in part keeps its id and shows the kept quantity."""
    second_sku = hepsiburada.approve(_import("ACME-2", "8690000000024", merchant, hepsiburada))["hbSku"]
    hepsiburada.order((_matched_listing(hepsiburada, merchant), 3), (second_sku, 1))
    lines = merchant.get("oms-external-sit", "/orders/merchantid/{m}", offset=0, limit=100).json()["items"]
    three, one = (line["id"] for line in lines)
    number = merchant.post("oms-external-sit", "/packages/merchantid/{m}", {"lineItemRequests": [
        {"id": three, "quantity": 3}, {"id": one, "quantity": 1}]}).json()["packageNumber"]
    split = f"/packages/merchantid/{{m}}/packagenumber/{number}/split"

    def body(kept: int, cancelled: int, reason: int = 83) -> dict:
        return {"packageDetails": [{"lines": [{"orderLineId": three, "quantity": kept}, {"orderLineId": one, "quantity": 1}],
                                    "parcelQuantity": 1, "deci": 1}],
                "cancelledItems": [{"orderLineId": three, "quantity": cancelled, "cancelReasonId": reason}]}

    everything = {"packageDetails": [], "cancelledItems": [
        {"orderLineId": three, "quantity": 3, "cancelReasonId": 83}, {"orderLineId": one, "quantity": 1, "cancelReasonId": 83}]}
    refused = [merchant.post("oms-external-sit", split, b) for b in (body(2, 2), body(1, 1), body(2, 1, reason=1),
                                                                   {"packageDetails": [], "cancelledItems": []}, everything)]
    assert [r.status_code for r in refused] == [400] * 5, [r.text for r in refused]
    assert merchant.post("oms-external-sit", split, body(2, 1)).status_code == 200
    assert merchant.post("oms-external-sit", split, body(2, 1)).status_code == 400  # no longer open

    [package] = merchant.get("oms-external-sit", "/packages/merchantid/{m}", Offset=0, limit=10).json()
    assert package["packageNumber"] != number
    assert {(item["lineItemId"], item["quantity"]) for item in package["items"]} == {(three, 2), (one, 1)}
    cancelled = merchant.get("oms-external-sit", "/orders/merchantid/{m}/cancelled", offset=0, limit=50).json()["items"]
    assert [(row["lineItemId"], row["quantity"], row["cancelReasonCode"]) for row in cancelled] == [(three, 1, "83")]


def _import(sku: str, barcode: str, merchant, hepsiburada) -> str:
    merchant.import_products([product_row(sku, barcode, price="10,00", stock="5")])
    hepsiburada.advance_clock(2)
    return sku


def test_a_window_longer_than_a_day_is_cut_to_a_day_not_refused(hepsiburada, merchant):
    hb_sku = _matched_listing(hepsiburada, merchant)
    hepsiburada.order((hb_sku, 1))
    hepsiburada.advance_clock(3 * 24 * 3600)
    from datetime import datetime, timedelta, timezone

    turkey = timezone(timedelta(hours=3))
    begin = (datetime.now(turkey) - timedelta(hours=1)).strftime("%Y-%m-%d %H:%M")
    end = (datetime.now(turkey) + timedelta(days=4)).strftime("%Y-%m-%d %H:%M")
    answer = merchant.get("oms-external-sit", "/orders/merchantid/{m}", offset=0, limit=100, begindate=begin, enddate=end)
    assert answer.status_code == 200 and answer.json()["totalCount"] == 1


def test_test_orders_need_a_salable_listing(hepsiburada, merchant):
    hb_sku = _matched_listing(hepsiburada, merchant, stock=0)
    refused = merchant.post("oms-stub-external-sit", "/orders/merchantId/{m}",
                            {"lineItems": [{"hepsiburadaSku": hb_sku, "quantity": 1}]})
    assert refused.status_code == 400 and "not on sale" in refused.json()["message"]


def test_catalog_over_its_rate_answers_403_and_oms_429_with_headers(hepsiburada, merchant):
    hepsiburada.configure(catalog_rate=2, oms_rate=2)
    statuses = [merchant.get("mpop-sit", CATEGORIES).status_code for _ in range(8)]
    assert 403 in statuses and 429 not in statuses
    answers = [merchant.get("oms-external-sit", "/orders/merchantid/{m}", offset=0, limit=1) for _ in range(8)]
    limited = [answer for answer in answers if answer.status_code == 429]
    assert limited and limited[0].headers["X-RateLimit-Limit"] == "2" and "X-RateLimit-Reset" in limited[0].headers


def test_status_lists_are_dated_by_the_change_and_the_order_detail_shows_each_lines_package(hepsiburada, merchant):
    hb_sku = _matched_listing(hepsiburada, merchant)
    number = hepsiburada.order((hb_sku, 1))["orderNumber"]
    [line] = merchant.get("oms-external-sit", "/orders/merchantid/{m}", offset=0, limit=100).json()["items"]
    package = merchant.post("oms-external-sit", "/packages/merchantid/{m}",
                            {"lineItemRequests": [{"id": line["id"], "quantity": 1}]}).json()["packageNumber"]
    hepsiburada.advance_clock(2 * 24 * 3600)
    assert hepsiburada.control("POST", f"lines/{line['id']}/cancel", {})["cancelled_by"] == "Customer"
    cancelled = merchant.get("oms-external-sit", "/orders/merchantid/{m}/cancelled", offset=0, limit=50).json()["items"]
    assert [(row["lineItemId"], row["cancelReasonCode"]) for row in cancelled] == [(line["id"], "CustomerRequest")]

    shipped = "/packages/merchantid/{m}/shipped"
    assert merchant.get("oms-external-sit", shipped).json()["message"].startswith("Bad Request limit")
    assert merchant.get("oms-external-sit", shipped, offset=0, limit=51).status_code == 400
    assert merchant.get("oms-external-sit", shipped, offset=0, limit=50).json()["totalCount"] == 0
    detail = merchant.get("oms-external-sit", f"/orders/merchantid/{{m}}/ordernumber/{number}").json()
    assert [(row["packageNumber"], row["status"]) for row in detail["items"]] == [(package, "Cancelled")]
    assert merchant.get("oms-external-sit", "/orders/merchantid/{m}/ordernumber/1").status_code == 404


def test_a_shipped_package_is_listed_by_its_shipping_date(hepsiburada, merchant):
    from datetime import datetime, timedelta, timezone

    hb_sku = _matched_listing(hepsiburada, merchant)
    number = hepsiburada.order((hb_sku, 1))["orderNumber"]
    [line] = merchant.get("oms-external-sit", "/orders/merchantid/{m}", offset=0, limit=100).json()["items"]
    package = merchant.post("oms-external-sit", "/packages/merchantid/{m}",
                            {"lineItemRequests": [{"id": line["id"], "quantity": 1}]}).json()["packageNumber"]
    hepsiburada.advance_clock(2 * 24 * 3600)
    hepsiburada.control("POST", f"packages/{package}/status", {"status": "Shipped"})
    refused = requests.post(f"{hepsiburada.url}/_sandbox/packages/{package}/status", json={"status": "Shipped"}, timeout=5)
    assert refused.status_code == 400  # only an open package ships
    turkey = timezone(timedelta(hours=3))
    now = datetime.now(turkey) + timedelta(days=2)
    today = {"begindate": (now - timedelta(hours=1)).strftime("%Y-%m-%d %H:%M"),
             "enddate": (now + timedelta(minutes=1)).strftime("%Y-%m-%d %H:%M")}
    [row] = merchant.get("oms-external-sit", "/packages/merchantid/{m}/shipped", offset=0, limit=50, **today).json()["items"]
    assert (row["PackageNumber"], row["OrderNumbers"], row["Barcode"]) == (package, [number], f"HBP{package}")
    assert merchant.get("oms-external-sit", "/packages/merchantid/{m}", Offset=0, limit=10, **today).json() == []
    detail = merchant.get("oms-external-sit", f"/orders/merchantid/{{m}}/ordernumber/{number}").json()
    assert [item["status"] for item in detail["items"]] == ["Shipped"]


def test_the_delete_process_removes_only_products_not_yet_approved(hepsiburada, merchant):
    hepsiburada.configure(import_delay=0.0)
    merchant.import_products([product_row("DEL-1", "8690000000116"), product_row("DEL-2", "8690000000123")])
    hepsiburada.products()  # settles the import: both WAITING
    hepsiburada.approve("DEL-2")
    path = "/product/api/products/delete-process"
    assert merchant.post("mpop-sit", path, [{"merchant": "someone-else", "merchantSku": "DEL-1"}]).status_code == 400
    assert merchant.post("mpop-sit", path, {"merchantSku": "DEL-1"}).status_code == 400
    rows = [{"merchant": MERCHANT_ID, "merchantSku": sku} for sku in ("del-1", "DEL-2", "NOPE")]
    tracking = merchant.post("mpop-sit", path, rows).json()["data"]["trackingId"]

    result = merchant.get("mpop-sit", f"{path}/{tracking}").json()

    assert result["completed"] and result["trackingId"] == tracking and "success" not in result
    assert [(row["merchantSku"], row["deleted"]) for row in result["deletedProductList"]] == [
        ("DEL-1", True), ("DEL-2", False), ("NOPE", False)]
    assert set(hepsiburada.products()) == {"DEL-2"}
    assert merchant.get("mpop-sit", f"{path}/unknown").json()["code"] == 4000
