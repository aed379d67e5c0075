"""Trendyol's two request throttles, as the live API applies them (both always on by default).

1. Per (seller, endpoint): at most 50 requests in any rolling 10 seconds.
2. Per (seller, endpoint group) per *fixed calendar minute* of sandbox time, sized by the
   seller's tier (its product listing limit): Trendyol's published service-limits table
   (`GROUPS` below). Whether live counts fixed or
   sliding minutes is not documented; fixed minutes are modelled, and the adapter's client
   side paces by sliding windows, which stays under either.

A throttled call gets 429 `too.many.requests` with **no** `Retry-After` and no `X-RateLimit-*`
header (live documents none); only the lenient demo mode adds a `Retry-After`.
Calls the page does not place in a group (base status, cargo providers, claim issue reasons)
are counted as Product Read, the stricter reading. The package stream has no published quota.
"""
from __future__ import annotations

import math
import re
from collections import deque

TIERS = ("50k", "75k", "150k", "500k", "unlimited")

#: group -> per-minute quota per tier (TIERS order); None = "NO LIMIT" (layer 1 still applies).
GROUPS: dict[str, tuple[int | None, ...]] = {
    "product_read": (1000, 1250, 1500, 1750, 2000),
    "product_write": (200, 300, 400, 500, 600),
    "inventory_write": (350, 500, 1000, 1500, 2000),
    "order_packages": (30, 40, 50, 100, 100),
    "order_tracking": (300, 300, 500, None, None),
    "order_status": (300, 300, 500, None, None),
    "order_unsupplied": (100, 100, 200, None, None),
    "order_split": (100, 100, 200, None, None),
    "claims_read": (1000,) * 5,
    "claims_approve": (5,) * 5,
    "claims_reject": (5,) * 5,
}

#: (method, path pattern under /integration) -> group; the first match wins; no match -> no quota.
ROUTES: tuple[tuple[str, re.Pattern[str], str], ...] = tuple(
    (method, re.compile(pattern), group) for method, pattern, group in (
        ("GET", r"^/integration/order/sellers/\d+/(v2/)?orders$", "order_packages"),
        ("GET", r"^/integration/order/sellers/\d+/orders/stream$", ""),
        ("PUT", r"/shipment-packages/\d+/(update-tracking-number|tracking-details)$", "order_tracking"),
        ("PUT", r"/shipment-packages/\d+/items/unsupplied$", "order_unsupplied"),
        ("POST", r"/shipment-packages/\d+/(split|multi-split|quantity-split|split-packages)$", "order_split"),
        ("PUT", r"^/integration/order/sellers/\d+/shipment-packages/\d+$", "order_status"),
        ("PUT", r"/claims/[^/]+/items/approve$", "claims_approve"),
        ("POST", r"/claims/[^/]+/issue$", "claims_reject"),
        ("GET", r"^/integration/order/(sellers/\d+/claims|claim-issue-reasons)", "claims_read"),
        ("POST", r"^/integration/inventory/", "inventory_write"),
        ("GET", r"^/integration/product/", "product_read"),
        ("POST", r"^/integration/product/", "product_write"),
        ("PUT", r"^/integration/product/", "product_write"),
        ("DELETE", r"^/integration/product/", "product_write"),
    ))


def group_of(method: str, path: str) -> str:
    """The quota group of a request ("" when it has none)."""
    for route_method, pattern, group in ROUTES:
        if route_method == method and pattern.search(path):
            return group
    return ""


class Throttle:
    """Both layers for one seller; `check` records an allowed call or says why it is refused."""

    def __init__(self, tier: str = "50k", burst_calls: int = 50, burst_window: float = 10.0) -> None:
        self.tier = tier
        self.burst_calls = burst_calls
        self.burst_window = burst_window
        self.recent: dict[str, deque[float]] = {}
        self.minutes: dict[str, tuple[int, int]] = {}

    def quota(self, group: str) -> int | None:
        return GROUPS[group][TIERS.index(self.tier)] if group else None

    def check(self, endpoint: str, group: str, now: float) -> float:
        """0 when the call may go (and it is counted), else the seconds until it could."""
        calls = self.recent.setdefault(endpoint, deque())
        while calls and calls[0] <= now - self.burst_window:
            calls.popleft()
        if len(calls) >= self.burst_calls:
            return calls[0] + self.burst_window - now
        quota = self.quota(group)
        minute = math.floor(now / 60)
        if quota is not None:
            seen_minute, used = self.minutes.get(group, (minute, 0))
            used = used if seen_minute == minute else 0
            if used >= quota:
                return (minute + 1) * 60 - now
            self.minutes[group] = (minute, used + 1)
        calls.append(now)
        return 0.0
