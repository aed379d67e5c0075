"""Pure conversions of OMS packages and claims into the neutral order results.

A Hepsiburada package (`packageNumber`) becomes one `RemotePackage`; each package line of
quantity n becomes n units `<lineItemId>-<k>` (Omnitron keeps one item per unit). Response dates
carry no offset; they are read as Türkiye time (UTC+3), which the documentation implies but
does not state. Package status words map onto the flows' words.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
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


def query_end(moment: datetime) -> str:
    """An `enddate` filter value that still covers `moment`: the filters have minute precision,
    so the end is rounded *up* to the next whole minute (a window ending at 12:00:00.5 asks for
    12:01, not 12:00). Windows overlap by under a minute; callers drop what both list."""
    floor = moment.replace(second=0, microsecond=0)
    return query_date(floor if floor == moment else floor + timedelta(minutes=1))


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


def to_split_request(kept: Mapping[str, int], cancelled: Mapping[str, int], deci: int, reason: int) -> dict[str, Any]:
    """`POST .../split` body: the kept quantities in one new package, the rest cancelled with `reason`."""
    return {"packageDetails": [{"lines": [{"orderLineId": line, "quantity": n} for line, n in kept.items()],
                                "parcelQuantity": 1, "deci": deci}],
            "cancelledItems": [{"orderLineId": line, "quantity": n, "cancelReasonId": reason}
                               for line, n in cancelled.items()]}


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


#: order-detail line status -> the flows' word (values seen in the sandbox; the documentation names none)
LINE_STATUSES = {**STATUSES, "open": CREATED}


def detail_address(data: dict[str, Any], order: dict[str, Any]) -> RemoteAddress:
    """An order detail's `deliveryAddress` or `invoice.address`; `town` is the district."""
    first, last = split_name(str(data.get("name") or (order.get("customer") or {}).get("name") or ""))
    invoice = order.get("invoice") or {}
    return RemoteAddress(
        first_name=first, last_name=last, phone=str(data.get("phoneNumber") or ""), line=str(data.get("address") or ""),
        country_code=str(data.get("countryCode") or "TR"), city=str(data.get("city") or ""),
        township=str(data.get("town") or ""), district=str(data.get("district") or ""),
        postcode=str(data.get("postalCode") or ""), tax_office=str(invoice.get("taxOffice") or ""),
        tax_number=str(invoice.get("taxNumber") or ""))


def line_units(line: dict[str, Any], status: str, reason: str) -> list[RemoteUnit]:
    """One unit per quantity of an order-detail line (`LineRepresentation`), named like the
    package line's units (`<id>-<k>`, from `k` = `first_unit`, 1 unless the line stands for a
    cancelled part); a cancelled line's units carry its cancel reason code."""
    line_id = str(line["id"])
    retail = money(line.get("unitPrice"))
    discount = money((line.get("hbDiscount") or {}).get("unitPrice")) + \
        money((line.get("merchantDiscount") or {}).get("unitPrice"))
    cancelled, first = _is_cancelled(line), int(line.get("first_unit") or 1)
    return [RemoteUnit(unit_id=f"{line_id}-{n}", line_id=line_id, sku=str(line.get("merchantSKU") or ""),
                       barcode=str(line.get("productBarcode") or ""), name=str(line.get("name") or ""),
                       price=retail - discount, retail_price=retail, discount=discount,
                       tax_rate=money(line.get("vatRate")), status=CANCELLED if cancelled else status,
                       cancel_reason_code=reason if cancelled else "")
            for n in range(first, first + int(line.get("quantity") or 1))]


def packages_from_order(order: dict[str, Any], reasons: dict[str, str] | None = None,
                        barcodes: dict[str, str] | None = None,
                        cancelled: Mapping[str, int] | None = None) -> list[RemotePackage]:
    """An order detail -> its packages as they stand now, grouped by each line's `packageNumber`.

    Lines cancelled before they were packaged (or after an unpack) belong to no package: they
    form one cancelled package named by the order number, so their units still reach the
    cancellation flows. Open lines not yet packaged are left out (no package to import yet).
    `reasons`: cancel reason code per line id (the cancelled list's); `barcodes`: cargo barcode
    per package number (the status lists'), which the order detail does not carry; `cancelled`:
    units cancelled per line id (the cancelled list's quantities). A line that lost part of its
    units keeps the rest under its id: the lost ones join the cancelled package, numbered after
    the units it still holds."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for line in order.get("items") or []:
        if line.get("packageNumber") or _is_cancelled(line):
            groups.setdefault(str(line.get("packageNumber") or order["orderNumber"]), []).append(line)
        part = cancelled_part(line, (cancelled or {}).get(str(line["id"]), 0))
        if part:
            groups.setdefault(str(order["orderNumber"]), []).append(part)
    return [_detail_package(order, number, lines, reasons or {}, (barcodes or {}).get(number, ""))
            for number, lines in groups.items()]


def cancelled_part(line: dict[str, Any], cancelled: int) -> dict[str, Any] | None:
    """The units of `line` cancelled beyond those it shows, as a cancelled line of their own."""
    held = int(line.get("quantity") or 1)
    lost = cancelled - held if _is_cancelled(line) else cancelled
    if lost <= 0:
        return None
    return {**line, "status": "Cancelled", "packageNumber": None, "quantity": lost, "first_unit": held + 1}


def _is_cancelled(line: dict[str, Any]) -> bool:
    return str(line.get("status") or "").lower() == "cancelled"


def _detail_status(lines: list[dict[str, Any]]) -> str:
    """The first live line's status (all lines cancelled: cancelled), as the flows' word."""
    word = str(next((line for line in lines if not _is_cancelled(line)), lines[0]).get("status") or "")
    return LINE_STATUSES.get(word.lower(), word)


def _detail_customer(order: dict[str, Any]) -> RemoteCustomer:
    customer, delivery = order.get("customer") or {}, order.get("deliveryAddress") or {}
    first, last = split_name(str(customer.get("name") or ""))
    return RemoteCustomer(remote_id=str(customer.get("customerId") or ""), email=str(delivery.get("email") or ""),
                          phone=str(delivery.get("phoneNumber") or ""), first_name=first, last_name=last)


def _line_discount(line: dict[str, Any]) -> Decimal:
    return money((line.get("hbDiscount") or {}).get("totalPrice")) + \
        money((line.get("merchantDiscount") or {}).get("totalPrice"))


def _detail_package(order: dict[str, Any], number: str, lines: list[dict[str, Any]], reasons: dict[str, str],
                    barcode: str) -> RemotePackage:
    status = _detail_status(lines)
    delivery = order.get("deliveryAddress") or {}
    invoice = (order.get("invoice") or {}).get("address") or delivery
    cargo = str(lines[0].get("cargoCompany") or "")
    return RemotePackage(
        package_id=number, order_number=str(order["orderNumber"]), status=status,
        placed_at=response_date(order.get("orderDate")),
        modified_at=max(response_date(line.get("lastStatusUpdateDate") or order.get("orderDate")) for line in lines),
        currency=str((lines[0].get("totalPrice") or {}).get("currency") or "TRY").lower(),
        amount=sum((money(line.get("totalPrice")) for line in lines), Decimal(0)),
        discount=sum((_line_discount(line) for line in lines), Decimal(0)), shipping_amount=Decimal(0),
        customer=_detail_customer(order), shipping_address=detail_address(delivery, order),
        billing_address=detail_address(invoice, order), cargo_code=carrier_code(cargo), cargo_name=cargo,
        tracking_number=barcode,
        units=tuple(unit for line in lines for unit in line_units(line, status, reasons.get(str(line["id"]), ""))))
