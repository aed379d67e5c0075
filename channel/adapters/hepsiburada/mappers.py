"""Pure conversions between the neutral inputs/results and Hepsiburada's JSON (no I/O, no settings).

Catalog: a product is one row of the import file, a flat `attributes` map holding the whole
product under Hepsiburada's (Turkish) keys; the merchant SKU is stored upper-case without
spaces; the import's price is a comma-decimal string. Listing: price and stock uploads are
arrays keyed by `merchantSku`, answered later per item by position (`elementNo`, 1-based here
as the sandbox reads the unverified base) and SKU.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from channel.adapters.payloads import PriceInput, ProductPayloadInput, ProductRef, StockInput
from channel.adapters.results import (
    BatchStatus,
    ItemOutcome,
    RemoteAttribute,
    RemoteAttributeValue,
    RemoteCategory,
    RemoteProductState,
)

MAX_IMAGES = 10
#: product statuses meaning "ready for sale": a listing exists and `hbSku` is final
APPROVED = frozenset({"MATCHED", "CREATED", "MATCHED_WITH_STAGED"})
#: product statuses after which the import is accepted and waits on Hepsiburada or the merchant
ACCEPTED = APPROVED | {"WAITING", "PRE_MATCHED", "IN_EXTERNAL_PROGRESS"}
REFUSED = frozenset({"MISSING_INFO", "REJECTED", "BLOCKED"})
UPLOAD_RUNNING = frozenset({"", "inprogress", "processing", "pending", "waiting", "created"})


class MappingError(ValueError):
    """An item Hepsiburada cannot take as it is; the message is the seller-facing reason."""


def merchant_sku(sku: str) -> str:
    """The SKU as Hepsiburada stores it: upper-case; spaces are refused, not silently dropped."""
    text = sku.strip()
    if not text or " " in text:
        raise MappingError(f"merchantSku {sku!r} must be non-empty and contain no spaces (Hepsiburada rule)")
    return text.upper()


def comma_decimal(value: Decimal) -> str:
    """The import's price format: `399,90`."""
    return f"{value.quantize(Decimal('0.01'))}".replace(".", ",")


def to_import_row(product: ProductPayloadInput, merchant_id: str, *, warranty_months: int, desi: str) -> dict[str, Any]:
    """One row of the import file. `brand_remote_id` is the brand's name (Hepsiburada's brand is
    free text); `ProductPayloadInput.extra` keys read: `warranty_months`, `desi`."""
    if not product.category_remote_id.isdigit():
        raise MappingError(f"category {product.category_remote_id!r} is not a Hepsiburada category id")
    if not product.images:
        raise MappingError("Hepsiburada needs at least one image (Image1)")
    attributes: dict[str, Any] = {
        "merchantSku": merchant_sku(product.sku), "VaryantGroupID": product.group_key or product.sku,
        "Barcode": product.barcode, "UrunAdi": product.name, "UrunAciklamasi": product.description,
        "Marka": product.brand_remote_id,
        "GarantiSuresi": int(product.extra.get("warranty_months", warranty_months)),
        "tax_vat_rate": str(product.vat_rate), "kg": str(product.extra.get("desi", desi)),
        "price": comma_decimal(product.sale_price), "stock": str(max(product.stock, 0)),
    }
    attributes.update({f"Image{n}": url for n, url in enumerate(product.images[:MAX_IMAGES], start=1)})
    for attribute in product.attributes:
        value = attribute.value_ids[0] if attribute.value_ids else attribute.custom_value
        if value not in (None, ""):
            attributes[attribute.remote_attribute_id] = value
    return {"categoryId": int(product.category_remote_id), "merchant": merchant_id, "attributes": attributes}


def sku_aliases(refs: Iterable[ProductRef]) -> dict[str, list[str]]:
    """upper-cased merchantSku -> engine keys, in submission order (results echo the SKU)."""
    aliases: dict[str, list[str]] = {}
    for ref in refs:
        aliases.setdefault(merchant_sku(ref.sku), []).append(ref.key)
    return aliases


def import_outcome(row: dict[str, Any], keys: Sequence[str]) -> list[ItemOutcome]:
    """Outcomes of one import-status row; `importStatus: SUCCESS` is only the row being read."""
    status, product_status = row.get("importStatus"), row.get("productStatus") or ""
    if status == "SUCCESS" and product_status in ACCEPTED:
        remote = row.get("hbSku") if product_status in APPROVED else None
        return [ItemOutcome(key, ok=True, remote_id=remote or None) for key in keys]
    reasons = [str(m.get("message")) for m in row.get("importMessages") or [] if m.get("severity") == "ERROR"]
    reasons += [f"{v.get('attributeName')}: {v.get('message')}" for v in row.get("validationResults") or []]
    reasons += [str(r) for r in row.get("rejectReasonsMessages") or []]
    label = product_status if status == "SUCCESS" else f"import {status}"
    reason = f"{label}: " + ("; ".join(reasons) or "no reason given")
    return [ItemOutcome(key, ok=False, reason=reason) for key in keys]


def import_status(rows: Sequence[dict[str, Any]]) -> BatchStatus:
    return "processing" if any(row.get("importStatus") == "PROCESSING" for row in rows) else "done"


