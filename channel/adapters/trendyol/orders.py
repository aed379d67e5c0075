"""`TrendyolOrders`: the order hooks of `OrdersAdapter` for Trendyol (docs/trendyol.md, "Packages").

Mixed into `TrendyolAdapter`, whose `http` transport (auth, budgets, retries, counts) it uses.

* **Sync reads the package stream** (`/orders/stream`), which Trendyol recommends for periodic
  sync: it filters on the package's last-modified date, so a change to an old package (a line
  cancelled three weeks after the order) is seen; at most 14 days per stream, 3 months back,
  newest first, paged by an opaque cursor to the end before the window is done (then handed
  on oldest first, as the flows expect).
* **Lookups by package id or order number use the v2 listing**, within its real rules: at most
  14 days per query, 1 month back, and no dates means the last week only; which date it filters
  is not documented, so a lookup walks the month in 14-day windows until it has found what it
  asked for.
* **GMT+3.** Query dates "must be sent as GMT+3"; whether that means an epoch shifted by 3 hours
  is not documented. Every query is widened so both readings cover the wanted span: the start
  is sent as true UTC, the end 3 hours later (hence windows 3 hours shorter than the limit).
  `orderDate` is a shifted epoch (Istanbul wall clock): the mappers take 3 hours off.

Writes are PUTs Trendyol applies at once (no batch).
"""
from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any

from channel.adapters.errors import AdapterConfigError
from channel.adapters.orders import LineQuantity, OrdersAdapter, RemoteClaim, RemotePackage
from channel.adapters.trendyol import order_mappers as om

if TYPE_CHECKING:
    from channel.adapters.trendyol.http import TrendyolHTTP

logger = logging.getLogger(__name__)

PAGE_SIZE = 200
IDS_PER_REQUEST = 50
ZONE = timedelta(hours=3)
#: 14 days per query, less the 3 hours the GMT+3 widening adds and a minute of clock drift.
SPAN = timedelta(days=14) - ZONE - timedelta(minutes=1)
#: How far back each endpoint reaches, less a day of safety (stream: 3 months; list: 1 month).
STREAM_HISTORY = timedelta(days=89)
LIST_HISTORY = timedelta(days=28)
#: The newest span ends this far after our clock: a package Trendyol stamped a moment ago by a clock
#: running ahead of ours (or a split made in the same millisecond) is still in it.
CLOCK_MARGIN = timedelta(minutes=1)


def zone_params(start: datetime, end: datetime) -> tuple[int, int]:
    """Epochs for a query meant to cover [start, end] whichever way Trendyol reads "GMT+3"."""
    return om.to_ms(start), om.to_ms(end + ZONE)


def spans(since: datetime, until: datetime, step: timedelta = SPAN) -> Iterator[tuple[datetime, datetime]]:
    """[since, until] cut into consecutive spans of at most `step` (ends inclusive, 1 ms apart)."""
    start = since
    while start <= until:
        end = min(start + step, until)
        yield start, end
        start = end + timedelta(milliseconds=1)


