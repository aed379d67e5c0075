"""Import marketplace packages as Omnitron orders, exactly once.

Per page of packages (the adapter lists a time window, oldest first):

    1 request   which of them Omnitron already holds: `orders/?number__in=` (number = package id)
    0-1         their order IAs (to record the ones a killed run left unrecorded)
    0-1         IAs of replaced packages (a partial cancellation or split: re-point the order)
    ~3-5        customers, addresses, places, products for the new ones, in bulk (cached per run)
    per order   customer POST when new, address POST when new, `create_orders/` POST
    3           one batch (create, commit, done) recording order and item IAs

Exactly once rests on Omnitron: the order number is unique there, so a retried task, an
overlapping run, or a run killed after `create_orders/` answered all end in the same single
order; a 400 "already exists" or a timed-out create is settled by reading the order back by
number. One bad package (unknown place, carrier or product, refused create) is reported and
skipped; the others of its page go on.
"""
from __future__ import annotations

import logging
from datetime import datetime
from typing import TYPE_CHECKING, Any

from omnitron.errors import BadRequest, OmnitronError, ResponseTimeout

from channel.adapters.orders import IMPORTABLE, RemotePackage
from channel.flows.orders import failures, records, window
from channel.flows.orders.parties import Parties
from channel.flows.orders.payloads import Resolved, item_bodies, order_body, order_number
from channel.flows.orders.places import AddressError, Places
from channel.flows.orders.references import References, UnknownCargo, UnknownProduct

if TYPE_CHECKING:
    from omnitron.types import BatchObject

    from channel.flows.runtime import Runtime

logger = logging.getLogger(__name__)

NAME = "orders_import"


