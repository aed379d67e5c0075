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
from sandboxes.trendyol.limits import Throttle

DEFAULT_SELLER = {"seller_id": 1000, "api_key": "sandbox-key", "api_secret": "sandbox-secret"}
BATCH_TTL_SECONDS = 4 * 3600
#: Approval timing is undocumented: a new product waits 15 minutes of sandbox time (strict).
APPROVE_DELAY_SECONDS = 15 * 60
#: The content check after an approved-content update: 5 minutes of sandbox time (strict).
CONTROL_DELAY_SECONDS = 5 * 60
#: Claim items in WaitingInAction are accepted automatically after 48 h (third-party reading).
AUTO_ACCEPT_SECONDS = 48 * 3600


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
    """Behaviour switches set through `/_sandbox/config` and `/_sandbox/faults`.

    The defaults are the strict ones (as live behaves, or the stricter reading where the
    documentation is silent); `lenient()` is the demo mode of `make run`.
    """

    strict: bool = True
    tier: str = "50k"
    batch_delay: float = 0.0
    approve_delay: float | None = APPROVE_DELAY_SECONDS
    control_delay: float = CONTROL_DELAY_SECONDS
    auto_accept: float = AUTO_ACCEPT_SECONDS
    rate_limit: int = 50
    rate_window: float = 10.0
    time_filter_mode: str = "shifted"
    list_date_field: str = "created"
    latency: float = 0.0
    error_rate: float = 0.0
    error_status: int = 500
    forced: deque[dict[str, Any]] = field(default_factory=deque)

    @classmethod
    def lenient(cls, **overrides: Any) -> Knobs:
        """Demo mode: instant approval and content checks, `Retry-After` on 429, listing
        windows clipped instead of refused. Never used by the tests."""
        return cls(**{"strict": False, "approve_delay": 0.0, "control_delay": 0.0, **overrides})


class SandboxState:
    """Everything the sandbox remembers; reset to empty by `/_sandbox/reset`."""

    def __init__(self, seller_id: int = DEFAULT_SELLER["seller_id"],
                 api_key: str = DEFAULT_SELLER["api_key"],
                 api_secret: str = DEFAULT_SELLER["api_secret"], batch_delay: float = 0.0,
                 lenient: bool = False, tier: str = "50k") -> None:
        self.seller_id = seller_id
        self.api_key = api_key
        self.api_secret = api_secret
        self.default_batch_delay = batch_delay
        self.lenient = lenient
        self.default_tier = tier
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
            make = Knobs.lenient if self.lenient else Knobs
            self.knobs = make(batch_delay=self.default_batch_delay, tier=self.default_tier)
            self.throttle = Throttle(self.knobs.tier, self.knobs.rate_limit, self.knobs.rate_window)
            self.price_updates: dict[str, deque[float]] = {}
            self.recent_bodies: dict[str, float] = {}
            self.clock_offset = 0.0
            self.current_batch = ""  # the batch being processed (content checks name it)
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

    def throttle_wait(self, endpoint: str, group: str) -> float:
        """0 if a call fits both throttles (and is counted), else seconds until it would."""
        self.throttle.tier = self.knobs.tier
        self.throttle.burst_calls, self.throttle.burst_window = self.knobs.rate_limit, self.knobs.rate_window
        return self.throttle.check(endpoint, group, self.now())

    def content_id_for(self, main_id: str, slicer_key: tuple[Any, ...]) -> int:
        """Same productMainId and slicer values -> same content (inferred from the docs)."""
        key = (main_id, slicer_key)
        if key not in self.content_index:
            self.content_index[key] = self.new_content_id()
        return self.content_index[key]


def get_state() -> SandboxState:
    """The state of the app serving the current request."""
    return current_app.extensions["trendyol_sandbox"]
