"""Order service (`oms-external` hosts): paid lines to package, packages (create, list, unpack,
invoice link; split in `split.py`), cancellation by the merchant, the cancelled list, status lists, claims.

Rules enforced: `offset` and `limit` are required on every list (400 with the documented text);
limits cap at 100 (paid lines, claims), 10 (packages) and 50 (status lists); a `begindate`/`enddate`
window longer than 24 hours is not refused, `enddate` is replaced by begindate + 24 h; packages
are listed by packaging date (`timespan` hours back, default 24) with the page count in the
`pagecount` header; a line can be packaged or cancelled by the merchant only while it is open
(unknown line: 404). Only reason id 83 ("Ürün tedarik edilemedi") is documented for a merchant
cancellation; other ids are refused (a stricter reading).
"""
from __future__ import annotations

import uuid
from typing import Any

from flask import Blueprint, jsonify, request

from sandboxes.hepsiburada.clock import parse_query, stamp
from sandboxes.hepsiburada.guard import error
from sandboxes.hepsiburada.state import State, get_state

blueprint = Blueprint("hb_oms", __name__, url_prefix="/<any('oms-external-sit', 'oms-external'):host>")
blueprint.url_value_preprocessor(lambda endpoint, values: (values or {}).pop("host", None))

LIMIT_REQUIRED = "Bad Request limit and offset parameters are required"
CANCEL_REASONS = {83: "Ürün tedarik edilemedi"}
DAY = 24 * 3600
AUTO_PACKAGING_AFTER = 15 * 60


class BadQuery(ValueError):
    """A list request the OMS refuses with 400; the message is the answer's."""


def paging(cap: int, offset_names: tuple[str, ...] = ("offset",)) -> tuple[int, int]:
    offset = next((request.args[name] for name in offset_names if name in request.args), None)
    if offset is None or "limit" not in request.args:
        raise BadQuery(LIMIT_REQUIRED)
    try:
        start, limit = int(offset), int(request.args["limit"])
    except ValueError:
        raise BadQuery("offset and limit must be integers") from None
    if start < 0 or not 0 < limit <= cap:
        raise BadQuery(f"limit must be between 1 and {cap}")
    return start, limit


def window(state: State, begin_key: str = "begindate", end_key: str = "enddate",
           default_hours: float | None = None) -> tuple[float, float] | None:
    """The filter window; longer than 24 h -> enddate silently becomes begindate + 24 h."""
    if begin_key in request.args:
        try:
            begin = parse_query(request.args[begin_key])
            end = parse_query(request.args[end_key]) if end_key in request.args else begin + DAY
        except ValueError:
            raise BadQuery(f"{begin_key}/{end_key} must be yyyy-MM-dd HH:mm") from None
        return begin, min(end, begin + DAY)
    hours = float(request.args.get("timespan", default_hours or 0) or 0)
    return (state.now() - hours * 3600, state.now()) if hours else None


def within(epoch: float, span: tuple[float, float] | None) -> bool:
    return span is None or span[0] <= epoch <= span[1]


@blueprint.errorhandler(BadQuery)
def bad_query(exc: BadQuery) -> Any:
    return error("oms", 400, str(exc))


@blueprint.get("/orders/merchantid/<merchant_id>")
def paid_lines(merchant_id: str) -> Any:
    state = get_state()
    start, limit = paging(100)
    with state.lock:
        span = window(state)
        rows = [line_view(line) for line in state.lines.values()
                if line["status"] == "Open" and within(line["created"], span)]
    return envelope(rows, start, limit)


@blueprint.get("/orders/merchantid/<merchant_id>/cancelled")
def cancelled_lines(merchant_id: str) -> Any:
    """One row per cancellation: a whole line cancelled, or a part of a line a split cancelled."""
    state = get_state()
    start, limit = paging(50)
    with state.lock:
        span = window(state)
        rows = [cancelled_row(state, line, event) for line in state.lines.values() for event in cancellations(line)
                if within(event["cancelled_at"], span)]
    return envelope(rows, start, limit)


def cancellations(line: dict[str, Any]) -> list[dict[str, Any]]:
    """The line's cancelled parts, then the line itself when it is cancelled (its remaining quantity)."""
    whole = [{"quantity": line["quantity"], **{k: line[k] for k in ("cancelled_at", "cancel_reason", "cancelled_by")}}
             ] if line["status"] == "Cancelled" else []
    return list(line.get("cancelled_parts") or []) + whole


