"""Table-driven tests of the pure Trendyol mappers (no sandbox needed)."""
from __future__ import annotations

from decimal import Decimal

import pytest

from channel.adapters.payloads import (
    AttributeInput,
    ImageInput,
    PriceInput,
    ProductPayloadInput,
    ProductRef,
    StockInput,
)
from channel.adapters.results import ItemOutcome, RemoteAttributeValue, RemoteCategory
from channel.adapters.trendyol import mappers


def product(**overrides: object) -> ProductPayloadInput:
    fields: dict = dict(
        sku="SKU-TS-R-M", barcode="ACME-TSHIRT-RED-M", name="Acme Cotton T-Shirt Red",
        description="<p>100% cotton</p>", group_key="ACME-TSHIRT", category_remote_id="411",
        brand_remote_id="1791",
        attributes=(AttributeInput("293", ("4602",)), AttributeInput("47", custom_value="Kırmızı")),
        images=("https://cdn.example.com/ts-red-1.jpg",), list_price=Decimal("499.90"),
        sale_price=Decimal("399.90"), stock=25, vat_rate=20,
    )
    fields.update(overrides)
    return ProductPayloadInput(**fields)


@pytest.mark.parametrize(("raw", "expected"), [
    ("ACME-1", "ACME-1"),
    ("ACME 1 2", "ACME12"),
    (" ACME\t1 ", "ACME1"),
    ("", ""),
])
def test_normalize_barcode_removes_all_whitespace(raw: str, expected: str) -> None:
    assert mappers.normalize_barcode(raw) == expected


@pytest.mark.parametrize(("value", "expected"), [
    (Decimal("399.90"), 399.9),
    (Decimal("10"), 10.0),
    (Decimal("0.005"), 0.01),
    (Decimal("12.344"), 12.34),
])
def test_money_rounds_to_kurus(value: Decimal, expected: float) -> None:
    assert mappers.money(value) == expected


def test_create_item_matches_documented_v2_shape() -> None:
    item = mappers.to_create_item(product(extra={"deliveryDuration": 1, "cargoProviders": ["YKMP"],
                                                "origin": "TR", "ignored": "x"}))
    assert item == {
        "barcode": "ACME-TSHIRT-RED-M", "title": "Acme Cotton T-Shirt Red", "productMainId": "ACME-TSHIRT",
        "brandId": 1791, "categoryId": 411, "stockCode": "SKU-TS-R-M", "dimensionalWeight": 1,
        "description": "<p>100% cotton</p>", "vatRate": 20,
        "images": [{"url": "https://cdn.example.com/ts-red-1.jpg"}],
        "attributes": [{"attributeId": 293, "attributeValueIds": [4602]},
                       {"attributeId": 47, "attributeValue": "Kırmızı"}],
        "deliveryOption": {"deliveryDuration": 1}, "cargoProviders": ["YKMP"], "origin": "TR",
        "quantity": 25, "listPrice": 499.9, "salePrice": 399.9,
    }


@pytest.mark.parametrize(("overrides", "reason"), [
    ({"category_remote_id": ""}, "no Trendyol category id mapped"),
    ({"brand_remote_id": ""}, "no Trendyol brand id mapped"),
    ({"brand_remote_id": "acme"}, "Trendyol brand id 'acme' is not an integer id"),
    ({"barcode": " "}, "no barcode (Trendyol identifies products by barcode)"),
    ({"name": ""}, "no name"),
    ({"attributes": (AttributeInput("293"),)}, "attribute 293 has no value"),
    ({"attributes": (AttributeInput("x", ("1",)),)}, "Trendyol attribute id 'x' is not an integer id"),
])
def test_create_item_refuses_what_trendyol_cannot_take(overrides: dict, reason: str) -> None:
    with pytest.raises(mappers.MappingError) as caught:
        mappers.to_create_item(product(**overrides))
    assert caught.value.reason == reason


@pytest.mark.parametrize(("overrides", "main_id", "weight"), [
    ({}, "ACME-TSHIRT", 1),
    ({"group_key": ""}, "SKU-TS-R-M", 1),
    ({"extra": {"dimensionalWeight": 3.5}}, "ACME-TSHIRT", 3.5),
])
def test_create_item_defaults_product_main_id_and_weight(overrides: dict, main_id: str, weight: float) -> None:
    item = mappers.to_create_item(product(**overrides))
    assert (item["productMainId"], item["dimensionalWeight"]) == (main_id, weight)


def test_unapproved_update_item_never_carries_stock_or_price() -> None:
    item = mappers.to_unapproved_update_item(product())
    assert not {"quantity", "listPrice", "salePrice"} & set(item)
    assert item["barcode"] == "ACME-TSHIRT-RED-M"


