"""`TrendyolAdapter`: orchestrates Trendyol calls; conversion lives in `mappers`, transport in `http`.

What the engine must know about Trendyol (docs/trendyol.md):
* Every write is asynchronous: each request returns a batchRequestId that `fetch_batch`
  polls (results are kept 4 hours). At most 1000 items per write; the base class chunks.
* A created product waits for Trendyol's approval. Approved products are keyed by
  Trendyol's contentId, carried in `ProductRef.remote_id` (`get_product_state` reads it);
  a product without one is treated as not yet approved. Updates, images: unapproved ->
  `unapproved-bulk-update`; approved -> `variant-bulk-update`, then `content-bulk-update` (one
  item per content, its outcome repeated for every barcode).
* Price/stock apply to approved products only; an identical body within 15 minutes is
  refused, so such a repeat is reported as failed with `DUPLICATE_REASON` without being
  sent; more than 30 price changes a minute for one barcode fail on Trendyol's side.
* Delete works for products pending approval, or approved ones archived for over a day.
* `ProductPayloadInput.extra` keys read: `dimensionalWeight` (default 1), `deliveryDuration`,
  `origin`, `lotNumber`, `shipmentAddressId`, `returningAddressId`, `cargoProviders`.
* Conf keys: see `TrendyolAdapter.conf_schema`.
"""
from __future__ import annotations

import dataclasses
import functools
import hashlib
import logging
import time
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

import requests

from channel.adapters.base import AdapterLimits, MarketplaceAdapter
from channel.adapters.conf import ConfField
from channel.adapters.errors import AdapterConfigError, BatchNotFound, RequestRejected
from channel.adapters.payloads import (
    ImageInput,
    PriceInput,
    ProductPayloadInput,
    ProductRef,
    StockInput,
)
from channel.adapters.budget import SharedBudgets, SharedStore, default_store
from channel.adapters.results import (
    BatchResult,
    ItemOutcome,
    PushResult,
    RemoteAttribute,
    RemoteAttributeValue,
    RemoteBrand,
    RemoteCargoProvider,
    RemoteCategory,
    RemoteProductState,
)
from channel.adapters.retry import RetryPolicy
from channel.adapters.trendyol import mappers
from channel.adapters.trendyol.dedupe import DUPLICATE_WINDOW_SECONDS, RecentRequests, RecentStore
from channel.adapters.trendyol.http import TrendyolEndpoint, TrendyolHTTP, base_url_for
from channel.adapters.trendyol.limits import ENDPOINT_PERIOD, TIERS, LimitPlan
from channel.adapters.trendyol.audits import TrendyolAudits
from channel.adapters.trendyol.claims import TrendyolClaims
from channel.adapters.trendyol.listing import TrendyolListing
from channel.adapters.trendyol.orders import TrendyolOrders
from channel.adapters.trendyol.webhooks import TrendyolWebhooks

logger = logging.getLogger(__name__)

R = TypeVar("R", bound=ProductRef)

DUPLICATE_REASON = "identical price/stock request already sent within 15 minutes (Trendyol rule); not sent"
PAGE_SIZE = 1000


