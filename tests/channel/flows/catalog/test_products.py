"""Product flows beyond insert: delete removes the product on both sides and finishes its batch."""
from __future__ import annotations

import pytest


pytestmark = pytest.mark.timeout(120)


def test_deleted_product_is_removed_from_trendyol_and_its_batch_finished(channel):
    channel.trendyol.configure(approve_delay=None)  # pending products may be deleted at once
    channel.run("products_insert")
    gone = sorted(ia["object_id"] for ia in channel.ias("product"))[2]
    sku = next(row["sku"] for row in channel.omnitron.table("products") if row["pk"] == gone)
    assert sku in channel.trendyol.products()
    channel.omnitron.control("DELETE", f"products/{gone}")

    result = channel.run("products_delete")

    assert (result["fetched"], result["sent"], result["succeeded"], result["failed"]) == (1, 1, 1, 0)
    assert sku not in channel.trendyol.products() and len(channel.trendyol.products()) == 19
    delete_batch = next(b for b in channel.batches() if b["pk"] == result["batch_ids"][0])
    assert delete_batch["status"] == "done"
    assert gone not in {ia["object_id"] for ia in channel.ias("product")}
    assert channel.run("products_delete")["fetched"] == 0


def test_delete_refused_by_trendyol_keeps_the_link_and_reports_why(channel):
    channel.run("products_insert")
    channel.trendyol.pass_approval()  # approved: Trendyol refuses to delete
    gone = sorted(ia["object_id"] for ia in channel.ias("product"))[0]
    channel.omnitron.control("DELETE", f"products/{gone}")

    result = channel.run("products_delete")

    assert (result["succeeded"], result["failed"]) == (0, 1)
    assert "archived" in result["errors"][0]["reason"]
    assert {b["status"] for b in channel.batches()} == {"done"}
    assert gone in {ia["object_id"] for ia in channel.ias("product")}


def test_changed_product_is_updated_not_created_again(channel):
    channel.trendyol.configure(approve_delay=None)
    channel.run("products_insert")
    changed = sorted(ia["object_id"] for ia in channel.ias("product"))[4]
    channel.omnitron.control("POST", f"products/{changed}", {"name": "Yeni isim"})

    result = channel.run("products_sync")

    assert (result["fetched"], result["succeeded"], result["failed"]) == (1, 1, 0)
    sku = next(row["sku"] for row in channel.omnitron.table("products") if row["pk"] == changed)
    assert channel.trendyol.products()[sku]["fields"]["title"] == "Yeni isim"
    assert len(channel.trendyol.products()) == 20


@pytest.mark.django_db
def test_changed_approved_product_is_updated_by_its_marketplace_id(channel):
    channel.run("products_insert")
    channel.trendyol.pass_approval()
    changed = sorted(ia["object_id"] for ia in channel.ias("product"))[0]
    channel.omnitron.control("POST", f"products/{changed}", {"name": "Onaylı yeni isim"})
    sku = next(row["sku"] for row in channel.omnitron.table("products") if row["pk"] == changed)
    content_id = channel.trendyol.products()[sku]["contentId"]

    result = channel.run("products_update")

    assert (result["succeeded"], result["failed"]) == (1, 0)
    # accepted in the batch; live only once Trendyol's content check says so
    assert channel.trendyol.products()[sku]["fields"]["title"] != "Onaylı yeni isim"
    assert channel.run("products_content_check")["content_checks"]["running"] == 1
    channel.trendyol.pass_content_check()
    check = channel.run("products_content_check")
    assert check["content_checks"]["applied"] == 1 and check["failed"] == 0
    assert channel.trendyol.products()[sku]["fields"]["title"] == "Onaylı yeni isim"
    assert channel.run("products_content_check")["fetched"] == 0  # decided: nothing left to ask
    ia = next(ia for ia in channel.ias("product") if ia["object_id"] == changed)
    assert ia["remote_id"] == sku  # Omnitron keeps the barcode (orders and deletes use it)
    listing = "GET /integration/product/sellers/<int:seller_id>/products/approved"
    lookups = channel.trendyol.counts()["endpoints"][listing]
    channel.omnitron.control("POST", f"products/{changed}", {"name": "İkinci isim"})
    channel.run("products_update")
    channel.trendyol.pass_content_check()
    channel.run("products_content_check")
    assert channel.trendyol.products()[sku]["fields"]["title"] == "İkinci isim"
    after = channel.trendyol.counts()["endpoints"][listing]
    assert after == lookups == 1  # the content id was asked once (by the page) and remembered
    assert content_id


def test_add_mapped_false_skips_the_per_product_mapped_attribute_requests(channel):
    """The README's `--option add_mapped=false`: for channels whose attributes need no Omnitron mapping."""
    mapped = "GET channel/{ch}/mapped_products/{pk}/"
    without = channel.run("products_insert", dry_run=True, add_mapped=False)
    with_mapped = channel.run("products_insert", dry_run=True)
    assert without["fetched"] == with_mapped["fetched"] == 20
    assert mapped not in without["requests"]["omnitron_by_endpoint"]
    assert with_mapped["requests"]["omnitron_by_endpoint"][mapped] == 20


@pytest.mark.django_db
def test_a_content_update_refused_by_the_content_check_is_reported_for_its_product(channel):
    channel.run("products_insert")
    channel.trendyol.pass_approval()
    changed = sorted(ia["object_id"] for ia in channel.ias("product"))[1]
    channel.omnitron.control("POST", f"products/{changed}", {"name": "Yasaklı kelime"})
    sku = next(row["sku"] for row in channel.omnitron.table("products") if row["pk"] == changed)
    assert channel.run("products_update")["succeeded"] == 1
    content_id = channel.trendyol.products()[sku]["contentId"]
    channel.trendyol.control("POST", f"audits/{content_id}/fail", {"reason": "BANNED_WORD_IN_TITLE"})

    check = channel.run("products_content_check")

    assert check["content_checks"]["failed"] == 1 and check["failed"] == 1
    assert "BANNED_WORD_IN_TITLE" in check["errors"][0]["reason"]
    reports = [r for r in channel.omnitron.table("error_reports") if "BANNED_WORD_IN_TITLE" in r["raw_response"]]
    assert len(reports) == 1 and reports[0]["action_object_id"] in (changed, str(changed))
    assert channel.trendyol.products()[sku]["fields"]["title"] != "Yasaklı kelime"
