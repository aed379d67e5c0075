"""Product flows: insert, update and delete, declared on top of the engine.

Insert and update enrich each chunk in bulk (mapped attributes, prices, stocks, categories,
integration actions) and commit the price and stock rows they send as companions, so a later
price or stock run sees them as synced and sends only what changes afterwards.
"""
from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Any

from omnitron.errors import NotAcceptable, NotFound, ServerError, TransportError

from channel.flows import enrich
from channel.flows.catalog import EVERY_5, EVERY_15, HOURLY, PRODUCT_OPTIONS, SYNC_OPTIONS, content_checks, lookups
from channel.flows.catalog.product_inputs import MissingData, attribute_inputs, identity, image_urls, product_input
from channel.flows.definition import MAPPING, CatalogFlow, WorkItem
from channel.flows.engine import check, send
from channel.flows.options import Float, Int
from channel.flows.registry import Flow, options

if TYPE_CHECKING:
    from omnitron.pagination import Paginator

    from channel.adapters import PushResult
    from channel.flows.runtime import Runtime

SIMPLE_PRODUCTS = 0  # product_type of sellable variants; meta products are never sent
# mapped_products GETs in flight at once (`mapped_concurrency` option). Sixteen keep a
# production server's worker pool busy without flooding it; the client pools 32 connections.
MAPPED_CONCURRENCY = 16


def inserts(rt: Runtime) -> Paginator[Any]:
    return rt.omnitron.products.inserts(page_size=rt.page_size, product_type=SIMPLE_PRODUCTS)


def updates(rt: Runtime) -> Paginator[Any]:
    return rt.omnitron.products.updates(page_size=rt.page_size, product_type=SIMPLE_PRODUCTS)


def reload(rt: Runtime, pks: list[int]) -> list[dict[str, Any]]:
    return [dict(row) for row in rt.omnitron.products.in_bulk("pk", pks)]


def mapped_products(rt: Runtime, pks: list[int]) -> dict[int, dict[str, Any]]:
    """Mapped attributes per product; `{"error": ...}` for a product Omnitron cannot map.

    Uses the bulk listing when the client offers one. Otherwise (only the per-product route is
    documented, docs/omnitron.md "Listings and filters") one request per product, sent a few at a time, and the run says so.
    """
    resource = rt.omnitron.mapped_products
    if hasattr(resource, "in_bulk"):
        return enrich.mapped(rt, pks)
    note = "mapped_products has no bulk listing: one request per product"
    if note not in rt.summary.notes:
        rt.summary.notes.append(note)

    def one(pk: int) -> tuple[int, dict[str, Any]]:
        try:
            return pk, dict(resource.get(pk))
        except (NotAcceptable, NotFound) as exc:
            body = exc.body if isinstance(exc.body, dict) else {}
            return pk, {"pk": pk, "error": str(body.get("error") or body or exc)}
        except (ServerError, TransportError) as exc:  # still failing after the client's retries:
            # this product fails (and is offered again by a later run); the chunk goes on
            return pk, {"pk": pk, "failed": f"Omnitron could not read its mapped attributes: {exc}"}

    with ThreadPoolExecutor(max_workers=int(rt.option("mapped_concurrency", MAPPED_CONCURRENCY))) as pool:
        return dict(pool.map(one, pks))


def prepare(rt: Runtime, rows: list[dict[str, Any]], updating: bool) -> list[WorkItem]:
    """Enrich a chunk of products in bulk, then map each to a `ProductPayloadInput`."""
    items = [WorkItem.from_row(row, "product") for row in rows]
    pks = [item.pk for item in items]
    mapped = mapped_products(rt, pks) if rt.option("add_mapped", True) else {}
    prices = enrich.prices(rt, pks)
    stocks = enrich.stocks(rt, pks)
    remote_ids = enrich.integration_remote_ids(rt, pks, "product") if updating else {}
    categories = _categories(rt, pks, mapped)
    base = lookups.media_base_url(rt)
    for item in items:
        _map_one(rt, item, mapped.get(item.pk, {}), categories.get(item.pk, ""), prices.get(item.pk),
                 stocks.get(item.pk), base, remote_ids.get(item.pk))
    if updating:  # approved products are updated by marketplace id, which creation did not give
        lookups.resolve_live_ids(rt, items)
    return items


def _categories(rt: Runtime, pks: list[int], mapped: dict[int, dict[str, Any]]) -> dict[int, str]:
    """Category per product: the mapped attribute set's remote id, else the category node's."""
    found = {pk: str(row["attribute_set_remote_id"]) for pk, row in mapped.items()
             if row.get("attribute_set_remote_id")}
    missing = [pk for pk in pks if pk not in found]
    if missing and rt.option("add_categories", True):
        found.update(enrich.category_remote_ids(rt, missing))
    return found


