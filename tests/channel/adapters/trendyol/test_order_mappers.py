"""Pure Trendyol order mappers, table-tested (no I/O)."""
from __future__ import annotations

from datetime import datetime, timezone
from decimal import Decimal

import pytest

from channel.adapters.orders import LineQuantity
from channel.adapters.trendyol import order_mappers as om

PACKAGE = {
    "shipmentPackageId": 3330111111, "orderNumber": "10654411111", "orderDate": 1762253333685,
    "lastModifiedDate": 1762865408581, "status": "Created", "shipmentPackageStatus": "Created",
    "customerId": 888888888, "customerFirstName": "Ayşe", "customerLastName": "Yılmaz",
    "customerEmail": "pf+abc@trendyolmail.com",
    "shipmentAddress": {"firstName": "Ayşe", "lastName": "Yılmaz", "address1": "Maslak Cd. 1", "address2": "D:3",
                        "city": "İstanbul", "district": "Sarıyer", "neighborhood": "Maslak Mahallesi",
                        "postalCode": "34398", "countryCode": "TR", "phone": "5551234567"},
    "cargoTrackingNumber": 7280027504111111, "cargoProviderName": "Trendyol Express Marketplace",
    "currencyCode": "TRY", "packageTotalPrice": 897.8, "packageTotalDiscount": 100,
    "createdBy": "cancel", "originPackageIds": [3330000001],
    "lines": [{"lineId": 4765111111, "barcode": "ACME-R-M", "stockCode": "SKU-R-M", "productName": "T-Shirt",
               "quantity": 2, "lineGrossAmount": 498.90, "lineUnitPrice": 448.90, "vatRate": 20,
               "orderLineItemStatusName": "Created",
               "discountDetails": [{"lineItemId": "1", "lineItemPrice": 448.90},
                                   {"lineItemId": "2", "lineItemPrice": 448.90}]}],
}


@pytest.mark.parametrize(("raw", "expected"), [
    (498.9, Decimal("498.90")), (0.1 + 0.2, Decimal("0.30")), ("12", Decimal("12.00")), (None, Decimal("0.00")),
    (2.675, Decimal("2.68")),
])
def test_amount_is_two_decimal(raw, expected):
    assert om.amount(raw) == expected


@pytest.mark.parametrize(("name", "code"), [
    ("Yurtiçi Kargo Marketplace", "yurtici-kargo"), ("Aras Kargo Marketplace", "aras-kargo"),
    ("Trendyol Express", "trendyol-express"), ("MNG Kargo", "mng-kargo"), ("  İyi Lojistik  ", "iyi-lojistik"),
])
def test_carrier_code_is_an_erp_style_slug(name, code):
    assert om.carrier_code(name) == code


def test_package_maps_identity_money_customer_and_replacement():
    package = om.package_from_json(PACKAGE)
    assert (package.package_id, package.order_number, package.status) == ("3330111111", "10654411111", "Created")
    assert package.amount == Decimal("897.80") and package.discount == Decimal("100.00")
    assert package.currency == "try" and package.cargo_code == "trendyol-express"
    assert package.tracking_number == "7280027504111111"
    # orderDate is GMT+3 written as an epoch (Trendyol's sample runs 3 h ahead of its creation history)
    assert package.placed_at == datetime.fromtimestamp(1762253333.685 - 3 * 3600, tz=timezone.utc)
    assert package.replaces and package.origin_package_ids == ("3330000001",)
    assert (package.customer.email, package.customer.phone, package.customer.remote_id) == (
        "pf+abc@trendyolmail.com", "5551234567", "888888888")


def test_invoice_address_defaults_to_the_shipping_address_and_places_map_to_omnitron_levels():
    package = om.package_from_json(PACKAGE)
    address = package.shipping_address
    assert package.billing_address == address
    assert (address.city, address.township, address.district) == ("İstanbul", "Sarıyer", "Maslak Mahallesi")
    assert address.line == "Maslak Cd. 1 D:3"


def test_one_unit_per_discount_detail_with_price_and_discount():
    units = om.package_from_json(PACKAGE).units
    assert [(u.unit_id, u.line_id, u.sku, u.price, u.retail_price, u.discount) for u in units] == [
        ("1", "4765111111", "SKU-R-M", Decimal("448.90"), Decimal("498.90"), Decimal("50.00")),
        ("2", "4765111111", "SKU-R-M", Decimal("448.90"), Decimal("498.90"), Decimal("50.00")),
    ]


@pytest.mark.parametrize(("line", "expected_ids"), [
    ({"id": 9, "merchantSku": "OLD", "price": 10, "amount": 12, "quantity": 2}, ["9-1", "9-2"]),
    ({"lineId": 5, "stockCode": "NEW", "lineUnitPrice": 10, "quantity": 1,
      "discountDetails": [{"lineItemId": "77", "lineItemPrice": 10}]}, ["77"]),
])
def test_old_field_names_and_missing_unit_detail_still_give_one_unit_each(line, expected_ids):
    assert [u.unit_id for u in om.units_from_line(line)] == expected_ids


def test_cancelled_units_carry_their_reason_code():
    raw = {**PACKAGE, "lines": [{**PACKAGE["lines"][0], "orderLineItemStatusName": "UnSupplied",
                                 "cancelReasonCode": 501}]}
    package = om.package_from_json(raw)
    assert [u.cancel_reason_code for u in package.cancelled_units] == ["501", "501"]


@pytest.mark.parametrize(("status", "invoice", "params"), [
    ("Picking", "", {}), ("Invoiced", "EME1", {"invoiceNumber": "EME1"}),
])
def test_status_body(status, invoice, params):
    body = om.status_body([LineQuantity("4765111111", 2)], status, invoice)
    assert body == {"lines": [{"lineId": 4765111111, "quantity": 2}], "params": params, "status": status}


def test_unsupplied_body():
    assert om.unsupplied_body([LineQuantity("1", 1)], "501") == {"lines": [{"lineId": 1, "quantity": 1}],
                                                                 "reasonId": 501}


def test_claim_units():
    claim = om.claim_from_json({"id": "c1", "orderNumber": "1", "orderShipmentPackageId": 5, "lastModifiedDate": 0,
                                "items": [{"orderLine": {"id": 7}, "claimItems": [
                                    {"id": "ci", "orderLineItemId": 70, "claimItemStatus": {"name": "Created"},
                                     "customerClaimItemReason": {"id": 401}}]}]})
    assert (claim.claim_id, claim.package_id) == ("c1", "5")
    assert [(u.claim_item_id, u.unit_id, u.line_id, u.status, u.reason_id) for u in claim.units] == [
        ("ci", "70", "7", "Created", "401")]
