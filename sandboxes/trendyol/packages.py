"""Shipment packages and claims of the Trendyol sandbox: the data model and its state machine.

Implements docs/trendyol.md "Packages" (package JSON with the current field names; package
states: the seller sets only Picking then Invoiced; unsupplied and split create new package
ids under the same order number, with `originPackageIds`) and "Claims". Views live in
`order_api.py` (the Trendyol dialect) and `order_control.py` (test controls); both call
`book(state)` for the one `OrderBook` of the sandbox, which a `/_sandbox/reset` empties.
"""
from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

from sandboxes.trendyol import order_time, webhook_delivery
from sandboxes.trendyol.state import SandboxState

SELLER_SETTABLE = ("Picking", "Invoiced")
PRE_SHIPMENT = ("Created", "Picking", "Invoiced")
SYSTEM_NEXT = {"Shipped": ("Picking", "Invoiced", "Created"), "Delivered": ("Shipped", "AtCollectionPoint"),
               "UnDelivered": ("Shipped",), "Returned": ("UnDelivered", "Delivered"),
               "AtCollectionPoint": ("Shipped",)}
UNSUPPLIED_REASONS = frozenset({500, 501, 502, 503, 504, 505, 506})
TRACKING_LOCKED = ("Cancelled", "Shipped", "Delivered", "UnDelivered", "Returned", "UnSupplied", "UnPacked")


class PackageError(Exception):
    """Refused transition; answered 400 `{"error": "Bad Request", "message": ...}` (body inferred, docs/trendyol.md)."""


@dataclass
class OrderBook:
    """All packages (by shipmentPackageId) and claims of the sandbox seller."""

    packages: dict[int, dict[str, Any]] = field(default_factory=dict)
    claims: dict[str, dict[str, Any]] = field(default_factory=dict)
    cursors: dict[str, dict[str, Any]] = field(default_factory=dict)
    next_package: int = 3_330_000_000
    next_order: int = 10_654_000_000
    next_line: int = 4_765_000_000
    next_unit: int = 11_000_000
    next_customer: int = 888_000_000

    def ids(self, kind: str) -> int:
        value = getattr(self, f"next_{kind}") + 1
        setattr(self, f"next_{kind}", value)
        return int(value)


def book(state: SandboxState) -> OrderBook:
    """The sandbox's order book, created (and hooked into reset) on first use."""
    with state.lock:
        found = state.__dict__.get("order_book")
        if found is None:
            found = state.__dict__["order_book"] = OrderBook()
            state.reset_hooks.append(lambda: state.__dict__.__setitem__("order_book", OrderBook()))
        return found


# ---- building ------------------------------------------------------------------------------

def money(value: float) -> float:
    return round(value + 1e-9, 2)


def build_line(ob: OrderBook, spec: dict[str, Any]) -> dict[str, Any]:
    """One package line from `{barcode, stockCode, quantity, price, discount, vatRate, productName}`."""
    quantity = int(spec.get("quantity", 1))
    gross = money(float(spec.get("price", 100.0)))
    discount = money(float(spec.get("discount", 0.0)))
    units = [{"lineItemId": str(ob.ids("unit")), "lineItemPrice": money(gross - discount),
              "lineItemSellerDiscount": discount, "lineItemTyDiscount": 0.0} for _ in range(quantity)]
    return {
        "lineId": ob.ids("line"), "barcode": str(spec["barcode"]), "stockCode": str(spec.get("stockCode") or ""),
        "contentId": int(spec.get("contentId", 0)), "productName": str(spec.get("productName", spec["barcode"])),
        "quantity": quantity, "lineGrossAmount": gross, "lineSellerDiscount": discount, "lineTyDiscount": 0.0,
        "lineTotalDiscount": discount, "lineUnitPrice": money(gross - discount), "discountDetails": units,
        "vatRate": float(spec.get("vatRate", 20)), "currencyCode": "TRY", "orderLineItemStatusName": "Created",
        "cancelledBy": "", "cancelReason": "", "cancelReasonCode": 0,
    }


