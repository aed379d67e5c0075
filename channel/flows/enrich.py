"""Bulk enrichment: everything a chunk of objects needs, fetched with filtered list requests.

Each function takes the pks of a whole chunk and returns a dict keyed by product pk. The
lookups go through the client's checked filters (`omnitron.filters`): a chunk of consecutive
pks is read with one range request per kind where the server honours the range, else by the
evidenced `__in` lists. The reference app's per-product `mapped_products` calls and its
stop-at-the-first-empty-chunk stock and price lookups are what this replaces.
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from omnitron import families
from omnitron.filters import value_of

if TYPE_CHECKING:
    from channel.flows.runtime import Runtime


def _by(rows: Iterable[dict[str, Any]], field: str) -> dict[int, dict[str, Any]]:
    return {int(row[field]): row for row in rows if row.get(field) is not None}


def _product_of(row: dict[str, Any]) -> int | None:
    value = value_of(row, "product")
    return None if value is None else int(value)


def products(rt: Runtime, pks: list[int]) -> dict[int, dict[str, Any]]:
    """Product rows by pk (price, stock and image flows need the SKU and barcode)."""
    return _by(rt.omnitron.filters.rows(families.PRODUCTS_BY_PK, pks), "pk")


def prices(rt: Runtime, product_pks: list[int], price_list: int | None = None) -> dict[int, dict[str, Any]]:
    """The main price list's price row per product (or `price_list`'s, for extra lists)."""
    price_list = price_list or rt.catalog.get("price_list")
    family = families.PRICES_BY_PRODUCT if price_list == rt.catalog.get("price_list") \
        else families.EXTRA_PRICES_BY_PRODUCT
    rows = rt.omnitron.filters.rows(family, product_pks, price_list=price_list)
    return {pk: row for row in rows if (pk := _product_of(row)) is not None}


def stocks(rt: Runtime, product_pks: list[int], stock_list: int | None = None) -> dict[int, dict[str, Any]]:
    """The main stock list's stock row per product (or `stock_list`'s, for extra lists)."""
    stock_list = stock_list or rt.catalog.get("stock_list")
    family = families.STOCKS_BY_PRODUCT if stock_list == rt.catalog.get("stock_list") \
        else families.EXTRA_STOCKS_BY_PRODUCT
    rows = rt.omnitron.filters.rows(family, product_pks, stock_list=stock_list)
    return {pk: row for row in rows if (pk := _product_of(row)) is not None}


def mapped(rt: Runtime, product_pks: list[int]) -> dict[int, dict[str, Any]]:
    """Each product seen through the channel's attribute mapping (category, attributes)."""
    resource: Any = rt.omnitron.mapped_products  # a bulk listing, where the client has one
    return _by(resource.in_bulk("pk", product_pks), "pk")


def images(rt: Runtime, products: dict[int, dict[str, Any]]) -> dict[int, list[dict[str, Any]]]:
    """Every active image row per product, in display order.

    The image ids come from the product rows (`productimage_set`): the image list has no
    evidenced filter by product, only `id__in`.
    """
    ids = [int(image["pk"]) for product in products.values() for image in product.get("productimage_set") or []
           if image.get("pk") is not None]
    grouped: dict[int, list[dict[str, Any]]] = {}
    for row in rt.omnitron.product_images.in_bulk("id", ids) if ids else ():
        if row.get("is_active", True) and row.get("status", "active") == "active" and int(row["product"]) in products:
            grouped.setdefault(int(row["product"]), []).append(dict(row))
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
    for row in rt.omnitron.filters.rows(families.CATEGORIES_BY_PRODUCT, product_pks):
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
    rows = rt.omnitron.filters.rows(families.IAS_BY_OBJECT, object_pks, **filters)
    return {int(row["object_id"]): str(row["remote_id"]) for row in rows if row.get("remote_id")}
