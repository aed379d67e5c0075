"""The last 7 days of a flow's runs for one channel, as a small SVG drawn on the server.

One bar per run at its finishing time: its height is the objects it fetched (scaled to the
busiest run of the week), red for a failed run; a grey line joins the runs' durations (scaled to
the longest). No chart library and no script: the admin page embeds the markup.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django_celery_results.models import TaskResult

from channel.api.runs import FINISHED_STATES
from channel.dashboard import channel_of, parse_kwargs
from channel.run_facts import facts

DAYS = 7
WIDTH, HEIGHT, PAD = 168, 36, 2
MAX_RUNS = 5000  # a week of 5-minute runs of every flow stays well below


@dataclass(frozen=True)
class RunPoint:
    done: datetime
    objects: int
    failed: bool
    duration_s: float


def history(default_channel: int | None, now: datetime | None = None) -> dict[tuple[str, int], list[RunPoint]]:
    """(task name, channel) -> its finished runs of the last 7 days, oldest first; one query."""
    now = now or timezone.now()
    rows = (TaskResult.objects.filter(task_name__startswith="channel.", status__in=FINISHED_STATES - {"SKIPPED"},
                                      date_done__gte=now - timedelta(days=DAYS))
            .order_by("-date_done")[:MAX_RUNS])
    found: dict[tuple[str, int], list[RunPoint]] = {}
    for row in rows:
        channel = channel_of(parse_kwargs(row.task_kwargs), default_channel)
        if channel is None or row.task_name is None:
            continue
        run = facts(row)
        point = RunPoint(row.date_done, int(run.counts.get("fetched") or 0), row.status != "SUCCESS",
                         float(run.duration_s or 0))
        found.setdefault((row.task_name, channel), []).append(point)
    for points in found.values():
        points.reverse()
    return found


def svg(points: list[RunPoint], now: datetime | None = None, title: str = "") -> SafeString:
    """The chart's markup; an empty frame when the flow did not run this week."""
    now = now or timezone.now()
    start = now - timedelta(days=DAYS)
    span = (now - start).total_seconds()
    most = max((point.objects for point in points), default=0) or 1
    longest = max((point.duration_s for point in points), default=0) or 1
    inner = HEIGHT - 2 * PAD

    def x(point: RunPoint) -> float:
        return round(PAD + (WIDTH - 2 * PAD) * (point.done - start).total_seconds() / span, 1)

    bars = format_html_join("", '<rect class="{}" x="{}" y="{}" width="2" height="{}"><title>{}</title></rect>', (
        ("failed" if point.failed else "run", x(point) - 1,
         PAD + inner - (height := inner if point.failed else max(1.0, round(inner * point.objects / most, 1))),
         height, f"{timezone.localtime(point.done):%m-%d %H:%M} · {point.objects} · {point.duration_s:.1f} s"
         + (" · failed" if point.failed else ""))
        for point in points))
    line = " ".join(f"{x(point)},{round(PAD + inner - inner * point.duration_s / longest, 1)}" for point in points)
    return format_html(
        '<svg class="run-chart" role="img" width="{}" height="{}" viewBox="0 0 {} {}"><title>{}</title>'
        '<rect class="frame" x="0" y="0" width="{}" height="{}"/>{}<polyline class="duration" points="{}"/></svg>',
        WIDTH, HEIGHT, WIDTH, HEIGHT, title, WIDTH, HEIGHT, bars, line)
