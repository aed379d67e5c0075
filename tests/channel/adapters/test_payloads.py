"""Input dataclasses: which identifier outcomes are reported under."""
from __future__ import annotations

import pytest

from channel.adapters.payloads import ImageInput, PriceInput, ProductPayloadInput, ProductRef, StockInput


@pytest.mark.parametrize(("ref", "key"), [
    (ProductRef("SKU-1", "869000001"), "869000001"),
    (ProductRef("SKU-1"), "SKU-1"),
    (ProductPayloadInput("SKU-2", "B2"), "B2"),
    (PriceInput("SKU-3"), "SKU-3"),
    (StockInput("SKU-4", "B4", stock=1), "B4"),
    (ImageInput("SKU-5", "", images=("https://x/1.jpg",)), "SKU-5"),
])
def test_key_is_barcode_else_sku(ref: ProductRef, key: str) -> None:
    assert ref.key == key
