"""A products run whose worker is SIGKILLed at any point of a chunk ends as a fault-free run:
every product on Trendyol exactly once, its remote id on Omnitron, no batch left open."""
from __future__ import annotations

import pytest

from channel.models import PendingPush
from config.celery_app import app
from tests.faults.conftest import duplicates, open_batches, synced
from tests.fixtures.processes import wait_until

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.timeout(240)]

PRODUCTS, CHUNK = 200, 50
SEEDED = 20  # what a sandbox reset leaves
CREATE = "POST /integration/product/sellers/<int:seller_id>/v2/products"


@pytest.mark.parametrize("point", ["after_commit", "during_push", "after_push", "after_sent", "before_done"])
def test_products_insert_survives_a_worker_killed_at(point, channel, fault_worker, fault_queue, recovery_sweep):
    channel.omnitron.seed(PRODUCTS - SEEDED)
    doomed = fault_worker("doomed", FAULT_KILL_AT=f"{point}:2")  # the second chunk dies at `point`
    app.send_task("channel.products_insert", kwargs={"channel_id": 1, "chunk_size": CHUNK}, queue=fault_queue)
    wait_until(lambda: not doomed.alive(), 60, f"the worker to die at {point}")
    assert open_batches(channel), "the kill left the chunk's batch open"

    fault_worker("survivor")  # the restarted worker; beat's sweep re-queues the dead run
    wait_until(lambda: synced(channel, "product", PRODUCTS), 90, "every product synced, no batch open")

    assert len(channel.trendyol.products()) == PRODUCTS  # keyed by barcode: one each
    assert channel.trendyol.counts()["endpoints"][CREATE] == PRODUCTS // CHUNK  # nothing pushed twice
    ias = channel.ias("product")
    assert duplicates([ia["object_id"] for ia in ias]) == {}
    assert all(ia["remote_id"] for ia in ias)
    assert not PendingPush.objects.exists()
