"""The Trendyol order dialect of the sandbox (docs/trendyol.md "Packages", "Claims"): packages, status, tracking,
unsupplied, split, claims, and the stage test helpers under their real paths.

    GET /order/sellers/{id}/v2/orders   (and the legacy /orders)  startDate/endDate (GMT+3; no
        dates = the last 7 days, <= 14 days apart, <= 1 month back; filter the package's creation
        by default: see `order_time`); page (0-based), size <= 200; status; orderNumber;
        shipmentPackageIds (comma list, <= 50); orderByField, orderByDirection
    PUT /order/sellers/{id}/shipment-packages/{pkg}                        Picking / Invoiced
    PUT /order/sellers/{id}/shipment-packages/{pkg}/tracking-details       seller's own carrier
    PUT /order/sellers/{id}/shipment-packages/{pkg}/update-tracking-number  legacy, deprecated
    PUT /order/sellers/{id}/shipment-packages/{pkg}/items/unsupplied        new package for the rest
    POST /order/sellers/{id}/shipment-packages/{pkg}/split                  {"orderLineIds": [...]}
    GET /order/sellers/{id}/claims                                          claimIds, claimItemStatus, dates
    POST /test/order/orders/core                                            stage: create a test order
    PUT /test/order/sellers/{id}/shipment-packages/{pkg}/status             stage: Shipped, Delivered, ...
"""
from __future__ import annotations

from typing import Any

from flask import Blueprint, jsonify, request

from sandboxes.trendyol import order_time
from sandboxes.trendyol import packages as pk
from sandboxes.trendyol.state import get_state

blueprint = Blueprint("trendyol_orders", __name__, url_prefix="/integration")

MAX_SIZE = 200
WINDOW_CAP = 10_000
ORDER_FIELDS = {"PackageLastModifiedDate": "lastModifiedDate", "CreatedDate": "orderDate"}


def bad_request(message: str) -> Any:
    return jsonify({"error": "Bad Request", "message": message}), 400


def _body() -> dict[str, Any]:
    body = request.get_json(silent=True)
    return body if isinstance(body, dict) else {}


def _int_arg(name: str, default: int | None = None) -> int | None:
    raw = request.args.get(name)
    return default if raw in (None, "") else int(raw)


def _dated(row: dict[str, Any], field: str) -> int:
    """The date the list's window filters: creation (the first history entry) or last change."""
    return int(row["lastModifiedDate"] if field == "modified" else row["packageHistories"][0]["createdDate"])


