"""Trendyol's published request limits, per endpoint group and seller tier, as adapter budgets.

As Trendyol's service-limits page publishes them (product groups valid from 14 Sep 2026; order
services tiered by the seller's product listing limit). Two layers apply to every call and a
call must fit both:

1. at most 50 requests per 10 seconds to one endpoint (every endpoint, no tier);
2. a per-minute quota per *group* of endpoints, sized by the seller's tier (the listing limit:
   50k, 75k, 150k, 500k products or unlimited). Trendyol offers no API to read the tier, so
   the channel conf carries it (`tier`, default the lowest, 50k).

Where the page is silent the stricter reading is taken: the product base-status call, the
cargo-provider lookup, the claim issue reasons and the update-audit check count as Product Read;
"NO LIMIT" tiers still get layer 1. The package stream has no published quota, only the
advice to poll it no more than once every 5 seconds: a sync polls every few minutes (the flow
schedule), and the pages of one stream follow each other under the burst limit only. Webhook
management has no published quota either (the burst limit applies).
"""
from __future__ import annotations

from channel.adapters.budget import Budget

TIERS = ("50k", "75k", "150k", "500k", "unlimited")
ENDPOINT_CALLS, ENDPOINT_PERIOD = 50, 10.0
MINUTE = 60.0

#: group -> calls per minute for each tier in `TIERS` order; None = no per-minute quota.
GROUPS: dict[str, tuple[int | None, ...]] = {
    "product_read": (1000, 1250, 1500, 1750, 2000),
    "product_write": (200, 300, 400, 500, 600),
    "inventory_write": (350, 500, 1000, 1500, 2000),
    "order_packages": (30, 40, 50, 100, 100),
    "order_stream": (None,) * 5,
    "order_tracking": (300, 300, 500, None, None),
    "order_status": (300, 300, 500, None, None),
    "order_unsupplied": (100, 100, 200, None, None),
    "order_split": (100, 100, 200, None, None),
    "claims_read": (1000,) * 5,
    "claims_approve": (5,) * 5,
    "claims_reject": (5,) * 5,
    "webhooks": (None,) * 5,
}

#: the adapter's call name -> its group (every call name the adapter uses must be listed).
CALL_GROUPS: dict[str, str] = {
    "product.batch": "product_read",
    "product.base": "product_read",
    "product.list_approved": "product_read",
    "product.list_unapproved": "product_read",
    "product.update_audits": "product_read",
    "catalog.categories": "product_read",
    "catalog.attributes": "product_read",
    "catalog.attribute_values": "product_read",
    "catalog.brands": "product_read",
    "catalog.brands_by_name": "product_read",
    "catalog.cargo_providers": "product_read",
    "product.create": "product_write",
    "product.update_unapproved": "product_write",
    "product.update_content": "product_write",
    "product.update_variant": "product_write",
    "product.archive": "product_write",
    "product.delete": "product_write",
    "inventory.price_and_stock": "inventory_write",
    "order.packages": "order_packages",
    "order.stream": "order_stream",
    "order.tracking": "order_tracking",
    "order.tracking_details": "order_tracking",
    "order.package_status": "order_status",
    "order.unsupplied": "order_unsupplied",
    "order.claims": "claims_read",
    "order.claim_reasons": "claims_read",
    "order.claims_approve": "claims_approve",
    "order.claims_reject": "claims_reject",
    "webhook.list": "webhooks",
    "webhook.create": "webhooks",
    "webhook.update": "webhooks",
    "webhook.activate": "webhooks",
    "webhook.deactivate": "webhooks",
    "webhook.delete": "webhooks",
}


def per_minute(group: str, tier: str) -> int | None:
    """The published per-minute quota of `group` for `tier` (None: no quota)."""
    return GROUPS[group][TIERS.index(tier)]


class LimitPlan:
    """The budgets one call must fit, for one seller on one Trendyol host."""

    def __init__(self, scope: str, tier: str, endpoint_calls: int = ENDPOINT_CALLS) -> None:
        if tier not in TIERS:
            raise ValueError(f"tier must be one of {', '.join(TIERS)}")
        self.scope = scope
        self.tier = tier
        self.endpoint_calls = endpoint_calls

    def group_budget(self, name: str) -> Budget | None:
        group = CALL_GROUPS.get(name, "product_read")
        calls = per_minute(group, self.tier)
        return None if calls is None else Budget(f"{self.scope}:group:{group}", calls, MINUTE)

    def endpoint_budget(self, name: str) -> Budget:
        return Budget(f"{self.scope}:endpoint:{name}", self.endpoint_calls, ENDPOINT_PERIOD)

    def budgets(self, name: str) -> list[Budget]:
        """Group first (the scarcer), then the endpoint's burst limit."""
        group = self.group_budget(name)
        return ([group] if group else []) + [self.endpoint_budget(name)]