def address(person: dict[str, Any], place: dict[str, Any], address_id: int) -> dict[str, Any]:
    line = place.get("address1", "Atatürk Caddesi No:1")
    return {
        "id": address_id, "firstName": person["firstName"], "lastName": person["lastName"],
        "fullName": f"{person['firstName']} {person['lastName']}", "company": "", "address1": line,
        "address2": "", "fullAddress": f"{line} {place.get('district', '')}/{place.get('city', '')}",
        "city": place.get("city", ""), "cityCode": place.get("cityCode", 0), "district": place.get("district", ""),
        "districtId": place.get("districtId", 0), "neighborhood": place.get("neighborhood", ""),
        "neighborhoodId": 0, "postalCode": place.get("postalCode", ""), "countryCode": place.get("countryCode", "TR"),
        "phone": person.get("phone", ""), "addressLines": {"addressLine1": line, "addressLine2": ""},
    }


def build_package(state: SandboxState, ob: OrderBook, spec: dict[str, Any]) -> dict[str, Any]:
    """A new `Created` package from a spec: customer, shipping/invoice places, lines, cargo.

    `spec["age_days"]` backdates it (an order placed that many days ago). `orderDate` is the
    GMT+3-shifted epoch Trendyol sends; the history and `lastModifiedDate` are true UTC."""
    now = state.now_ms() - int(float(spec.get("age_days") or 0) * order_time.DAY_MS)
    person = spec["customer"]
    lines = [build_line(ob, line) for line in spec["lines"]]
    package_id = ob.ids("package")
    package = {
        "shipmentPackageId": package_id, "orderNumber": str(spec.get("orderNumber") or ob.ids("order")),
        "shipmentNumber": package_id - 3_000_000_000, "orderDate": order_time.shifted(now), "lastModifiedDate": now,
        "status": "Created", "shipmentPackageStatus": "Created",
        "packageHistories": [{"createdDate": now, "status": "Created"}],
        "customerId": int(person.get("customerId") or ob.ids("customer")),
        "customerFirstName": person["firstName"], "customerLastName": person["lastName"],
        "customerEmail": person["email"], "identityNumber": "11111111111", "taxNumber": None,
        "shipmentAddress": address(person, spec["shipping"], ob.ids("customer")),
        "invoiceAddress": address(person, spec.get("invoice") or spec["shipping"], ob.ids("customer")),
        "commercial": False, "cargoTrackingNumber": None, "cargoTrackingLink": "", "cargoSenderNumber": "",
        "cargoProviderName": spec.get("cargoProviderName", "Yurtiçi Kargo Marketplace"), "cargoDeci": 1,
        "whoPays": 1, "currencyCode": "TRY", "paymentMethod": "Kredi Kartı", "channelId": 1,
        "deliveryType": "normal", "fastDelivery": False, "warehouseId": 372389, "supplierId": state.seller_id,
        "createdBy": spec.get("createdBy", "order-creation"), "originPackageIds": spec.get("originPackageIds"),
        "invoiceNumber": None, "lines": lines,
    }
    totals(package)
    ob.packages[package["shipmentPackageId"]] = package
    webhook_delivery.changed(state, package)
    return package


def totals(package: dict[str, Any]) -> None:
    """Package amounts from its lines (gross and discounts are per unit)."""
    gross = sum(line["lineGrossAmount"] * line["quantity"] for line in package["lines"])
    discount = sum(line["lineTotalDiscount"] * line["quantity"] for line in package["lines"])
    package.update(packageGrossAmount=money(gross), packageSellerDiscount=money(discount), packageTyDiscount=0.0,
                   packageTotalDiscount=money(discount), packageTotalPrice=money(gross - discount))


