"""The content check after approved-content updates, and its update-audit results.

    GET  /product/sellers/{id}/products/{contentId}/update-audits   page, size, status
         (SUCCESS|FAIL|RUNNING) -> {"page", "size", "totalPage", "content": [{"barcode", "contentId",
         "batchRequestId", "requestDate", "updates": [{"type", "status", "completedDate", "rejectReasons",
         TITLE only: "changedTitle", "existingTitle"}]}]}
    POST /_sandbox/audits/<contentId>/fail   {"reason"}: the running checks of that content fail

A content-bulk-update item that passes the batch is only *accepted*: its title, description,
images and attributes go live when the check succeeds, `control_delay` seconds of sandbox time
later (5 minutes by default; live publishes no figure). A value equal to the stored one fails
with `CHANGES_NOT_FOUND`, as Trendyol documents. `totalPage` (singular) and ISO dates as sampled.
"""
from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from flask import Blueprint, jsonify, request

from sandboxes.trendyol.responses import product_error
from sandboxes.trendyol.state import SandboxState, get_state

blueprint = Blueprint("trendyol_audits", __name__)

TYPES = {"title": "TITLE", "description": "DESCRIPTION", "images": "MEDIA", "attributes": "ATTRIBUTE"}
STATUSES = ("SUCCESS", "FAIL", "RUNNING")


def audits(state: SandboxState) -> dict[int, list[dict[str, Any]]]:
    """contentId -> audit entries, newest last (emptied by a reset)."""
    found = state.__dict__.get("audits")
    if found is None:
        found = state.__dict__["audits"] = {}
        state.reset_hooks.append(lambda: state.__dict__.__setitem__("audits", {}))
    return found  # type: ignore[no-any-return]


def iso(seconds: float) -> str:
    return datetime.fromtimestamp(seconds, timezone.utc).isoformat(timespec="milliseconds")


def record(state: SandboxState, content_id: int, batch_id: str, barcode: str,
           changes: dict[str, dict[str, Any]]) -> None:
    """Queue a content check: `changes` = {field: {barcode: new value}} for every variant."""
    now = state.now()
    updates = [{"type": TYPES[name], "status": "RUNNING", "completedDate": None, "rejectReasons": [],
                **_shown_values(state, name, barcode, values),
                "_field": name, "_values": values, "_due": now + state.knobs.control_delay}
               for name, values in changes.items()]
    audits(state).setdefault(content_id, []).append(
        {"barcode": barcode, "contentId": content_id, "batchRequestId": batch_id, "requestDate": iso(now),
         "updates": updates})


def _shown_values(state: SandboxState, name: str, barcode: str, values: dict[str, Any]) -> dict[str, Any]:
    """A TITLE result names the new and the old title (`changedTitle`, `existingTitle`) as
    Trendyol's samples do; the other types' sample shapes are not published, so they name none."""
    if name != "title":
        return {}
    product = state.products.get(barcode)
    return {"changedTitle": values.get(barcode), "existingTitle": product.fields.get("title") if product else None}


def settle(state: SandboxState) -> None:
    """Decide every due check: apply the change, or fail it when nothing would change."""
    now = state.now()
    for entries in audits(state).values():
        for entry in entries:
            for update in entry["updates"]:
                if update["status"] == "RUNNING" and update["_due"] <= now:
                    _decide(state, update, now)


def _same(name: str, old: Any, new: Any) -> bool:
    """Equal as Trendyol would see it: attributes are a set, whatever their order."""
    if name == "attributes":
        return sorted(map(repr, old or [])) == sorted(map(repr, new or []))
    return bool(old == new)


def _decide(state: SandboxState, update: dict[str, Any], now: float) -> None:
    name, values = update["_field"], update["_values"]
    products = [state.products[b] for b in values if b in state.products]
    if all(_same(name, p.fields.get(name), values[p.barcode]) for p in products):
        _fail(update, "CHANGES_NOT_FOUND", "No Changes Detected", now)
        return
    for product in products:
        product.fields[name] = values[product.barcode]
        product.modified = now
    update.update(status="SUCCESS", completedDate=iso(now))


def _fail(update: dict[str, Any], kind: str, reason: str, now: float) -> None:
    update.update(status="FAIL", completedDate=iso(now),
                  rejectReasons=[{"type": kind, "reason": reason, "detail": reason, "parameters": []}])


def public(entry: dict[str, Any]) -> dict[str, Any]:
    return {**entry, "updates": [{k: v for k, v in u.items() if not k.startswith("_")} for u in entry["updates"]]}


@blueprint.get("/integration/product/sellers/<int:seller_id>/products/<int:content_id>/update-audits")
def update_audits(seller_id: int, content_id: int):  # noqa: ANN201 - Flask view
    state = get_state()
    status = request.args.get("status")
    if status and status not in STATUSES:
        return product_error(400, "invalid.status", f"status must be one of {', '.join(STATUSES)}")
    try:
        page, size = int(request.args.get("page") or 0), int(request.args.get("size") or 50)
    except ValueError:
        return product_error(400, "invalid.page", "page and size must be numbers")
    if page < 0 or not 1 <= size <= 100:
        return product_error(400, "invalid.page", "size must be between 1 and 100")
    with state.lock:
        rows = [public(e) for e in audits(state).get(content_id, [])]
        if status:
            rows = [r for r in rows if any(u["status"] == status for u in r["updates"])]
        rows.reverse()  # newest first
        return jsonify({"page": page, "size": size, "totalPage": -(-len(rows) // size),
                        "content": rows[page * size:(page + 1) * size]})


@blueprint.post("/_sandbox/audits/<int:content_id>/fail")
def force_fail(content_id: int):  # noqa: ANN201
    body = request.get_json(silent=True) or {}
    reason = str(body.get("reason") or "rejected by the sandbox admin")
    state = get_state()
    with state.lock:
        failed = 0
        for entry in audits(state).get(content_id, []):
            for update in entry["updates"]:
                if update["status"] == "RUNNING":
                    _fail(update, "SANDBOX_REJECTED", reason, state.now())
                    failed += 1
    return jsonify({"failed": failed})