def _filtered(state: Any, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The documented window (dates or the last week) applies to every query, ids included."""
    lo, hi = order_time.window(request.args.get("startDate"), request.args.get("endDate"), state.now_ms(),
                               order_time.LIST_RULES, mode=state.knobs.time_filter_mode, strict=state.knobs.strict)
    field = state.knobs.list_date_field
    statuses = {s for s in request.args.get("status", "").split(",") if s}
    number = request.args.get("orderNumber")
    ids = {int(x) for x in request.args.get("shipmentPackageIds", "").split(",") if x.strip()}
    if len(ids) > 50:
        raise ValueError("shipmentPackageIds accepts at most 50 ids")
    return [row for row in rows
            if lo <= _dated(row, field) <= hi
            and (not statuses or row["status"] in statuses) and (not number or row["orderNumber"] == number)
            and (not ids or row["shipmentPackageId"] in ids)]


@blueprint.get("/order/sellers/<int:seller_id>/v2/orders")
@blueprint.get("/order/sellers/<int:seller_id>/orders")
def list_packages(seller_id: int):  # noqa: ANN201 - Flask view
    state = get_state()
    try:
        page, size = _int_arg("page", 0) or 0, _int_arg("size", 50) or 50
        if size < 1 or size > MAX_SIZE or page < 0:
            return bad_request(f"size must be 1..{MAX_SIZE} and page >= 0")
        if (page + 1) * size > WINDOW_CAP:
            return bad_request(f"at most {WINDOW_CAP} packages per filter; narrow the date range")
        with state.lock:
            rows = _filtered(state, list(pk.book(state).packages.values()))
            field = ORDER_FIELDS.get(request.args.get("orderByField", ""), "lastModifiedDate")
            desc = request.args.get("orderByDirection", "ASC").upper() == "DESC"
            rows.sort(key=lambda row: (row[field], row["shipmentPackageId"]), reverse=desc)
            content = rows[page * size:(page + 1) * size]
            total = len(rows)
            return jsonify({"page": page, "size": size, "totalPages": -(-total // size), "totalElements": total,
                            "content": content})
    except ValueError as exc:
        return bad_request(str(exc))


def _with_package(package_id: int, action: Any) -> Any:
    state = get_state()
    with state.lock:
        try:
            result = action(state, pk.book(state), pk.get(pk.book(state), package_id))
        except pk.PackageError as exc:
            return bad_request(str(exc))
    return jsonify(result) if result is not None else ("", 200)


@blueprint.put("/order/sellers/<int:seller_id>/shipment-packages/<int:package_id>")
def update_package(seller_id: int, package_id: int):  # noqa: ANN201
    body = _body()
    return _with_package(package_id, lambda state, ob, package: pk.update_status(state, package, body))


@blueprint.put("/order/sellers/<int:seller_id>/shipment-packages/<int:package_id>/update-tracking-number")
def update_tracking(seller_id: int, package_id: int):  # noqa: ANN201
    tracking = str(_body().get("trackingNumber") or "")
    return _with_package(package_id, lambda state, ob, package: pk.update_tracking(state, package, tracking))


@blueprint.put("/order/sellers/<int:seller_id>/shipment-packages/<int:package_id>/tracking-details")
def tracking_details(seller_id: int, package_id: int):  # noqa: ANN201
    body = _body()
    return _with_package(package_id, lambda state, ob, package: pk.tracking_details(state, package, body))


@blueprint.put("/order/sellers/<int:seller_id>/shipment-packages/<int:package_id>/items/unsupplied")
def unsupplied(seller_id: int, package_id: int):  # noqa: ANN201
    body = _body()
    return _with_package(package_id, lambda state, ob, package: pk.unsupplied(state, ob, package, body) and None)


@blueprint.post("/order/sellers/<int:seller_id>/shipment-packages/<int:package_id>/split")
def split(seller_id: int, package_id: int):  # noqa: ANN201
    line_ids = [int(x) for x in _body().get("orderLineIds") or []]
    return _with_package(package_id, lambda state, ob, package: pk.split(state, ob, package, line_ids) and None)


@blueprint.get("/order/sellers/<int:seller_id>/claims")
def list_claims(seller_id: int):  # noqa: ANN201
    state = get_state()
    page, size = _int_arg("page", 0) or 0, min(_int_arg("size", 50) or 50, MAX_SIZE)
    wanted = {x for x in request.args.get("claimIds", "").split(",") if x}
    status = request.args.get("claimItemStatus")
    start, end = _int_arg("startDate"), _int_arg("endDate")
    with state.lock:
        rows = sorted(pk.book(state).claims.values(), key=lambda c: c["lastModifiedDate"])
        if wanted:
            rows = [c for c in rows if c["id"] in wanted]
        else:
            rows = [c for c in rows if (not status or status in pk.claim_status(c))
                    and (start is None or c["lastModifiedDate"] >= start)
                    and (end is None or c["lastModifiedDate"] <= end)]
        total = len(rows)
        return jsonify({"page": page, "size": size, "totalPages": -(-total // size), "totalElements": total,
                        "content": rows[page * size:(page + 1) * size]})


# ---- stage test helpers -------------------------------------------------------------------------

@blueprint.post("/test/order/orders/core")
def create_test_order():  # noqa: ANN201
    """T1: `{customer, invoiceAddress, shippingAddress, lines[{barcode, quantity}], seller}`."""
    body = _body()
    try:
        spec = test_order_spec(body)
    except (KeyError, TypeError, ValueError) as exc:
        return bad_request(f"invalid test order: {exc}")
    state = get_state()
    with state.lock:
        package = pk.build_package(state, pk.book(state), spec)
    return jsonify({"orderNumber": package["orderNumber"]})


def test_order_spec(body: dict[str, Any]) -> dict[str, Any]:
    shipping, invoice = body["shippingAddress"], body.get("invoiceAddress") or body["shippingAddress"]
    customer = body["customer"]
    person = {"firstName": customer["customerFirstName"], "lastName": customer["customerLastName"],
              "email": shipping.get("email") or invoice.get("email") or "test@trendyolmail.com",
              "phone": shipping.get("phone", "")}

    def place(raw: dict[str, Any]) -> dict[str, Any]:
        return {"city": raw["city"], "district": raw.get("district", ""), "neighborhood": raw.get("neighborhood", ""),
                "address1": raw.get("addressText", ""), "postalCode": raw.get("postalCode", "")}

    lines = [{"barcode": line["barcode"], "stockCode": line.get("stockCode", line["barcode"]),
              "quantity": int(line.get("quantity", 1)), "price": float(line.get("price", 100.0))}
             for line in body["lines"]]
    if not lines:
        raise ValueError("lines must not be empty")
    return {"customer": person, "shipping": place(shipping), "invoice": place(invoice), "lines": lines}


@blueprint.put("/test/order/sellers/<int:seller_id>/shipment-packages/<int:package_id>/status")
def advance_test_package(seller_id: int, package_id: int):  # noqa: ANN201
    """T2: Shipped -> Delivered | UnDelivered -> Returned, sequentially."""
    status = str(_body().get("status") or "")
    return _with_package(package_id, lambda state, ob, package: pk.system_status(state, package, status))
