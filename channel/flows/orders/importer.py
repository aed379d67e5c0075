"""Import marketplace packages as Omnitron orders, exactly once.

Per page of packages (the adapter lists a time window, oldest first):

    1 request   which of them Omnitron already holds: `orders/?number__in=` (number = package id)
    0-1         their order IAs (to record the ones a killed run left unrecorded)
    0-3         packages that continue another without naming it (`continuations`: Hepsiburada)
    0-1         IAs of replaced packages (a partial cancellation or split: re-point the order)
    ~3-5        customers, addresses, places, products for the new ones, in bulk (cached per run)
    per order   customer POST when new, address POST when new, `create_orders/` POST
                (one thread per buyer, `concurrency` option, default 8)
    3 per ~500  one batch (create, commit, done) recording order and item IAs as the run goes
                (every RECORD_EVERY entries, checked after each page)

Exactly once rests on Omnitron: the order number is unique there, so a retried task, an
overlapping run, or a run killed after `create_orders/` answered all end in the same single
order; a 400 "already exists" or a timed-out create is settled by reading the order back by
number. One bad package (unknown place, carrier or product, refused create) is reported and
skipped; the others of its page go on.

The flow (`IMPORT`, at the end) runs on the order loop (`loop.py`): `list_live` pages the window,
`triage` drops what Omnitron holds, `create` makes the rest.
"""
from __future__ import annotations

import logging
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from omnitron import families
from omnitron.errors import BadRequest, OmnitronError, ResponseTimeout

from channel import faultpoints
from channel.adapters.orders import IMPORTABLE, RemotePackage
from channel.flows import error_reports
from channel.flows.orders import IMPORT_OPTIONS, SAFETY_NET, continuations, integration_actions, window
from channel.flows.orders.loop import OrderFlow, OrderRun, drain
from channel.flows.orders.parties import Parties
from channel.flows.orders.payloads import Resolved, item_bodies, order_body, order_number
from channel.flows.orders.places import AddressError, Places
from channel.flows.orders.references import References, UnknownCargo, UnknownProduct
from channel.flows.registry import Flow

if TYPE_CHECKING:
    from omnitron.types import BatchObject, Catalog

    from channel.flows.runtime import Runtime

logger = logging.getLogger(__name__)

NAME = "orders_import"
DEFAULT_CONCURRENCY = 8
# Batch entries (an order and its items) per IA-recording batch: small, so a run that dies
# leaves at most a page of orders for the next run to find by number and record.
RECORD_EVERY = 500


