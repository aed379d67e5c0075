"""Product V2 and inventory routes: writes queue a batch, reads report batches and products.

Structural problems (not JSON, no `items`, more than 1000 items, an item that is not an
object, the same stock/price body within 15 minutes) are rejected synchronously with 400;
everything else is decided per item when the batch is processed (`batches.py`).
"""
from __future__ import annotations

import hashlib
import json
from typing import Any

from flask import Blueprint, jsonify, request

from sandboxes.trendyol import batches, validation
from sandboxes.trendyol.responses import product_error
from sandboxes.trendyol.state import Batch, get_state

MAX_ITEMS = 1000
DUPLICATE_WINDOW = 15 * 60

blueprint = Blueprint("trendyol_products", __name__, url_prefix="/integration")


def _items() -> list[dict[str, Any]] | tuple[Any, int]:
    """The request's `items`, or a 400 response."""
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        return product_error(400, "invalid.request.body", "body must be a JSON object")
    items = body.get("items")
    if not isinstance(items, list) or not items:
        return product_error(400, "items.required", "items must be a non-empty list")
    if len(items) > MAX_ITEMS:
        return product_error(400, "items.max.size.exceeded", f"at most {MAX_ITEMS} items per request")
    if not all(isinstance(item, dict) for item in items):
        return product_error(400, "invalid.item", "every item must be a JSON object")
    return items


def _queue(batch_type: str) -> Any:
    items = _items()
    if isinstance(items, tuple):
        return items
    state = get_state()
    with state.lock:
        now = state.now()
        batch = Batch(id=state.new_batch_id(), type=batch_type, created=now,
                      ready_at=now + state.knobs.batch_delay, items=items)
        state.batches[batch.id] = batch
    return jsonify({"batchRequestId": batch.id})


@blueprint.post("/product/sellers/<int:seller_id>/v2/products")
def create_products(seller_id: int):  # noqa: ANN201 - Flask view
    return _queue("ProductV2OnBoarding")


@blueprint.post("/product/sellers/<int:seller_id>/products/unapproved-bulk-update")
def update_unapproved(seller_id: int):  # noqa: ANN201
    return _queue("ProductV2Update")


@blueprint.post("/product/sellers/<int:seller_id>/products/content-bulk-update")
def update_content(seller_id: int):  # noqa: ANN201
    return _queue("ApprovedProductContentUpdate")


@blueprint.post("/product/sellers/<int:seller_id>/products/variant-bulk-update")
def update_variant(seller_id: int):  # noqa: ANN201
    return _queue("ApprovedProductVariantUpdate")


@blueprint.delete("/product/sellers/<int:seller_id>/products")
def delete_products(seller_id: int):  # noqa: ANN201
    return _queue("ProductDeletion")


@blueprint.put("/product/sellers/<int:seller_id>/products/archive-state")
def archive_products(seller_id: int):  # noqa: ANN201
    return _queue("ProductArchiveUpdate")


@blueprint.post("/inventory/sellers/<int:seller_id>/products/price-and-inventory")
def price_and_inventory(seller_id: int):  # noqa: ANN201
    """Also enforces 'the same body cannot be sent again within 15 minutes'."""
    items = _items()
    if isinstance(items, tuple):
        return items
    state = get_state()
    digest = hashlib.sha256(json.dumps(items, sort_keys=True).encode()).hexdigest()
    with state.lock:
        sent_at = state.recent_bodies.get(digest)
        if sent_at is not None and state.now() - sent_at < DUPLICATE_WINDOW:
            return product_error(400, "product.inventory.duplicate.request",
                                 "the same request cannot be sent again for 15 minutes")
        state.recent_bodies[digest] = state.now()
    return _queue(batches.INVENTORY)


@blueprint.get("/product/sellers/<int:seller_id>/products/batch-requests/<batch_id>")
def batch_result(seller_id: int, batch_id: str):  # noqa: ANN201
    state = get_state()
    with state.lock:
        batch = state.batches.get(batch_id)
        if batch is None:
            return product_error(404, "batch.request.not.found", f"batch request {batch_id} not found")
        return jsonify(batches.as_json(state, batch))


@blueprint.get("/product/sellers/<int:seller_id>/product/<barcode>")
def product_base(seller_id: int, barcode: str):  # noqa: ANN201
    state = get_state()
    with state.lock:
        product = state.products.get(validation.clean_barcode(barcode))
        if product is None:
            return product_error(404, "product.not.found", f"product {barcode} not found")
        approved = product.status == "approved"
        return jsonify({"barcode": product.barcode, "approved": approved,
                        "approvedDate": int(product.modified * 1000) if approved else None,
                        "archived": product.archived, "listingId": f"{product.variant_id:x}",
                        "contentId": product.content_id if approved else None})
