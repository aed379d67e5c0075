"""The `run(ctx)` entry points the registry names for the order flows."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from channel.flows.context import FlowContext
from channel.flows.engine import inactive_result
from channel.flows.reports import report_run
from channel.flows.runtime import ChannelInactive, Runtime, open_runtime

Summary = dict[str, Any]


def _run(name: str, ctx: FlowContext, body: Callable[[Runtime], dict[str, Any]]) -> Summary:
    """Open the runtime, run `body`, add its counts to the summary, post the run-level report."""
    try:
        rt = open_runtime(ctx, name)
    except ChannelInactive as exc:
        return inactive_result(name, ctx, str(exc))
    counts = body(rt)
    result = rt.result()
    if not ctx.dry_run:
        report_run(rt, result)
    return {**result, "orders": counts}


def orders_import(ctx: FlowContext) -> Summary:
    from channel.flows.orders.importer import NAME, Importer

    return _run(NAME, ctx, lambda rt: Importer(rt).run())


def orders_update(ctx: FlowContext) -> Summary:
    from channel.flows.orders.updates import NAME, push_updates

    return _run(NAME, ctx, push_updates)


def orders_cancel_import(ctx: FlowContext) -> Summary:
    from channel.flows.orders.cancellations import IMPORT_NAME, import_cancellations

    return _run(IMPORT_NAME, ctx, import_cancellations)


def orders_cancel_push(ctx: FlowContext) -> Summary:
    from channel.flows.orders.cancellations import PUSH_NAME, push_cancellation_requests

    return _run(PUSH_NAME, ctx, push_cancellation_requests)


def orders_claims_import(ctx: FlowContext) -> Summary:
    from channel.flows.orders.claims import NAME, import_claims

    return _run(NAME, ctx, import_claims)


def orders_check(ctx: FlowContext) -> Summary:
    from channel.flows.orders.check import NAME, check_orders

    return _run(NAME, ctx, check_orders)
