"""The package stream (getShipmentPackagesStream), Trendyol's endpoint for periodic sync.

    GET /order/sellers/{id}/orders/stream  size (default 50, <= 200), nextCursor,
        packageItemStatuses (comma list), lastModifiedStartDate / lastModifiedEndDate (GMT+3,
        see `order_time`), supplierId
        -> {"hasMore", "nextCursor", "size", "content": [<package>...]}

Newest first by `lastModifiedDate` (ties by package id). The cursor is opaque and bound to
its filter: any change of filter (size included, the stricter reading) or an unknown cursor
is a 400. Paging is by position (the last package served), so a package modified while a
stream is read moves ahead of the cursor and waits for the next stream, never appearing twice.
No per-minute quota is published (only the advice to poll every 5 s or slower).
"""
from __future__ import annotations

import secrets
from typing import Any

from flask import Blueprint, jsonify, request

from sandboxes.trendyol import order_time
from sandboxes.trendyol import packages as pk
from sandboxes.trendyol.state import get_state

blueprint = Blueprint("trendyol_stream", __name__, url_prefix="/integration")

MAX_SIZE = 200
STATUSES = frozenset({"Created", "Picking", "Invoiced", "Shipped", "Cancelled", "Delivered", "UnDelivered",
                      "Returned", "AtCollectionPoint", "UnPacked", "UnSupplied", "Awaiting", "Verified"})
FILTERS = ("size", "packageItemStatuses", "lastModifiedStartDate", "lastModifiedEndDate", "supplierId")


def bad_request(message: str) -> Any:
    return jsonify({"error": "Bad Request", "message": message}), 400


@blueprint.get("/order/sellers/<int:seller_id>/orders/stream")
def stream(seller_id: int):  # noqa: ANN201 - Flask view
    state = get_state()
    args = request.args
    filters = {name: args.get(name, "") for name in FILTERS}
    try:
        size = int(args.get("size") or 50)
    except ValueError:
        return bad_request("size must be a number")
    if not 1 <= size <= MAX_SIZE:
        return bad_request(f"size must be between 1 and {MAX_SIZE}")
    statuses = {s for s in filters["packageItemStatuses"].split(",") if s}
    if statuses - STATUSES:
        return bad_request(f"unknown packageItemStatuses: {', '.join(sorted(statuses - STATUSES))}")
    with state.lock:
        cursors = pk.book(state).cursors
        token = args.get("nextCursor")
        after: tuple[int, int] | None = None
        if token:
            cursor = cursors.pop(token, None)
            if cursor is None:
                return bad_request("nextCursor is unknown or expired")
            if cursor["filters"] != filters:
                return bad_request("filters cannot change while a cursor is used; start a new stream")
            lo, hi, after = cursor["lo"], cursor["hi"], cursor["after"]
        else:
            try:
                lo, hi = order_time.window(filters["lastModifiedStartDate"] or None,
                                           filters["lastModifiedEndDate"] or None, state.now_ms(),
                                           order_time.STREAM_RULES, mode=state.knobs.time_filter_mode,
                                           strict=state.knobs.strict)
            except order_time.WindowError as exc:
                return bad_request(str(exc))
        rows = sorted((p for p in pk.book(state).packages.values()
                       if lo <= p["lastModifiedDate"] <= hi and (not statuses or _matches(p, statuses))),
                      key=lambda p: (p["lastModifiedDate"], p["shipmentPackageId"]), reverse=True)
        if after is not None:
            rows = [p for p in rows if (p["lastModifiedDate"], p["shipmentPackageId"]) < after]
        page, more = rows[:size], len(rows) > size
        body: dict[str, Any] = {"hasMore": more, "nextCursor": None, "size": size, "content": page}
        if more:
            last = page[-1]
            token = secrets.token_urlsafe(24)
            cursors[token] = {"filters": filters, "lo": lo, "hi": hi,
                              "after": (last["lastModifiedDate"], last["shipmentPackageId"])}
            body["nextCursor"] = token
        return jsonify(body)


def _matches(package: dict[str, Any], statuses: set[str]) -> bool:
    """A package matches by its own status or the status of any of its lines."""
    return package["status"] in statuses or any(line["orderLineItemStatusName"] in statuses
                                                 for line in package["lines"])
