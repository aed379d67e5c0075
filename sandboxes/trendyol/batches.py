"""The batch state machine: queued writes become SUCCESS/FAILED items once their delay is over.

Processing is lazy: `settle()` runs at the start of every request and processes, in
submission order, every batch whose `ready_at` has passed, applying each successful
item's effect (approved-content updates only queue a content check: `audits.py`). State-dependent rules (duplicate/unknown barcode, approval, archive age,
30 price updates a minute) are checked here, field rules in `validation.py`.
"""
from __future__ import annotations

from collections import deque
from collections.abc import Callable
from datetime import datetime, timezone
from typing import Any

from sandboxes.trendyol import audits, claims, validation
from sandboxes.trendyol.state import BATCH_TTL_SECONDS, Batch, Product, SandboxState

ONE_DAY = 86_400
PRICE_UPDATES_PER_MINUTE = 30
INVENTORY = "ProductInventoryUpdate"
#: Fields fixed once a product is approved (section 2.3).
IMMUTABLE_WHEN_APPROVED = ("productMainId", "brandId", "categoryId")

Processor = Callable[[SandboxState, dict[str, Any]], list[str]]


def settle(state: SandboxState) -> None:
    """Process due batches, approve due products, forget expired batches, decide due content
    checks and accept claims whose deadline passed."""
    with state.lock:
        audits.settle(state)
        claims.auto_accept(state)
        now = state.now()
        for batch in list(state.batches.values()):
            if batch.results is None and batch.ready_at <= now:
                process(state, batch)
            elif now - batch.created > BATCH_TTL_SECONDS:
                del state.batches[batch.id]
        for product in state.products.values():
            if product.status == "pendingApproval" and product.approve_at is not None \
                    and product.approve_at <= now:
                product.status = "approved"


def process(state: SandboxState, batch: Batch) -> None:
    processor = PROCESSORS[batch.type]
    state.current_batch = batch.id
    results = []
    for item in batch.items:
        reasons = processor(state, item)
        results.append({"requestItem": echo(state, batch.type, item),
                        "status": "FAILED" if reasons else "SUCCESS", "failureReasons": reasons})
    batch.results = results
    batch.modified = state.now()


def as_json(state: SandboxState, batch: Batch) -> dict[str, Any]:
    """The GET batch-requests/{id} body; stock/price batches carry no top-level status."""
    results = batch.results or []
    body: dict[str, Any] = {
        "batchRequestId": batch.id, "items": results, "creationDate": int(batch.created * 1000),
        "lastModification": int((batch.modified or batch.created) * 1000), "sourceType": "API",
        "itemCount": len(batch.items), "failedItemCount": sum(r["status"] == "FAILED" for r in results),
        "batchRequestType": batch.type,
    }
    if batch.type != INVENTORY:
        body["status"] = "IN_PROGRESS" if batch.results is None else "COMPLETED"
    return body


def echo(state: SandboxState, batch_type: str, item: dict[str, Any]) -> dict[str, Any]:
    """`requestItem` in the per-type shape of its request (docs/trendyol.md, "Products and batches")."""
    barcode = validation.clean_barcode(item.get("barcode"))
    if batch_type in ("ProductV2OnBoarding", "ProductV2Update"):
        return {"barcode": barcode, "product": item}
    if batch_type in ("ApprovedProductContentUpdate", "ApprovedProductVariantUpdate"):
        return {"supplierId": state.seller_id, "updateRequest": item}
    if batch_type == INVENTORY:
        stamp = datetime.fromtimestamp(state.now(), timezone.utc).isoformat(timespec="milliseconds")
        return {**item, "barcode": barcode, "updateRequestDate": stamp}
    if batch_type == "ProductArchiveUpdate":
        return {"barcode": barcode, "archived": item.get("archived"), "supplierId": state.seller_id}
    return {"barcode": barcode}


# ---- processors: return failure reasons; apply the effect when there are none ---------------

def _onboard(state: SandboxState, item: dict[str, Any]) -> list[str]:
    reasons = validation.create_reasons(state.catalog, item)
    barcode = validation.clean_barcode(item.get("barcode"))
    if not reasons and barcode in state.products:
        reasons = [f"barcode {barcode} already exists"]
    if reasons:
        return reasons
    now = state.now()
    fields = {**item, "barcode": barcode}
    delay = state.knobs.approve_delay
    state.products[barcode] = Product(
        barcode=barcode, fields=fields,
        content_id=state.content_id_for(item["productMainId"], state.catalog.slicer_key(fields)),
        variant_id=state.new_variant_id(), approve_at=None if delay is None else now + delay,
        quantity=item["quantity"], list_price=item["listPrice"], sale_price=item["salePrice"],
        created=now, modified=now,
    )
    return []


def _known(state: SandboxState, item: dict[str, Any]) -> tuple[Product | None, list[str]]:
    barcode = validation.clean_barcode(item.get("barcode"))
    product = state.products.get(barcode)
    return product, ([] if product else [f"barcode {barcode or '(empty)'} not found"])


def _approved(state: SandboxState, item: dict[str, Any]) -> tuple[Product | None, list[str]]:
    product, reasons = _known(state, item)
    if product and product.status != "approved":
        return product, [f"product {product.barcode} is not approved"]
    return product, reasons


def _update_unapproved(state: SandboxState, item: dict[str, Any]) -> list[str]:
    product, reasons = _known(state, item)
    if product and product.status == "approved":
        return [f"product {product.barcode} is approved; use content/variant updates"]
    if product is None:
        return reasons
    forbidden = {"quantity", "listPrice", "salePrice"} & set(item)
    if forbidden:
        return [f"{', '.join(sorted(forbidden))} cannot be changed here; use price-and-inventory"]
    merged = {**product.fields, **item, "barcode": product.barcode}
    reasons = validation.field_reasons(state.catalog, merged)
    if not reasons:
        product.fields = merged
        product.modified = state.now()
        if product.status == "rejected":
            product.status, product.reject_reasons = "pendingApproval", []
    return reasons


