"""Sandbox-only control endpoints under `/_sandbox/` (not part of Hepsiburada; no auth).

    GET  /_sandbox/health                        200 {"ok": true}
    POST /_sandbox/reset                         forget everything (knobs back to defaults)
    GET  /_sandbox/counts                        {"total", "endpoints": {"METHOD /rule": n}, "statuses"}
    POST /_sandbox/config                        knobs of state.Knobs (import_delay, approve_delay (null:
                                                 manual), upload_delay, catalog_rate, oms_rate,
                                                 max_pending_uploads, max_upload_items, auto_packaging)
    POST /_sandbox/clock                         {"advance": s} -> {"now": epoch}
    POST /_sandbox/faults                        {"queue": [{"status", "path", "method", "times", "message"}]}
    POST /_sandbox/throttle/reset                lift a catalog IP block
    GET  /_sandbox/products                      catalog products by merchantSku
    POST /_sandbox/catalog/<merchantSku>/approve WAITING/PRE_MATCHED -> MATCHED (listing opened)
    POST /_sandbox/catalog/<merchantSku>/reject  {"reasons": [...]} -> BLOCKED
    GET  /_sandbox/listings                      listings by merchantSku (as the listing API shows them)
    POST /_sandbox/orders                        place a paid order (body as the SIT stub's)
    GET  /_sandbox/lines, /_sandbox/packages     order lines and packages as stored
    POST /_sandbox/packages/<no>/status          {"status": "Shipped"|"Delivered"}
    POST /_sandbox/claims                        {"lineId", "claimType"?} -> a NewRequest claim
"""
from __future__ import annotations

import dataclasses
import uuid
from typing import Any

from flask import Blueprint, jsonify, request

from sandboxes.hepsiburada import catalog, listings, oms
from sandboxes.hepsiburada.clock import stamp
from sandboxes.hepsiburada.state import Knobs, get_state
from sandboxes.hepsiburada.stub import OrderRefused, place_order

blueprint = Blueprint("hb_control", __name__, url_prefix="/_sandbox")


def settled() -> Any:
    state = get_state()
    catalog.settle(state)
    listings.settle(state)
    oms.settle(state)
    return state


@blueprint.get("/health")
def health() -> Any:
    return jsonify({"ok": True})


@blueprint.post("/reset")
def reset() -> Any:
    get_state().reset()
    return jsonify({"ok": True})


@blueprint.get("/counts")
def counts() -> Any:
    state = get_state()
    with state.lock:
        return jsonify({"total": sum(state.counts.values()), "endpoints": dict(state.counts),
                        "statuses": {str(code): n for code, n in state.statuses.items()}})


@blueprint.post("/config")
def config() -> Any:
    state = get_state()
    names = {field.name for field in dataclasses.fields(Knobs)}
    body = request.get_json(silent=True) or {}
    unknown = set(body) - names
    if unknown:
        return jsonify({"error": f"unknown knobs: {sorted(unknown)}"}), 400
    with state.lock:
        state.knobs = dataclasses.replace(state.knobs, **body)
        return jsonify(dataclasses.asdict(state.knobs))


@blueprint.post("/clock")
def clock() -> Any:
    state = get_state()
    with state.lock:
        state.offset += float((request.get_json(silent=True) or {}).get("advance", 0))
        return jsonify({"now": state.now()})


@blueprint.post("/faults")
def faults() -> Any:
    state = get_state()
    with state.lock:
        state.faults.extend((request.get_json(silent=True) or {}).get("queue", []))
        return jsonify({"queued": len(state.faults)})


@blueprint.post("/throttle/reset")
def throttle_reset() -> Any:
    state = get_state()
    with state.lock:
        state.throttles.clear()
    return jsonify({"ok": True})


@blueprint.get("/products")
def products() -> Any:
    with get_state().lock:
        return jsonify(settled().products)


