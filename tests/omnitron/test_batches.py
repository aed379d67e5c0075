"""Batch-request transitions: exact PATCH bodies, illegal moves refused locally, and Omnitron's
side effects as the sandbox models them (docs/omnitron.md "Integration actions")."""
from __future__ import annotations

import pytest

from omnitron.errors import IllegalTransition, NotAcceptable
from omnitron.resources.batches import batch_object

PATCH = "PATCH channel/{ch}/batch_requests/{pk}/"


def product_objects(rows, **extra):
    return [batch_object(row["pk"], "product", version_date=row["modified_date"], **extra) for row in rows]


def insert_pks(client):
    return {row["pk"] for row in client.products.inserts(page_size=1000, product_type=0)}


def test_create_returns_a_full_initialized_batch(make_client):
    batch = make_client().batch_requests.create()
    assert batch["status"] == "initialized" and batch["objects"] is None
    assert batch["channel"] == 1 and len(batch["local_batch_id"]) == 36


def test_commit_sends_the_reference_body_and_locks_objects(make_client, omnitron):
    client = make_client()
    rows = client.products.inserts(page_size=5, product_type=0).first_page()
    batch = client.batch_requests.commit(client.batch_requests.create(), "product", product_objects(rows))
    assert batch["status"] == "commit" and batch["content_type"] == "product"
    assert insert_pks(client).isdisjoint(row["pk"] for row in rows)
    ias = client.integration_actions.list(local_batch_id=batch["local_batch_id"], status="processing").first_page()
    assert sorted(ia["object_id"] for ia in ias) == sorted(row["pk"] for row in rows)
    assert all(ia["content_type"]["model"] == "product" for ia in ias)


def test_commit_is_additive(make_client):
    client = make_client()
    first, second = client.products.inserts(page_size=3, product_type=0).first_page(), None
    batch = client.batch_requests.commit(client.batch_requests.create(), "product", product_objects(first))
    second = client.products.inserts(page_size=2, product_type=0).first_page()
    batch = client.batch_requests.commit(batch, "product", product_objects(second))
    assert len(batch["objects"]) == 5


def test_done_with_remote_ids_makes_objects_updates_only(make_client, omnitron):
    client = make_client()
    rows = client.products.inserts(page_size=4, product_type=0).first_page()
    batch = client.batch_requests.commit(client.batch_requests.create(), "product", product_objects(rows))
    done = [batch_object(r["pk"], "product", remote_id=f"TY-{r['pk']}", version_date=r["modified_date"]) for r in rows]
    batch = client.batch_requests.done(batch, done)
    assert batch["status"] == "done"
    assert insert_pks(client).isdisjoint(r["pk"] for r in rows)
    assert list(client.products.updates()) == []
    omnitron.control("POST", f"products/{rows[0]['pk']}", {"name": "renamed"})
    assert [row["pk"] for row in client.products.updates()] == [rows[0]["pk"]]
    ia = client.integration_actions.list(object_id=rows[0]["pk"], content_type_name="product").first_page()[0]
    assert (ia["remote_id"], ia["status"]) == (f"TY-{rows[0]['pk']}", "success")


def test_price_change_makes_a_price_update(make_client, omnitron):
    client = make_client()
    prices = client.product_prices.inserts(page_size=2).first_page()
    batch = client.batch_requests.commit(client.batch_requests.create(), "productprice",
                                         [batch_object(p["pk"], "productprice") for p in prices])
    client.batch_requests.done(batch, [batch_object(p["pk"], "productprice", remote_id="x",
                                                    version_date=p["modified_date"]) for p in prices])
    omnitron.control("POST", "prices", {"product": prices[0]["product"], "price": "1.00"})
    updates = list(client.product_prices.updates())
    assert [(u["pk"], u["price"]) for u in updates] == [(prices[0]["pk"], "1.00")]


