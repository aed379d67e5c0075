"""Pure conversions from Omnitron rows to adapter inputs."""
from __future__ import annotations

from decimal import Decimal

import pytest

from channel.adapters import RemoteAttribute, RemoteAttributeValue
from channel.flows.catalog.product_inputs import (
    MissingData, attribute_inputs, identity, image_urls, prices_of, product_input, vat_rate,
)

PRODUCT = {"pk": 7, "sku": "BC1-M", "name": "Tişört", "base_code": "BC1",
           "attributes": {"barcode": "8690000000011", "renk": "001"}}
PRICE = {"price": "80.00", "retail_price": "100.00", "tax_rate": "18.00", "currency_type": "try"}
SIZE = RemoteAttribute("293", "Beden", values=(RemoteAttributeValue("4601", "S"), RemoteAttributeValue("4602", "M")))
COLOUR = RemoteAttribute("47", "Renk", allow_custom=True)


def test_barcode_follows_the_conf_path_and_falls_back_to_sku():
    assert identity(PRODUCT, {"remote_id_attribute": "attributes__barcode"}) == ("BC1-M", "8690000000011")
    assert identity(PRODUCT, {"remote_id_attribute": "sku"}) == ("BC1-M", "BC1-M")
    assert identity({"sku": "X"}, {}) == ("X", "X")


def test_retail_price_is_the_list_price_and_vat_snaps_to_an_allowed_rate():
    assert prices_of(PRICE) == (Decimal("100.00"), Decimal("80.00"))
    assert prices_of({"price": "5", "retail_price": None}) == (Decimal("5"), Decimal("5"))
    assert vat_rate(PRICE, {}) == 20 and vat_rate({"tax_rate": "1.00"}, {}) == 1
    with pytest.raises(MissingData):
        prices_of(None)


def test_attribute_values_resolve_to_marketplace_ids_else_free_text():
    mapped = {"mapped_attribute_values": {
        "2": {"attribute_remote_id": "293", "value": "M", "label": "M"},
        "1": {"attribute_remote_id": "47", "value": "001", "label": "Kırmızı"},
        "3": {"attribute_remote_id": None, "value": "x", "label": "x"},
    }}

    inputs = attribute_inputs(mapped, {"293": SIZE, "47": COLOUR})

    assert [(a.remote_attribute_id, a.value_ids, a.custom_value) for a in inputs] == \
        [("293", ("4602",), None), ("47", (), "Kırmızı")]


def test_relative_images_join_the_media_host_in_order():
    rows = [{"image": "/media/a.jpg"}, {"image": "https://other/b.jpg"}, {"image": ""}]
    assert image_urls(rows, "https://cdn.example.com/") == ("https://cdn.example.com/media/a.jpg",
                                                            "https://other/b.jpg")


def test_product_without_category_or_brand_is_a_mapping_failure_with_a_reason():
    common = dict(conf={}, attributes=(), price=PRICE, stock={"stock": 3}, images=(), remote_id=None)
    with pytest.raises(MissingData, match="category"):
        product_input(PRODUCT, category="", brand="1791", **common)
    with pytest.raises(MissingData, match="brand"):
        product_input(PRODUCT, category="411", brand="", **common)
    made = product_input(PRODUCT, category="411", brand="1791", **common)
    assert (made.key, made.group_key, made.stock, made.vat_rate) == ("8690000000011", "BC1", 3, 20)
