"""Cancellations both ways.

* Marketplace -> Omnitron (`orders_cancel_import`): packages the marketplace cancelled (by the
  customer, by the marketplace, or as the seller's unsupplied items) are listed by window; their
  cancelled units are resolved to Omnitron order items through the item IAs (unit id = remote
  id), and `orders/{pk}/cancel/` cancels the ones Omnitron has not cancelled yet. Omnitron's
  item status is the memory: a rerun finds them cancelled and sends nothing.
  Reasons: conf `reason_mapping` {marketplace reason code: Omnitron reason id}, else
  `cancellation_reason_id`.
* Omnitron -> marketplace (`orders_cancel_push`): cancellation requests of type
  "cancel" without a successful IA become unsupplied calls, one per package and reason, on the
  package holding the unit now. Reasons: conf `unsupplied_reason_mapping` {Omnitron reason id:
  marketplace reason id}, else `unsupplied_reason_id` (default 500, out of stock). A unit the
  marketplace already shows cancelled is recorded without a call; a request an earlier run sent
  but did not record (killed in between) is recorded without a call when the marketplace shows
  the call arrived (`unsupplied_records`), so nothing is cancelled twice.
"""
from __future__ import annotations

import logging
from collections import Counter, defaultdict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from omnitron import families
from omnitron.errors import OmnitronError
from omnitron.types import OMNITRON_CANCELLED
from omnitron.resources.batches import batch_object

from channel import faultpoints
from channel.adapters.errors import MarketplaceError, UnsupportedOperation
from channel.adapters.orders import CANCELLED, CANCELLED_UNITS, UNSUPPLIED, LineQuantity, RemotePackage
from channel.flows import error_reports
from channel.flows.orders import (
    EVERY_5, SAFETY_NET, WINDOW_OPTIONS, integration_actions, reasons, unsupplied_records, window,
)
from channel.flows.orders.integration_actions import extra
from channel.flows.orders.loop import OrderFlow, OrderRun, drain
from channel.flows.orders.remote import Located, locate_units
from channel.flows.registry import Flow

if TYPE_CHECKING:
    from omnitron.types import BatchObject

    from channel.flows.runtime import Runtime

logger = logging.getLogger(__name__)

IMPORT_NAME = "orders_cancel_import"
PUSH_NAME = "orders_cancel_push"
CANCELLATION_REQUEST = "cancellationrequest"
OPEN_REQUEST_STATUSES = ("waiting_approval", "approved", "confirmed")
PRE_SHIPMENT = frozenset({"Created", "Picking", "Invoiced"})


# ---- marketplace -> Omnitron ---------------------------------------------------------------------

@dataclass(frozen=True)
class Cancel:
    """Items of one order to cancel for one cancelled package: {item pk: Omnitron reason id}."""

    package: RemotePackage
    order_pk: int
    reasons: dict[str, int]


def list_cancelled(run: OrderRun) -> Iterator[list[RemotePackage]]:
    """Packages of the window with cancelled units (by the customer, the marketplace or the seller)."""
    for page in run.rt.orders.list_packages(run.span.since, run.span.until, statuses=(CANCELLED, UNSUPPLIED)):
        packages = [p for p in page if p.cancelled_units]
        if packages:
            yield packages


def plan_cancels(run: OrderRun, packages: list[RemotePackage]) -> list[Cancel]:
    """The cancels Omnitron still lacks: units whose item it has not cancelled yet."""
    rt = run.rt
    units = [unit for p in packages for unit in p.cancelled_units]
    items = items_by_unit(rt, [u.unit_id for u in units])
    requested = _requested_items(rt, units, items)
    todo = []
    for package in packages:
        plan: dict[int, dict[str, int]] = defaultdict(dict)
        for unit in package.cancelled_units:
            item = _choose(rt, unit.unit_id, unit.line_id, items, requested)
            if item is None:
                run.count("unknown_units")
            elif str(item.get("status")) == OMNITRON_CANCELLED:
                run.count("already_cancelled")
            else:
                item["status"] = OMNITRON_CANCELLED  # chosen: not again for another unit of this page
                reason = reasons.translate(rt, reasons.CANCEL, unit.cancel_reason_code)
                plan[int(item["order"])][str(item["pk"])] = int(reason)
        todo += [Cancel(package, order_pk, ids) for order_pk, ids in plan.items()]
    return todo


