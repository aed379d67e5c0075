"""Index-narrowed listing gives exactly what a full scan gives (ranges, `__in`, foreign-key ids)."""
from __future__ import annotations

import pytest
from werkzeug.datastructures import MultiDict

from sandboxes.omnitron.query import parse_filters, select
from sandboxes.omnitron.store import Store, Table


@pytest.fixture
def prices() -> Table:
    store = Store()
    for pk in range(1, 201):
        store.create("prices", {"product": (pk + 1) // 2, "price_list": 1 + pk % 2, "price": str(pk)})
    store.table("prices").delete(7)
    return store.table("prices")


def scan(table: Table, query: dict[str, str]) -> list[int]:
    """The reference answer: every row tested by every filter."""
    filters = parse_filters(MultiDict(query), {}, {})
    return [pk for pk in sorted(table.rows) if all(f.matches(table.rows[pk]) for f in filters)]


@pytest.mark.parametrize("query", [
    {"pk__gte": "5", "pk__lte": "20"},
    {"pk__gt": "5", "pk__lt": "20", "price_list": "2"},
    {"id__gte": "190"},
    {"product__pk__gte": "10", "product__pk__lte": "30", "price_list": "1"},
    {"product__gte": "99", "product__lte": "5000"},
    {"product__pk__in": "3,4,99,1000"},
    {"product": "4", "pk__lte": "7"},
    {"pk__in": "1,7,9,05"},
    {"price_list": "None"},
    {"product__gte": "x", "pk__lte": "3"},
])
def test_narrowed_select_equals_a_full_scan(prices, query):
    filters = parse_filters(MultiDict(query), {}, {})
    assert select(prices, filters) == scan(prices, query)


def test_a_range_much_wider_than_the_table_falls_back_to_scanning(prices):
    filters = parse_filters(MultiDict({"product__gte": "0", "product__lte": "99999999"}), {}, {})
    assert select(prices, filters) == sorted(prices.rows)


def test_scope_restricts_and_orders(prices):
    filters = parse_filters(MultiDict({"price_list": "1"}), {}, {})
    assert select(prices, filters, scope={40, 2, 3, 7, 999}) == [2, 40]
