"""Sandbox-only control endpoints under `/_sandbox/` (not part of Trendyol; no auth).

    GET  /_sandbox/health                       200 {"ok": true}
    POST /_sandbox/reset                        forget products, batches, counts, faults, clock
    GET  /_sandbox/counts                       {"total", "endpoints": {"METHOD /rule": n}, "statuses"}
    GET  /_sandbox/products[/<barcode>]         stored products (after processing due batches)
    GET  /_sandbox/prices, /_sandbox/stocks     {barcode: {"listPrice","salePrice"}} / {barcode: quantity}
    GET  /_sandbox/batches/<id>                 a batch as GET batch-requests would show it
    POST /_sandbox/config                       {"batch_delay" (s, default --batch-delay),
                                                 "approve_delay" (s after the batch; default 900,
                                                 lenient 0; null = only through /approve),
                                                 "control_delay" (content check, default 300),
                                                 "auto_accept" (claim deadline, default 48 h),
                                                 "tier" (50k|75k|150k|500k|unlimited), "strict",
                                                 "time_filter_mode" (shifted|utc: how query dates
                                                 read), "list_date_field" (created|modified: what
                                                 the package list's dates filter),
                                                 "rate_limit", "rate_window" (50 per 10 s per endpoint)}
    POST /_sandbox/faults                       {"latency", "error_rate", "error_status",
                                                 "queue": [{"status", "retry_after", "path", "method", "times", "body"}]}
    POST /_sandbox/products/<barcode>/approve   approve now
    POST /_sandbox/products/<barcode>/reject    {"reasons": [...]}
    POST /_sandbox/clock                        {"advance": seconds}: move sandbox time forward
"""
from __future__ import annotations

from collections import deque
from typing import Any

from flask import Blueprint, jsonify, request

from sandboxes.trendyol import batches
from sandboxes.trendyol.limits import TIERS
from sandboxes.trendyol.state import SandboxState, get_state

blueprint = Blueprint("trendyol_control", __name__, url_prefix="/_sandbox")

CONFIG_KEYS: dict[str, Any] = {"batch_delay": float, "rate_limit": int, "rate_window": float,
                               "control_delay": float, "auto_accept": float, "strict": bool, "tier": str,
                               "time_filter_mode": str, "list_date_field": str}
FAULT_KEYS = {"latency": float, "error_rate": float, "error_status": int}


def _settled() -> SandboxState:
    state = get_state()
    batches.settle(state)
    return state


def _body() -> dict[str, Any]:
    body = request.get_json(silent=True)
    return body if isinstance(body, dict) else {}


@blueprint.get("/health")
def health():  # noqa: ANN201 - Flask view
    return jsonify({"ok": True, "seller_id": get_state().seller_id})


@blueprint.post("/reset")
def reset():  # noqa: ANN201
    get_state().reset()
    return jsonify({"ok": True})


@blueprint.get("/counts")
def counts():  # noqa: ANN201
    state = get_state()
    with state.lock:
        return jsonify({"total": sum(state.counts.values()), "endpoints": dict(state.counts),
                        "statuses": {str(k): v for k, v in state.statuses.items()}})


@blueprint.get("/products")
def products():  # noqa: ANN201
    state = _settled()
    with state.lock:
        return jsonify([product.as_json() for product in state.products.values()])


@blueprint.get("/products/<barcode>")
def product(barcode: str):  # noqa: ANN201
    state = _settled()
    with state.lock:
        found = state.products.get(barcode)
        return (jsonify(found.as_json()), 200) if found else (jsonify({"error": "not found"}), 404)


@blueprint.get("/prices")
def prices():  # noqa: ANN201
    state = _settled()
    with state.lock:
        return jsonify({b: {"listPrice": p.list_price, "salePrice": p.sale_price} for b, p in state.products.items()})


@blueprint.get("/stocks")
def stocks():  # noqa: ANN201
    state = _settled()
    with state.lock:
        return jsonify({b: p.quantity for b, p in state.products.items()})


@blueprint.get("/batches/<batch_id>")
def batch(batch_id: str):  # noqa: ANN201
    state = _settled()
    with state.lock:
        found = state.batches.get(batch_id)
        return (jsonify(batches.as_json(state, found)), 200) if found else (jsonify({"error": "not found"}), 404)


@blueprint.post("/config")
def config():  # noqa: ANN201
    body, state = _body(), get_state()
    if "tier" in body and body["tier"] not in TIERS:
        return jsonify({"error": f"tier must be one of {', '.join(TIERS)}"}), 400
    if body.get("time_filter_mode", "shifted") not in ("shifted", "utc") or \
            body.get("list_date_field", "created") not in ("created", "modified"):
        return jsonify({"error": "time_filter_mode: shifted|utc; list_date_field: created|modified"}), 400
    with state.lock:
        for key, cast in CONFIG_KEYS.items():
            if key in body:
                setattr(state.knobs, key, cast(body[key]))
        if "approve_delay" in body:
            delay = body["approve_delay"]
            state.knobs.approve_delay = None if delay is None else float(delay)
        return jsonify({**{k: getattr(state.knobs, k) for k in CONFIG_KEYS},
                        "approve_delay": state.knobs.approve_delay})


@blueprint.post("/faults")
def faults():  # noqa: ANN201
    body, state = _body(), get_state()
    with state.lock:
        for key, cast in FAULT_KEYS.items():
            if key in body:
                setattr(state.knobs, key, cast(body[key]))
        if "queue" in body:
            state.knobs.forced = deque(dict(fault) for fault in body["queue"])
        return jsonify({**{k: getattr(state.knobs, k) for k in FAULT_KEYS}, "queue": list(state.knobs.forced)})


@blueprint.post("/products/<barcode>/approve")
def approve(barcode: str):  # noqa: ANN201
    return _set_status(barcode, "approved", [])


@blueprint.post("/products/<barcode>/reject")
def reject(barcode: str):  # noqa: ANN201
    return _set_status(barcode, "rejected", list(_body().get("reasons") or ["rejected by the sandbox admin"]))


def _set_status(barcode: str, status: str, reasons: list[str]):  # noqa: ANN202
    state = _settled()
    with state.lock:
        found = state.products.get(barcode)
        if found is None:
            return jsonify({"error": "not found"}), 404
        found.status, found.reject_reasons, found.approve_at = status, reasons, None
        return jsonify(found.as_json())


@blueprint.post("/clock")
def clock():  # noqa: ANN201
    state = get_state()
    with state.lock:
        state.clock_offset += float(_body().get("advance", 0))
        return jsonify({"offset": state.clock_offset, "now": state.now()})