def move(state: SandboxState, package: dict[str, Any], status: str) -> None:
    """Set the status, append to the history and bump lastModifiedDate (the list orders by it)."""
    now = max(state.now_ms(), int(package["lastModifiedDate"]) + 1)
    package.update(status=status, shipmentPackageStatus=status, lastModifiedDate=now)
    package["packageHistories"].append({"createdDate": now, "status": status})
    for line in package["lines"]:
        if line["orderLineItemStatusName"] not in ("Cancelled", "UnSupplied"):
            line["orderLineItemStatusName"] = status
    webhook_delivery.changed(state, package)


# ---- seller operations -----------------------------------------------------------------------

def get(ob: OrderBook, package_id: int) -> dict[str, Any]:
    found = ob.packages.get(package_id)
    if found is None:
        raise PackageError(f"shipment package {package_id} not found")
    return found


def check_lines(package: dict[str, Any], lines: list[dict[str, Any]]) -> dict[int, int]:
    """`{lineId: quantity}` of a request, refused when a line is foreign or over its quantity."""
    own = {line["lineId"]: line["quantity"] for line in package["lines"]}
    wanted: dict[int, int] = {}
    for entry in lines or []:
        line_id, quantity = int(entry.get("lineId", 0)), int(entry.get("quantity", 0))
        if line_id not in own or quantity < 1 or quantity > own[line_id]:
            raise PackageError(f"line {line_id} x{quantity} is not part of package {package['shipmentPackageId']}")
        wanted[line_id] = wanted.get(line_id, 0) + quantity
    if not wanted:
        raise PackageError("lines must not be empty")
    return wanted


def update_status(state: SandboxState, package: dict[str, Any], body: dict[str, Any]) -> None:
    """updatePackage: Picking from Created, Invoiced (with an invoice number) from Picking."""
    status = body.get("status")
    params = body.get("params") or {}
    check_lines(package, body.get("lines") or [])
    if status not in SELLER_SETTABLE:
        raise PackageError(f"status {status!r} cannot be set by the seller")
    current = package["status"]
    if status == "Picking" and current != "Created":
        raise PackageError(f"package {package['shipmentPackageId']} is {current}; Picking needs Created")
    if status == "Invoiced":
        if current != "Picking":
            raise PackageError(f"package {package['shipmentPackageId']} is {current}; Invoiced needs Picking")
        if not params.get("invoiceNumber"):
            raise PackageError("params.invoiceNumber is required for Invoiced")
        package["invoiceNumber"] = str(params["invoiceNumber"])
    elif params.get("invoiceNumber"):
        raise PackageError("invoiceNumber is only accepted with Invoiced")
    move(state, package, status)


def update_tracking(state: SandboxState, package: dict[str, Any], tracking: str) -> None:
    """Trendyol's tracking-number rule (docs/trendyol.md "Packages"): refused once shipped/cancelled or when a code is already set."""
    if package["status"] in TRACKING_LOCKED or package.get("cargoTrackingNumber"):
        raise PackageError("Shipment Update Edilebilir Bir Durumda Değil.")
    if not tracking:
        raise PackageError("trackingNumber is required")
    package["cargoTrackingNumber"] = str(tracking)
    package["lastModifiedDate"] = max(state.now_ms(), int(package["lastModifiedDate"]) + 1)


#: Seller-pays carriers (international list) and the TR marketplace codes.
TRACKING_PROVIDERS = frozenset({"DHLMP", "HERMESMP", "DHLEXPMP", "DPDMP", "GLS", "UPSMP", "YKMP", "ARASMP", "SURATMP",
                                "PTTMP", "MNGMP", "HOROZMP", "CEVAMP", "SENDEOMP", "TEXMP", "KOLAYGELSINMP"})


