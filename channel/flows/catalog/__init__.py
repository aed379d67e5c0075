"""Catalog flows (setup, products, prices, stocks, images): Omnitron -> marketplace.

Each module declares its flows in `FLOWS` next to their hooks; this package holds what they
share: default schedules and the options of draining flows. `template_task` on a flow names the
Akinon channel_app_template Celery task it replaces (the README's table lists them); flows
without one are parts of a template task (`products_insert` is half of
`insert_and_update_products`) or service-level extras.
"""
from __future__ import annotations

from channel.flows.options import Bool, Int
from channel.flows.registry import Schedule, options

EVERY_5 = Schedule(every_minutes=5)
EVERY_15 = Schedule(every_minutes=15)
EVERY_30 = Schedule(every_minutes=30)
HOURLY = Schedule(every_minutes=60)
NIGHTLY = Schedule(crontab={"minute": "30", "hour": "3"}, description="03:30 every night")
WEEKLY = Schedule(crontab={"minute": "0", "hour": "4", "day_of_week": "1"},
                  description="Mondays 04:00 (Trendyol asks for a weekly category refresh)")
WEEKLY_AFTER_TREE = Schedule(crontab={"minute": "30", "hour": "4", "day_of_week": "1"},
                             description="Mondays 04:30, after the category tree refresh")
SYNC_OPTIONS = options(
    page_size=Int(min=1, max=1000, help="rows per Omnitron page (default OMNITRON_PAGE_SIZE)"),
    max_objects=Int(min=1, max=1_000_000, help="stop after this many objects (default SYNC_MAX_OBJECTS_PER_RUN)"),
)
PRODUCT_OPTIONS = options(
    **SYNC_OPTIONS.declared,
    # add_mapped=false skips Omnitron's per-product mapped attributes (one request per product): for a
    # channel whose attributes need no Omnitron-side mapping.
    add_mapped=Bool(True, help="send Omnitron's mapped attributes (one request per product)"),
    add_categories=Bool(help="look up categories missing from the page"),
    mapped_concurrency=Int(min=1, max=64, help="mapped_products requests in flight"),
)
