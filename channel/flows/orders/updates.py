"""Omnitron order changes -> marketplace package writes (picking, invoice, tracking).

Two sources of work: `orders/updates/` (orders modified since their IA's version) and order
items modified since the previous run (a window on `modified_date` with the usual overlap;
an item PATCH does not move its order row), kept only when newer than the item's own IA
version. For each affected order, the package holding its units now is read from the
marketplace, and only the missing steps are sent: Picking when an item is in a picking status
(conf `picking_statuses`, default Omnitron's "450") or has an invoice; Invoiced with the first
invoice number; the tracking number when the package has none. The marketplace's own state
decides what is left, so a rerun after a crash repeats nothing. Done entries carry the order's
and the items' `modified_date`, which takes them off both sources; a refused write marks the
order `remote` (Omnitron offers it again) and keeps the window before its items.
"""
from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterator
from datetime import datetime
from typing import TYPE_CHECKING, Any

from omnitron import families
from omnitron.resources.batches import batch_object
from omnitron.types import OMNITRON_CANCELLED, OMNITRON_PICKING

from channel.adapters.errors import MarketplaceError
from channel.adapters.orders import CANCELLED_UNITS, CREATED, INVOICED, PICKING, LineQuantity, RemotePackage
from channel.flows import error_reports
from channel.flows.orders import EVERY_5, WINDOW_OPTIONS, integration_actions, window
from channel.flows.orders.loop import OrderFlow, OrderRun, drain, everything
from channel.flows.orders.integration_actions import extra
from channel.flows.orders.remote import Located, locate_units
from channel.flows.registry import Flow

if TYPE_CHECKING:
    from omnitron.types import BatchObject

    from channel.flows.runtime import Runtime

logger = logging.getLogger(__name__)

NAME = "orders_update"
DEFAULT_PICKING_STATUSES = (OMNITRON_PICKING,)
TRACKABLE = frozenset({CREATED, PICKING, INVOICED})
ITEM_LOOKBACK_HOURS = 24  # first run (no mark yet): item changes of the last day


class ItemChanges:
    """Order items changed in the window (found while listing, recorded after the writes)."""

    def __init__(self, rt: Runtime) -> None:
        self.items: list[dict[str, Any]] = []


def list_changed(run: OrderRun) -> Iterator[list[dict[str, Any]]]:
    """One page: orders Omnitron offers as updated, plus the orders of items changed in the window."""
    rt = run.rt
    changed = {int(row["pk"]): dict(row) for row in rt.omnitron.orders.updates()}
    changes = run.memo(ItemChanges)
    changes.items = items = _changed_items(rt, run.span.since)
    missing = sorted({int(i["order"]) for i in items} - set(changed))
    changed.update({int(row["pk"]): dict(row) for row in rt.omnitron.orders.in_bulk("pk", missing)} if missing else {})
    run.count("orders", len(changed))
    if changed:
        yield list(changed.values())


def push(run: OrderRun, changed: list[dict[str, Any]]) -> None:
    """Write each order's missing steps; record the orders and the changed items of orders that went through."""
    entries, failed = _push_orders(run.rt, changed, run.counts)
    items = run.memo(ItemChanges).items
    entries += [batch_object(int(i["pk"]), integration_actions.ORDER_ITEM, remote_id=str((i.get("extra_field") or {}).get("id")),
                             version_date=i.get("modified_date"))
                for i in items if int(i["order"]) not in failed]
    run.record(entries)
    for item in items:
        if int(item["order"]) in failed:
            run.failed(window.stamp(item.get("modified_date")))


def _changed_items(rt: Runtime, since: datetime) -> list[dict[str, Any]]:
    """Items modified in the window and after their IA's version (ours only: they have an IA)."""
    rows: list[dict[str, Any]] = [dict(row) for row in rt.omnitron.filters.since(families.ORDER_ITEMS_SINCE, since)]
    if not rows:
        return []
    ias = {int(ia["object_id"]): ia for ia in rt.omnitron.integration_actions.in_bulk(
        "object_id", [int(r["pk"]) for r in rows], content_type_name=integration_actions.ORDER_ITEM)}
    return [row for row in rows if int(row["pk"]) in ias
            and window.stamp(row.get("modified_date")) > window.stamp(ias[int(row["pk"])].get("version_date"))]



