"""Did a write in doubt arrive? What the marketplace's listing shows, compared with the payload.

A run killed between sending a write and reading its receipt leaves no remote batch id. A
create is proven by the product's presence; an update, a price or a stock by the listing
showing the values that were sent. A value the listing does not show (None) proves nothing.

An approved product's content update is the exception: the listing keeps the old title until
the marketplace's content check passes (Trendyol: minutes, no published bound). Such an update
arrived when a check still running sets the title that was sent (`in_content_check`).
"""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from channel.adapters import MarketplaceAdapter, PriceInput, ProductPayloadInput, RemoteProductState, StockInput

CENT = Decimal("0.01")


def shows(payload: Any, state: RemoteProductState) -> bool:
    """True when `state` holds every value `payload` writes (prices, stock, or title and description)."""
    if isinstance(payload, PriceInput):
        return _same_money(payload.list_price, state.list_price) and _same_money(payload.sale_price, state.sale_price)
    if isinstance(payload, StockInput):
        return state.quantity is not None and state.quantity == payload.stock
    if isinstance(payload, ProductPayloadInput):
        return (state.title, state.description) == (payload.name, payload.description)
    return False


def in_content_check(adapter: MarketplaceAdapter, payload: Any, state: RemoteProductState) -> bool:
    """True when `payload`, an approved product's content update, waits in the content check.

    Only a title change counts: a check for the title already listed could be an older update's
    (Trendyol answers CHANGES_NOT_FOUND to a repeated value, so that one proves nothing). When the
    description changes too, the same check must change it. An update that keeps the title is left
    to `arrival_grace_s` and sent again; a second content update is harmless: Trendyol documents its duplicate rule for price and stock only,
    and a check of a value already live ends CHANGES_NOT_FOUND, which is not a failure.
    """
    if not (isinstance(payload, ProductPayloadInput) and adapter.checks_content_updates and state.approved
            and state.remote_id and state.title is not None and state.title != payload.name):
        return False
    description_changes = state.description != payload.description
    return any(check.status == "running" and check.title == payload.name
               and (not description_changes or "description" in check.parts)
               for check in adapter.get_content_checks(state.remote_id))


def _same_money(sent: Decimal, shown: Decimal | None) -> bool:
    return shown is not None and Decimal(sent).quantize(CENT, rounding=ROUND_HALF_UP) == shown.quantize(CENT)
