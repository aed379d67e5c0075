"""Default schedules as data: one django-celery-beat row per scheduled flow and configured channel.

`seed()` only creates rows that are missing (matched by name), so after the first run the
admin owns them: an edited interval, a disabled row or a changed description survives
re-seeding and deploys. Interval and crontab rows are shared between tasks, as the
django-celery-beat README advises.
"""
from __future__ import annotations

import json
import logging
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django_celery_beat.models import CrontabSchedule, IntervalSchedule, PeriodicTask

from channel.flows.registry import Flow, Schedule, all_flows

logger = logging.getLogger(__name__)


def configured_channels() -> list[int]:
    """OMNITRON_CHANNEL_ID first, then SYNC_CHANNEL_IDS (optional list of further channels), no repeats."""
    ids: list[int] = []
    primary = getattr(settings, "OMNITRON_CHANNEL_ID", None)
    for value in [primary, *getattr(settings, "SYNC_CHANNEL_IDS", [])]:
        if value not in (None, "") and int(value) not in ids:
            ids.append(int(value))
    return ids


def row_name(flow: str, channel_id: int) -> str:
    """The readable, unique PeriodicTask name seeding matches on: "products_sync · channel 1"."""
    return f"{flow} · channel {channel_id}"


SEEDED = "(seeded default; edit freely, re-seeding keeps your changes)"


def describe(spec: Flow) -> str:
    """What the row does. Never when it runs: that is derived from the schedule itself
    (channel.schedule_text), so an edited interval cannot leave a stale "every 15 minutes" behind."""
    return f"{spec.description} {SEEDED}"


@dataclass(frozen=True)
class SeedResult:
    created: list[str]
    kept: list[str]


def schedule_fields(schedule: Schedule) -> dict:
    """The interval or crontab foreign key for a PeriodicTask, getting or creating the shared row."""
    if schedule.every_minutes:
        interval, _ = IntervalSchedule.objects.get_or_create(
            every=schedule.every_minutes, period=IntervalSchedule.MINUTES)
        return {"interval": interval}
    if schedule.crontab:
        fields = {"minute": "*", "hour": "*", "day_of_week": "*", "day_of_month": "*", "month_of_year": "*",
                  **schedule.crontab}
        crontab = CrontabSchedule.objects.filter(**fields, timezone=settings.CELERY_TIMEZONE).first()
        if crontab is None:
            crontab = CrontabSchedule.objects.create(**fields, timezone=settings.CELERY_TIMEZONE)
        return {"crontab": crontab}
    raise ValueError(f"schedule {schedule!r} has neither every_minutes nor crontab")


def planned() -> list[tuple[Flow, int]]:
    """Every (flow, channel) pair that gets a default row: flows with a schedule x configured channels."""
    return [(spec, channel) for spec in all_flows() if spec.schedule for channel in configured_channels()]


@transaction.atomic
def seed() -> SeedResult:
    """Create the missing default rows; never touch an existing one."""
    existing = set(PeriodicTask.objects.values_list("name", flat=True))
    created, kept = [], []
    for spec, channel_id in planned():
        name = row_name(spec.name, channel_id)
        if name in existing:
            kept.append(name)
            continue
        assert spec.schedule is not None
        PeriodicTask.objects.create(
            name=name, task=spec.task_name, kwargs=json.dumps({"channel_id": channel_id}),
            description=describe(spec), **schedule_fields(spec.schedule))
        created.append(name)
        logger.debug("seeded periodic task %s", name)  # seed_schedules prints it; once is enough
    (created if seed_recovery() else kept).append(RECOVERY_ROW)
    (created if seed_webhook_sweep() else kept).append(WEBHOOK_SWEEP_ROW)
    return SeedResult(created, kept)


RECOVERY_ROW = "recover_runs"
WEBHOOK_SWEEP_ROW = "process_webhook_events"


def _seed_seconds(name: str, task: str, every: int, description: str) -> bool:
    """One row on a seconds interval, only when missing; True when created."""
    if PeriodicTask.objects.filter(name=name).exists():
        return False
    interval, _ = IntervalSchedule.objects.get_or_create(every=every, period=IntervalSchedule.SECONDS)
    PeriodicTask.objects.create(name=name, task=task, interval=interval, description=f"{description} {SEEDED}")
    logger.info("seeded periodic task %s", name)
    return True


def seed_recovery() -> bool:
    """The sweep that restarts runs whose worker died (channel/recovery.py); True when created."""
    return _seed_seconds(RECOVERY_ROW, "channel.recover_runs", settings.RECOVERY_SWEEP_S,
                         "Restart syncs whose worker died; keep it enabled.")


def seed_webhook_sweep() -> bool:
    """The sweep that re-queues webhook events left waiting (channel/webhooks/queueing.py)."""
    return _seed_seconds(WEBHOOK_SWEEP_ROW, "channel.sweep_webhook_events", settings.WEBHOOK_SWEEP_S,
                         "Import order webhook events left waiting (a receiver or worker stopped); keep it enabled.")
