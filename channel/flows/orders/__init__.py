"""Order flows (marketplace -> Omnitron orders and cancellations; Omnitron -> package status,
invoice, tracking and unsupplied items). Each module declares its flows in `FLOWS`.

`template_task` names the Akinon channel_app_template task each flow replaces (the README's
mapping table reads it).

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
    claim_reject_reason_id         marketplace claim issue reason for rejected returns (orders_claims_act)
    claim_reject_description       text sent with a rejection (at most 500 characters)

Run options: `since`, `until` (ISO 8601), `lookback_hours`, `retry_failed_hours` (default 24),
`reconcile_hours` (default 6: how often a run re-reads everything changed since the last reconciliation),
`concurrency` (import threads, default 8), `max_error_reports`, `stale_after_s` (check).
"""
from __future__ import annotations

from channel.flows.options import Float, Int, When
from channel.flows.registry import Schedule, options

EVERY_5 = Schedule(every_minutes=5)
# Packages the marketplace pushes (order webhooks, channel/webhooks/) arrive within seconds; the
# import polls of new and cancelled packages are the safety net for deliveries that never came.
SAFETY_NET = Schedule(every_minutes=15)
# Bounds: a month back at most (Trendyol lists two weeks per request; older orders are long settled).
WINDOW_OPTIONS = options(
    since=When(help="start of the window"), until=When(help="end of the window (default now)"),
    lookback_hours=Float(min=0.1, max=720, help="how far back a window without a mark starts"),
    retry_failed_hours=Float(min=0, max=720, help="how long failed orders are retried"),
    reconcile_hours=Float(min=0, max=720, help="how far back orders are reconciled"),
    max_error_reports=Int(min=0, max=10_000, help="error reports sent to Omnitron per run"),
)
IMPORT_OPTIONS = options(**WINDOW_OPTIONS.declared, concurrency=Int(min=1, max=32, help="import threads"))