def cancel(run: OrderRun, todo: list[Cancel]) -> None:
    rt = run.rt
    for job in todo:
        rt.summary.sent += 1
        try:
            rt.omnitron.orders.cancel(job.order_pk, [int(pk) for pk in job.reasons], job.reasons)
        except OmnitronError as exc:
            error_reports.package_failed(rt, job.package.package_id, f"Omnitron refused the cancel: {exc}",
                                    model=integration_actions.ORDER, object_id=job.order_pk)
            run.failed(job.package.modified_at)
            continue
        rt.summary.succeeded += 1
        run.count("cancelled_items", len(job.reasons))


def items_by_unit(rt: Runtime, unit_ids: list[str]) -> dict[str, dict[str, Any]]:
    """Order items of the orders holding these units, keyed by the unit id they carry *now*
    (`extra_field.id`; `_choose` may swap ids within a line). Three requests: the units' item
    IAs, those items (for their orders), and every item of those orders."""
    order_pks = sorted({int(row["order"]) for row in integration_actions.items_holding(rt, unit_ids)})
    if not order_pks:
        return {}
    return {str((row.get("extra_field") or {}).get("id")): dict(row)
            for row in rt.omnitron.filters.rows(families.ORDER_ITEMS_BY_ORDER, order_pks)}


def _requested_items(rt: Runtime, units: list[Any], items: dict[str, dict[str, Any]]) -> set[int]:
    """Items with an open cancellation request, on lines where a unit's own item is still live."""
    lines = {u.line_id for u in units if str((items.get(u.unit_id) or {}).get("status")) != OMNITRON_CANCELLED}
    candidates = [int(i["pk"]) for i in items.values() if (i.get("extra_field") or {}).get("line_id") in lines]
    if not candidates:
        return set()
    return {int(row["order_item"]) for row in rt.omnitron.filters.rows(families.CANCELLATIONS_BY_ITEM, candidates)
            if row.get("status") in OPEN_REQUEST_STATUSES}


def _choose(rt: Runtime, unit_id: str, line_id: str, items: dict[str, dict[str, Any]],
            requested: set[int]) -> dict[str, Any] | None:
    """The Omnitron item that stands for a cancelled unit.

    The marketplace cancels *quantities* of a line and picks the units itself, so the unit it
    cancelled for a cancellation request may be another unit of the same line than the requested
    item's. Then the two items swap unit ids (PATCH extra_field) and the requested item is the
    one cancelled: identity follows the marketplace, and a rerun finds the unit's item cancelled.
    """
    own = items.get(unit_id)
    if own is None or _cancelled(own) or int(own["pk"]) in requested:
        return own
    swap = next((i for i in items.values() if i is not own and _open_request(i, line_id, requested)), None)
    if swap is None:
        return own
    _swap_units(rt, own, swap, items)
    requested.discard(int(swap["pk"]))
    return swap


def _cancelled(item: Mapping[str, Any]) -> bool:
    return str(item.get("status")) == OMNITRON_CANCELLED


def _open_request(item: Mapping[str, Any], line_id: str, requested: set[int]) -> bool:
    """A live item of line `line_id` with an open cancellation request."""
    return int(item["pk"]) in requested and extra(item, "line_id") == line_id and not _cancelled(item)


