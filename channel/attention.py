"""The "needs attention" strip of the Sync dashboard: what an operator should look at first.

    failed        the last run of a flow and channel failed (its reason, linked to the result)
    stuck         a lock is held but its run finished, or has published no progress for STUCK_AFTER_S
                  (a running run publishes every second)
    backlog       the last run stopped at the per-run cap, or the last three runs each fetched more
    rate-limited  the last run's reason or notes speak of a rate limit (HTTP 429, throttling)
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext as _
from django_celery_results.models import TaskResult

from channel.api.runs import FINISHED_STATES
from channel.dashboard import FlowRow
from channel.run_chart import RunPoint

STUCK_AFTER_S = 120
RATE_LIMITED = re.compile(r"\b429\b|rate.?limit|throttl", re.IGNORECASE)
CAP = "per-run cap"


@dataclass(frozen=True)
class Attention:
    kind: str  # failed, stuck, backlog, rate-limited
    flow: str
    channel_id: int
    text: str
    result_pk: int | None = None


def stuck_holders(rows: list[FlowRow], now: datetime) -> dict[str, str]:
    """Task id of a lock holder -> why it looks stuck; one query."""
    holders = [row.running_task_id for row in rows if row.running_task_id]
    found = {}
    for task_id, status, stamp in TaskResult.objects.filter(task_id__in=holders).values_list(
            "task_id", "status", "date_done"):
        if status in FINISHED_STATES:
            found[task_id] = _("the lock outlived its run (%(state)s)") % {"state": status}
        elif stamp and (now - stamp).total_seconds() > STUCK_AFTER_S:
            found[task_id] = _("no progress for %(s)d s") % {"s": (now - stamp).total_seconds()}
    return found


def growing(points: list[RunPoint]) -> bool:
    last = [point.objects for point in points if not point.failed][-3:]
    return len(last) == 3 and last[0] < last[1] < last[2]


def attention(rows: list[FlowRow], history: dict[tuple[str, int], list[RunPoint]],
              now: datetime | None = None) -> list[Attention]:
    now = now or timezone.now()
    stuck = stuck_holders(rows, now)
    items = []
    for row in rows:
        flow, channel, last = row.spec.name, row.channel_id, row.last
        if last and last.state in ("FAILURE", "REVOKED"):
            items.append(Attention("failed", flow, channel, last.error or last.state, last.result_pk))
        if row.running_task_id in stuck:
            items.append(Attention("stuck", flow, channel, stuck[row.running_task_id or ""]))
        notes = " ".join(last.notes) if last else ""
        if CAP in notes or growing(history.get((row.spec.task_name, channel), [])):
            items.append(Attention("backlog", flow, channel, _("backlog growing: each run fetches more")
                                   if CAP not in notes else _("the last run stopped at the per-run cap"),
                                   last.result_pk if last else None))
        if last and RATE_LIMITED.search(f"{last.error or ''} {notes}"):
            items.append(Attention("rate-limited", flow, channel, _("rate-limited by a remote service"),
                                   last.result_pk))
    return items
