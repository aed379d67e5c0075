"""The order flows are registered, scheduled (every 5 minutes; the polls webhooks back up every 15), named
after the template tasks."""
from __future__ import annotations

from channel.flows.registry import all_flows, get_flow

ORDER_FLOWS = [flow for flow in all_flows() if flow.name.startswith("orders_")]
#: Order flows the reference app has no task for (acting on returns is new here).
NEW_FLOWS = {"orders_claims_act"}
#: Polls behind the order webhooks: seconds through the webhook, these catch what it missed.
SAFETY_NETS = {"orders_import", "orders_cancel_import"}


def test_every_order_flow_is_registered_with_its_schedule_and_a_template_task():
    assert {spec.name for spec in ORDER_FLOWS} == {
        "orders_import", "orders_update", "orders_cancel_import", "orders_cancel_push", "orders_claims_import",
        "orders_check", "orders_claims_act"}
    for spec in ORDER_FLOWS:
        assert get_flow(spec.name) is spec
        minutes = 15 if spec.name in SAFETY_NETS else 5
        assert spec.schedule is not None and spec.schedule.every_minutes == minutes, spec.name
        assert (bool(spec.template_task) != (spec.name in NEW_FLOWS)) and spec.task_name == f"channel.{spec.name}"
        assert callable(spec.run)


def test_template_tasks_are_the_reference_order_tasks():
    assert {spec.template_task for spec in ORDER_FLOWS if spec.name not in NEW_FLOWS} == {
        "fetch_and_create_order", "update_orders", "fetch_and_create_cancel", "update_cancellation_requests",
        "fetch_and_create_cancellation_requests", "check_orders"}


def test_celery_has_one_task_per_order_flow():
    from channel.tasks import TASKS

    assert {f"channel.{spec.name}" for spec in ORDER_FLOWS} <= {task.name for task in TASKS.values()}
