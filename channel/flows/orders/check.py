"""`orders_check`: the order batch check, working (the reference's assigns a list as the batch,
docs/omnitron.md "Orders").

Order writes here are synchronous, so no batch waits on the marketplace. What a crash can
leave is (1) a batch stuck in `commit` (killed between commit and done) for over a minute
(`stale_after_s`): it is failed, which releases its IAs; and (2) orders created without IAs
(killed right after `create_orders/` answered): orders created within `lookback_hours`
(default 24) without an order IA are recorded now, with the package id Omnitron keeps in the
order's `extra_field`.
"""
from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any

from omnitron import families

from channel.flows import batches
from channel.flows.orders import EVERY_5, integration_actions, window
from channel.flows.orders.cancellations import CANCELLATION_REQUEST
from channel.flows.orders.loop import OrderFlow, OrderRun, drain
from channel.flows.options import Float
from channel.flows.registry import Flow, options

if TYPE_CHECKING:
    from omnitron.types import BatchObject

    from channel.flows.runtime import Runtime

NAME = "orders_check"
DEFAULT_LOOKBACK_HOURS = 24
STALE_AFTER_S = 60.0


def release_stale(run: OrderRun) -> None:
    """Fail order and cancellation batches left in `commit` longer than `stale_after_s`."""
    rt = run.rt
    stale_before = datetime.now(timezone.utc) - timedelta(seconds=float(rt.option("stale_after_s", STALE_AFTER_S)))
    for content_type in (integration_actions.ORDER, CANCELLATION_REQUEST):
        for batch in batches.unfinished(rt, content_type):
            if window.stamp(batch.get("modified_date")) > stale_before:
                continue  # a running import records in milliseconds; leave young batches alone
            run.count("stale_batches")
            if not run.dry_run:
                batches.abort(rt, batch, "left unfinished by a run that stopped")


def list_recent(run: OrderRun) -> Iterator[list[dict[str, Any]]]:
    """Orders created within `lookback_hours` (default 24)."""
    hours = float(run.rt.option("lookback_hours", DEFAULT_LOOKBACK_HOURS))
    since = datetime.now(timezone.utc) - timedelta(hours=hours)
    recent = [dict(row) for row in run.rt.omnitron.filters.since(families.ORDERS_SINCE, since)]
    if recent:
        yield recent


def unrecorded(run: OrderRun, recent: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Orders without an order IA that carry their package id (`extra_field.id`)."""
    ias = integration_actions.order_ias(run.rt, [int(row["pk"]) for row in recent])
    left = [row for row in recent if integration_actions.unrecorded(ias.get(int(row["pk"])))
            and (row.get("extra_field") or {}).get("id")]
    run.count("recorded", len(left))
    return left


def record_orders(run: OrderRun, orders: list[dict[str, Any]]) -> None:
    items = integration_actions.items_of(run.rt, orders)
    entries: list[BatchObject] = []
    for row in orders:
        entries += integration_actions.order_entries(row, str(row["extra_field"]["id"]), items.get(int(row["pk"]), []))
    run.record(entries)
    run.rt.summary.succeeded += len(orders)


CHECK = OrderFlow(NAME, listing=list_recent, known=unrecorded, act=record_orders, resume=release_stale,
                  counts=("stale_batches", "recorded"))


FLOWS = (
    Flow(NAME, "Finish order batches a killed run left open and record orders it left unrecorded.", drain(CHECK),
         EVERY_5, "check_orders", options=options(
             lookback_hours=Float(min=0.1, max=720, help="how far back unrecorded orders are looked for"),
             stale_after_s=Float(min=0, max=86_400, help="age after which an open batch is finished"))),
)
