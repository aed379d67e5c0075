"""Test orders: the SIT stub host's `POST /orders/merchantId/{merchantId}` and the same seeding for
`/_sandbox/orders`. The main-marketplace body is not documented; the HX one is used:
`{"customerId"?, "lineItems": [{"hepsiburadaSku", "quantity"}]}`, every SKU on sale for the merchant.
"""
from __future__ import annotations

import uuid
from typing import Any

from flask import Blueprint, jsonify, request

from sandboxes.hepsiburada.clock import stamp
from sandboxes.hepsiburada.guard import error
from sandboxes.hepsiburada.listings import view
from sandboxes.hepsiburada.state import State, get_state

blueprint = Blueprint("hb_stub", __name__, url_prefix="/<any('oms-stub-external-sit'):host>")
blueprint.url_value_preprocessor(lambda endpoint, values: (values or {}).pop("host", None))

ADDRESS = {"addressId": "a1", "name": "Ayşe Yılmaz", "address": "Moda Cad. No: 1", "town": "Kadıköy",
           "district": "Moda", "city": "İstanbul", "countryCode": "TR", "postalCode": "34710",
           "phoneNumber": "05321234567", "alternatePhoneNumber": "", "email": "ayse@example.com", "directions": ""}


class OrderRefused(ValueError):
    """The order cannot be placed (unknown or not salable SKU, bad quantity)."""


def place_order(state: State, body: Any) -> dict[str, Any]:
    """Create one paid order with a line per requested SKU; takes the units from the listing stock."""
    items = body.get("lineItems") if isinstance(body, dict) else None
    if not isinstance(items, list) or not items:
        raise OrderRefused("lineItems is required")
    wanted = []
    for item in items:
        listing = next((row for row in state.listings.values() if row["hepsiburadaSku"] == (item or {}).get("hepsiburadaSku")), None)
        quantity = (item or {}).get("quantity")
        if listing is None or not view(listing)["isSalable"]:
            raise OrderRefused(f"{(item or {}).get('hepsiburadaSku')} is not on sale for the merchant")
        if not isinstance(quantity, int) or not 0 < quantity <= listing["availableStock"]:
            raise OrderRefused(f"quantity of {listing['hepsiburadaSku']} must be 1..{listing['availableStock']}")
        wanted.append((listing, quantity))
    number = f"{4000000000 + state.next_number()}"
    order_id, now = str(uuid.uuid4()), state.now()
    customer = str(body.get("customerId") or uuid.uuid5(uuid.NAMESPACE_URL, number))
    for listing, quantity in wanted:
        listing["availableStock"] -= quantity
        line_id = str(uuid.uuid4())
        unit = float(listing["price"])
        state.lines[line_id] = {
            "id": line_id, "orderId": order_id, "orderNumber": number, "orderDate": stamp(now), "created": now,
            "packageNumber": None, "sku": listing["hepsiburadaSku"], "merchantSKU": listing["merchantSku"],
            "productBarcode": listing.get("barcode", ""), "name": listing.get("name", listing["merchantSku"]),
            "properties": [], "quantity": quantity,
            "unitPrice": {"amount": unit, "currency": "TRY"},
            "totalPrice": {"amount": round(unit * quantity, 2), "currency": "TRY"},
            "hbDiscount": {"unitPrice": {"amount": 0, "currency": "TRY"}, "totalPrice": {"amount": 0, "currency": "TRY"}},
            "merchantDiscount": {"unitPrice": {"amount": 0, "currency": "TRY"},
                                 "totalPrice": {"amount": 0, "currency": "TRY"}},
            "vat": round(unit * quantity * 20 / 120, 2), "vatRate": 20, "status": "Open",
            "cargoCompany": "Aras Kargo", "shippingAddress": dict(ADDRESS), "customerId": customer,
            "customerName": ADDRESS["name"], "email": ADDRESS["email"],
            "invoice": {"turkishIdentityNumber": "11111111111", "taxNumber": "", "taxOffice": "",
                        "address": dict(ADDRESS)},
        }
    return {"orderNumber": number, "orderId": order_id}


@blueprint.post("/orders/merchantId/<merchant_id>")
def create_test_order(merchant_id: str) -> Any:
    state = get_state()
    with state.lock:
        try:
            return jsonify(place_order(state, request.get_json(silent=True))), 201
        except OrderRefused as exc:
            return error("oms", 400, str(exc))
