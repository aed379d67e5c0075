"""Hepsiburada's pure mappers, table-driven."""
from __future__ import annotations

from datetime import datetime, timezone
from decimal import Decimal

import pytest

from channel.adapters.hepsiburada import content_updates, mappers, order_mappers
from channel.adapters.payloads import AttributeInput, PriceInput, ProductPayloadInput, StockInput


@pytest.mark.parametrize(("sku", "expected"), [("bc1-m", "BC1-M"), (" BC1 ", "BC1"), ("Ab-1", "AB-1")])
def test_merchant_sku_is_upper_case(sku: str, expected: str) -> None:
    assert mappers.merchant_sku(sku) == expected


@pytest.mark.parametrize("sku", ["", "BC 1", "  "])
def test_merchant_sku_with_spaces_or_empty_is_refused(sku: str) -> None:
    with pytest.raises(mappers.MappingError):
        mappers.merchant_sku(sku)


@pytest.mark.parametrize(("value", "text"), [(Decimal("399.9"), "399,90"), (Decimal("5"), "5,00"),
                                             (Decimal("1234.567"), "1234,57")])
def test_import_price_is_a_comma_decimal_string(value: Decimal, text: str) -> None:
    assert mappers.comma_decimal(value) == text


def payload(**changes) -> ProductPayloadInput:
    base = dict(sku="bc1-m", barcode="869", name="Ad", description="Açıklama", group_key="BC1",
                category_remote_id="60001546", brand_remote_id="Acme", images=tuple(f"https://i/{n}.jpg" for n in range(12)),
                attributes=(AttributeInput("renk_variant_property", value_ids=("Mavi",)),
                            AttributeInput("00000MU", custom_value="Pamuk"), AttributeInput("empty")),
                sale_price=Decimal("10.5"), stock=-2, vat_rate=20, extra={"desi": "3"})
    return ProductPayloadInput(**{**base, **changes})


def test_import_row_is_one_flat_attribute_map() -> None:
    row = mappers.to_import_row(payload(), "m-1", warranty_months=24, desi="1")
    attributes = row["attributes"]
    assert (row["categoryId"], row["merchant"]) == (60001546, "m-1")
    assert {key: attributes[key] for key in ("merchantSku", "VaryantGroupID", "Barcode", "Marka", "GarantiSuresi",
                                             "tax_vat_rate", "kg", "price", "stock")} == {
        "merchantSku": "BC1-M", "VaryantGroupID": "BC1", "Barcode": "869", "Marka": "Acme", "GarantiSuresi": 24,
        "tax_vat_rate": "20", "kg": "3", "price": "10,50", "stock": "0"}
    assert attributes["renk_variant_property"] == "Mavi" and attributes["00000MU"] == "Pamuk"
    assert "empty" not in attributes and "Image10" in attributes and "Image11" not in attributes


@pytest.mark.parametrize(("changes", "message"), [({"category_remote_id": "x1"}, "not a Hepsiburada category"),
                                                  ({"images": ()}, "at least one image"),
                                                  ({"sku": "A B"}, "no spaces")])
def test_import_row_refuses_what_hepsiburada_cannot_take(changes, message) -> None:
    with pytest.raises(mappers.MappingError, match=message):
        mappers.to_import_row(payload(**changes), "m-1", warranty_months=24, desi="1")


@pytest.mark.parametrize(("row", "ok", "remote", "reason"), [
    ({"importStatus": "SUCCESS", "productStatus": "WAITING"}, True, None, None),
    ({"importStatus": "SUCCESS", "productStatus": "MATCHED", "hbSku": "HBCV1"}, True, "HBCV1", None),
    ({"importStatus": "SUCCESS", "productStatus": "PRE_MATCHED", "hbSku": "HBCV2"}, True, None, None),
    ({"importStatus": "SUCCESS", "productStatus": "MISSING_INFO",
      "validationResults": [{"attributeName": "Renk", "message": "zorunlu"}]}, False, None, "MISSING_INFO: Renk: zorunlu"),
    ({"importStatus": "FAILED", "importMessages": [{"severity": "ERROR", "message": "1001"},
                                                   {"severity": "WARNING", "message": "w"}]}, False, None, "import FAILED: 1001"),
    ({"importStatus": "SUCCESS", "productStatus": "BLOCKED", "rejectReasonsMessages": ["copy"]}, False, None, "BLOCKED: copy"),
])
def test_import_row_outcome(row, ok, remote, reason) -> None:
    [outcome] = mappers.import_outcome(row, ["K"])
    assert (outcome.ok, outcome.remote_id, outcome.reason) == (ok, remote, reason)


