"""Pure conversions between Trendyol's order JSON (docs/trendyol.md, "Packages" and "Claims") and the typed
order results of `channel.adapters.orders`. No I/O; table-tested.

Field names: the current ones first, the pre-08.12.2025 ones as fallbacks (`id`, `merchantSku`,
`price`, `totalPrice`...). Amounts arrive as floats and leave as two-decimal `Decimal`s.
`cargoTrackingNumber` is a number in samples and a string in the OpenAPI: both are accepted.

Time zones: `orderDate` is Istanbul wall-clock time written as an epoch (GMT+3 "shifted", as
the docs say and their sample shows: it runs 3 hours ahead of the package's creation in
`packageHistories`), so 3 hours come off; `lastModifiedDate`, `claimDate` and
`autoApproveDate` are read as true UTC epochs (the docs state GMT for the history and claim
dates and nothing for the others).
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime, timedelta, timezone
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from channel.adapters import orders
from channel.adapters.orders import (
    LineQuantity,
    RemoteAddress,
    RemoteClaim,
    RemoteClaimUnit,
    RemoteCustomer,
    RemotePackage,
    RemoteUnit,
)

CENT = Decimal("0.01")
#: What Trendyol adds to `orderDate` (GMT+3 written as if it were UTC).
ORDER_DATE_SHIFT = timedelta(hours=3)
CARRIER_SUFFIX = re.compile(r"\s+marketplace$", re.IGNORECASE)


def amount(value: Any) -> Decimal:
    """A money value as a two-decimal Decimal (floats go through `str` to avoid binary noise)."""
    if value in (None, ""):
        return Decimal("0.00")
    return Decimal(str(value)).quantize(CENT, rounding=ROUND_HALF_UP)


def from_ms(value: Any) -> datetime:
    """Trendyol epoch milliseconds -> aware UTC datetime."""
    return datetime.fromtimestamp(int(value or 0) / 1000, tz=timezone.utc)


def from_shifted_ms(value: Any) -> datetime:
    """A GMT+3-shifted epoch (`orderDate`) -> the true UTC moment."""
    return from_ms(value) - ORDER_DATE_SHIFT


def to_ms(moment: datetime) -> int:
    return int(moment.timestamp() * 1000)


def first(data: dict[str, Any], *keys: str, default: Any = None) -> Any:
    """The first present, non-null key: new field names first, old ones as fallbacks."""
    for key in keys:
        value = data.get(key)
        if value is not None:
            return value
    return default


def text(value: Any) -> str:
    return "" if value is None else str(value)


def carrier_code(name: str) -> str:
    """A carrier's display name as an ERP-style code: "Yurtiçi Kargo Marketplace" -> "yurtici-kargo"."""
    return orders.carrier_code(CARRIER_SUFFIX.sub("", name.strip()))


def address_from_json(data: dict[str, Any] | None) -> RemoteAddress:
    data = data or {}
    lines = data.get("addressLines") or {}
    line = " ".join(part for part in (text(first(data, "address1", default=lines.get("addressLine1"))),
                                      text(first(data, "address2", default=lines.get("addressLine2")))) if part)
    return RemoteAddress(
        first_name=text(data.get("firstName")), last_name=text(data.get("lastName")), phone=text(data.get("phone")),
        line=line or text(data.get("fullAddress")), country_code=text(data.get("countryCode") or "TR"),
        city=text(data.get("city")), township=text(data.get("district")), district=text(data.get("neighborhood")),
        postcode=text(data.get("postalCode")), company=text(data.get("company")),
        tax_office=text(data.get("taxOffice")), tax_number=text(data.get("taxNumber")),
    )


