"""The status of one run, read from its result row (django-celery-results) and its queue record."""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django_celery_results.models import TaskResult

from channel.api.trigger import recorded
from channel.flows.registry import get_flow_by_task
from channel.task_base import PROGRESS

ERROR_STATES = frozenset({"FAILURE", "RETRY", "REVOKED"})
FINISHED_STATES = frozenset({"SUCCESS", "FAILURE", "REVOKED", "SKIPPED"})


@dataclass
class RunStatus:
    task_id: str
    flow: str | None
    state: str
    progress: dict | None
    summary: dict | None
    error: str | None
    date_created: datetime | None
    date_done: datetime | None

    @property
    def finished(self) -> bool:
        return self.state in FINISHED_STATES


def decode(result: str | None) -> Any:
    """The stored JSON result; text that is not JSON is returned as it is."""
    if not result:
        return None
    try:
        return json.loads(result)
    except ValueError:
        return result


def error_text(meta: Any) -> str:
    """"ExcType: message" from Celery's JSON form of an exception."""
    if isinstance(meta, dict) and "exc_type" in meta:
        message = meta.get("exc_message")
        if isinstance(message, (list, tuple)):
            message = " ".join(str(part) for part in message)
        return f"{meta['exc_type']}: {message}" if message else str(meta["exc_type"])
    return str(meta)


def from_row(row: TaskResult, flow: str | None = None) -> RunStatus:
    meta = decode(row.result)
    spec = get_flow_by_task(row.task_name or "")
    return RunStatus(
        task_id=row.task_id, flow=flow or (spec.name if spec else None), state=row.status,
        progress=meta if row.status == PROGRESS and isinstance(meta, dict) else None,
        summary=meta if row.status in ("SUCCESS", "SKIPPED") and isinstance(meta, dict) else None,
        error=error_text(meta) if row.status in ERROR_STATES else None,
        date_created=row.date_created,  # type: ignore[attr-defined]  # missing from celery-types' stub
        date_done=row.date_done if row.status in FINISHED_STATES else None,
    )


def run_status(task_id: str) -> RunStatus | None:
    """The run's state, or None when the id is neither a stored result nor a run queued here."""
    row = TaskResult.objects.filter(task_id=task_id).first()
    record = recorded(task_id)
    if row is not None:
        return from_row(row, record.flow if record else None)
    if record is None:
        return None
    return RunStatus(task_id, record.flow, "PENDING", None, None, None, None, None)