def test_import_outcomes_follow_the_sku_else_the_position() -> None:
    aliases = {"A": ["ka"], "B": ["kb"]}
    rows = [{"itemOrderID": 2, "merchantSku": "", "importStatus": "FAILED"},
            {"itemOrderID": 1, "merchantSku": "a", "importStatus": "SUCCESS", "productStatus": "WAITING"}]
    assert [(o.key, o.ok) for o in mappers.import_outcomes(rows, aliases)] == [("kb", False), ("ka", True)]


@pytest.mark.parametrize(("status", "expected"), [("InProgress", "processing"), ("", "processing"),
                                                  ("Done", "done"), ("COMPLETED_WITH_ERRORS", "done"), ("Failed", "failed")])
def test_upload_status(status: str, expected: str) -> None:
    assert mappers.upload_status({"status": status}) == expected


def test_upload_outcomes_by_sku_position_and_price_lock() -> None:
    aliases = {"A": ["ka"], "B": ["kb"], "C": ["kc"], "D": ["kd"]}
    body = {"errors": [{"elementNo": 1, "merchantSku": "a", "errors": ["InvalidPrice"]},
                       {"elementNo": 2, "merchantSku": None, "errors": ["ProductNotFound", "X"]}],
            "priceValidations": [{"merchantSku": "C", "type": "MaxLock", "minPrice": 1, "maxPrice": 2}]}
    assert [(o.key, o.ok, o.reason) for o in mappers.upload_outcomes(body, aliases)] == [
        ("ka", False, "InvalidPrice"), ("kb", False, "ProductNotFound, X"), ("kc", False, "MaxLock: allowed 1..2"),
        ("kd", True, None)]


@pytest.mark.parametrize(("item", "body"), [
    (PriceInput("bc1", "8", sale_price=Decimal("12.30")), {"merchantSku": "BC1", "price": 12.3}),
    (StockInput("bc1", "8", stock=-1), {"merchantSku": "BC1", "availableStock": 0}),
])
def test_listing_items(item, body) -> None:
    to_item = mappers.to_price_item if isinstance(item, PriceInput) else mappers.to_stock_item
    assert to_item(item) == body


def test_categories_parents_first_and_usable_leaves() -> None:
    rows = [{"categoryId": 3, "name": "Leaf", "parentCategoryId": 2, "leaf": True, "status": "ACTIVE", "available": False},
            {"categoryId": 2, "name": "Mid", "parentCategoryId": 1, "leaf": False},
            {"categoryId": 4, "name": "Ok", "parentCategoryId": 2, "leaf": True, "status": "ACTIVE", "available": True}]
    tree = mappers.categories_from_json(rows)
    assert [(c.remote_id, c.parent_remote_id, c.is_leaf) for c in tree] == [("2", None, False), ("3", "2", False),
                                                                              ("4", "2", True)]


@pytest.mark.parametrize(("value", "expected"), [
    ("2026-12-02T10:00:00.123", datetime(2026, 12, 2, 7, 0, 0, 123000, tzinfo=timezone.utc)),
    ("2026-12-02T10:00:00Z", datetime(2026, 12, 2, 10, 0, tzinfo=timezone.utc)),
])
def test_response_dates_without_offset_are_turkish_time(value: str, expected: datetime) -> None:
    assert order_mappers.response_date(value) == expected


def test_query_dates_are_turkish_time() -> None:
    assert order_mappers.query_date(datetime(2026, 12, 2, 21, 30, tzinfo=timezone.utc)) == "2026-12-03 00:30"


