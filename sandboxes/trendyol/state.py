"""In-memory state of the Trendyol sandbox: products, batches, counters, knobs, clock.

One `SandboxState` per process, shared by every request thread under one lock. Time goes
through `now()` so `/_sandbox/clock` can move it forward for the 15-minute, 1-day and
4-hour rules without anyone sleeping.
"""
from __future__ import annotations

import random
import threading
import time
import uuid
from collections import Counter, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from flask import current_app

from sandboxes.trendyol.catalog import Catalog

DEFAULT_SELLER = {"seller_id": 1000, "api_key": "sandbox-key", "api_secret": "sandbox-secret"}
BATCH_TTL_SECONDS = 4 * 3600


@dataclass
class Product:
    """One variant, keyed by barcode; `fields` is the last accepted create/update item."""

    barcode: str
    fields: dict[str, Any]
    status: str = "pendingApproval"
    content_id: int = 0
    variant_id: int = 0
    archived: bool = False
    archived_at: float | None = None
    approve_at: float | None = None
    reject_reasons: list[str] = field(default_factory=list)
    quantity: int = 0
    list_price: float = 0.0
    sale_price: float = 0.0
    stock_modified: float | None = None
    created: float = 0.0
    modified: float = 0.0

    def as_json(self) -> dict[str, Any]:
        return {
            "barcode": self.barcode, "status": self.status, "contentId": self.content_id,
            "variantId": self.variant_id, "archived": self.archived, "quantity": self.quantity,
            "listPrice": self.list_price, "salePrice": self.sale_price,
            "rejectReasons": self.reject_reasons, "fields": self.fields,
        }


@dataclass
class Batch:
    """A submitted write; `results` stays None until it is processed at `ready_at`."""

    id: str
    type: str
    created: float
    ready_at: float
    items: list[dict[str, Any]]
    results: list[dict[str, Any]] | None = None
    modified: float = 0.0


@dataclass
class Knobs:
    """Behaviour switches set through `/_sandbox/config` and `/_sandbox/faults`."""

    batch_delay: float = 0.0
    approve_delay: float | None = 0.0
    rate_limit: int = 50
    rate_window: float = 10.0
    latency: float = 0.0
    error_rate: float = 0.0
    error_status: int = 500
    forced: deque[dict[str, Any]] = field(default_factory=deque)


class SandboxState:
    """Everything the sandbox remembers; reset to empty by `/_sandbox/reset`."""

    def __init__(self, seller_id: int = DEFAULT_SELLER["seller_id"],
                 api_key: str = DEFAULT_SELLER["api_key"],
                 api_secret: str = DEFAULT_SELLER["api_secret"], batch_delay: float = 0.0) -> None:
        self.seller_id = seller_id
        self.api_key = api_key
        self.api_secret = api_secret
        self.default_batch_delay = batch_delay
        self.catalog = Catalog.load()
        self.lock = threading.RLock()
        self.reset_hooks: list[Callable[[], None]] = []
        self.reset()

    def reset(self) -> None:
        with self.lock:
            self.products: dict[str, Product] = {}
            self.batches: dict[str, Batch] = {}
            self.counts: Counter[str] = Counter()
            self.statuses: Counter[int] = Counter()
            self.knobs = Knobs(batch_delay=self.default_batch_delay)
            self.throttle: dict[str, deque[float]] = {}
            self.price_updates: dict[str, deque[float]] = {}
            self.recent_bodies: dict[str, float] = {}
            self.clock_offset = 0.0
            self.rng = random.Random(0)
            self._next_content = 100_000
            self._next_variant = 500_000
            self.content_index: dict[tuple[Any, ...], int] = {}
            for hook in self.reset_hooks:
                hook()

    # ---- time and ids ----------------------------------------------------------------------

    def now(self) -> float:
        return time.time() + self.clock_offset

    def now_ms(self) -> int:
        return int(self.now() * 1000)

    def new_batch_id(self) -> str:
        return f"{uuid.uuid4()}-{int(self.now())}"

    def new_content_id(self) -> int:
        self._next_content += 1
        return self._next_content

    def new_variant_id(self) -> int:
        self._next_variant += 1
        return self._next_variant

    # ---- throttling ------------------------------------------------------------------------

    def throttle_wait(self, endpoint: str) -> float:
        """0 if a call to `endpoint` fits the window (and records it), else seconds to wait."""
        now = self.now()
        calls = self.throttle.setdefault(endpoint, deque())
        while calls and calls[0] <= now - self.knobs.rate_window:
            calls.popleft()
        if len(calls) >= self.knobs.rate_limit:
            return calls[0] + self.knobs.rate_window - now
        calls.append(now)
        return 0.0

    def content_id_for(self, main_id: str, slicer_key: tuple[Any, ...]) -> int:
        """Same productMainId and slicer values -> same content (inferred from the docs)."""
        key = (main_id, slicer_key)
        if key not in self.content_index:
            self.content_index[key] = self.new_content_id()
        return self.content_index[key]


def get_state() -> SandboxState:
    """The state of the app serving the current request."""
    return current_app.extensions["trendyol_sandbox"]
