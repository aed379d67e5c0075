"""Pure conversions between our neutral dataclasses and Trendyol's JSON (no I/O, no state).

Outbound (`to_*`): one input item -> one Trendyol request item; raise `MappingError` when
the engine did not supply something Trendyol cannot do without (the adapter turns that
into a failed outcome for that item only). Business rules (prices, image count, required
attributes) are left to Trendyol, so the reasons the seller sees are Trendyol's own.
Inbound (`*_from_json`): Trendyol responses -> results, tolerant of the documented
spelling conflicts (docs/trendyol.md, "Products and batches").
"""
from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from channel.adapters.payloads import (
    AttributeInput,
    ImageInput,
    PriceInput,
    ProductPayloadInput,
    ProductRef,
    StockInput,
)
from channel.adapters.results import (
    BatchResult,
    BatchStatus,
    ItemOutcome,
    RemoteAttribute,
    RemoteAttributeValue,
    RemoteBrand,
    RemoteCargoProvider,
    RemoteCategory,
    RemoteProductState,
)

_WHITESPACE = re.compile(r"\s+")
#: Optional create/update fields read from `ProductPayloadInput.extra`, by Trendyol name.
_EXTRA_FIELDS = ("origin", "lotNumber", "shipmentAddressId", "returningAddressId", "cargoProviders")
DEFAULT_DIMENSIONAL_WEIGHT = 1


class MappingError(ValueError):
    """An input item lacks something Trendyol requires; `key` names the item."""

    def __init__(self, key: str, reason: str) -> None:
        super().__init__(f"{key}: {reason}")
        self.key = key
        self.reason = reason


# ---- outbound ------------------------------------------------------------------------------

def normalize_barcode(barcode: str) -> str:
    """Trendyol removes whitespace inside barcodes and stores the joined value."""
    return _WHITESPACE.sub("", barcode)


