"""`manage.py flows`: one line per flow and channel with schedule, last run and running state."""
from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django_celery_results.models import TaskResult

from channel import schedules
from channel.flows.registry import all_flows
from channel.locks import flow_lock

pytestmark = pytest.mark.django_db


def table(*args: str) -> list[str]:
    out = StringIO()
    call_command("flows", *args, stdout=out)
    return out.getvalue().splitlines()


def line_of(lines: list[str], flow: str, channel: int) -> list[str]:
    return next(line.split() for line in lines if line.split()[:2] == [flow, str(channel)])


def test_table_lists_every_flow_with_schedule_last_run_and_running(settings):
    settings.SYNC_CHANNEL_IDS = [2]
    schedules.seed()
    TaskResult.objects.create(task_id="t1", task_name="channel.noop", status="SUCCESS",
                              task_kwargs=json.dumps(json.dumps({"channel_id": 2})),
                              result=json.dumps({"fetched": 4, "sent": 4, "succeeded": 4, "failed": 0}))
    with flow_lock("prices_sync", 1, token="busy-task"):
        lines = table()
    assert lines[0].split()[:2] == ["FLOW", "CHANNEL"]
    noop = " ".join(line_of(lines, "noop", 2))
    assert "SUCCESS fetched=4 sent=4 succeeded=4 failed=0" in noop
    assert "never" in " ".join(line_of(lines, "noop", 1))
    prices = " ".join(line_of(lines, "prices_sync", 1))
    assert "every 5 min" in prices and prices.endswith("busy-task")


def test_channel_option_limits_the_table(settings):
    settings.SYNC_CHANNEL_IDS = [2]
    lines = table("--channel", "2")
    rows = lines[1:lines.index("")]  # the alias list follows the table after a blank line
    assert rows and all(line.split()[1] == "2" for line in rows)


def test_template_task_aliases_are_listed():
    lines = table()
    start = next(i for i, line in enumerate(lines) if line.startswith("Template task aliases"))
    aliases = dict(map(str.strip, line.split("->")) for line in lines[start + 1:])
    assert aliases["channel_app_template.app.tasks.insert_and_update_products"] == "products_sync"
    assert aliases["channel_app_template.app.tasks.fetch_and_create_order"] == "orders_import"
    assert len(aliases) == len([spec for spec in all_flows() if spec.template_task])
