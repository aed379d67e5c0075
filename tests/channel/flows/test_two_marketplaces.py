"""One deployment, two marketplaces: Omnitron channel 1 sells on Trendyol, channel 2 on Hepsiburada
(bound in `ChannelMarketplace`), both from one catalog. Real processes: both sandboxes over HTTP,
an Omnitron sandbox serving both channels, Celery workers on their own Redis."""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from celery.result import AsyncResult
from django.core.cache import cache

from channel.models import ChannelMarketplace
from config.celery_app import app
from omnitron.client import OmnitronClient
from tests.channel.flows.sandbox_setup import configure_channel
from tests.fixtures.omnitron_sandbox import OmnitronSandbox, run_omnitron_sandbox
from tests.fixtures.processes import free_port

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.timeout(300)]

TRENDYOL, HEPSIBURADA = 1, 2
PRODUCTS = 20


@pytest.fixture(scope="module")
def two_channel_omnitron(hepsiburada_sandbox, tmp_path_factory) -> Iterator[OmnitronSandbox]:
    with run_omnitron_sandbox(tmp_path_factory.mktemp("omnitron-two"), PRODUCTS,
                              "--hepsiburada-url", hepsiburada_sandbox.url) as sandbox:
        yield sandbox


@pytest.fixture
def deployment(two_channel_omnitron, trendyol, hepsiburada, settings, worker_factory) -> dict[str, Any]:
    """Channel 1 aimed at the Trendyol sandbox, channel 2 bound to Hepsiburada, and a worker."""
    omnitron = two_channel_omnitron
    omnitron.reset()
    cache.clear()
    settings.OMNITRON_URL, settings.OMNITRON_CHANNEL_ID, settings.SYNC_CHANNEL_IDS = omnitron.url, TRENDYOL, [HEPSIBURADA]
    client = OmnitronClient(omnitron.url, "admin", "admin", channel_id=TRENDYOL, catalog_id=1, cache=cache)
    configure_channel(client, trendyol.conf)
    ChannelMarketplace.objects.create(channel_id=HEPSIBURADA, marketplace="hepsiburada")
    hepsiburada.configure(approve_delay=0.0, import_delay=0.3, upload_delay=0.3)  # Hepsiburada reviews at once
    queue = f"two-{free_port()}"
    worker_factory("two-marketplaces-worker", concurrency=2, extra_args=("-Q", queue),
                   env={"OMNITRON_URL": omnitron.url, "OMNITRON_CHANNEL_ID": str(TRENDYOL), "OMNITRON_CATALOG_ID": "1",
                        "SYNC_CHANNEL_IDS": str(HEPSIBURADA)})
    return {"omnitron": omnitron, "queue": queue}


def run(deployment: dict[str, Any], flow: str, channel: int, **options: Any) -> dict[str, Any]:
    result: AsyncResult = app.send_task(f"channel.{flow}", kwargs={"channel_id": channel, **options},
                                        queue=deployment["queue"])
    return result.get(timeout=120)


