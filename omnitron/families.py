"""The bulk-filter families the flows use, each with the evidenced way to the same rows.

"Evidenced" means Akinon's own channel app sends that filter and relies on its answer (or a
public Akinon API page names it). Chunk sizes of the evidenced `__in` ways are Akinon's own
(50 pks per `product__pk__in`, up to 100 per `pk__in` / `object_id__in`).
"""
from __future__ import annotations

from omnitron.filters import Family

CH = "channel/{ch}/"

PRODUCTS_BY_PK = Family("products pk range", CH + "products/", "pk", "range", "in", chunk=100, unique=True)
PRODUCTS_BY_SKU = Family("products sku__in", CH + "products/", "sku", "in", "exact", unique=True)
PRICES_BY_PRODUCT = Family("product_prices product__pk range", CH + "product_prices/", "product__pk", "range", "in",
                           unique=True)
STOCKS_BY_PRODUCT = Family("product_stocks product__pk range", CH + "product_stocks/", "product__pk", "range", "in",
                           unique=True)
EXTRA_PRICES_BY_PRODUCT = Family("extra_product_prices product__pk range", CH + "extra_product_prices/",
                                 "product__pk", "range", "in", unique=True)
EXTRA_STOCKS_BY_PRODUCT = Family("extra_product_stocks product__pk range", CH + "extra_product_stocks/",
                                 "product__pk", "range", "in", unique=True)
# Extra price rows by their own pk: Akinon never filters that list by pk, so look them up by product.
EXTRA_PRICES_BY_PK = Family("extra_product_prices pk__in", CH + "extra_product_prices/", "pk", "in", "scan",
                            unique=True)
IAS_BY_OBJECT = Family("integration_actions object_id range", CH + "integration_actions/", "object_id", "range",
                       "in", chunk=100, unique=True)
CATEGORIES_BY_PRODUCT = Family("product_categories product__in", CH + "product_categories/detailed/", "product",
                               "in", "exact")
ORDERS_BY_NUMBER = Family("orders number__in", CH + "orders/", "number", "in", "exact", unique=True)
ORDERS_SINCE = Family("orders created_date__gte", CH + "orders/", "created_date", "since", "scan")
ORDER_ITEMS_BY_PK = Family("order_items pk__in", CH + "order_items/", "pk", "in", "get", unique=True)
ORDER_ITEMS_SINCE = Family("order_items modified_date__gte", CH + "order_items/", "modified_date", "since", "scan")
CUSTOMERS_BY_EMAIL = Family("customers email__in", CH + "customers/", "email", "in", "exact", fold=True)
CUSTOMERS_BY_PHONE = Family("customers phone_number__in", CH + "customers/", "phone_number", "in", "exact")
# No evidenced filter finds a customer's addresses: without `customer__in` the flows create the
# address and recover a duplicate through `hash_data`, which is evidenced.
ADDRESSES_BY_CUSTOMER = Family("addresses customer__in", CH + "addresses/", "customer", "in", "none")
TOWNSHIPS_BY_CITY = Family("townships city__in", CH + "townships/", "city", "in", "exact")
DISTRICTS_BY_TOWNSHIP = Family("districts township__in", CH + "districts/", "township", "in", "exact")
CANCELLATIONS_BY_REMOTE_ID = Family("cancellation_requests remote_id__in", CH + "cancellation_requests/",
                                    "remote_id", "in", "scan")
CANCELLATIONS_BY_ITEM = Family("cancellation_requests order_item__in", CH + "cancellation_requests/",
                               "order_item", "in", "scan")
ORDER_ITEMS_BY_ORDER = Family("order_items order__in", CH + "order_items/", "order", "in", "exact")
