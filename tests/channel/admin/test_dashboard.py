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