@pytest.mark.parametrize(("remote_id", "expected"), [("100001", 100001), (" 7 ", 7)])
def test_content_update_item_is_keyed_by_content_id(remote_id: str, expected: int) -> None:
    item = mappers.to_content_update_item(product(remote_id=remote_id))
    assert item["contentId"] == expected
    assert set(item) == {"contentId", "title", "description", "images", "attributes"}


def test_content_update_item_without_content_id_is_refused() -> None:
    with pytest.raises(mappers.MappingError, match="content id"):
        mappers.to_content_update_item(product())


@pytest.mark.parametrize(("extra", "expected"), [
    ({}, {"barcode": "ACME-TSHIRT-RED-M", "stockCode": "SKU-TS-R-M", "vatRate": 20, "dimensionalWeight": 1}),
    ({"origin": "TR", "cargoProviders": ["YKMP"]},
     {"barcode": "ACME-TSHIRT-RED-M", "stockCode": "SKU-TS-R-M", "vatRate": 20, "dimensionalWeight": 1,
      "origin": "TR"}),
])
def test_variant_update_item(extra: dict, expected: dict) -> None:
    assert mappers.to_variant_update_item(product(extra=extra)) == expected


@pytest.mark.parametrize(("item", "expected"), [
    (PriceInput("S", "B 1", list_price=Decimal("10"), sale_price=Decimal("9.99")),
     {"barcode": "B1", "listPrice": 10.0, "salePrice": 9.99}),
    (StockInput("S", "B1", stock=0), {"barcode": "B1", "quantity": 0}),
    (StockInput("S", "B1", stock=20_000), {"barcode": "B1", "quantity": 20_000}),
])
def test_price_and_stock_items_carry_only_what_changes(item: object, expected: dict) -> None:
    mapper = mappers.to_price_item if isinstance(item, PriceInput) else mappers.to_stock_item
    assert mapper(item) == expected


def test_negative_stock_is_refused() -> None:
    with pytest.raises(mappers.MappingError, match="negative stock"):
        mappers.to_stock_item(StockInput("S", "B1", stock=-1))


@pytest.mark.parametrize(("item", "mapper", "expected"), [
    (ProductRef("S", "B1"), mappers.to_delete_item, {"barcode": "B1"}),
    (ProductRef("S", "B 1"), lambda ref: mappers.to_archive_item(ref, archived=False),
     {"barcode": "B1", "archived": False}),
    (ImageInput("S", "B1", images=("https://x/1.jpg",)), mappers.to_unapproved_images_item,
     {"barcode": "B1", "images": [{"url": "https://x/1.jpg"}]}),
    (ImageInput("S", "B1", remote_id="55", images=("https://x/1.jpg", "https://x/2.jpg")),
     mappers.to_content_images_item, {"contentId": 55, "images": [{"url": "https://x/1.jpg"}, {"url": "https://x/2.jpg"}]}),
])
def test_delete_and_image_items(item: object, mapper: object, expected: dict) -> None:
    assert mapper(item) == expected  # type: ignore[operator]


def test_request_fingerprint_ignores_key_order_but_not_values() -> None:
    first = mappers.request_fingerprint(1, "/p", [{"barcode": "B", "quantity": 1}])
    assert first == mappers.request_fingerprint(1, "/p", [{"quantity": 1, "barcode": "B"}])
    assert first != mappers.request_fingerprint(1, "/p", [{"barcode": "B", "quantity": 2}])
    assert first != mappers.request_fingerprint(2, "/p", [{"barcode": "B", "quantity": 1}])


@pytest.mark.parametrize(("body", "keys"), [
    ('{"errors": [{"key": "a.b", "message": "m"}, {"key": "c"}]}', ["a.b", "c"]),
    ('{"error": "Bad Request", "message": "m"}', []),
    ("not json", []),
    ("[]", []),
])
def test_error_keys(body: str, keys: list[str]) -> None:
    assert mappers.error_keys(body) == keys


@pytest.mark.parametrize(("request_item", "key"), [
    ({"barcode": "B1", "product": {"barcode": "B1"}}, "B1"),
    ({"product": {"barcode": "B2"}}, "B2"),
    ({"supplierId": 1, "updateRequest": {"contentId": 77, "title": "t"}}, "content:77"),
    ({"supplierId": 1, "updateRequest": {"barcode": "B3"}}, "B3"),
    ({"supplierId": 1, "barcode": "B4", "request": {"barcode": "B4"}}, "B4"),
    ({"barcode": "B5", "quantity": 3, "updateRequestDate": "2026-10-01T10:00:00.000+00:00"}, "B5"),
    ({}, ""),
])
def test_batch_item_key_reads_every_documented_echo(request_item: dict, key: str) -> None:
    assert mappers.batch_item_key(request_item) == key


