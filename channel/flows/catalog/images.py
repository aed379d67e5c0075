"""Image flows: Omnitron lists image rows, marketplaces take a product's complete image list.

Rows of one product in a chunk become one item (the first row) with the others as its
companions, so each product is sent once with all its active images, and every row's
integration action is finished with the product's outcome (the reference app crashed here
and left every image batch failed).
"""
from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from channel.adapters import ImageInput
from channel.flows import enrich
from channel.flows.catalog import content_checks
from channel.flows.catalog import EVERY_5, EVERY_30, SYNC_OPTIONS, lookups
from channel.flows.catalog.product_inputs import identity, image_urls
from channel.flows.catalog.product_rows import NOT_IN_CHANNEL, NOT_SENT, live_remote_id
from channel.flows.definition import CatalogFlow, WorkItem
from channel.flows.engine import check, send
from channel.flows.registry import Flow

if TYPE_CHECKING:
    from omnitron.pagination import Paginator

    from channel.adapters import PushResult
    from channel.flows.runtime import Runtime


def prepare(rt: Runtime, rows: list[dict[str, Any]]) -> list[WorkItem]:
    leaders: dict[int, WorkItem] = {}
    items: list[WorkItem] = []
    for row in rows:
        product_pk = int(row["product"])
        if product_pk in leaders:
            leaders[product_pk].companion(row, "productimage")
        else:
            leaders[product_pk] = WorkItem.from_row(row, "productimage")
            items.append(leaders[product_pk])
    product_pks = sorted(leaders)
    products = enrich.products(rt, product_pks)
    sent = enrich.integration_remote_ids(rt, product_pks, "product")
    images = enrich.images(rt, products)
    base = lookups.media_base_url(rt)
    for product_pk, item in leaders.items():
        product = products.get(product_pk)
        if product is None:
            item.fail(NOT_IN_CHANNEL)
        elif product_pk not in sent:
            item.fail(NOT_SENT)
        else:
            sku, barcode = identity(product, rt.conf)
            item.payload = ImageInput(sku=sku, barcode=barcode,
                                      remote_id=live_remote_id(product, sent[product_pk], rt.conf),
                                      images=image_urls(images.get(product_pk, []), base))
    lookups.resolve_live_ids(rt, items)
    return items


def push(rt: Runtime, payloads: Sequence[Any]) -> list[PushResult]:
    return rt.adapter.push_images(payloads)


def flow(change: str) -> CatalogFlow:
    verb = "insert" if change == "inserts" else "update"

    def source(rt: Runtime) -> Paginator[Any]:
        return getattr(rt.omnitron.product_images, change)(page_size=rt.page_size)

    def reload(rt: Runtime, pks: list[int]) -> list[dict[str, Any]]:
        return [dict(row) for row in rt.omnitron.product_images.in_bulk("id", pks)]

    return CatalogFlow(name=f"images_{verb}", content_type="productimage", source=source, prepare=prepare,
                       push=push, reload=reload, after_success=content_checks.remember,
                       description=f"Send product images ({change}).", operation="push_images")


INSERT = flow("inserts")
UPDATE = flow("updates")

FLOWS = (
    Flow("images_sync", "Insert new product images, then update changed ones.", send(INSERT, UPDATE),
         EVERY_30, "insert_and_update_images", options=SYNC_OPTIONS),
    Flow("images_insert", "Send images of products whose images were never sent.", send(INSERT),
         options=SYNC_OPTIONS),
    Flow("images_update", "Send images changed since they were last sent.", send(UPDATE),
         template_task="update_images", options=SYNC_OPTIONS),
    Flow("images_check", "Finish image batches waiting on the marketplace.", check(INSERT), EVERY_5, "check_images"),
)