def test_package_becomes_one_unit_per_quantity() -> None:
    package = order_mappers.package_from_json({
        "packageNumber": "5001", "status": "Open", "orderDate": "2026-12-02T10:00:00", "customerName": "Ayşe Nur Yılmaz",
        "recipientName": "Ali Veli", "shippingTown": "Kadıköy", "shippingDistrict": "Moda", "shippingCity": "İstanbul",
        "totalPrice": {"amount": 180, "currency": "TRY"},
        "items": [{"lineItemId": "L1", "orderNumber": "4001", "merchantSku": "BC1", "quantity": 2,
                   "price": {"amount": 100}, "unitHBDiscount": {"amount": 10}, "totalHBDiscount": {"amount": 20},
                   "vatRate": 20}]})
    assert (package.package_id, package.order_number, package.status, package.amount) == ("5001", "4001", "Created", 180)
    assert [(u.unit_id, u.price, u.discount) for u in package.units] == [("L1-1", 90, 10), ("L1-2", 90, 10)]
    assert (package.customer.first_name, package.customer.last_name) == ("Ayşe Nur", "Yılmaz")
    assert (package.shipping_address.township, package.shipping_address.district) == ("Kadıköy", "Moda")


def detail_line(line_id: str, package: str | None, status: str, quantity: int = 1) -> dict:
    money = {"amount": 100.0, "currency": "TRY"}
    return {"id": line_id, "packageNumber": package, "status": status, "quantity": quantity, "merchantSKU": "BC1-M",
            "unitPrice": money, "totalPrice": {"amount": 100.0 * quantity, "currency": "TRY"},
            "hbDiscount": {"unitPrice": {"amount": 10}, "totalPrice": {"amount": 10 * quantity}},
            "cargoCompany": "Aras Kargo", "vatRate": 20, "lastStatusUpdateDate": "2026-12-01T10:00:00"}


@pytest.mark.parametrize(("lines", "expected"), [
    ([detail_line("a", "P1", "Shipped", 2)], {"P1": ("Shipped", ["Shipped", "Shipped"])}),
    ([detail_line("a", "P1", "Delivered")], {"P1": ("Delivered", ["Delivered"])}),
    ([detail_line("a", "P1", "Undelivered")], {"P1": ("UnDelivered", ["UnDelivered"])}),
    ([detail_line("a", "P1", "Packaged"), detail_line("b", "P1", "Cancelled")],
     {"P1": ("Created", ["Created", "Cancelled"])}),
    ([detail_line("a", "P1", "Cancelled"), detail_line("b", "P1", "Cancelled")],
     {"P1": ("Cancelled", ["Cancelled", "Cancelled"])}),
    ([detail_line("a", None, "Cancelled"), detail_line("b", "P2", "Packaged")],
     {"40001": ("Cancelled", ["Cancelled"]), "P2": ("Created", ["Created"])}),
    ([detail_line("a", None, "Open")], {}),  # not packaged yet: nothing to import
])
def test_order_detail_becomes_its_packages(lines, expected) -> None:
    order = {"orderNumber": "40001", "orderDate": "2026-12-01T09:00:00", "customer": {"customerId": "c1", "name": "Ada Kaya"},
             "deliveryAddress": {"name": "Ada Kaya", "town": "Kadıköy", "district": "Moda", "city": "İstanbul"},
             "items": lines}
    packages = order_mappers.packages_from_order(order, {"b": "83"}, {"P1": "HBP1"})
    assert {p.package_id: (p.status, [u.status for u in p.units]) for p in packages} == expected
    for package in packages:
        assert package.order_number == "40001" and package.units[0].price == Decimal("90")
        assert package.shipping_address.township == "Kadıköy" and package.customer.first_name == "Ada"
        assert all(u.cancel_reason_code == ("83" if u.line_id == "b" and u.status == "Cancelled" else "")
                   for u in package.units)
    if "P1" in expected:
        assert next(p for p in packages if p.package_id == "P1").tracking_number == "HBP1"


@pytest.mark.parametrize(("line", "cancelled", "expected"), [
    (detail_line("a", "P2", "Packaged", 2), {"a": 1}, {"P2": ["a-1:Created", "a-2:Created"], "40001": ["a-3:Cancelled"]}),
    (detail_line("a", "P2", "Packaged", 2), {}, {"P2": ["a-1:Created", "a-2:Created"]}),
    (detail_line("a", None, "Cancelled", 2), {"a": 3}, {"40001": ["a-1:Cancelled", "a-2:Cancelled", "a-3:Cancelled"]}),
    (detail_line("a", None, "Cancelled", 2), {"a": 2}, {"40001": ["a-1:Cancelled", "a-2:Cancelled"]}),
])
def test_units_a_line_lost_in_part_join_the_cancelled_package_numbered_after_the_kept(line, cancelled, expected) -> None:
    order = {"orderNumber": "40001", "orderDate": "2026-12-01T09:00:00", "items": [line]}
    packages = order_mappers.packages_from_order(order, {}, {}, cancelled)
    assert {p.package_id: [f"{u.unit_id}:{u.status}" for u in p.units] for p in packages} == expected


