"""Marketplace returns (Trendyol claims) -> Omnitron cancellation requests of type "refund".

Claims modified in the window are listed; each claim item (one returned unit) becomes one
cancellation request on the unit's order item, with `remote_id` = the claim item id. Omnitron
is the memory: claim items whose id already names a cancellation request are skipped, so
reruns and overlapping windows add nothing. Reasons: conf `claim_reason_mapping`
{marketplace reason id: Omnitron reason id}, else `claim_reason_id` (default 10, the
reference's default). Withdrawn or rejected claim items are not imported.
"""
from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from omnitron import families
from omnitron.errors import OmnitronError
from omnitron.resources.batches import batch_object

from channel.flows import error_reports
from channel.flows.orders import EVERY_5, WINDOW_OPTIONS, reasons, window
from channel.flows.orders.cancellations import CANCELLATION_REQUEST, items_by_unit
from channel.flows.orders.loop import OrderFlow, OrderRun, drain
from channel.flows.registry import Flow

if TYPE_CHECKING:
    from omnitron.types import BatchObject

    from channel.adapters.orders import RemoteClaim, RemoteClaimUnit
    from channel.flows.runtime import Runtime

NAME = "orders_claims_import"
CLOSED = frozenset({"Cancelled", "Rejected"})


Returned = tuple["RemoteClaim", "RemoteClaimUnit"]


def list_returns(run: OrderRun) -> Iterator[list[Returned]]:
    """Returned units of the claims modified in the window, without withdrawn or rejected ones."""
    wanted = [(claim, unit) for claim in run.rt.orders.list_claims(run.span.since, run.span.until)
              for unit in claim.units if unit.status not in CLOSED]
    if wanted:
        yield wanted


def unknown_returns(run: OrderRun, wanted: list[Returned]) -> list[Returned]:
    """The returned units no cancellation request names yet (its `remote_id` is the claim item id)."""
    known = {str(row.get("remote_id")) for row in run.rt.omnitron.filters.rows(
        families.CANCELLATIONS_BY_REMOTE_ID, [unit.claim_item_id for _, unit in wanted])}
    fresh = [(claim, unit) for claim, unit in wanted if unit.claim_item_id not in known]
    run.count("existing", len(wanted) - len(fresh))
    return fresh


def create_requests(run: OrderRun, fresh: list[Returned]) -> None:
    items = items_by_unit(run.rt, [unit.unit_id for _, unit in fresh])
    entries: list[BatchObject] = []
    for claim, unit in fresh:
        item = items.get(unit.unit_id)
        if item is None:
            run.count("unknown_units")
            continue
        created = _create(run.rt, claim, unit, item)
        if created is None:
            run.failed(claim.modified_at)
            continue
        run.count("created")
        entries.append(batch_object(int(created.get("id") or created["pk"]), CANCELLATION_REQUEST,
                                    remote_id=unit.claim_item_id, version_date=created.get("modified_date")))
    run.record(entries)


def _create(rt: Runtime, claim: RemoteClaim, unit: RemoteClaimUnit, item: dict[str, Any]) -> dict[str, Any] | None:
    reason = int(reasons.translate(rt, reasons.CLAIM, unit.reason_id))
    rt.summary.sent += 1
    try:
        row = rt.omnitron.cancellation_requests.create({
            "cancellation_type": "refund", "order_item": int(item["pk"]), "reason": reason,
            "description": f"marketplace claim {claim.claim_id}", "remote_id": unit.claim_item_id,
        })
    except OmnitronError as exc:
        error_reports.package_failed(rt, claim.package_id, f"cancellation request refused: {exc}",
                                model="orderitem", object_id=int(item["pk"]))
        return None
    rt.summary.succeeded += 1
    return dict(row)



CLAIMS = OrderFlow(NAME, listing=list_returns, known=unknown_returns, act=create_requests,
                   content_type=CANCELLATION_REQUEST, lookback_hours=window.DEFAULT_LOOKBACK_HOURS,
                   counts=("created", "existing", "unknown_units"))

FLOWS = (
    Flow(NAME, "Turn marketplace returns (claims) into Omnitron refund cancellation requests.", drain(CLAIMS),
         EVERY_5, "fetch_and_create_cancellation_requests", options=WINDOW_OPTIONS),
)