class TrendyolAdapter(TrendyolListing, TrendyolAudits, TrendyolClaims, TrendyolOrders, TrendyolWebhooks,
                      MarketplaceAdapter):
    """Trendyol marketplace (TR storefront), Product V2 API."""

    name = "trendyol"
    conf_schema = (
        ConfField("seller_id", "int", help="Trendyol seller id (supplierId), used in every path"),
        ConfField("api_key", secret=True, help="API key: the Basic auth user name"),
        ConfField("api_secret", secret=True, help="API secret: the Basic auth password"),
        ConfField("environment", "choice", required=False, default="live", choices=("live", "stage"),
                  help="which Trendyol host to call when base_url is not set"),
        ConfField("base_url", "url", required=False,
                  help="API root overriding environment, e.g. http://127.0.0.1:8102/integration"),
        ConfField("integrator_name", required=False, default="SelfIntegration",
                  help="User-Agent suffix: '<sellerId> - <integrator_name>' (alphanumeric, <= 30)"),
        ConfField("connect_timeout", "float", required=False, default=5.0, help="seconds"),
        ConfField("read_timeout", "float", required=False, default=60.0, help="seconds"),
        ConfField("max_retries", "int", required=False, default=4,
                  help="retries after a 429, a 5xx (reads only) or a failed connect"),
        ConfField("requests_per_10s", "int", required=False, default=50,
                  help="burst budget per endpoint; Trendyol allows 50 per 10 s"),
        ConfField("tier", "choice", required=False, default="50k", choices=TIERS,
                  help="the seller's product listing limit, which sizes Trendyol's per-minute quotas "
                       "(Trendyol offers no API to read it; 50k is the strictest)"),
        ConfField("tracking_provider_code", required=False, default="",
                  help="your own carrier contract's Trendyol code (e.g. YKMP): tracking numbers are sent "
                       "with tracking-details only then; Trendyol-contract packages carry their own"),
        ConfField("throttle_retries", "int", required=False, default=6,
                  help="how many 429s in a row one call waits out (each up to a minute) before failing"),
    )
    limits = AdapterLimits(items_per_request=1000, requests_per_second=50 / ENDPOINT_PERIOD)

    def __init__(self, conf: dict[str, Any], session: requests.Session | None = None, *,
                 sleep: Callable[[float], None] = time.sleep,
                 clock: Callable[[], float] = time.time,
                 retry: RetryPolicy | None = None,
                 recent: RecentStore | None = None,
                 store: SharedStore | None = None) -> None:
        """`sleep`/`clock` (wall time) drive every wait (inject them in tests); `store` holds the
        request budgets and `recent` the 15-minute duplicate memory, both Django's cache by
        default so every worker of the deployment shares them."""
        super().__init__(conf, session)
        integrator = self.conf["integrator_name"]
        if not (integrator.isalnum() and len(integrator) <= 30):
            raise AdapterConfigError("integrator_name: alphanumeric, at most 30 characters")
        self.seller_id: int = self.conf["seller_id"]
        endpoint = TrendyolEndpoint(
            seller_id=self.seller_id, base_url=base_url_for(self.conf), api_key=self.conf["api_key"],
            api_secret=self.conf["api_secret"], integrator_name=integrator,
            connect_timeout=self.conf["connect_timeout"], read_timeout=self.conf["read_timeout"],
        )
        shared = store if store is not None else default_store()
        host = hashlib.sha1(endpoint.base_url.encode()).hexdigest()[:10]  # stage and live count apart
        scope = f"trendyol:budget:{host}:{self.seller_id}"
        self.http = TrendyolHTTP(
            endpoint, self.session, sleep=sleep, wall_clock=clock,
            retry=retry or RetryPolicy(max_retries=self.conf["max_retries"]),
            budgets=SharedBudgets(shared, clock=clock, sleep=sleep),
            plan=LimitPlan(scope, self.conf["tier"], self.conf["requests_per_10s"]),
            throttle_retries=self.conf["throttle_retries"],
        )
        self.recent: RecentStore = recent if recent is not None else RecentRequests(clock)

    @property
    def request_count(self) -> int:
        return self.http.request_count

    @property
    def _product_path(self) -> str:
        return f"/product/sellers/{self.seller_id}/products"

    # ---- writes ----------------------------------------------------------------------------

    def send_create_products(self, chunk: Sequence[ProductPayloadInput]) -> list[PushResult]:
        return self._send_items("POST", f"/product/sellers/{self.seller_id}/v2/products",
                                "product.create", chunk, mapper=mappers.to_create_item)

    def send_update_products(self, chunk: Sequence[ProductPayloadInput]) -> list[PushResult]:
        """Unapproved items: one unapproved update; approved ones: a variant and a content update.

        The content update goes last: a run that died without receipts counts an approved
        update as arrived when Trendyol's content check holds it, so the variant update it
        would otherwise skip must already have been sent."""
        approved = [p for p in chunk if p.remote_id]
        pending = [p for p in chunk if not p.remote_id]
        results = self._send_items("POST", f"{self._product_path}/unapproved-bulk-update",
                                   "product.update_unapproved", pending,
                                   mapper=mappers.to_unapproved_update_item)
        results += self._send_items("POST", f"{self._product_path}/variant-bulk-update",
                                    "product.update_variant", approved,
                                    mapper=mappers.to_variant_update_item)
        return results + self._send_content(approved, mappers.to_content_update_item)

    def send_delete_products(self, chunk: Sequence[ProductRef]) -> list[PushResult]:
        """Trendyol deletes only products pending approval or archived for more than a day."""
        return self._send_items("DELETE", self._product_path, "product.delete", chunk,
                                mapper=mappers.to_delete_item)

    def archive_products(self, refs: Sequence[ProductRef], archived: bool = True) -> list[PushResult]:
        """Trendyol-only: take approved products off sale (or back); the step before delete."""
        mapper = functools.partial(mappers.to_archive_item, archived=archived)
        send = functools.partial(self._send_items, "PUT", f"{self._product_path}/archive-state",
                                 "product.archive", mapper=mapper)
        return self._push(refs, send, "archive_products")

    def send_prices(self, chunk: Sequence[PriceInput]) -> list[PushResult]:
        return self._send_price_stock(chunk, mappers.to_price_item)

    def send_stocks(self, chunk: Sequence[StockInput]) -> list[PushResult]:
        return self._send_price_stock(chunk, mappers.to_stock_item)

    def send_images(self, chunk: Sequence[ImageInput]) -> list[PushResult]:
        """Approved products change images per content; unapproved ones per barcode."""
        results = self._send_items("POST", f"{self._product_path}/unapproved-bulk-update",
                                   "product.update_unapproved", [i for i in chunk if not i.remote_id],
                                   mapper=mappers.to_unapproved_images_item)
        return results + self._send_content([i for i in chunk if i.remote_id],
                                            mappers.to_content_images_item)

    def fetch_batch(self, remote_batch_id: str,
                    aliases: dict[str, list[str]] | None = None) -> BatchResult:
        try:
            data = self.http.call("GET", f"{self._product_path}/batch-requests/{remote_batch_id}",
                                  "product.batch")
        except RequestRejected as exc:
            if exc.status == 404:
                raise BatchNotFound(remote_batch_id) from exc
            raise
        return mappers.batch_result_from_json(data, aliases)

    def get_product_state(self, ref: ProductRef) -> RemoteProductState | None:
        barcode = mappers.normalize_barcode(ref.barcode or ref.key)
        try:
            data = self.http.call("GET", f"/product/sellers/{self.seller_id}/product/{barcode}",
                                  "product.base")
        except RequestRejected as exc:
            if exc.status == 404:
                return None
            raise
        return mappers.product_state_from_json(data)

    # ---- reference data --------------------------------------------------------------------

    def get_category_tree(self) -> list[RemoteCategory]:
        return mappers.categories_from_json(
            self.http.call("GET", "/product/product-categories", "catalog.categories"))

    def get_category_attributes(self, category_remote_id: str,
                                with_values: bool = True) -> list[RemoteAttribute]:
        data = self.http.call("GET", f"/product/categories/{category_remote_id}/attributes",
                              "catalog.attributes")
        attributes = mappers.attributes_from_json(data)
        if not with_values:
            return attributes
        return [self._with_values(category_remote_id, attribute) for attribute in attributes]

    def get_attribute_values(self, category_remote_id: str,
                             attribute_remote_id: str) -> list[RemoteAttributeValue]:
        path = f"/product/categories/{category_remote_id}/attributes/{attribute_remote_id}/values"
        values: list[RemoteAttributeValue] = []
        page = 0
        while True:
            data = self.http.call("GET", path, "catalog.attribute_values",
                                  params={"page": page, "size": PAGE_SIZE})
            values += mappers.attribute_values_from_json(data)
            page += 1
            if page >= int(data.get("totalPages") or 0):
                return values

    def get_brands(self) -> Iterator[RemoteBrand]:
        page = 0
        while True:
            brands = mappers.brands_from_json(
                self.http.call("GET", "/product/brands", "catalog.brands",
                               params={"page": page, "size": PAGE_SIZE}))
            yield from brands
            if len(brands) < PAGE_SIZE:
                return
            page += 1

    def find_brands(self, name: str) -> list[RemoteBrand]:
        return mappers.brands_from_json(
            self.http.call("GET", "/product/brands/by-name", "catalog.brands_by_name",
                           params={"name": name}))

    def get_cargo_providers(self) -> list[RemoteCargoProvider]:
        return mappers.cargo_providers_from_json(
            self.http.call("GET", "/product/lookup/cargo-providers", "catalog.cargo_providers"))

    # ---- helpers ---------------------------------------------------------------------------

    def _with_values(self, category_remote_id: str, attribute: RemoteAttribute) -> RemoteAttribute:
        if attribute.values:
            return attribute
        values = tuple(self.get_attribute_values(category_remote_id, attribute.remote_id))
        return dataclasses.replace(attribute, values=values)

    def _map(self, refs: Sequence[R], mapper: Callable[[R], dict[str, Any]]
             ) -> tuple[list[dict[str, Any]], list[str], dict[str, list[str]], list[ItemOutcome]]:
        """Map each ref; refused ones become failed outcomes. Returns items, keys, aliases, refused."""
        items: list[dict[str, Any]] = []
        keys: list[str] = []
        aliases: dict[str, list[str]] = {}
        refused: list[ItemOutcome] = []
        for ref in refs:
            try:
                item = mapper(ref)
            except mappers.MappingError as exc:
                refused.append(ItemOutcome(key=ref.key, ok=False, reason=exc.reason))
                continue
            items.append(item)
            keys.append(ref.key)
            barcode = item.get("barcode")
            if barcode is not None and barcode != ref.key:
                aliases.setdefault(barcode, []).append(ref.key)
        return items, keys, aliases, refused

    def _send_items(self, method: str, path: str, name: str, refs: Sequence[R], *,
                    mapper: Callable[[R], dict[str, Any]]) -> list[PushResult]:
        items, keys, aliases, refused = self._map(refs, mapper)
        return self._submit(method, path, name, items, keys, aliases, refused)

    def _send_content(self, refs: Sequence[R], mapper: Callable[[R], dict[str, Any]]) -> list[PushResult]:
        """content-bulk-update: one item per contentId; its outcome fans out to every barcode.

        Title, description, images and attributes belong to the content (product card), not
        to a barcode: variants of one content that disagree cannot all be honoured.
        """
        items, keys, _, refused = self._map(refs, mapper)
        unique: dict[int, dict[str, Any]] = {}
        aliases: dict[str, list[str]] = {}
        for item, key in zip(items, keys):
            kept = unique.setdefault(item["contentId"], item)
            if any(kept.get(f) != item.get(f) for f in ("title", "description", "images")):
                logger.warning("trendyol content %s: %s differs from its sibling variant; Trendyol keeps "
                               "one title/description/images per content, the first variant's wins",
                               item["contentId"], key)
            aliases.setdefault(mappers.content_alias(item["contentId"]), []).append(key)
        return self._submit("POST", f"{self._product_path}/content-bulk-update", "product.update_content",
                            list(unique.values()), keys, aliases, refused)

    def _submit(self, method: str, path: str, name: str, items: list[dict[str, Any]], keys: list[str],
                aliases: dict[str, list[str]], refused: list[ItemOutcome]) -> list[PushResult]:
        if not items:
            return [PushResult(None, refused, operation=name)] if refused else []
        data = self.http.call(method, path, name, json={"items": items})
        batch_id = str(data["batchRequestId"])
        logger.info("trendyol %s: %d items -> batch %s (%d refused locally)", name, len(items),
                    batch_id, len(refused))
        return [PushResult(batch_id, refused or None, keys=keys, aliases=aliases, operation=name)]

    def _send_price_stock(self, refs: Sequence[R], mapper: Callable[[R], dict[str, Any]]) -> list[PushResult]:
        """price-and-inventory, skipping a body identical to one sent in the last 15 minutes."""
        path = f"/inventory/sellers/{self.seller_id}/products/price-and-inventory"
        name = "inventory.price_and_stock"
        items, keys, aliases, refused = self._map(refs, mapper)
        if not items:
            return self._submit("POST", path, name, items, keys, aliases, refused)
        fingerprint = "trendyol:pi:" + mappers.request_fingerprint(self.seller_id, path, items)
        if not self.recent.add(fingerprint, 1, DUPLICATE_WINDOW_SECONDS):
            return [self._duplicate(keys, refused, name)]
        try:
            return self._submit("POST", path, name, items, keys, aliases, refused)
        except RequestRejected as exc:
            if any("duplicate" in key for key in mappers.error_keys(exc.body)):
                return [self._duplicate(keys, refused, name)]
            self.recent.delete(fingerprint)
            raise
        except Exception:
            self.recent.delete(fingerprint)
            raise

    def _duplicate(self, keys: list[str], refused: list[ItemOutcome], name: str) -> PushResult:
        logger.info("trendyol %s: %d items skipped as a 15-minute duplicate", name, len(keys))
        skipped = [ItemOutcome(key=key, ok=False, reason=DUPLICATE_REASON) for key in keys]
        return PushResult(None, refused + skipped, keys=keys, operation=name)
