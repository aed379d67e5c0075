"""`MarketplaceAdapter`: the small interface the flow engine drives for every marketplace.

The engine owns the loop (page Omnitron, map, push, poll, report back); an adapter fills
hooks that talk to one marketplace. Public methods on this class do the work common to
all marketplaces (chunking to the declared limit); subclasses implement the `send_*`,
`fetch_*` and `get_*` hooks. A hook the marketplace has no equivalent for is left alone
and raises `UnsupportedOperation`.

Layout of the interface:
  * construction and limits (`conf_schema`, `limits`, `request_count`)
  * catalogue writes: products, prices, stocks, images, batch results
  * reference data: categories, attributes, brands, cargo providers
  * orders: a separate mixin, `channel.adapters.orders.OrdersAdapter`, that a marketplace
    adapter opts into (`class TrendyolAdapter(TrendyolOrders, MarketplaceAdapter)`).
"""
from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar, TypeVar

import requests

from channel.adapters.conf import ConfField, parse_conf
from channel.adapters.errors import UnsupportedOperation
from channel.adapters.payloads import (
    ImageInput,
    PriceInput,
    ProductPayloadInput,
    ProductRef,
    StockInput,
)
from channel.adapters.results import (
    ContentCheck,
    BatchResult,
    PushResult,
    RemoteAttribute,
    RemoteAttributeValue,
    RemoteBrand,
    RemoteCargoProvider,
    RemoteCategory,
    RemoteProductState,
)

logger = logging.getLogger(__name__)

T = TypeVar("T", bound=ProductRef)


@dataclass(frozen=True)
class AdapterLimits:
    """What the marketplace tolerates; the engine sizes its pages and pacing from it.

    `items_per_request` is the most items one write carries (chunks are cut to it);
    `requests_per_second` is the sustained rate the adapter's own limiter allows;
    `per_operation` overrides `items_per_request` for one public write ("create_products",
    "push_prices", ...) where the marketplace sizes its writes differently (Hepsiburada: a
    product import file of 100, price and stock uploads of 4000); `first_poll_s` is how long
    the engine waits after a status read that finds a remote batch still processing (the wait
    then grows by half each time): a marketplace that decides batches in milliseconds is asked soon, one whose
    jobs take seconds is not asked in vain while they run.
    """

    items_per_request: int
    requests_per_second: float
    per_operation: dict[str, int] = field(default_factory=dict)
    first_poll_s: float = 0.05

    def items_for(self, operation: str) -> int:
        return self.per_operation.get(operation, self.items_per_request)


#: public write -> the hook a marketplace fills to offer it
HOOKS = {"create_products": "send_create_products", "update_products": "send_update_products",
         "delete_products": "send_delete_products", "push_prices": "send_prices", "push_stocks": "send_stocks",
         "push_images": "send_images"}


def chunked(items: Sequence[T], size: int) -> Iterator[Sequence[T]]:
    """Consecutive slices of `items`, each at most `size` long."""
    for start in range(0, len(items), size):
        yield items[start:start + size]


