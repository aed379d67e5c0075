"""The sandbox's in-memory state: merchant credentials per environment, catalog products, tracking
jobs, listings, upload jobs, order lines, packages, claims, request counts, clock and throttles.

Every view reads and writes under `state.lock`. Time is the sandbox clock (`now()`), which
`/_sandbox/clock` moves forward so tests wait out processing delays without sleeping.
"""
from __future__ import annotations

import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from flask import current_app

MERCHANT_ID = "6fc6d90d-ee1d-4372-b3a6-264b1275e9ff"
#: One service key per environment: a SIT key on a production host is refused (403), as measured.
SERVICE_KEYS = {"sit": "SitKey123456", "prod": "PrdKey654321"}
USER_AGENT = "sandbox_dev"  # the integrator's developer user name, required in User-Agent


@dataclass
class Knobs:
    """What `/_sandbox/config` changes; defaults are the documented figures."""

    import_delay: float = 1.0  # s an imported row stays PROCESSING
    approve_delay: float | None = None  # s after import until WAITING -> MATCHED; None: manual only
    upload_delay: float = 1.0  # s a listing upload stays in progress
    catalog_rate: int = 100  # requests per second (Ocak 2026); over it: 403
    catalog_block_after: int = 5  # seconds of continuous excess before the IP is blocked
    oms_rate: int = 1000  # requests per second (Kasım 2025); over it: 429 + X-RateLimit-*
    max_pending_uploads: int = 5
    max_upload_items: int = 4000
    auto_packaging: bool = False  # True: paid lines are packaged by Hepsiburada after 15 minutes


@dataclass
class Throttle:
    """A one-second window counter; `over_seconds` counts consecutive seconds over the limit."""

    second: int = 0
    used: int = 0
    over_seconds: int = 0
    blocked: bool = False

    def hit(self, now: float, limit: int, block_after: int | None = None) -> bool:
        """Count one request; True when it is over the limit (or the client is blocked)."""
        second = int(now)
        if second != self.second:
            self.over_seconds = self.over_seconds + 1 if self.used > limit and second == self.second + 1 else 0
            self.second, self.used = second, 0
        self.used += 1
        if block_after is not None and self.over_seconds >= block_after:
            self.blocked = True
        return self.blocked or self.used > limit


@dataclass
class State:
    merchant_id: str = MERCHANT_ID
    service_keys: dict[str, str] = field(default_factory=lambda: dict(SERVICE_KEYS))
    user_agent: str = USER_AGENT
    lenient: bool = False
    knobs: Knobs = field(default_factory=Knobs)
    lock: threading.RLock = field(default_factory=threading.RLock)
    offset: float = 0.0
    counts: Counter[str] = field(default_factory=Counter)
    statuses: Counter[int] = field(default_factory=Counter)
    throttles: dict[str, Throttle] = field(default_factory=dict)
    faults: list[dict[str, Any]] = field(default_factory=list)
    products: dict[str, dict[str, Any]] = field(default_factory=dict)  # by upper-cased merchantSku
    barcodes: dict[str, str] = field(default_factory=dict)  # barcode -> merchantSku that holds it
    waiting: set[str] = field(default_factory=set)  # merchantSkus in WAITING (what approval looks at)
    trackings: dict[str, dict[str, Any]] = field(default_factory=dict)  # import jobs by trackingId
    deletions: dict[str, dict[str, Any]] = field(default_factory=dict)  # delete processes by trackingId
    tickets: dict[str, dict[str, Any]] = field(default_factory=dict)  # content updates by trackingId
    listings: dict[str, dict[str, Any]] = field(default_factory=dict)  # by merchantSku
    uploads: dict[str, dict[str, Any]] = field(default_factory=dict)  # listing upload jobs by id
    lines: dict[str, dict[str, Any]] = field(default_factory=dict)  # order lines by line id
    packages: dict[str, dict[str, Any]] = field(default_factory=dict)  # by packageNumber
    claims: dict[str, dict[str, Any]] = field(default_factory=dict)  # by claim number
    sequence: int = 0

    def now(self) -> float:
        return time.time() + self.offset

    def next_number(self) -> int:
        self.sequence += 1
        return self.sequence

    def reset(self) -> None:
        with self.lock:
            fresh = State(merchant_id=self.merchant_id, service_keys=self.service_keys,
                          user_agent=self.user_agent, lenient=self.lenient)
            fresh.knobs = Knobs(approve_delay=0.0) if self.lenient else Knobs()
            for name in ("knobs", "offset", "counts", "statuses", "throttles", "faults", "products", "barcodes", "waiting", "trackings", "deletions", "tickets",
                         "listings", "uploads", "lines", "packages", "claims", "sequence"):
                setattr(self, name, getattr(fresh, name))


def get_state() -> State:
    state: State = current_app.extensions["hepsiburada_sandbox"]
    return state
