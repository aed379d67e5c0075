"""Price, stock and product updates whose worker is SIGKILLed while the marketplace has the write
but before its receipt is recorded: the restarted run asks Trendyol what it holds, finishes the
batch with that, and sends nothing twice (a price or stock sent again within 15 minutes would
be refused by Trendyol as a duplicate and end as an error). An approved product's new title is
listed only after Trendyol's content check: the update is found in that check instead."""
from __future__ import annotations

import pytest

from channel.models import PendingPush
from config.celery_app import app
from tests.faults.conftest import duplicates, open_batches
from tests.fixtures.processes import wait_until

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.timeout(240)]

PRODUCTS, CHUNK, CHANGED = 200, 50, 100  # the second chunk of changes dies
SEEDED = 20


def price(n: int) -> str:
    """A new sale price, below every seeded list price."""
    return f"{10 + n / 100:.2f}"


def endpoint_count(channel, fragment: str) -> int:
    return sum(n for key, n in channel.trendyol.counts()["endpoints"].items() if fragment in key and key.startswith("POST"))


def inserted(channel, *, approved: bool) -> dict[int, str]:
    """`PRODUCTS` products on Trendyol (approved or pending); pk -> barcode of the first CHANGED."""
    if not approved:
        channel.trendyol.configure(approve_delay=None)
    channel.omnitron.seed(PRODUCTS - SEEDED)
    assert channel.run("products_insert", chunk_size=CHUNK)["failed"] == 0
    if approved:
        channel.trendyol.pass_approval()
    skus = {row["pk"]: row["sku"] for row in channel.omnitron.table("products")}
    pks = sorted(ia["object_id"] for ia in channel.ias("product"))[:CHANGED]
    return {pk: skus[pk] for pk in pks}


def kill_and_recover(channel, fault_worker, fault_queue, flow: str, point: str, model: str) -> list[dict]:
    """Run `flow` on a worker that dies at `point` of its second chunk (or at `point:n`, the n-th
    time); a new worker and the sweep finish it. Returns the flow's integration actions."""
    before = {ia["object_id"]: ia["modified_date"] for ia in channel.ias(model)}
    doomed = fault_worker(f"doomed-{flow}", FAULT_KILL_AT=point if ":" in point else f"{point}:2")
    app.send_task(f"channel.{flow}", kwargs={"channel_id": 1, "chunk_size": CHUNK}, queue=fault_queue)
    wait_until(lambda: not doomed.alive(), 90, f"the worker to die at {point}")
    assert open_batches(channel), "the kill left the chunk's batch open"
    fault_worker(f"survivor-{flow}")

    def finished() -> bool:
        touched = [ia for ia in channel.ias(model) if before.get(ia["object_id"]) != ia["modified_date"]]
        return len(touched) >= CHANGED and not open_batches(channel) and not PendingPush.objects.exists()

    wait_until(finished, 120, f"every {model} of {flow} finished, no batch open")
    return channel.ias(model)


def assert_each_once(ias: list[dict]) -> None:
    assert duplicates([ia["object_id"] for ia in ias]) == {}
    assert all(ia["status"] == "success" and ia["remote_id"] for ia in ias)


@pytest.mark.parametrize("point", ["during_push", "after_push"])
def test_prices_in_doubt_are_settled_from_trendyol_not_sent_again(point, channel, fault_worker, fault_queue,
                                                                   recovery_sweep):
    barcodes = inserted(channel, approved=True)  # price and stock reach approved products only
    for n, pk in enumerate(barcodes):
        channel.omnitron.control("POST", "prices", {"product": pk, "price": price(n)})
    pushes = endpoint_count(channel, "price-and-inventory")

    ias = kill_and_recover(channel, fault_worker, fault_queue, "prices_update", point, "productprice")

    assert_each_once(ias)
    prices = channel.trendyol.prices()
    assert {barcodes[pk]: prices[barcodes[pk]]["salePrice"] for pk in barcodes} == \
        {barcodes[pk]: float(price(n)) for n, pk in enumerate(barcodes)}
    assert endpoint_count(channel, "price-and-inventory") - pushes == CHANGED // CHUNK  # each chunk once


def test_stocks_in_doubt_are_settled_from_trendyol_not_sent_again(channel, fault_worker, fault_queue, recovery_sweep):
    barcodes = inserted(channel, approved=True)
    for n, pk in enumerate(barcodes):
        channel.omnitron.control("POST", "stocks", {"product": pk, "stock": 300 + n})
    pushes = endpoint_count(channel, "price-and-inventory")

    ias = kill_and_recover(channel, fault_worker, fault_queue, "stocks_update", "during_push", "productstock")

    assert_each_once(ias)
    stocks = channel.trendyol.stocks()
    assert {barcodes[pk]: stocks[barcodes[pk]] for pk in barcodes} == \
        {barcodes[pk]: 300 + n for n, pk in enumerate(barcodes)}
    assert endpoint_count(channel, "price-and-inventory") - pushes == CHANGED // CHUNK


@pytest.mark.parametrize("point", ["during_push", "after_push"])
def test_product_updates_in_doubt_are_settled_from_trendyol_not_sent_again(point, channel, fault_worker,
                                                                            fault_queue, recovery_sweep):
    barcodes = inserted(channel, approved=False)  # pending products: Trendyol lists the new title at once
    for pk in barcodes:
        channel.omnitron.control("POST", f"products/{pk}", {"name": f"Yeni isim {pk}"})
    pushes = endpoint_count(channel, "unapproved-bulk-update")

    ias = kill_and_recover(channel, fault_worker, fault_queue, "products_update", point, "product")

    assert_each_once(ias)
    products = channel.trendyol.products()
    assert len(products) == PRODUCTS
    assert {products[barcodes[pk]]["fields"]["title"] for pk in barcodes} == {f"Yeni isim {pk}" for pk in barcodes}
    assert endpoint_count(channel, "unapproved-bulk-update") - pushes == CHANGED // CHUNK


# An approved product's update is two requests per chunk: variant-bulk-update, then
# content-bulk-update; the 4th request is the second chunk's content update.
@pytest.mark.parametrize("point", ["during_push:4", "after_push"])
def test_approved_content_updates_in_doubt_are_found_in_the_content_check_not_sent_again(
        point, channel, fault_worker, fault_queue, recovery_sweep):
    barcodes = inserted(channel, approved=True)  # the listing keeps the old title until the check passes
    # A content's variants share its title on Trendyol: one new name per model (base code).
    names = {row["pk"]: f"Yeni isim {row['base_code']}" for row in channel.omnitron.table("products")}
    for pk in barcodes:
        channel.omnitron.control("POST", f"products/{pk}", {"name": names[pk]})
    pushes = endpoint_count(channel, "content-bulk-update")

    ias = kill_and_recover(channel, fault_worker, fault_queue, "products_update", point, "product")

    assert_each_once(ias)
    assert endpoint_count(channel, "content-bulk-update") - pushes == CHANGED // CHUNK  # each chunk once
    channel.trendyol.pass_content_check()
    products = channel.trendyol.products()
    assert {barcodes[pk]: products[barcodes[pk]]["fields"]["title"] for pk in barcodes} == \
        {barcodes[pk]: names[pk] for pk in barcodes}