def import_outcomes(rows: Sequence[dict[str, Any]], aliases: dict[str, list[str]]) -> list[ItemOutcome]:
    """Every row's outcomes under the engine's keys (by SKU, else by position in the file)."""
    ordered = list(aliases.values())
    outcomes: list[ItemOutcome] = []
    for row in rows:
        keys = aliases.get(str(row.get("merchantSku") or "").upper())
        position = int(row.get("itemOrderID") or 0) - 1
        if keys is None and 0 <= position < len(ordered):
            keys = ordered[position]
        outcomes.extend(import_outcome(row, keys or []))
    return outcomes


def to_price_item(price: PriceInput) -> dict[str, Any]:
    """A price upload item: the sale price as a JSON number (the listing has no crossed-out price)."""
    if price.sale_price <= 0:
        raise MappingError(f"price {price.sale_price} must be above zero")
    return {"merchantSku": merchant_sku(price.sku), "price": float(price.sale_price)}


def to_stock_item(stock: StockInput) -> dict[str, Any]:
    return {"merchantSku": merchant_sku(stock.sku), "availableStock": max(int(stock.stock), 0)}


def upload_status(body: dict[str, Any]) -> BatchStatus:
    status = str(body.get("status") or "").lower()
    if status in UPLOAD_RUNNING:
        return "processing"
    return "failed" if status == "failed" else "done"


def upload_outcomes(body: dict[str, Any], aliases: dict[str, list[str]]) -> list[ItemOutcome]:
    """Every uploaded item's outcome: the ones in `errors[]` failed with their codes, the rest applied."""
    ordered = list(aliases.items())
    failed: dict[str, str] = {}
    for entry in body.get("errors") or []:
        sku = str(entry.get("merchantSku") or "").upper()
        position = int(entry.get("elementNo") or 0) - 1
        if sku not in aliases and 0 <= position < len(ordered):
            sku = ordered[position][0]
        failed[sku] = ", ".join(str(code) for code in entry.get("errors") or []) or "refused"
    for entry in body.get("priceValidations") or []:
        sku = str(entry.get("merchantSku") or "").upper()
        failed.setdefault(sku, f"{entry.get('type')}: allowed {entry.get('minPrice')}..{entry.get('maxPrice')}")
    return [ItemOutcome(key, ok=sku not in failed, reason=failed.get(sku)) for sku, keys in ordered for key in keys]


def categories_from_json(rows: Iterable[dict[str, Any]]) -> list[RemoteCategory]:
    """The flat list as a tree, each parent before its children (parents missing from the list are roots)."""
    by_id = {str(row["categoryId"]): row for row in rows}
    ordered: list[RemoteCategory] = []
    placed: set[str] = set()

    def place(category_id: str) -> None:
        if category_id in placed:
            return
        row = by_id[category_id]
        parent = str(row["parentCategoryId"]) if row.get("parentCategoryId") is not None else None
        if parent in by_id:
            place(parent)
        placed.add(category_id)
        usable = bool(row.get("leaf")) and row.get("status", "ACTIVE") == "ACTIVE" and row.get("available", True)
        ordered.append(RemoteCategory(category_id, str(row.get("displayName") or row.get("name")),
                                      parent if parent in by_id else None, usable))

    for category_id in by_id:
        place(category_id)
    return ordered


def attributes_from_json(data: dict[str, Any]) -> list[RemoteAttribute]:
    """Category and variant attributes (base attributes are the product envelope: the adapter fills them)."""
    found = []
    for group, varianter in (("attributes", False), ("variantAttributes", True)):
        for row in data.get(group) or []:
            enum = str(row.get("type") or "").lower() == "enum"
            found.append(RemoteAttribute(str(row["id"]), str(row.get("name") or row["id"]),
                                         required=bool(row.get("mandatory")), allow_custom=not enum,
                                         allow_multiple=bool(row.get("multiValue")), varianter=varianter))
    return found


def is_enum(attribute: RemoteAttribute) -> bool:
    return not attribute.allow_custom


def values_from_json(rows: Iterable[dict[str, Any]]) -> list[RemoteAttributeValue]:
    """Enum values; the id is the value text, since the import file carries the text."""
    return [RemoteAttributeValue(str(row.get("value")), str(row.get("value"))) for row in rows if row.get("value")]


def product_state(key: str, status: str, hb_sku: str | None) -> RemoteProductState:
    return RemoteProductState(key=key, approved=status in APPROVED, remote_id=hb_sku if status in APPROVED else None,
                              status=status)


def delete_outcomes(body: dict[str, Any], aliases: dict[str, list[str]]) -> list[ItemOutcome]:
    """A finished delete process -> one outcome per engine key (a SKU missing from the result fails)."""
    rows = {str(row.get("merchantSku") or "").upper(): row for row in body.get("deletedProductList") or []}
    outcomes = []
    for sku, keys in aliases.items():
        row = rows.get(sku)
        ok = bool(row and row.get("deleted"))
        reason = "" if ok else str((row or {}).get("errorMessage") or "not in Hepsiburada's delete result")
        outcomes += [ItemOutcome(key, ok=ok, reason=reason) for key in keys]
    return outcomes
