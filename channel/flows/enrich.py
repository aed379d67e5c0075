"""Bulk enrichment: everything a chunk of objects needs, fetched with filtered list requests.

Each function takes the pks of a whole chunk and returns a dict keyed by product pk. A chunk
of consecutive pks is read with one range request per kind; scattered pks go through the
client's `in_bulk` (a few hundred ids per request). Never one request per object: the reference app's per-product
`mapped_products` and `product_categories` calls and its stop-at-the-first-empty-chunk stock
and price lookups are what this replaces.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from channel.flows.runtime import Runtime


# A chunk's pks are usually consecutive (listings are in pk order), so a range filter reads
# them in one short request; scattered pks (a few changed objects far apart) go by id lists.
DENSE_ENOUGH = 2.0


def _by(rows: Iterable[dict[str, Any]], field: str) -> dict[int, dict[str, Any]]:
    return {int(row[field]): row for row in rows if row.get(field) is not None}


def bulk(resource: Any, field: str, pks: list[int], **filters: Any) -> Iterator[dict[str, Any]]:
    """Rows whose `field` is one of `pks`: one range request when the pks are dense, else
    the client's `in_bulk` id lists. Rows outside `pks` that a range brings along are dropped."""
    if not pks:
        return iter(())
    low, high = min(pks), max(pks)
    span = high - low + 1
    if span > DENSE_ENOUGH * len(set(pks)):
        return resource.in_bulk(field, pks, **filters)
    wanted = set(pks)
    path = field.split("__")[0]
    rows = resource.list(page_size=span, **{f"{field}__gte": low, f"{field}__lte": high}, **filters)
    return (row for row in rows if _value(row, path) in wanted)


def _value(row: dict[str, Any], field: str) -> int | None:
    value = row.get(field)
    if isinstance(value, dict):
        value = value.get("pk")
    return int(value) if value is not None else None


def products(rt: Runtime, pks: list[int]) -> dict[int, dict[str, Any]]:
    """Product rows by pk (price, stock and image flows need the SKU and barcode)."""
    return _by(bulk(rt.omnitron.products, "pk", pks), "pk")


def prices(rt: Runtime, product_pks: list[int], price_list: int | None = None) -> dict[int, dict[str, Any]]:
    """The main price list's price row per product (or `price_list`'s, for extra lists)."""
    price_list = price_list or rt.catalog.get("price_list")
    resource = rt.omnitron.product_prices if price_list == rt.catalog.get("price_list") \
        else rt.omnitron.extra_product_prices
    return _by(bulk(resource, "product__pk", product_pks, price_list=price_list), "product")


def stocks(rt: Runtime, product_pks: list[int], stock_list: int | None = None) -> dict[int, dict[str, Any]]:
    """The main stock list's stock row per product (or `stock_list`'s, for extra lists)."""
    stock_list = stock_list or rt.catalog.get("stock_list")
    resource = rt.omnitron.product_stocks if stock_list == rt.catalog.get("stock_list") \
        else rt.omnitron.extra_product_stocks
    return _by(bulk(resource, "product__pk", product_pks, stock_list=stock_list), "product")


def mapped(rt: Runtime, product_pks: list[int]) -> dict[int, dict[str, Any]]:
    """Each product seen through the channel's attribute mapping (category, attributes)."""
    return _by(bulk(rt.omnitron.mapped_products, "pk", product_pks), "pk")


def images(rt: Runtime, product_pks: list[int]) -> dict[int, list[dict[str, Any]]]:
    """Every active image row per product, in display order."""
    grouped: dict[int, list[dict[str, Any]]] = {}
    for row in bulk(rt.omnitron.product_images, "product", product_pks):
        if row.get("is_active", True) and row.get("status", "active") == "active":
            grouped.setdefault(int(row["product"]), []).append(row)
    for rows in grouped.values():
        rows.sort(key=lambda row: (row.get("order") or 0, row["pk"]))
    return grouped


def category_remote_ids(rt: Runtime, product_pks: list[int]) -> dict[int, str]:
    """The marketplace category of each product: its channel category node's remote id.

    Two bulk reads: the product-to-node links, then the nodes' integration actions. When a
    product sits in several nodes, the deepest one wins (marketplaces want leaves).
    """
    links = _category_links(rt, product_pks)
    node_pks = sorted({node["pk"] for _, node in links})
    remote = integration_remote_ids(rt, node_pks, "categorynode")
    best: dict[int, tuple[int, str]] = {}
    for product, node in links:
        remote_id = remote.get(int(node["pk"]))
        depth = int(node.get("depth") or 0)
        if remote_id and (product not in best or depth > best[product][0]):
            best[product] = (depth, remote_id)
    return {product: remote_id for product, (_, remote_id) in best.items()}


def _category_links(rt: Runtime, product_pks: list[int]) -> list[tuple[int, dict[str, Any]]]:
    links: list[tuple[int, dict[str, Any]]] = []
    resource = rt.omnitron.product_categories
    for start in range(0, len(product_pks), 200):
        chunk = product_pks[start:start + 200]
        for row in resource.detailed(product__in=chunk, page_size=max(len(chunk) * 2, 1)):
            category = row.get("category")
            if isinstance(category, dict):
                links.append((int(row["product"]), category))
    return links


def integration_remote_ids(rt: Runtime, object_pks: list[int], model: str,
                           status: str | None = "success") -> dict[int, str]:
    """`object_id -> remote_id` from the channel's integration actions of `model`."""
    if not object_pks:
        return {}
    filters: dict[str, Any] = {"content_type_name": model}
    if status:
        filters["status"] = status
    rows = bulk(rt.omnitron.integration_actions, "object_id", object_pks, **filters)
    return {int(row["object_id"]): str(row["remote_id"]) for row in rows if row.get("remote_id")}
