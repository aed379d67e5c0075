"""The sandbox's lists filter as declared filter sets do: undeclared parameters are ignored."""
from __future__ import annotations

import pytest
import requests
from django.core.cache import cache

from omnitron.client import OmnitronClient
from omnitron.errors import BadRequest
from sandboxes.omnitron.filtersets import EVIDENCED, declared


def client_for(sandbox) -> OmnitronClient:
    return OmnitronClient(sandbox.url, "admin", "admin", channel_id=1, catalog_id=1, cache=cache)


def test_an_undeclared_filter_is_ignored_and_the_whole_list_comes_back(omnitron):
    client = client_for(omnitron)
    everything = client.product_prices.list(price_list=1).fetch(1)
    asked = client.product_prices.list(price_list=1, product__pk__gte=5, product__pk__lte=6).fetch(1)
    assert asked.count == everything.count > 2
    assert [row["pk"] for row in asked.results] == [row["pk"] for row in everything.results]


def test_an_unknown_parameter_is_ignored_too(omnitron):
    client = client_for(omnitron)
    assert client.products.list(no_such_field="x").fetch(1).count == client.products.list().fetch(1).count


def test_declared_filters_apply(omnitron):
    client = client_for(omnitron)
    rows = list(client.product_prices.list(product__pk__in=[5, 6], price_list=1))
    assert sorted(row["product"] for row in rows) == [5, 6]
    assert [row["city"] for row in client.townships.list(city=2)] == [2]


def test_the_optimistic_set_applies_the_extras_as_well(omnitron_optimistic):
    client = client_for(omnitron_optimistic)
    rows = list(client.product_prices.list(price_list=1, product__pk__gte=5, product__pk__lte=6))
    assert sorted(row["product"] for row in rows) == [5, 6]
    assert sorted({row["city"] for row in client.townships.list(city__in=[1, 2])}) == [1, 2]
    assert omnitron_optimistic.control("GET", "health")["filters"] == "optimistic"


def test_ordering_is_sort_not_drf_ordering(omnitron):
    client = client_for(omnitron)
    descending = [row["pk"] for row in client.products.list(sort="-id")]
    assert descending == sorted(descending, reverse=True)
    assert [row["pk"] for row in client.products.list(ordering="-id")] == sorted(descending)


def test_a_declared_filter_with_an_unparsable_value_is_a_400(omnitron):
    with pytest.raises(BadRequest) as refused:
        list(client_for(omnitron).products.list(pk__in=["a", "b"]))
    assert refused.value.body == {"pk__in": ["Enter a whole number."]}


def test_every_route_akinon_lists_has_a_filter_set():
    assert set(declared("evidenced")) == set(EVIDENCED)
    assert declared("optimistic")["channel/{ch}/products/"] > EVIDENCED["channel/{ch}/products/"]
    with pytest.raises(ValueError):
        declared("everything")


def test_the_filter_set_is_a_startup_option(omnitron):
    assert requests.get(f"{omnitron.url}_sandbox/health", timeout=5).json()["filters"] == "evidenced"
