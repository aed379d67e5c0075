"""Typed shapes of the Omnitron rows the flows read (docs/omnitron.md "Rows and types").

TypedDicts, not classes: rows stay the plain dicts Omnitron sent (extra keys are kept and
harmless), while type checkers know the fields the flows rely on.
"""
from __future__ import annotations

from typing import Any, Literal, TypedDict

BatchStatus = Literal["initialized", "commit", "sent_to_remote", "ongoing", "done", "fail"]
FailedReason = Literal["mapping", "channel_app", "remote"]


class Row(TypedDict, total=False):
    pk: int
    created_date: str
    modified_date: str


class Channel(Row, total=False):
    name: str
    is_active: bool
    category_tree: int | None
    catalog: int | None
    schema: dict[str, Any]
    conf: dict[str, Any]


class Catalog(Row, total=False):
    name: str
    price_list: int
    stock_list: int
    extra_price_lists: list[int]
    extra_stock_lists: list[int]


class ContentType(TypedDict):
    id: int
    app_label: str
    model: str


class BatchObject(TypedDict, total=False):
    """One entry of a batch request's `objects` (commit and done)."""

    pk: int
    content_type: str
    remote_id: str | None
    version_date: str | None
    failed_reason_type: FailedReason | None


class BatchRequest(Row, total=False):
    channel: int
    local_batch_id: str
    remote_batch_id: str | None
    content_type: str | None
    status: BatchStatus
    objects: list[BatchObject] | None


class IntegrationAction(Row, total=False):
    channel: int
    content_type: ContentType
    object_id: int
    remote_id: str | None
    version_date: str | None
    state: dict[str, Any]
    local_batch_id: str | None
    status: str | None


class ProductImageRef(TypedDict, total=False):
    pk: int
    status: str
    image: str


class Product(Row, total=False):
    name: str
    base_code: str
    sku: str
    product_type: str
    is_active: bool
    parent: int | None
    listing_code: str
    attributes: dict[str, Any]
    attribute_set: int | None
    productimage_set: list[ProductImageRef]


class MappedProduct(TypedDict, total=False):
    pk: int
    mapped_attributes: dict[str, Any]
    attribute_set_id: int | None
    attribute_set_name: str | None
    attribute_set_remote_id: str | None
    mapped_attribute_values: dict[str, dict[str, Any]]


class ProductPrice(Row, total=False):
    product: int
    price: str
    price_list: int
    currency_type: str
    tax_rate: str
    retail_price: str | None
    discount_percentage: str | None
    extra_field: dict[str, Any]


class ProductStock(Row, total=False):
    product: int
    stock: int
    stock_list: int
    unit_type: str
    extra_field: dict[str, Any]
    sold_quantity_unreported: int


class ProductImage(Row, total=False):
    product: int
    image: str
    order: int
    status: str
    is_active: bool


class CategoryNode(Row, total=False):
    name: str
    path: str
    depth: int
    numchild: int
    order: int
    uuid: str


class CategoryTree(Row, total=False):
    name: str
    category_root: CategoryNode


class ProductCategory(Row, total=False):
    product: int
    category: CategoryNode | int


class Order(Row, total=False):
    number: str
    status: str
    channel: int
    customer: int
    shipping_address: int
    billing_address: int
    currency: str
    amount: str
    extra_field: dict[str, Any]
    cargo_company: int


class OrderItem(Row, total=False):
    order: int
    product: int
    status: str
    price: str
    extra_field: dict[str, Any]
    invoice_number: str | None
    tracking_number: str | None


class Customer(Row, total=False):
    channel: int
    email: str
    phone_number: str
    first_name: str
    last_name: str
    channel_code: str


class Address(Row, total=False):
    customer: int
    hash_data: str


class Place(Row, total=False):
    """Country, city, township or district."""

    name: str
    code: str
    is_active: bool


class Cargo(Row, total=False):
    name: str
    erp_code: str
    shipping_company: str


class CancellationRequest(Row, total=False):
    id: int
    order_item: int
    reason: int
    status: str
    cancellation_type: str
    description: str
    remote_id: str


class ErrorReport(Row, total=False):
    error_code: str
    error_desc: str
    is_ok: bool


# Omnitron order-item status codes the flows compare against (strings, as Omnitron sends them).
OMNITRON_CANCELLED = "100"
OMNITRON_PICKING = "450"  # the default "being picked" status (conf `picking_statuses` may add others)
