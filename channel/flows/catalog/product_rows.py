"""Shared preparation of rows that hang off a product (prices, stocks, images).

Each needs the same two bulk reads per chunk: the products (for SKU and barcode) and the
products' integration actions (only products already on the marketplace can take a price,
a stock or images). `prepare_rows` does those once and asks the flow's `build` for the input.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from omnitron import families

from channel.flows import enrich
from channel.flows.catalog.product_inputs import MissingData, identity
from channel.flows.definition import CatalogFlow, WorkItem

if TYPE_CHECKING:
    from omnitron.pagination import Paginator

    from channel.flows.runtime import Runtime

NOT_SENT = "the product has not been sent to the marketplace yet"
NOT_IN_CHANNEL = "the product is not in the channel's catalog"

Build = Callable[["Runtime", dict[str, Any], dict[str, Any], "str | None"], Any]


def live_remote_id(product: dict[str, Any], remote_id: str | None, conf: dict[str, Any]) -> str | None:
    """The marketplace's own id for the product, or None while only its barcode is known."""
    return remote_id if remote_id and remote_id not in identity(product, conf) else None


def prepare_rows(rt: Runtime, rows: list[dict[str, Any]], content_type: str, build: Build,
                 check_sent: bool = True) -> list[WorkItem]:
    """Items for `rows`; `check_sent=False` for `updates` listings, whose rows were synced
    before and so belong to products already on the marketplace (saves a read per chunk)."""
    items = [WorkItem.from_row(row, content_type) for row in rows]
    product_pks = sorted({int(row["product"]) for row in rows})
    products = enrich.products(rt, product_pks)
    sent = enrich.integration_remote_ids(rt, product_pks, "product") if check_sent else None
    for item in items:
        product_pk = int(item.row["product"])
        product = products.get(product_pk)
        if product is None:
            item.fail(NOT_IN_CHANNEL)
        elif sent is not None and product_pk not in sent:
            item.fail(NOT_SENT)
        else:
            remote_id = live_remote_id(product, sent[product_pk], rt.conf) if sent is not None else None
            try:
                item.payload = build(rt, product, item.row, remote_id)
            except MissingData as exc:
                item.fail(str(exc))
    return items


def list_flow(name: str, content_type: str, resource: str, kind: str, build: Build, push: Any,
              description: str, list_filter: dict[str, Any] | None = None) -> CatalogFlow:
    """A flow over `client.<resource>.<kind>()` rows, each mapped by `build` and sent by `push`."""

    def source(rt: Runtime) -> Paginator[Any]:
        return getattr(getattr(rt.omnitron, resource), kind)(page_size=rt.page_size, **(list_filter or {}))

    def reload(rt: Runtime, pks: list[int]) -> list[dict[str, Any]]:
        if resource == "extra_product_prices":  # no evidenced `pk__in` on that list
            return rt.omnitron.filters.rows(families.EXTRA_PRICES_BY_PK, pks, **(list_filter or {}))
        return list(getattr(rt.omnitron, resource).in_bulk("pk", pks, **(list_filter or {})))

    return CatalogFlow(
        name=name, content_type=content_type, source=source,
        prepare=lambda rt, rows: prepare_rows(rt, rows, content_type, build, check_sent=kind == "inserts"),
        push=push, reload=reload,
        description=description,
    )
