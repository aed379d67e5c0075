"""TaskResult admin made for reading runs: a summary panel first, the stored JSON once, filters by flow and channel.

Re-registers django-celery-results' admin. Results are read-only; search is by task id (prefix),
which uses the unique index, instead of scanning args and kwargs text. The list fits 1280 px (short
task ids, one compact counts column); every time is in the admin's zone, named in the panel and the
column header (the library's help texts say UTC, so its raw date fields are not shown).
"""
from __future__ import annotations

import json
from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.utils.functional import lazy
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_celery_results.models import TaskResult

from channel.api.runs import decode
from channel.dashboard import channel_of, parse_kwargs
from channel.flows.registry import all_flows, get_flow_by_task
from channel.run_facts import RunFacts, local_time, zone_label
from channel.run_facts import facts as read_facts
from channel.schedules import configured_channels


def facts(obj: TaskResult) -> RunFacts:
    """The row's facts, read once per row however many columns show them."""
    cached = getattr(obj, "_run_facts", None)
    if cached is None:
        cached = read_facts(obj)
        obj._run_facts = cached  # type: ignore[attr-defined]
    return cached


def finished_header() -> str:
    return f"{gettext('finished')} ({zone_label().split(',')[0]})"


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
        return queryset.filter(task_kwargs__regex=rf"channel_id[^:,]{{0,3}}: {int(self.value() or 0)}[^0-9]")


admin.site.unregister(TaskResult)


@admin.register(TaskResult)
class SyncTaskResultAdmin(admin.ModelAdmin):
    date_hierarchy = "date_done"
    list_display = ("short_id", "flow", "channel", "state", "finished", "duration", "counts")
    list_display_links = ("short_id",)
    list_filter = (FlowFilter, ChannelFilter, "status", "date_done")
    search_fields = ("^task_id",)
    search_help_text = _("Task id, or its beginning.")
    show_full_result_count = False

    def get_fieldsets(self, request, obj=None):
        sets: list[tuple[Any, dict[str, Any]]] = [
            (None, {"fields": ("panel",)}),
            (_("Parameters"), {"fields": ("kwargs_pretty",)}),
        ]
        if obj is not None and facts(obj).samples:
            sets.append((_("Dry run: what it would send"), {"fields": ("samples_pretty",)}))
        sets.append((_("Stored result"), {"fields": ("task_id", "result_pretty"), "classes": ("collapse",)}))
        if obj is not None and obj.traceback:
            sets.append((_("Traceback"), {"fields": ("error_traceback",), "classes": ("collapse",)}))
        return sets

    def get_readonly_fields(self, request, obj=None):
        return ["task_id", "panel", "kwargs_pretty", "samples_pretty", "result_pretty", "error_traceback"]

    def get_queryset(self, request):
        # The list never needs the big text columns (result JSON of up to 200 errors, tracebacks).
        queryset = super().get_queryset(request)
        return queryset if request.resolver_match and "change" in (request.resolver_match.url_name or "") \
            else queryset.defer("traceback", "meta")

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description=_("task id"), ordering="task_id")
    def short_id(self, obj: TaskResult) -> str:
        return format_html('<span title="{}">{}…</span>', obj.task_id, obj.task_id[:8])

    @admin.display(description=_("flow"), ordering="task_name")
    def flow(self, obj: TaskResult) -> str:
        spec = get_flow_by_task(obj.task_name or "")
        return spec.name if spec else (obj.task_name or "")

    @admin.display(description=_("channel"))
    def channel(self, obj: TaskResult) -> str:
        channel = channel_of(parse_kwargs(obj.task_kwargs), next(iter(configured_channels()), None))
        return str(channel) if channel is not None else "-"

    @admin.display(description=_("state"), ordering="status")
    def state(self, obj: TaskResult) -> str:
        run = facts(obj)
        badge = format_html(' <span class="dry-run-badge">{}</span>', gettext("dry run")) if run.dry_run else ""
        reason = format_html('<br><small class="failure-reason">{}</small>', run.reason[:90]) if run.reason else ""
        return format_html("{}{}{}", obj.status, badge, reason)

    @admin.display(description=lazy(finished_header, str)(), ordering="date_done")
    def finished(self, obj: TaskResult) -> str:
        return local_time(obj.date_done)[5:16] if obj.date_done else "-"

    @admin.display(description=_("duration"))
    def duration(self, obj: TaskResult) -> str:
        seconds = facts(obj).duration_s
        return f"{seconds:.1f} s" if seconds is not None else "-"

    @admin.display(description=_("counts"))
    def counts(self, obj: TaskResult) -> str:
        counts = facts(obj).counts
        return " ".join(f"{key}={value}" for key, value in counts.items()) or "-"

    @admin.display(description=_("summary"))
    def panel(self, obj: TaskResult) -> SafeString:
        spec = get_flow_by_task(obj.task_name or "")
        return render_to_string("admin/channel/run_facts.html", {
            "row": obj, "run": facts(obj), "flow": spec.name if spec else obj.task_name,
            "channel": self.channel(obj), "zone": zone_label(), "created": local_time(getattr(obj, "date_created", None)),
            "started": local_time(getattr(obj, "date_started", None)), "done": local_time(obj.date_done)})

    @admin.display(description=_("traceback"))
    def error_traceback(self, obj: TaskResult) -> str:
        return format_html("<pre style=\"white-space: pre-wrap\">{}</pre>", obj.traceback) if obj.traceback else "-"

    @admin.display(description=_("keyword arguments"))
    def kwargs_pretty(self, obj: TaskResult) -> str:
        return pretty(parse_kwargs(obj.task_kwargs))

    @admin.display(description=_("samples"))
    def samples_pretty(self, obj: TaskResult) -> str:
        return pretty(facts(obj).samples)

    @admin.display(description=_("result"))
    def result_pretty(self, obj: TaskResult) -> str:
        return pretty(decode(obj.result))
