"""Catalog service (`mpop` hosts, `/product/api/...`): categories, attributes, values, product
import with a tracking id, import status, status by SKU list, all products, match approval.

Import state machine: each row is PROCESSING for `import_delay`, then FAILED (unparsable row,
category not usable, bad merchantSku, barcode of another product, product already matched) or
SUCCESS with a product status: MISSING_INFO (mandatory or enum attribute wrong; the reasons in
`validationResults`), PRE_MATCHED (barcode already in Hepsiburada's catalog) or WAITING. WAITING
becomes MATCHED (an `hbSku`, and a listing with price 0 / stock 0 unless the import carried valid
ones) after `approve_delay`, or through `/_sandbox/catalog/<sku>/approve`.
"""
from __future__ import annotations

import json
import uuid
from typing import Any

from flask import Blueprint, jsonify, request

from sandboxes.hepsiburada import data
from sandboxes.hepsiburada.guard import error
from sandboxes.hepsiburada.state import State, get_state

blueprint = Blueprint("hb_catalog", __name__, url_prefix="/<any('mpop-sit', mpop):host>/product/api")
blueprint.url_value_preprocessor(lambda endpoint, values: (values or {}).pop("host", None))

EDITABLE = frozenset({"WAITING", "MISSING_INFO", "PRE_MATCHED"})
MAX_PAGE = 2000


def envelope(payload: Any, **extra: Any) -> Any:
    return jsonify({"success": True, "code": 0, "version": 1, "message": None, **extra, "data": payload})


def paged(rows: list[Any]) -> Any:
    """The paged envelope; page (0-based) and size from the query, size at most 2000."""
    try:
        page, size = int(request.args.get("page", 0)), int(request.args.get("size", 1000))
    except ValueError:
        return error("catalog", 400, "page and size must be integers")
    if page < 0 or not 0 < size <= MAX_PAGE:
        return error("catalog", 400, f"page >= 0 and 0 < size <= {MAX_PAGE}")
    chunk = rows[page * size:(page + 1) * size]
    total_pages = (len(rows) + size - 1) // size
    return envelope(chunk, totalElements=len(rows), totalPages=total_pages, number=page,
                    numberOfElements=len(chunk), first=page == 0, last=page >= total_pages - 1)


@blueprint.get("/categories/get-all-categories")
def categories() -> Any:
    rows = data.categories()
    for key in ("leaf", "available"):
        if key in request.args:
            rows = [row for row in rows if str(row[key]).lower() == request.args[key].lower()]
    status = request.args.get("status", "ACTIVE")
    return paged([row for row in rows if row["status"] == status])


def _category_problem(category_id: int) -> tuple[int, str] | None:
    row = data.category(category_id)
    if row is None:
        return 1004, f"category id {category_id} not found"
    if not row["leaf"]:
        return 1001, "category is not leaf"
    if row["status"] != "ACTIVE" or not row["available"]:
        return 1002, "category is not active"
    return None


@blueprint.get("/categories/<int:category_id>/attributes")
def attributes(category_id: int) -> Any:
    problem = _category_problem(category_id)
    if problem:  # catalog errors arrive as HTTP 200 with success false
        return jsonify({"success": False, "code": problem[0], "version": 1, "message": problem[1], "data": None})
    return envelope(data.attributes_of())


@blueprint.get("/categories/<int:category_id>/attribute/<attribute_id>/values")
def values(category_id: int, attribute_id: str) -> Any:
    problem = _category_problem(category_id)
    attribute = data.all_attributes().get(attribute_id)
    if problem is None and attribute is None:
        problem = (2002, f"attribute id {attribute_id} not found")
    elif problem is None and attribute is not None and attribute["type"] != "enum":
        problem = (2001, "attribute is not enum")
    if problem:
        return jsonify({"success": False, "code": problem[0], "version": 1, "message": problem[1], "data": None})
    return paged([{"id": value, "value": value} for value in data.ENUM_VALUES[attribute_id]])


@blueprint.post("/products/import")
def import_products() -> Any:
    upload = request.files.get("file")
    if upload is None:
        return jsonify({"success": False, "code": 3003, "version": 1, "message": "file not found", "data": None}), 400
    try:
        rows = json.loads(upload.read().decode("utf-8"))
    except (ValueError, UnicodeDecodeError):
        rows = None
    if not isinstance(rows, list):
        return jsonify({"success": False, "code": 3001, "version": 1, "message": "invalid file content",
                        "data": None}), 400
    state = get_state()
    tracking_id = str(uuid.uuid4())
    with state.lock:
        state.trackings[tracking_id] = {"created": state.now(), "items": [
            {"itemOrderID": index + 1, "row": row, "importStatus": "PROCESSING"} for index, row in enumerate(rows)]}
    return envelope({"trackingId": tracking_id})