def tracking_details(state: SandboxState, package: dict[str, Any], body: dict[str, Any]) -> None:
    """tracking-details (§4.5): both fields required; Picking first; the code may change while
    Picking or Invoiced; after Shipped only the same code; refused once delivered or returned."""
    number, provider = str(body.get("cargoSenderNumber") or ""), str(body.get("providerCode") or "")
    if not number or not provider:
        raise PackageError("cargoSenderNumber and providerCode are required")
    if provider not in TRACKING_PROVIDERS:
        raise PackageError(f"providerCode {provider} is not a known carrier")
    status = package["status"]
    if status in ("UnDelivered", "Delivered", "Returned", "AtCollectionPoint"):
        raise PackageError("Shipment tracking number cannot be updated")
    if status == "Shipped" and number != package.get("cargoSenderNumber"):
        raise PackageError("a new tracking number cannot be sent after Shipped")
    if status not in ("Picking", "Invoiced", "Shipped"):
        raise PackageError(f"package {package['shipmentPackageId']} is {status}; send Picking first")
    package.update(cargoSenderNumber=number, cargoProviderCode=provider,
                   lastModifiedDate=max(state.now_ms(), int(package["lastModifiedDate"]) + 1))


def take_units(line: dict[str, Any], quantity: int) -> dict[str, Any]:
    """Split `quantity` units off `line` (last units first); returns the split-off part."""
    part = copy.deepcopy(line)
    part["quantity"], part["discountDetails"] = quantity, line["discountDetails"][-quantity:]
    line["quantity"] -= quantity
    line["discountDetails"] = line["discountDetails"][:-quantity]
    return part


def successor(state: SandboxState, ob: OrderBook, package: dict[str, Any], lines: list[dict[str, Any]],
              created_by: str) -> dict[str, Any]:
    """A new package carrying `lines` of `package` (same order number and customer), in Created."""
    now = max(state.now_ms(), int(package["lastModifiedDate"]) + 1)
    new = copy.deepcopy({k: v for k, v in package.items() if k != "lines"})
    new.update(shipmentPackageId=ob.ids("package"), status="Created", shipmentPackageStatus="Created",
               lastModifiedDate=now, packageHistories=[{"createdDate": now, "status": "Created"}],
               createdBy=created_by, originPackageIds=[package["shipmentPackageId"]], lines=lines)
    for line in lines:
        line["orderLineItemStatusName"] = "Created"
    totals(new)
    ob.packages[new["shipmentPackageId"]] = new
    webhook_delivery.changed(state, new)
    return new


def cancel_units(state: SandboxState, ob: OrderBook, package: dict[str, Any], wanted: dict[int, int],
                 **marks: Any) -> int | None:
    """Cancel `wanted` units (line id -> quantity) whoever asked: the old package keeps them as cancelled
    lines carrying `marks`; the remaining units move to a new package, whose id is returned (None if none)."""
    kept, gone = [], []
    for line in package["lines"]:
        quantity = wanted.get(line["lineId"], 0)
        if quantity:
            part = take_units(line, quantity)
            part.update(**marks)
            gone.append(part)
        if line["quantity"]:
            kept.append(line)
    package["lines"] = gone
    totals(package)
    move(state, package, "Cancelled")
    return int(successor(state, ob, package, kept, "cancel")["shipmentPackageId"]) if kept else None


def unsupplied(state: SandboxState, ob: OrderBook, package: dict[str, Any], body: dict[str, Any]) -> int | None:
    """The seller cannot supply some units: the package is cancelled; the rest moves to a new package.

    Returns the new package id (None for a full cancellation). Cancelled units stay on the old
    package as `UnSupplied` lines carrying the reason; the remaining units keep their line and
    unit ids in the new package.
    """
    reason = int(body.get("reasonId") or 0)
    if reason not in UNSUPPLIED_REASONS:
        raise PackageError(f"reasonId {reason} is not a valid unsupplied reason")
    if package["status"] not in PRE_SHIPMENT:
        raise PackageError(f"package {package['shipmentPackageId']} is {package['status']}; cannot be unsupplied")
    wanted = check_lines(package, body.get("lines") or [])
    return cancel_units(state, ob, package, wanted, orderLineItemStatusName="UnSupplied", cancelledBy="seller",
                        cancelReason="UnSupplied", cancelReasonCode=reason)


