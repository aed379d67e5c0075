"""Dashboard rows: last run per channel from results, next run from schedules, running from the lock."""
from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.utils import timezone
from django_celery_beat.models import IntervalSchedule, PeriodicTask
from django_celery_results.models import TaskResult

from channel.dashboard import build_rows, parse_kwargs
from channel.flows.registry import get_flow
from channel.locks import flow_lock

pytestmark = pytest.mark.django_db


def result(task_id: str, status: str, kwargs: str, result: dict, done_minutes_ago: int = 0) -> TaskResult:
    row = TaskResult.objects.create(task_id=task_id, task_name="channel.prices_sync", status=status,
                                    task_kwargs=kwargs, result=json.dumps(result))
    TaskResult.objects.filter(pk=row.pk).update(date_done=timezone.now() - timedelta(minutes=done_minutes_ago))
    return row


def rows_by_channel(settings) -> dict:
    settings.SYNC_CHANNEL_IDS = [2]
    return {row.channel_id: row for row in build_rows([get_flow("prices_sync")])}


@pytest.mark.parametrize("stored, expected", [
    (json.dumps(json.dumps({"channel_id": 2, "dry_run": False})), {"channel_id": 2, "dry_run": False}),
    (json.dumps("{'channel_id': 3}"), {"channel_id": 3}),
    ('{"channel_id": 4}', {"channel_id": 4}),
    (None, {}),
    ("not json", {}),
])
def test_parse_kwargs_reads_every_stored_form(stored, expected):
    assert parse_kwargs(stored) == expected


def test_last_run_is_the_newest_finished_run_of_each_channel(settings):
    result("old", "SUCCESS", json.dumps("{'channel_id': 1}"), {"fetched": 1}, done_minutes_ago=30)
    result("new", "SUCCESS", json.dumps(json.dumps({"channel_id": 1})),
           {"fetched": 5, "sent": 4, "succeeded": 3, "failed": 1, "errors": ["x"], "duration_s": 2.5}, 1)
    result("ch2", "FAILURE", json.dumps(json.dumps({"channel_id": 2})),
           {"exc_type": "ServerError", "exc_message": ["boom"]}, 2)
    result("busy", "PROGRESS", json.dumps(json.dumps({"channel_id": 2})), {"done": 1, "total": 2, "stage": ""})
    rows = rows_by_channel(settings)
    assert rows[1].last.task_id == "new" and rows[1].last.duration_s == 2.5
    assert rows[1].last.counts == {"fetched": 5, "sent": 4, "succeeded": 3, "failed": 1, "errors": 1}
    assert rows[2].last.task_id == "ch2" and rows[2].last.error == "ServerError: boom"


def test_next_run_comes_from_the_enabled_periodic_task_of_that_channel(settings):
    every = IntervalSchedule.objects.create(every=5, period=IntervalSchedule.MINUTES)
    task = PeriodicTask.objects.create(name="p2", task="channel.prices_sync", interval=every,
                                       kwargs=json.dumps({"channel_id": 2}), last_run_at=timezone.now())
    PeriodicTask.objects.create(name="off", task="channel.prices_sync", interval=every, enabled=False,
                                kwargs=json.dumps({"channel_id": 1}))
    rows = rows_by_channel(settings)
    assert rows[2].periodic_task_id == task.pk
    assert timedelta(minutes=4) < rows[2].next_run - timezone.now() <= timedelta(minutes=5)
    assert rows[1].next_run is None and rows[1].periodic_task_id is None


def test_running_comes_from_the_lock_with_the_progress_of_that_task(settings):
    result("holder", "PROGRESS", json.dumps(json.dumps({"channel_id": 1})), {"done": 3, "total": 9, "stage": "send"})
    with flow_lock("prices_sync", 1, token="holder"):
        rows = rows_by_channel(settings)
    assert rows[1].running_task_id == "holder"
    assert rows[1].progress == {"done": 3, "total": 9, "stage": "send"}
    assert rows[2].running_task_id is None and rows[1].last is None


def test_rows_still_build_when_the_lock_store_is_down(settings):
    settings.CACHE_URL = "redis://127.0.0.1:9/0"  # nothing listens on port 9
    rows = rows_by_channel(settings)
    assert all(not row.running_known and row.running_task_id is None for row in rows.values())