def _push_orders(rt: Runtime, changed: list[dict[str, Any]], counts: Counter[str]) -> tuple[list[BatchObject], set[int]]:
    """One entry per order; the pks of orders whose write the marketplace refused."""
    items = {pk: [i for i in rows if str(i.get("status")) != OMNITRON_CANCELLED]
             for pk, rows in integration_actions.items_of(rt, changed).items()}
    located = _locate(rt, changed, items)
    entries = [_push_order(rt, order, items.get(int(order["pk"]), []), located, counts) for order in changed]
    return entries, {int(entry["pk"]) for entry in entries if entry["failed_reason_type"]}


def _locate(rt: Runtime, orders: list[dict[str, Any]], items: dict[int, list[dict[str, Any]]]) -> Located:
    """Where the live units of `orders` are on the marketplace now."""
    links = integration_actions.order_ias(rt, [int(o["pk"]) for o in orders])
    units = {extra(i, "id"): extra(o, "order_number") for o in orders for i in items.get(int(o["pk"]), [])}
    packages = {str(links.get(int(o["pk"]), {}).get("remote_id") or extra(o, "id")) for o in orders} - {""}
    return locate_units(rt, packages, units)


def _push_order(rt: Runtime, order: dict[str, Any], items: list[dict[str, Any]], located: dict[str, Any],
                counts: Counter[str]) -> BatchObject:
    holders: dict[str, RemotePackage] = {}
    for item in items:
        where = located.get(str((item.get("extra_field") or {}).get("id")))
        if where is not None and where[1].status not in CANCELLED_UNITS:
            holders[where[0].package_id] = where[0]
    try:
        for package in holders.values():
            _push_package(rt, package, items, counts)
    except MarketplaceError as exc:
        error_reports.package_failed(rt, ",".join(holders) or str(order.get("number")), f"package update refused: {exc}",
                                model=integration_actions.ORDER, object_id=order["pk"])
        return batch_object(int(order["pk"]), integration_actions.ORDER, version_date=order.get("modified_date"),
                            failed_reason_type="remote")
    rt.summary.succeeded += 1
    remote = next(iter(holders), None)
    return batch_object(int(order["pk"]), integration_actions.ORDER, remote_id=remote, version_date=order.get("modified_date"))


def _push_package(rt: Runtime, package: RemotePackage, items: list[dict[str, Any]], counts: Counter[str]) -> None:
    """The steps the package still lacks, in order: Picking, Invoiced, the tracking number."""
    invoice, tracking = _first(items, "invoice_number"), _first(items, "tracking_number")
    status = package.status
    if status == CREATED and (invoice or _picking(rt, items)):
        status = _move(rt, package, PICKING, counts)
    if invoice and status == PICKING:
        _move(rt, package, INVOICED, counts, invoice)
    if tracking and not package.tracking_number and status in TRACKABLE:
        rt.summary.sent += 1
        rt.orders.send_tracking(package.package_id, tracking)
        counts["tracking"] += 1


def _first(items: list[dict[str, Any]], key: str) -> str:
    return next((str(i[key]) for i in items if i.get(key)), "")


def _picking(rt: Runtime, items: list[dict[str, Any]]) -> bool:
    """Is an item in a status the channel conf calls "being picked"?"""
    picking = {str(s) for s in rt.conf.get("picking_statuses") or DEFAULT_PICKING_STATUSES}
    return any(str(i.get("status")) in picking for i in items)


def _move(rt: Runtime, package: RemotePackage, status: str, counts: Counter[str], invoice: str = "") -> str:
    rt.summary.sent += 1
    rt.orders.update_package_status(package.package_id, _lines(package), status, invoice)
    counts[status.lower()] += 1
    return status


def _lines(package: RemotePackage) -> list[LineQuantity]:
    quantities = Counter(unit.line_id for unit in package.units if unit.status not in CANCELLED_UNITS)
    return [LineQuantity(line, quantity) for line, quantity in sorted(quantities.items())]



UPDATE = OrderFlow(NAME, listing=list_changed, known=everything, act=push, lookback_hours=ITEM_LOOKBACK_HOURS,
                   counts=("orders", "picking", "invoiced", "tracking"))

FLOWS = (
    Flow(NAME, "Push Omnitron order changes (picking, invoice, tracking) to the marketplace packages.",
         drain(UPDATE), EVERY_5, "update_orders", options=WINDOW_OPTIONS),
)
