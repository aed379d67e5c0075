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


def summary_of(row: TaskResult, meta: Any) -> dict[str, Any]:
    """The run's summary dict: only a finished or skipped run has one."""
    return meta if isinstance(meta, dict) and row.status in ("SUCCESS", "SKIPPED") else {}


def request_totals(summary: dict[str, Any]) -> dict[str, Any]:
    """Request totals per side; the per-endpoint breakdown stays in the JSON."""
    requests = summary.get("requests")
    if not isinstance(requests, dict):
        return {}
    return {name: count for name, count in requests.items() if isinstance(count, (int, float))}


def duration_of(row: TaskResult, summary: dict[str, Any]) -> float | None:
    """The summary's duration, else the row's own start-to-done time."""
    if summary.get("duration_s") is not None:
        return summary["duration_s"]
    started = getattr(row, "date_started", None)  # a field of recent django-celery-results versions
    if started and row.date_done:
        return round((row.date_done - started).total_seconds(), 3)
    return None


def errors_of(summary: dict[str, Any]) -> list[dict[str, Any]]:
    return [error if isinstance(error, dict) else {"object_id": "", "reason": str(error)}
            for error in summary.get("errors") or []]


def failure_reason(row: TaskResult, meta: Any) -> str | None:
    """One line saying why a run failed; None for a run that did not fail."""
    if row.status in ("SUCCESS", "SKIPPED", "PENDING", "STARTED", "PROGRESS"):
        return None
    return one_line(error_text(meta)) if meta else one_line(row.traceback or row.status, last=True)


def facts(row: TaskResult) -> RunFacts:
    meta = decode(row.result)
    summary = summary_of(row, meta)
    return RunFacts(
        row.status,
        dry_run=dry_run_of(row),
        counts={key: summary[key] for key in COUNT_KEYS if key in summary},
        requests=request_totals(summary),
        duration_s=duration_of(row, summary),
        notes=[str(note) for note in summary.get("notes") or []],
        errors=errors_of(summary),
        reason=failure_reason(row, meta),
        would_send=summary.get("would_send"),
        samples=list(summary.get("samples") or []),
        skipped_by=summary.get("running_task_id") if row.status == "SKIPPED" else None,
    )
