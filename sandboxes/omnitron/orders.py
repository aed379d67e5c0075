"""Order side of the sandbox: customers, addresses, `create_orders`, order items, cancellations.

Kept apart from products so the orders work can grow here (new statuses, shipping infos,
cancellation rules) without touching the product side.
"""
from __future__ import annotations

import hashlib
from typing import Any

from sandboxes.omnitron.resources import Collection, coerce_ids, public
from sandboxes.omnitron.routing import ApiError, Call, Result, Router
from sandboxes.omnitron.store import Store

CANCELLED = "100"
APPROVED = "400"
ORDER_ALIASES = {"channel_id": "channel"}
ADDRESS_HASH_FIELDS = ("customer", "first_name", "last_name", "phone_number", "country", "city", "township",
                       "district", "line", "postcode", "retail_store")


def show_order(store: Store, row: dict[str, Any]) -> dict[str, Any]:
    items = store.table("order_items")
    pks = sorted(items.lookup("order", [str(row["pk"])]))
    return {**public(store, row), "orderitem_set": [public(store, items.rows[pk]) for pk in pks]}


def show_cancellation(store: Store, row: dict[str, Any]) -> dict[str, Any]:
    return public(store, row)


CUSTOMERS = Collection("customers", "customers", "LCRU", defaults={
    "email": None, "phone_number": None, "first_name": "", "last_name": "", "is_active": True, "channel_code": None,
    "erp_code": None, "extra_field": {}, "email_allowed": False, "sms_allowed": False, "call_allowed": False,
    "gender": None, "attributes": {}, "user_type": "registered", "date_of_birth": None,
    "attributes_kwargs": {}, "localized_attributes": {}, "localized_attributes_kwargs": {}, "date_joined": None,
})
ADDRESSES = Collection("addresses", "addresses", "LR", channel_field=False)
ORDERS = Collection("orders", "orders", "LR", aliases=ORDER_ALIASES, serialize=show_order)
ORDER_ITEMS = Collection("order_items", "order_items", "LRU", channel_field=False)
SHIPPING_INFOS = Collection("order_shipping_infos", "order_shipping_infos", "LC", channel_field=False,
                            required=("order",))
CANCELLATION_REQUESTS = Collection("cancellation_requests", "cancellation_requests", "LR", channel_field=False,
                                   serialize=show_cancellation)


def must_exist(store: Store, table: str, pk: Any, field: str) -> int:
    row = store.table(table).get(pk)
    if row is None:
        raise ApiError(400, {field: [f'Invalid pk "{pk}" - object does not exist.']})
    return int(row["pk"])


def create_address(call: Call) -> Result:
    """400 with a *string* `non_field_errors` naming `hash_data` on a duplicate, as the app expects."""
    body = coerce_ids(call.json())
    must_exist(call.store, "customers", body.get("customer"), "customer")
    digest = hashlib.md5("|".join(str(body.get(f)) for f in ADDRESS_HASH_FIELDS).encode()).hexdigest()
    if call.store.table("addresses").lookup("hash_data", [digest]):
        raise ApiError(400, {"non_field_errors": f"hash_data:{digest} already exists"})
    row = call.store.create("addresses", {"address_type": "customer", **body, "hash_data": digest})
    return public(call.store, row), 201


def create_order(call: Call) -> Result:
    """`create_orders/`: the order and one item row per unit, in one call (201 with both)."""
    store, body = call.store, call.json()
    order = coerce_ids(body.get("order") or {})
    items = [coerce_ids(item) for item in body.get("order_item") or []]
    number = str(order.get("number") or "")
    if not number or not items:
        raise ApiError(400, {"order": {"number": ["This field is required."]}} if not number
                       else {"order_item": ["This list may not be empty."]})
    if store.table("orders").lookup("number", [number]):
        raise ApiError(400, {"order": {"number": ["order with this number already exists."]}})
    try:
        for field, table in (("customer", "customers"), ("shipping_address", "addresses"),
                             ("billing_address", "addresses")):
            must_exist(store, table, order.get(field), field)
        if order.get("cargo_company") is not None:
            must_exist(store, "cargos", order["cargo_company"], "cargo_company")
        for item in items:
            must_exist(store, "products", item.get("product"), "product")
    except ApiError as exc:
        raise ApiError(400, {"order": exc.body}) from None
    row = store.create("orders", {"status": APPROVED, "extra_field": {}, "currency": "try", **order,
                                  "number": number, "channel": call.ch})
    for item in items:
        store.create("order_items", {
            "status": APPROVED, "extra_field": {}, "invoice_number": None, "invoice_date": None,
            "tracking_number": None, **item, "order": row["pk"],
        })
    return show_order(store, row), 201


def cancel_order(call: Call) -> Result:
    store = call.store
    order = ORDERS.row(call)
    body = call.json()
    item_pks = [int(pk) for pk in body.get("cancel_items") or []]
    own = store.table("order_items").lookup("order", [str(order["pk"])])
    foreign = sorted({pk for pk in item_pks if pk not in own})
    if not item_pks or foreign:
        raise ApiError(400, {"cancel_items": [f"Items {foreign} do not belong to order {order['pk']}."
                                              if foreign else "This list may not be empty."]})
    reasons = body.get("reasons") or {}
    for pk in set(item_pks):
        store.touch("order_items", pk, {"status": CANCELLED, "cancellation_reason": reasons.get(str(pk))})
    if all(store.table("order_items").rows[pk]["status"] == CANCELLED for pk in own):
        store.touch("orders", order["pk"], {"status": CANCELLED})
    return {"order": order["pk"], "cancel_items": sorted(set(item_pks)), "status": "ok"}, 200


def create_cancellation_request(call: Call) -> Result:
    body = coerce_ids(call.json())
    must_exist(call.store, "order_items", body.get("order_item"), "order_item")
    if body.get("cancellation_type") not in ("cancel", "refund"):
        raise ApiError(400, {"cancellation_type": ['"cancel" or "refund" is required.']})
    row = call.store.create("cancellation_requests", {
        "status": "waiting_approval", "reason": 10, "description": "", "remote_id": None, **body,
    })
    return public(call.store, row), 201


def updates_handler(coll: Collection, model: str) -> Any:
    def handler(call: Call) -> Result:
        return coll.page(call, coll.select(call, scope=call.store.derived.pending(model, "updates", call.ch))), 200
    return handler


def register(router: Router) -> None:
    for coll in (CUSTOMERS, ADDRESSES, ORDERS, ORDER_ITEMS, SHIPPING_INFOS, CANCELLATION_REQUESTS):
        coll.register(router)
    router.add("POST", "channel/{ch}/addresses/", create_address)
    router.add("POST", "channel/{ch}/create_orders/", create_order)
    router.add("POST", "channel/{ch}/orders/{pk}/cancel/", cancel_order)
    router.add("GET", "channel/{ch}/orders/updates/", updates_handler(ORDERS, "order"))
    router.add("POST", "channel/{ch}/cancellation_requests/", create_cancellation_request)
    router.add("GET", "channel/{ch}/cancellation_requests/updates/",
               updates_handler(CANCELLATION_REQUESTS, "cancellationrequest"))