class Importer:
    """One run's import state: place, party and reference caches shared by its pages."""

    def __init__(self, rt: Runtime) -> None:
        self.rt = rt
        self.places = Places(rt)
        self.parties = Parties(rt, self.places)
        self.references = References(rt)
        self.catalog: Catalog = {}

    # ---- what Omnitron holds already ---------------------------------------------------------

    def triage(self, run: OrderRun, live: list[RemotePackage]) -> list[RemotePackage]:
        """The packages that need a new order. Orders a killed run left unrecorded are
        recorded, and the order of a replaced package is re-pointed at its replacement."""
        existing = self._existing(live)
        live = self._name_origins(live, existing)
        links = self._links([p for p in live if p.replaces and order_number(p) not in existing])
        ias = integration_actions.order_ias(self.rt, [int(row["pk"]) for row in existing.values()])
        entries: list[BatchObject] = []
        new: list[RemotePackage] = []
        for package in live:
            found, needs_order = self._sort(run, package, existing, links, ias)
            entries += found
            if needs_order:
                new.append(package)
        record(run, entries)
        return new

    def _sort(self, run: OrderRun, package: RemotePackage, existing: dict[str, dict[str, Any]],
              links: dict[str, Any], ias: dict[int, dict[str, Any]]) -> tuple[list[BatchObject], bool]:
        """Entries to record for `package`, and whether it needs a new order."""
        number = order_number(package)
        if number in existing:
            run.count("existing")
            if integration_actions.unrecorded(ias.get(int(existing[number]["pk"]))):
                return self.entries([existing[number]], {number: package}), False
            return [], False
        if not package.replaces:
            return [], True
        relinked = self._relink(run, package, existing, links, ias)
        return relinked, not self._continues(package, existing, links)

    def _existing(self, live: list[RemotePackage]) -> dict[str, dict[str, Any]]:
        """Orders Omnitron holds under the packages' numbers, or the numbers they replace."""
        return self._held([order_number(p) for p in live] + [o for p in live for o in p.origin_package_ids])

    def _held(self, numbers: list[str]) -> dict[str, dict[str, Any]]:
        return {str(row["number"]): dict(row) for row in self.rt.omnitron.filters.rows(families.ORDERS_BY_NUMBER, numbers)}

    def _name_origins(self, live: list[RemotePackage], existing: dict[str, dict[str, Any]]) -> list[RemotePackage]:
        """`live`, a package that continues another without naming it naming it now (`continuations`);
        the orders of the origins found join `existing`."""
        named = continuations.with_origins(self.rt, live, existing)
        if named is not live:
            existing.update(self._held([o for p in named for o in p.origin_package_ids if o not in existing]))
        return named

    def _links(self, replacing: list[RemotePackage]) -> dict[str, Any]:
        """Order IAs whose remote id is a replacing package or one it replaces."""
        ids = [p.package_id for p in replacing] + [o for p in replacing for o in p.origin_package_ids]
        if not ids:
            return {}
        rows = self.rt.omnitron.integration_actions.in_bulk("remote_id", ids, content_type_name=integration_actions.ORDER)
        return {str(ia["remote_id"]): dict(ia) for ia in rows}

    def _continues(self, package: RemotePackage, existing: dict[str, Any], links: dict[str, Any]) -> bool:
        return package.package_id in links or any(o in existing or o in links for o in package.origin_package_ids)

    def _relink(self, run: OrderRun, package: RemotePackage, existing: dict[str, Any], links: dict[str, Any | None],
                ias: dict[int, dict[str, Any]]) -> list[BatchObject]:
        """Point the order of a replaced package at its replacement (no new order).

        Only forward: the order's IA must name the replaced package (or be missing). After a
        split, the first new package takes the link; its siblings leave it, so reruns do not
        flip it (writes find every package of the order through `remote.locate_units`).
        """
        if package.package_id in links:
            return []
        for origin in package.origin_package_ids:
            order = self._linked_order(origin, existing, links, ias)
            if order is None:
                continue
            if not order:  # a sibling of this page took the link, or it points elsewhere already
                return []
            links[origin] = None  # taken: a sibling in this page does not move it again
            run.count("relinked")
            return integration_actions.order_entries(order, package.package_id, [])
        return []

    @staticmethod
    def _linked_order(origin: str, existing: dict[str, Any], links: dict[str, Any | None],
                      ias: dict[int, dict[str, Any]]) -> dict[str, Any] | None:
        """The order a replaced package `origin` stands for: None when unknown, {} when it must not move."""
        if origin in links:
            ia = links[origin]
            return {} if ia is None else {"pk": ia["object_id"], "modified_date": ia.get("version_date")}
        if origin not in existing:
            return None
        current = ias.get(int(existing[origin]["pk"]))
        if current is not None and current.get("remote_id") not in (None, origin):
            return {}
        # keep the version Omnitron last pushed, so pending order updates stay pending
        version = current.get("version_date") if current else existing[origin].get("modified_date")
        return {"pk": existing[origin]["pk"], "modified_date": version}

    def entries(self, orders: list[dict[str, Any]], packages: dict[str, RemotePackage]) -> list[BatchObject]:
        items = integration_actions.items_of(self.rt, orders)
        entries: list[BatchObject] = []
        for order in orders:
            package = packages[str(order["number"])]
            entries += integration_actions.order_entries(order, package.package_id, items.get(int(order["pk"]), []))
        return entries

    # ---- creating ----------------------------------------------------------------------------

    def create_all(self, run: OrderRun, packages: list[RemotePackage]) -> list[dict[str, Any]]:
        """Create the page's new orders, one buyer per thread (`concurrency` option, default 8).

        A buyer's packages run in order on one thread, so a customer and its addresses are
        created once; distinct buyers share nothing but read-only lookups. Threads only talk
        to Omnitron and return outcomes; counting and reporting happen here, on one thread.
        """
        self.parties.prefetch(packages)
        self.references.prefetch(packages)
        self.catalog = self.rt.catalog  # read once, before the threads use it
        groups: dict[str, list[RemotePackage]] = {}
        for package in packages:
            groups.setdefault(self.parties.key(package), []).append(package)
        workers = max(1, int(self.rt.option("concurrency", DEFAULT_CONCURRENCY)))
        with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="orders-import") as pool:
            outcomes = [o for group in pool.map(self._create_group, groups.values()) for o in group]
        created = []
        for outcome in outcomes:
            self.rt.summary.sent += outcome.attempts
            if outcome.order is not None:
                created.append(outcome.order)
                run.count(outcome.status)
                self.rt.summary.succeeded += outcome.status == "created"
                continue
            run.failed(outcome.package.modified_at)
            if isinstance(outcome.error, AddressError):
                error_reports.address_failed(self.rt, outcome.package.package_id, outcome.error)
            else:
                error_reports.package_failed(self.rt, outcome.package.package_id, outcome.reason)
        return created

    def _create_group(self, packages: list[RemotePackage]) -> list[Outcome]:
        return [self._create_one(package) for package in packages]

    def _create_one(self, package: RemotePackage) -> Outcome:
        try:
            resolved = self._resolve(package)
        except AddressError as exc:
            return Outcome(package, error=exc, reason=str(exc))
        except (UnknownCargo, UnknownProduct, ValueError) as exc:
            return Outcome(package, reason=str(exc))
        except OmnitronError as exc:
            return Outcome(package, reason=f"Omnitron refused a lookup or create: {exc}")
        return self._create(package, resolved)

    def _resolve(self, package: RemotePackage) -> Resolved:
        customer = self.parties.customer(package)
        email = package.customer.email
        shipping = self.parties.address(customer, package.shipping_address, email)
        billing = (shipping if package.billing_address == package.shipping_address
                   else self.parties.address(customer, package.billing_address, email))
        products = {unit.unit_id: self.references.product(unit) for unit in package.units}
        cargo = self.references.cargo(package)
        return Resolved(customer, shipping, billing, cargo, products, self.catalog.get("price_list"),
                        self.catalog.get("stock_list"))

    def _create(self, package: RemotePackage, resolved: Resolved) -> Outcome:
        """The created order, or the one Omnitron already holds under this number.

        A 400 or a timeout is settled by reading the order back by number: Omnitron refuses a
        second order with the same number, so whatever happened to the first attempt, there is
        at most one. A timed-out create that left no order is sent once more.
        """
        body, items = order_body(package, resolved, self.rt.ctx.channel_id), item_bodies(package, resolved)
        for attempt in (1, 2):
            try:
                order = dict(self.rt.omnitron.create_orders.create(body, items))
                faultpoints.reached("order_created")  # Omnitron has the order; its IA is not written yet
                return Outcome(package, order, "created", attempt)
            except BadRequest as exc:
                found = self._by_number(body["number"])
                if found is not None:  # created by an earlier attempt, run or worker
                    return Outcome(package, found, "existing", attempt)
                return Outcome(package, reason=f"create_orders refused: {exc}", attempts=attempt)
            except ResponseTimeout:
                found = self._by_number(body["number"])
                if found is not None:
                    return Outcome(package, found, "existing", attempt)
                logger.warning("create_orders for %s timed out and left no order (attempt %d)", body["number"],
                               attempt)
            except OmnitronError as exc:
                return Outcome(package, reason=f"create_orders failed: {exc}", attempts=attempt)
        return Outcome(package, reason="create_orders timed out twice; retried by the next run", attempts=2)

    def _by_number(self, number: str) -> dict[str, Any] | None:
        rows = self.rt.omnitron.orders.list(number=number).first_page()
        return dict(rows[0]) if rows else None


