"""Pure conversions from Omnitron rows (product, price, stock, mapped attributes) to adapter inputs.

No I/O here: the flows fetch everything in bulk first (channel/flows/enrich.py) and pass it
in. A missing piece of data raises `MissingData`, which the flow turns into a per-object
failure with a reason the seller can act on.
"""
from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any
from urllib.parse import urljoin

from channel.adapters import AttributeInput, PriceInput, ProductPayloadInput, RemoteAttribute, StockInput

VAT_RATES = (0, 1, 10, 20)


class MissingData(ValueError):
    """An object lacks data the marketplace needs; the message is the seller-facing reason."""


def lookup_path(row: dict[str, Any], path: str) -> Any:
    """Follow Omnitron's double-underscore path (`attributes__barcode`) into a row."""
    value: Any = row
    for part in path.split("__"):
        if not isinstance(value, dict):
            return None
        value = value.get(part)
    return value


def identity(product: dict[str, Any], conf: dict[str, Any]) -> tuple[str, str]:
    """(sku, barcode) of a product; the barcode is at the conf's `remote_id_attribute` path,
    else `attributes__barcode`, else the SKU itself."""
    sku = str(product.get("sku") or "")
    path = str(conf.get("remote_id_attribute") or "attributes__barcode")
    barcode = lookup_path(product, path)
    return sku, str(barcode) if barcode not in (None, "") else sku


def money(value: Any, what: str) -> Decimal:
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise MissingData(f"{what} {value!r} is not a number") from None
    return amount


def prices_of(price_row: dict[str, Any] | None) -> tuple[Decimal, Decimal]:
    """(list price, sale price): `retail_price` is the crossed-out price when set."""
    if price_row is None:
        raise MissingData("no price in the channel's price list")
    sale = money(price_row.get("price"), "price")
    retail = price_row.get("retail_price")
    return (money(retail, "retail_price") if retail not in (None, "") else sale), sale


def vat_rate(price_row: dict[str, Any] | None, conf: dict[str, Any]) -> int:
    """The tax rate as the nearest rate the marketplace accepts (20.00 -> 20)."""
    raw = (price_row or {}).get("tax_rate", conf.get("default_vat_rate", 20))
    try:
        rate = Decimal(str(raw))
    except (InvalidOperation, ValueError):
        raise MissingData(f"tax_rate {raw!r} is not a number") from None
    return min(VAT_RATES, key=lambda allowed: abs(Decimal(allowed) - rate))


def stock_of(stock_row: dict[str, Any] | None) -> int:
    if stock_row is None:
        raise MissingData("no stock in the channel's stock list")
    return max(int(stock_row.get("stock") or 0), 0)


def image_urls(rows: list[dict[str, Any]], base_url: str) -> tuple[str, ...]:
    """Absolute URLs in display order; relative media paths are joined to `base_url`."""
    return tuple(urljoin(base_url, str(row["image"])) for row in rows if row.get("image"))


def attribute_inputs(mapped: dict[str, Any], remote: dict[str, RemoteAttribute]) -> tuple[AttributeInput, ...]:
    """Mapped attribute values -> marketplace attributes.

    A value is sent as the marketplace's value id when the value (or its label) names one of
    the attribute's predefined values, otherwise as free text; the marketplace then judges
    free text against its own `allowCustom` rule and reports its own reason.
    """
    inputs: list[AttributeInput] = []
    for entry in (mapped.get("mapped_attribute_values") or {}).values():
        attribute_id = entry.get("attribute_remote_id")
        if attribute_id in (None, ""):
            continue
        attribute = remote.get(str(attribute_id))
        value_id = _value_id(attribute, entry) if attribute else None
        if value_id:
            inputs.append(AttributeInput(str(attribute_id), value_ids=(value_id,)))
        else:
            inputs.append(AttributeInput(str(attribute_id), custom_value=str(entry.get("label") or entry.get("value"))))
    return tuple(inputs)


def _value_id(attribute: RemoteAttribute, entry: dict[str, Any]) -> str | None:
    wanted = {str(entry.get("value") or "").casefold(), str(entry.get("label") or "").casefold()} - {""}
    for value in attribute.values:
        if value.remote_id.casefold() in wanted or value.name.casefold() in wanted:
            return value.remote_id
    return None


def product_input(product: dict[str, Any], *, conf: dict[str, Any], category: str, brand: str,
                  attributes: tuple[AttributeInput, ...], price: dict[str, Any] | None,
                  stock: dict[str, Any] | None, images: tuple[str, ...],
                  remote_id: str | None) -> ProductPayloadInput:
    """The full create/update input of one product variant."""
    if not category:
        raise MissingData("no marketplace category: map the product's attribute set or category node")
    if not brand:
        raise MissingData("no marketplace brand: set the channel conf `brand_id` or a `brand` attribute")
    sku, barcode = identity(product, conf)
    list_price, sale_price = prices_of(price)
    return ProductPayloadInput(
        sku=sku, barcode=barcode, remote_id=remote_id,
        name=str(product.get("name") or ""), description=description_of(product),
        group_key=str(product.get("base_code") or sku),
        category_remote_id=category, brand_remote_id=brand, attributes=attributes, images=images,
        list_price=list_price, sale_price=sale_price, stock=stock_of(stock), vat_rate=vat_rate(price, conf),
        currency=str((price or {}).get("currency_type") or "try").upper(),
    )


def description_of(product: dict[str, Any]) -> str:
    """The product's description, else its `description` attribute, else its name."""
    attributes = product.get("attributes") or {}
    return str(product.get("description") or attributes.get("description") or product.get("name") or "")


def price_input(product: dict[str, Any], price: dict[str, Any], conf: dict[str, Any],
                remote_id: str | None) -> PriceInput:
    sku, barcode = identity(product, conf)
    list_price, sale_price = prices_of(price)
    return PriceInput(sku=sku, barcode=barcode, remote_id=remote_id, list_price=list_price,
                      sale_price=sale_price, currency=str(price.get("currency_type") or "try").upper())


def stock_input(product: dict[str, Any], stock: dict[str, Any], conf: dict[str, Any],
                remote_id: str | None) -> StockInput:
    sku, barcode = identity(product, conf)
    return StockInput(sku=sku, barcode=barcode, remote_id=remote_id, stock=stock_of(stock))
