"""Typed results adapters return: push receipts, batch outcomes and reference data.

All are plain frozen dataclasses so a flow can put them in its JSON summary with
`dataclasses.asdict` and rebuild them with `from_dict` (push receipts are stored between
the push and the poll).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal

BatchStatus = Literal["processing", "done", "failed"]


@dataclass(frozen=True)
class ItemOutcome:
    """What happened to one item.

    `key` is the `ProductRef.key` the engine sent (barcode, else SKU); `remote_id` is the
    marketplace's id when the marketplace reports one; `reason` explains a failure in the
    marketplace's words (several reasons joined with "; ").
    """

    key: str
    ok: bool
    remote_id: str | None = None
    reason: str | None = None

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ItemOutcome:
        return cls(**data)


@dataclass(frozen=True)
class PushResult:
    """The receipt for one write request (one chunk of at most `items_per_request` items).

    * Synchronous marketplaces: `remote_batch_id` is None and `outcomes` holds every item.
    * Asynchronous marketplaces: `remote_batch_id` is the id to poll with `fetch_batch`;
      `outcomes` holds only the items decided without the marketplace (refused locally,
      e.g. a product without a category), or is None.
    `keys` lists every key the request carried. `aliases` maps an identifier the marketplace
    will echo in the batch result to the engine keys it stands for (a barcode the marketplace
    normalised; a Trendyol contentId shared by several barcodes); pass it to `fetch_batch`
    so outcomes come back under the engine's keys.
    """

    remote_batch_id: str | None
    outcomes: list[ItemOutcome] | None = None
    keys: list[str] = field(default_factory=list)
    aliases: dict[str, list[str]] = field(default_factory=dict)
    operation: str = ""

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> PushResult:
        outcomes = data.get("outcomes")
        return cls(
            remote_batch_id=data.get("remote_batch_id"),
            outcomes=None if outcomes is None else [ItemOutcome.from_dict(o) for o in outcomes],
            keys=list(data.get("keys", [])),
            aliases={k: list(v) for k, v in data.get("aliases", {}).items()},
            operation=data.get("operation", ""),
        )


@dataclass(frozen=True)
class BatchResult:
    """The state of a remote batch; `outcomes` is complete only when status is "done"."""

    remote_batch_id: str
    status: BatchStatus
    outcomes: list[ItemOutcome] = field(default_factory=list)
    item_count: int = 0

    @property
    def failed(self) -> list[ItemOutcome]:
        return [outcome for outcome in self.outcomes if not outcome.ok]


@dataclass(frozen=True)
class RemoteCategory:
    """One node of the marketplace's category tree; only leaves take products."""

    remote_id: str
    name: str
    parent_remote_id: str | None
    is_leaf: bool


@dataclass(frozen=True)
class RemoteAttributeValue:
    remote_id: str
    name: str


@dataclass(frozen=True)
class RemoteAttribute:
    """An attribute as a category uses it, with its predefined values (if fetched)."""

    remote_id: str
    name: str
    required: bool = False
    allow_custom: bool = False
    allow_multiple: bool = False
    varianter: bool = False
    slicer: bool = False
    values: tuple[RemoteAttributeValue, ...] = ()


@dataclass(frozen=True)
class RemoteBrand:
    remote_id: str
    name: str


@dataclass(frozen=True)
class RemoteCargoProvider:
    code: str
    name: str


@dataclass(frozen=True)
class ContentCheck:
    """The marketplace's check of one content update after its batch succeeded.

    `status`: running (not decided yet), applied (live), unchanged (nothing to apply: the value
    was already there), failed (refused; `reasons` say why). `title` and `parts` let a run
    recognise its own update while the listing still shows the old content."""

    key: str
    remote_id: str
    batch_id: str
    status: str
    reasons: tuple[str, ...] = ()
    title: str | None = None  # the title the update sets, when the check names it
    parts: tuple[str, ...] = ()  # what the update changes: title, description, images, attributes


@dataclass(frozen=True)
class RemoteProductState:
    """Where one product stands on the marketplace (approval, listing id) and what it shows.

    `status` is the marketplace's word when it gives one (Trendyol: approved, pendingApproval,
    rejected); `reasons` why it was rejected. The values the listing shows (None when it does
    not say) let a run tell whether a write in doubt arrived."""

    key: str
    approved: bool
    archived: bool = False
    remote_id: str | None = None
    status: str = ""
    reasons: tuple[str, ...] = ()
    list_price: Decimal | None = None
    sale_price: Decimal | None = None
    quantity: int | None = None
    title: str | None = None
    description: str | None = None
