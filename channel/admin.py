"""Admin: the Sync dashboard (/admin/channel/dashboard/), plus our PeriodicTask and TaskResult admins.

The dashboard is the changelist of the table-less `Dashboard` model, so it appears in the admin
index for users with `channel.view_sync`; its Run now / Dry run buttons POST to `run/` and need
`channel.trigger_sync`.
"""
from __future__ import annotations

from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from channel import (  # noqa: F401 - they register their admins
    admin_beat, admin_marketplaces, admin_results, admin_schedules, admin_webhooks)
from channel.admin_trigger import trigger
from channel.attention import attention
from channel.dashboard import build_rows, live_progress
from channel.dashboard_layout import layout
from channel.run_chart import history, svg
from channel.flows.registry import UnknownFlow, get_flow
from channel.models import TRIGGER_PERMISSION, VIEW_PERMISSION, Dashboard
from channel.schedules import configured_channels
from channel.webhooks.stats import figures

admin_schedules.register()

# The operator's screens are wide tables (dashboard, task results with their filters): at 1280 px the
# navigation sidebar would leave them half the width. The admin index lists every app instead.
admin.site.enable_nav_sidebar = False


@admin.register(Dashboard)
class DashboardAdmin(admin.ModelAdmin):
    """One row per flow and channel: last run, next run, running now, Run now / Dry run."""

    def has_view_permission(self, request: HttpRequest, obj=None) -> bool:
        return request.user.is_active and request.user.has_perm(VIEW_PERMISSION)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def get_urls(self):
        """The dashboard, its live progress and its run button only: the model has no table, so the
        inherited add/change/history/delete URLs would only fail (with a 500) for anyone allowed to view."""
        run = self.admin_site.admin_view(require_POST(self.run_view))
        live = self.admin_site.admin_view(self.live_view)
        dashboard = self.admin_site.admin_view(self.changelist_view)
        return [path("run/", run, name="channel_dashboard_run"),
                path("live/", live, name="channel_dashboard_live"),
                path("", dashboard, name="channel_dashboard_changelist")]

    def live_view(self, request: HttpRequest) -> JsonResponse:
        """GET -> {"running": [{"flow", "channel_id", "task_id", "done", "total", "rate", "eta_s", "stage",
        "dry_run"}, ...]}: what the dashboard page polls every 1.5 s; the dashboard's own permission."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        return JsonResponse({"running": live_progress()}, headers={"Cache-Control": "no-store"})

    def changelist_view(self, request: HttpRequest, extra_context=None) -> HttpResponse:
        if not self.has_view_permission(request):
            raise PermissionDenied
        rows = build_rows()
        channels = configured_channels()
        runs = history(channels[0] if channels else None)
        for row in rows:
            row.chart = svg(runs.get((row.spec.task_name, row.channel_id), []), title=f"{row.spec.name} · {row.channel_id}")
        context = {
            **self.admin_site.each_context(request),
            "title": _("Sync dashboard"),
            "opts": self.model._meta,
            "rows": rows,
            "areas": layout(rows),
            "attention": attention(rows, runs),
            "webhooks": [figures(channel) for channel in channels],
            "live_url": reverse("admin:channel_dashboard_live"),
            "live_labels": {"running": _("running"), "dry_run": _("dry run"), "eta": _("left"),
                            "finished": _("finished: reload for its result"), "flower": "/flower/"},
            "can_trigger": request.user.has_perm(TRIGGER_PERMISSION),
            "flower_url": "/flower/",
            "results_url": reverse("admin:django_celery_results_taskresult_changelist"),
            "periodic_url": reverse("admin:django_celery_beat_periodictask_changelist"),
            "beat_scheduler": getattr(settings, "CELERY_BEAT_SCHEDULER", ""),
            **(extra_context or {}),
        }
        return TemplateResponse(request, "admin/channel/dashboard.html", context)

    def run_view(self, request: HttpRequest) -> HttpResponse:
        """POST flow, channel_id, dry_run: queue a run unless one is going on, then back to the dashboard."""
        if not request.user.has_perm(TRIGGER_PERMISSION):
            raise PermissionDenied
        back = HttpResponseRedirect(reverse("admin:channel_dashboard_changelist"))
        try:
            spec = get_flow(request.POST.get("flow", ""))
            channel_id = int(request.POST.get("channel_id", ""))
        except (UnknownFlow, ValueError):
            messages.error(request, _("Unknown flow or channel; nothing was started."))
            return back
        if channel_id not in configured_channels():
            messages.error(request, _("Channel %(id)s is not configured; nothing was started.") % {"id": channel_id})
            return back
        trigger(request, spec, channel_id, dry_run=request.POST.get("dry_run") == "1")
        return back
