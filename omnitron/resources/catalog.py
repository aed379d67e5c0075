"""Products and what hangs off them: prices, stocks, images, categories, mapped attributes."""
from __future__ import annotations

from typing import Any, cast

from omnitron.pagination import Paginator
from omnitron.resources.base import Changes, Detailed, Listable, Resource, Retrievable, _language
from omnitron.types import MappedProduct, Product, ProductCategory, ProductImage, ProductPrice, ProductStock, Row


class Products(Changes[Product], Retrievable[Product]):
    template = "channel/{ch}/products/"

    def inserts_or_updates(self, *, page_size: int | None = None, language: str | None = None,
                           **filters: Any) -> Paginator[Product]:
        return self._paginate("inserts_or_updates/", page_size=page_size, headers=_language(language), **filters)


class MappedProducts(Resource[MappedProduct]):
    """A product seen through the channel's attribute mapping (406 when it cannot be mapped)."""

    template = "channel/{ch}/mapped_products/"

    def get(self, pk: int, language: str | None = None) -> MappedProduct:
        return cast(MappedProduct, self._call("GET", "{pk}/", path={"pk": pk}, headers=_language(language)))


class ProductPrices(Changes[ProductPrice]):
    """Prices of the catalog's main price list."""

    template = "channel/{ch}/product_prices/"


class ProductStocks(Changes[ProductStock]):
    """Stocks of the catalog's main stock list."""

    template = "channel/{ch}/product_stocks/"


class ExtraProductPrices(Changes[ProductPrice]):
    """Prices of the catalog's extra price lists; pass `price_list=<id>`."""

    template = "channel/{ch}/extra_product_prices/"


class ExtraProductStocks(Changes[ProductStock]):
    """Stocks of the catalog's extra stock lists; pass `stock_list=<id>`."""

    template = "channel/{ch}/extra_product_stocks/"


class PriceLists(Listable[Row], Retrievable[Row]):
    template = "channel/{ch}/price_lists/"


class StockLists(Listable[Row], Retrievable[Row]):
    template = "channel/{ch}/stock_lists/"


class ProductImages(Changes[ProductImage]):
    """Image rows; note the bulk filter is `id__in`, not `pk__in`."""

    template = "channel/{ch}/product_images/"


class ProductCategories(Listable[ProductCategory], Detailed[ProductCategory]):
    """Product-to-category links; `detailed(product__in=[...])` expands the category nodes."""

    template = "channel/{ch}/product_categories/"
