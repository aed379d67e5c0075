"""Batch lifecycle from Omnitron's state: batches a dead run left in commit are released."""
from __future__ import annotations

import json

import pytest

from omnitron.resources.batches import batch_object

pytestmark = pytest.mark.timeout(120)


def abandoned_commit(channel, count: int) -> dict:
    """A batch a run committed and then died with, before pushing anything."""
    pks = sorted(row["pk"] for row in channel.omnitron.table("products") if row["product_type"] == "0")[:count]
    batches = channel.client.batch_requests
    return batches.commit(batches.create(), "product", [batch_object(pk, "product") for pk in pks])


def test_batch_left_in_commit_is_failed_and_its_products_sent_by_the_next_run(channel):
    stale = abandoned_commit(channel, 5)

    result = channel.run("products_insert", stale_commit_after_s=0)

    assert result["failed_batches"] == 1 and result["succeeded"] == 20
    statuses = {batch["pk"]: batch["status"] for batch in channel.batches()}
    assert statuses.pop(stale["pk"]) == "fail"
    assert set(statuses.values()) == {"done"}
    assert len(channel.trendyol.products()) == 20


def test_recent_commit_may_belong_to_a_live_run_and_is_left_alone(channel):
    live = abandoned_commit(channel, 5)

    result = channel.run("products_insert")

    assert result["failed_batches"] == 0 and result["succeeded"] == 15
    assert {b["pk"]: b["status"] for b in channel.batches()}[live["pk"]] == "commit"


def test_check_flow_without_open_batches_only_reads(channel):
    channel.omnitron.reset_counts()

    result = channel.run("products_check")

    assert result["resumed_batches"] == 0 and result["batch_ids"] == []
    assert all(name.startswith("GET ") for name in channel.omnitron.counts()["endpoints"])


@pytest.mark.django_db(transaction=True)  # the sync runs in another thread, with its own connection
def test_check_run_and_sync_run_polling_one_batch_both_end_cleanly(channel):
    from concurrent.futures import ThreadPoolExecutor

    from tests.fixtures.processes import wait_until

    channel.trendyol.configure(batch_delay=1.0)
    with ThreadPoolExecutor(1) as pool:
        sync = pool.submit(channel.run, "products_insert", poll_interval=0.3)
        wait_until(lambda: {b["status"] for b in channel.batches()} & {"sent_to_remote", "ongoing"}, 20,
                   "the sync run to push")
        check = channel.run("products_check", poll_interval=0.05)
        synced = sync.result(timeout=30)

    # Both poll the same batch; whichever sees its result first finishes it, the other notes that.
    assert check["resumed_batches"] == 1 and synced["sent"] == 20
    winner, loser = (check, synced) if check["succeeded"] else (synced, check)
    assert winner["succeeded"] == 20 and loser["succeeded"] == 0
    assert any("already done" in note for note in loser["notes"])
    assert [b["status"] for b in channel.batches()] == ["done"]
    assert {ia["status"] for ia in channel.ias("product")} == {"success"}


def test_no_batch_patch_carries_more_entries_than_the_setting(channel, settings):
    settings.OMNITRON_BATCH_ENTRIES = 10  # a product travels with its price and stock: 3 entries

    result = channel.run("products_insert")

    assert result["succeeded"] == 20 and len(result["batch_ids"]) == 7  # ceil(20 / 3)
    patches = [row for row in channel.omnitron.control("GET", "requests")
               if row["endpoint"] == "PATCH channel/{ch}/batch_requests/{pk}/"]
    sizes = [len(json.loads(row["body"]).get("objects") or []) for row in patches]
    assert max(sizes) <= 10 and sum(1 for size in sizes if size) >= 14  # a commit and a done per batch
    assert {batch["status"] for batch in channel.batches()} == {"done"}


def test_order_records_keep_an_order_with_its_items():
    from channel.flows.orders.integration_actions import _parts

    entries = [batch_object(1, "order"), batch_object(11, "orderitem"), batch_object(12, "orderitem"),
               batch_object(2, "order"), batch_object(21, "orderitem"), batch_object(3, "order")]
    assert [[e["pk"] for e in part] for part in _parts(entries, 2)] == [[1, 11, 12], [2, 21], [3]]
