"""Price and stock flows: main lists (insert/update) and the conf-mapped extra lists.

Declared at the end (`FLOWS`): `prices_*` and `stocks_*`.

Prices and stocks are one shape with two names, so both are built by `list_flows`; the
extra lists are the ids the channel conf maps (`CURRENCY_MAPPINGS` for prices,
`WAREHOUSE_CODES` for stocks), each drained as its own listing.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from channel.flows.catalog import EVERY_5, SYNC_OPTIONS
from channel.flows.catalog.product_inputs import price_input, stock_input
from channel.flows.catalog.product_rows import list_flow
from channel.flows.definition import CatalogFlow
from channel.flows.engine import check, send, sync
from channel.flows.registry import Body, Flow

if TYPE_CHECKING:
    from channel.adapters import PushResult
    from channel.flows.runtime import Runtime


def _price(rt: Runtime, product: dict[str, Any], row: dict[str, Any], remote_id: str | None) -> Any:
    return price_input(product, row, rt.conf, remote_id)


def _stock(rt: Runtime, product: dict[str, Any], row: dict[str, Any], remote_id: str | None) -> Any:
    return stock_input(product, row, rt.conf, remote_id)


def _push_prices(rt: Runtime, payloads: Sequence[Any]) -> list[PushResult]:
    return rt.adapter.push_prices(payloads)


def _push_stocks(rt: Runtime, payloads: Sequence[Any]) -> list[PushResult]:
    return rt.adapter.push_stocks(payloads)


@dataclass(frozen=True)
class Kind:
    """What differs between prices and stocks."""

    noun: str  # "prices"
    content_type: str  # "productprice"
    resource: str  # "product_prices"
    extra_resource: str  # "extra_product_prices"
    list_field: str  # "price_list"
    conf_mapping: str  # "CURRENCY_MAPPINGS"
    build: Any
    push: Any


PRICES = Kind("prices", "productprice", "product_prices", "extra_product_prices", "price_list",
              "CURRENCY_MAPPINGS", _price, _push_prices)
STOCKS = Kind("stocks", "productstock", "product_stocks", "extra_product_stocks", "stock_list",
              "WAREHOUSE_CODES", _stock, _push_stocks)


def main_flow(kind: Kind, change: str) -> CatalogFlow:
    """`change` is "inserts" (never sent) or "updates" (changed since sent)."""
    verb = "insert" if change == "inserts" else "update"
    return list_flow(f"{kind.noun}_{verb}", kind.content_type, kind.resource, change, kind.build, kind.push,
                     f"Send {kind.noun} of the catalog's main list ({change}).")


def extra_flow(kind: Kind, change: str, list_id: int) -> CatalogFlow:
    verb = "insert" if change == "inserts" else "update"
    return list_flow(f"{kind.noun}_extra_{verb}", kind.content_type, kind.extra_resource, change, kind.build,
                     kind.push, f"Send {kind.noun} of extra list {list_id} ({change}).",
                     list_filter={kind.list_field: list_id})


def extra_list_ids(rt: Runtime, kind: Kind) -> list[int]:
    """The extra lists the channel conf maps (keys of CURRENCY_MAPPINGS / WAREHOUSE_CODES)
    that the catalog really has; the main list is never an extra one."""
    mapped = {int(key) for key in (rt.conf.get(kind.conf_mapping) or {}) if str(key).isdigit()}
    catalog: dict[str, Any] = dict(rt.catalog)
    available = {int(pk) for pk in catalog.get(f"extra_{kind.list_field}s") or []}
    return sorted((mapped & available) - {catalog.get(kind.list_field)})


def extra(kind: Kind, change: str) -> Body:
    """The body of an extra-list flow: every conf-mapped extra list of `kind`, one drained
    listing each, on one runtime."""

    def run(rt: Runtime) -> None:
        for list_id in extra_list_ids(rt, kind):
            sync(rt, extra_flow(kind, change, list_id))

    return run


def flows_of(kind: Kind, main_schedule: str, check_task: str) -> tuple[Flow, ...]:
    """The six flows of prices or stocks; they differ only in `kind`."""
    noun, one = kind.noun, kind.list_field.removesuffix("_list")  # "prices", "price"
    insert, update = main_flow(kind, "inserts"), main_flow(kind, "updates")
    return (
        Flow(f"{noun}_sync", f"Insert new {noun}, then update changed ones (main {one} list).",
             send(insert, update), EVERY_5, main_schedule, options=SYNC_OPTIONS),
        Flow(f"{noun}_insert", f"Send {noun} never sent before (main {one} list).", send(insert),
             options=SYNC_OPTIONS),
        Flow(f"{noun}_update", f"Send {noun} changed since they were last sent (main {one} list).",
             send(update), template_task=f"update_{noun}", options=SYNC_OPTIONS),
        Flow(f"{noun}_extra_insert", f"Send new {noun} of the extra {one} lists the conf maps.",
             extra(kind, "inserts"), options=SYNC_OPTIONS),
        Flow(f"{noun}_extra_update", f"Send changed {noun} of the extra {one} lists the conf maps.",
             extra(kind, "updates"), options=SYNC_OPTIONS),
        Flow(f"{noun}_check", f"Finish {one} batches waiting on the marketplace.",
             check(update), EVERY_5, check_task),
    )


FLOWS = (*flows_of(PRICES, "insert_and_update_prices", "check_prices"),
         *flows_of(STOCKS, "insert_and_update_stocks", "check_stocks"))
