"""The sandbox's `/_sandbox/` controls, driven through the real client where it matters."""
from __future__ import annotations

import pytest

from omnitron.errors import ResponseTimeout, ServerError
from omnitron.retry import RetryPolicy

CHANNEL = "GET channels/{ch}/"


def test_health_seed_and_reset(omnitron):
    assert omnitron.control("GET", "health") == {"ok": True, "products": 23, "filters": "evidenced"}
    pks = omnitron.seed(10)
    assert len(pks) == 10 and len(omnitron.table("prices")) == 2 * 30
    omnitron.reset()
    assert omnitron.control("GET", "health")["products"] == 23


def test_seed_makes_variant_families(omnitron):
    products = omnitron.table("products")
    metas = [p for p in products if p["product_type"] == "1"]
    variants = [p for p in products if p["parent"] is not None]
    assert metas and len(variants) == 3 * len(metas)
    assert {v["parent"] for v in variants} == {m["pk"] for m in metas}
    assert all(v["attributes"]["barcode"] for v in variants)


def test_counts_reset(make_client, omnitron):
    make_client().channels.get()
    assert omnitron.counts()["total"] == 2
    omnitron.reset_counts()
    assert omnitron.counts() == {"total": 0, "endpoints": {}}


def test_fault_rate_and_times(omnitron):
    omnitron.fault(endpoint=CHANNEL, status=503, rate=0.0)
    omnitron.fault(endpoint=CHANNEL, status=502, times=2)
    assert [f["status"] for f in omnitron.control("GET", "faults")] == [503, 502]
    omnitron.control("DELETE", "faults")
    assert omnitron.control("GET", "faults") == []


def test_latency_beyond_the_read_timeout_is_retried_for_get(make_client, omnitron, sleeps):
    omnitron.fault(endpoint=CHANNEL, latency=0.6, times=1)
    client = make_client(read_timeout=0.2)
    client.login()
    assert client.channels.get()["pk"] == 1
    assert sleeps == [0.5]


def test_latency_beyond_the_read_timeout_is_not_retried_for_post(make_client, omnitron, sleeps):
    omnitron.fault(endpoint="POST channel/{ch}/batch_requests/", latency=0.6, times=1)
    client = make_client(read_timeout=0.2)
    client.login()
    with pytest.raises(ResponseTimeout):
        client.batch_requests.create()
    assert sleeps == []


def test_stock_change_makes_a_stock_update(make_client, omnitron):
    client = make_client()
    stocks = client.product_stocks.inserts(page_size=1).first_page()
    batch = client.batch_requests.commit(client.batch_requests.create(), "productstock",
                                         [{"pk": stocks[0]["pk"], "content_type": "productstock"}])
    client.batch_requests.done(batch, [{"pk": stocks[0]["pk"], "content_type": "productstock", "remote_id": "s",
                                        "version_date": stocks[0]["modified_date"], "failed_reason_type": None}])
    assert list(client.product_stocks.updates()) == []
    omnitron.control("POST", "stocks", {"product": stocks[0]["product"], "stock": 999})
    assert [s["stock"] for s in client.product_stocks.updates()] == [999]


def test_repeated_failures_stop_coming_back_until_the_object_changes(make_client, omnitron):
    client = make_client()
    product = client.products.inserts(page_size=1, product_type=0).first_page()[0]
    entry = {"pk": product["pk"], "content_type": "product", "remote_id": None,
             "version_date": product["modified_date"], "failed_reason_type": "mapping"}
    for _ in range(3):
        assert product["pk"] in {p["pk"] for p in client.products.inserts(page_size=1000)}
        batch = client.batch_requests.commit(client.batch_requests.create(), "product", [{**entry, "failed_reason_type": None}])
        client.batch_requests.done(batch, [entry])
    assert product["pk"] not in {p["pk"] for p in client.products.inserts(page_size=1000)}
    omnitron.control("POST", f"products/{product['pk']}", {"name": "fixed"})
    assert product["pk"] in {p["pk"] for p in client.products.inserts(page_size=1000)}
    assert len(omnitron.table("failed_integrations")) == 3


def test_a_method_wildcard_fault_fails_only_that_method(make_client, omnitron, sleeps):
    omnitron.fault(endpoint="GET *", status=500)
    client = make_client(retry=RetryPolicy(max_retries=0))
    assert client.batch_requests.create()["status"] == "initialized"  # POST untouched
    with pytest.raises(ServerError):
        client.channels.get()
