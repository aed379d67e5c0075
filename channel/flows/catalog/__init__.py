"""Catalog flows (setup, products, prices, stocks, images) registered into the flow registry.

The one place they are registered; `channel.flows.registry.load_flows()` imports this module.
`template_task` names the Akinon channel_app_template Celery task each flow replaces (the
README's mapping table is generated from it); flows without one are parts of a template
task (`products_insert` is half of `insert_and_update_products`) or service-level extras.
"""
from __future__ import annotations

from channel.flows.registry import FlowSpec, Schedule, register

RUNS = "channel.flows.catalog.runs"
SETUP = "channel.flows.catalog.setup"

EVERY_5 = Schedule(every_minutes=5)
EVERY_15 = Schedule(every_minutes=15)
HOURLY = Schedule(every_minutes=60)
NIGHTLY = Schedule(crontab={"minute": "30", "hour": "3"}, description="03:30 every night")
WEEKLY = Schedule(crontab={"minute": "0", "hour": "4", "day_of_week": "1"},
                  description="Mondays 04:00 (Trendyol asks for a weekly category refresh)")
WEEKLY_AFTER_TREE = Schedule(crontab={"minute": "30", "hour": "4", "day_of_week": "1"},
                             description="Mondays 04:30, after the category tree refresh")
SYNC_OPTIONS = {"page_size": None, "max_objects": None}

CATALOG_FLOWS = [
    # setup
    FlowSpec("setup_conf_schema", "Publish the adapter's channel conf fields to the Omnitron channel schema.",
             f"{SETUP}.conf_schema", NIGHTLY, "update_channel_conf_schema"),
    FlowSpec("setup_category_tree", "Create or update the channel category tree and nodes from the marketplace.",
             f"{SETUP}.category_tree", WEEKLY, "create_or_update_category_tree_and_nodes"),
    FlowSpec("setup_category_attributes",
             "Create or update attribute sets, attributes and values of every mapped category.",
             f"{SETUP}.category_attributes", WEEKLY_AFTER_TREE, "create_or_update_category_attributes"),
    FlowSpec("setup_attributes", "Create or update channel-level marketplace attributes and values.",
             f"{SETUP}.attributes", WEEKLY_AFTER_TREE, "create_or_update_attributes"),
    # products
    FlowSpec("products_sync", "Insert new products, then update changed ones.", f"{RUNS}.products_sync",
             EVERY_15, "insert_and_update_products", options=SYNC_OPTIONS),
    FlowSpec("products_insert", "Send products never sent before, with prices, stocks, images and attributes.",
             f"{RUNS}.products_insert", None, options=SYNC_OPTIONS),
    FlowSpec("products_update", "Send products changed since they were last sent.", f"{RUNS}.products_update",
             None, "update_products", options=SYNC_OPTIONS),
    FlowSpec("products_delete", "Remove products that left the channel's catalog from the marketplace.",
             f"{RUNS}.products_delete", HOURLY, "delete_products", options=SYNC_OPTIONS),
    FlowSpec("products_check", "Finish product batches waiting on the marketplace.", f"{RUNS}.products_check",
             EVERY_5, "check_products"),
    FlowSpec("products_delete_check", "Finish delete batches waiting on the marketplace.",
             f"{RUNS}.products_delete_check", EVERY_5, "check_delete_products"),
    # prices
    FlowSpec("prices_sync", "Insert new prices, then update changed ones (main price list).",
             f"{RUNS}.prices_sync", EVERY_5, "insert_and_update_prices", options=SYNC_OPTIONS),
    FlowSpec("prices_insert", "Send prices never sent before (main price list).", f"{RUNS}.prices_insert",
             None, options=SYNC_OPTIONS),
    FlowSpec("prices_update", "Send prices changed since they were last sent (main price list).",
             f"{RUNS}.prices_update", None, "update_prices", options=SYNC_OPTIONS),
    FlowSpec("prices_extra_insert", "Send new prices of the extra price lists the conf maps.",
             f"{RUNS}.prices_extra_insert", None, options=SYNC_OPTIONS),
    FlowSpec("prices_extra_update", "Send changed prices of the extra price lists the conf maps.",
             f"{RUNS}.prices_extra_update", None, options=SYNC_OPTIONS),
    FlowSpec("prices_check", "Finish price batches waiting on the marketplace.", f"{RUNS}.prices_check",
             EVERY_5, "check_prices"),
    # stocks
    FlowSpec("stocks_sync", "Insert new stocks, then update changed ones (main stock list).",
             f"{RUNS}.stocks_sync", EVERY_5, "insert_and_update_stocks", options=SYNC_OPTIONS),
    FlowSpec("stocks_insert", "Send stocks never sent before (main stock list).", f"{RUNS}.stocks_insert",
             None, options=SYNC_OPTIONS),
    FlowSpec("stocks_update", "Send stocks changed since they were last sent (main stock list).",
             f"{RUNS}.stocks_update", None, "update_stocks", options=SYNC_OPTIONS),
    FlowSpec("stocks_extra_insert", "Send new stocks of the extra stock lists the conf maps.",
             f"{RUNS}.stocks_extra_insert", None, options=SYNC_OPTIONS),
    FlowSpec("stocks_extra_update", "Send changed stocks of the extra stock lists the conf maps.",
             f"{RUNS}.stocks_extra_update", None, options=SYNC_OPTIONS),
    FlowSpec("stocks_check", "Finish stock batches waiting on the marketplace.", f"{RUNS}.stocks_check",
             EVERY_5, "check_stocks"),
    # images
    FlowSpec("images_sync", "Insert new product images, then update changed ones.", f"{RUNS}.images_sync",
             Schedule(every_minutes=30), "insert_and_update_images", options=SYNC_OPTIONS),
    FlowSpec("images_insert", "Send images of products whose images were never sent.",
             f"{RUNS}.images_insert", None, options=SYNC_OPTIONS),
    FlowSpec("images_update", "Send images changed since they were last sent.", f"{RUNS}.images_update",
             None, "update_images", options=SYNC_OPTIONS),
    FlowSpec("images_check", "Finish image batches waiting on the marketplace.", f"{RUNS}.images_check",
             EVERY_5, "check_images"),
]

for _spec in CATALOG_FLOWS:
    register(_spec)
