"""Packages that changed after packaging, for `list_packages`' "modified in the window" contract.

Hepsiburada lists packages by the date they were packaged, so a package shipped, delivered,
undelivered or cancelled later falls outside every later window of that list. Its changes are
read from the lists that are dated by the change instead: `/packages/.../shipped`, `/delivered`,
`/undelivered` (by that status's date) and `/orders/.../cancelled` (by cancellation date), in
windows of at most 24 hours. They name packages and orders, not lines, so each changed order is
read once in detail (`GET /orders/.../ordernumber/{n}`), which gives its lines, their packages
and statuses: request cost is one list read per list and window (plus a page per 50 changes) and
one detail read per changed order, never a read per open order.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from channel.adapters.hepsiburada import order_mappers
from channel.adapters.orders import CANCELLED, SHIPPED, UNSUPPLIED, RemotePackage

if TYPE_CHECKING:
    from channel.adapters.hepsiburada.http import HepsiburadaHTTP

STATUS_PAGE = 50
#: the flows' status word -> the list that is dated by the change to it
CHANGE_LISTS = {SHIPPED: "packages/{m}/shipped", "Delivered": "packages/{m}/delivered",
                "UnDelivered": "packages/{m}/undelivered", CANCELLED: "orders/{m}/cancelled",
                UNSUPPLIED: "orders/{m}/cancelled"}


@dataclass
class Changes:
    """What the change lists named: orders to read, cancel reasons and cancelled units per line,
    barcodes per package."""

    orders: set[str] = field(default_factory=set)
    reasons: dict[str, str] = field(default_factory=dict)
    cancelled: Counter[str] = field(default_factory=Counter)
    barcodes: dict[str, str] = field(default_factory=dict)
    seen: set[tuple[str, ...]] = field(default_factory=set)  # cancellations listed by two overlapping windows

    def note(self, row: dict[str, Any]) -> None:
        """One list item: PascalCase for the package lists, camelCase for the cancelled lines."""
        for number in row.get("OrderNumbers") or [row.get("OrderNumber") or row.get("orderNumber")]:
            if number:
                self.orders.add(str(number))
        if row.get("PackageNumber"):
            self.barcodes[str(row["PackageNumber"])] = str(row.get("Barcode") or "")
        if row.get("lineItemId"):
            self._note_cancellation(row)

    def _note_cancellation(self, row: dict[str, Any]) -> None:
        """A cancelled-list row: the line's reason, and its quantity once however many windows list it."""
        line = str(row["lineItemId"])
        self.reasons[line] = str(row.get("cancelReasonCode") or "")
        event = (line, str(row.get("cancelDate")), str(row.get("quantity")))
        if event not in self.seen:
            self.seen.add(event)
            self.cancelled[line] += int(row.get("quantity") or 0)


def lists_for(statuses: Sequence[str]) -> list[str]:
    """The change lists a listing of `statuses` needs (all of them when none are named)."""
    return sorted({path for status, path in CHANGE_LISTS.items() if not statuses or status in statuses})


class ChangeReader:
    def __init__(self, http: HepsiburadaHTTP, merchant_path: str) -> None:
        self.http, self.merchant_path = http, merchant_path

    def changes(self, windows: Iterable[tuple[datetime, datetime]], statuses: Sequence[str]) -> Changes:
        """Everything the change lists name for `windows` (minute filters, the end rounded up)."""
        found = Changes()
        paths = lists_for(statuses)
        for begin, end in windows:
            dates = {"begindate": order_mappers.query_date(begin),
                     "enddate": order_mappers.query_end(end)}
            for path in paths:
                for row in self._pages("/" + path.format(m=self.merchant_path), dates):
                    found.note(row)
        return found

    def _pages(self, path: str, dates: dict[str, str]) -> Iterator[dict[str, Any]]:
        offset = 0
        while True:
            body = self.http.json("oms", "GET", path, "change_lists",
                                  params={"offset": offset, "limit": STATUS_PAGE, **dates}) or {}
            yield from body.get("items") or []
            offset += STATUS_PAGE
            if offset >= int(body.get("totalCount") or 0):
                return

    def order(self, order_number: str, changes: Changes | None = None) -> list[RemotePackage]:
        """The packages of one order as they stand now (one detail read)."""
        detail = self.http.json("oms", "GET", f"/orders/{self.merchant_path}/ordernumber/{order_number}", "order_detail")
        changes = changes or Changes()
        return order_mappers.packages_from_order(detail or {"orderNumber": order_number},
                                                 changes.reasons, changes.barcodes, changes.cancelled)
