"""Schedule admins (interval, crontab, clocked, solar) whose every label is translated.

django-celery-beat's own admins show the crontab in English only (cron-descriptor) and list the
periodic tasks of a schedule with the untranslated "Task Name" label; these re-registrations show
the derived text of channel.schedule_text instead and label the task through our catalogue.
"""
from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django_celery_beat.admin import (
    ClockedScheduleAdmin,
    CrontabScheduleAdmin,
    IntervalScheduleAdmin,
    PeriodicTaskInline,
    SolarScheduleAdmin,
)
from django_celery_beat.models import ClockedSchedule, CrontabSchedule, IntervalSchedule, PeriodicTask, SolarSchedule

from channel.schedule_text import crontab_text


class TasksOfScheduleInline(PeriodicTaskInline):
    fields = ("name", "task_label", "args", "kwargs")
    readonly_fields = fields

    @admin.display(description=_("Task"))
    def task_label(self, obj: PeriodicTask) -> str:
        return obj.task


class SyncCrontabScheduleAdmin(CrontabScheduleAdmin):
    inlines = [TasksOfScheduleInline]
    list_display = ("__str__", "in_words")
    fields = ("in_words", "minute", "hour", "day_of_month", "month_of_year", "day_of_week", "timezone")
    readonly_fields = ("in_words",)

    @admin.display(description=_("in words"))
    def in_words(self, obj: CrontabSchedule) -> str:
        return crontab_text(obj) if obj.pk else "-"


def register() -> None:
    """Swap django-celery-beat's schedule admins for ours (called from channel.admin)."""
    for model, base in ((IntervalSchedule, IntervalScheduleAdmin), (ClockedSchedule, ClockedScheduleAdmin),
                        (SolarSchedule, SolarScheduleAdmin)):
        admin.site.unregister(model)
        admin.site.register(model, type(base.__name__, (base,), {"inlines": [TasksOfScheduleInline]}))
    admin.site.unregister(CrontabSchedule)
    admin.site.register(CrontabSchedule, SyncCrontabScheduleAdmin)
