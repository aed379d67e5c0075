"""Omnitron failing at a rate (500s and 429s on reads, reads that time out) costs retries,
not the run: the products all arrive exactly once, as in a fault-free run."""
from __future__ import annotations

import pytest
from celery.result import AsyncResult

from channel.models import PendingPush
from config.celery_app import app
from tests.faults.conftest import open_batches, synced

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.timeout(240)]

PRODUCTS, SEEDED, CHUNK = 200, 20, 50
CREATE = "POST /integration/product/sellers/<int:seller_id>/v2/products"
MAPPED = "GET channel/{ch}/mapped_products/{pk}/"


def run(queue: str, **options) -> dict:
    result: AsyncResult = app.send_task("channel.products_insert",
                                        kwargs={"channel_id": 1, "chunk_size": CHUNK, **options}, queue=queue)
    return result.get(timeout=180)


def test_products_insert_rides_out_500s_429s_and_timeouts_on_reads(channel, fault_worker, fault_queue):
    channel.omnitron.seed(PRODUCTS - SEEDED)
    channel.omnitron.fault(endpoint="GET *", status=500, rate=0.05)
    channel.omnitron.fault(endpoint="GET *", status=429, retry_after=1, rate=0.02)
    channel.omnitron.fault(endpoint="GET *", latency=2.5, rate=0.01)  # beyond the worker's 1 s read timeout
    worker = fault_worker("flaky-omnitron", OMNITRON_READ_TIMEOUT="1")

    summary = run(fault_queue)

    assert (summary["succeeded"], summary["failed"]) == (PRODUCTS, 0)
    assert synced(channel, "product", PRODUCTS) and not open_batches(channel)
    assert channel.trendyol.counts()["endpoints"][CREATE] == PRODUCTS // CHUNK
    log = worker.log()  # the faults did fire, and were retried where they happened
    assert "-> 500; retry" in log and "-> 429; retry" in log and "read_timeout" in log


def test_a_product_whose_mapped_attributes_keep_failing_fails_alone(channel, fault_worker, fault_queue):
    channel.omnitron.fault(endpoint=MAPPED, status=500)  # every retry of every product fails
    fault_worker("mapped-500", OMNITRON_MAX_RETRIES="1")

    summary = run(fault_queue)

    assert (summary["succeeded"], summary["failed"]) == (0, SEEDED)
    assert all("could not read its mapped attributes" in error["reason"] for error in summary["errors"])
    assert {ia["status"] for ia in channel.ias("product")} == {"error"} and not open_batches(channel)


def test_a_commit_whose_answer_timed_out_is_released_by_the_retried_run(channel, fault_worker, fault_queue):
    """Omnitron commits the chunk but answers after the read timeout: the write is not repeated,
    the run fails and Celery retries it under the same task id (the same lock token). The retry
    must see its earlier attempt's write-ahead record as dead and release that batch (or fence
    it, when the slow commit has not landed yet) and send the chunk once; it used to wait on the
    record as if a live run owned it, and never finished."""
    channel.omnitron.seed(PRODUCTS - SEEDED)
    channel.omnitron.fault(endpoint="PATCH *", latency=2.5, times=1)  # the first chunk's commit
    worker = fault_worker("slow-commit", OMNITRON_READ_TIMEOUT="1")

    summary = run(fault_queue)

    assert (summary["succeeded"], summary["failed"]) == (PRODUCTS, 0)
    assert synced(channel, "product", PRODUCTS) and not open_batches(channel)
    assert channel.trendyol.counts()["endpoints"][CREATE] == PRODUCTS // CHUNK
    assert not PendingPush.objects.exists()
    assert "retry" in worker.log().lower()
