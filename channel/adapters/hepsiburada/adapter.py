"""`HepsiburadaAdapter`: orchestrates Hepsiburada calls; conversion in `mappers`, transport in `http`.

What the engine must know about Hepsiburada:
* Catalog and offer are separate systems. A product is created by an import file (at most
  `IMPORT_ITEMS` rows here, as sellers are advised) answered with a tracking id; `fetch_batch`
  polls its rows. A row's success means the product waits on Hepsiburada (WAITING), on the
  merchant (PRE_MATCHED: approved automatically when conf `approve_matches` is on) or is ready
  for sale (MATCHED/CREATED, with its `hbSku` and a listing); MISSING_INFO, BLOCKED and
  REJECTED fail with Hepsiburada's reasons. `get_product_states` reads the match back.
* Price and stock are listing uploads (price-uploads, stock-uploads, up to 4000 items), each an
  asynchronous job with per-item errors; only products with a listing (matched) take them.
  The import carries the first price and stock, so a listing opens with them.
* Updates: a product not yet approved is re-imported; an approved one changes through the
  ticket-api content update (`ticket:<trackingId>`), carrying only what differs from Hepsiburada's
  copy (one all-products read per chunk; `content_updates`).
* Delete: an approved product's listing is deactivated (Hepsiburada never deletes approved
  products); products not yet approved are removed by a delete process (`delete:<trackingId>`,
  polled like an import; each SKU deleted or refused with Hepsiburada's message).
* Brands are free text (`brand_remote_id` is the brand's name); there is no brand list.
* Conf keys: see `HepsiburadaAdapter.conf_schema`.
"""
from __future__ import annotations

import io
import json
import time
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import requests

from channel.adapters.base import AdapterLimits, MarketplaceAdapter
from channel.adapters.budget import SharedBudgets, SharedStore, default_store
from channel.adapters.conf import ConfField
from channel.adapters.errors import BatchNotFound, RequestRejected, UnsupportedOperation
from channel.adapters.hepsiburada import content_updates, mappers
from channel.adapters.hepsiburada.http import HepsiburadaEndpoint, HepsiburadaHTTP
from channel.adapters.hepsiburada.orders import HepsiburadaOrders
from channel.adapters.payloads import PriceInput, ProductPayloadInput, ProductRef, StockInput
from channel.adapters.results import (
    BatchResult,
    ItemOutcome,
    PushResult,
    RemoteAttribute,
    RemoteAttributeValue,
    RemoteBrand,
    RemoteCategory,
    RemoteProductState,
)
from channel.adapters.retry import RetryPolicy

IMPORT_ITEMS, UPLOAD_ITEMS = 100, 4000
#: Import and upload jobs are processed asynchronously and take seconds, not milliseconds (the
#: documentation gives no figure; the sandbox holds each job 1 s): the first status read waits this long.
FIRST_POLL_S = 1.0
CATALOG_PAGE = 2000
SKUS_PER_LOOKUP = 50  # the listing list takes at most 50 merchantSku per request