@dataclass
class Outcome:
    """What happened to one new package: an order (created or found), or why not."""

    package: RemotePackage
    order: dict[str, Any] | None = None
    status: str = "failed"
    attempts: int = 0
    reason: str = ""
    error: Exception | None = field(default=None)


# ---- the flow ------------------------------------------------------------------------------------

def list_live(run: OrderRun) -> Iterator[list[RemotePackage]]:
    """Importable packages of the window, each once per run (windows and pages overlap)."""
    seen: set[str] = set()
    for page in run.rt.orders.list_packages(run.span.since, run.span.until):
        live = [p for p in page if p.status in IMPORTABLE and p.package_id not in seen]
        seen.update(p.package_id for p in live)
        if live:
            yield live


def triage(run: OrderRun, live: list[RemotePackage]) -> list[RemotePackage]:
    return run.memo(Importer).triage(run, live)


def create(run: OrderRun, new: list[RemotePackage]) -> None:
    importer = run.memo(Importer)
    created = importer.create_all(run, new)
    record(run, importer.entries(created, {order_number(p): p for p in new}))


def record(run: OrderRun, entries: list[BatchObject]) -> None:
    if run.record(entries):
        run.count("recorded", sum(1 for entry in entries if entry["content_type"] == integration_actions.ORDER))


IMPORT = OrderFlow(NAME, listing=list_live, known=triage, act=create, record_every=RECORD_EVERY,
                   lookback_hours=window.DEFAULT_LOOKBACK_HOURS,
                   counts=("created", "existing", "relinked", "recorded"))

FLOWS = (
    Flow(NAME, "Import new marketplace packages as Omnitron orders, exactly once.", drain(IMPORT), SAFETY_NET,
         "fetch_and_create_order", options=IMPORT_OPTIONS),
)
