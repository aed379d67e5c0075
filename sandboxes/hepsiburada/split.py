"""Split a package: `POST /packages/merchantid/{m}/packagenumber/{no}/split`.

Body `{packageDetails: [{lines: [{orderLineId, quantity}], parcelQuantity, deci, ...}],
cancelledItems: [{orderLineId, quantity, cancelReasonId}]}`: the package is dissolved, each
`packageDetails` entry becomes a new package (new number, listed by its packaging date), and the
cancelled quantities are cancelled by the merchant.

Hepsiburada documents the body, not the rules nor what a part-cancelled line looks like. Stricter
readings, chosen here: only an open package splits; every unit of the package goes somewhere
(kept or cancelled, the quantities per line add up exactly); a line is kept in one new package
only; the cancel reason is a documented one (83); a split must keep something in a new package
(the documented way to cancel every line is unpack, then `cancelbymerchant`) and must cancel or
move something. A line cancelled in part keeps its id with the kept quantity (and totals), and
the cancelled quantity shows only in the cancelled list (`lineItemId`, `quantity`). A whole line
cancelled is a cancelled line, as after `cancelbymerchant`.
"""
from __future__ import annotations

from collections import Counter
from typing import Any

from flask import jsonify, request

from sandboxes.hepsiburada.guard import error
from sandboxes.hepsiburada.oms import CANCEL_REASONS, blueprint, pack
from sandboxes.hepsiburada.state import State, get_state


class SplitRefused(ValueError):
    """The split is answered 400 with this message; nothing changes."""


@blueprint.post("/packages/merchantid/<merchant_id>/packagenumber/<number>/split")
def split_package(merchant_id: str, number: str) -> Any:
    body = request.get_json(silent=True)
    state = get_state()
    with state.lock:
        package = state.packages.get(number)
        if package is None:
            return error("oms", 404, "package not found")
        try:
            kept, cancelled = plan(state, package, body)
        except SplitRefused as exc:
            return error("oms", 400, str(exc))
        apply(state, package, kept, cancelled)
    return "", 200


def plan(state: State, package: dict[str, Any], body: Any) -> tuple[list[dict[str, int]], dict[str, int]]:
    """(kept quantities per new package, cancelled quantities per line), checked against the package."""
    if package["status"] != "Open":
        raise SplitRefused(f"package is {package['status']}: only an open package can be split")
    if not isinstance(body, dict):
        raise SplitRefused("a JSON body with packageDetails and cancelledItems is required")
    kept = [quantities((detail or {}).get("lines"), "packageDetails.lines") for detail in body.get("packageDetails") or []]
    cancelled = quantities(body.get("cancelledItems") or [], "cancelledItems")
    reasons = {(item or {}).get("cancelReasonId") for item in body.get("cancelledItems") or []}
    if reasons - set(CANCEL_REASONS):
        raise SplitRefused(f"cancelReasonId {sorted(map(str, reasons - set(CANCEL_REASONS)))} is not a merchant "
                           "cancellation reason")
    if not any(kept):
        raise SplitRefused("a split packs some lines into a new package; to cancel every line, unpack the package "
                           "and cancel the lines")
    if not cancelled and len(kept) < 2:
        raise SplitRefused("a split must cancel lines or pack them into more than one package")
    check_placement(state, package, kept, cancelled)
    return [part for part in kept if part], cancelled


def check_placement(state: State, package: dict[str, Any], kept: list[dict[str, int]], cancelled: dict[str, int]) -> None:
    """Each line of the package kept in at most one new package, and all its units placed."""
    named = Counter(line_id for part in kept for line_id in part)
    twice = sorted(line_id for line_id, times in named.items() if times > 1)
    if twice:
        raise SplitRefused(f"lines kept in more than one package: {twice}")
    strangers = sorted((set(named) | set(cancelled)) - set(package["lines"]))
    if strangers:
        raise SplitRefused(f"lines not in this package: {strangers}")
    for line_id in package["lines"]:
        placed = sum(part.get(line_id, 0) for part in kept) + cancelled.get(line_id, 0)
        if placed != state.lines[line_id]["quantity"]:
            raise SplitRefused(f"line {line_id}: {placed} units placed, the package holds {state.lines[line_id]['quantity']}")


def quantities(rows: Any, name: str) -> dict[str, int]:
    """`[{orderLineId, quantity}]` -> quantity per line (positive integers only)."""
    if not isinstance(rows, list):
        raise SplitRefused(f"{name} must be a list")
    found: dict[str, int] = {}
    for row in rows:
        line_id, quantity = str((row or {}).get("orderLineId") or ""), (row or {}).get("quantity")
        if not line_id or not isinstance(quantity, int) or quantity < 1 or line_id in found:
            raise SplitRefused(f"{name}: each entry needs an orderLineId (once) and a positive integer quantity")
        found[line_id] = quantity
    return found


def apply(state: State, package: dict[str, Any], kept: list[dict[str, int]], cancelled: dict[str, int]) -> None:
    now = state.now()
    package.update(status="Unpacked", unpacked_at=now)
    for line_id, quantity in cancelled.items():
        line = state.lines[line_id]
        if quantity == line["quantity"]:
            line.update(status="Cancelled", packageNumber=None, cancelled_at=now, cancel_reason=83,
                        cancelled_by="Merchant")
            continue
        line.setdefault("cancelled_parts", []).append(
            {"quantity": quantity, "cancelled_at": now, "cancel_reason": 83, "cancelled_by": "Merchant"})
        keep_quantity(line, line["quantity"] - quantity)
    for part in kept:
        pack(state, [state.lines[line_id] for line_id in part])


def keep_quantity(line: dict[str, Any], quantity: int) -> None:
    """The line now holds `quantity` units: its totals follow its unit prices."""
    unit = line["unitPrice"]["amount"]
    line["quantity"] = quantity
    line["totalPrice"] = {**line["totalPrice"], "amount": round(unit * quantity, 2)}
    for discount in (line["hbDiscount"], line["merchantDiscount"]):
        discount["totalPrice"] = {**discount["totalPrice"], "amount": round(discount["unitPrice"]["amount"] * quantity, 2)}
    line["vat"] = round(unit * quantity * line["vatRate"] / (100 + line["vatRate"]), 2)
