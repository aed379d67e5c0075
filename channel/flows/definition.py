"""What a catalog flow declares on top of the engine: `CatalogFlow` and the `WorkItem` it fills.

The engine (engine.py) owns the loop; a flow only says where its objects come from, how a
chunk of them becomes adapter inputs (bulk enrichment + mapping), which adapter write sends
them, and how to reload them by pk when a later run resumes a batch.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from omnitron.pagination import Paginator

    from channel.adapters import PushResult
    from channel.flows.runtime import Runtime

MAPPING = "mapping"  # Omnitron's failed_reason_type for objects that could not be mapped
CHANNEL_APP = "channel_app"  # ... for everything else (marketplace refusal, missing data)


@dataclass
class WorkItem:
    """One Omnitron object on its way to the marketplace.

    `payload` is the adapter input (a `ProductRef` subclass) or None when the object failed
    before sending; `failure` is `(failed_reason_type, reason)` once it failed. `companions`
    are rows committed and finished together with this one and sharing its outcome (the
    price and stock rows a product was sent with, the other image rows of a product).
    """

    row: dict[str, Any]
    pk: int
    content_type: str
    version_date: str | None
    payload: Any = None
    key: str | None = None
    remote_id: str | None = None
    failure: tuple[str, str] | None = None
    companions: list[WorkItem] = field(default_factory=list)

    @classmethod
    def from_row(cls, row: dict[str, Any], content_type: str) -> WorkItem:
        return cls(row=row, pk=int(row["pk"]), content_type=content_type,
                   version_date=row.get("modified_date"))

    def fail(self, reason: str, reason_type: str = CHANNEL_APP) -> None:
        if self.failure is None:
            self.failure = (reason_type, reason)

    @property
    def sendable(self) -> bool:
        return self.failure is None and self.payload is not None

    def companion(self, row: dict[str, Any], content_type: str) -> None:
        self.companions.append(WorkItem.from_row(row, content_type))

    def with_companions(self) -> list[WorkItem]:
        """This item and its companions, each carrying this item's outcome."""
        for other in self.companions:
            other.failure = self.failure
            other.remote_id = self.remote_id or other.remote_id
        return [self, *self.companions]


Source = Callable[["Runtime"], "Paginator[Any]"]
Prepare = Callable[["Runtime", list[dict[str, Any]]], list[WorkItem]]
Push = Callable[["Runtime", Sequence[Any]], "list[PushResult]"]
Reload = Callable[["Runtime", list[int]], list[dict[str, Any]]]
AfterSuccess = Callable[["Runtime", list[WorkItem]], None]


@dataclass(frozen=True)
class CatalogFlow:
    """A sync flow as data; ``channel.flows.engine.sync(rt, flow)` drains it.

    * `content_type`: the batch request's content type and the model of its entries
      (`product`, `productprice`, `productstock`, `productimage`, `integrationaction`).
    * `source(rt)`: the listing of pending objects (`inserts`, `updates`, `deleted`); it must
      shrink as batches commit, because the engine re-reads its first page until it is empty.
    * `prepare(rt, rows)`: enrich the rows in bulk (one filtered request per chunk and kind,
      never one per object) and map each to an adapter input; objects that cannot be sent are
      marked with `WorkItem.fail`. Must return one WorkItem per row, in any order.
    * `push(rt, payloads)`: the adapter write for one chunk (at most the adapter's limit).
    * `reload(rt, pks)`: the rows again by pk, in bulk; used to resume a batch a killed run left.
    * `entry_content_type`: the entries' model when it differs from the batch's.
    * `after_success(rt, items)`: optional bookkeeping for items the marketplace accepted
      (the delete flow removes their integration actions).
    * `operation`: the adapter write `push` makes ("push_images"); a marketplace without it ends
      the run as not supported before a batch is opened (`MarketplaceAdapter.supports`).
    """

    name: str
    content_type: str
    source: Source
    prepare: Prepare
    push: Push
    reload: Reload
    after_success: AfterSuccess | None = None
    entry_content_type: str = ""
    description: str = ""
    operation: str = ""

    @property
    def object_type(self) -> str:
        """The content type of the flow's own batch entries (the delete flow's batch is
        `integrationaction`, its entries are the deleted `product`s)."""
        return self.entry_content_type or self.content_type