def units_from_line(line: dict[str, Any]) -> list[RemoteUnit]:
    """One `RemoteUnit` per unit (`discountDetails` has one entry per unit)."""
    line_id = text(first(line, "lineId", "id"))
    gross = amount(first(line, "lineGrossAmount", "amount"))
    details = list(line.get("discountDetails") or [])
    quantity = int(line.get("quantity") or len(details) or 1)
    unit_price = amount(first(line, "lineUnitPrice", "price"))
    while len(details) < quantity:  # older payloads without per-unit detail
        details.append({"lineItemId": f"{line_id}-{len(details) + 1}", "lineItemPrice": unit_price})
    common: dict[str, Any] = {
        "line_id": line_id, "sku": text(first(line, "stockCode", "merchantSku")),
        "barcode": text(line.get("barcode")), "name": text(line.get("productName")), "retail_price": gross,
        "tax_rate": amount(first(line, "vatRate", default=0)), "status": text(line.get("orderLineItemStatusName")),
        "cancel_reason_code": text(line.get("cancelReasonCode") or ""),
    }
    units = []
    for detail in details[:quantity]:
        price = amount(first(detail, "lineItemPrice", default=unit_price))
        units.append(RemoteUnit(unit_id=text(detail.get("lineItemId")), price=price, discount=gross - price, **common))
    return units


def package_from_json(data: dict[str, Any]) -> RemotePackage:
    """One getShipmentPackages `content` entry -> `RemotePackage`."""
    shipping = data.get("shipmentAddress") or {}
    units = tuple(unit for line in data.get("lines") or [] for unit in units_from_line(line))
    # Trendyol's carrier number, else the seller's own (sent with tracking-details)
    tracking = data.get("cargoTrackingNumber") or data.get("cargoSenderNumber")
    origin = data.get("originPackageIds") or ()
    return RemotePackage(
        package_id=text(first(data, "shipmentPackageId", "id")), order_number=text(data.get("orderNumber")),
        status=text(first(data, "shipmentPackageStatus", "status")),
        placed_at=from_shifted_ms(data.get("orderDate")), modified_at=from_ms(data.get("lastModifiedDate")),
        currency=text(data.get("currencyCode") or "TRY").lower(),
        amount=amount(first(data, "packageTotalPrice", "totalPrice")),
        discount=amount(first(data, "packageTotalDiscount", "totalDiscount", default=0)),
        shipping_amount=Decimal("0.00"),
        customer=RemoteCustomer(
            remote_id=text(data.get("customerId")), email=text(data.get("customerEmail")),
            phone=text(shipping.get("phone")), first_name=text(data.get("customerFirstName")),
            last_name=text(data.get("customerLastName"))),
        shipping_address=address_from_json(shipping),
        billing_address=address_from_json(data.get("invoiceAddress") or shipping),
        cargo_code=carrier_code(text(data.get("cargoProviderName"))), cargo_name=text(data.get("cargoProviderName")),
        units=units, created_by=text(data.get("createdBy")), origin_package_ids=tuple(text(x) for x in origin),
        tracking_number="" if tracking in (None, "", 0) else text(tracking),
        invoice_number=text(data.get("invoiceNumber") or ""),
    )


def lines_json(lines: Sequence[LineQuantity]) -> list[dict[str, Any]]:
    """`[{"lineId": <long>, "quantity": <int>}]` as updatePackage and unsupplied expect."""
    return [{"lineId": int(line.line_id), "quantity": int(line.quantity)} for line in lines]


def status_body(lines: Sequence[LineQuantity], status: str, invoice_number: str = "") -> dict[str, Any]:
    params = {"invoiceNumber": invoice_number} if status == "Invoiced" else {}
    return {"lines": lines_json(lines), "params": params, "status": status}


def unsupplied_body(lines: Sequence[LineQuantity], reason_id: str) -> dict[str, Any]:
    return {"lines": lines_json(lines), "reasonId": int(reason_id)}


def claim_from_json(data: dict[str, Any]) -> RemoteClaim:
    units = []
    for line in data.get("items") or []:
        line_id = text((line.get("orderLine") or {}).get("id"))
        for item in line.get("claimItems") or []:
            units.append(RemoteClaimUnit(
                claim_item_id=text(item.get("id")), unit_id=text(item.get("orderLineItemId")), line_id=line_id,
                status=text((item.get("claimItemStatus") or {}).get("name")),
                reason_id=text((item.get("customerClaimItemReason") or {}).get("id")),
                auto_accept_at=from_ms(item["autoApproveDate"]) if item.get("autoApproveDate") else None))
    return RemoteClaim(claim_id=text(first(data, "claimId", "id")), order_number=text(data.get("orderNumber")),
                       package_id=text(data.get("orderShipmentPackageId")),
                       modified_at=from_ms(first(data, "lastModifiedDate", "claimDate")), units=tuple(units))