def cancelled_row(state: State, line: dict[str, Any], event: dict[str, Any]) -> dict[str, Any]:
    return {"lineItemId": line["id"], "orderNumber": line["orderNumber"], "merchantId": state.merchant_id,
            "merchantSku": line["merchantSKU"], "sku": line["sku"], "quantity": event["quantity"],
            "cancelDate": stamp(event["cancelled_at"]), "cancelReasonCode": str(event["cancel_reason"]),
            "cancelledBy": event["cancelled_by"]}


def envelope(rows: list[Any], start: int, limit: int) -> Any:
    pages = (len(rows) + limit - 1) // limit
    return jsonify({"items": rows[start:start + limit], "limit": limit, "offset": start, "pageCount": pages,
                    "totalCount": len(rows)})


@blueprint.post("/packages/merchantid/<merchant_id>")
def create_package(merchant_id: str) -> Any:
    body = request.get_json(silent=True)
    requests_ = body.get("lineItemRequests") if isinstance(body, dict) else None
    if not isinstance(requests_, list) or not requests_:
        return error("oms", 400, "lineItemRequests is required")
    state = get_state()
    with state.lock:
        lines = []
        for entry in requests_:
            line = state.lines.get(str((entry or {}).get("id")))
            if line is None:
                return error("oms", 404, f"line item {(entry or {}).get('id')} not found")
            if line["status"] != "Open":
                return error("oms", 400, f"line item {line['id']} is {line['status']}, not open for packaging")
            if int((entry or {}).get("quantity") or 0) != line["quantity"]:
                return error("oms", 400, f"quantity of line {line['id']} must be {line['quantity']} (split to part-pack)")
            if line.get("address_change"):
                return error("oms", 400, "Order has an ongoing change address demand")
            lines.append(line)
        package = pack(state, lines, deci=body.get("deci"))
    return jsonify({"barcode": package["barcode"], "packageNumber": package["packageNumber"]}), 201


def pack(state: State, lines: list[dict[str, Any]], deci: Any = None) -> dict[str, Any]:
    number = f"{5000000000 + state.next_number()}"
    package = {"id": str(uuid.uuid4()), "packageNumber": number, "barcode": f"HBP{number}", "status": "Open",
               "packed_at": state.now(), "lines": [line["id"] for line in lines], "deci": deci or 1,
               "cargoCompany": lines[0]["cargoCompany"], "invoiceLink": None}
    for line in lines:
        line.update(status="Packaged", packageNumber=number)
    state.packages[number] = package
    return package


