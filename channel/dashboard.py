"""What the Sync dashboard shows: one row per flow and channel, read from results, schedules and locks.

Kept apart from the admin view so the rows can be built and tested without HTTP. Last runs come
from django-celery-results (the newest finished row of the flow's task for that channel), the next
run from the enabled django-celery-beat rows, "running now" from the lock (never from inspecting
workers) and its progress from the running task's PROGRESS meta.
"""
from __future__ import annotations

import ast
import json
import logging
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.utils import timezone
from redis.exceptions import RedisError
from django_celery_beat.models import PeriodicTask
from django_celery_results.models import TaskResult

from channel.api.runs import FINISHED_STATES, decode
from channel.flows.registry import Flow, all_flows
from channel.locks import lock_client, lock_key
from channel.marketplaces import marketplace_names
from channel.run_facts import facts
from channel.schedule_text import next_run, schedule_text
from channel.schedules import configured_channels
from channel.task_base import PROGRESS

logger = logging.getLogger(__name__)

RECENT_RESULTS_PER_FLOW = 50  # enough to find the last run of each channel
COUNT_KEYS = ("fetched", "sent", "succeeded", "failed")


def parse_kwargs(text: str | None) -> dict[str, Any]:
    """Task kwargs as stored: JSON, or JSON around Celery's repr of the kwargs dict; {} when unreadable."""
    value: Any = text or "{}"
    for _layer in range(2):
        if isinstance(value, dict):
            return value
        if not isinstance(value, str):
            return {}
        try:
            value = json.loads(value)
        except ValueError:
            try:
                value = ast.literal_eval(value)
            except (ValueError, SyntaxError):
                return {}
    return value if isinstance(value, dict) else {}


def channel_of(kwargs: dict[str, Any], default: int | None) -> int | None:
    value = kwargs.get("channel_id") or default
    try:
        return None if value is None else int(value)
    except (TypeError, ValueError):
        return None


@dataclass
class LastRun:
    task_id: str
    result_pk: int
    state: str
    date_done: datetime | None
    duration_s: float | None
    counts: dict[str, Any]
    error: str | None  # the failure's reason in one line
    dry_run: bool = False
    notes: list[str] = field(default_factory=list)


@dataclass
class PlannedRun:
    """One django-celery-beat row of a flow and channel: its schedule in words and its next run."""

    periodic_task_id: int
    name: str
    when: str
    next_run: datetime | None
    enabled: bool


@dataclass
class FlowRow:
    spec: Flow
    channel_id: int
    last: LastRun | None = None
    next_run: datetime | None = None
    periodic_task_id: int | None = None
    running_task_id: str | None = None
    progress: dict[str, Any] | None = field(default=None)
    running_known: bool = True  # False when the lock store (Redis) could not be read
    schedules: list[PlannedRun] = field(default_factory=list)  # every row of this flow and channel
    chart: str = ""  # the last 7 days as SVG markup (channel.run_chart), filled by the admin view
    marketplace: str = ""  # the channel's marketplace (channel.marketplaces)


def last_run(row: TaskResult) -> LastRun:
    run = facts(row)
    counts = dict(run.counts)
    if run.errors or "failed" in counts:
        counts["errors"] = len(run.errors)
    return LastRun(row.task_id, row.pk, row.status, row.date_done, run.duration_s, counts, run.reason,
                   run.dry_run, run.notes)


def last_runs(spec: Flow, default_channel: int | None) -> dict[int, LastRun]:
    """The newest finished run of `spec` per channel."""
    found: dict[int, LastRun] = {}
    recent = (TaskResult.objects.filter(task_name=spec.task_name, status__in=FINISHED_STATES)
              .order_by("-date_done")[:RECENT_RESULTS_PER_FLOW])
    for row in recent:
        channel = channel_of(parse_kwargs(row.task_kwargs), default_channel)
        if channel is not None and channel not in found:
            found[channel] = last_run(row)
    return found


def scheduled(default_channel: int | None, now: datetime) -> dict[tuple[str, int], list[PlannedRun]]:
    """(task name, channel) -> every periodic task row of it, enabled ones first, soonest first."""
    found: dict[tuple[str, int], list[PlannedRun]] = {}
    rows = PeriodicTask.objects.filter(task__startswith="channel.").select_related(
        "interval", "crontab", "solar", "clocked")
    for task in rows:
        channel = channel_of(parse_kwargs(task.kwargs), default_channel)
        if channel is None:
            continue
        when = next_run(task, now) if task.enabled else None
        found.setdefault((task.task, channel), []).append(
            PlannedRun(task.pk, task.name, schedule_text(task), when, task.enabled))
    for plans in found.values():
        plans.sort(key=lambda plan: (not plan.enabled, plan.next_run is None, plan.next_run or now))
    return found


def running(pairs: list[tuple[str, int]]) -> dict[tuple[str, int], str] | None:
    """(flow, channel) -> task id holding its lock, in one Redis round trip; None when Redis is unreachable."""
    if not pairs:
        return {}
    try:
        values = lock_client().mget([lock_key(flow, channel) for flow, channel in pairs])
    except RedisError as exc:
        logger.warning("dashboard: cannot read the sync locks: %s", exc)
        return None
    return {pair: value.decode() if isinstance(value, bytes) else str(value) for pair, value in zip(pairs, values) if value}


def progress_of(task_ids: list[str]) -> dict[str, dict[str, Any]]:
    rows = TaskResult.objects.filter(task_id__in=task_ids, status=PROGRESS).values_list("task_id", "result")
    return {task_id: meta for task_id, result in rows if isinstance(meta := decode(result), dict)}


def build_rows(flows: list[Flow] | None = None, channels: list[int] | None = None) -> list[FlowRow]:
    """Every (flow, channel) row of the dashboard, flows in name order, channels in configured order."""
    flows = all_flows() if flows is None else flows
    channels = configured_channels() if channels is None else channels
    default = channels[0] if channels else None
    now = timezone.now()
    plans = scheduled(default, now)
    markets = marketplace_names(channels)
    rows = []
    for spec in flows:
        last = last_runs(spec, default)
        for channel in channels:
            planned = plans.get((spec.task_name, channel), [])
            soonest = planned[0] if planned and planned[0].enabled else None
            rows.append(FlowRow(spec, channel, last.get(channel), soonest.next_run if soonest else None,
                                soonest.periodic_task_id if soonest else None, schedules=planned,
                                marketplace=markets[channel]))
    holders = running([(row.spec.name, row.channel_id) for row in rows])
    progress = progress_of(list(holders.values())) if holders else {}
    for row in rows:
        row.running_known = holders is not None
        row.running_task_id = (holders or {}).get((row.spec.name, row.channel_id))
        row.progress = progress.get(row.running_task_id or "")
    return rows


def live_progress(flows: list[Flow] | None = None, channels: list[int] | None = None) -> list[dict[str, Any]]:
    """What the dashboard page polls: every running (flow, channel) with its latest progress.

    Two reads: one Redis MGET of the locks, one query of the holders' PROGRESS rows.
    """
    flows = all_flows() if flows is None else flows
    channels = configured_channels() if channels is None else channels
    holders = running([(spec.name, channel) for spec in flows for channel in channels]) or {}
    progress = progress_of(list(holders.values())) if holders else {}
    return [{"flow": flow, "channel_id": channel, "task_id": task_id, **progress.get(task_id, {})}
            for (flow, channel), task_id in holders.items()]
