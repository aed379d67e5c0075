"""Price and stock flows: main lists (insert/update) and the conf-mapped extra lists.

Prices and stocks are one shape with two names, so both are built by `list_flows`; the
extra lists are the ids the channel conf maps (`CURRENCY_MAPPINGS` for prices,
`WAREHOUSE_CODES` for stocks), each drained as its own listing.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from channel.flows.catalog.product_inputs import price_input, stock_input
from channel.flows.catalog.satellites import list_flow
from channel.flows.definition import CatalogFlow

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
    catalog = rt.catalog
    available = set(catalog.get(f"extra_{kind.list_field}s") or [])
    return sorted((mapped & available) - {catalog.get(kind.list_field)})