class MarketplaceAdapter:
    """Base class of every marketplace adapter.

    Construct with the Omnitron channel's `conf` (every credential and URL comes from it)
    and optionally a `requests.Session` to reuse connections or add transport adapters.
    No I/O happens in the constructor.
    """

    #: Short machine name ("trendyol").
    name: ClassVar[str] = ""
    #: The channel conf keys this adapter reads; validated by the constructor.
    conf_schema: ClassVar[tuple[ConfField, ...]] = ()
    #: Declared marketplace limits.
    limits: ClassVar[AdapterLimits] = AdapterLimits(items_per_request=100, requests_per_second=1.0)

    def __init__(self, conf: dict[str, Any], session: requests.Session | None = None) -> None:
        self.conf = parse_conf(self.conf_schema, conf)
        self.session = session if session is not None else requests.Session()

    @property
    def request_count(self) -> int:
        """Hook: HTTP requests this instance has sent so far, retries included."""
        raise UnsupportedOperation(f"{type(self).__name__} does not count requests")

    def supports(self, operation: str) -> bool:
        """Whether the public write `operation` ("push_images") has a hook filled by this marketplace,
        so a flow can say "not supported" before it opens a batch."""
        hook = HOOKS.get(operation)
        return hook is not None and getattr(type(self), hook) is not getattr(MarketplaceAdapter, hook)

    # ---- catalogue writes: public, chunked ------------------------------------------------

    def create_products(self, items: Sequence[ProductPayloadInput]) -> list[PushResult]:
        """Create products; one or more receipts per chunk of `limits.items_per_request`."""
        return self._push(items, self.send_create_products, "create_products")

    def update_products(self, items: Sequence[ProductPayloadInput]) -> list[PushResult]:
        """Update products already on the marketplace (full content, not price or stock)."""
        return self._push(items, self.send_update_products, "update_products")

    def delete_products(self, refs: Sequence[ProductRef]) -> list[PushResult]:
        """Remove products from the marketplace."""
        return self._push(refs, self.send_delete_products, "delete_products")

    def push_prices(self, items: Sequence[PriceInput]) -> list[PushResult]:
        """Set list and sale prices."""
        return self._push(items, self.send_prices, "push_prices")

    def push_stocks(self, items: Sequence[StockInput]) -> list[PushResult]:
        """Set sellable stock quantities."""
        return self._push(items, self.send_stocks, "push_stocks")

    def push_images(self, items: Sequence[ImageInput]) -> list[PushResult]:
        """Replace the image lists of products."""
        return self._push(items, self.send_images, "push_images")

    def _push(self, items: Sequence[T], send: Callable[[Sequence[T]], list[PushResult]],
              operation: str) -> list[PushResult]:
        results: list[PushResult] = []
        for chunk in chunked(items, self.limits.items_for(operation)):
            results.extend(send(chunk))
        logger.info("%s %s: %d items in %d requests", self.name, operation, len(items), len(results))
        return results

    # ---- catalogue write hooks -------------------------------------------------------------
    # Each receives at most `limits.items_for(operation)` items and returns the receipts of the
    # requests it sent (usually one). Contract of every receipt: see `PushResult`. Items the
    # adapter refuses before sending come back as failed `ItemOutcome`s in a receipt, never
    # as an exception; exceptions (from `channel.adapters.errors`) mean the whole request
    # failed and nothing can be said about its items.

    def send_create_products(self, chunk: Sequence[ProductPayloadInput]) -> list[PushResult]:
        """Hook: create `chunk`; return receipts covering every item of it."""
        raise UnsupportedOperation(f"{self.name}: create products")

    def send_update_products(self, chunk: Sequence[ProductPayloadInput]) -> list[PushResult]:
        """Hook: update `chunk` (items with `remote_id` are live on the marketplace)."""
        raise UnsupportedOperation(f"{self.name}: update products")

    def send_delete_products(self, chunk: Sequence[ProductRef]) -> list[PushResult]:
        """Hook: delete `chunk`; return receipts covering every item of it."""
        raise UnsupportedOperation(f"{self.name}: delete products")

    def send_prices(self, chunk: Sequence[PriceInput]) -> list[PushResult]:
        """Hook: push prices of `chunk`; return receipts covering every item of it."""
        raise UnsupportedOperation(f"{self.name}: prices")

    def send_stocks(self, chunk: Sequence[StockInput]) -> list[PushResult]:
        """Hook: push stocks of `chunk`; return receipts covering every item of it."""
        raise UnsupportedOperation(f"{self.name}: stocks")

    def send_images(self, chunk: Sequence[ImageInput]) -> list[PushResult]:
        """Hook: replace images of `chunk`; return receipts covering every item of it."""
        raise UnsupportedOperation(f"{self.name}: images")

    def fetch_batch(self, remote_batch_id: str,
                    aliases: dict[str, list[str]] | None = None) -> BatchResult:
        """Hook: the current state of a batch returned in a `PushResult`.

        Must return status "processing" while any item is undecided (outcomes may then be
        partial), "done" when every item has an outcome keyed by the engine's key (expand
        `aliases` from the receipt), "failed" when the marketplace gave up on the whole batch.
        Raise `BatchNotFound` when the marketplace no longer knows the id.
        """
        raise UnsupportedOperation(f"{self.name}: batches (synchronous marketplace)")

    def get_product_state(self, ref: ProductRef) -> RemoteProductState | None:
        """Hook: approval state and remote id of one product, or None if it is not there."""
        raise UnsupportedOperation(f"{self.name}: product state")

    #: True when content updates are checked after their batch (`get_content_checks` answers).
    checks_content_updates: ClassVar[bool] = False

    def get_content_checks(self, remote_id: str, batch_id: str = "") -> list[ContentCheck]:
        """Hook: the marketplace's verdicts on content updates of `remote_id` (a product whose
        content updates are checked after the batch, as Trendyol's are); [] where none are."""
        return []

    def get_product_states(self, refs: Sequence[ProductRef]) -> dict[str, RemoteProductState]:
        """Hook: states of many products by `ref.key` (unknown ones left out). One call per
        product here; marketplaces with a listing by barcode override it to ask by the page."""
        found: dict[str, RemoteProductState] = {}
        for ref in refs:
            state = self.get_product_state(ref)
            if state is not None:
                found[ref.key] = state
        return found

    # ---- reference data hooks --------------------------------------------------------------

    def get_category_tree(self) -> list[RemoteCategory]:
        """Hook: every category, flattened, each parent before its children."""
        raise UnsupportedOperation(f"{self.name}: category tree")

    def get_category_attributes(self, category_remote_id: str,
                                with_values: bool = True) -> list[RemoteAttribute]:
        """Hook: the attributes a category uses, with their predefined values when asked."""
        raise UnsupportedOperation(f"{self.name}: category attributes")

    def get_attribute_values(self, category_remote_id: str,
                             attribute_remote_id: str) -> list[RemoteAttributeValue]:
        """Hook: every predefined value of one attribute within one category."""
        raise UnsupportedOperation(f"{self.name}: attribute values")

    def get_brands(self) -> Iterator[RemoteBrand]:
        """Hook: every brand, lazily (marketplaces list hundreds of thousands)."""
        raise UnsupportedOperation(f"{self.name}: brands")

    def find_brands(self, name: str) -> list[RemoteBrand]:
        """Hook: brands matching `name` as the marketplace searches (Trendyol: exact case)."""
        raise UnsupportedOperation(f"{self.name}: brand search")

    def get_cargo_providers(self) -> list[RemoteCargoProvider]:
        """Hook: the carriers a product may name."""
        raise UnsupportedOperation(f"{self.name}: cargo providers")

    # ---- orders: not here ----------------------------------------------------------------------
    # Pulling orders and cancellations and pushing package status back are the hooks of the
    # `OrdersAdapter` mixin (channel/adapters/orders.py), mixed into each marketplace's adapter
    # class. Keep catalogue hooks in this class and order hooks there, so each half can change
    # without the other.