def _map_one(rt: Runtime, item: WorkItem, mapped: dict[str, Any], category: str, price: dict[str, Any] | None,
             stock: dict[str, Any] | None, media_base: str, remote_id: str | None) -> None:
    product = item.row
    if mapped.get("error"):
        item.fail(f"mapping: {mapped['error']}", MAPPING)
        return
    if mapped.get("failed"):
        item.fail(mapped["failed"])
        return
    sku, barcode = identity(product, rt.conf)
    item.remote_id = remote_id
    try:
        item.payload = product_input(
            product, conf=rt.conf, category=category, brand=lookups.brand_id(rt, product),
            attributes=attribute_inputs(mapped, lookups.category_attributes(rt, category) if category else {}),
            price=price, stock=stock, images=image_urls(_active_images(product), media_base),
            # Only a marketplace id proper (Trendyol contentId) marks a product as live there.
            remote_id=remote_id if remote_id and remote_id not in (sku, barcode) else None,
        )
    except MissingData as exc:
        item.fail(str(exc), MAPPING)
        return
    for row, content_type in ((price, "productprice"), (stock, "productstock")):
        if row is not None:
            item.companion(row, content_type)


def _active_images(product: dict[str, Any]) -> list[dict[str, Any]]:
    rows = [row for row in product.get("productimage_set") or [] if row.get("status", "active") == "active"]
    return sorted(rows, key=lambda row: (row.get("order") or 0, row.get("pk") or 0))


def push_create(rt: Runtime, payloads: Sequence[Any]) -> list[PushResult]:
    return rt.adapter.create_products(payloads)


def push_update(rt: Runtime, payloads: Sequence[Any]) -> list[PushResult]:
    return rt.adapter.update_products(payloads)


# ---- delete -----------------------------------------------------------------------------------

def deleted(rt: Runtime) -> Paginator[Any]:
    """Integration actions whose product left the channel's catalog."""
    return rt.omnitron.integration_actions.deleted("product", page_size=rt.page_size)


def reload_deleted(rt: Runtime, pks: list[int]) -> list[dict[str, Any]]:
    return [dict(row) for row in rt.omnitron.integration_actions.in_bulk("object_id", pks, content_type_name="product")]


def prepare_delete(rt: Runtime, rows: list[dict[str, Any]]) -> list[WorkItem]:
    """One item per deleted product, keyed by the remote id it was sent under."""
    from channel.adapters import ProductRef

    items = []
    for ia in rows:
        item = WorkItem(row=ia, pk=int(ia["object_id"]), content_type="product", version_date=ia.get("version_date"))
        remote_id = ia.get("remote_id")
        if remote_id:
            item.payload = ProductRef(sku=str(remote_id), barcode=str(remote_id))
            item.remote_id = str(remote_id)
        else:
            item.fail("the product was never sent to the marketplace (no remote id)")
        items.append(item)
    return items


def push_delete(rt: Runtime, payloads: Sequence[Any]) -> list[PushResult]:
    return rt.adapter.delete_products(payloads)


def forget_deleted(rt: Runtime, items: list[WorkItem]) -> None:
    """The product is gone on both sides: drop its integration action."""
    for item in items:
        rt.omnitron.integration_actions.delete(item.row["pk"])


INSERT = CatalogFlow(
    name="products_insert", content_type="product", source=inserts,
    prepare=lambda rt, rows: prepare(rt, rows, updating=False), push=push_create, reload=reload,
    description="Send products never sent before (with prices, stocks, images, attributes).",
    operation="create_products",
)
UPDATE = CatalogFlow(
    name="products_update", content_type="product", source=updates,
    prepare=lambda rt, rows: prepare(rt, rows, updating=True), push=push_update, reload=reload,
    after_success=content_checks.remember, description="Send products changed since they were last sent.",
    operation="update_products",
)
DELETE = CatalogFlow(
    name="products_delete", content_type="integrationaction", entry_content_type="product", source=deleted,
    prepare=prepare_delete, push=push_delete, reload=reload_deleted, after_success=forget_deleted,
    description="Remove from the marketplace the products that left the channel's catalog.",
    operation="delete_products",
)

FLOWS = (
    Flow("products_sync", "Insert new products, then update changed ones.", send(INSERT, UPDATE),
         EVERY_15, "insert_and_update_products", options=PRODUCT_OPTIONS),
    Flow("products_insert", "Send products never sent before, with prices, stocks, images and attributes.",
         send(INSERT), options=PRODUCT_OPTIONS),
    Flow("products_update", "Send products changed since they were last sent.", send(UPDATE),
         template_task="update_products", options=PRODUCT_OPTIONS),
    Flow("products_delete", "Remove products that left the channel's catalog from the marketplace.",
         send(DELETE), HOURLY, "delete_products", options=SYNC_OPTIONS),
    Flow("products_check", "Finish product batches waiting on the marketplace.", check(INSERT),
         EVERY_5, "check_products"),
    Flow("products_delete_check", "Finish delete batches waiting on the marketplace.", check(DELETE),
         EVERY_5, "check_delete_products"),
    Flow("products_content_check", "Report content updates the marketplace's content check refused.",
         content_checks.check_content, EVERY_5, options=options(
             give_up_hours=Float(min=0, max=720, help="hours after which a refused update is reported"),
             max_error_reports=Int(min=0, max=10_000, help="error reports sent to Omnitron per run"))),
)