def both(deployment: dict[str, Any], flow: str, **options: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    return run(deployment, flow, TRENDYOL, **options), run(deployment, flow, HEPSIBURADA, **options)


def ias(omnitron: OmnitronSandbox, model: str, channel: int) -> list[dict[str, Any]]:
    return [row for row in omnitron.table("integration_actions")
            if row["content_type"]["model"] == model and row["channel"] == channel]


def test_products_prices_stocks_and_orders_sync_to_both_marketplaces(deployment, trendyol, hepsiburada):
    omnitron = deployment["omnitron"]

    trendyol_run, hepsiburada_run = both(deployment, "products_insert")

    assert (trendyol_run["marketplace"], trendyol_run["succeeded"], trendyol_run["failed"]) == ("trendyol", PRODUCTS, 0)
    assert (hepsiburada_run["marketplace"], hepsiburada_run["succeeded"], hepsiburada_run["failed"]) == \
        ("hepsiburada", PRODUCTS, 0), hepsiburada_run["errors"][:3]
    skus = {row["pk"]: row["sku"] for row in omnitron.table("products") if row["product_type"] == "0"}
    assert set(trendyol.products()) == set(skus.values())
    listings = hepsiburada.listings()
    assert set(listings) == {sku.upper() for sku in skus.values()} and all(row["isSalable"] for row in listings.values())
    assert {ia["object_id"] for ia in ias(omnitron, "product", HEPSIBURADA)} == set(skus)
    products = [{"barcode": sku, "stockCode": sku, "price": 100.0, "discount": 0.0} for sku in skus.values()]
    trendyol.control("POST", "orders", {"count": 1, "products": products[:3]})  # before its clock moves on
    trendyol.pass_approval()  # Trendyol takes price and stock for approved products only

    first, second = sorted(skus)[:2]
    omnitron.control("POST", "prices", {"product": first, "price": "77.70"})
    omnitron.control("POST", "stocks", {"product": second, "stock": 9})
    for flow in ("prices_sync", "stocks_sync"):
        trendyol_run, hepsiburada_run = both(deployment, flow)
        assert (trendyol_run["sent"], trendyol_run["succeeded"]) == (1, 1), trendyol_run
        assert (hepsiburada_run["sent"], hepsiburada_run["succeeded"]) == (1, 1), hepsiburada_run
    assert trendyol.prices()[skus[first]]["salePrice"] == 77.7 and trendyol.stocks()[skus[second]] == 9
    listings = hepsiburada.listings()
    assert listings[skus[first].upper()]["price"] == 77.7 and listings[skus[second].upper()]["availableStock"] == 9

    hb_sku = listings[skus[first].upper()]["hepsiburadaSku"]
    hepsiburada.order((hb_sku, 1))
    trendyol_run, hepsiburada_run = both(deployment, "orders_import", lookback_hours=1)

    orders = omnitron.table("orders")
    assert sorted(order["channel"] for order in orders) == [TRENDYOL, HEPSIBURADA], str(hepsiburada_run["errors"])
    assert (hepsiburada_run["orders"]["created"], trendyol_run["orders"]["created"]) == (1, 1)
    [package] = hepsiburada.packages()
    assert [line["status"] for line in hepsiburada.lines()] == ["Packaged"]  # the seller packaged the paid line
    hepsiburada_order = next(order for order in orders if order["channel"] == HEPSIBURADA)
    assert any(package["packageNumber"] in str(value) for value in hepsiburada_order.values())

    claim = hepsiburada.control("POST", "claims", {"lineId": hepsiburada.lines()[0]["id"]})
    claims_run = run(deployment, "orders_claims_import", HEPSIBURADA, lookback_hours=1)
    assert (claims_run["succeeded"], claims_run["failed"]) == (1, 0), claims_run["errors"]
    [request] = omnitron.table("cancellation_requests")
    assert request["remote_id"] == f"{claim['number']}-1" and request["cancellation_type"] == "refund"


def test_a_flow_hepsiburada_has_no_counterpart_for_says_so(deployment):
    result = run(deployment, "products_content_check", HEPSIBURADA)
    assert (result["marketplace"], result["failed"]) == ("hepsiburada", 0)
    assert result["unsupported"] == "hepsiburada: content updates are not checked after their batch"
    assert run(deployment, "products_content_check", TRENDYOL).get("unsupported") is None


def test_setup_flows_publish_hepsiburadas_conf_schema_and_mirror_its_categories(deployment):
    omnitron = deployment["omnitron"]
    for flow in ("setup_conf_schema", "setup_category_tree", "setup_category_attributes", "setup_attributes"):
        result = run(deployment, flow, HEPSIBURADA)
        assert result["marketplace"] == "hepsiburada" and result["failed"] == 0, (flow, result["errors"][:3])
    channels = {row["pk"]: row for row in omnitron.table("channels")}
    assert {"merchant_id", "service_key", "integrator_user", "environment"} <= set(channels[HEPSIBURADA]["schema"])
    assert "merchant_id" not in channels[TRENDYOL]["schema"]
    tree = channels[HEPSIBURADA]["category_tree"]
    names = {node["name"] for node in omnitron.table("category_nodes") if node["tree"] == tree}
    assert {"Tişört", "Pantolon", "Spor Ayakkabı", "Çanta"} <= names


def test_images_have_no_hepsiburada_counterpart_and_open_no_batch(deployment):
    omnitron = deployment["omnitron"]
    run(deployment, "products_insert", HEPSIBURADA)
    batches = len(omnitron.table("batch_requests"))

    result = run(deployment, "images_sync", HEPSIBURADA)

    assert result["unsupported"] == "hepsiburada: push images" and result["failed_batches"] == 0
    assert len(omnitron.table("batch_requests")) == batches  # said so before opening one


def test_hepsiburada_changes_after_packaging_reach_the_order_flows(deployment, hepsiburada):
    """A line the customer cancels out of a packaged order, and a package that ships, are followed
    through the lists dated by the change: the cancel import cancels the Omnitron item once, the
    import creates nothing twice."""
    omnitron = deployment["omnitron"]
    assert run(deployment, "products_insert", HEPSIBURADA)["failed"] == 0
    listings = hepsiburada.listings()
    first, second = (row["hepsiburadaSku"] for row in list(listings.values())[:2])
    hepsiburada.order((first, 1), (second, 1))
    hepsiburada.order((first, 1))
    assert run(deployment, "orders_import", HEPSIBURADA, lookback_hours=1)["orders"]["created"] == 2
    kept, shipped = sorted(hepsiburada.packages(), key=lambda package: len(package["lines"]), reverse=True)
    cancelled_line = kept["lines"][1]
    hepsiburada.control("POST", f"lines/{cancelled_line}/cancel", {"reason": "CustomerRequest"})
    hepsiburada.control("POST", f"packages/{shipped['packageNumber']}/status", {"status": "Shipped"})
    before = hepsiburada.counts()["endpoints"]

    cancels = run(deployment, "orders_cancel_import", HEPSIBURADA, lookback_hours=1)
    again = run(deployment, "orders_import", HEPSIBURADA, lookback_hours=1)

    assert (cancels["orders"]["cancelled_items"], cancels["failed"]) == (1, 0), cancels
    assert again["orders"].get("created", 0) == 0 and again["failed"] == 0, again
    items = {str(item["extra_field"]["id"]): item["status"] for item in omnitron.table("order_items")
             if item["extra_field"].get("line_id")}
    assert items[f"{cancelled_line}-1"] == "100"
    assert sorted(status for unit, status in items.items() if unit != f"{cancelled_line}-1") == ["400", "400"]
    after = hepsiburada.counts()["endpoints"]
    details = {name: after[name] - before.get(name, 0) for name in after if name.endswith("<order_number>")}
    assert sum(details.values()) == 3  # one detail read per changed order per run, none for the rest
    assert run(deployment, "orders_cancel_import", HEPSIBURADA, lookback_hours=1)["orders"]["already_cancelled"] == 1


def test_hepsiburada_products_awaiting_approval_are_deleted_through_the_delete_process(deployment, hepsiburada):
    omnitron = deployment["omnitron"]
    hepsiburada.configure(approve_delay=None)  # nobody reviews: every product waits
    assert run(deployment, "products_insert", HEPSIBURADA)["failed"] == 0
    gone = sorted(ia["object_id"] for ia in ias(omnitron, "product", HEPSIBURADA))[0]
    sku = next(row["sku"] for row in omnitron.table("products") if row["pk"] == gone).upper()
    assert hepsiburada.products()[sku]["productStatus"] == "WAITING"
    omnitron.control("DELETE", f"products/{gone}")

    result = run(deployment, "products_delete", HEPSIBURADA)

    assert (result["sent"], result["succeeded"], result["failed"]) == (1, 1, 0), result["errors"]
    assert sku not in hepsiburada.products() and len(hepsiburada.products()) == PRODUCTS - 1
    assert gone not in {ia["object_id"] for ia in ias(omnitron, "product", HEPSIBURADA)}
    endpoint = "POST /<any('mpop-sit', mpop):host>/product/api/products/delete-process"
    assert hepsiburada.counts()["endpoints"][endpoint] == 1


def test_an_approved_hepsiburada_product_is_updated_through_the_content_update(deployment, hepsiburada):
    omnitron = deployment["omnitron"]
    assert run(deployment, "products_insert", HEPSIBURADA)["failed"] == 0
    changed = sorted(ia["object_id"] for ia in ias(omnitron, "product", HEPSIBURADA))[3]
    sku = next(row["sku"] for row in omnitron.table("products") if row["pk"] == changed).upper()
    assert hepsiburada.products()[sku]["productStatus"] == "MATCHED"
    omnitron.control("POST", f"products/{changed}", {"name": "Yeni isim"})

    result = run(deployment, "products_sync", HEPSIBURADA)

    assert (result["fetched"], result["succeeded"], result["failed"]) == (1, 1, 0), result["errors"]
    assert hepsiburada.products()[sku]["productName"] == "Yeni isim"
    endpoint = "POST /<any('mpop-sit', mpop):host>/ticket-api/api/integrator/import"
    assert hepsiburada.counts()["endpoints"][endpoint] == 1


def test_part_of_a_hepsiburada_line_is_cancelled_by_a_split_and_the_order_follows_the_new_package(
        deployment, hepsiburada):
    """Cancelling one unit of a two-unit line is one split: Hepsiburada keeps the other unit in a
    new package, the import re-points the order at it, and the cancel import cancels exactly the
    requested item (Hepsiburada picks the unit; the flows keep the one the request named)."""
    omnitron = deployment["omnitron"]
    assert run(deployment, "products_insert", HEPSIBURADA)["failed"] == 0
    hb_sku = next(iter(hepsiburada.listings().values()))["hepsiburadaSku"]
    hepsiburada.order((hb_sku, 2))
    imported = run(deployment, "orders_import", HEPSIBURADA, lookback_hours=1)
    assert imported["orders"]["created"] == 1, imported
    requested = next(row for row in omnitron.table("order_items")  # unit 1; Hepsiburada will report unit 2
                     if row["extra_field"].get("id", "").endswith("-1"))
    client = OmnitronClient(omnitron.url, "admin", "admin", channel_id=HEPSIBURADA, catalog_id=1, cache=cache)
    client.cancellation_requests.create({"cancellation_type": "cancel", "order_item": requested["pk"], "reason": 1})

    pushed = run(deployment, "orders_cancel_push", HEPSIBURADA)
    again = run(deployment, "orders_import", HEPSIBURADA, lookback_hours=1)
    cancels = run(deployment, "orders_cancel_import", HEPSIBURADA, lookback_hours=1)

    assert (pushed["succeeded"], pushed["failed"], pushed["orders"].get("unsupported", 0)) == (1, 0, 0), pushed
    [line] = hepsiburada.lines()
    assert (line["quantity"], line["status"]) == (1, "Packaged")
    assert (again["orders"].get("created", 0), again["orders"].get("relinked"), again["failed"]) == (0, 1, 0), again
    assert [ia["remote_id"] for ia in ias(omnitron, "order", HEPSIBURADA)] == [line["packageNumber"]]
    assert (cancels["orders"]["cancelled_items"], cancels["failed"]) == (1, 0), cancels
    statuses = {row["pk"]: row["status"] for row in omnitron.table("order_items") if row["extra_field"].get("line_id")}
    assert statuses[requested["pk"]] == "100" and sorted(statuses.values()) == ["100", "400"]
    assert run(deployment, "orders_cancel_push", HEPSIBURADA)["orders"].get("requests", 0) == 0  # none left open


def test_a_whole_line_cancelled_for_hepsiburada_leaves_one_order_for_the_repacked_rest(deployment, hepsiburada):
    """Cancelling a whole line unpacks the package, cancels the line and packs the rest under a new
    package number that names no origin: the import finds the order from the units it already holds
    and re-points it at the new package (no second order), and the cancel import cancels one item."""
    omnitron = deployment["omnitron"]
    assert run(deployment, "products_insert", HEPSIBURADA)["failed"] == 0
    first, second = (row["hepsiburadaSku"] for row in list(hepsiburada.listings().values())[:2])
    hepsiburada.order((first, 1), (second, 1))
    assert run(deployment, "orders_import", HEPSIBURADA, lookback_hours=1)["orders"]["created"] == 1
    [old] = hepsiburada.packages()
    gone_line = old["lines"][1]
    item = next(row for row in omnitron.table("order_items") if row["extra_field"].get("line_id") == gone_line)
    client = OmnitronClient(omnitron.url, "admin", "admin", channel_id=HEPSIBURADA, catalog_id=1, cache=cache)
    client.cancellation_requests.create({"cancellation_type": "cancel", "order_item": item["pk"], "reason": 1})

    pushed = run(deployment, "orders_cancel_push", HEPSIBURADA)
    imported = run(deployment, "orders_import", HEPSIBURADA, lookback_hours=1)
    cancels = run(deployment, "orders_cancel_import", HEPSIBURADA, lookback_hours=1)

    assert (pushed["succeeded"], pushed["failed"]) == (1, 0), pushed
    [new] = [p for p in hepsiburada.packages() if p["status"] != "Unpacked"]
    assert new["packageNumber"] != old["packageNumber"] and new["lines"] == [old["lines"][0]]
    assert (imported["orders"].get("created", 0), imported["orders"].get("relinked"), imported["failed"]) == \
        (0, 1, 0), imported
    assert len([order for order in omnitron.table("orders") if str(order["channel"]) == str(HEPSIBURADA)]) == 1
    assert [ia["remote_id"] for ia in ias(omnitron, "order", HEPSIBURADA)] == [new["packageNumber"]]
    assert (cancels["orders"]["cancelled_items"], cancels["failed"]) == (1, 0), cancels
    items = {item["extra_field"]["line_id"]: item["status"] for item in omnitron.table("order_items")
             if item["extra_field"].get("line_id")}
    assert items == {old["lines"][0]: "400", gone_line: "100"}
    again = run(deployment, "orders_import", HEPSIBURADA, lookback_hours=1)
    assert (again["orders"].get("created", 0), again["orders"].get("relinked", 0)) == (0, 0), again
