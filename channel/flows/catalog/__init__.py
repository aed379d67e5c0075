"""Catalog flows (setup, products, prices, stocks, images): Omnitron -> marketplace.

Each module declares its flows in `FLOWS` next to their hooks; this package holds what they
share: default schedules and the options of draining flows. `template_task` on a flow names the
Akinon channel_app_template Celery task it replaces (the README's table lists them); flows
without one are parts of a template task (`products_insert` is half of
`insert_and_update_products`) or service-level extras.
"""
from __future__ import annotations

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
SYNC_OPTIONS = options(page_size=None, max_objects=None)
