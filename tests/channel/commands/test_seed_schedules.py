"""Seeded schedules: one row per scheduled flow and channel, only what is missing, tasks that exist."""
from __future__ import annotations

import json

import pytest
from django_celery_beat.models import IntervalSchedule, PeriodicTask

from channel import schedules
from channel.flows.registry import all_flows
from channel.tasks import TASKS
from config.celery_app import app

pytestmark = pytest.mark.django_db


def test_configured_channels_adds_sync_channel_ids_without_repeats(settings):
    settings.OMNITRON_CHANNEL_ID = 3
    settings.SYNC_CHANNEL_IDS = [4, "3", 7]
    assert schedules.configured_channels() == [3, 4, 7]


def test_seed_creates_one_row_per_scheduled_flow_and_channel(settings):
    settings.SYNC_CHANNEL_IDS = [2]
    result = schedules.seed()
    scheduled = [spec for spec in all_flows() if spec.schedule]
    assert len(result.created) == 2 * len(scheduled) + 2  # and the recovery and webhook sweeps
    row = PeriodicTask.objects.get(name="products_sync · channel 2")
    assert row.task == "channel.products_sync"
    assert json.loads(row.kwargs) == {"channel_id": 2}
    assert row.interval.every == 15 and row.description.startswith("Insert new products")
    assert not PeriodicTask.objects.filter(task="channel.noop").exists()


def test_crontab_flows_get_a_crontab_row_in_the_celery_timezone(settings):
    schedules.seed()
    row = PeriodicTask.objects.get(name=f"setup_category_tree · channel {settings.OMNITRON_CHANNEL_ID}")
    assert (row.crontab.minute, row.crontab.hour, row.crontab.day_of_week) == ("0", "4", "1")
    assert str(row.crontab.timezone) == settings.CELERY_TIMEZONE


def test_seeding_twice_creates_no_duplicates_and_keeps_an_edited_interval():
    first = schedules.seed()
    row = PeriodicTask.objects.get(name=first.created[0])
    row.interval = IntervalSchedule.objects.create(every=42, period=IntervalSchedule.MINUTES)
    row.enabled = False
    row.save()
    count = PeriodicTask.objects.count()
    second = schedules.seed()
    assert second.created == [] and len(second.kept) == len(first.created)
    assert PeriodicTask.objects.count() == count
    row.refresh_from_db()
    assert row.interval.every == 42 and row.enabled is False


def test_every_seeded_schedule_names_a_registered_task(settings):
    settings.SYNC_CHANNEL_IDS = [2, 3]
    schedules.seed()
    registered = set(app.tasks)
    for row in PeriodicTask.objects.exclude(task__startswith="celery."):
        assert row.task in registered, row.name
        assert row.task in {task.name for task in TASKS.values()} | {"channel.recover_runs",
                                                                      "channel.sweep_webhook_events"}


def test_the_recovery_sweep_is_seeded_every_recovery_sweep_s_seconds(settings):
    settings.RECOVERY_SWEEP_S = 15
    schedules.seed()
    row = PeriodicTask.objects.get(name="recover_runs")
    assert row.task == "channel.recover_runs"
    assert (row.interval.every, row.interval.period) == (15, IntervalSchedule.SECONDS)


def test_the_webhook_sweep_is_seeded_every_webhook_sweep_s_seconds(settings):
    settings.WEBHOOK_SWEEP_S = 7
    schedules.seed()
    row = PeriodicTask.objects.get(name="process_webhook_events")
    assert row.task == "channel.sweep_webhook_events"
    assert (row.interval.every, row.interval.period) == (7, IntervalSchedule.SECONDS)


def test_command_reports_created_then_kept_rows():
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("seed_schedules", stdout=out)
    assert "created  products_sync · channel" in out.getvalue()
    out = StringIO()
    call_command("seed_schedules", stdout=out)
    assert "0 schedules created" in out.getvalue()


def test_description_says_what_the_row_does_and_its_schedule_is_derived(settings):
    """An operator changes 15 to 5 minutes: nothing stored still says 15 (the admin derives the text)."""
    from channel.schedule_text import schedule_text

    schedules.seed()
    row = PeriodicTask.objects.get(name=f"products_sync · channel {settings.OMNITRON_CHANNEL_ID}")
    assert schedule_text(row) == "every 15 minutes" and "15" not in row.description
    row.interval = IntervalSchedule.objects.create(every=5, period=IntervalSchedule.MINUTES)
    row.save()
    assert schedule_text(PeriodicTask.objects.get(pk=row.pk)) == "every 5 minutes"


def test_crontab_text_names_the_days_time_and_zone_in_the_admin_language(settings):
    from django.utils import translation

    from channel.schedule_text import schedule_text

    schedules.seed()
    row = PeriodicTask.objects.get(name=f"setup_category_tree · channel {settings.OMNITRON_CHANNEL_ID}")
    assert schedule_text(row) == f"Monday at 04:00 ({settings.CELERY_TIMEZONE})"
    with translation.override("tr"):
        assert schedule_text(row) == f"Pazartesi 04:00 ({settings.CELERY_TIMEZONE})"


def test_migration_drops_the_stored_schedule_text_of_seeded_rows_only():
    import importlib

    from django.apps import apps

    migration = importlib.import_module("channel.migrations.0002_seeded_descriptions_without_schedule")
    schedules.seed()
    seeded = PeriodicTask.objects.filter(task="channel.products_sync").first()
    seeded.description = f"Every 15 minutes. {seeded.description}"
    seeded.save()
    own = PeriodicTask.objects.filter(task="channel.prices_sync").first()
    own.description = "Every 5 minutes. Ours."
    own.save()
    migration.drop_schedule_text(apps, None)
    seeded.refresh_from_db()
    own.refresh_from_db()
    assert seeded.description == f"Insert new products, then update changed ones. {schedules.SEEDED}"
    assert own.description == "Every 5 minutes. Ours."
