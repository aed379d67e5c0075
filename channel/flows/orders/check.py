"""`orders_check`: the order batch check, working (the reference's assigns a list as the batch,
omnitron-api.md §8).

Order writes here are synchronous, so no batch waits on the marketplace. What a crash can
leave is (1) a batch stuck in `commit` (killed between commit and done) for over a minute
(`stale_after_s`): it is failed, which releases its IAs; and (2) orders created without IAs
(killed right after `create_orders/` answered): orders created within `lookback_hours`
(default 24) without an order IA are recorded now, with the package id Omnitron keeps in the
order's `extra_field`.
"""
from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any

from channel.flows import batches
from channel.flows.orders import records, window
from channel.flows.orders.cancellations import CANCELLATION_REQUEST
from channel.flows.orders import EVERY_5
from channel.flows.registry import Flow, options

if TYPE_CHECKING:
    from omnitron.types import BatchObject

    from channel.flows.runtime import Runtime

NAME = "orders_check"
DEFAULT_LOOKBACK_HOURS = 24
STALE_AFTER_S = 60.0


def check_orders(rt: Runtime) -> dict[str, Any]:
    counts = {"stale_batches": 0, "recorded": 0}
    stale_before = datetime.now(timezone.utc) - timedelta(seconds=float(rt.option("stale_after_s", STALE_AFTER_S)))
    for content_type in (records.ORDER, CANCELLATION_REQUEST):
        for batch in batches.unfinished(rt, content_type):
            if window.stamp(batch.get("modified_date")) > stale_before:
                continue  # a running import records in milliseconds; leave young batches alone
            counts["stale_batches"] += 1
            if not rt.ctx.dry_run:
                batches.abort(rt, batch, "left unfinished by a run that stopped")
    since = datetime.now(timezone.utc) - timedelta(hours=float(rt.option("lookback_hours", DEFAULT_LOOKBACK_HOURS)))
    recent = [dict(row) for row in rt.omnitron.orders.list(created_date__gte=since.isoformat())]
    rt.summary.fetched += len(recent)
    ias = records.order_ias(rt, [int(row["pk"]) for row in recent])
    unrecorded = [row for row in recent if records.unrecorded(ias.get(int(row["pk"])))
                  and (row.get("extra_field") or {}).get("id")]
    counts["recorded"] = len(unrecorded)
    if unrecorded and not rt.ctx.dry_run:
        items = records.items_of(rt, unrecorded)
        entries: list[BatchObject] = []
        for row in unrecorded:
            entries += records.order_entries(row, str(row["extra_field"]["id"]), items.get(int(row["pk"]), []))
        records.record(rt, entries)
        rt.summary.succeeded += len(unrecorded)
    return {"orders": counts}


FLOWS = (
    Flow(NAME, "Finish order batches a killed run left open and record orders it left unrecorded.", check_orders,
         EVERY_5, "check_orders", options=options(lookback_hours=None, stale_after_s=None)),
)
