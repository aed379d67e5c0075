"""The sandbox's read-only catalog: a flat category list, attributes per category, enum values.

Consistent with the Omnitron sandbox's demo catalog (sandboxes/omnitron/seed.py): its four leaf
categories (Tişört, Pantolon, Spor Ayakkabı, Çanta) exist here as leaves under Giyim and
Ayakkabı & Çanta, and its attribute set "Giyim" (Renk with five colours, Beden S/M/L/XL) maps
onto the variant attributes `renk_variant_property` and `beden_variant_property`.
"""
from __future__ import annotations

from typing import Any

COLORS = ("Kırmızı", "Mavi", "Siyah", "Beyaz", "Yeşil")
SIZES = ("S", "M", "L", "XL")

# categoryId, name, parentCategoryId, leaf, status, available
_CATEGORIES = [
    (2147483645, "Moda", None, False, "ACTIVE", True),
    (60001000, "Giyim", 2147483645, False, "ACTIVE", True),
    (60001546, "Tişört", 60001000, True, "ACTIVE", True),
    (60001547, "Pantolon", 60001000, True, "ACTIVE", True),
    (60002000, "Ayakkabı & Çanta", 2147483645, False, "ACTIVE", True),
    (60002123, "Spor Ayakkabı", 60002000, True, "ACTIVE", True),
    (60002124, "Çanta", 60002000, True, "ACTIVE", True),
    # leaf and ACTIVE but not available: products cannot be created under it (measured on SIT)
    (60002125, "Valiz", 60002000, True, "ACTIVE", False),
]

BASE_ATTRIBUTES = [
    {"id": "merchantSku", "name": "Satıcı Stok Kodu", "mandatory": True, "type": "string", "multiValue": False},
    {"id": "VaryantGroupID", "name": "Varyant Grup Id", "mandatory": False, "type": "string", "multiValue": False},
    {"id": "UrunAdi", "name": "Ürün Adı", "mandatory": True, "type": "string", "multiValue": False},
    {"id": "UrunAciklamasi", "name": "Ürün Açıklaması", "mandatory": True, "type": "string", "multiValue": False},
    {"id": "Barcode", "name": "Barkod", "mandatory": True, "type": "string", "multiValue": False},
    {"id": "Marka", "name": "Marka", "mandatory": True, "type": "string", "multiValue": False},
    {"id": "GarantiSuresi", "name": "Garanti Süresi (Ay)", "mandatory": True, "type": "integer", "multiValue": False},
    {"id": "tax_vat_rate", "name": "KDV", "mandatory": True, "type": "string", "multiValue": False},
    {"id": "kg", "name": "Desi", "mandatory": True, "type": "string", "multiValue": False},
    {"id": "Image1", "name": "Görsel1", "mandatory": True, "type": "media", "multiValue": False},
    *({"id": f"Image{n}", "name": f"Görsel{n}", "mandatory": False, "type": "media", "multiValue": False}
      for n in range(2, 11)),
    {"id": "price", "name": "Fiyat", "mandatory": False, "type": "string", "multiValue": False},
    {"id": "stock", "name": "Stok", "mandatory": False, "type": "string", "multiValue": False},
]
CATEGORY_ATTRIBUTES = [
    {"id": "00000MU", "name": "Materyal", "mandatory": False, "type": "string", "multiValue": False},
]
VARIANT_ATTRIBUTES = [
    {"id": "renk_variant_property", "name": "Renk", "mandatory": True, "type": "enum", "multiValue": False},
    {"id": "beden_variant_property", "name": "Beden", "mandatory": False, "type": "enum", "multiValue": False},
]
ENUM_VALUES: dict[str, tuple[str, ...]] = {"renk_variant_property": COLORS, "beden_variant_property": SIZES}

#: Barcodes already in Hepsiburada's catalog: importing one proposes a match (PRE_MATCHED), as SIT does.
PREMATCH_BARCODES = frozenset({"7541828790114", "7541828790155", "7541828790080"})


def categories() -> list[dict[str, Any]]:
    """Every category as get-all-categories answers it (flat; tree by `parentCategoryId`)."""
    by_id = {row[0]: row for row in _CATEGORIES}
    rows = []
    for category_id, name, parent, leaf, status, available in _CATEGORIES:
        paths, cursor = [], parent
        while cursor is not None:
            paths.insert(0, by_id[cursor][1])
            cursor = by_id[cursor][2]
        rows.append({"categoryId": category_id, "name": name, "displayName": name, "parentCategoryId": parent,
                     "paths": [*paths, name], "leaf": leaf, "status": status, "available": available,
                     "type": "HB", "sortId": 0, "merge": False, "productTypes": []})
    return rows


def category(category_id: int) -> dict[str, Any] | None:
    return next((row for row in categories() if row["categoryId"] == category_id), None)


def usable(row: dict[str, Any] | None) -> bool:
    """Products are created only under leaf, ACTIVE and available categories."""
    return bool(row and row["leaf"] and row["status"] == "ACTIVE" and row["available"])


def attributes_of() -> dict[str, list[dict[str, Any]]]:
    return {"baseAttributes": BASE_ATTRIBUTES, "attributes": CATEGORY_ATTRIBUTES,
            "variantAttributes": VARIANT_ATTRIBUTES}


def all_attributes() -> dict[str, dict[str, Any]]:
    found = attributes_of()
    return {attribute["id"]: attribute for group in found.values() for attribute in group}
