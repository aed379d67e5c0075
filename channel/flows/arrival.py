"""Did a write in doubt arrive? What the marketplace's listing shows, compared with the payload.

A run killed between sending a write and reading its receipt leaves no remote batch id. A
create is proven by the product's presence; an update, a price or a stock by the listing
showing the values that were sent. A value the listing does not show (None) proves nothing.
"""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from channel.adapters import PriceInput, ProductPayloadInput, RemoteProductState, StockInput

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


def _same_money(sent: Decimal, shown: Decimal | None) -> bool:
    return shown is not None and Decimal(sent).quantize(CENT, rounding=ROUND_HALF_UP) == shown.quantize(CENT)
