"""What one stored run says, read once from its result row: for the task-result panel and the dashboard.

Times are in the admin's zone (TIME_ZONE) and carry its name, because django-celery-results' help
texts say "UTC" while the admin shows local times; one zone, named, ends that confusion.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.utils import timezone
from django_celery_results.models import TaskResult

from channel.api.runs import decode, error_text

COUNT_KEYS = ("fetched", "sent", "succeeded", "failed")
REASON_CHARS = 200


def zone_label() -> str:
    """"Europe/Istanbul, UTC+03:00": the zone every admin time is shown in."""
    offset = timezone.localtime().isoformat()[-6:]
    return f"{timezone.get_current_timezone_name()}, UTC{offset}"


def local_time(when: datetime | None) -> str:
    """"2026-12-02 07:38:13" in the admin's zone; empty for no time."""
    return f"{timezone.localtime(when):%Y-%m-%d %H:%M:%S}" if when else ""


def one_line(text: str, last: bool = False) -> str:
    """A reason in one line: the first non-empty line (the last for a traceback, where Python puts it)."""
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()] or [""]
    line = lines[-1] if last else lines[0]
    return line if len(line) <= REASON_CHARS else line[: REASON_CHARS - 1] + "…"


@dataclass
class RunFacts:
    state: str
    dry_run: bool = False
    counts: dict[str, Any] = field(default_factory=dict)
    requests: dict[str, Any] = field(default_factory=dict)
    duration_s: float | None = None
    notes: list[str] = field(default_factory=list)
    errors: list[dict[str, Any]] = field(default_factory=list)
    reason: str | None = None
    would_send: int | None = None
    samples: list[Any] = field(default_factory=list)
    skipped_by: str | None = None


def dry_run_of(row: TaskResult) -> bool:
    """Whether the run was asked to change nothing: from its result, else from its stored kwargs."""
    from channel.dashboard import parse_kwargs

    meta = decode(row.result)
    if isinstance(meta, dict) and "dry_run" in meta:
        return bool(meta["dry_run"])
    return bool(parse_kwargs(row.task_kwargs).get("dry_run"))


def facts(row: TaskResult) -> RunFacts:
    meta = decode(row.result)
    summary = meta if isinstance(meta, dict) and row.status in ("SUCCESS", "SKIPPED") else {}
    run = RunFacts(row.status, dry_run=dry_run_of(row))
    run.counts = {key: summary[key] for key in COUNT_KEYS if key in summary}
    requests = summary.get("requests")
    run.requests = {name: count for name, count in (requests if isinstance(requests, dict) else {}).items()
                    if isinstance(count, (int, float))}  # totals; the per-endpoint breakdown stays in the JSON
    run.duration_s = summary.get("duration_s")
    started = getattr(row, "date_started", None)  # a field of recent django-celery-results versions
    if run.duration_s is None and started and row.date_done:
        run.duration_s = round((row.date_done - started).total_seconds(), 3)
    run.notes = [str(note) for note in summary.get("notes") or []]
    run.errors = [error if isinstance(error, dict) else {"object_id": "", "reason": str(error)}
                  for error in summary.get("errors") or []]
    run.would_send = summary.get("would_send")
    run.samples = list(summary.get("samples") or [])
    run.skipped_by = summary.get("running_task_id") if row.status == "SKIPPED" else None
    if row.status not in ("SUCCESS", "SKIPPED", "PENDING", "STARTED", "PROGRESS"):
        run.reason = one_line(error_text(meta)) if meta else one_line(row.traceback or row.status, last=True)
    return run
