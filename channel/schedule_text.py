"""When a django-celery-beat row runs, in words and in the admin's language, derived from the row itself.

Nothing here is stored: a description written at seeding time goes stale as soon as an operator
edits the interval, so the admin and the dashboard show this text instead. Also the exact next run.
"""
from __future__ import annotations

from datetime import datetime

from celery.schedules import crontab as celery_crontab
from django.utils import timezone
from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_celery_beat.models import CrontabSchedule, IntervalSchedule, PeriodicTask


def interval_text(interval: IntervalSchedule) -> str:
    every = interval.every
    texts = {
        IntervalSchedule.DAYS: ngettext("every day", "every %(n)d days", every),
        IntervalSchedule.HOURS: ngettext("every hour", "every %(n)d hours", every),
        IntervalSchedule.MINUTES: ngettext("every minute", "every %(n)d minutes", every),
        IntervalSchedule.SECONDS: ngettext("every second", "every %(n)d seconds", every),
    }
    text = texts.get(interval.period)
    return text % {"n": every} if text else str(interval)


def weekdays_text(field: str) -> str | None:
    """"Monday, Thursday" for a cron day-of-week field (0 or 7 = Sunday); None for every day."""
    days: set[int] = celery_crontab(day_of_week=field).day_of_week  # type: ignore[attr-defined]  # set by __init__
    if set(days) >= set(range(7)):
        return None
    # Django's WEEKDAYS count from Monday = 0; cron from Sunday = 0.
    return ", ".join(str(WEEKDAYS[(day - 1) % 7]) for day in sorted(days, key=lambda day: (day - 1) % 7))


def crontab_text(row: CrontabSchedule) -> str:
    """"Monday at 04:00 (Europe/Istanbul)"; the cron fields themselves when they are not that simple."""
    zone = str(row.timezone)
    simple = row.minute.isdigit() and row.hour.isdigit() and row.day_of_month == "*" and row.month_of_year == "*"
    if not simple:
        fields = " ".join((row.minute, row.hour, row.day_of_month, row.month_of_year, row.day_of_week))
        return _("cron %(fields)s (%(zone)s)") % {"fields": fields, "zone": zone}
    at = f"{int(row.hour):02d}:{int(row.minute):02d}"
    days = weekdays_text(row.day_of_week)
    if days is None:
        return _("every day at %(time)s (%(zone)s)") % {"time": at, "zone": zone}
    return _("%(days)s at %(time)s (%(zone)s)") % {"days": days, "time": at, "zone": zone}


def schedule_text(task: PeriodicTask) -> str:
    """The row's schedule in words: interval, crontab, a one-off time or a solar event."""
    if task.interval_id:
        return interval_text(task.interval)
    if task.crontab_id:
        return crontab_text(task.crontab)
    if task.clocked_id:
        when = timezone.localtime(task.clocked.clocked_time).strftime("%Y-%m-%d %H:%M")
        return _("once at %(time)s") % {"time": when}
    if task.solar_id:
        return str(task.solar)
    return "-"


def next_run(task: PeriodicTask, now: datetime) -> datetime | None:
    """When beat sends `task` next; None when its schedule cannot be read.

    For a crontab the boundary itself (celery's remaining_delta), not now + remaining_estimate():
    that estimate reads the clock a moment later and lands a hair before the boundary (03:59:59.99
    for 04:00), which a minute-precision display shows as 03:59.
    """
    try:
        schedule = task.schedule
        last = task.last_run_at or now
        if isinstance(schedule, celery_crontab):
            start, delta, _now = schedule.remaining_delta(last, tz=schedule.tz)  # type: ignore[arg-type]
            when = start + delta
        else:
            when = now + schedule.remaining_estimate(last)
    except Exception:  # a row beat itself could not use; shown as unknown
        return None
    return max(now, when)
