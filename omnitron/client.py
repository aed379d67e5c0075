"""`OmnitronClient`: the one entry point to Omnitron; everything is passed to the constructor.

    client = OmnitronClient("https://omnitron.example.com/", "user", "secret",
                            channel_id=6, catalog_id=3, cache=django_cache)
    for page in client.products.inserts(page_size=500).pages(): ...
    batch = client.batch_requests.create()
    client.batch_requests.commit(batch, "product", objects)

No request is sent until a method is called (the constructor does no I/O).
"""
from __future__ import annotations

from collections import Counter

import requests

from omnitron.auth import Cache
from omnitron.filters import FilterChecks
from omnitron.resources import attributes, batches, catalog, categories, customers, orders, setup
from omnitron.retry import RetryPolicy
from omnitron.transport import Transport

DEFAULT_PAGE_SIZE = 500


class OmnitronClient:
    """Authenticated, retrying, counting access to one Omnitron channel and catalog."""

    def __init__(
        self, base_url: str, username: str, password: str, *, cache: Cache,
        channel_id: int | None = None, catalog_id: int | None = None,
        connect_timeout: float = 5.0, read_timeout: float = 60.0,
        retry: RetryPolicy | None = None, page_size: int = DEFAULT_PAGE_SIZE,
        session: requests.Session | None = None,
    ) -> None:
        self.channel_id = channel_id
        self.catalog_id = catalog_id
        self.page_size = page_size
        self.transport = Transport(
            base_url, username, password, cache=cache, connect_timeout=connect_timeout,
            read_timeout=read_timeout, retry=retry or RetryPolicy(), session=session,
            path_defaults={"ch": channel_id, "cat": catalog_id},
        )
        t, n = self.transport, page_size
        # Bulk lookups through filters the server may not declare (see filters.py).
        self.filters = FilterChecks(t, n, cache)
        self.channels = setup.Channels(t, n)
        self.catalogs = setup.Catalogs(t, n)
        self.content_types = setup.ContentTypes(t, n)
        self.batch_requests = batches.BatchRequests(t, n)
        self.integration_actions = batches.IntegrationActions(t, n)
        self.error_reports = batches.ErrorReports(t, n)
        self.operational_events = batches.OperationalEvents(t, n)
        self.products = catalog.Products(t, n)
        self.mapped_products = catalog.MappedProducts(t, n)
        self.product_prices = catalog.ProductPrices(t, n)
        self.product_stocks = catalog.ProductStocks(t, n)
        self.extra_product_prices = catalog.ExtraProductPrices(t, n)
        self.extra_product_stocks = catalog.ExtraProductStocks(t, n)
        self.price_lists = catalog.PriceLists(t, n)
        self.stock_lists = catalog.StockLists(t, n)
        self.product_images = catalog.ProductImages(t, n)
        self.product_categories = catalog.ProductCategories(t, n)
        self.category_trees = categories.CategoryTrees(t, n)
        self.category_nodes = categories.CategoryNodes(t, n)
        self.attribute_sets = attributes.AttributeSets(t, n)
        self.attribute_set_configs = attributes.AttributeSetConfigs(t, n)
        self.attributes = attributes.Attributes(t, n)
        self.attribute_schemas = attributes.AttributeSchemas(t, n)
        self.attribute_configs = attributes.AttributeConfigs(t, n)
        self.attribute_values = attributes.AttributeValues(t, n)
        self.attribute_value_configs = attributes.AttributeValueConfigs(t, n)
        self.orders = orders.Orders(t, n)
        self.create_orders = orders.CreateOrders(t, n)
        self.order_items = orders.OrderItems(t, n)
        self.order_shipping_infos = orders.OrderShippingInfos(t, n)
        self.cancellation_requests = orders.CancellationRequests(t, n)
        self.cancellation_reasons = orders.CancellationReasons(t, n)
        self.customers = customers.Customers(t, n)
        self.addresses = customers.Addresses(t, n)
        self.countries = customers.Countries(t, n)
        self.cities = customers.Cities(t, n)
        self.townships = customers.Townships(t, n)
        self.districts = customers.Districts(t, n)
        self.retail_stores = customers.RetailStores(t, n)
        self.cargos = customers.Cargos(t, n)

    @property
    def base_url(self) -> str:
        return self.transport.base_url

    @property
    def request_counts(self) -> Counter[str]:
        """HTTP attempts per "METHOD endpoint-template" (a copy); `.total()` is the sum."""
        return Counter(self.transport.request_counts)

    def reset_request_counts(self) -> None:
        self.transport.request_counts.clear()

    def login(self, *, budgeted: bool = True) -> str:
        """Log in now (normally lazy); returns the new token, which is shared through the cache."""
        return self.transport.login(budgeted=budgeted)