def split(state: SandboxState, ob: OrderBook, package: dict[str, Any], line_ids: list[int]) -> list[int]:
    """splitShipmentPackage: the named lines form one new package, the rest another; old -> UnPacked."""
    if package["status"] not in PRE_SHIPMENT:
        raise PackageError(f"package {package['shipmentPackageId']} is {package['status']}; cannot be split")
    chosen = [line for line in package["lines"] if line["lineId"] in set(line_ids)]
    rest = [line for line in package["lines"] if line["lineId"] not in set(line_ids)]
    if not chosen or not rest:
        raise PackageError("a split needs at least one line on each side")
    move(state, package, "UnPacked")
    return [int(successor(state, ob, package, copy.deepcopy(group), "split")["shipmentPackageId"])
            for group in (chosen, rest)]


# ---- customer and system events (stage helpers and controls) ------------------------------------

def customer_cancel(state: SandboxState, ob: OrderBook, package: dict[str, Any],
                    lines: list[dict[str, Any]] | None, reason: str = "Vazgeçtim", code: int = 401) -> int | None:
    """The customer cancels (all, or some units): like unsupplied, with status Cancelled on the lines."""
    if package["status"] not in PRE_SHIPMENT:
        raise PackageError("customers cannot cancel after Shipped")
    wanted = check_lines(package, lines) if lines else {line["lineId"]: line["quantity"] for line in package["lines"]}
    return cancel_units(state, ob, package, wanted, orderLineItemStatusName="Cancelled", cancelledBy="customer",
                        cancelReason=reason, cancelReasonCode=code)


def system_status(state: SandboxState, package: dict[str, Any], status: str) -> None:
    """Shipped -> Delivered | UnDelivered -> Returned, in order (the stage test helper)."""
    allowed = SYSTEM_NEXT.get(status)
    if allowed is None or package["status"] not in allowed:
        raise PackageError(f"package {package['shipmentPackageId']} cannot go {package['status']} -> {status}")
    move(state, package, status)


def new_claim(state: SandboxState, ob: OrderBook, package: dict[str, Any], reason_id: int = 401) -> dict[str, Any]:
    """A return of every unit of a delivered package, in `Created`."""
    claim_id = f"claim-{package['shipmentPackageId']}-{len(ob.claims) + 1}"
    now = state.now_ms()
    items = [{"orderLine": {"id": line["lineId"], "barcode": line["barcode"], "merchantSku": line["stockCode"],
                            "productName": line["productName"], "price": line["lineUnitPrice"]},
              "claimItems": [{"id": f"{claim_id}-{unit['lineItemId']}", "orderLineItemId": int(unit["lineItemId"]),
                              "claimItemStatus": {"name": "Created"},
                              "customerClaimItemReason": {"id": reason_id, "name": "Vazgeçtim", "code": "CHANGED_MIND",
                                                          "externalReasonId": 0},
                              "customerNote": "", "note": "", "resolved": False, "autoApproveDate": 0}
                             for unit in line["discountDetails"]]}
             for line in package["lines"]]
    claim = {"id": claim_id, "claimId": claim_id, "orderNumber": package["orderNumber"],
             "orderDate": package["orderDate"], "claimDate": now, "lastModifiedDate": now,
             "customerFirstName": package["customerFirstName"], "customerLastName": package["customerLastName"],
             "cargoTrackingNumber": package.get("cargoTrackingNumber"),
             "cargoProviderName": package["cargoProviderName"],
             "orderShipmentPackageId": package["shipmentPackageId"], "channelId": 1, "items": items}
    ob.claims[claim_id] = claim
    return claim


def claim_status(claim: dict[str, Any]) -> set[str]:
    return {item["claimItemStatus"]["name"] for line in claim["items"] for item in line["claimItems"]}
