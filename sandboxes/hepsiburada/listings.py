"""Listing service (`listing-external` hosts): list listings, price/stock/inventory uploads with an
id, their results with per-item errors, activate/deactivate.

An upload is checked as a whole when it arrives (JSON array, at most `max_upload_items` items,
at most `max_pending_uploads` unfinished per merchant) and answered 200 `{"id"}`; its items are
applied or refused one by one when it finishes, after `upload_delay`. Only lowercase `listings`
and `merchantid` are routed (camelCase is a 404 here; the real host answers 400).
"""
from __future__ import annotations

import uuid
from collections import Counter
from typing import Any

from flask import Blueprint, jsonify, request

from sandboxes.hepsiburada.guard import error
from sandboxes.hepsiburada.state import State, get_state

blueprint = Blueprint("hb_listing", __name__,
                      url_prefix="/<any('listing-external-sit', 'listing-external'):host>/listings/merchantid/<merchant_id>")
blueprint.url_value_preprocessor(lambda endpoint, values: (values or {}).pop("host", None))

KINDS = ("price", "stock", "inventory")
TOO_MANY = "There are too many ongoing/waiting inventory uploads at the moment."


def open_listing(state: State, product: dict[str, Any]) -> None:
    """A matched product's listing; price and stock from the import when valid, else 0 / 0."""
    attributes = product.get("attributes") or {}
    price = _import_price(attributes.get("price"))
    stock = str(attributes.get("stock") or "")
    state.listings[product["merchantSku"]] = {
        "listingId": str(uuid.uuid4()), "hepsiburadaSku": product["hbSku"], "merchantSku": product["merchantSku"],
        "price": price, "availableStock": int(stock) if stock.isdigit() else 0, "dispatchTime": 3,
        "active": True, "cargoCompany1": "Aras Kargo", "isLocked": False, "isFrozen": False,
        "isSuspended": False, "lockReasons": [], "freezeReasons": [],
    }


def _import_price(raw: Any) -> float:
    """The import's comma-decimal price ("130,50"); anything else opens the listing at 0."""
    text = str(raw or "")
    if "." in text:
        return 0.0
    try:
        return max(float(text.replace(",", ".")), 0.0)
    except ValueError:
        return 0.0


def view(listing: dict[str, Any]) -> dict[str, Any]:
    reasons = []
    if listing["price"] <= 0:
        reasons.append("PriceIsLessThanOrEqualToZero")
    if listing["availableStock"] <= 0:
        reasons.append("StockIsLessThanOrEqualToZero")
    if not listing["active"]:
        reasons.append("DeactivatedByMerchant")
    shown = {key: value for key, value in listing.items() if key != "active"}
    return {**shown, "isSalable": not reasons, "deactivationReasons": reasons}


@blueprint.get("")
def list_listings(merchant_id: str) -> Any:
    try:
        offset, limit = int(request.args["offset"]), int(request.args["limit"])
    except (KeyError, ValueError):
        return error("listing", 400, "offset and limit are required")
    skus = [sku.strip().upper() for sku in request.args.get("merchantSkuList", "").split(",") if sku.strip()]
    if len(skus) > 50:
        return error("listing", 400, "at most 50 merchantSku per request")
    state = get_state()
    with state.lock:
        rows = [view(listing) for sku, listing in state.listings.items() if not skus or sku in skus]
    return jsonify({"listings": rows[offset:offset + limit], "totalCount": len(rows), "limit": limit,
                    "offset": offset})


@blueprint.post("/<any(price, stock, inventory):kind>-uploads")
def upload(merchant_id: str, kind: str) -> Any:
    items = request.get_json(silent=True)
    if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
        return error("listing", 400, "body must be a JSON array of listing items")
    state = get_state()
    with state.lock:
        if len(items) > state.knobs.max_upload_items:
            return error("listing", 400, f"at most {state.knobs.max_upload_items} items per upload")
        pending = sum(1 for job in state.uploads.values() if job["status"] != "Done")
        if pending >= state.knobs.max_pending_uploads:  # status code undocumented: 400 (inferred)
            return error("listing", 400, TOO_MANY)
        job_id = str(uuid.uuid4())
        state.uploads[job_id] = {"id": job_id, "kind": kind, "status": "InProgress", "created": state.now(),
                                 "items": items, "errors": [], "total": len(items)}
    return jsonify({"id": job_id})


