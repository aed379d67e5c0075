"""Marketplace-neutral inputs the flow engine builds from Omnitron objects.

The engine never builds a marketplace's JSON; it fills these dataclasses and each adapter's
mappers translate them. Remote ids (category, brand, attribute, value, product) are the
marketplace's own ids as strings, already resolved by the engine from Omnitron's mappings.
Money is `Decimal` in the channel currency; stock is the sellable quantity.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any


@dataclass(frozen=True)
class ProductRef:
    """Identifies one product (variant) on both sides.

    `key` is what outcomes are reported under: the barcode when there is one, else the SKU.
    `remote_id` is the marketplace's id for the product once it has one (Trendyol: contentId).
    """

    sku: str
    barcode: str = ""
    remote_id: str | None = None

    @property
    def key(self) -> str:
        return self.barcode or self.sku


@dataclass(frozen=True)
class AttributeInput:
    """One attribute of a product: predefined value ids, or a free-text value."""

    remote_attribute_id: str
    value_ids: tuple[str, ...] = ()
    custom_value: str | None = None


@dataclass(frozen=True)
class ProductPayloadInput(ProductRef):
    """Everything a create or full update needs for one variant.

    `group_key` groups variants of one model (Omnitron base_code; Trendyol productMainId).
    `extra` carries marketplace-specific channel fields the engine read from Omnitron
    attributes (e.g. Trendyol `dimensionalWeight`, `cargoProviders`, `deliveryDuration`);
    adapters document the keys they read and ignore the rest.
    """

    name: str = ""
    description: str = ""
    group_key: str = ""
    category_remote_id: str = ""
    brand_remote_id: str = ""
    attributes: tuple[AttributeInput, ...] = ()
    images: tuple[str, ...] = ()
    list_price: Decimal = Decimal("0")
    sale_price: Decimal = Decimal("0")
    stock: int = 0
    vat_rate: int = 0
    currency: str = "TRY"
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class PriceInput(ProductRef):
    """A price change: `list_price` is the crossed-out price, `sale_price` what is charged."""

    list_price: Decimal = Decimal("0")
    sale_price: Decimal = Decimal("0")
    currency: str = "TRY"


@dataclass(frozen=True)
class StockInput(ProductRef):
    """A stock change: the sellable quantity, absolute (not a delta)."""

    stock: int = 0


@dataclass(frozen=True)
class ImageInput(ProductRef):
    """The complete, ordered image list of one product (URLs); replaces what is there."""

    images: tuple[str, ...] = ()
