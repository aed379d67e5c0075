"""Order hooks for Hepsiburada's OMS: paid lines become seller-created packages, packages are
imported, lines are cancelled with a reason, claims are read and answered.

The model differs from Trendyol's: paid lines wait in `/orders` until the seller packages them
(or Hepsiburada auto-packages them after 15 minutes, when the merchant chose that), and only a
package carries the cargo barcode. So `list_packages` first packages the waiting lines of each
order (conf `packaging: api`, the default), then lists packages by packaging date in windows of
at most 24 hours (a longer window is silently cut by Hepsiburada), and follows later changes
(shipped, delivered, undelivered, cancelled lines) through the lists dated by the change
(`order_changes`). A merchant cancellation of units of a package is one split: the named
quantities are cancelled and the rest packed under a new package number, which the next listing
finds and the importer ties to the order through its units. Hepsiburada has no counterpart of
the Picking/Invoiced statuses nor of a seller tracking number on its own carrier contract; those
hooks say so.
"""
from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterator, Sequence
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, ClassVar

from channel.adapters.errors import RequestRejected, UnsupportedOperation
from channel.adapters.hepsiburada import order_mappers
from channel.adapters.hepsiburada.order_changes import ChangeReader
from channel.adapters.orders import (
    ClaimFile,
    ClaimIssueReason,
    LineQuantity,
    OrdersAdapter,
    RemoteClaim,
    RemotePackage,
)

if TYPE_CHECKING:
    from channel.adapters.hepsiburada.http import HepsiburadaHTTP

logger = logging.getLogger(__name__)

LINES_PAGE, PACKAGES_PAGE, CLAIMS_PAGE = 100, 10, 100
LOOKUP_DAYS = 7
CLOCK_SLACK = timedelta(minutes=10)
CLOCK_MARGIN = timedelta(minutes=1)  # beyond our clock: a package packed a moment ago, or on a clock ahead
#: The only merchant cancellation reason the documentation names ("Ürün tedarik edilemedi").
COULD_NOT_SUPPLY = 83
#: Rejection reasons seen in claims (third-party list; Hepsiburada publishes no endpoint for them).
CLAIM_REJECTION_REASONS = ("CustomerReturnedWrongItem", "ProductIsDamaged", "MissingQuantity", "NoSuchAccessory")


def day_windows(since: datetime, until: datetime) -> Iterator[tuple[datetime, datetime]]:
    """[since, until] cut into windows of at most 24 hours."""
    start = since
    while start < until:
        end = min(start + timedelta(hours=24), until)
        yield start, end
        start = end


def wanted(package: RemotePackage, statuses: Sequence[str]) -> bool:
    """In `statuses`, or holding units in them: a line cancelled out of a live package counts as cancelled."""
    return not statuses or package.status in statuses or any(unit.status in statuses for unit in package.units)


