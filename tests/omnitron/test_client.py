"""The client's public surface: one attribute per resource the flows need, request counting."""
from __future__ import annotations

from omnitron.client import OmnitronClient
from omnitron.resources.base import Resource
from tests.omnitron.conftest import private_cache

RESOURCES = [
    "channels", "catalogs", "content_types", "batch_requests", "integration_actions", "error_reports", "products",
    "mapped_products", "product_prices", "product_stocks", "extra_product_prices", "extra_product_stocks",
    "price_lists", "stock_lists", "product_images", "product_categories", "category_trees", "category_nodes",
    "attribute_sets", "attribute_set_configs", "attributes", "attribute_schemas", "attribute_configs",
    "attribute_values", "attribute_value_configs", "orders", "create_orders", "order_items", "customers",
    "addresses", "countries", "cities", "townships", "districts", "retail_stores", "cargos",
    "order_shipping_infos", "cancellation_requests", "cancellation_reasons", "operational_events",
]


def test_every_resource_is_an_attribute():
    client = OmnitronClient("http://h/", "u", "p", cache=private_cache(), channel_id=1)
    found = sorted(name for name, value in vars(client).items() if isinstance(value, Resource))
    assert found == sorted(RESOURCES)


def test_request_counts_by_endpoint_template(make_client, omnitron):
    client = make_client()
    products = list(client.products.list(page_size=10))
    for row in products[:3]:
        client.mapped_products.get(row["pk"])
    client.content_types.by_model("product")
    client.content_types.by_model("product")  # remembered: no second request
    counts = client.request_counts
    assert counts["GET channel/{ch}/products/"] == 3
    assert counts["GET channel/{ch}/mapped_products/{pk}/"] == 3
    assert counts["GET content_types/"] == 1
    assert counts.total() == 1 + 3 + 3 + 1
    assert counts == {k: v for k, v in omnitron.counts()["endpoints"].items()}
    client.reset_request_counts()
    assert client.request_counts.total() == 0


def test_orders_round_trip_through_resources(make_client):
    client = make_client()
    customer = client.customers.create({"channel": "1", "email": "b@example.com", "first_name": "B",
                                        "last_name": "C", "phone_number": "1", "channel_code": "B1"})
    country = client.countries.list(code__exact="tr", is_active=True).first_page()[0]
    city = client.cities.list(name__iexact="ankara", country=country["pk"], is_active=True).first_page()[0]
    address = client.addresses.create({"customer": customer["pk"], "country": country["pk"], "city": city["pk"],
                                       "line": "x", "first_name": "B", "last_name": "C"})
    product = client.products.list(page_size=1, product_type=0).first_page()[0]
    order = client.create_orders.create(
        {"number": "N-1", "channel": "1", "customer": customer["pk"], "shipping_address": address["pk"],
         "billing_address": address["pk"], "amount": "10.00", "extra_field": {"id": "N-1"}},
        [{"product": product["pk"], "price": "10.00", "extra_field": {"id": "L-1"}}],
    )
    items = list(client.order_items.list(order=order["pk"], sort="id"))
    assert [i["extra_field"]["id"] for i in items] == ["L-1"]
    client.orders.cancel(order["pk"], [items[0]["pk"]], {str(items[0]["pk"]): 1})
    assert client.orders.get(order["pk"])["status"] == "100"


def test_missing_channel_id_is_a_configuration_error_before_any_request():
    import pytest

    from omnitron.errors import ConfigurationError

    client = OmnitronClient("http://127.0.0.1:9/", "u", "p", cache=private_cache(), channel_id=None, catalog_id=None)
    with pytest.raises(ConfigurationError, match="OMNITRON_CHANNEL_ID is not set"):
        list(client.products.list())
    with pytest.raises(ConfigurationError, match="OMNITRON_CATALOG_ID"):
        client.catalogs.get()
    assert client.request_counts.total() == 0


def test_content_types_are_shared_through_the_cache(make_client, omnitron):
    shared = private_cache()
    first = make_client(cache=shared).content_types.by_model("product")
    second_client = make_client(cache=shared)
    assert second_client.content_types.by_model("product") == first
    assert "GET content_types/" not in second_client.request_counts
    assert omnitron.counts()["endpoints"]["GET content_types/"] == 1
