"""Pure conversions of OMS packages and claims into the neutral order results.

A Hepsiburada package (`packageNumber`) becomes one `RemotePackage`; each package line of
quantity n becomes n units `<lineItemId>-<k>` (Omnitron keeps one item per unit). Response dates
carry no offset; they are read as Türkiye time (UTC+3), which the documentation implies but
does not state. Package status words map onto the flows' words.
"""
from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

from channel.adapters.orders import (
    CANCELLED,
    CREATED,
    SHIPPED,
    UNPACKED,
    RemoteAddress,
    RemoteClaim,
    RemoteClaimUnit,
    RemoteCustomer,
    RemotePackage,
    RemoteUnit,
    carrier_code,
)

TURKEY = timezone(timedelta(hours=3))
QUERY_FORMAT = "%Y-%m-%d %H:%M"
#: claim status -> the flows' word for a claim unit (Trendyol's vocabulary, which the claim flows read)
CLAIM_STATUSES = {"NewRequest": "WaitingInAction", "AwaitingAction": "WaitingInAction", "Accepted": "Accepted",
                  "Refunded": "Accepted", "Rejected": "Rejected", "Cancelled": "Cancelled", "InDispute": "Unresolved"}
STATUSES = {"open": CREATED, "packaged": CREATED, "shipped": SHIPPED, "intransit": SHIPPED,
            "delivered": "Delivered", "undelivered": "UnDelivered", "cancelled": CANCELLED, "unpacked": UNPACKED}


def query_date(moment: datetime) -> str:
    """A `begindate`/`enddate` filter value (`yyyy-MM-dd HH:mm`, Türkiye time)."""
    return moment.astimezone(TURKEY).strftime(QUERY_FORMAT)


def response_date(value: Any) -> datetime:
    """An offset-less response date read as Türkiye time; one with an offset or `Z` as given."""
    text = str(value or "").replace("Z", "+00:00")
    parsed = datetime.fromisoformat(text) if text else datetime.now(timezone.utc)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=TURKEY)


def money(value: Any) -> Decimal:
    """A Money object (`{amount, currency}`) or a bare number."""
    if isinstance(value, dict):
        value = value.get("amount")
    return Decimal(str(value if value not in (None, "") else 0))


def split_name(name: str) -> tuple[str, str]:
    first, _, last = name.strip().rpartition(" ")
    return (first, last) if first else (last, "")


def address(data: dict[str, Any], prefix: str) -> RemoteAddress:
    """`shipping`/`billing` fields of a package; `Town` is the district, `District` the neighbourhood."""
    first, last = split_name(str(data.get("recipientName") or data.get("customerName") or ""))
    return RemoteAddress(
        first_name=first, last_name=last, phone=str(data.get("phoneNumber") or ""),
        line=str(data.get(f"{prefix}AddressDetail" if prefix == "shipping" else "billingAddress") or ""),
        country_code=str(data.get(f"{prefix}CountryCode") or "TR"), city=str(data.get(f"{prefix}City") or ""),
        township=str(data.get(f"{prefix}Town") or ""), district=str(data.get(f"{prefix}District") or ""),
        postcode=str(data.get(f"{prefix}PostalCode") or ""), company=str(data.get("companyName") or ""),
        tax_office=str(data.get("taxOffice") or ""), tax_number=str(data.get("taxNumber") or ""))


def units(item: dict[str, Any], status: str) -> list[RemoteUnit]:
    """One unit per quantity of a package line; the price paid is the unit price less HB's discount."""
    line_id = str(item["lineItemId"])
    retail = money(item.get("price"))
    discount = money(item.get("unitHBDiscount")) + money(item.get("unitMerchantDiscount"))
    return [RemoteUnit(unit_id=f"{line_id}-{n}", line_id=line_id, sku=str(item.get("merchantSku") or ""),
                       barcode=str(item.get("productBarcode") or ""), name=str(item.get("productName") or ""),
                       price=retail - discount, retail_price=retail, discount=discount,
                       tax_rate=money(item.get("vatRate")), status=status)
            for n in range(1, int(item.get("quantity") or 1) + 1)]


def package_from_json(data: dict[str, Any]) -> RemotePackage:
    """One `GET /packages` element -> `RemotePackage` (`package_id` is the package number)."""
    status = STATUSES.get(str(data.get("status") or "").lower(), str(data.get("status") or ""))
    items = data.get("items") or []
    first, last = split_name(str(data.get("customerName") or ""))
    placed = response_date(data.get("orderDate"))
    return RemotePackage(
        package_id=str(data["packageNumber"]), order_number=str(items[0]["orderNumber"]) if items else "",
        status=status, placed_at=placed, modified_at=response_date(data.get("lastStatusUpdateDate") or data.get("orderDate")),
        currency=str((data.get("totalPrice") or {}).get("currency") or "TRY").lower(),
        amount=money(data.get("totalPrice")),
        discount=sum((money(i.get("totalHBDiscount")) + money(i.get("totalMerchantDiscount")) for i in items), Decimal(0)),
        shipping_amount=money(data.get("shippingTotalPrice")),
        customer=RemoteCustomer(remote_id=str(data.get("customerId") or ""), email=str(data.get("email") or ""),
                                phone=str(data.get("phoneNumber") or ""), first_name=first, last_name=last),
        shipping_address=address(data, "shipping"), billing_address=address(data, "billing"),
        cargo_code=carrier_code(str(data.get("cargoCompany") or "")), cargo_name=str(data.get("cargoCompany") or ""),
        units=tuple(unit for item in items for unit in units(item, status)),
        tracking_number=str(data.get("barcode") or ""),
    )


def to_package_request(lines: Iterable[dict[str, Any]], deci: int) -> dict[str, Any]:
    """`POST /packages` body for paid lines of one order (whole lines; serial numbers none)."""
    return {"lineItemRequests": [{"id": line["id"], "quantity": int(line["quantity"]), "serialNumbers": []}
                                 for line in lines], "parcelQuantity": 1, "deci": deci}


def claim_from_json(data: dict[str, Any]) -> RemoteClaim:
    """One claim (one line's return); one claim item per returned unit (`<number>-<k>`). Units are
    named like the package's when the claim names its line (`lineItemId`, as the dispute webhook's
    `line` does); otherwise by the claim number. Statuses become the flows' words (`CLAIM_STATUSES`)."""
    line_id = str(data.get("lineItemId") or (data.get("line") or {}).get("lineItemId") or "")
    quantity = int(data.get("quantity") or 1)
    base = line_id or str(data.get("number"))
    status = CLAIM_STATUSES.get(str(data.get("status") or ""), str(data.get("status") or ""))
    claim_units = tuple(RemoteClaimUnit(claim_item_id=f"{data.get('number')}-{n}", unit_id=f"{base}-{n}",
                                        line_id=line_id, status=status, reason_id=str(data.get("claimType") or ""))
                        for n in range(1, quantity + 1))
    return RemoteClaim(claim_id=str(data.get("number")), order_number=str(data.get("orderNumber") or ""),
                       package_id="", modified_at=response_date(data.get("claimDate")), units=claim_units)
