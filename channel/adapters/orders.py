"""`OrdersAdapter`: the order half of the adapter interface, with the typed results it returns.

Marketplaces hand out orders as *packages* (Trendyol: shipment packages): one customer order
may become several packages, and a partial cancellation or a split replaces a package by a
new one (`origin_package_ids` names what it replaces). The order flows import each new
package as one Omnitron order, push status/invoice/tracking back per package, and turn
cancelled units into Omnitron cancellations. Every amount is a `Decimal`; every id a string.

Hooks raise `UnsupportedOperation` until a marketplace fills them; a mixin so that
`MarketplaceAdapter` subclasses opt in (`class TrendyolAdapter(TrendyolOrders, MarketplaceAdapter)`).
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import ClassVar

from channel.adapters.errors import UnsupportedOperation

#: Package statuses as the flows use them (marketplaces map theirs onto these words).
AWAITING, CREATED, PICKING, INVOICED, SHIPPED = "Awaiting", "Created", "Picking", "Invoiced", "Shipped"
CANCELLED, UNSUPPLIED, UNPACKED = "Cancelled", "UnSupplied", "UnPacked"
#: A package in one of these is a live order to import.
IMPORTABLE = frozenset({CREATED, PICKING, INVOICED, SHIPPED, "Delivered", "UnDelivered", "Returned",
                        "AtCollectionPoint"})
#: A unit in one of these was cancelled on the marketplace.
CANCELLED_UNITS = frozenset({CANCELLED, UNSUPPLIED})


def carrier_code(name: str) -> str:
    """A carrier's display name as the ERP-style code Omnitron's cargo companies carry
    (`RemotePackage.cargo_code`): "Yurtiçi Kargo" -> "yurtici-kargo"."""
    folded = unicodedata.normalize("NFKD", name.strip().replace("ı", "i").replace("İ", "I"))
    ascii_only = folded.encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", ascii_only).strip("-")


@dataclass(frozen=True)
class RemoteAddress:
    """A postal address as the marketplace spells it; `township` is the district of a city
    (Trendyol's "district"), `district` the neighbourhood inside it."""

    first_name: str
    last_name: str
    phone: str
    line: str
    country_code: str
    city: str
    township: str = ""
    district: str = ""
    postcode: str = ""
    company: str = ""
    tax_office: str = ""
    tax_number: str = ""


@dataclass(frozen=True)
class RemoteCustomer:
    remote_id: str
    email: str
    phone: str
    first_name: str
    last_name: str


@dataclass(frozen=True)
class RemoteUnit:
    """One unit of one package line: Omnitron keeps one order item per unit.

    `unit_id` is unique per unit and survives package replacement (Trendyol lineItemId);
    `line_id` addresses the line in status and unsupplied calls.
    """

    unit_id: str
    line_id: str
    sku: str
    barcode: str
    name: str
    price: Decimal  # paid for this unit, after discounts
    retail_price: Decimal  # before discounts
    discount: Decimal
    tax_rate: Decimal
    status: str
    cancel_reason_code: str = ""


@dataclass(frozen=True)
class RemotePackage:
    """One marketplace package, ready to become (or to update) one Omnitron order."""

    package_id: str
    order_number: str
    status: str
    placed_at: datetime
    modified_at: datetime
    currency: str
    amount: Decimal  # what the customer pays for the package
    discount: Decimal
    shipping_amount: Decimal
    customer: RemoteCustomer
    shipping_address: RemoteAddress
    billing_address: RemoteAddress
    cargo_code: str
    cargo_name: str
    units: tuple[RemoteUnit, ...]
    created_by: str = ""
    origin_package_ids: tuple[str, ...] = ()
    tracking_number: str = ""
    invoice_number: str = ""

    @property
    def cancelled_units(self) -> tuple[RemoteUnit, ...]:
        return tuple(unit for unit in self.units if unit.status in CANCELLED_UNITS)

    @property
    def replaces(self) -> bool:
        """True when the package continues an earlier one (partial cancellation, split)."""
        return bool(self.origin_package_ids)


@dataclass(frozen=True)
class LineQuantity:
    """`quantity` units of line `line_id`: the unit of every package write."""

    line_id: str
    quantity: int


@dataclass(frozen=True)
class RemoteClaimUnit:
    """One returned unit. `auto_accept_at`: when the marketplace accepts the return by itself
    if the seller has not acted (Trendyol's `autoApproveDate`; None when it names none)."""

    claim_item_id: str
    unit_id: str
    line_id: str
    status: str
    reason_id: str
    auto_accept_at: datetime | None = None


@dataclass(frozen=True)
class ClaimIssueReason:
    """A reason the marketplace accepts for rejecting a return (ids change: read at run time)."""

    reason_id: str
    name: str
    needs_file: bool


@dataclass(frozen=True)
class ClaimFile:
    """Evidence attached to a rejected return (a photo, a document)."""

    name: str
    content: bytes
    content_type: str = "application/octet-stream"


@dataclass(frozen=True)
class RemoteClaim:
    """A return request (Trendyol claim) for units of one package."""

    claim_id: str
    order_number: str
    package_id: str
    modified_at: datetime
    units: tuple[RemoteClaimUnit, ...]


class OrdersAdapter:
    """Order hooks; every marketplace write names a package and its lines."""

    #: How far each listing window reaches back before the previous run's end: packages the
    #: marketplace stamps late (clock skew, replication lag) still fall into a window.
    order_window_overlap_seconds: ClassVar[float] = 600.0
    #: The longest window one listing may span (Trendyol's stream: 14 days).
    order_window_max_days: ClassVar[int] = 14
    #: True when the marketplace packs lines again under a new package number that does not name
    #: the package it replaces, the lines keeping their ids (Hepsiburada's unpack and split): the
    #: importer then finds the origin from the units Omnitron holds (`flows/orders/continuations.py`).
    origins_by_units: ClassVar[bool] = False

    def list_packages(self, since: datetime, until: datetime, statuses: Sequence[str] = ()) -> Iterator[
            list[RemotePackage]]:
        """Hook: pages of packages *modified* in `[since, until]` (a change to an old package
        counts), optionally only in `statuses`, oldest change first. Must deliver every
        package of the window exactly once per call (the adapter cuts the window itself when
        the marketplace caps a listing)."""
        raise UnsupportedOperation("orders: list packages")

    def get_packages(self, package_ids: Sequence[str]) -> list[RemotePackage]:
        """Hook: the current state of the named packages (missing ones are left out)."""
        raise UnsupportedOperation("orders: get packages")

    def packages_of_order(self, order_number: str) -> list[RemotePackage]:
        """Hook: every package of one customer order (to follow units into replacement packages)."""
        raise UnsupportedOperation("orders: packages of an order")

    def update_package_status(self, package_id: str, lines: Sequence[LineQuantity], status: str,
                              invoice_number: str = "") -> None:
        """Hook: move a package to `Picking` or `Invoiced` (the latter with an invoice number)."""
        raise UnsupportedOperation("orders: package status")

    def send_tracking(self, package_id: str, tracking_number: str) -> None:
        """Hook: tell the marketplace the seller's carrier tracking number for a package."""
        raise UnsupportedOperation("orders: tracking number")

    def report_unsupplied(self, package_id: str, lines: Sequence[LineQuantity], reason_id: str) -> None:
        """Hook: cancel units the seller cannot supply; the marketplace may issue a new package
        for the remaining units (find it with `list_packages`)."""
        raise UnsupportedOperation("orders: unsupplied items")

    def list_claims(self, since: datetime, until: datetime, status: str = "") -> Iterator[RemoteClaim]:
        """Hook: return requests of the window, optionally only those with units in `status`."""
        raise UnsupportedOperation("orders: claims")

    def list_claim_issue_reasons(self) -> list[ClaimIssueReason]:
        """Hook: the reasons a return may be rejected with."""
        raise UnsupportedOperation("orders: claim issue reasons")

    def approve_claim_items(self, claim_id: str, claim_item_ids: Sequence[str]) -> None:
        """Hook: accept returned units (they must be waiting for the seller)."""
        raise UnsupportedOperation("orders: approve claims")

    def reject_claim_items(self, claim_id: str, claim_item_ids: Sequence[str], reason_id: str,
                           description: str, files: Sequence[ClaimFile] = ()) -> None:
        """Hook: dispute returned units with one of `list_claim_issue_reasons`."""
        raise UnsupportedOperation("orders: reject claims")