class HepsiburadaOrders(OrdersAdapter):
    http: HepsiburadaHTTP
    merchant_id: str
    conf: dict[str, Any]

    order_window_max_days: ClassVar[int] = 1
    origins_by_units: ClassVar[bool] = True  # a re-packed line keeps its id, the new package names no origin

    @property
    def _oms(self) -> str:
        return f"merchantid/{self.merchant_id}"

    def list_packages(self, since: datetime, until: datetime, statuses: Sequence[str] = ()) -> Iterator[
            list[RemotePackage]]:
        """Packages packaged in the window (the packages list), then packages of orders whose
        packages shipped, were delivered or not, or lost lines in the window (`order_changes`);
        an order named by a change is delivered from its detail read only.

        Lines packed here are packed after the caller's window closed: when this call packed
        any, the window reaches `CLOCK_MARGIN` past our clock, so its packages are imported now,
        not at the next run."""
        if self.conf.get("packaging", "api") == "api" and self.package_paid_lines():
            until = max(until, datetime.now(order_mappers.TURKEY) + CLOCK_MARGIN)
        reader = ChangeReader(self.http, self._oms)
        changes = reader.changes(day_windows(since, until), statuses)
        seen: set[str] = set()
        for page in self.packaged(since, until):
            found = [package for package in page if package.package_id not in seen
                     and package.order_number not in changes.orders]
            seen.update(package.package_id for package in found)
            found = [package for package in found if wanted(package, statuses)]
            if found:
                yield found
        for order_number in sorted(changes.orders):
            found = [package for package in reader.order(order_number, changes) if package.package_id not in seen]
            seen.update(package.package_id for package in found)
            found = [package for package in found if wanted(package, statuses)]
            if found:
                yield found

    def packaged(self, since: datetime, until: datetime) -> Iterator[list[RemotePackage]]:
        """Pages of packages by packaging date, in windows of at most 24 hours."""
        for begin, end in day_windows(since, until):
            # filters have minute precision: the end is rounded up, so the windows overlap by under
            # a minute and what both list is delivered once by the caller
            window = {"begindate": order_mappers.query_date(begin),
                      "enddate": order_mappers.query_end(end)}
            for page in self._package_pages(window):
                yield [order_mappers.package_from_json(row) for row in page]

    def _package_pages(self, window: dict[str, str]) -> Iterator[list[dict[str, Any]]]:
        offset = 0
        while True:
            response = self.http.call("oms", "GET", f"/packages/{self._oms}", "packages",
                                      params={"Offset": offset, "limit": PACKAGES_PAGE, **window})
            rows = response.json() or []
            yield rows
            pages = int(response.headers.get("pagecount") or 0)
            offset += PACKAGES_PAGE
            if not rows or offset // PACKAGES_PAGE >= pages:
                return

    def paid_lines(self) -> list[dict[str, Any]]:
        """Every paid line waiting to be packaged (no date filter: they wait until packaged)."""
        lines: list[dict[str, Any]] = []
        offset = 0
        while True:
            body = self.http.json("oms", "GET", f"/orders/{self._oms}", "orders",
                                  params={"offset": offset, "limit": LINES_PAGE})
            lines.extend(body.get("items") or [])
            offset += LINES_PAGE
            if offset >= int(body.get("totalCount") or 0):
                return lines

    def package_paid_lines(self) -> list[str]:
        """One package per order of the lines the OMS lets the seller package; the new package numbers.

        An order whose address change is pending (400) stays for the next run."""
        by_order: dict[str, list[dict[str, Any]]] = {}
        for line in self.paid_lines():
            if line.get("canCreatePackage", True):
                by_order.setdefault(str(line["orderNumber"]), []).append(line)
        created = []
        for order_number, lines in by_order.items():
            try:
                body = self.http.json("oms", "POST", f"/packages/{self._oms}", "create_package",
                                      json=order_mappers.to_package_request(lines, int(self.conf.get("deci") or 1)))
            except RequestRejected as exc:
                logger.warning("hepsiburada order %s not packaged now: %s", order_number, exc)
                continue
            created.append(str(body["packageNumber"]))
        return created

    def recent_packages(self) -> Iterator[RemotePackage]:
        """Packages packaged in the last `LOOKUP_DAYS` days, as they stand now, up to a few minutes
        ahead for clock skew (one listing; no packaging, no change lists)."""
        now = datetime.now(order_mappers.TURKEY)
        seen: set[str] = set()
        for page in self.packaged(now - timedelta(days=LOOKUP_DAYS), now + CLOCK_SLACK):
            for package in page:
                if package.package_id not in seen:
                    seen.add(package.package_id)
                    yield package

    def get_packages(self, package_ids: Sequence[str]) -> list[RemotePackage]:
        wanted = set(package_ids)
        return [package for package in self.recent_packages() if package.package_id in wanted]

    def packages_of_order(self, order_number: str) -> list[RemotePackage]:
        """One order-detail read: every package of the order, however long ago it was packaged."""
        try:
            return ChangeReader(self.http, self._oms).order(order_number)
        except RequestRejected as exc:
            if exc.status == 404:
                return []
            raise

    def update_package_status(self, package_id: str, lines: Sequence[LineQuantity], status: str,
                              invoice_number: str = "") -> None:
        """Only an invoice *link* has a counterpart (PUT .../invoice, a public PDF URL)."""
        if status == "Invoiced" and invoice_number.startswith(("http://", "https://")):
            self.http.call("oms", "PUT", f"/packages/{self._oms}/packagenumber/{package_id}/invoice", "invoice",
                           json={"invoiceLink": invoice_number})
            return
        raise UnsupportedOperation(f"hepsiburada: package status {status!r} (Hepsiburada takes an invoice link only)")

    def send_tracking(self, package_id: str, tracking_number: str) -> None:
        raise UnsupportedOperation("hepsiburada: tracking numbers are the carrier's (store-account updates not used)")

    def report_unsupplied(self, package_id: str, lines: Sequence[LineQuantity], reason_id: str) -> None:
        """Cancel units of an open package, whole lines or part of one.

        One split (`POST .../split`) cancels the named quantities and packs the rest into a new
        package, in one call: nothing is left half done if the worker dies. The new package names
        no origin; the next import ties it to the order through its units (`origins_by_units`).
        When nothing is left, the package is unpacked and each line cancelled by the merchant."""
        package = next(iter(self.get_packages([package_id])), None)
        if package is None:
            raise RequestRejected(f"package {package_id} not found", status=404, url="", body="")
        held = Counter(unit.line_id for unit in package.units)
        cancel = Counter({line.line_id: line.quantity for line in lines})
        for line_id, quantity in cancel.items():
            if not 0 < quantity <= held[line_id]:
                raise RequestRejected(f"package {package_id} holds {held[line_id]} units of line {line_id}, "
                                      f"not {quantity} to cancel", status=400, url="", body="")
        kept = held - cancel
        if kept:
            self.http.call("oms", "POST", f"/packages/{self._oms}/packagenumber/{package_id}/split", "split",
                           json=order_mappers.to_split_request(kept, cancel, int(self.conf.get("deci") or 1),
                                                               COULD_NOT_SUPPLY))
            return
        self.http.call("oms", "POST", f"/packages/{self._oms}/packagenumber/{package_id}/unpack", "unpack")
        for line_id in cancel:  # the only documented reason; another would be refused after the unpack
            self.http.call("oms", "POST", f"/lineitems/{self._oms}/id/{line_id}/cancelbymerchant",
                           "cancel_line", json={"reasonId": COULD_NOT_SUPPLY})

    def list_claims(self, since: datetime, until: datetime, status: str = "") -> Iterator[RemoteClaim]:
        """Claims created in the window (24-hour windows), or every claim in the Hepsiburada statuses
        that mean the flows' `status` (the status lists take no dates)."""
        if status:
            for remote in sorted(s for s, word in order_mappers.CLAIM_STATUSES.items() if word == status):
                yield from self._claim_pages(f"/claims/merchantId/{self.merchant_id}/status/{remote}", {})
            return
        seen: set[str] = set()
        for begin, end in day_windows(since, until):  # minute precision: the end rounded up, repeats dropped
            for claim in self._claim_pages(f"/claims/merchantId/{self.merchant_id}", {
                    "beginDate": order_mappers.query_date(begin),
                    "endDate": order_mappers.query_end(end)}):
                if claim.claim_id not in seen:
                    seen.add(claim.claim_id)
                    yield claim

    def _claim_pages(self, path: str, dates: dict[str, str]) -> Iterator[RemoteClaim]:
        offset = 0
        while True:
            rows = self.http.json("oms", "GET", path, "claims", params={"offset": offset, "limit": CLAIMS_PAGE, **dates})
            yield from (order_mappers.claim_from_json(row) for row in rows or [])
            offset += CLAIMS_PAGE
            if len(rows or []) < CLAIMS_PAGE:
                return

    def list_claim_issue_reasons(self) -> list[ClaimIssueReason]:
        return [ClaimIssueReason(reason, reason, needs_file=False) for reason in CLAIM_REJECTION_REASONS]

    def approve_claim_items(self, claim_id: str, claim_item_ids: Sequence[str]) -> None:
        """A claim is one line: accepting any of its units accepts the claim."""
        self.http.call("oms", "POST", f"/claims/number/{claim_id}/accept", "claim_accept",
                       json={"FinalizedWith": "Refund", "InvoiceLink": None, "AcceptionReason": None})

    def reject_claim_items(self, claim_id: str, claim_item_ids: Sequence[str], reason_id: str,
                           description: str, files: Sequence[ClaimFile] = ()) -> None:
        self.http.call("oms", "POST", f"/claims/number/{claim_id}/reject", "claim_reject",
                       json={"ClaimRejectionReason": reason_id, "MerchantStatement": description,
                             "Reports": [], "UploadedReportsUrls": []})