def _swap_units(rt: Runtime, own: dict[str, Any], swap: dict[str, Any], items: dict[str, dict[str, Any]]) -> None:
    """`own` takes `swap`'s unit id and the other way round, in `items` and in Omnitron."""
    unit_id, other = str(own["extra_field"]["id"]), str(swap["extra_field"]["id"])
    for item, unit in ((own, other), (swap, unit_id)):
        item["extra_field"] = {**item["extra_field"], "id": unit}
        if not rt.ctx.dry_run:  # a dry run plans the swap and writes nothing
            rt.omnitron.order_items.update(int(item["pk"]), {"extra_field": item["extra_field"]})
    items[other], items[unit_id] = own, swap


# ---- Omnitron -> marketplace ---------------------------------------------------------------------

def list_requests(run: OrderRun) -> Iterator[list[dict[str, Any]]]:
    """Open cancellation requests of type "cancel" in the statuses the conf pushes."""
    statuses = tuple(run.rt.conf.get("cancellation_request_statuses") or OPEN_REQUEST_STATUSES)
    pending = [dict(row) for row in run.rt.omnitron.cancellation_requests.list()
               if row.get("status") in statuses and row.get("cancellation_type", "cancel") == "cancel"]
    if pending:
        yield pending


def unpushed(run: OrderRun, pending: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The requests without a successful integration action."""
    done = {int(ia["object_id"]) for ia in run.rt.omnitron.integration_actions.in_bulk(
        "object_id", [_id(r) for r in pending], content_type_name=CANCELLATION_REQUEST)
        if ia.get("status") == "success"}
    left = [r for r in pending if _id(r) not in done]
    run.count("requests", len(left))
    unsupplied_records.forget(run.rt.ctx.channel_id, done)
    return left


def push_requests(run: OrderRun, pending: list[dict[str, Any]]) -> None:
    """Unsupplied calls, one per package and marketplace reason; refusals and units already
    cancelled on the marketplace are recorded without a call."""
    rt = run.rt
    unit_of, located = _locate(rt, pending)
    sent = unsupplied_records.earlier(rt.ctx.channel_id, [_id(r) for r in pending])
    calls: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for request in pending:
        where = located.get(unit_of[_id(request)])
        earlier = sent.get(_id(request))
        if earlier is not None and unsupplied_records.arrived(earlier, where):
            run.count("arrived_before")  # a killed run's call: record it, do not call again
            run.record([_entry(request, f"{earlier.package_id}:{unit_of[_id(request)]}")])
        elif where is not None and where[1].status in CANCELLED_UNITS:
            run.count("already_cancelled")
            run.record([_entry(request, f"{where[0].package_id}:{where[1].unit_id}")])
        elif where is None or where[0].status not in PRE_SHIPMENT:
            _refuse(run, request, unit_of[_id(request)], where)
        else:
            calls[(where[0].package_id, reasons.translate(rt, reasons.UNSUPPLIED, request.get("reason")))].append(
                request)
    for (package_id, reason), group in calls.items():
        run.record(_call(run, package_id, reason, group, located, unit_of))


def _id(row: dict[str, Any]) -> int:
    return int(row.get("id") or row["pk"])


def _locate(rt: Runtime, pending: list[dict[str, Any]]) -> tuple[dict[int, str], Located]:
    """request id -> its unit id, and where each unit is on the marketplace now."""
    items = {int(row["pk"]): row for row in rt.omnitron.filters.rows(
        families.ORDER_ITEMS_BY_PK, sorted({int(r["order_item"]) for r in pending}))}
    orders = {int(row["pk"]): row for row in rt.omnitron.orders.in_bulk(
        "pk", sorted({int(i["order"]) for i in items.values()}))}
    links = integration_actions.order_ias(rt, sorted(orders))
    unit_of = {_id(r): extra(items.get(int(r["order_item"])), "id") for r in pending}
    unit_orders: dict[str, str] = {}
    package_ids: set[str] = set()
    for request in pending:
        item = items.get(int(request["order_item"]))
        if item is None:
            continue
        unit_orders[unit_of[_id(request)]] = extra(orders.get(int(item["order"])), "order_number")
        package_ids.add(str(links.get(int(item["order"]), {}).get("remote_id") or extra(item, "package_id")))
    package_ids.discard("")
    return unit_of, locate_units(rt, package_ids, unit_orders)


def _refuse(run: OrderRun, request: dict[str, Any], unit: str, where: tuple[RemotePackage, Any] | None) -> None:
    """A request no unsupplied call can serve: the unit is gone, or its package has shipped."""
    if where is None:
        package_id, reason = unit, "unit not found on the marketplace"
    else:
        package_id = where[0].package_id
        reason = f"package {package_id} is {where[0].status}; only unshipped units can be cancelled"
    run.record([_entry(request, None, reason)])
    error_reports.package_failed(run.rt, package_id, reason, model=CANCELLATION_REQUEST, object_id=_id(request))


def _call(run: OrderRun, package_id: str, reason: str, group: list[dict[str, Any]], located: Located,
          unit_of: dict[int, str]) -> list[BatchObject]:
    rt = run.rt
    lines = Counter(located[unit_of[_id(r)]][1].line_id for r in group)
    rt.summary.sent += len(group)
    unsupplied_records.note(rt.ctx.channel_id, package_id, {_id(r): unit_of[_id(r)] for r in group},
                            empties_package=_empties(located[unit_of[_id(group[0])]][0], lines))
    try:
        rt.orders.report_unsupplied(package_id, [LineQuantity(line, n) for line, n in sorted(lines.items())], reason)
    except UnsupportedOperation as exc:
        return _unsupported(run, group, str(exc))
    except MarketplaceError as exc:
        for request in group:
            error_reports.package_failed(rt, package_id, f"unsupplied refused: {exc}", model=CANCELLATION_REQUEST,
                                         object_id=_id(request))
        return [_entry(r, None, str(exc)) for r in group]
    faultpoints.reached("unsupplied_sent")
    run.count("unsupplied_calls")
    rt.summary.succeeded += len(group)
    return [_entry(r, f"{package_id}:{unit_of[_id(r)]}") for r in group]


def _empties(package: RemotePackage, lines: Counter[str]) -> bool:
    """Whether cancelling `lines` leaves no live unit in `package`."""
    live = Counter(unit.line_id for unit in package.units if unit.status not in CANCELLED_UNITS)
    return not live - lines


def _unsupported(run: OrderRun, group: list[dict[str, Any]], why: str) -> list[BatchObject]:
    """The marketplace cannot cancel these units this way (e.g. part of a line): the run says so
    and nothing is recorded, so Omnitron keeps the requests open for a person to handle."""
    run.rt.summary.sent -= len(group)
    run.count("unsupported", len(group))
    note = f"not supported by this channel's marketplace: {why}"
    if note not in run.rt.summary.notes:
        run.rt.summary.notes.append(note)
    return []


def _entry(request: dict[str, Any], remote_id: str | None, failure: str = "") -> BatchObject:
    return batch_object(_id(request), CANCELLATION_REQUEST, remote_id=remote_id,
                        version_date=request.get("modified_date"),
                        failed_reason_type="remote" if failure else None)



IMPORT = OrderFlow(IMPORT_NAME, listing=list_cancelled, known=plan_cancels, act=cancel,
                   lookback_hours=window.DEFAULT_LOOKBACK_HOURS,
                   counts=("cancelled_items", "already_cancelled", "unknown_units"))
PUSH = OrderFlow(PUSH_NAME, listing=list_requests, known=unpushed, act=push_requests, content_type=CANCELLATION_REQUEST,
                 counts=("requests", "unsupplied_calls", "already_cancelled", "arrived_before", "unsupported"))

FLOWS = (
    Flow(IMPORT_NAME, "Cancel in Omnitron the units the marketplace cancelled.", drain(IMPORT), SAFETY_NET,
         "fetch_and_create_cancel", options=WINDOW_OPTIONS),
    Flow(PUSH_NAME, "Send Omnitron cancellation requests to the marketplace as unsupplied items (conf reason mapping).",
         drain(PUSH), EVERY_5, "update_cancellation_requests"),
)