@blueprint.get("/<any(price, stock, inventory):kind>-uploads/id/<job_id>")
def upload_result(merchant_id: str, kind: str, job_id: str) -> Any:
    state = get_state()
    with state.lock:
        job = state.uploads.get(job_id)
        if job is None or job["kind"] != kind:
            return error("listing", 404, "upload not found")
        body = {"id": job["id"], "status": job["status"], "total": job["total"], "errors": job["errors"]}
    if kind == "price":
        body["priceValidations"] = []
    return jsonify(body)


@blueprint.post("/sku/<sku>/<any(activate, deactivate):action>")
def toggle(merchant_id: str, sku: str, action: str) -> Any:
    state = get_state()
    with state.lock:
        listing = next((row for row in state.listings.values() if row["hepsiburadaSku"] == sku), None)
        if listing is None:
            return error("listing", 404, "listing not found")
        listing["active"] = action == "activate"
    return "", 200


def settle(state: State) -> None:
    """Apply uploads older than `upload_delay`, item by item."""
    for job in state.uploads.values():
        if job["status"] == "InProgress" and state.now() - job["created"] >= state.knobs.upload_delay:
            seen = Counter(str(item.get("merchantSku") or "").upper() for item in job["items"])
            seen.update(f"hb:{item.get('hepsiburadaSku')}" for item in job["items"] if item.get("hepsiburadaSku"))
            job["errors"] = [entry for number, item in enumerate(job["items"], start=1)
                             if (entry := _apply(state, job["kind"], number, item, seen))]
            job["status"] = "Done"


def _apply(state: State, kind: str, number: int, item: dict[str, Any], seen: Counter[str]) -> dict[str, Any] | None:
    hb_sku, merchant_sku = item.get("hepsiburadaSku"), str(item.get("merchantSku") or "").upper() or None
    problems = _identify(state, hb_sku, merchant_sku, seen)
    listing = _find(state, hb_sku, merchant_sku)
    if not problems and listing is not None:
        problems = _values(kind, item)
    if problems or listing is None:
        return {"elementNo": number, "hepsiburadaSku": hb_sku, "merchantSku": merchant_sku,
                "errors": problems or ["ProductNotFound"]}
    if kind in ("price", "inventory") and "price" in item:
        listing["price"] = float(item["price"])
    if kind in ("stock", "inventory") and "availableStock" in item:
        listing["availableStock"] = int(item["availableStock"])
    return None


def _identify(state: State, hb_sku: Any, merchant_sku: str | None, seen: Counter[str]) -> list[str]:
    if not hb_sku and not merchant_sku:
        return ["ProductNotFound"]
    if merchant_sku and seen[merchant_sku] > 1:
        return ["DuplicateMerchantSkuSpecified"]
    if hb_sku and seen[f"hb:{hb_sku}"] > 1:
        return ["DuplicateHepsiburadaSkuSpecified"]
    if hb_sku and merchant_sku:
        listing = state.listings.get(merchant_sku)
        if listing is not None and listing["hepsiburadaSku"] != hb_sku:
            return ["MismatchingSkusSpecified"]
    return []


def _find(state: State, hb_sku: Any, merchant_sku: str | None) -> dict[str, Any] | None:
    if merchant_sku:
        return state.listings.get(merchant_sku)
    return next((row for row in state.listings.values() if row["hepsiburadaSku"] == hb_sku), None)


def _values(kind: str, item: dict[str, Any]) -> list[str]:
    problems = []
    if kind in ("price", "inventory") and "price" in item or kind == "price":
        price = item.get("price")
        if isinstance(price, bool) or not isinstance(price, (int, float)) or price <= 0:
            problems.append("InvalidPrice")
    if kind in ("stock", "inventory") and "availableStock" in item or kind == "stock":
        stock = item.get("availableStock")
        if isinstance(stock, bool) or not isinstance(stock, int) or stock < 0:
            problems.append("InvalidAvailableStock")
    return problems
