"""Item-level business rules of Trendyol's product documentation pages, as pure functions.

Each returns the list of failure reasons for one request item ([] means valid); reasons
become `failureReasons` of FAILED batch items. State-dependent rules (duplicate or
unknown barcode, approval state) live in `batches.py`.
"""
from __future__ import annotations

import re
from typing import Any

from sandboxes.trendyol.catalog import Catalog

BARCODE_CHARS = re.compile(r"^[0-9A-Za-zÇĞİÖŞÜçğıöşü._-]+$")
LOT_CHARS = re.compile(r"^[A-Za-z0-9,\-.:/ ]*$")
VAT_RATES = {0, 1, 10, 20}
MAX_IMAGES = 8
MAX_STOCK = 20_000
COLOUR_ATTRIBUTE = "Renk"
CREATE_REQUIRED = ("barcode", "title", "productMainId", "brandId", "categoryId", "quantity", "stockCode",
                   "dimensionalWeight", "description", "listPrice", "salePrice", "vatRate", "images",
                   "attributes")
TEXT_LIMITS = {"title": 100, "productMainId": 40, "stockCode": 100, "description": 30_000}


def clean_barcode(value: Any) -> str:
    """Trendyol joins a barcode's inner spaces away."""
    return re.sub(r"\s+", "", value) if isinstance(value, str) else ""


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def barcode_reasons(value: Any) -> list[str]:
    barcode = clean_barcode(value)
    if not barcode:
        return ["barcode is required"]
    if len(barcode) > 40:
        return ["barcode may be at most 40 characters"]
    if not BARCODE_CHARS.match(barcode):
        return ["barcode may contain only letters, digits and . - _"]
    return []


def create_reasons(catalog: Catalog, item: dict[str, Any]) -> list[str]:
    """Every rule for one item of `POST .../v2/products`."""
    missing = [name for name in CREATE_REQUIRED if item.get(name) is None]
    if missing:
        return [f"{name} is required" for name in missing]
    return field_reasons(catalog, item)


def field_reasons(catalog: Catalog, item: dict[str, Any]) -> list[str]:
    """Rules for whichever product fields `item` carries (create and unapproved update)."""
    reasons: list[str] = []
    if "barcode" in item:
        reasons += barcode_reasons(item["barcode"])
    for name, limit in TEXT_LIMITS.items():
        if name in item and (not isinstance(item[name], str) or len(item[name]) > limit):
            reasons.append(f"{name} must be text of at most {limit} characters")
    if "brandId" in item and item["brandId"] not in catalog.brand_ids():
        reasons.append(f"brand {item['brandId']} not found")
    if "categoryId" in item and not catalog.is_leaf(item["categoryId"]):
        reasons.append(f"category {item['categoryId']} is not a leaf category")
    reasons += number_reasons(item)
    reasons += image_reasons(item.get("images"))
    if item.get("origin") is not None and not (isinstance(item["origin"], str) and len(item["origin"]) == 2):
        reasons.append("origin must be a 2-letter country code")
    lot = item.get("lotNumber")
    if lot is not None and not (isinstance(lot, str) and len(lot) <= 100 and LOT_CHARS.match(lot)):
        reasons.append("lotNumber may hold at most 100 of A-Z a-z 0-9 , - . : /")
    unknown = set(item.get("cargoProviders") or []) - catalog.cargo_codes()
    if unknown:
        reasons.append(f"unknown cargo provider codes: {', '.join(sorted(map(str, unknown)))}")
    if "attributes" in item:
        category = item.get("categoryId")
        reasons += attribute_reasons(catalog, category, item["attributes"])
    return reasons


def number_reasons(item: dict[str, Any]) -> list[str]:
    reasons: list[str] = []
    if "quantity" in item:
        reasons += quantity_reasons(item["quantity"])
    if "vatRate" in item and item["vatRate"] not in VAT_RATES:
        reasons.append("vatRate must be one of 0, 1, 10, 20")
    if "dimensionalWeight" in item and not (_is_number(item["dimensionalWeight"]) and item["dimensionalWeight"] >= 0):
        reasons.append("dimensionalWeight must be a non-negative number")
    reasons += price_reasons(item.get("listPrice"), item.get("salePrice"))
    return reasons


def quantity_reasons(quantity: Any) -> list[str]:
    if not _is_int(quantity) or quantity < 0:
        return ["quantity must be a non-negative integer"]
    if quantity > MAX_STOCK:
        return [f"quantity may be at most {MAX_STOCK}"]
    return []


def price_reasons(list_price: Any, sale_price: Any) -> list[str]:
    """Both optional; when both are known, listPrice must be >= salePrice."""
    reasons = [f"{name} must be a positive number" for name, value in
               (("listPrice", list_price), ("salePrice", sale_price))
               if value is not None and not (_is_number(value) and value > 0)]
    if not reasons and list_price is not None and sale_price is not None and list_price < sale_price:
        reasons.append("listPrice must be greater than or equal to salePrice")
    return reasons


def image_reasons(images: Any) -> list[str]:
    if images is None:
        return []
    if not isinstance(images, list) or not all(isinstance(i, dict) for i in images):
        return ["images must be a list of {url}"]
    if len(images) > MAX_IMAGES:
        return [f"at most {MAX_IMAGES} images per barcode"]
    if any(not str(image.get("url", "")).startswith("https://") for image in images):
        return ["image urls must be https"]
    return []


def attribute_values(entry: dict[str, Any]) -> tuple[list[Any], Any]:
    """(value ids, custom text) of one attribute entry, in V2 or V1 spelling."""
    ids = entry.get("attributeValueIds")
    if ids is None and entry.get("attributeValueId") is not None:
        ids = [entry["attributeValueId"]]
    custom = entry.get("attributeValue", entry.get("customAttributeValue"))
    return list(ids or []), custom


def attribute_reasons(catalog: Catalog, category_id: Any, entries: Any) -> list[str]:
    """Attributes against the category's rules: known, valid values, required present."""
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        return ["attributes must be a list of objects"]
    rules = catalog.rules(category_id) if isinstance(category_id, int) else {}
    reasons: list[str] = []
    for entry in entries:
        reasons += _entry_reasons(catalog, rules, category_id, entry)
    present = {entry.get("attributeId") for entry in entries}
    for attribute_id, rule in rules.items():
        if rule["required"] and attribute_id not in present:
            name = catalog.attributes[attribute_id]["name"]
            reasons.append(f"required attribute {attribute_id} ({name}) is missing")
    return reasons


def _entry_reasons(catalog: Catalog, rules: dict[int, dict[str, Any]], category_id: Any,
                   entry: dict[str, Any]) -> list[str]:
    attribute_id = entry.get("attributeId")
    rule = rules.get(attribute_id)
    if rule is None:
        return [f"attribute {attribute_id} is not valid for category {category_id}"]
    attribute = catalog.attributes[attribute_id]
    ids, custom = attribute_values(entry)
    if custom is not None:
        if not rule["allowCustom"]:
            return [f"attribute {attribute_id} ({attribute['name']}) does not accept a custom value"]
        if attribute["name"] == COLOUR_ATTRIBUTE and len(str(custom)) > 50:
            return ["colour value may be at most 50 characters"]
        return []
    if not ids:
        return [f"attribute {attribute_id} ({attribute['name']}) has no value"]
    if len(ids) > 1 and not rule["allowMultipleAttributeValues"]:
        return [f"attribute {attribute_id} ({attribute['name']}) accepts a single value"]
    bad = [value for value in ids if value not in attribute["values"]]
    if bad:
        return [f"attribute value {value} is not valid for attribute {attribute_id}" for value in bad]
    return []