class HepsiburadaAdapter(HepsiburadaOrders, MarketplaceAdapter):
    """Hepsiburada marketplace: catalog (mpop), listing and order (OMS) services."""

    name = "hepsiburada"
    conf_schema = (
        ConfField("merchant_id", help="Hepsiburada merchant id (Mağaza ID, a GUID): the Basic auth user name"),
        ConfField("service_key", secret=True, help="Servis Anahtarı: the Basic auth password (12 characters)"),
        ConfField("integrator_user", help="the integrator's user name, sent as User-Agent on every request"),
        ConfField("environment", "choice", required=False, default="prod", choices=("prod", "sit"),
                  help="prod hosts, or the -sit test hosts (their own credentials)"),
        ConfField("base_url", "url", required=False,
                  help="origin serving the hosts as path prefixes (a sandbox), e.g. http://127.0.0.1:8103"),
        ConfField("brand", required=False, default="", help="brand name when products carry none (free text)"),
        ConfField("warranty_months", "int", required=False, default=24, help="GarantiSuresi when a product has none"),
        ConfField("desi", required=False, default="1", help="volumetric weight (kg/Desi) when a product has none"),
        ConfField("approve_matches", "bool", required=False, default=False,
                  help="approve the catalog matches Hepsiburada proposes (PRE_MATCHED) without review"),
        ConfField("packaging", "choice", required=False, default="api", choices=("api", "auto"),
                  help="api: this app packages paid lines; auto: Hepsiburada packages them after 15 minutes"),
        ConfField("deci", "int", required=False, default=1, help="deci of a package this app creates"),
        ConfField("connect_timeout", "float", required=False, default=5.0, help="seconds"),
        ConfField("read_timeout", "float", required=False, default=60.0, help="seconds"),
        ConfField("max_retries", "int", required=False, default=4,
                  help="retries after a 5xx (reads only) or a failed connect"),
        ConfField("throttle_retries", "int", required=False, default=6,
                  help="throttled answers (catalog 403, OMS 429, full upload queue) one call waits out"),
    )
    limits = AdapterLimits(items_per_request=1000, requests_per_second=100.0,
                           per_operation={"create_products": IMPORT_ITEMS, "update_products": IMPORT_ITEMS,
                                          "push_prices": UPLOAD_ITEMS, "push_stocks": UPLOAD_ITEMS},
                           first_poll_s=FIRST_POLL_S)

    def __init__(self, conf: dict[str, Any], session: requests.Session | None = None, *,
                 sleep: Callable[[float], None] = time.sleep, clock: Callable[[], float] = time.time,
                 retry: RetryPolicy | None = None, store: SharedStore | None = None) -> None:
        """`sleep`/`clock` drive every wait; `store` holds the request budgets (Django's cache by default,
        shared by every worker; the catalog budget per base URL, as Hepsiburada counts it per IP)."""
        super().__init__(conf, session)
        self.merchant_id: str = self.conf["merchant_id"]
        endpoint = HepsiburadaEndpoint(
            merchant_id=self.merchant_id, service_key=self.conf["service_key"],
            user_agent=self.conf["integrator_user"], environment=self.conf["environment"],
            base_url=self.conf["base_url"], connect_timeout=self.conf["connect_timeout"],
            read_timeout=self.conf["read_timeout"])
        scope = f"hepsiburada:budget:{self.conf['base_url'] or self.conf['environment']}"
        self.http = HepsiburadaHTTP(
            endpoint, self.session, retry=retry or RetryPolicy(max_retries=self.conf["max_retries"]),
            budgets=SharedBudgets(store if store is not None else default_store(), clock=clock, sleep=sleep),
            scope=scope, throttle_retries=self.conf["throttle_retries"], sleep=sleep)

    @property
    def request_count(self) -> int:
        return self.http.request_count

    @property
    def _listing(self) -> str:
        return f"/listings/merchantid/{self.merchant_id}"

    # ---- catalog writes ----------------------------------------------------------------------

    def send_create_products(self, chunk: Sequence[ProductPayloadInput]) -> list[PushResult]:
        return [self._import(chunk, "create_products")]

    def send_update_products(self, chunk: Sequence[ProductPayloadInput]) -> list[PushResult]:
        """Re-import products Hepsiburada still lets the merchant edit; send approved ones'
        changed content through the ticket-api (`ticket:<trackingId>`)."""
        states = self.get_product_states(chunk)
        approved = [item for item in chunk if states.get(item.key) and states[item.key].approved]
        editable = [item for item in chunk if item not in approved]
        receipts = [self._import(editable, "update_products")] if editable else []
        if approved:
            receipts.append(self._ticket(approved, {item.key: str(states[item.key].remote_id) for item in approved}))
        return receipts

    def _ticket(self, chunk: Sequence[ProductPayloadInput], hb_skus: dict[str, str]) -> PushResult:
        """One content update of what differs from Hepsiburada's copy; items without a difference succeed unsent."""
        held = {str(row.get("hbSku")): row for page in self._catalog_pages(
            f"/product/api/products/all-products-of-merchant/{self.merchant_id}", "all_products") for row in page}
        items: list[dict[str, Any]] = []
        unchanged: list[ItemOutcome] = []
        refused: list[ItemOutcome] = []
        aliases: dict[str, list[str]] = {}
        for product in chunk:
            hb_sku = hb_skus[product.key]
            try:
                row = mappers.to_import_row(self._with_brand(product), self.merchant_id,
                                            warranty_months=self.conf["warranty_months"], desi=self.conf["desi"])
            except mappers.MappingError as exc:
                refused.append(ItemOutcome(product.key, ok=False, reason=str(exc)))
                continue
            item = content_updates.ticket_item(row["attributes"], held.get(hb_sku, {}), hb_sku)
            if len(item) == 1:
                unchanged.append(ItemOutcome(product.key, ok=True, remote_id=hb_sku))
                continue
            items.append(item)
            aliases.setdefault(hb_sku, []).append(product.key)
        keys = [product.key for product in chunk]
        if not items:
            return PushResult(None, unchanged + refused, keys=keys, operation="update_products")
        file = io.BytesIO(json.dumps({"merchantId": self.merchant_id, "items": items}, ensure_ascii=False).encode())
        body = self.http.json("catalog", "POST", "/ticket-api/api/integrator/import", "ticket", params={"version": 1},
                              files={"file": ("integrator-ticket-upload.json", file, "application/json")})
        return PushResult(f"ticket:{body['trackingId']}", (unchanged + refused) or None, keys=keys, aliases=aliases,
                          operation="update_products")

    def _import(self, chunk: Sequence[ProductPayloadInput], operation: str) -> PushResult:
        rows, sendable, refused = [], [], []
        for item in chunk:
            try:
                rows.append(mappers.to_import_row(self._with_brand(item), self.merchant_id,
                                                  warranty_months=self.conf["warranty_months"], desi=self.conf["desi"]))
                sendable.append(item)
            except mappers.MappingError as exc:
                refused.append(ItemOutcome(item.key, ok=False, reason=str(exc)))
        keys = [item.key for item in chunk]
        if not rows:
            return PushResult(None, refused, keys=keys, operation=operation)
        file = io.BytesIO(json.dumps(rows, ensure_ascii=False).encode("utf-8"))
        body = self.http.json("catalog", "POST", "/product/api/products/import", "import", params={"version": 1},
                              files={"file": ("integrator.json", file, "application/json")})
        tracking = str(body["data"]["trackingId"])
        return PushResult(f"import:{tracking}", refused or None, keys=keys, aliases=mappers.sku_aliases(sendable),
                          operation=operation)

    def _with_brand(self, item: ProductPayloadInput) -> ProductPayloadInput:
        if item.brand_remote_id or not self.conf["brand"]:
            return item
        from dataclasses import replace

        return replace(item, brand_remote_id=self.conf["brand"])

    def send_delete_products(self, chunk: Sequence[ProductRef]) -> list[PushResult]:
        """Approved products: their listings are deactivated (Hepsiburada never deletes them).
        Products not approved yet: one delete process for all (`delete:<trackingId>`)."""
        states = self.get_product_states(chunk)
        outcomes, awaiting = [], []
        for ref in chunk:
            state = states.get(ref.key)
            if state is None:
                outcomes.append(ItemOutcome(ref.key, ok=False, reason="not on Hepsiburada: nothing to delete"))
            elif not state.approved or not state.remote_id:
                awaiting.append(ref)
            else:
                self.set_active(state.remote_id, False)
                outcomes.append(ItemOutcome(ref.key, ok=True, remote_id=state.remote_id))
        keys = [ref.key for ref in chunk]
        if not awaiting:
            return [PushResult(None, outcomes, keys=keys, operation="delete_products")]
        body = self.http.json("catalog", "POST", "/product/api/products/delete-process", "delete_process",
                              json=[{"merchant": self.merchant_id, "merchantSku": mappers.merchant_sku(ref.sku)}
                                    for ref in awaiting])
        return [PushResult(f"delete:{body['data']['trackingId']}", outcomes or None, keys=keys,
                           aliases=mappers.sku_aliases(awaiting), operation="delete_products")]

    def set_active(self, hb_sku: str, active: bool) -> None:
        """Put one listing on sale again (`activate`) or take it off sale (`deactivate`)."""
        action = "activate" if active else "deactivate"
        self.http.call("listing", "POST", f"{self._listing}/sku/{hb_sku}/{action}", action)

    def send_prices(self, chunk: Sequence[PriceInput]) -> list[PushResult]:
        return [self._upload("price", chunk, mappers.to_price_item, "push_prices")]

    def send_stocks(self, chunk: Sequence[StockInput]) -> list[PushResult]:
        return [self._upload("stock", chunk, mappers.to_stock_item, "push_stocks")]

    def _upload(self, kind: str, chunk: Sequence[Any], to_item: Callable[[Any], dict[str, Any]],
                operation: str) -> PushResult:
        items, sendable, refused = [], [], []
        for entry in chunk:
            try:
                items.append(to_item(entry))
                sendable.append(entry)
            except mappers.MappingError as exc:
                refused.append(ItemOutcome(entry.key, ok=False, reason=str(exc)))
        keys = [entry.key for entry in chunk]
        if not items:
            return PushResult(None, refused, keys=keys, operation=operation)
        body = self.http.json("listing", "POST", f"{self._listing}/{kind}-uploads", f"{kind}_upload", json=items)
        job = str(next(value for key, value in body.items() if key.lower() == "id"))  # "id" or "Id"
        return PushResult(f"{kind}:{job}", refused or None, keys=keys, aliases=mappers.sku_aliases(sendable),
                          operation=operation)

    def fetch_batch(self, remote_batch_id: str, aliases: dict[str, list[str]] | None = None) -> BatchResult:
        """`import:<trackingId>` (all pages of its rows), `delete:<trackingId>` (a delete process) or
        `price:<id>` / `stock:<id>` (an upload job)."""
        kind, _, job = remote_batch_id.partition(":")
        aliases = aliases or {}
        if kind == "import":
            rows = self._import_rows(job)
            status = mappers.import_status(rows)
            if status == "done" and self.conf["approve_matches"]:
                self._approve_matches(rows)
            outcomes = mappers.import_outcomes(rows, aliases) if status == "done" else []
            return BatchResult(remote_batch_id, status, outcomes, item_count=len(rows))
        if kind == "delete":
            return self._delete_result(remote_batch_id, job, aliases)
        if kind == "ticket":
            return self._ticket_result(remote_batch_id, job, aliases)
        if kind not in ("price", "stock"):
            raise BatchNotFound(remote_batch_id)
        try:
            body = self.http.json("listing", "GET", f"{self._listing}/{kind}-uploads/id/{job}", f"{kind}_result")
        except RequestRejected as exc:
            if exc.status == 404:
                raise BatchNotFound(remote_batch_id) from exc
            raise
        status = mappers.upload_status(body)
        outcomes = mappers.upload_outcomes(body, aliases) if status != "processing" else []
        return BatchResult(remote_batch_id, status, outcomes, item_count=int(body.get("total") or 0))

    def _delete_result(self, remote_batch_id: str, tracking_id: str, aliases: dict[str, list[str]]) -> BatchResult:
        """A delete process: processing until `completed`, then one outcome per SKU."""
        body = self.http.json("catalog", "GET", f"/product/api/products/delete-process/{tracking_id}", "delete_result")
        if not body.get("completed"):
            return BatchResult(remote_batch_id, "processing", [], item_count=0)
        rows = body.get("deletedProductList") or []
        return BatchResult(remote_batch_id, "done", mappers.delete_outcomes(body, aliases), item_count=len(rows))

    def _ticket_result(self, remote_batch_id: str, tracking_id: str, aliases: dict[str, list[str]]) -> BatchResult:
        """A content update: processing while a field is in progress, then one outcome per hbSku."""
        try:
            pages = [{"data": page} for page in self._catalog_pages(
                f"/ticket-api/api/integrator/status/{tracking_id}", "ticket_status", version=1)]
        except RequestRejected as exc:
            if exc.status == 404:
                raise BatchNotFound(remote_batch_id) from exc
            raise
        if content_updates.ticket_status(pages) != "done":
            return BatchResult(remote_batch_id, "processing", [], item_count=0)
        outcomes = content_updates.ticket_outcomes(pages, aliases)
        return BatchResult(remote_batch_id, "done", outcomes, item_count=len(outcomes))

    def _import_rows(self, tracking_id: str) -> list[dict[str, Any]]:
        rows: list[dict[str, Any]] = []
        for page in self._catalog_pages(f"/product/api/products/status/{tracking_id}", "import_status"):
            rows.extend(page)
        return rows

    def _approve_matches(self, rows: Sequence[dict[str, Any]]) -> None:
        skus = [row["merchantSku"] for row in rows if row.get("productStatus") == "PRE_MATCHED"]
        if skus:
            self.http.json("catalog", "POST", "/product/api/products/approve-prematch", "approve_prematch",
                           json=[{"merchant": self.merchant_id, "merchantSkuList": skus}])
            for row in rows:
                if row.get("productStatus") == "PRE_MATCHED":
                    row["productStatus"] = "MATCHED"

    def _catalog_pages(self, path: str, name: str, **params: Any) -> Iterator[list[dict[str, Any]]]:
        page = 0
        while True:
            body = self.http.json("catalog", "GET", path, name, params={**params, "page": page, "size": CATALOG_PAGE})
            yield list(body.get("data") or [])
            page += 1
            if body.get("last", True) or page >= int(body.get("totalPages") or 0):
                return

    # ---- match state ---------------------------------------------------------------------------

    def get_product_state(self, ref: ProductRef) -> RemoteProductState | None:
        return self.get_product_states([ref]).get(ref.key)

    def get_product_states(self, refs: Sequence[ProductRef]) -> dict[str, RemoteProductState]:
        """Statuses by SKU list in one call, then the hbSku of the approved ones from their listings."""
        by_sku = {mappers.merchant_sku(ref.sku): ref.key for ref in refs if ref.sku and " " not in ref.sku.strip()}
        if not by_sku:
            return {}
        body = self.http.json("catalog", "POST", "/product/api/products/check-product-status", "check_status",
                              params={"version": 1}, json=[{"merchant": self.merchant_id,
                                                            "merchantSkuList": list(by_sku)}])
        statuses = {str(row["merchantSku"]).upper(): str(row["status"])
                    for entry in body.get("data") or [] for row in entry.get("skuStatusList") or []}
        approved = [sku for sku, status in statuses.items() if status in mappers.APPROVED]
        hb_skus = self.hb_skus(approved)
        return {by_sku[sku]: mappers.product_state(by_sku[sku], status, hb_skus.get(sku))
                for sku, status in statuses.items() if sku in by_sku}

    def hb_skus(self, merchant_skus: Sequence[str]) -> dict[str, str]:
        """merchantSku -> hepsiburadaSku of their listings (50 SKUs a request)."""
        found: dict[str, str] = {}
        for start in range(0, len(merchant_skus), SKUS_PER_LOOKUP):
            part = merchant_skus[start:start + SKUS_PER_LOOKUP]
            body = self.http.json("listing", "GET", self._listing, "listings",
                                  params={"offset": 0, "limit": SKUS_PER_LOOKUP, "merchantSkuList": ",".join(part)})
            found.update({str(row["merchantSku"]).upper(): str(row["hepsiburadaSku"]) for row in body.get("listings") or []})
        return found

    # ---- reference data ------------------------------------------------------------------------

    def get_category_tree(self) -> list[RemoteCategory]:
        """Every active category (leaf or not, so the tree can be built), parents first."""
        rows = [row for page in self._catalog_pages("/product/api/categories/get-all-categories", "categories",
                                                    status="ACTIVE", version=1) for row in page]
        return mappers.categories_from_json(rows)

    def get_category_attributes(self, category_remote_id: str, with_values: bool = True) -> list[RemoteAttribute]:
        body = self.http.json("catalog", "GET", f"/product/api/categories/{category_remote_id}/attributes",
                              "attributes", params={"version": 2})
        attributes = mappers.attributes_from_json(body.get("data") or {})
        if not with_values:
            return attributes
        from dataclasses import replace

        return [replace(attribute, values=tuple(self.get_attribute_values(category_remote_id, attribute.remote_id)))
                if mappers.is_enum(attribute) else attribute for attribute in attributes]

    def get_attribute_values(self, category_remote_id: str, attribute_remote_id: str) -> list[RemoteAttributeValue]:
        path = f"/product/api/categories/{category_remote_id}/attribute/{attribute_remote_id}/values"
        return mappers.values_from_json(row for page in self._catalog_pages(path, "attribute_values", version=5)
                                        for row in page)

    def find_brands(self, name: str) -> list[RemoteBrand]:
        """Hepsiburada's brand is free text: any name is taken as given."""
        return [RemoteBrand(name, name)] if name.strip() else []

    def get_brands(self) -> Iterator[RemoteBrand]:
        raise UnsupportedOperation("hepsiburada: brands (free text; there is no brand list)")


__all__ = ["HepsiburadaAdapter"]