class Importer:
    """One run's import: caches, counters and the oldest failure (the window keeps it)."""

    def __init__(self, rt: Runtime) -> None:
        self.rt = rt
        self.places = Places(rt)
        self.parties = Parties(rt, self.places)
        self.references = References(rt)
        self.counts = {"created": 0, "existing": 0, "relinked": 0, "recorded": 0}
        self.oldest_failure: datetime | None = None
        self.seen: set[str] = set()

    def run(self) -> dict[str, Any]:
        since, until = window.bounds(self.rt, NAME)
        for page in self.rt.adapter.list_packages(since, until):
            self.import_page(page)
            self.rt.ctx.report_progress(self.rt.summary.fetched, None, "import")
        if not self.rt.ctx.dry_run:
            window.advance(self.rt, NAME, until, self.oldest_failure)
        return self.counts

    # ---- one page ----------------------------------------------------------------------------

    def import_page(self, page: list[RemotePackage]) -> None:
        live = [p for p in page if p.status in IMPORTABLE and p.package_id not in self.seen]
        self.seen.update(p.package_id for p in live)
        if not live:
            return
        self.rt.summary.fetched += len(live)
        origins = [origin for p in live for origin in p.origin_package_ids]
        existing = {str(row["number"]): dict(row) for row in
                    self.rt.omnitron.orders.in_bulk("number", [order_number(p) for p in live] + origins)}
        links = self._links([p for p in live if p.replaces and order_number(p) not in existing])
        ias = records.order_ias(self.rt, [int(existing[order_number(p)]["pk"]) for p in live
                                          if order_number(p) in existing])
        entries: list[BatchObject] = []
        new: list[RemotePackage] = []
        for package in live:
            number = order_number(package)
            if number in existing:
                self.counts["existing"] += 1
                if records.unrecorded(ias.get(int(existing[number]["pk"]))):
                    entries += self._entries([existing[number]], {number: package})
            elif package.replaces:
                entries += self._relink(package, existing, links) if package.package_id not in links else []
                if not self._continues(package, existing, links):
                    new.append(package)
            else:
                new.append(package)
        if self.rt.ctx.dry_run:
            self.rt.summary.would_send += len(new)
            return
        created = self._create_all(new)
        entries += self._entries(created, {order_number(p): p for p in new})
        self.counts["recorded"] += sum(1 for e in entries if e["content_type"] == records.ORDER)
        records.record(self.rt, entries)

    def _links(self, replacing: list[RemotePackage]) -> dict[str, dict[str, Any]]:
        """Order IAs whose remote id is a replacing package or one it replaces."""
        ids = [p.package_id for p in replacing] + [o for p in replacing for o in p.origin_package_ids]
        if not ids:
            return {}
        rows = self.rt.omnitron.integration_actions.in_bulk("remote_id", ids, content_type_name=records.ORDER)
        return {str(ia["remote_id"]): dict(ia) for ia in rows}

    def _continues(self, package: RemotePackage, existing: dict[str, Any], links: dict[str, Any]) -> bool:
        return package.package_id in links or any(o in existing or o in links for o in package.origin_package_ids)

    def _relink(self, package: RemotePackage, existing: dict[str, Any],
                links: dict[str, Any]) -> list[BatchObject]:
        """Point the order of a replaced package at its replacement (no new order)."""
        for origin in package.origin_package_ids:
            if origin in links:
                ia = links[origin]
                order = {"pk": ia["object_id"], "modified_date": ia.get("version_date")}
                self.counts["relinked"] += 1
                return records.order_entries(order, package.package_id, [])
            if origin in existing:
                self.counts["relinked"] += 1
                return records.order_entries(existing[origin], package.package_id, [])
        return []

    def _entries(self, orders: list[dict[str, Any]], packages: dict[str, RemotePackage]) -> list[BatchObject]:
        items = records.items_of(self.rt, orders)
        entries: list[BatchObject] = []
        for order in orders:
            package = packages[str(order["number"])]
            entries += records.order_entries(order, package.package_id, items.get(int(order["pk"]), []))
        return entries

    # ---- creating ----------------------------------------------------------------------------

    def _create_all(self, packages: list[RemotePackage]) -> list[dict[str, Any]]:
        if not packages:
            return []
        self.parties.prefetch(packages)
        self.references.prefetch(packages)
        created = []
        for package in packages:
            resolved = self._resolve(package)
            if resolved is None:
                self._failed(package)
                continue
            order = self._create(package, resolved)
            if order is None:
                self._failed(package)
            else:
                created.append(order)
        return created

    def _failed(self, package: RemotePackage) -> None:
        if self.oldest_failure is None or package.modified_at < self.oldest_failure:
            self.oldest_failure = package.modified_at

    def _resolve(self, package: RemotePackage) -> Resolved | None:
        try:
            customer = self.parties.customer(package)
            email = package.customer.email
            shipping = self.parties.address(customer, package.shipping_address, email)
            billing = (shipping if package.billing_address == package.shipping_address
                       else self.parties.address(customer, package.billing_address, email))
            products = {unit.unit_id: self.references.product(unit) for unit in package.units}
            cargo = self.references.cargo(package)
        except AddressError as exc:
            failures.address_failed(self.rt, package.package_id, exc)
            return None
        except (UnknownCargo, UnknownProduct, ValueError) as exc:
            failures.package_failed(self.rt, package.package_id, str(exc))
            return None
        except OmnitronError as exc:
            failures.package_failed(self.rt, package.package_id, f"Omnitron refused a lookup or create: {exc}")
            return None
        catalog = self.rt.catalog
        return Resolved(customer, shipping, billing, cargo, products, catalog.get("price_list"),
                        catalog.get("stock_list"))

    def _create(self, package: RemotePackage, resolved: Resolved) -> dict[str, Any] | None:
        """The created order, or the one Omnitron already had under this number; None on refusal."""
        body, items = order_body(package, resolved, self.rt.ctx.channel_id), item_bodies(package, resolved)
        self.rt.summary.sent += 1
        for attempt in (1, 2):
            try:
                order = dict(self.rt.omnitron.create_orders.create(body, items))
            except BadRequest as exc:
                found = self._by_number(body["number"])
                if found is not None:  # created by an earlier attempt, run or worker
                    self.counts["existing"] += 1
                    return found
                failures.package_failed(self.rt, package.package_id, f"create_orders refused: {exc}",
                                        raw_request=f"POST-create_orders-{body['number']}")
                return None
            except ResponseTimeout:
                found = self._by_number(body["number"])
                if found is not None:
                    self.counts["existing"] += 1
                    return found
                logger.warning("create_orders for %s timed out and left no order; attempt %d", body["number"],
                               attempt)
                continue
            except OmnitronError as exc:
                failures.package_failed(self.rt, package.package_id, f"create_orders failed: {exc}")
                return None
            self.counts["created"] += 1
            self.rt.summary.succeeded += 1
            return order
        failures.package_failed(self.rt, package.package_id, "create_orders timed out twice; retried next run")
        return None

    def _by_number(self, number: str) -> dict[str, Any] | None:
        rows = self.rt.omnitron.orders.list(number=number).first_page()
        return dict(rows[0]) if rows else None