def _update_content(state: SandboxState, item: dict[str, Any]) -> list[str]:
    variants = [p for p in state.products.values() if p.content_id == item.get("contentId")]
    if not variants:
        return [f"content {item.get('contentId')} not found"]
    if any(p.status != "approved" for p in variants):
        return [f"content {item.get('contentId')} is not approved"]
    if _immutable_reasons(item):
        return _immutable_reasons(item)
    subset = {k: item[k] for k in ("title", "description", "images") if k in item}
    reasons = validation.field_reasons(state.catalog, subset)
    if "attributes" in item:
        reasons += _content_attribute_reasons(state, variants[0], item["attributes"])
    if reasons:
        return reasons
    changes: dict[str, dict[str, Any]] = {name: {p.barcode: value for p in variants} for name, value in subset.items()}
    if "attributes" in item:
        changes["attributes"] = {p.barcode: _merge_attributes(state, p, item["attributes"]) for p in variants}
    if changes:
        audits.record(state, variants[0].content_id, state.current_batch, variants[0].barcode, changes)
    return []


def _immutable_reasons(item: dict[str, Any]) -> list[str]:
    return [f"{name} cannot change on an approved product" for name in IMMUTABLE_WHEN_APPROVED if name in item]


def _content_attribute_reasons(state: SandboxState, product: Product, entries: Any) -> list[str]:
    """Full list required; slicer values are fixed once approved; varianters stay per variant."""
    category = product.fields["categoryId"]
    rules = state.catalog.rules(category)
    content_entries = [e for e in entries if isinstance(e, dict)
                       and not rules.get(e.get("attributeId"), {}).get("varianter")]
    varianters = [e for e in product.fields["attributes"] if rules.get(e.get("attributeId"), {}).get("varianter")]
    reasons = validation.attribute_reasons(state.catalog, category, content_entries + varianters)
    before = state.catalog.slicer_key(product.fields)
    after = state.catalog.slicer_key({"categoryId": category, "attributes": content_entries})
    if not reasons and before != after:
        reasons.append("slicer attribute values cannot change on an approved product")
    return reasons


def _merge_attributes(state: SandboxState, product: Product, entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    rules = state.catalog.rules(product.fields["categoryId"])
    keep = [e for e in product.fields["attributes"] if rules.get(e.get("attributeId"), {}).get("varianter")]
    return [e for e in entries if not rules.get(e.get("attributeId"), {}).get("varianter")] + keep


def _update_variant(state: SandboxState, item: dict[str, Any]) -> list[str]:
    product, reasons = _approved(state, item)
    if reasons or product is None:
        return reasons
    if _immutable_reasons(item):
        return _immutable_reasons(item)
    allowed = ("stockCode", "vatRate", "dimensionalWeight", "origin", "lotNumber",
               "shipmentAddressId", "returningAddressId", "locationBasedDelivery", "channels")
    subset = {k: item[k] for k in allowed if k in item}
    reasons = validation.field_reasons(state.catalog, subset)
    if not reasons:
        product.fields.update(subset)
        product.modified = state.now()
    return reasons


def _inventory(state: SandboxState, item: dict[str, Any]) -> list[str]:
    product, reasons = _approved(state, item)
    if reasons or product is None:
        return reasons
    if "quantity" in item:
        reasons += validation.quantity_reasons(item["quantity"])
    prices = "listPrice" in item or "salePrice" in item
    if prices:
        reasons += validation.price_reasons(item.get("listPrice", product.list_price),
                                            item.get("salePrice", product.sale_price))
        reasons += _price_rate_reasons(state, product.barcode)
    if reasons:
        return reasons
    product.quantity = item.get("quantity", product.quantity)
    product.list_price = item.get("listPrice", product.list_price)
    product.sale_price = item.get("salePrice", product.sale_price)
    product.stock_modified = state.now()
    return []


def _price_rate_reasons(state: SandboxState, barcode: str) -> list[str]:
    now = state.now()
    history = state.price_updates.setdefault(barcode, deque())
    while history and history[0] <= now - 60:
        history.popleft()
    if len(history) >= PRICE_UPDATES_PER_MINUTE:
        return [f"more than {PRICE_UPDATES_PER_MINUTE} price updates in a minute for {barcode}"]
    history.append(now)
    return []


def _delete(state: SandboxState, item: dict[str, Any]) -> list[str]:
    product, reasons = _known(state, item)
    if reasons or product is None:
        return reasons
    if product.status == "approved" and not (
            product.archived and product.archived_at is not None
            and state.now() - product.archived_at > ONE_DAY):
        return ["an approved product can be deleted only after it has been archived for more than 1 day"]
    del state.products[product.barcode]
    return []


def _archive(state: SandboxState, item: dict[str, Any]) -> list[str]:
    product, reasons = _approved(state, item)
    if reasons or product is None:
        return reasons
    if not isinstance(item.get("archived"), bool):
        return ["archived must be true or false"]
    product.archived = item["archived"]
    product.archived_at = state.now() if product.archived else None
    return []


PROCESSORS: dict[str, Processor] = {
    "ProductV2OnBoarding": _onboard,
    "ProductV2Update": _update_unapproved,
    "ApprovedProductContentUpdate": _update_content,
    "ApprovedProductVariantUpdate": _update_variant,
    INVENTORY: _inventory,
    "ProductDeletion": _delete,
    "ProductArchiveUpdate": _archive,
}
