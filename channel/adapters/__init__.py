"""Marketplace adapters: the interface, the loader and one package per marketplace.

Import from here; marketplace packages (`channel.adapters.trendyol`) are loaded by
dotted path from `settings.CHANNEL_ADAPTER`, never imported by the engine directly.
"""
from channel.adapters.base import AdapterLimits, MarketplaceAdapter, chunked
from channel.adapters.conf import ConfField, masked, parse_conf
from channel.adapters.errors import (
    AdapterConfigError,
    AuthenticationError,
    BatchNotFound,
    MarketplaceError,
    MarketplaceHTTPError,
    MarketplaceUnavailable,
    RateLimited,
    RequestRejected,
    TransientError,
    TransportError,
    UnsupportedOperation,
)
from channel.adapters.loader import build_adapter, get_adapter_class
from channel.adapters.orders import (
    LineQuantity,
    OrdersAdapter,
    RemoteAddress,
    RemoteClaim,
    RemoteClaimUnit,
    RemoteCustomer,
    RemotePackage,
    RemoteUnit,
)
from channel.adapters.payloads import (
    AttributeInput,
    ImageInput,
    PriceInput,
    ProductPayloadInput,
    ProductRef,
    StockInput,
)
from channel.adapters.results import (
    BatchResult,
    ItemOutcome,
    PushResult,
    RemoteAttribute,
    RemoteAttributeValue,
    RemoteBrand,
    RemoteCargoProvider,
    RemoteCategory,
    RemoteProductState,
)

__all__ = [
    "LineQuantity", "OrdersAdapter", "RemoteAddress", "RemoteClaim", "RemoteClaimUnit", "RemoteCustomer",
    "RemotePackage", "RemoteUnit",
    "AdapterConfigError", "AdapterLimits", "AttributeInput", "AuthenticationError", "BatchNotFound",
    "BatchResult", "ConfField", "ImageInput", "ItemOutcome", "MarketplaceAdapter", "MarketplaceError",
    "MarketplaceHTTPError", "MarketplaceUnavailable", "PriceInput", "ProductPayloadInput", "ProductRef",
    "PushResult", "RateLimited", "RemoteAttribute", "RemoteAttributeValue", "RemoteBrand",
    "RemoteCargoProvider", "RemoteCategory", "RemoteProductState", "RequestRejected", "StockInput",
    "TransientError", "TransportError", "UnsupportedOperation", "build_adapter", "chunked",
    "get_adapter_class", "masked", "parse_conf",
]