@blueprint.get("/packages/merchantid/<merchant_id>")
def list_packages(merchant_id: str) -> Any:
    state = get_state()
    start, limit = paging(10, ("Offset", "offset"))
    with state.lock:
        span = window(state, default_hours=24)
        rows = [package_view(state, package) for package in state.packages.values()
                if package["status"] not in ("Unpacked",) and within(package["packed_at"], span)]
    response = jsonify(rows[start:start + limit])
    response.headers["pagecount"] = str((len(rows) + limit - 1) // limit)
    return response


@blueprint.get("/packages/merchantid/<merchant_id>/packagenumber/<number>")
def package_detail(merchant_id: str, number: str) -> Any:
    state = get_state()
    with state.lock:
        package = state.packages.get(number)
        if package is None:
            return error("oms", 404, "package not found")
        return jsonify({"packageNumber": number, "barcode": package["barcode"], "status": package["status"],
                        "cargoCompany": package["cargoCompany"], "deci": package["deci"],
                        "trackingInfoCode": package.get("tracking", ""), "trackingInfoUrl": ""})


@blueprint.post("/packages/merchantid/<merchant_id>/packagenumber/<number>/unpack")
def unpack(merchant_id: str, number: str) -> Any:
    state = get_state()
    with state.lock:
        package = state.packages.get(number)
        if package is None:
            return error("oms", 404, "package not found")
        if package["status"] != "Open":
            return error("oms", 400, f"package is {package['status']}")
        package.update(status="Unpacked", unpacked_at=state.now())
        for line_id in package["lines"]:
            state.lines[line_id].update(status="Open", packageNumber=None)
    return "", 200


@blueprint.put("/packages/merchantid/<merchant_id>/packagenumber/<number>/invoice")
def invoice(merchant_id: str, number: str) -> Any:
    link = str((request.get_json(silent=True) or {}).get("invoiceLink") or "")
    state = get_state()
    with state.lock:
        package = state.packages.get(number)
        if package is None:
            return error("oms", 404, "package not found")
        if not link.startswith(("http://", "https://")) or not link.lower().endswith(".pdf"):
            return error("oms", 400, "invoiceLink must be an http(s) URL of a PDF")
        package["invoiceLink"] = link
    return "", 204


@blueprint.post("/lineitems/merchantid/<merchant_id>/id/<line_id>/cancelbymerchant")
def cancel_by_merchant(merchant_id: str, line_id: str) -> Any:
    reason = (request.get_json(silent=True) or {}).get("reasonId")
    state = get_state()
    with state.lock:
        line = state.lines.get(line_id)
        if line is None:
            return error("oms", 404, "line item not found")
        if reason not in CANCEL_REASONS:
            return error("oms", 400, f"reasonId {reason!r} is not a merchant cancellation reason")
        if line["status"] != "Open":
            return error("oms", 400, f"line item is {line['status']}: only lines not yet packaged can be cancelled")
        line.update(status="Cancelled", cancelled_at=state.now(), cancel_reason=reason, cancelled_by="Merchant")
    return "", 200


@blueprint.get("/claims/merchantId/<merchant_id>")
@blueprint.get("/claims/merchantId/<merchant_id>/status/<status>")
def claims(merchant_id: str, status: str | None = None) -> Any:
    state = get_state()
    start, limit = paging(100)
    with state.lock:
        span = window(state, "beginDate", "endDate")
        rows = [claim for claim in state.claims.values()
                if (status is None or claim["status"] == status) and within(claim["created"], span)]
        shown = [{key: value for key, value in claim.items() if key != "created"} for claim in rows]
    return jsonify(shown[start:start + limit])


@blueprint.post("/claims/number/<number>/<any(accept, reject):action>")
def claim_action(number: str, action: str) -> Any:
    state = get_state()
    with state.lock:
        claim = state.claims.get(number)
        if claim is None:
            return error("oms", 404, "claim not found")
        if claim["status"] not in ("NewRequest", "AwaitingAction"):
            return error("oms", 400, f"claim is {claim['status']}")
        if action == "accept" and claim["claimType"] == "MissingInvoice":
            return error("oms", 400, "MissingInvoice claims are accepted by uploading the invoice in the panel")
        claim["status"] = "Accepted" if action == "accept" else "InDispute"
    return "", 204


def settle(state: State) -> None:
    """Auto-packaging: Hepsiburada packages paid lines 15 minutes after the order when enabled."""
    if not state.knobs.auto_packaging:
        return
    due: dict[str, list[dict[str, Any]]] = {}
    for line in state.lines.values():
        if line["status"] == "Open" and state.now() - line["created"] >= AUTO_PACKAGING_AFTER:
            due.setdefault(line["orderNumber"], []).append(line)
    for lines in due.values():
        pack(state, lines)


def line_view(line: dict[str, Any]) -> dict[str, Any]:
    hidden = {"created", "cancelled_at", "cancel_reason", "cancelled_by", "address_change", "cancelled_parts"}
    return {**{key: value for key, value in line.items() if key not in hidden},
            "isCancellable": line["status"] == "Open", "canCreatePackage": line["status"] == "Open"}


def package_view(state: State, package: dict[str, Any]) -> dict[str, Any]:
    lines = [state.lines[line_id] for line_id in package["lines"]]
    first = lines[0]
    address = first["shippingAddress"]
    total = sum(line["totalPrice"]["amount"] for line in lines)
    return {
        "id": package["id"], "packageNumber": package["packageNumber"], "barcode": package["barcode"],
        "status": package["status"], "orderDate": first["orderDate"], "cargoCompany": package["cargoCompany"],
        "customerId": first["customerId"], "customerName": first["customerName"], "email": first["email"],
        "phoneNumber": address["phoneNumber"], "recipientName": address["name"],
        "shippingAddressDetail": address["address"], "shippingTown": address["town"],
        "shippingDistrict": address["district"], "shippingCity": address["city"],
        "shippingCountryCode": address["countryCode"], "billingAddress": address["address"],
        "billingTown": address["town"], "billingDistrict": address["district"], "billingCity": address["city"],
        "billingCountryCode": address["countryCode"], "taxOffice": "", "taxNumber": "",
        "totalPrice": {"amount": round(total, 2), "currency": "TRY"},
        "shippingTotalPrice": {"amount": 0, "currency": "TRY"},
        "items": [{
            "lineItemId": line["id"], "orderNumber": line["orderNumber"], "orderDate": line["orderDate"],
            "hbSku": line["sku"], "merchantSku": line["merchantSKU"], "productBarcode": line["productBarcode"],
            "productName": line["name"], "quantity": line["quantity"], "price": line["unitPrice"],
            "totalPrice": line["totalPrice"], "merchantUnitPrice": line["unitPrice"],
            "unitHBDiscount": line["hbDiscount"]["unitPrice"], "totalHBDiscount": line["hbDiscount"]["totalPrice"],
            "vat": line["vat"], "vatRate": line["vatRate"], "properties": line["properties"],
        } for line in lines],
    }