class TrendyolOrders(OrdersAdapter):
    """Order side of the Trendyol adapter."""

    http: TrendyolHTTP
    seller_id: int
    conf: dict[str, Any]
    order_window_max_days = 13

    @property
    def _orders_path(self) -> str:
        return f"/order/sellers/{self.seller_id}"

    # ---- the stream: periodic sync --------------------------------------------------------

    def list_packages(self, since: datetime, until: datetime, statuses: Sequence[str] = ()) -> Iterator[
            list[RemotePackage]]:
        """Pages of packages modified in [since, until] (each once per call), from the stream."""
        floor = datetime.now(timezone.utc) - STREAM_HISTORY
        if since < floor:
            logger.warning("trendyol stream reaches back 3 months: %s moved to %s", since, floor)
            since = floor
        seen: set[str] = set()
        for start, end in spans(since, until):
            for page in self._stream(start, end, statuses):
                fresh = [p for p in page if p.package_id not in seen]
                seen.update(p.package_id for p in fresh)
                yield fresh

    def _stream(self, start: datetime, end: datetime, statuses: Sequence[str]) -> Iterator[list[RemotePackage]]:
        """One stream read to its end (newest first), handed on oldest first in pages."""
        read = [package for page in self._stream_pages(start, end, statuses) for package in page]
        read.reverse()
        for index in range(0, len(read), PAGE_SIZE):
            yield read[index:index + PAGE_SIZE]

    def _stream_pages(self, start: datetime, end: datetime, statuses: Sequence[str]) -> Iterator[
            list[RemotePackage]]:
        first, last = zone_params(start, end)
        params: dict[str, Any] = {"size": PAGE_SIZE, "lastModifiedStartDate": first, "lastModifiedEndDate": last}
        if statuses:
            params["packageItemStatuses"] = ",".join(statuses)
        cursor = None
        while True:
            query = {**params, "nextCursor": cursor} if cursor else params
            data = self.http.call("GET", f"{self._orders_path}/orders/stream", "order.stream", params=query) or {}
            yield [om.package_from_json(row) for row in data.get("content") or []]
            cursor = data.get("nextCursor")
            if not data.get("hasMore") or not cursor:
                return

    # ---- the v2 listing: lookups ----------------------------------------------------------

    def _listing_spans(self) -> Iterator[tuple[int, int]]:
        """The listing's reachable month, newest span first, as query epochs."""
        now = datetime.now(timezone.utc)
        end, oldest = now + CLOCK_MARGIN, now - LIST_HISTORY
        while end > oldest:
            start = max(oldest, end - SPAN)
            yield zone_params(start, end)
            end = start - timedelta(milliseconds=1)

    def _listed(self, first: int, last: int, **filters: Any) -> Iterator[RemotePackage]:
        page = 0
        while True:
            params = {**filters, "startDate": first, "endDate": last, "page": page, "size": PAGE_SIZE,
                      "orderByField": "PackageLastModifiedDate", "orderByDirection": "DESC"}
            data = self.http.call("GET", f"{self._orders_path}/v2/orders", "order.packages", params=params) or {}
            yield from (om.package_from_json(row) for row in data.get("content") or [])
            page += 1
            if page >= int(data.get("totalPages") or 0):
                return

    def get_packages(self, package_ids: Sequence[str]) -> list[RemotePackage]:
        """The named packages created (or, if that is what the listing filters, modified) in the
        last month; each 14-day span is asked only for ids still missing, 50 per call."""
        missing = list(dict.fromkeys(str(x) for x in package_ids))
        found: dict[str, RemotePackage] = {}
        for first, last in self._listing_spans():
            for start in range(0, len(missing), IDS_PER_REQUEST):
                chunk = missing[start:start + IDS_PER_REQUEST]
                for package in self._listed(first, last, shipmentPackageIds=",".join(chunk)):
                    found.setdefault(package.package_id, package)
            missing = [x for x in missing if x not in found]
            if not missing:
                break
        return list(found.values())

    def packages_of_order(self, order_number: str) -> list[RemotePackage]:
        """Every package of one order in the listing's month (all spans: a replacement package
        is newer than the one it replaces)."""
        found: dict[str, RemotePackage] = {}
        for first, last in self._listing_spans():
            for package in self._listed(first, last, orderNumber=order_number):
                found.setdefault(package.package_id, package)
        return list(found.values())

    # ---- writes ---------------------------------------------------------------------------

    def update_package_status(self, package_id: str, lines: Sequence[LineQuantity], status: str,
                              invoice_number: str = "") -> None:
        self.http.call("PUT", f"{self._orders_path}/shipment-packages/{package_id}", "order.package_status",
                       json=om.status_body(lines, status, invoice_number))

    def send_tracking(self, package_id: str, tracking_number: str) -> None:
        """`tracking-details` (the current call; the TR `update-tracking-number` is deprecated),
        for sellers shipping on their own carrier contract: conf `tracking_provider_code` names
        that carrier (Trendyol's code, e.g. YKMP). Trendyol-contract packages carry Trendyol's
        own tracking number and are never sent one."""
        provider = str(self.conf.get("tracking_provider_code") or "")
        if not provider:
            raise AdapterConfigError("tracking: set tracking_provider_code (your own carrier contract's code) "
                                     "to send tracking numbers; Trendyol-contract packages need none")
        self.http.call("PUT", f"{self._orders_path}/shipment-packages/{package_id}/tracking-details",
                       "order.tracking_details",
                       json={"cargoSenderNumber": str(tracking_number), "providerCode": provider})

    def report_unsupplied(self, package_id: str, lines: Sequence[LineQuantity], reason_id: str) -> None:
        self.http.call("PUT", f"{self._orders_path}/shipment-packages/{package_id}/items/unsupplied",
                       "order.unsupplied", json=om.unsupplied_body(lines, reason_id))

    # ---- claims -----------------------------------------------------------------------------

    def list_claims(self, since: datetime, until: datetime, status: str = "") -> Iterator[RemoteClaim]:
        """Claims by creation date (the docs say the dates filter it), optionally of one item status."""
        page = 0
        while True:
            params: dict[str, Any] = {"startDate": om.to_ms(since), "endDate": om.to_ms(until), "page": page,
                                      "size": PAGE_SIZE}
            if status:
                params["claimItemStatus"] = status
            data = self.http.call("GET", f"{self._orders_path}/claims", "order.claims", params=params) or {}
            yield from (om.claim_from_json(row) for row in data.get("content") or [])
            page += 1
            if page >= int(data.get("totalPages") or 0):
                return