@blueprint.get("/products/status/<tracking_id>")
def import_status(tracking_id: str) -> Any:
    state = get_state()
    with state.lock:
        job = state.trackings.get(tracking_id)
        if job is None:
            return jsonify({"success": False, "code": 4000, "version": 1, "message": "trackingId not found",
                            "data": None})
        rows = [_status_row(state, item) for item in job["items"]]
    return paged(rows)


@blueprint.post("/products/check-product-status")
def check_product_status() -> Any:
    body = request.get_json(silent=True)
    if not isinstance(body, list):
        return error("catalog", 400, "body must be an array of {merchant, merchantSkuList}")
    state = get_state()
    answer = []
    with state.lock:
        for entry in body:
            skus = [str(sku).upper() for sku in (entry or {}).get("merchantSkuList") or []]
            answer.append({"merchant": entry.get("merchant"), "skuStatusList": [
                {"merchantSku": sku, "status": state.products[sku]["productStatus"]}
                for sku in skus if sku in state.products]})
    return envelope(answer)


@blueprint.get("/products/all-products-of-merchant/<merchant_id>")
def all_products(merchant_id: str) -> Any:
    state = get_state()
    filters = {key: request.args[key] for key in ("barcode", "merchantSku", "hbSku") if request.args.get(key)}
    if "merchantSku" in filters:
        filters["merchantSku"] = filters["merchantSku"].upper()
    with state.lock:
        rows = [_product_info(product) for product in state.products.values()
                if all(product.get(key) == value for key, value in filters.items())]
    return paged(rows)


@blueprint.post("/products/approve-prematch")
@blueprint.post("/products/reject-prematch")
def prematch() -> Any:
    body = request.get_json(silent=True)
    if not isinstance(body, list):
        return error("catalog", 400, "body must be an array of {merchant, merchantSkuList}")
    state = get_state()
    approve = request.path.endswith("approve-prematch")
    with state.lock:
        for entry in body:
            for sku in (entry or {}).get("merchantSkuList") or []:
                product = state.products.get(str(sku).upper())
                if product and product["productStatus"] == "PRE_MATCHED":
                    match(state, product) if approve else product.update(productStatus="REJECTED")
    return envelope(None)


# -- state machine ---------------------------------------------------------------------------

def settle(state: State) -> None:
    """Finish import rows past `import_delay`; approve WAITING products past `approve_delay`."""
    now = state.now()
    for job in state.trackings.values():
        if job.get("settled") or now - job["created"] < state.knobs.import_delay:
            continue
        for item in job["items"]:
            if item["importStatus"] == "PROCESSING":
                _process(state, item, job["created"])
        job["settled"] = True
    delay = state.knobs.approve_delay
    if delay is None:
        return
    for sku in list(state.waiting):
        product = state.products[sku]
        if product["productStatus"] == "WAITING" and now - product["imported_at"] >= delay:
            match(state, product)


def match(state: State, product: dict[str, Any]) -> None:
    """The product is ready for sale: an hbSku and a listing (price/stock 0 unless imported valid)."""
    product["productStatus"] = "MATCHED"
    state.waiting.discard(product["merchantSku"])
    product["hbSku"] = product.get("hbSku") or f"HBCV{state.next_number():08d}"
    from sandboxes.hepsiburada.listings import open_listing

    open_listing(state, product)


