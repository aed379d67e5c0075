"""Catalog delete process (`POST /product/api/products/delete-process`, then
`GET .../delete-process/{trackingId}`): removes products that are not approved yet.

Rules enforced: the body is an array of `{merchant, merchantSku}` with the merchant's own id
(anything else: 400); the request is answered with a tracking id in the catalog envelope (the
answer is untyped in the documentation; this is the catalog's usual shape) and processed after
`import_delay`. Until then the result says `completed: false` with an empty list. A product
ready for sale (MATCHED, CREATED, MATCHED_WITH_STAGED) is not deleted (`deleted: false` with an
`errorMessage`), nor is an unknown SKU. The result is un-enveloped, as documented; an unknown
tracking id answers the catalog's code 4000, like the import status.
"""
from __future__ import annotations

import uuid
from typing import Any

from flask import Blueprint, jsonify, request

from sandboxes.hepsiburada.guard import error
from sandboxes.hepsiburada.state import State, get_state

blueprint = Blueprint("hb_catalog_delete", __name__, url_prefix="/<any('mpop-sit', mpop):host>/product/api")
blueprint.url_value_preprocessor(lambda endpoint, values: (values or {}).pop("host", None))

READY_FOR_SALE = frozenset({"MATCHED", "CREATED", "MATCHED_WITH_STAGED"})


@blueprint.post("/products/delete-process")
def start() -> Any:
    body = request.get_json(silent=True)
    state = get_state()
    if not isinstance(body, list) or not body or not all(
            isinstance(row, dict) and isinstance(row.get("merchantSku"), str) for row in body):
        return error("catalog", 400, "body must be a non-empty array of {merchant, merchantSku}")
    if any(row.get("merchant") != state.merchant_id for row in body):
        return error("catalog", 400, "merchant must be the authenticated merchant's id")
    tracking_id = str(uuid.uuid4())
    with state.lock:
        state.deletions[tracking_id] = {"created": state.now(), "skus": [row["merchantSku"].upper() for row in body],
                                        "results": None}
    return jsonify({"success": True, "code": 0, "version": 1, "message": None, "data": {"trackingId": tracking_id}})


@blueprint.get("/products/delete-process/<tracking_id>")
def result(tracking_id: str) -> Any:
    state = get_state()
    with state.lock:
        job = state.deletions.get(tracking_id)
        if job is None:
            return jsonify({"success": False, "code": 4000, "version": 1, "message": "trackingId not found", "data": None})
        return jsonify({"id": tracking_id, "createdBy": state.merchant_id, "modifiedBy": state.merchant_id,
                        "trackingId": tracking_id, "deletedProductList": job["results"] or [],
                        "completed": job["results"] is not None})


def settle(state: State) -> None:
    """Run the deletions older than `import_delay`."""
    for job in state.deletions.values():
        if job["results"] is None and state.now() - job["created"] >= state.knobs.import_delay:
            job["results"] = [_delete(state, sku) for sku in job["skus"]]


def _delete(state: State, sku: str) -> dict[str, Any]:
    product = state.products.get(sku)
    row = {"merchant": state.merchant_id, "merchantSku": sku, "deleted": False, "errorMessage": None}
    if product is None:
        row["errorMessage"] = "product not found"
    elif product["productStatus"] in READY_FOR_SALE:
        row["errorMessage"] = f"product is {product['productStatus']}: created and ready-for-sale products cannot be deleted"
    else:
        del state.products[sku]
        state.waiting.discard(sku)
        if state.barcodes.get(product.get("barcode", "")) == sku:
            del state.barcodes[product["barcode"]]
        row["deleted"] = True
    return row