@blueprint.post("/catalog/<sku>/<any(approve, reject):action>")
def decide(sku: str, action: str) -> Any:
    state = get_state()
    with state.lock:
        product = settled().products.get(sku.upper())
        if product is None or product["productStatus"] not in ("WAITING", "PRE_MATCHED", "MISSING_INFO"):
            return jsonify({"error": f"{sku} is not awaiting a decision"}), 409
        if action == "approve":
            catalog.match(state, product)
        else:
            state.waiting.discard(product["merchantSku"])
            product.update(productStatus="BLOCKED",
                           rejectReasons=(request.get_json(silent=True) or {}).get("reasons", []))
        return jsonify(product)


@blueprint.get("/listings")
def all_listings() -> Any:
    with get_state().lock:
        return jsonify({sku: listings.view(row) for sku, row in settled().listings.items()})


@blueprint.post("/orders")
def seed_order() -> Any:
    state = get_state()
    with state.lock:
        try:
            return jsonify(place_order(settled(), request.get_json(silent=True))), 201
        except OrderRefused as exc:
            return jsonify({"error": str(exc)}), 400


@blueprint.get("/lines")
def lines() -> Any:
    with get_state().lock:
        return jsonify(list(settled().lines.values()))


@blueprint.get("/packages")
def packages() -> Any:
    with get_state().lock:
        return jsonify(list(settled().packages.values()))


@blueprint.post("/packages/<number>/status")
def package_status(number: str) -> Any:
    """The carrier's moves: an open package ships, a shipped one is delivered or not."""
    state = get_state()
    body = request.get_json(silent=True) or {}
    with state.lock:
        package = state.packages.get(number)
        wanted = body.get("status")
        allowed = {"Shipped": ("Open",), "Delivered": ("Shipped",), "Undelivered": ("Shipped",)}
        if package is None or package["status"] not in allowed.get(wanted, ()):
            return jsonify({"error": "unknown package, or not a carrier move from its status"}), 400
        now = state.now()
        package.update(status=wanted, changed_at=now, undelivered_reason=body.get("reason", ""))
        package[f"{str(wanted).lower()}_at"] = now
        return jsonify(package)


@blueprint.post("/lines/<line_id>/cancel")
def customer_cancel(line_id: str) -> Any:
    """A customer (or Hepsiburada) cancels a line before shipment, packaged or not; a package left
    without live lines is cancelled with it."""
    state = get_state()
    with state.lock:
        line = state.lines.get(line_id)
        package = state.packages.get(line.get("packageNumber") or "") if line else None
        if line is None or line["status"] not in ("Open", "Packaged") or (package and package["status"] != "Open"):
            return jsonify({"error": "only lines not yet shipped can be cancelled"}), 400
        line.update(status="Cancelled", cancelled_at=state.now(), cancel_reason=body_reason(), cancelled_by="Customer")
        if package and all(state.lines[other]["status"] == "Cancelled" for other in package["lines"]):
            package.update(status="Cancelled", changed_at=state.now())
        return jsonify(line)


def body_reason() -> str:
    return str((request.get_json(silent=True) or {}).get("reason") or "CustomerRequest")


@blueprint.post("/claims")
def create_claim() -> Any:
    state = get_state()
    body = request.get_json(silent=True) or {}
    with state.lock:
        line = state.lines.get(str(body.get("lineId")))
        if line is None or line["status"] != "Packaged":
            return jsonify({"error": "claims are for packaged lines"}), 400
        number = f"{7000000000 + state.next_number()}"
        unit = line["unitPrice"]["amount"]
        state.claims[number] = {
            "id": str(uuid.uuid4()), "number": number, "claimType": body.get("claimType", "Return"),
            "status": "NewRequest", "claimDate": stamp(state.now()), "created": state.now(),
            "orderNumber": line["orderNumber"], "orderDate": line["orderDate"], "sku": line["sku"],
            "merchantSku": line["merchantSKU"], "lineItemId": line["id"], "quantity": line["quantity"],
            "priceAmount": unit, "priceCurrency": "TRY", "totalPriceAmount": unit * line["quantity"],
            "customerName": line["customerName"], "explanation": body.get("explanation", ""),
        }
        return jsonify(state.claims[number]), 201
