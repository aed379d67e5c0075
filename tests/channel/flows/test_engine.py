"""The engine against both sandboxes over HTTP, flows run inline through `run_flow`."""
from __future__ import annotations

import json

import pytest

from channel.adapters import MarketplaceUnavailable, PushResult
from channel.adapters.trendyol import TrendyolAdapter
from channel.flows.catalog.product_inputs import identity
from channel.flows.lifecycle import run_flow
from channel.flows.registry import get_flow

pytestmark = pytest.mark.timeout(120)


def product_barcodes(channel) -> dict[int, str]:
    """pk -> marketplace barcode of every sellable product (per the conf's remote_id_attribute)."""
    conf = channel.client.channels.get()["conf"]
    return {row["pk"]: identity(row, conf)[1] for row in channel.omnitron.table("products")
            if row["product_type"] == "0"}


def test_insert_sends_every_product_and_omnitron_stores_remote_ids(channel):
    channel.omnitron.seed(230)
    barcodes = product_barcodes(channel)
    assert len(barcodes) == 250

    result = channel.run("products_insert", page_size=100)

    assert (result["fetched"], result["sent"], result["succeeded"], result["failed"]) == (250, 250, 250, 0)
    assert set(channel.trendyol.products()) == set(barcodes.values())
    ias = {ia["object_id"]: ia for ia in channel.ias("product")}
    assert {pk: ias[pk]["remote_id"] for pk in barcodes} == barcodes
    assert {ia["status"] for ia in ias.values()} == {"success"}
    batches = channel.batches()
    assert [b["status"] for b in batches] == ["done"] * 3  # 100 + 100 + 50
    assert sorted(b["pk"] for b in batches) == sorted(result["batch_ids"])
    assert all(b["remote_batch_id"] for b in batches)
    assert result["requests"]["omnitron"] > 0 and result["requests"]["marketplace"] > 0


def test_progress_is_reported_per_page_and_per_chunk(channel):
    ctx = channel.context(page_size=5)
    run_flow(get_flow("products_insert"), ctx)

    assert [call[0] for call in ctx.progress.calls] == [0, 5, 5, 10, 10, 15, 15, 20]
    assert {call[1] for call in ctx.progress.calls} == {20}


def test_marketplace_refusal_is_reported_with_its_reason_and_the_rest_succeed(channel):
    bad = sorted(product_barcodes(channel))[3]
    # retail_price stays the seeded price * 1.2, so listPrice < salePrice now
    channel.omnitron.control("POST", "prices", {"product": bad, "price": "99999.00"})

    result = channel.run("products_insert")

    assert (result["succeeded"], result["failed"]) == (19, 1)
    [error] = result["errors"]
    assert error["object_id"] == bad and "listPrice" in error["reason"]
    [batch] = channel.batches()
    assert batch["status"] == "done"
    failed_ia = next(ia for ia in channel.ias("product") if ia["object_id"] == bad)
    assert failed_ia["status"] == "error"
    reports = [r for r in channel.omnitron.table("error_reports") if r.get("action_object_id") == bad]
    assert len(reports) == 1 and "listPrice" in reports[0]["raw_response"] and reports[0]["is_ok"] is False
    assert len(channel.trendyol.products()) == 19


def test_dry_run_reads_and_maps_but_writes_nothing(channel):
    channel.omnitron.reset_counts()

    result = channel.run("products_insert", dry_run=True)

    assert result["dry_run"] is True
    assert (result["fetched"], result["would_send"], result["sent"]) == (20, 20, 0)
    assert result["samples"][0]["payload"]["barcode"]
    assert channel.batches() == [] and channel.ias("product") == []
    assert channel.omnitron.table("error_reports") == []
    assert channel.trendyol.products() == {}
    omnitron_calls = channel.omnitron.counts()["endpoints"]
    assert omnitron_calls and all(name.startswith("GET ") for name in omnitron_calls)
    trendyol_calls = channel.trendyol.counts()["endpoints"]
    assert all(name.startswith("GET ") for name in trendyol_calls)


def test_rate_limited_push_backs_off_then_completes(channel):
    channel.trendyol.inject(queue=[{"status": 429, "path": "/v2/products", "method": "POST", "times": 2,
                                    "retry_after": "0.1"}])

    result = channel.run("products_insert")

    assert (result["succeeded"], result["failed"]) == (20, 0)
    assert channel.trendyol.counts()["statuses"].get("429") == 2
    assert len(channel.trendyol.products()) == 20
    assert [b["status"] for b in channel.batches()] == ["done"]


def test_backlog_is_drained_in_one_run_up_to_the_cap(channel):
    result = channel.run("products_insert", page_size=6, max_objects=10)

    assert result["fetched"] == 10
    assert any("cap" in note for note in result["notes"])
    rest = channel.run("products_insert", page_size=6)
    assert rest["fetched"] == 10
    assert channel.run("products_insert")["fetched"] == 0


def test_slow_marketplace_batches_move_to_ongoing_before_done(channel):
    channel.trendyol.configure(batch_delay=0.3)

    result = channel.run("products_insert", poll_interval=0.05)

    assert result["succeeded"] == 20
    statuses = [json.loads(r["body"]).get("status") for r in batch_patches(channel)]
    assert statuses == ["commit", "sent_to_remote", "ongoing", "done"]


def batch_patches(channel) -> list[dict]:
    return [r for r in channel.omnitron.control("GET", "requests")
            if r.get("endpoint") == "PATCH channel/{ch}/batch_requests/{pk}/"]


def test_request_refused_as_malformed_fails_its_items_with_the_reason(channel):
    channel.trendyol.inject(queue=[{"status": 400, "path": "/v2/products", "method": "POST", "times": 1}])

    result = channel.run("products_insert")

    assert (result["sent"], result["succeeded"], result["failed"]) == (20, 0, 20)
    assert "injected 400" in result["errors"][0]["reason"]
    assert [b["status"] for b in channel.batches()] == ["done"]
    assert {ia["status"] for ia in channel.ias("product")} == {"error"}


def test_marketplace_outage_releases_the_chunk_for_the_next_run(channel):
    channel.trendyol.inject(queue=[{"status": 503, "path": "/v2/products", "method": "POST", "times": 1}])

    with pytest.raises(MarketplaceUnavailable, match="503"):
        channel.run("products_insert")

    assert [b["status"] for b in channel.batches()] == ["fail"]
    assert channel.trendyol.products() == {}
    retry = channel.run("products_insert")
    assert retry["succeeded"] == 20


class SynchronousTrendyol(TrendyolAdapter):
    """A synchronous marketplace: each write answers every item in its response."""

    def send_create_products(self, chunk):
        outcomes = []
        for receipt in super().send_create_products(chunk):
            outcomes += receipt.outcomes or []
            if receipt.remote_batch_id:
                outcomes += self.fetch_batch(receipt.remote_batch_id, receipt.aliases).outcomes
        return [PushResult(None, outcomes, keys=[ref.key for ref in chunk])]


def test_synchronous_marketplace_goes_from_commit_straight_to_done(channel, settings):
    settings.CHANNEL_ADAPTER = f"{__name__}.SynchronousTrendyol"

    result = channel.run("products_insert")

    assert (result["succeeded"], result["failed"], result["remote_batch_ids"]) == (20, 0, [])
    assert [json.loads(r["body"]).get("status") for r in batch_patches(channel)] == ["commit", "done"]
    assert {ia["status"] for ia in channel.ias("product")} == {"success"}
