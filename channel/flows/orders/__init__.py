"""Order flows (marketplace -> Omnitron orders and cancellations; Omnitron -> package status,
invoice, tracking and unsupplied items) registered into the flow registry.

`channel.flows.registry.load_flows()` imports this module. `template_task` names the Akinon
channel_app_template task each flow replaces (the README's mapping table reads it).

Channel conf keys the order flows read (all optional):

    CUSTOMER_IDENTIFIER_FIELD      "email" (default) or "phone_number": how buyers are matched
    cargo_mapping                  {carrier name or code: Omnitron cargo erp_code}
    reason_mapping                 {marketplace cancel reason code: Omnitron reason id}
    cancellation_reason_id         Omnitron reason id when unmapped (default 1)
    unsupplied_reason_mapping      {Omnitron reason id: marketplace unsupplied reason id}
    unsupplied_reason_id           marketplace reason when unmapped (default "500", out of stock)
    cancellation_request_statuses  Omnitron request statuses to push (waiting_approval, approved, confirmed)
    claim_reason_mapping           {marketplace claim reason id: Omnitron reason id}
    claim_reason_id                Omnitron reason id for returns when unmapped (default 10)
    picking_statuses               Omnitron item statuses meaning "being picked" (default ["450"])

Run options: `since`, `until` (ISO 8601), `lookback_hours`, `retry_failed_hours` (default 24),
`concurrency` (import threads, default 8), `max_error_reports`, `stale_after_s` (check).
"""
from __future__ import annotations

from channel.flows.registry import FlowSpec, Schedule, register

RUNS = "channel.flows.orders.runs"
EVERY_5 = Schedule(every_minutes=5)
WINDOW_OPTIONS = {"since": None, "until": None, "lookback_hours": None, "retry_failed_hours": None,
                  "max_error_reports": None}
IMPORT_OPTIONS = {**WINDOW_OPTIONS, "concurrency": None}

ORDER_FLOWS = [
    FlowSpec("orders_import", "Import new marketplace packages as Omnitron orders, exactly once.",
             f"{RUNS}.orders_import", EVERY_5, "fetch_and_create_order", options=IMPORT_OPTIONS),
    FlowSpec("orders_update", "Push Omnitron order changes (picking, invoice, tracking) to the marketplace packages.",
             f"{RUNS}.orders_update", EVERY_5, "update_orders", options=WINDOW_OPTIONS),
    FlowSpec("orders_cancel_import", "Cancel in Omnitron the units the marketplace cancelled.",
             f"{RUNS}.orders_cancel_import", EVERY_5, "fetch_and_create_cancel", options=WINDOW_OPTIONS),
    FlowSpec("orders_cancel_push",
             "Send Omnitron cancellation requests to the marketplace as unsupplied items (conf reason mapping).",
             f"{RUNS}.orders_cancel_push", EVERY_5, "update_cancellation_requests"),
    FlowSpec("orders_claims_import", "Turn marketplace returns (claims) into Omnitron refund cancellation requests.",
             f"{RUNS}.orders_claims_import", EVERY_5, "fetch_and_create_cancellation_requests",
             options=WINDOW_OPTIONS),
    FlowSpec("orders_check", "Finish order batches a killed run left open and record orders it left unrecorded.",
             f"{RUNS}.orders_check", EVERY_5, "check_orders", options={"lookback_hours": None, "stale_after_s": None}),
]

for _spec in ORDER_FLOWS:
    register(_spec)