def _process(state: State, item: dict[str, Any], created: float) -> None:
    row = item["row"] if isinstance(item["row"], dict) else {}
    attributes = row.get("attributes") if isinstance(row.get("attributes"), dict) else {}
    sku = str(attributes.get("merchantSku") or "").upper()
    item.update(merchantSku=sku, barcode=str(attributes.get("Barcode") or ""), importMessages=[],
                validationResults=[], categoryId=row.get("categoryId"))
    failure = _row_failure(state, row, attributes, sku)
    if failure:
        item.update(importStatus="FAILED", importMessages=[{"severity": "ERROR", "message": failure}])
        return
    problems = _attribute_problems(attributes)
    status = "MISSING_INFO" if problems else (
        "PRE_MATCHED" if item["barcode"] in data.PREMATCH_BARCODES else "WAITING")
    product = state.products.setdefault(sku, {"merchantSku": sku, "hbSku": None})
    if product.get("barcode") and product["barcode"] != item["barcode"]:
        state.barcodes.pop(product["barcode"], None)
    state.barcodes[item["barcode"]] = sku
    product.update(barcode=item["barcode"], categoryId=row.get("categoryId"), attributes=attributes,
                   productStatus=status, validationResults=problems, imported_at=created,
                   variantGroupId=attributes.get("VaryantGroupID"), productName=attributes.get("UrunAdi"))
    item.update(importStatus="SUCCESS", validationResults=problems)
    (state.waiting.add if status == "WAITING" else state.waiting.discard)(sku)


def _row_failure(state: State, row: dict[str, Any], attributes: dict[str, Any], sku: str) -> str | None:
    if row.get("merchant") != state.merchant_id:
        return "merchant is not the authenticated merchant"
    try:
        problem = _category_problem(int(row.get("categoryId")))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        problem = (1004, "categoryId missing")
    if problem:
        return f"{problem[0]}: {problem[1]}"
    if not sku or " " in sku:
        return "merchantSku is required and must not contain spaces"
    barcode = str(attributes.get("Barcode") or "")
    owner = state.barcodes.get(barcode)
    if barcode and owner not in (None, sku):
        return f"Barcode {barcode} already belongs to {owner}"
    current = state.products.get(sku)
    if current is not None and current["productStatus"] not in EDITABLE:
        return "Can not update product in matched or in catalog progress status"
    return None


def _attribute_problems(attributes: dict[str, Any]) -> list[dict[str, str]]:
    problems = []
    for key, attribute in data.all_attributes().items():
        value = attributes.get(key)
        if attribute["mandatory"] and value in (None, ""):
            problems.append({"attributeName": key, "message": f"{attribute['name']} zorunludur"})
        elif key in data.ENUM_VALUES and value not in (None, "") and value not in data.ENUM_VALUES[key]:
            problems.append({"attributeName": key, "message": f"{value!r} is not a value of {attribute['name']}"})
    warranty = attributes.get("GarantiSuresi")
    if warranty not in (None, "") and not str(warranty).isdigit():
        problems.append({"attributeName": "GarantiSuresi", "message": "GarantiSuresi must be a number"})
    return problems


def _status_row(state: State, item: dict[str, Any]) -> dict[str, Any]:
    product = state.products.get(item.get("merchantSku", ""), {}) if item["importStatus"] == "SUCCESS" else {}
    return {
        "itemOrderID": item["itemOrderID"], "merchant": state.merchant_id, "merchantSku": item.get("merchantSku"),
        "hbSku": product.get("hbSku"), "barcode": item.get("barcode"), "categoryId": item.get("categoryId"),
        "productName": product.get("productName"), "variantGroupId": product.get("variantGroupId"),
        "importStatus": item["importStatus"], "productStatus": product.get("productStatus"),
        "importMessages": item.get("importMessages", []),
        "validationResults": product.get("validationResults", item.get("validationResults", [])),
        "taskDetails": [], "rejectReasonsMessages": product.get("rejectReasons", []),
        "matchedHbProductInfo": [],
    }


NOT_ATTRIBUTES = frozenset({"merchantSku", "VaryantGroupID", "Barcode", "UrunAdi", "UrunAciklamasi", "price", "stock"})


def _product_info(product: dict[str, Any]) -> dict[str, Any]:
    """All-products row: content as Hepsiburada holds it now (images in order, other attributes as pairs)."""
    attributes = product.get("attributes") or {}
    return {"merchantSku": product["merchantSku"], "barcode": product["barcode"], "hbSku": product["hbSku"],
            "variantGroupId": product.get("variantGroupId"), "productName": product.get("productName"),
            "categoryId": product.get("categoryId"), "status": product["productStatus"],
            "description": attributes.get("UrunAciklamasi", ""),  # documented; one third-party call saw it empty
            "images": [attributes[f"Image{n}"] for n in range(1, 11) if f"Image{n}" in attributes],
            "productAttributes": [{"name": key, "value": value, "mandatory": False} for key, value in attributes.items()
                                  if not key.startswith("Image") and key not in NOT_ATTRIBUTES],
            "validationResults": product.get("validationResults", []),
            "rejectReasons": product.get("rejectReasons", [])}
