"""Pure conversions for content updates of approved products (ticket-api).

Hepsiburada corrects and enriches approved products, so an update must carry only the fields
that differ from what Hepsiburada holds now (its all-products read): name, description, images
(by position; a changed image is a new URL) and category attributes. The import-only keys
(SKU, group, barcode, brand, warranty, VAT, desi, price, stock) are not sent: barcode, VAT,
warranty and desi have ticket fields, but the all-products read does not return them all to
compare against, and sending them unchanged would overwrite Hepsiburada's corrections. The
all-products description came back empty in a measured call, so a description is sent whenever
Hepsiburada shows none.
"""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from channel.adapters.results import ItemOutcome

MAX_IMAGES = 10
IMPORT_ONLY = frozenset({"merchantSku", "VaryantGroupID", "Barcode", "UrunAdi", "UrunAciklamasi", "Marka",
                         "GarantiSuresi", "tax_vat_rate", "kg", "price", "stock",
                         *(f"Image{n}" for n in range(1, MAX_IMAGES + 1))})


def ticket_item(row: dict[str, Any], current: dict[str, Any], hb_sku: str) -> dict[str, Any]:
    """The ticket item for one import row (`mappers.to_import_row`'s `attributes`) against the
    product Hepsiburada holds now; only `hbSku` when nothing differs."""
    item: dict[str, Any] = {"hbSku": hb_sku}
    if row.get("UrunAdi") and row["UrunAdi"] != current.get("productName"):
        item["productName"] = row["UrunAdi"]
    if row.get("UrunAciklamasi") and row["UrunAciklamasi"] != (current.get("description") or ""):
        item["productDescription"] = row["UrunAciklamasi"]
    images = list(current.get("images") or [])
    for n in range(1, MAX_IMAGES + 1):
        url = row.get(f"Image{n}")
        if url and (len(images) < n or images[n - 1] != url):
            item[f"image{n}"] = url
    held = {str(a.get("name")): str(a.get("value")) for key in ("baseAttributes", "variantTypeAttributes",
                                                                 "productAttributes") for a in current.get(key) or []}
    changed = {name: str(value) for name, value in row.items()
               if name not in IMPORT_ONLY and str(value) != held.get(name)}
    if changed:
        item["attributes"] = changed
    return item


def ticket_status(pages: Sequence[dict[str, Any]]) -> str:
    """`processing` while a field is IN_PROGRESS or an item UNCOMPLETED without decided fields, else `done`."""
    for item in _items(pages):
        results = item.get("updateResults") or []
        if any(r.get("fieldResult") == "IN_PROGRESS" for r in results) or (
                item.get("productStatus") != "COMPLETED" and not results):
            return "processing"
    return "done"


def ticket_outcomes(pages: Sequence[dict[str, Any]], aliases: dict[str, list[str]]) -> list[ItemOutcome]:
    """One outcome per engine key: ok unless a field was REJECTED (its reasons) or the item is missing."""
    items = {str(item.get("hbSku")): item for item in _items(pages)}
    outcomes = []
    for hb_sku, keys in aliases.items():
        item = items.get(hb_sku)
        rejected = [f"{r.get('fieldName')}: {r.get('rejectReason')}" for r in (item or {}).get("updateResults") or []
                    if r.get("fieldResult") == "REJECTED"]
        reason = "; ".join(rejected) if item else "not in Hepsiburada's content update status"
        outcomes += [ItemOutcome(key, ok=bool(item) and not rejected, remote_id=hb_sku, reason=reason) for key in keys]
    return outcomes


def _items(pages: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    return [item for page in pages for entry in page.get("data") or [] for item in entry.get("items") or []]
