"""Claim actions: approve, reject (createClaimIssue), the issue reasons, the auto-accept deadline.

    GET  /order/claim-issue-reasons                                  [{"id", "name"}]
    PUT  /order/sellers/{id}/claims/{claimId}/items/approve          {"claimLineItemIdList": [...], "params": {}}
    POST /order/sellers/{id}/claims/{claimId}/issue                  query (or form): claimIssueReasonId,
         claimItemIdList (comma list), description (<= 500); multipart `files` (<= 5 MB each),
         required unless the reason is 1651, 451 or 2101
    PUT  /test/order/sellers/{id}/claims/waiting-in-action           stage helper: {"claimId"} (field name
         not documented) moves a claim's items to WaitingInAction

Approve and reject act only on items in WaitingInAction (400 otherwise, or for an item of another
claim). An approved item is Accepted; a rejected one goes InAnalysis (Trendyol decides later).
Entering WaitingInAction sets `autoApproveDate` (+48 h by default, knob `auto_accept`): the
official docs do not state the rule, third-party clients read that field; when the sandbox clock
passes it with no seller action, the item is Accepted. Both actions allow 5 calls a minute.
"""
from __future__ import annotations

from typing import Any

from flask import Blueprint, jsonify, request

from sandboxes.trendyol import packages as pk
from sandboxes.trendyol.state import SandboxState, get_state

blueprint = Blueprint("trendyol_claims", __name__, url_prefix="/integration")

WAITING = "WaitingInAction"
NO_FILE_REASONS = frozenset({1651, 451, 2101})
MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_DESCRIPTION = 500
#: Sandbox fixture: the three reasons the docs name, plus two that need a file. Live IDs change
#: (they did on 8 Oct 2026), so clients load them at run time.
ISSUE_REASONS = [
    {"id": 1651, "name": "İade paketi elime ulaşmadı"},
    {"id": 451, "name": "Ürünü analize göndereceğim"},
    {"id": 2101, "name": "Sipariş sorusundan gelen değişim talebi"},
    {"id": 1801, "name": "İade edilen ürün kullanılmış"},
    {"id": 1851, "name": "İade edilen ürün eksik veya farklı"},
]


def bad_request(message: str) -> Any:
    return jsonify({"error": "Bad Request", "message": message}), 400


def items_of(claim: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {item["id"]: item for line in claim["items"] for item in line["claimItems"]}


def set_waiting(state: SandboxState, claim: dict[str, Any]) -> None:
    """Move every open item of `claim` to WaitingInAction and start its auto-accept clock."""
    now = state.now_ms()
    for item in items_of(claim).values():
        if item["claimItemStatus"]["name"] in ("Created", WAITING):
            item["claimItemStatus"] = {"name": WAITING}
            item["autoApproveDate"] = now + int(state.knobs.auto_accept * 1000)
    claim["lastModifiedDate"] = now


def auto_accept(state: SandboxState) -> None:
    """Accept items whose deadline passed with no seller action (called on every request)."""
    now = state.now_ms()
    for claim in pk.book(state).claims.values():
        due = [item for item in items_of(claim).values()
               if item["claimItemStatus"]["name"] == WAITING and 0 < item["autoApproveDate"] <= now]
        for item in due:
            item["claimItemStatus"] = {"name": "Accepted"}
            item["resolved"] = True
        if due:
            claim["lastModifiedDate"] = now


def _claim_and_items(state: SandboxState, claim_id: str, wanted: list[str]) -> tuple[dict[str, Any], list[Any]]:
    claim = pk.book(state).claims.get(claim_id)
    if claim is None:
        raise pk.PackageError(f"claim {claim_id} not found")
    own = items_of(claim)
    if not wanted:
        raise pk.PackageError("no claim item ids given")
    foreign = [item_id for item_id in wanted if item_id not in own]
    if foreign:
        raise pk.PackageError(f"claim items {', '.join(foreign)} do not belong to claim {claim_id}")
    items = [own[item_id] for item_id in wanted]
    if any(item["claimItemStatus"]["name"] != WAITING for item in items):
        raise pk.PackageError("only claim items in WaitingInAction can be approved or rejected")
    return claim, items


@blueprint.get("/order/claim-issue-reasons")
def issue_reasons():  # noqa: ANN201 - Flask view
    return jsonify(ISSUE_REASONS)


@blueprint.put("/order/sellers/<int:seller_id>/claims/<claim_id>/items/approve")
def approve(seller_id: int, claim_id: str):  # noqa: ANN201
    body = request.get_json(silent=True)
    wanted = body.get("claimLineItemIdList") if isinstance(body, dict) else None
    if not isinstance(wanted, list):
        return bad_request("claimLineItemIdList must be a list of claim item ids")
    state = get_state()
    with state.lock:
        try:
            claim, items = _claim_and_items(state, claim_id, [str(x) for x in wanted])
        except pk.PackageError as exc:
            return bad_request(str(exc))
        for item in items:
            item["claimItemStatus"] = {"name": "Accepted"}
            item["resolved"] = True
        claim["lastModifiedDate"] = state.now_ms()
    return "", 200


@blueprint.post("/order/sellers/<int:seller_id>/claims/<claim_id>/issue")
def reject(seller_id: int, claim_id: str):  # noqa: ANN201
    """The docs disagree on query string vs form fields: both are read."""
    fields = {**request.form.to_dict(), **request.args.to_dict()}
    try:
        reason = int(fields.get("claimIssueReasonId") or 0)
    except ValueError:
        return bad_request("claimIssueReasonId must be a number")
    if reason not in {r["id"] for r in ISSUE_REASONS}:
        return bad_request(f"claimIssueReasonId {reason} is not a claim issue reason")
    description = fields.get("description") or ""
    if len(description) > MAX_DESCRIPTION:
        return bad_request(f"description may be at most {MAX_DESCRIPTION} characters")
    files = request.files.getlist("files")
    if reason not in NO_FILE_REASONS and not files:
        return bad_request(f"reason {reason} needs at least one file (multipart field 'files')")
    if any(len(f.read()) > MAX_FILE_BYTES for f in files):
        return bad_request("each file may be at most 5 MB")
    wanted = [x for x in (fields.get("claimItemIdList") or "").split(",") if x]
    state = get_state()
    with state.lock:
        try:
            claim, items = _claim_and_items(state, claim_id, wanted)
        except pk.PackageError as exc:
            return bad_request(str(exc))
        for item in items:
            item["claimItemStatus"] = {"name": "InAnalysis"}
            item["note"] = description
        claim["lastModifiedDate"] = state.now_ms()
    return "", 200


@blueprint.put("/test/order/sellers/<int:seller_id>/claims/waiting-in-action")
def stage_waiting_in_action(seller_id: int):  # noqa: ANN201
    body = request.get_json(silent=True) or {}
    state = get_state()
    with state.lock:
        claim = pk.book(state).claims.get(str(body.get("claimId", "")))
        if claim is None:
            return bad_request("claimId names no claim")
        set_waiting(state, claim)
    return "", 200
