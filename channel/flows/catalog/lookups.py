"""Per-run memoised lookups on the marketplace side: category attributes and brands.

A run touches a handful of categories and brands, so each is asked once per run (kept in
`Runtime.cache`), never once per product.
"""
from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from channel.adapters import MarketplaceError, RemoteAttribute

if TYPE_CHECKING:
    from channel.flows.runtime import Runtime

# A barcode keeps its marketplace id while the product lives there; a day bounds the damage
# when a product is deleted and created again under a new id.
LIVE_ID_TTL = 24 * 3600


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
    """Marketplace ids (Trendyol contentId) of products Omnitron knows by barcode.

    Creating a product yields no id; the marketplace assigns one on approval, and writes that
    address live products (content and image updates) need it. Omnitron's integration action
    keeps the barcode (orders and deletes look products up by it), so the ids are asked from
    the adapter in one go (Trendyol: its product listing, 50 barcodes a call) and then
    remembered in the shared cache: an id never changes.
    """
    from django.core.cache import cache

    keys = {pk: f"channel:{rt.ctx.channel_id}:live-id:{ref.key}" for pk, ref in refs.items()}
    found = _remembered(keys)
    unknown = {pk: ref for pk, ref in refs.items() if pk not in found}
    asked = _approved_ids(rt, list(unknown.values())) if unknown else {}
    learned = {pk: asked[ref.key] for pk, ref in unknown.items() if ref.key in asked}
    if learned:
        cache.set_many({keys[pk]: remote_id for pk, remote_id in learned.items()}, timeout=LIVE_ID_TTL)
    return {**found, **learned}


def _remembered(keys: dict[int, str]) -> dict[int, str]:
    """pk -> marketplace id for the cache keys that hold one."""
    from django.core.cache import cache

    remembered = cache.get_many(list(keys.values()))
    return {pk: remembered[key] for pk, key in keys.items() if key in remembered}


def _approved_ids(rt: Runtime, refs: list[Any]) -> dict[str, str]:
    """key -> marketplace id of the approved products among `refs`; {} when the adapter cannot tell."""
    from channel.adapters import UnsupportedOperation

    try:
        states = rt.adapter.get_product_states(refs)
    except (UnsupportedOperation, MarketplaceError):
        return {}
    return {key: state.remote_id for key, state in states.items() if state.approved and state.remote_id}


def resolve_live_ids(rt: Runtime, items: list[Any]) -> None:
    """Give payloads without a marketplace id the one the marketplace now reports."""
    unknown = [item for item in items if item.payload is not None and not item.payload.remote_id]
    found = live_ids(rt, {item.pk: item.payload for item in unknown}) if unknown else {}
    for item in unknown:
        if item.pk in found:
            item.payload = replace(item.payload, remote_id=found[item.pk])