def money(value: Decimal) -> float:
    """A TRY amount as the JSON number Trendyol expects, rounded to kuruş."""
    return float(Decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def remote_int(key: str, what: str, value: str | None) -> int:
    """A remote id as Trendyol's integer; MappingError when missing or not numeric."""
    if value is None or str(value).strip() == "":
        raise MappingError(key, f"no Trendyol {what} mapped")
    try:
        return int(str(value).strip())
    except ValueError:
        raise MappingError(key, f"Trendyol {what} {value!r} is not an integer id") from None


def require_barcode(ref: ProductRef) -> str:
    barcode = normalize_barcode(ref.barcode)
    if not barcode:
        raise MappingError(ref.key, "no barcode (Trendyol identifies products by barcode)")
    return barcode


def to_attribute(key: str, attribute: AttributeInput) -> dict[str, Any]:
    """V2 attribute entry: value ids, or free text for allowCustom attributes."""
    entry: dict[str, Any] = {"attributeId": remote_int(key, "attribute id", attribute.remote_attribute_id)}
    if attribute.value_ids:
        entry["attributeValueIds"] = [remote_int(key, "attribute value id", v) for v in attribute.value_ids]
    elif attribute.custom_value is not None:
        entry["attributeValue"] = attribute.custom_value
    else:
        raise MappingError(key, f"attribute {attribute.remote_attribute_id} has no value")
    return entry


def to_images(urls: Iterable[str]) -> list[dict[str, str]]:
    return [{"url": url} for url in urls]


def _content_fields(product: ProductPayloadInput) -> dict[str, Any]:
    """Fields shared by create and unapproved update (everything but stock and price)."""
    key = product.key
    if not product.name:
        raise MappingError(key, "no name")
    fields: dict[str, Any] = {
        "barcode": require_barcode(product),
        "title": product.name,
        "productMainId": product.group_key or product.sku,
        "brandId": remote_int(key, "brand id", product.brand_remote_id),
        "categoryId": remote_int(key, "category id", product.category_remote_id),
        "stockCode": product.sku,
        "dimensionalWeight": product.extra.get("dimensionalWeight", DEFAULT_DIMENSIONAL_WEIGHT),
        "description": product.description,
        "vatRate": product.vat_rate,
        "images": to_images(product.images),
        "attributes": [to_attribute(key, attribute) for attribute in product.attributes],
    }
    if "deliveryDuration" in product.extra:
        fields["deliveryOption"] = {"deliveryDuration": int(product.extra["deliveryDuration"])}
    fields.update({name: product.extra[name] for name in _EXTRA_FIELDS if name in product.extra})
    return fields


def to_create_item(product: ProductPayloadInput) -> dict[str, Any]:
    """One item of `POST /product/sellers/{id}/v2/products`."""
    return {
        **_content_fields(product),
        "quantity": product.stock,
        "listPrice": money(product.list_price),
        "salePrice": money(product.sale_price),
    }


def to_unapproved_update_item(product: ProductPayloadInput) -> dict[str, Any]:
    """One item of `unapproved-bulk-update`: the create fields without stock and price."""
    return _content_fields(product)


def to_content_update_item(product: ProductPayloadInput) -> dict[str, Any]:
    """One item of `content-bulk-update` (approved product, keyed by contentId).

    Attributes are sent in full because Trendyol replaces the whole list.
    """
    key = product.key
    return {
        "contentId": remote_int(key, "content id", product.remote_id),
        "title": product.name,
        "description": product.description,
        "images": to_images(product.images),
        "attributes": [to_attribute(key, attribute) for attribute in product.attributes],
    }


def to_variant_update_item(product: ProductPayloadInput) -> dict[str, Any]:
    """One item of `variant-bulk-update` (approved product, keyed by barcode)."""
    item: dict[str, Any] = {
        "barcode": require_barcode(product),
        "stockCode": product.sku,
        "vatRate": product.vat_rate,
        "dimensionalWeight": product.extra.get("dimensionalWeight", DEFAULT_DIMENSIONAL_WEIGHT),
    }
    variant_fields = ("origin", "lotNumber", "shipmentAddressId", "returningAddressId")
    item.update({name: product.extra[name] for name in variant_fields if name in product.extra})
    return item


def to_price_item(price: PriceInput) -> dict[str, Any]:
    """One item of `price-and-inventory` carrying prices only."""
    return {"barcode": require_barcode(price), "listPrice": money(price.list_price),
            "salePrice": money(price.sale_price)}


def to_stock_item(stock: StockInput) -> dict[str, Any]:
    """One item of `price-and-inventory` carrying stock only."""
    if stock.stock < 0:
        raise MappingError(stock.key, f"negative stock {stock.stock}")
    return {"barcode": require_barcode(stock), "quantity": stock.stock}


def to_delete_item(ref: ProductRef) -> dict[str, Any]:
    return {"barcode": require_barcode(ref)}


def to_archive_item(ref: ProductRef, archived: bool) -> dict[str, Any]:
    return {"barcode": require_barcode(ref), "archived": archived}


def to_unapproved_images_item(images: ImageInput) -> dict[str, Any]:
    return {"barcode": require_barcode(images), "images": to_images(images.images)}


def to_content_images_item(images: ImageInput) -> dict[str, Any]:
    return {"contentId": remote_int(images.key, "content id", images.remote_id),
            "images": to_images(images.images)}


def request_fingerprint(seller_id: int, path: str, body: Any) -> str:
    """A stable hash of one request, to spot Trendyol's 15-minute duplicate rule locally."""
    canonical = json.dumps([seller_id, path, body], sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


# ---- inbound -------------------------------------------------------------------------------

def error_keys(body: str) -> list[str]:
    """The `errors[].key` values of a product-service error body ([] if it has none)."""
    try:
        data = json.loads(body)
    except ValueError:
        return []
    errors = data.get("errors") if isinstance(data, dict) else None
    return [str(e.get("key", "")) for e in errors or [] if isinstance(e, dict)]


CONTENT_PREFIX = "content:"


def batch_item_key(request_item: dict[str, Any]) -> str:
    """The identifier Trendyol echoes for one batch item, whatever the batch type.

    Onboarding/unapproved: `barcode` (or `product.barcode`); variant update:
    `updateRequest.barcode`; delivery: `request.barcode`; content update echoes only
    `updateRequest.contentId`, returned as "content:<id>" so it cannot clash with a barcode.
    """
    for holder in (request_item, request_item.get("product"), request_item.get("updateRequest"),
                   request_item.get("request")):
        if isinstance(holder, dict):
            if holder.get("barcode") not in (None, ""):
                return str(holder["barcode"])
            if holder.get("contentId") not in (None, ""):
                return f"{CONTENT_PREFIX}{holder['contentId']}"
    return ""


def content_alias(content_id: int | str) -> str:
    return f"{CONTENT_PREFIX}{content_id}"


def outcomes_from_batch_item(item: dict[str, Any],
                             aliases: dict[str, list[str]]) -> list[ItemOutcome]:
    """Outcomes for one batch item, under the engine's keys.

    `aliases` maps echoed identifiers to engine keys: a normalised barcode to the barcode
    the engine sent, a contentId to every barcode of that content (one outcome each).
    """
    echoed = batch_item_key(item.get("requestItem") or {})
    status = item.get("status")
    ok = status == "SUCCESS"
    reasons = [str(r) for r in item.get("failureReasons") or []]
    reason = None if ok else ("; ".join(reasons) or f"status {status}")
    remote_id = echoed.removeprefix(CONTENT_PREFIX) if echoed.startswith(CONTENT_PREFIX) else None
    return [ItemOutcome(key=key, ok=ok, remote_id=remote_id, reason=reason)
            for key in aliases.get(echoed, [echoed])]


def batch_status(data: dict[str, Any]) -> BatchStatus:
    """processing/done/failed from a batch result.

    Stock/price batches have no top-level status: they are done once every item has a
    terminal item status and the item count is reached.
    """
    status = data.get("status")
    if status == "COMPLETED":
        return "done"
    if status in ("FAILED", "ERROR"):
        return "failed"
    if status is not None:
        return "processing"
    items = data.get("items") or []
    terminal = [i for i in items if i.get("status") not in (None, "IN_PROGRESS")]
    expected = int(data.get("itemCount") or 0)
    return "done" if items and len(terminal) == len(items) and len(items) >= expected else "processing"


def batch_result_from_json(data: dict[str, Any],
                           aliases: dict[str, list[str]] | None = None) -> BatchResult:
    status = batch_status(data)
    outcomes: list[ItemOutcome] = []
    for item in data.get("items") or []:
        if item.get("status") not in (None, "IN_PROGRESS"):
            outcomes.extend(outcomes_from_batch_item(item, aliases or {}))
    return BatchResult(remote_batch_id=str(data.get("batchRequestId", "")), status=status,
                       outcomes=outcomes, item_count=int(data.get("itemCount") or len(outcomes)))


def categories_from_json(data: Any) -> list[RemoteCategory]:
    """Flatten the tree (either `{"categories": [...]}` or a bare array), parents first."""
    roots = data.get("categories", []) if isinstance(data, dict) else data
    flat: list[RemoteCategory] = []
    stack = [(node, None) for node in reversed(roots or [])]
    while stack:
        node, parent = stack.pop()
        children = node.get("subCategories") or []
        flat.append(RemoteCategory(remote_id=str(node["id"]), name=node.get("name", ""),
                                   parent_remote_id=None if parent is None else str(parent),
                                   is_leaf=not children))
        stack.extend((child, node["id"]) for child in reversed(children))
    return flat


def attributes_from_json(data: dict[str, Any]) -> list[RemoteAttribute]:
    """Category attributes (V2 shape); values embedded V1-style are kept when present."""
    attributes = []
    for entry in data.get("categoryAttributes") or []:
        attribute = entry.get("attribute") or {}
        attributes.append(RemoteAttribute(
            remote_id=str(attribute.get("id")), name=attribute.get("name", ""),
            required=bool(entry.get("required")), allow_custom=bool(entry.get("allowCustom")),
            allow_multiple=bool(entry.get("allowMultipleAttributeValues")),
            varianter=bool(entry.get("varianter")), slicer=bool(entry.get("slicer")),
            values=tuple(RemoteAttributeValue(str(v["id"]), v.get("name", ""))
                         for v in entry.get("attributeValues") or []),
        ))
    return attributes


def attribute_values_from_json(data: dict[str, Any]) -> list[RemoteAttributeValue]:
    """One page of attribute values; the name is `attributeValue` or `attributeValueName`."""
    return [
        RemoteAttributeValue(remote_id=str(v["attributeValueId"]),
                             name=v.get("attributeValue", v.get("attributeValueName", "")))
        for v in data.get("content") or []
    ]


def brands_from_json(data: Any) -> list[RemoteBrand]:
    """`{"brands": [...]}` (list) or a bare array (search by name)."""
    rows = data.get("brands", []) if isinstance(data, dict) else data
    return [RemoteBrand(remote_id=str(b["id"]), name=b.get("name", "")) for b in rows or []]


def cargo_providers_from_json(data: Any) -> list[RemoteCargoProvider]:
    return [RemoteCargoProvider(code=c["code"], name=c.get("name", "")) for c in data or []]


def product_state_from_json(data: dict[str, Any]) -> RemoteProductState:
    content_id = data.get("contentId")
    return RemoteProductState(key=str(data.get("barcode", "")), approved=bool(data.get("approved")),
                              archived=bool(data.get("archived")),
                              remote_id=None if content_id in (None, "") else str(content_id))
