"""`TrendyolOrders`: the order hooks of `OrdersAdapter` for Trendyol (docs/trendyol.md, "Packages").

Mixed into `TrendyolAdapter`, whose `http` transport (auth, pacing, retries, counts) it uses.
Packages are listed with getShipmentPackages (v2) by `lastModifiedDate` window, oldest first,
200 per page, in windows of at most 14 days. Trendyol serves at most 10,000 packages per
filter, so a window holding more is cut in halves until each part fits. Writes are PUTs Trendyol applies at once (no batch).
"""
from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from channel.adapters.orders import LineQuantity, OrdersAdapter, RemoteClaim, RemotePackage
from channel.adapters.trendyol import order_mappers as om

if TYPE_CHECKING:
    from channel.adapters.trendyol.http import TrendyolHTTP

logger = logging.getLogger(__name__)

PAGE_SIZE = 200
WINDOW_CAP = 10_000
IDS_PER_REQUEST = 50


class TrendyolOrders(OrdersAdapter):
    """Order side of the Trendyol adapter."""

    http: TrendyolHTTP
    seller_id: int

    @property
    def _orders_path(self) -> str:
        return f"/order/sellers/{self.seller_id}"

    def list_packages(self, since: datetime, until: datetime, statuses: Sequence[str] = ()) -> Iterator[
            list[RemotePackage]]:
        """Windows of at most `order_window_max_days`, each listed once per status (the v2
        listing takes one status); both ends are inclusive, so parts meet without a gap."""
        step = om.to_ms(since + timedelta(days=self.order_window_max_days)) - om.to_ms(since)
        for status in statuses or ("",):
            start, end = om.to_ms(since), om.to_ms(until)
            while start <= end:
                part_end = min(start + step - 1, end)
                yield from self._window(start, part_end, status)
                start = part_end + 1

    def _window(self, start: int, end: int, status: str) -> Iterator[list[RemotePackage]]:
        first = self._page(start, end, status, 0)
        if int(first.get("totalElements") or 0) > WINDOW_CAP and end > start:
            middle = (start + end) // 2
            logger.info("trendyol packages %s..%s exceed %d; splitting the window", start, end, WINDOW_CAP)
            yield from self._window(start, middle, status)
            yield from self._window(middle + 1, end, status)
            return
        yield [om.package_from_json(row) for row in first.get("content") or []]
        for page in range(1, int(first.get("totalPages") or 0)):
            data = self._page(start, end, status, page)
            yield [om.package_from_json(row) for row in data.get("content") or []]

    def _page(self, start: int, end: int, status: str, page: int) -> dict[str, Any]:
        params: dict[str, Any] = {"startDate": start, "endDate": end, "page": page, "size": PAGE_SIZE,
                                  "orderByField": "PackageLastModifiedDate", "orderByDirection": "ASC"}
        if status:
            params["status"] = status
        return self.http.call("GET", f"{self._orders_path}/v2/orders", "order.packages", params=params) or {}

    def get_packages(self, package_ids: Sequence[str]) -> list[RemotePackage]:
        ids = list(dict.fromkeys(str(x) for x in package_ids))
        found: list[RemotePackage] = []
        for start in range(0, len(ids), IDS_PER_REQUEST):
            chunk = ids[start:start + IDS_PER_REQUEST]
            data = self.http.call("GET", f"{self._orders_path}/v2/orders", "order.packages",
                                  params={"shipmentPackageIds": ",".join(chunk), "size": PAGE_SIZE}) or {}
            found += [om.package_from_json(row) for row in data.get("content") or []]
        return found

    def packages_of_order(self, order_number: str) -> list[RemotePackage]:
        data = self.http.call("GET", f"{self._orders_path}/v2/orders", "order.packages",
                              params={"orderNumber": order_number, "size": PAGE_SIZE}) or {}
        return [om.package_from_json(row) for row in data.get("content") or []]

    def update_package_status(self, package_id: str, lines: Sequence[LineQuantity], status: str,
                              invoice_number: str = "") -> None:
        self.http.call("PUT", f"{self._orders_path}/shipment-packages/{package_id}", "order.package_status",
                       json=om.status_body(lines, status, invoice_number))

    def send_tracking(self, package_id: str, tracking_number: str) -> None:
        """Legacy TR call (deprecated by Trendyol; only for sellers shipping with their own carrier)."""
        self.http.call("PUT", f"{self._orders_path}/shipment-packages/{package_id}/update-tracking-number",
                       "order.tracking", json={"trackingNumber": tracking_number})

    def report_unsupplied(self, package_id: str, lines: Sequence[LineQuantity], reason_id: str) -> None:
        self.http.call("PUT", f"{self._orders_path}/shipment-packages/{package_id}/items/unsupplied",
                       "order.unsupplied", json=om.unsupplied_body(lines, reason_id))

    def list_claims(self, since: datetime, until: datetime, status: str = "") -> Iterator[RemoteClaim]:
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
