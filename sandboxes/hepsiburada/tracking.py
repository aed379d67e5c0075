"""Order service, after packaging: the shipped / delivered / undelivered package lists and the
order detail read, which together tell what happened to a package once it left the packages list's
packaging-date window.

Rules enforced: `offset` and `limit` are required (400 with the documented text), limit caps at 50;
`begindate`/`enddate` filter on the date of that status (a window longer than 24 hours has its
`enddate` replaced by begindate + 24 h, as on the other lists; the documentation states that cut for
orders and packages only, this is the stricter reading); the delivered list covers the last month
only. Items are PascalCase, as documented. The order detail answers 404 for an unknown order number.
A line's `status` in the order detail is its package's once the package left the seller
(Shipped / Delivered / Undelivered); the documentation names the field but not its values.
"""
from __future__ import annotations

from typing import Any

from flask import Blueprint, jsonify

from sandboxes.hepsiburada.clock import stamp
from sandboxes.hepsiburada.guard import error
from sandboxes.hepsiburada.oms import BadQuery, bad_query, envelope, line_view, paging, window, within
from sandboxes.hepsiburada.state import State, get_state

blueprint = Blueprint("hb_oms_tracking", __name__, url_prefix="/<any('oms-external-sit', 'oms-external'):host>")
blueprint.url_value_preprocessor(lambda endpoint, values: (values or {}).pop("host", None))
blueprint.register_error_handler(BadQuery, bad_query)

MONTH = 30 * 24 * 3600
#: list name -> (package status, the item's date field, the state key holding that moment)
LISTS = {"shipped": ("Shipped", "ShippedDate", "shipped_at"), "delivered": ("Delivered", "DeliveredDate", "delivered_at"),
         "undelivered": ("Undelivered", "UndeliveredDate", "undelivered_at")}
LEFT_THE_SELLER = frozenset(status for status, _, _ in LISTS.values())


@blueprint.get("/packages/merchantid/<merchant_id>/<any(shipped, delivered, undelivered):kind>")
def status_list(merchant_id: str, kind: str) -> Any:
    state = get_state()
    start, limit = paging(50)
    status, date_field, key = LISTS[kind]
    with state.lock:
        span = window(state)
        oldest = state.now() - MONTH if kind == "delivered" else float("-inf")
        rows = [status_item(state, package, date_field, package[key]) for package in state.packages.values()
                if package["status"] == status and package[key] >= oldest and within(package[key], span)]
    return envelope(rows, start, limit)


def status_item(state: State, package: dict[str, Any], date_field: str, moment: float) -> dict[str, Any]:
    orders = sorted({state.lines[line_id]["orderNumber"] for line_id in package["lines"]})
    item = {"Id": package["id"], "Barcode": package["barcode"], "PackageNumber": package["packageNumber"],
            "OrderNumber": orders[0], "OrderNumbers": orders, "MerchantId": state.merchant_id, "Deci": package["deci"],
            date_field: stamp(moment), "EtgbNo": None}
    if date_field == "UndeliveredDate":
        item["UndeliveredReason"] = package.get("undelivered_reason", "")
    return item


@blueprint.get("/orders/merchantid/<merchant_id>/ordernumber/<order_number>")
def order_detail(merchant_id: str, order_number: str) -> Any:
    state = get_state()
    with state.lock:
        lines = [line for line in state.lines.values() if line["orderNumber"] == order_number]
        if not lines:
            return error("oms", 404, f"order {order_number} not found")
        first = lines[0]
        return jsonify({
            "orderId": first["orderId"], "orderNumber": order_number, "orderDate": first["orderDate"],
            "createdDate": first["orderDate"], "paymentStatus": "Paid",
            "customer": {"customerId": first["customerId"], "name": first["customerName"]},
            "deliveryAddress": first["shippingAddress"], "invoice": first["invoice"],
            "orderNote": {"value": "", "tags": []}, "items": [detail_line(state, line) for line in lines]})


def detail_line(state: State, line: dict[str, Any]) -> dict[str, Any]:
    package = state.packages.get(line.get("packageNumber") or "")
    view = line_view(line)
    if package is not None and package["status"] in LEFT_THE_SELLER and line["status"] != "Cancelled":
        view["status"] = package["status"]
    parts = [part["cancelled_at"] for part in line.get("cancelled_parts") or []]
    view["lastStatusUpdateDate"] = stamp(line.get("cancelled_at") or max(parts, default=0)
                                         or (package or {}).get("changed_at") or line["created"])
    return view