def test_failed_object_comes_back_on_the_next_run(make_client):
    client = make_client()
    rows = client.products.inserts(page_size=2, product_type=0).first_page()
    batch = client.batch_requests.commit(client.batch_requests.create(), "product", product_objects(rows))
    ok, bad = rows
    client.batch_requests.done(batch, [
        batch_object(ok["pk"], "product", remote_id="TY-1", version_date=ok["modified_date"]),
        batch_object(bad["pk"], "product", version_date=bad["modified_date"], failed_reason_type="channel_app"),
    ])
    pending = insert_pks(client)
    assert bad["pk"] in pending and ok["pk"] not in pending


def test_fail_releases_every_object(make_client):
    client = make_client()
    before = insert_pks(client)
    rows = client.products.inserts(page_size=5, product_type=0).first_page()
    batch = client.batch_requests.commit(client.batch_requests.create(), "product", product_objects(rows))
    assert insert_pks(client) == before - {r["pk"] for r in rows}
    assert client.batch_requests.fail(batch)["status"] == "fail"
    assert insert_pks(client) == before


def test_async_path_sent_to_remote_ongoing_done(make_client, omnitron):
    client = make_client()
    batch = client.batch_requests.commit(client.batch_requests.create(), "product", [])
    batch = client.batch_requests.sent_to_remote(batch, "remote-77")
    assert (batch["status"], batch["remote_batch_id"]) == ("sent_to_remote", "remote-77")
    listed = client.batch_requests.list(status=["sent_to_remote", "ongoing"], content_type="product").first_page()
    assert [b["pk"] for b in listed] == [batch["pk"]]
    batch = client.batch_requests.ongoing(batch)
    batch = client.batch_requests.done(batch, [])
    assert batch["status"] == "done"
    assert client.request_counts[PATCH] == 4


@pytest.mark.parametrize(("current", "method", "args"), [
    ("initialized", "sent_to_remote", ("r",)),
    ("initialized", "ongoing", ()),
    ("commit", "ongoing", ()),
    ("done", "commit", ("product", [])),
    ("done", "fail", ()),
    ("fail", "done", ([],)),
])
def test_illegal_transition_is_refused_before_sending(make_client, omnitron, current, method, args):
    client = make_client()
    batch = {**client.batch_requests.create(), "status": current}
    with pytest.raises(IllegalTransition):
        getattr(client.batch_requests, method)(batch, *args)
    assert client.request_counts[PATCH] == 0


def test_sandbox_refuses_a_terminal_batch_with_406(make_client):
    client = make_client()
    batch = client.batch_requests.create()
    client.batch_requests.done(batch, [])
    stale = {**batch, "status": "commit"}  # a caller holding an outdated copy
    with pytest.raises(NotAcceptable) as info:
        client.batch_requests.done(stale, [])
    assert "batch_request_status_100_1" in str(info.value.body)


def test_transition_bodies_are_the_reference_dialect(make_client, omnitron):
    """Keys sorted, channel as a string, exactly the fields of docs/omnitron.md "Batch requests"."""
    import json

    client = make_client()
    batch = client.batch_requests.create()
    entry = batch_object(3, "product", version_date="2024-01-02T07:53:06.392780Z")
    batch = client.batch_requests.commit(batch, "product", [entry])
    batch = client.batch_requests.sent_to_remote(batch, "rb-1")
    batch = client.batch_requests.ongoing(batch)
    client.batch_requests.done(batch, [entry])
    other = client.batch_requests.create()
    client.batch_requests.fail(other)
    sent = [json.loads(r["body"]) for r in omnitron.control("GET", "requests") if r["endpoint"] == PATCH]
    assert sent == [
        {"channel": "1", "content_type": "product", "objects": [entry], "status": "commit"},
        {"channel": "1", "remote_batch_id": "rb-1", "status": "sent_to_remote"},
        {"channel": "1", "status": "ongoing"},
        {"channel": "1", "objects": [entry], "status": "done"},
        {"channel": "1", "objects": None, "status": "fail"},
    ]
    creates = [json.loads(r["body"]) for r in omnitron.control("GET", "requests")
               if r["endpoint"] == "POST channel/{ch}/batch_requests/"]
    assert creates == [{"channel": "1"}, {"channel": "1"}]
