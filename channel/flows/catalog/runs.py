"""The `run(ctx)` entry points the registry names: each one line on top of the engine."""
from __future__ import annotations

from typing import Any

from channel.flows.catalog import images, inventory, products
from channel.flows.catalog.inventory import PRICES, STOCKS, Kind
from channel.flows.context import FlowContext
from channel.flows.definition import CatalogFlow
from channel.flows.engine import check_batches, inactive_result, run_catalog_flow, run_many
from channel.flows.runtime import ChannelInactive, open_runtime

Summary = dict[str, Any]


def products_insert(ctx: FlowContext) -> Summary:
    return run_catalog_flow(products.INSERT, ctx)


def products_update(ctx: FlowContext) -> Summary:
    return run_catalog_flow(products.UPDATE, ctx)


def products_sync(ctx: FlowContext) -> Summary:
    return run_many([products.INSERT, products.UPDATE], ctx)


def products_delete(ctx: FlowContext) -> Summary:
    return run_catalog_flow(products.DELETE, ctx)


def products_check(ctx: FlowContext) -> Summary:
    return check_batches(products.INSERT, ctx)


def products_delete_check(ctx: FlowContext) -> Summary:
    return check_batches(products.DELETE, ctx)


def _main(kind: Kind, change: str) -> CatalogFlow:
    return inventory.main_flow(kind, change)


def prices_insert(ctx: FlowContext) -> Summary:
    return run_catalog_flow(_main(PRICES, "inserts"), ctx)


def prices_update(ctx: FlowContext) -> Summary:
    return run_catalog_flow(_main(PRICES, "updates"), ctx)


def prices_sync(ctx: FlowContext) -> Summary:
    return run_many([_main(PRICES, "inserts"), _main(PRICES, "updates")], ctx)


def prices_check(ctx: FlowContext) -> Summary:
    return check_batches(_main(PRICES, "updates"), ctx)


def stocks_insert(ctx: FlowContext) -> Summary:
    return run_catalog_flow(_main(STOCKS, "inserts"), ctx)


def stocks_update(ctx: FlowContext) -> Summary:
    return run_catalog_flow(_main(STOCKS, "updates"), ctx)


def stocks_sync(ctx: FlowContext) -> Summary:
    return run_many([_main(STOCKS, "inserts"), _main(STOCKS, "updates")], ctx)


def stocks_check(ctx: FlowContext) -> Summary:
    return check_batches(_main(STOCKS, "updates"), ctx)


def _extra(kind: Kind, change: str, ctx: FlowContext) -> Summary:
    """Every conf-mapped extra list of `kind`, one drained listing each, on one runtime."""
    name = f"{kind.noun}_extra_{'insert' if change == 'inserts' else 'update'}"
    try:
        rt = open_runtime(ctx, name)
    except ChannelInactive as exc:
        return inactive_result(name, ctx, str(exc))
    for list_id in inventory.extra_list_ids(rt, kind):
        run_catalog_flow(inventory.extra_flow(kind, change, list_id), ctx, runtime=rt)
    return rt.result()


def prices_extra_insert(ctx: FlowContext) -> Summary:
    return _extra(PRICES, "inserts", ctx)


def prices_extra_update(ctx: FlowContext) -> Summary:
    return _extra(PRICES, "updates", ctx)


def stocks_extra_insert(ctx: FlowContext) -> Summary:
    return _extra(STOCKS, "inserts", ctx)


def stocks_extra_update(ctx: FlowContext) -> Summary:
    return _extra(STOCKS, "updates", ctx)


def images_insert(ctx: FlowContext) -> Summary:
    return run_catalog_flow(images.INSERT, ctx)


def images_update(ctx: FlowContext) -> Summary:
    return run_catalog_flow(images.UPDATE, ctx)


def images_sync(ctx: FlowContext) -> Summary:
    return run_many([images.INSERT, images.UPDATE], ctx)


def images_check(ctx: FlowContext) -> Summary:
    return check_batches(images.INSERT, ctx)
