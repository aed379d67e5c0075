"""Schedules live in the database: a real beat process picks up new rows and edits without a restart."""
from __future__ import annotations

import json

import pytest
from django_celery_beat.models import IntervalSchedule, PeriodicTask
from django_celery_results.models import TaskResult

from tests.fixtures.processes import wait_until

pytestmark = pytest.mark.django_db(transaction=True)


def runs_of(name: str) -> int:
    return TaskResult.objects.filter(periodic_task_name=name, status="SUCCESS").count()


def every(seconds: int) -> IntervalSchedule:
    return IntervalSchedule.objects.get_or_create(every=seconds, period=IntervalSchedule.SECONDS)[0]


def test_periodic_task_row_is_picked_up_by_beat_and_runs(celery_worker, celery_beat):
    PeriodicTask.objects.create(name="noop every second", task="channel.noop", interval=every(1),
                                kwargs=json.dumps({"steps": 1}))
    wait_until(lambda: runs_of("noop every second") >= 2, 40, "two scheduled runs")
    row = TaskResult.objects.filter(periodic_task_name="noop every second").first()
    assert row.task_name == "channel.noop"


def test_editing_the_interval_takes_effect_without_restarting_beat(celery_worker, celery_beat):
    task = PeriodicTask.objects.create(name="noop hourly", task="channel.noop", interval=every(3600))
    # Beat notes the change timestamp on its first tick; an edit made before that tick is only
    # seen at the 5-minute forced reload, so wait until it has ticked (it syncs on the 2nd tick).
    wait_until(lambda: "noop hourly" in celery_beat.log() and "Synchronizing schedule" in celery_beat.log(),
               20, "beat to load the hourly row and tick")
    assert runs_of("noop hourly") == 0
    task.interval = every(1)
    task.save()
    wait_until(lambda: runs_of("noop hourly") >= 1, 40, "a run after the edit")
    assert celery_beat.alive()