def test_every_schedule_of_a_flow_is_listed_with_its_derived_text(settings):
    every_5 = IntervalSchedule.objects.create(every=5, period=IntervalSchedule.MINUTES)
    every_60 = IntervalSchedule.objects.create(every=60, period=IntervalSchedule.MINUTES)
    for name, interval, enabled in (("fast", every_5, True), ("slow", every_60, True), ("off", every_5, False)):
        PeriodicTask.objects.create(name=name, task="channel.prices_sync", interval=interval, enabled=enabled,
                                    kwargs=json.dumps({"channel_id": 1}))
    plans = rows_by_channel(settings)[1].schedules
    assert [(plan.name, plan.when, plan.enabled) for plan in plans] == [
        ("fast", "every 5 minutes", True), ("slow", "every 60 minutes", True), ("off", "every 5 minutes", False)]
    assert plans[2].next_run is None


def test_layout_groups_by_area_with_umbrellas_first_and_noop_folded_away():
    from channel.dashboard_layout import layout

    areas = layout(build_rows(channels=[1]))
    assert [area.key for area in areas] == ["setup", "catalog", "orders", "diagnostics"]
    catalog = {group.head[0].spec.name: [row.spec.name for row in group.folded] for group in areas[1].groups}
    assert list(catalog)[:4] == ["images_sync", "prices_sync", "products_sync", "stocks_sync"]
    assert {"products_insert", "products_update", "products_check"} <= set(catalog["products_sync"])
    assert areas[3].folded and [group.head[0].spec.name for group in areas[3].groups] == ["noop"]


def test_live_progress_lists_running_flows_with_rate_and_eta():
    from channel.dashboard import live_progress

    meta = {"done": 30, "total": 90, "stage": "prices_sync", "rate": 10.0, "eta_s": 6.0, "dry_run": True}
    result("holder", "PROGRESS", json.dumps(json.dumps({"channel_id": 1})), meta)
    with flow_lock("prices_sync", 1, token="holder"):
        running = live_progress([get_flow("prices_sync"), get_flow("noop")], [1])
    assert running == [{"flow": "prices_sync", "channel_id": 1, "task_id": "holder", **meta}]


def test_chart_draws_a_bar_per_run_failures_in_red_and_the_duration_line(settings):
    from channel.run_chart import history, svg

    result("a", "SUCCESS", json.dumps(json.dumps({"channel_id": 1})), {"fetched": 100, "duration_s": 4}, 60)
    result("b", "FAILURE", json.dumps(json.dumps({"channel_id": 1})), {"exc_type": "X", "exc_message": []}, 30)
    result("c", "SUCCESS", json.dumps(json.dumps({"channel_id": 1})), {"fetched": 50, "duration_s": 2}, 10)
    result("old", "SUCCESS", json.dumps(json.dumps({"channel_id": 1})), {"fetched": 9}, 8 * 24 * 60)
    points = history(1)[("channel.prices_sync", 1)]
    assert [point.objects for point in points] == [100, 0, 50]
    drawing = str(svg(points))
    assert drawing.count('<rect class="run"') == 2 and drawing.count('<rect class="failed"') == 1
    assert '<polyline class="duration" points="' in drawing and "old" not in drawing


def test_attention_names_failed_stuck_backlog_and_rate_limited(settings):
    from channel.attention import attention
    from channel.run_chart import history

    result("f", "FAILURE", json.dumps(json.dumps({"channel_id": 1})),
           {"exc_type": "RateLimited", "exc_message": ["Trendyol answered 429 three times"]})
    result("done-but-locked", "SUCCESS", json.dumps(json.dumps({"channel_id": 2})),
           {"fetched": 1, "notes": ["stopped at the per-run cap of 1 objects"]})
    settings.SYNC_CHANNEL_IDS = [2]
    with flow_lock("prices_sync", 2, token="done-but-locked"):
        rows = build_rows([get_flow("prices_sync")])
        items = {(item.kind, item.channel_id) for item in attention(rows, history(1))}
    assert items == {("failed", 1), ("rate-limited", 1), ("stuck", 2), ("backlog", 2)}


def test_dashboard_page_polls_live_progress_and_shows_reasons_in_one_line(admin_client):
    result("f", "FAILURE", json.dumps(json.dumps({"channel_id": 1})),
           {"exc_type": "ServerError", "exc_message": ["Omnitron answered 500\nmore"]})
    page = admin_client.get("/admin/channel/dashboard/").content.decode()
    assert 'data-live="/admin/channel/dashboard/live/"' in page and "channel/dashboard.js" in page
    assert ">ServerError: Omnitron answered 500</a>" in page and 'id="attention"' in page
    assert admin_client.get("/admin/channel/dashboard/live/").json() == {"running": []}


def test_live_progress_needs_the_dashboard_permission(client):
    from django.contrib.auth.models import User

    client.force_login(User.objects.create_user("outsider", password="pw", is_staff=True))
    assert client.get("/admin/channel/dashboard/live/").status_code == 403
    client.logout()
    assert client.get("/admin/channel/dashboard/live/").status_code == 302
