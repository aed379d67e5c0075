"""The query filters each list endpoint declares, as the real server's filter sets do.

Omnitron is a Django REST Framework service whose lists filter through django-filter
`FilterSet`s: a parameter the set declares filters, any other parameter is dropped without an
error and the unfiltered (paged) list comes back. The sandbox behaves the same way, so a
client that leans on a filter the real server may not have sees the cost of that mistake here
instead of in production.

`EVIDENCED` holds, per list route, the filters with evidence: those Akinon's own channel app
sends and relies on, plus those Akinon's public API pages list by name. Filters whose name the
public pages only hint at (e.g. "multiple SKUs, comma-separated") are left out: where the
evidence is silent the stricter reading wins. Paging (`page`, `limit`) and ordering (`sort`,
the parameter Akinon's client sends; DRF's default `ordering` is never sent by it, so it is not
declared) are accepted everywhere.

`OPTIMISTIC` adds the filters this project would like the server to have (ranges on pks,
`__in` on numbers, e-mails, SKUs and parents, date windows). `python -m sandboxes.omnitron
--filters optimistic` applies them too, so tests and benchmarks can run the same flows
against either reading of the server.
"""
from __future__ import annotations

from functools import cache
from typing import Final

CH = "channel/{ch}/"
PAGING: Final = frozenset({"page", "limit", "sort"})
EVIDENCED_SET: Final = "evidenced"
OPTIMISTIC_SET: Final = "optimistic"
FILTER_SETS: Final = (EVIDENCED_SET, OPTIMISTIC_SET)


def _dates(*fields: str, lookups: tuple[str, ...] = ("gt", "gte", "lt", "lte", "date")) -> set[str]:
    return {f"{field}__{lookup}" for field in fields for lookup in lookups} | set(fields)


_MAPPING = {"mapping__code__exact", "mapping__integration_type"}

EVIDENCED: Final[dict[str, frozenset[str]]] = {template: frozenset(names) for template, names in {
    "content_types/": {"model"},
    CH + "batch_requests/": {"status", "content_type", "channel"},
    CH + "integration_actions/": {"channel", "channel_id", "content_type_name", "object_id", "object_id__in",
                                  "remote_id__in", "remote_id__exact", "local_batch_id", "status"},
    CH + "integration_actions/deleted/": {"model", "channel_id"},
    # Products: Akinon sends pk__in; the public page names the rest.
    CH + "products/": {"pk", "pk__in", "name", "base_code", "sku", "uuid", "is_active", "parent", "attribute_set",
                       "listing_code", "product_type", "brand", *_dates("created_date", "modified_date"),
                       "productization_date__gte", "productization_date__lte"},
    CH + "products/inserts/": {"product_type"},
    CH + "products/updates/": {"product_type"},
    CH + "products/inserts_or_updates/": {"product_type"},
    CH + "product_prices/": {"product__pk__in", "price_list", "pk__in", "product", "currency_type", "price",
                             "tax_rate", "retail_price"},
    CH + "product_stocks/": {"product__pk__in", "stock_list", "pk__in"},
    CH + "extra_product_prices/": {"product__pk__in", "price_list"},
    CH + "extra_product_prices/inserts/": {"price_list"},
    CH + "extra_product_prices/updates/": {"price_list"},
    CH + "extra_product_stocks/": {"product__pk__in", "stock_list", "product", "pk__in", "stock", "unit_type",
                                   "sold_quantity_unreported"},
    CH + "extra_product_stocks/inserts/": {"stock_list"},
    CH + "extra_product_stocks/updates/": {"stock_list"},
    CH + "product_images/": {"id__in"},
    CH + "product_categories/detailed/": {"product"},
    CH + "attribute_configs/": {"attribute_set", "attribute"},
    CH + "attribute_configs/detailed/": {"attribute_set"},
    CH + "attribute_sets/": {"remote_id__exact", "channel"},
    CH + "attribute_set_configs/": {"attribute_set", "object_id", "content_type__model__exact",
                                    "content_type__model"},
    CH + "attributes/": {"name__exact", "channel"},
    CH + "attribute_schemas/": {"name__exact", "channel"},
    CH + "attribute_values/": {"attribute", "label__exact", "value__exact"},
    CH + "attribute_value_configs/": {"attribute_set", "attribute_value"},
    CH + "category_nodes/": {"numchild"},
    CH + "orders/": {"number", "channel_id", "pk__in"},
    CH + "order_items/": {"order"},
    # The one published customer filter set: email with exact/startswith only, no `in`.
    CH + "customers/": {"email", "email__exact", "email__startswith", "phone_number", "first_name", "last_name",
                        "channel", "is_active", "channel_code", "attributes",
                        *_dates("created_date", "modified_date")},
    CH + "addresses/": {"hash_data"},
    CH + "countries/": {"code__exact", "name__exact", "is_active", *_MAPPING},
    CH + "cities/": {"name__iexact", "country", "is_active", *_MAPPING},
    CH + "townships/": {"name__iexact", "country", "city", "is_active", *_MAPPING},
    CH + "districts/": {"name__exact", "country", "city", "township", "is_active", *_MAPPING},
    CH + "retail_stores/": {"erp_code"},
    # Akinon's client lists events with the caller's parameters but no service calls it: nothing
    # is known to be declared.
    CH + "operational_events/": set(),
}.items()}

_PK_RANGE = {"pk__gt", "pk__gte", "pk__lt", "pk__lte"}
_PRODUCT_RANGE = {"product__pk__gte", "product__pk__lte", "product__pk__in"}

OPTIMISTIC_EXTRAS: Final[dict[str, frozenset[str]]] = {template: frozenset(names) for template, names in {
    CH + "products/": {*_PK_RANGE, "sku__in"},
    CH + "product_prices/": _PRODUCT_RANGE,
    CH + "product_stocks/": _PRODUCT_RANGE,
    CH + "extra_product_prices/": {*_PRODUCT_RANGE, "pk__in"},
    CH + "extra_product_stocks/": _PRODUCT_RANGE,
    CH + "product_images/": {"product", "product__in", "product__gte", "product__lte"},
    CH + "product_categories/detailed/": {"product__in"},
    CH + "integration_actions/": {"object_id__gte", "object_id__lte"},
    CH + "orders/": {"number__in", "created_date__gte"},
    CH + "order_items/": {"pk__in", "order__in", "modified_date__gte"},
    CH + "customers/": {"email__in", "phone_number__in"},
    CH + "addresses/": {"customer__in"},
    CH + "townships/": {"city__in"},
    CH + "districts/": {"township__in"},
    CH + "cancellation_requests/": {"remote_id__in", "order_item__in"},
    CH + "category_nodes/": {"tree"},
}.items()}


@cache
def declared(filter_set: str) -> dict[str, frozenset[str]]:
    """Filters per route for `filter_set` ("evidenced" or "optimistic")."""
    if filter_set not in FILTER_SETS:
        raise ValueError(f"unknown filter set {filter_set!r}; choose one of {', '.join(FILTER_SETS)}")
    if filter_set == EVIDENCED_SET:
        return dict(EVIDENCED)
    routes = set(EVIDENCED) | set(OPTIMISTIC_EXTRAS)
    return {route: EVIDENCED.get(route, frozenset()) | OPTIMISTIC_EXTRAS.get(route, frozenset())
            for route in routes}
