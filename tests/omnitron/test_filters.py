"""Checked bulk filters: trusted only once seen working, remembered per host for a day."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from omnitron import families
from omnitron.filters import HONOURED, IGNORED, Family

from tests.omnitron.conftest import private_cache


def skus(omnitron, count: int) -> list[str]:
    return [row["sku"] for row in omnitron.table("products") if row["product_type"] == "0"][:count]


def gets(client, template: str) -> int:
    return client.request_counts[f"GET {template}"]


def test_a_filter_the_server_ignores_is_caught_and_the_evidenced_way_answers(make_client, omnitron):
    client = make_client()
    wanted = skus(omnitron, 5)[2:5]

    rows = client.filters.rows(families.PRODUCTS_BY_SKU, wanted)

    assert sorted(row["sku"] for row in rows) == sorted(wanted)
    assert client.filters.verdict(families.PRODUCTS_BY_SKU) == IGNORED
    assert client.filters.paths == {"products sku__in": "evidenced"}


def test_an_ignored_verdict_is_shared_through_the_cache_for_the_same_host(make_client, omnitron):
    cache = private_cache()
    make_client(cache=cache).filters.rows(families.PRODUCTS_BY_SKU, skus(omnitron, 3)[1:])
    later = make_client(cache=cache)

    later.filters.rows(families.PRODUCTS_BY_SKU, skus(omnitron, 3)[1:])

    # straight to the evidenced way: two exact lookups, no `sku__in` attempt, no count probe
    assert gets(later, "channel/{ch}/products/") == 2
    assert later.filters.verdict(families.PRODUCTS_BY_SKU) == IGNORED
    assert cache.get(later.filters._cache_key(families.PRODUCTS_BY_SKU)) == IGNORED
    assert later.filters.ttl == 24 * 3600


def test_a_filter_that_works_is_proven_by_a_count_and_then_trusted(make_client, omnitron_optimistic):
    cache = private_cache()
    client = make_client(cache=cache, base_url=omnitron_optimistic.url)
    wanted = skus(omnitron_optimistic, 10)[3:9]

    rows = client.filters.rows(families.PRODUCTS_BY_SKU, wanted)

    assert sorted(row["sku"] for row in rows) == sorted(wanted)
    assert gets(client, "channel/{ch}/products/") == 2  # the `sku__in` page and one `limit=1` count probe
    assert client.filters.verdict(families.PRODUCTS_BY_SKU) == HONOURED
    assert client.filters.paths == {"products sku__in": "optimistic"}
    later = make_client(cache=cache, base_url=omnitron_optimistic.url)
    later.filters.rows(families.PRODUCTS_BY_SKU, wanted)
    assert gets(later, "channel/{ch}/products/") == 1


def test_verdicts_are_per_omnitron_host(make_client, omnitron, omnitron_optimistic):
    cache = private_cache()
    make_client(cache=cache).filters.rows(families.PRODUCTS_BY_SKU, skus(omnitron, 4)[1:])
    other = make_client(cache=cache, base_url=omnitron_optimistic.url)
    assert other.filters.verdict(families.PRODUCTS_BY_SKU) is None
    other.filters.rows(families.PRODUCTS_BY_SKU, skus(omnitron_optimistic, 4)[1:])
    assert other.filters.verdict(families.PRODUCTS_BY_SKU) == HONOURED


def test_one_lookup_per_value_gives_way_to_reading_the_list_when_that_is_cheaper(make_client):
    client = make_client(page_size=1000)
    townships = [1, 2, 3]  # Kadıköy, Beşiktaş, Çankaya: every district but Konak's

    rows = client.filters.rows(families.DISTRICTS_BY_TOWNSHIP, townships, is_active=True)

    assert {row["name"] for row in rows} == {"Moda", "Caferağa", "Levent", "Kızılay"}
    assert client.filters.verdict(families.DISTRICTS_BY_TOWNSHIP) == IGNORED
    # the ignored `township__in`, a count probe, then one page holding every district (not three lookups)
    assert gets(client, "channel/{ch}/districts/") == 3


def test_few_values_are_looked_up_one_by_one(make_client):
    client = make_client()
    rows = client.filters.rows(families.TOWNSHIPS_BY_CITY, [1, 2], is_active=True)
    assert {row["name"] for row in rows} == {"Kadıköy", "Beşiktaş", "Çankaya"}
    assert gets(client, "channel/{ch}/townships/") == 3  # the ignored `city__in`, then `city=1`, `city=2`


def test_a_date_window_the_server_ignores_is_applied_locally(make_client):
    client = make_client()
    since = datetime.now(timezone.utc) + timedelta(hours=1)
    assert client.filters.since(families.ORDER_ITEMS_SINCE, since) == []
    past = datetime.now(timezone.utc) - timedelta(days=1)
    client.filters.rows(families.ORDERS_BY_NUMBER, ["nothing"])  # unrelated families keep their own verdicts
    assert client.filters.verdict(families.ORDER_ITEMS_SINCE) in (None, IGNORED)
    assert client.filters.since(families.ORDERS_SINCE, past) == []


def test_a_family_without_an_evidenced_way_answers_nothing_rather_than_everything(make_client, omnitron):
    client = make_client()
    customer = client.customers.create({"channel": "1", "email": "a@example.com", "first_name": "A", "last_name": "B"})
    other = client.customers.create({"channel": "1", "email": "b@example.com", "first_name": "B", "last_name": "C"})
    for pk in (customer["pk"], other["pk"]):
        client.addresses.create({"customer": pk, "country": 1, "city": 1, "line": f"line {pk}", "first_name": "A",
                                 "last_name": "B"})

    rows = client.filters.rows(families.ADDRESSES_BY_CUSTOMER, [customer["pk"]])

    assert rows == [] or [row["customer"] for row in rows] == [customer["pk"]]
    assert client.filters.verdict(families.ADDRESSES_BY_CUSTOMER) == IGNORED


def test_rows_outside_the_asked_set_are_never_returned(make_client, omnitron):
    family = Family("test products pk__in as range", "channel/{ch}/products/", "pk", "range", "scan", unique=True)
    client = make_client()
    rows = client.filters.rows(family, [5, 6, 7])
    assert sorted(row["pk"] for row in rows) == [5, 6, 7]
