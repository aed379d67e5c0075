"""PeriodicTask admin: pick a sync by name, kwargs checked against the flow, Run now under the lock.

Re-registers django-celery-beat's admin with a form whose task field lists the registered flows
(no typing of task paths) and which rejects kwargs the task could not run with (unknown option,
channel that is not configured), so a bad row is a form error instead of a failing beat send.
"""
from __future__ import annotations

import json
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_celery_beat.admin import PeriodicTaskAdmin, PeriodicTaskForm
from django_celery_beat.models import PeriodicTask

from channel.admin_trigger import trigger
from channel.dashboard import channel_of, parse_kwargs
from channel.flows.options import InvalidOptions, validate_options
from channel.flows.registry import Flow, all_flows, get_flow_by_task
from channel.models import TRIGGER_PERMISSION
from channel.schedule_text import schedule_text
from channel.schedules import configured_channels

RESERVED = frozenset({"channel_id", "dry_run"})


def task_choices(current: str | None) -> list[tuple[str, str]]:
    """Registered syncs by readable name; a row's existing other task (e.g. celery.backend_cleanup) stays."""
    choices = [("", "---------")] + [(spec.task_name, f"{spec.name} — {_(spec.description)}") for spec in all_flows()]
    if current and current not in {value for value, _label in choices}:
        choices.append((current, current))
    return choices


def kwargs_errors(spec: Flow, kwargs: Any) -> list[str]:
    """Why `kwargs` cannot be passed to `spec`'s task; empty when it can."""
    if not isinstance(kwargs, dict):
        return [_("Keyword arguments must be a JSON object, e.g. {\"channel_id\": 1}.")]
    errors: list[str] = []
    try:
        validate_options(spec, {key: value for key, value in kwargs.items() if key not in RESERVED})
    except InvalidOptions as exc:
        errors.extend(f"{name}: {message}" for name, message in sorted(exc.errors.items()))
    channels = configured_channels()
    if "channel_id" in kwargs:
        channel = kwargs["channel_id"]
        if not isinstance(channel, int) or isinstance(channel, bool) or channel not in channels:
            errors.append(_("Channel %(id)s is not configured; configured channels: %(ids)s.")
                          % {"id": channel, "ids": ", ".join(map(str, channels))})
    if "dry_run" in kwargs and not isinstance(kwargs["dry_run"], bool):
        errors.append(_("dry_run must be true or false."))
    return errors


class SyncPeriodicTaskForm(PeriodicTaskForm):
    """The task is chosen from the registered flows; args must be empty and kwargs must fit the flow."""

    regtask = None  # replaced by `task` below
    task = forms.ChoiceField(label=gettext_lazy("Task"), help_text=gettext_lazy(
        "The sync to run. Pass options in the keyword arguments, e.g. {\"channel_id\": 1}."))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["task"].choices = task_choices(self.instance.task if self.instance.pk else None)

    def clean(self) -> dict[str, Any]:
        # PeriodicTaskForm.clean merges `regtask` into `task` and fails on a missing `task`; with one
        # choice field the model form's own clean is enough, plus beat's expires rule.
        data = forms.ModelForm.clean(self) or {}
        if data.get("expire_seconds") is not None and data.get("expires"):
            raise forms.ValidationError(_("Only one can be set, in expires and expire_seconds"))
        spec = get_flow_by_task(data.get("task") or "")
        if spec is None or self.errors:
            return data
        if json.loads(data.get("args") or "[]"):
            self.add_error("args", _("Sync tasks take no positional arguments; use keyword arguments."))
        for message in kwargs_errors(spec, json.loads(data.get("kwargs") or "{}")):
            self.add_error("kwargs", message)
        return data


admin.site.unregister(PeriodicTask)


@admin.register(PeriodicTask)
class SyncPeriodicTaskAdmin(PeriodicTaskAdmin):
    form = SyncPeriodicTaskForm
    list_display = ("name", "task_label", "enabled", "when", "last_run_at", "one_off")
    # The schedule in words is ours (translated, derived from the row); beat's English crontab
    # translation and the script that copies it into the help text are left out.
    change_form_template = "admin/change_form.html"
    fieldsets = tuple(
        (title, {**options, "fields": tuple("when" if name == "crontab_translation" else name
                                            for name in options["fields"] if name != "regtask")})
        for title, options in PeriodicTaskAdmin.fieldsets)
    readonly_fields = ("last_run_at", "when")

    def get_queryset(self, request: HttpRequest):
        return super().get_queryset(request).select_related("interval", "crontab", "solar", "clocked")

    @admin.display(description=gettext_lazy("Task"), ordering="task")
    def task_label(self, obj: PeriodicTask) -> str:
        return obj.task

    @admin.display(description=gettext_lazy("Schedule"))
    def when(self, obj: PeriodicTask) -> str:
        """Derived from the row's schedule, so it is never stale like a stored description."""
        return schedule_text(obj)

    def has_trigger_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm(TRIGGER_PERMISSION)

    # django-celery-beat declares these three without `permissions`, so Django offers them to
    # anyone who may view the list: a view-only user could disable every schedule. The same
    # actions, behind the change permission of PeriodicTask.
    @admin.action(description=gettext_lazy("Enable selected tasks"), permissions=["change"])
    def enable_tasks(self, request: HttpRequest, queryset) -> None:
        PeriodicTaskAdmin.enable_tasks(self, request, queryset)

    @admin.action(description=gettext_lazy("Disable selected tasks"), permissions=["change"])
    def disable_tasks(self, request: HttpRequest, queryset) -> None:
        PeriodicTaskAdmin.disable_tasks(self, request, queryset)

    @admin.action(description=gettext_lazy("Toggle activity of selected tasks"), permissions=["change"])
    def toggle_tasks(self, request: HttpRequest, queryset) -> None:
        PeriodicTaskAdmin.toggle_tasks(self, request, queryset)

    @admin.action(description=gettext_lazy("Run now (respects the one-run-at-a-time lock)"),
                  permissions=["trigger"])
    def run_tasks(self, request: HttpRequest, queryset) -> None:
        default = next(iter(configured_channels()), None)
        for task in queryset:
            spec = get_flow_by_task(task.task)
            kwargs = parse_kwargs(task.kwargs)
            channel = channel_of(kwargs, default)
            if spec is None or channel is None or kwargs_errors(spec, kwargs):
                messages.error(request, _("%(name)s was not started: it does not name a sync with valid "
                                          "keyword arguments.") % {"name": task.name})
                continue
            options = {key: value for key, value in kwargs.items() if key not in RESERVED}
            trigger(request, spec, channel, bool(kwargs.get("dry_run", False)), options)
