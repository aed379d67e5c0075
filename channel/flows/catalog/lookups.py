"""Per-run memoised lookups on the marketplace side: category attributes and brands.

A run touches a handful of categories and brands, so each is asked once per run (kept in
`Runtime.cache`), never once per product.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from channel.adapters import MarketplaceError, RemoteAttribute

if TYPE_CHECKING:
    from channel.flows.runtime import Runtime


def category_attributes(rt: Runtime, category: str) -> dict[str, RemoteAttribute]:
    """The marketplace's attributes of `category` by remote id ({} when it cannot tell)."""
    memo: dict[str, dict[str, RemoteAttribute]] = rt.cache.setdefault("category_attributes", {})
    if category not in memo:
        try:
            attributes = rt.adapter.get_category_attributes(category, with_values=True)
        except MarketplaceError:
            attributes = []
        memo[category] = {attribute.remote_id: attribute for attribute in attributes}
    return memo[category]


def brand_id(rt: Runtime, product: dict[str, Any]) -> str:
    """The product's brand on the marketplace: its `brand` attribute looked up by name, else
    the channel conf's `brand_id` (sellers of one brand set only that)."""
    name = (product.get("attributes") or {}).get(str(rt.conf.get("brand_attribute") or "brand"))
    if name:
        memo: dict[str, str] = rt.cache.setdefault("brands", {})
        if name not in memo:
            try:
                found = rt.adapter.find_brands(str(name))
            except MarketplaceError:
                found = []
            memo[name] = found[0].remote_id if found else ""
        if memo[name]:
            return memo[name]
    return str(rt.conf.get("brand_id") or "")


def media_base_url(rt: Runtime) -> str:
    """Where relative image paths live: the conf's `image_base_url`, else Omnitron's host over
    https (marketplaces accept only https image URLs)."""
    configured = rt.conf.get("image_base_url")
    if configured:
        return str(configured).rstrip("/") + "/"
    host = urlsplit(rt.omnitron.base_url).netloc
    return f"https://{host}/"


def live_ids(rt: Runtime, refs: dict[int, Any]) -> dict[int, str]:
    """Marketplace ids (Trendyol contentId) of products only known by barcode so far.

    Creating a product yields no id; the marketplace assigns one on approval. Writes that
    address live products by that id (content and image updates) ask the adapter once per
    such product and remember the answer in the done entry, so each product is asked once.
    """
    from channel.adapters import UnsupportedOperation

    found: dict[int, str] = {}
    for pk, ref in refs.items():
        try:
            state = rt.adapter.get_product_state(ref)
        except UnsupportedOperation:
            return {}
        except MarketplaceError:
            continue
        if state is not None and state.approved and state.remote_id:
            found[pk] = state.remote_id
    return found
