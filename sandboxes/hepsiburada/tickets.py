"""Content updates of approved products (`mpop` hosts, `/ticket-api/api/integrator/...`): a
multipart JSON file `{merchantId, items: [{hbSku, <fields>}]}` answered with a tracking id, and
its status page.

Rules enforced: the file must be a JSON object with the merchant's own id and a non-empty `items`
array; each item names the `hbSku` of a product of this merchant that is ready for sale, and only
the documented fields (`productName`, `productDescription`, `image1`..`image10`, `video`,
`attributes`, `kdv`, `warrantyPeriod`, `desi`, `isCustomizable`, `barcode`); anything else is a
400 `ErrorDTO` with `fieldErrors` (the documentation types only that error shape; refusing unknown
SKUs and fields at once is the stricter reading). Items stay UNCOMPLETED with their fields
IN_PROGRESS for `import_delay`, then COMPLETED: each field APPROVED and applied, except an image
sent with the URL the product already has (REJECTED: Hepsiburada does not fetch the same URL
again). An empty attribute value deletes the attribute. Authentication is Basic like the other
catalog calls (the definition's Bearer scheme has no documented token flow).
"""
from __future__ import annotations

import json
import uuid
from typing import Any

from flask import Blueprint, jsonify, request

from sandboxes.hepsiburada.catalog import paged
from sandboxes.hepsiburada.state import State, get_state

blueprint = Blueprint("hb_tickets", __name__, url_prefix="/<any('mpop-sit', mpop):host>/ticket-api/api/integrator")
blueprint.url_value_preprocessor(lambda endpoint, values: (values or {}).pop("host", None))

READY_FOR_SALE = frozenset({"MATCHED", "CREATED", "MATCHED_WITH_STAGED"})
IMAGES = tuple(f"image{n}" for n in range(1, 11))
FIELDS = {"productName": "NAME", "productDescription": "DESCRIPTION", "video": "MEDIA", "attributes": "ATTRIBUTE",
          "kdv": "KDV", "warrantyPeriod": "WARRANTY_PERIOD", "desi": "DESI", "isCustomizable": "IS_CUSTOMIZABLE",
          "barcode": "BARCODE", **{image: "MEDIA" for image in IMAGES}}
#: ticket field -> the import attribute it changes on the sandbox's product
IMPORT_KEYS = {"productName": "UrunAdi", "productDescription": "UrunAciklamasi", "kdv": "tax_vat_rate",
               "warrantyPeriod": "GarantiSuresi", "desi": "kg", "barcode": "Barcode",
               **{f"image{n}": f"Image{n}" for n in range(1, 11)}}


def error_dto(message: str, field_errors: list[dict[str, str]] | None = None, status: int = 400) -> Any:
    return jsonify({"message": message, "description": message, "fieldErrors": field_errors or []}), status


@blueprint.post("/import")
def upload() -> Any:
    state = get_state()
    file = request.files.get("file")
    try:
        body = json.loads(file.read().decode("utf-8")) if file is not None else None
    except (ValueError, UnicodeDecodeError):
        body = None
    if not isinstance(body, dict) or not isinstance(body.get("items"), list) or not body["items"]:
        return error_dto("file must be a JSON object {merchantId, items: [...]} with at least one item")
    if body.get("merchantId") != state.merchant_id:
        return error_dto("merchantId must be the authenticated merchant's id", status=403)
    with state.lock:
        problems = [problem for index, item in enumerate(body["items"]) for problem in _check(state, index, item)]
        if problems:
            return error_dto("invalid items", problems)
        tracking_id = str(uuid.uuid4())
        state.tickets[tracking_id] = {"created": state.now(), "items": body["items"], "results": None}
    return jsonify({"trackingId": tracking_id})


def _check(state: State, index: int, item: Any) -> list[dict[str, str]]:
    name = f"items[{index}]"
    if not isinstance(item, dict) or not isinstance(item.get("hbSku"), str):
        return [{"objectName": name, "field": "hbSku", "message": "required"}]
    product = _product(state, item["hbSku"])
    if product is None or product["productStatus"] not in READY_FOR_SALE:
        return [{"objectName": name, "field": "hbSku", "message": "not a product of this merchant ready for sale"}]
    unknown = sorted(set(item) - set(FIELDS) - {"hbSku"})
    problems = [{"objectName": name, "field": field, "message": "not an updatable field"} for field in unknown]
    if "attributes" in item and not isinstance(item["attributes"], dict):
        problems.append({"objectName": name, "field": "attributes", "message": "must be an object"})
    return problems


def _product(state: State, hb_sku: str) -> dict[str, Any] | None:
    return next((product for product in state.products.values() if product.get("hbSku") == hb_sku), None)


@blueprint.get("/status/<tracking_id>")
def status(tracking_id: str) -> Any:
    state = get_state()
    with state.lock:
        job = state.tickets.get(tracking_id)
        if job is None:
            return error_dto(f"trackingId {tracking_id} not found", status=404)
        items = job["results"] or [_pending(item) for item in job["items"]]
    return paged([{"merchantId": state.merchant_id, "items": items}])


def _pending(item: dict[str, Any]) -> dict[str, Any]:
    fields = sorted({FIELDS[key] for key in item if key in FIELDS})
    return {"hbSku": item["hbSku"], "message": None, "productStatus": "UNCOMPLETED",
            "updateResults": [{"fieldName": field, "rejectReason": None, "fieldResult": "IN_PROGRESS", "attributes": []}
                              for field in fields]}


def settle(state: State) -> None:
    """Apply the updates older than `import_delay`."""
    for job in state.tickets.values():
        if job["results"] is None and state.now() - job["created"] >= state.knobs.import_delay:
            job["results"] = [_apply(state, item) for item in job["items"]]


def _apply(state: State, item: dict[str, Any]) -> dict[str, Any]:
    product = _product(state, item["hbSku"]) or {"attributes": {}}
    current = product.setdefault("attributes", {})
    results: dict[str, dict[str, Any]] = {}
    for key, value in item.items():
        if key not in FIELDS:
            continue
        field = FIELDS[key]
        result = results.setdefault(field, {"fieldName": field, "rejectReason": None, "fieldResult": "APPROVED",
                                            "attributes": []})
        if key in IMAGES and current.get(IMPORT_KEYS[key]) == value:
            result.update(fieldResult="REJECTED", rejectReason=f"{key}: the same URL is not fetched again; send a new URL")
        elif key == "attributes":
            for name, text in value.items():
                current.pop(name, None) if text in ("", None) else current.__setitem__(name, text)
        elif key in IMPORT_KEYS:
            current[IMPORT_KEYS[key]] = value
    if "productName" in item:
        product["productName"] = item["productName"]
    return {"hbSku": item["hbSku"], "message": None, "productStatus": "COMPLETED", "updateResults": list(results.values())}
