"""Pure: one marketplace package plus resolved Omnitron pks -> the `create_orders/` body.

The Omnitron order `number` is the package id the order was created from: packages, not
customer order numbers, are what Trendyol ships and replaces, and one order number can hold
several packages. Omnitron refuses a second order with the same number, which is what makes
the import exactly-once. The marketplace ids ride along in `extra_field` (`id` = package,
per item `id` = the unit id the cancellation flows resolve, `line_id` for package writes).
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from channel.adapters.orders import RemotePackage

APPROVED = "400"
NUMBER_LIMIT = 128


@dataclass(frozen=True)
class Resolved:
    """Omnitron pks an order needs, found by the lookups before the create."""

    customer: int
    shipping_address: int
    billing_address: int
    cargo_company: int
    products: dict[str, int]  # unit_id -> product pk
    price_list: int | None
    stock_list: int | None


def money(value: Decimal) -> str:
    return f"{value:.2f}"


def order_number(package: RemotePackage) -> str:
    return package.package_id[:NUMBER_LIMIT]


def order_body(package: RemotePackage, resolved: Resolved, channel_id: int) -> dict[str, Any]:
    return {
        "number": order_number(package), "status": APPROVED, "channel": str(channel_id),
        "customer": resolved.customer, "shipping_address": resolved.shipping_address,
        "billing_address": resolved.billing_address, "currency": package.currency,
        "amount": money(package.amount), "shipping_amount": money(package.shipping_amount),
        "shipping_tax_rate": "0.00", "discount_amount": money(package.discount),
        "extra_field": {"id": package.package_id, "order_number": package.order_number,
                        "package_id": package.package_id},
        "delivery_type": None, "cargo_company": resolved.cargo_company, "net_shipping_amount": "0.00",
        "tracking_number": package.tracking_number or None, "carrier_shipping_code": "", "remote_addr": None,
        "has_gift_box": False, "gift_box_note": "", "client_type": "default", "language_code": "", "notes": "",
        "delivery_range": None, "shipping_option_slug": "",
        "date_placed": package.placed_at.strftime("%Y-%m-%d %H:%M:%S"),
    }


def item_bodies(package: RemotePackage, resolved: Resolved) -> list[dict[str, Any]]:
    """One order item per unit (Omnitron has no quantity field on items)."""
    return [{
        "product": resolved.products[unit.unit_id], "status": APPROVED, "price_currency": package.currency,
        "price": money(unit.price), "tax_rate": money(unit.tax_rate), "retail_price": money(unit.retail_price),
        "discount_amount": money(unit.discount), "price_list": resolved.price_list,
        "stock_list": resolved.stock_list, "tracking_number": None, "carrier_shipping_code": "",
        "extra_field": {"id": unit.unit_id, "line_id": unit.line_id, "package_id": package.package_id},
        "attributes": {}, "attributes_kwargs": {}, "parent": None, "delivered_date": None,
        "estimated_delivery_date": None,
    } for unit in package.units]
