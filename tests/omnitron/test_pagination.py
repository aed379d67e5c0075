"""Paging through the sandbox: envelopes, page sizes, page-at-a-time and draining."""
from __future__ import annotations

import math

import pytest

from omnitron.pagination import PaginationError, encode_params, to_page

LIST = "GET channel/{ch}/products/"


@pytest.fixture
def catalog_1050(omnitron):
    omnitron.reset(products=0)
    omnitron.seed(1050)
    return omnitron


@pytest.mark.parametrize("page_size", [7, 100, 250, 1000, 2000])
def test_paging_1050_products_costs_ceil_n_over_page_size(make_client, catalog_1050, page_size):
    client = make_client()
    rows = [row for row in client.products.list(page_size=page_size) if row["product_type"] == "0"]
    assert len(rows) == 1050
    assert len({row["pk"] for row in rows}) == 1050
    all_rows = catalog_1050.counts()["endpoints"][LIST]
    total = len(catalog_1050.table("products"))
    assert all_rows == client.request_counts[LIST] == max(1, math.ceil(total / page_size))


def test_pages_yield_one_page_at_a_time_lazily(make_client, catalog_1050):
    client = make_client()
    pages = client.products.list(page_size=400, product_type=0).pages()
    assert client.request_counts[LIST] == 0
    first = next(pages)
    assert (first.number, len(first.results), first.count, first.has_next) == (1, 400, 1050, True)
    assert client.request_counts[LIST] == 1
    rest = list(pages)
    assert [len(p.results) for p in rest] == [400, 250]
    assert rest[-1].has_next is False


def test_drain_rereads_page_one_while_the_caller_commits(make_client, catalog_1050):
    client = make_client()
    batch = client.batch_requests.create()
    seen = 0
    for page in client.products.inserts(page_size=500, product_type=0).drain():
        objects = [{"pk": row["pk"], "content_type": "product", "remote_id": None,
                    "version_date": row["modified_date"], "failed_reason_type": None} for row in page.results]
        batch = client.batch_requests.commit(batch, "product", objects)
        seen += len(page.results)
    assert seen == 1050
    assert client.request_counts["GET channel/{ch}/products/inserts/"] == 4  # 500 + 500 + 50 + empty


def test_drain_refuses_to_loop_when_nothing_is_consumed(make_client, catalog_1050):
    pages = make_client().products.inserts(page_size=10).drain()
    next(pages)
    with pytest.raises(PaginationError):
        next(pages)


def test_in_bulk_fetches_by_chunks_not_per_object(make_client, catalog_1050):
    client = make_client()
    pks = [row["pk"] for row in client.products.list(page_size=1000, product_type=0)][:450]
    client.reset_request_counts()
    prices = list(client.product_prices.in_bulk("product__pk", pks))
    assert sorted(p["product"] for p in prices) == sorted(pks)
    assert client.request_counts["GET channel/{ch}/product_prices/"] == 3  # 200 + 200 + 50


def test_plain_list_is_one_page():
    page = to_page([{"pk": 1}, {"pk": 2}], 1, 100)
    assert page.results == [{"pk": 1}, {"pk": 2}] and page.has_next is False


def test_envelope_without_next_key_continues_only_on_a_full_page():
    assert to_page({"results": [{"pk": 1}] * 3}, 1, 3).has_next is True
    assert to_page({"results": [{"pk": 1}] * 2}, 1, 3).has_next is False


def test_next_link_page_number_is_followed():
    page = to_page({"results": [{"pk": 1}], "next": "http://h/api/v1/x/?limit=1&page=5"}, 4, 1)
    assert page.next_number == 5


def test_query_dialect():
    assert encode_params({"pk__in": [1, 2, 3], "status": ["sent_to_remote", "ongoing"], "is_active": True,
                          "skip": None}) == [
        ("pk__in", "1,2,3"), ("status", "sent_to_remote"), ("status", "ongoing"), ("is_active", "True")]