def test_split_request_keeps_one_package_and_cancels_with_the_reason() -> None:
    assert order_mappers.to_split_request({"a": 1, "b": 2}, {"a": 1}, 3, 83) == {
        "packageDetails": [{"lines": [{"orderLineId": "a", "quantity": 1}, {"orderLineId": "b", "quantity": 2}],
                            "parcelQuantity": 1, "deci": 3}],
        "cancelledItems": [{"orderLineId": "a", "quantity": 1, "cancelReasonId": 83}]}


@pytest.mark.parametrize(("rows", "expected"), [
    ([{"merchantSku": "BC1-M", "deleted": True, "errorMessage": None}], [("k1", True, "")]),
    ([{"merchantSku": "bc1-m", "deleted": False, "errorMessage": "product is MATCHED"}],
     [("k1", False, "product is MATCHED")]),
    ([], [("k1", False, "not in Hepsiburada's delete result")]),
])
def test_delete_outcomes_by_sku(rows, expected) -> None:
    outcomes = mappers.delete_outcomes({"deletedProductList": rows, "completed": True}, {"BC1-M": ["k1"]})
    assert [(o.key, o.ok, o.reason) for o in outcomes] == expected


HELD = {"productName": "Ürün BC1", "description": "", "images": ["https://cdn.example.com/1.jpg"],
        "productAttributes": [{"name": "renk_variant_property", "value": "Kırmızı"}, {"name": "GarantiSuresi", "value": "24"}]}


@pytest.mark.parametrize(("row", "expected"), [
    ({"UrunAdi": "Ürün BC1", "Image1": "https://cdn.example.com/1.jpg", "renk_variant_property": "Kırmızı",
      "GarantiSuresi": 12, "price": "1,00"}, {"hbSku": "HB1"}),  # nothing content-wise differs
    ({"UrunAdi": "Yeni ad"}, {"hbSku": "HB1", "productName": "Yeni ad"}),
    ({"UrunAciklamasi": "açıklama"}, {"hbSku": "HB1", "productDescription": "açıklama"}),
    ({"Image1": "https://cdn.example.com/1.jpg", "Image2": "https://cdn.example.com/2.jpg"},
     {"hbSku": "HB1", "image2": "https://cdn.example.com/2.jpg"}),
    ({"Image1": "https://cdn.example.com/1b.jpg"}, {"hbSku": "HB1", "image1": "https://cdn.example.com/1b.jpg"}),
    ({"renk_variant_property": "Mor", "malzeme": "Pamuk"},
     {"hbSku": "HB1", "attributes": {"renk_variant_property": "Mor", "malzeme": "Pamuk"}}),
])
def test_ticket_item_carries_only_what_differs(row, expected) -> None:
    assert content_updates.ticket_item(row, HELD, "HB1") == expected


def ticket_page(*items) -> dict:
    return {"success": True, "code": 0, "data": [{"merchantId": "m", "items": list(items)}]}


@pytest.mark.parametrize(("items", "status", "outcomes"), [
    ([{"hbSku": "HB1", "productStatus": "UNCOMPLETED", "updateResults": [{"fieldName": "NAME", "fieldResult": "IN_PROGRESS"}]}],
     "processing", None),
    ([{"hbSku": "HB1", "productStatus": "COMPLETED", "updateResults": [{"fieldName": "NAME", "fieldResult": "APPROVED"}]}],
     "done", [("k1", True, "")]),
    ([{"hbSku": "HB1", "productStatus": "COMPLETED", "updateResults": [
        {"fieldName": "MEDIA", "fieldResult": "REJECTED", "rejectReason": "same URL"}]}],
     "done", [("k1", False, "MEDIA: same URL")]),
    ([], "done", [("k1", False, "not in Hepsiburada's content update status")]),
])
def test_ticket_status_and_outcomes(items, status, outcomes) -> None:
    pages = [ticket_page(*items)]
    assert content_updates.ticket_status(pages) == status
    if outcomes is not None:
        assert [(o.key, o.ok, o.reason) for o in content_updates.ticket_outcomes(pages, {"HB1": ["k1"]})] == outcomes