@pytest.mark.parametrize(("item", "aliases", "expected"), [
    ({"requestItem": {"barcode": "B1"}, "status": "SUCCESS", "failureReasons": []}, {},
     [ItemOutcome("B1", True)]),
    ({"requestItem": {"barcode": "B1"}, "status": "FAILED", "failureReasons": ["r1", "r2"]}, {},
     [ItemOutcome("B1", False, reason="r1; r2")]),
    ({"requestItem": {"barcode": "B1"}, "status": "FAILURE"}, {},
     [ItemOutcome("B1", False, reason="status FAILURE")]),
    ({"requestItem": {"barcode": "AB1"}, "status": "SUCCESS"}, {"AB1": ["AB 1"]},
     [ItemOutcome("AB 1", True)]),
    ({"requestItem": {"updateRequest": {"contentId": 9}}, "status": "SUCCESS"}, {"content:9": ["B1", "B2"]},
     [ItemOutcome("B1", True, remote_id="9"), ItemOutcome("B2", True, remote_id="9")]),
])
def test_outcomes_from_batch_item(item: dict, aliases: dict, expected: list[ItemOutcome]) -> None:
    assert mappers.outcomes_from_batch_item(item, aliases) == expected


@pytest.mark.parametrize(("data", "status"), [
    ({"status": "COMPLETED", "items": []}, "done"),
    ({"status": "IN_PROGRESS", "items": []}, "processing"),
    ({"status": "FAILED"}, "failed"),
    ({"itemCount": 2, "items": []}, "processing"),
    ({"itemCount": 2, "items": [{"status": "SUCCESS"}]}, "processing"),
    ({"itemCount": 2, "items": [{"status": "SUCCESS"}, {"status": "IN_PROGRESS"}]}, "processing"),
    ({"itemCount": 2, "items": [{"status": "SUCCESS"}, {"status": "FAILED"}]}, "done"),
])
def test_batch_status_including_inventory_batches_without_status(data: dict, status: str) -> None:
    assert mappers.batch_status(data) == status


def test_batch_result_keeps_only_decided_items() -> None:
    result = mappers.batch_result_from_json({
        "batchRequestId": "b-1", "itemCount": 2, "batchRequestType": "ProductInventoryUpdate",
        "items": [{"requestItem": {"barcode": "B1"}, "status": "SUCCESS"},
                  {"requestItem": {"barcode": "B2"}, "status": "IN_PROGRESS"}],
    })
    assert (result.remote_batch_id, result.status, result.item_count) == ("b-1", "processing", 2)
    assert result.outcomes == [ItemOutcome("B1", True)]


TREE = [{"id": 1, "name": "A", "parentId": None, "subCategories": [
    {"id": 2, "name": "B", "parentId": 1, "subCategories": [{"id": 3, "name": "C", "parentId": 2, "subCategories": []}]},
    {"id": 4, "name": "D", "parentId": 1, "subCategories": []}]}]
FLAT = [RemoteCategory("1", "A", None, False), RemoteCategory("2", "B", "1", False),
        RemoteCategory("3", "C", "2", True), RemoteCategory("4", "D", "1", True)]


@pytest.mark.parametrize("data", [{"categories": TREE}, TREE], ids=["envelope", "bare-array"])
def test_categories_flatten_parents_first(data: object) -> None:
    assert mappers.categories_from_json(data) == FLAT


def test_attributes_read_flags_and_embedded_v1_values() -> None:
    [attribute] = mappers.attributes_from_json({"categoryAttributes": [{
        "allowCustom": True, "attribute": {"id": 47, "name": "Renk"}, "required": True, "varianter": False,
        "slicer": True, "allowMultipleAttributeValues": False, "attributeValues": [{"id": 1, "name": "Kırmızı"}]}]})
    assert (attribute.remote_id, attribute.required, attribute.allow_custom, attribute.slicer) == ("47", True, True, True)
    assert attribute.values == (RemoteAttributeValue("1", "Kırmızı"),)


@pytest.mark.parametrize("name_field", ["attributeValue", "attributeValueName"])
def test_attribute_values_accept_both_name_spellings(name_field: str) -> None:
    data = {"content": [{"attributeValueId": 4872, name_field: "Tek Ebat"}]}
    assert mappers.attribute_values_from_json(data) == [RemoteAttributeValue("4872", "Tek Ebat")]


@pytest.mark.parametrize("data", [{"brands": [{"id": 10, "name": "X"}]}, [{"id": 10, "name": "X"}]])
def test_brands_from_list_or_search_shape(data: object) -> None:
    assert [(b.remote_id, b.name) for b in mappers.brands_from_json(data)] == [("10", "X")]


@pytest.mark.parametrize(("data", "approved", "remote_id"), [
    ({"barcode": "B", "approved": True, "archived": False, "contentId": 5}, True, "5"),
    ({"barcode": "B", "approved": False, "archived": False, "contentId": None}, False, None),
])
def test_product_state(data: dict, approved: bool, remote_id: str | None) -> None:
    state = mappers.product_state_from_json(data)
    assert (state.key, state.approved, state.remote_id) == ("B", approved, remote_id)
