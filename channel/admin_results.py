"""TaskResult admin made for reading runs: pretty JSON, the summary, traceback, filters by flow and channel.

Re-registers django-celery-results' admin. Results are read-only; search is by task id (prefix),
which uses the unique index, instead of scanning args and kwargs text.
"""
from __future__ import annotations

import json
from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django_celery_results.models import TaskResult

from channel.api.runs import decode
from channel.dashboard import COUNT_KEYS, channel_of, parse_kwargs
from channel.flows.registry import all_flows, get_flow_by_task
from channel.schedules import configured_channels


def pretty(value: Any) -> str:
    return format_html("<pre style=\"white-space: pre-wrap\">{}</pre>",
                       json.dumps(value, indent=2, sort_keys=True, ensure_ascii=False, default=str))


class FlowFilter(admin.SimpleListFilter):
    title = _("flow")
    parameter_name = "flow"

    def lookups(self, request, model_admin):
        return [(spec.name, spec.name) for spec in all_flows()]

    def queryset(self, request, queryset: QuerySet) -> QuerySet:
        return queryset.filter(task_name=f"channel.{self.value()}") if self.value() else queryset


class ChannelFilter(admin.SimpleListFilter):
    """Runs of one channel, matched in the stored kwargs (JSON or Celery's repr of them)."""

    title = _("channel")
    parameter_name = "channel"

    def lookups(self, request, model_admin):
        return [(str(channel), str(channel)) for channel in configured_channels()]

    def queryset(self, request, queryset: QuerySet) -> QuerySet:
        if not (self.value() or "").isdigit():
            return queryset
        return queryset.filter(task_kwargs__regex=rf"channel_id[^:,]{{0,3}}: {int(self.value())}[^0-9]")


admin.site.unregister(TaskResult)


@admin.register(TaskResult)
class SyncTaskResultAdmin(admin.ModelAdmin):
    date_hierarchy = "date_done"
    list_display = ("task_id", "flow", "channel", "status", "date_created", "date_done", "counts")
    list_filter = (FlowFilter, ChannelFilter, "status", "date_done")
    search_fields = ("^task_id",)
    search_help_text = _("Task id, or its beginning.")
    show_full_result_count = False
    fieldsets = (
        (None, {"fields": ("task_id", "flow", "channel", "status", "periodic_task_name", "worker", "flower")}),
        (_("Summary"), {"fields": ("summary",)}),
        (_("Failure"), {"fields": ("error_traceback",)}),
        (_("Parameters"), {"fields": ("kwargs_pretty", "task_args")}),
        (_("Result"), {"fields": ("result_pretty", "date_created", "date_started", "date_done", "meta")}),
    )

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in self.opts.local_fields] + [
            "flow", "channel", "flower", "summary", "error_traceback", "kwargs_pretty", "result_pretty", "counts"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description=_("flow"), ordering="task_name")
    def flow(self, obj: TaskResult) -> str:
        spec = get_flow_by_task(obj.task_name or "")
        return spec.name if spec else (obj.task_name or "")

    @admin.display(description=_("channel"))
    def channel(self, obj: TaskResult) -> str:
        channel = channel_of(parse_kwargs(obj.task_kwargs), (configured_channels() or [None])[0])
        return str(channel) if channel is not None else "-"

    @admin.display(description=_("counts"))
    def counts(self, obj: TaskResult) -> str:
        meta = decode(obj.result)
        if obj.status != "SUCCESS" or not isinstance(meta, dict):
            return "-"
        return " ".join(f"{key}={meta[key]}" for key in COUNT_KEYS if key in meta) or "-"

    @admin.display(description=_("summary"))
    def summary(self, obj: TaskResult) -> str:
        meta = decode(obj.result)
        return pretty(meta) if obj.status in ("SUCCESS", "SKIPPED", "PROGRESS") else "-"

    @admin.display(description=_("traceback"))
    def error_traceback(self, obj: TaskResult) -> str:
        if not obj.traceback:
            return "-"
        return format_html("<pre style=\"white-space: pre-wrap\">{}</pre>", obj.traceback)

    @admin.display(description=_("keyword arguments"))
    def kwargs_pretty(self, obj: TaskResult) -> str:
        return pretty(parse_kwargs(obj.task_kwargs))

    @admin.display(description=_("result"))
    def result_pretty(self, obj: TaskResult) -> str:
        return pretty(decode(obj.result))

    @admin.display(description=_("Flower"))
    def flower(self, obj: TaskResult) -> str:
        return format_html('<a href="/flower/task/{}">{}</a>', obj.task_id, _("Open in Flower"))
