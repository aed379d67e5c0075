"""Error reports (Omnitron's "Marketplace Logs"): one per failed object, one per run.

Per-object reports carry the marketplace's own reason, so the seller reads Trendyol's words
next to the product. They are capped per run (`max_error_reports` option): a run where
every product fails must not double its request count; the run-level report and the task
result still hold every count. A failing report never fails the sync.
"""
from __future__ import annotations

import logging
import time
from typing import TYPE_CHECKING, Any

from omnitron.errors import OmnitronError

from channel.flows.definition import WorkItem

if TYPE_CHECKING:
    from channel.flows.runtime import Runtime

logger = logging.getLogger(__name__)

DEFAULT_MAX_REPORTS = 100


def content_type_id(rt: Runtime, model: str) -> int:
    return int(rt.omnitron.content_types.by_model(model)["id"])


def post_report(rt: Runtime, body: dict[str, Any]) -> bool:
    try:
        rt.omnitron.error_reports.create(dict(sorted(body.items())))
    except OmnitronError as exc:
        logger.warning("error report for channel %s not stored: %s", rt.ctx.channel_id, exc)
        return False
    return True


def channel_target(rt: Runtime) -> dict[str, Any]:
    return {"target_content_type": content_type_id(rt, "channel"), "target_object_id": str(rt.ctx.channel_id)}


def report_failures(rt: Runtime, batch: dict[str, Any], items: list[WorkItem]) -> None:
    """One report per failed item, up to the run's cap."""
    failed = [item for item in items if item.failure]
    if not failed:
        return
    sent = rt.cache.setdefault("error_reports_sent", [0])
    budget = int(rt.option("max_error_reports", DEFAULT_MAX_REPORTS)) - sent[0]
    command = rt.summary.flow
    for item in failed[:max(budget, 0)]:
        reason_type, reason = item.failure or ("", "")
        body = {
            **channel_target(rt),
            "action_content_type": content_type_id(rt, item.content_type),
            "action_object_id": item.pk,
            "error_code": f"{batch.get('local_batch_id')}-Omnitron-{command}",
            "error_desc": command,
            "is_ok": False,
            "obj_modified_date": item.version_date or "",
            "raw_request": "",
            "raw_response": f"{reason_type}-{reason}",
        }
        if post_report(rt, body):
            sent[0] += 1


def report_run(rt: Runtime, result: dict[str, Any]) -> None:
    """The run-level log line: counts and batch ids, ok when nothing failed."""
    if not result["batch_ids"]:
        return
    last_batch = result["batch_ids"][-1]
    body = {
        **channel_target(rt),
        "action_content_type": content_type_id(rt, "batchrequest"),
        "action_object_id": last_batch,
        "error_code": f"{last_batch}-Channel-{rt.summary.flow}-{time.time():.3f}",
        "error_desc": rt.summary.flow,
        "is_ok": result["failed"] == 0,
        "obj_modified_date": time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime()),
        "raw_request": "",
        "raw_response": _run_text(result),
    }
    post_report(rt, body)


def _run_text(result: dict[str, Any]) -> str:
    keys = ("fetched", "sent", "succeeded", "failed", "batch_ids", "remote_batch_ids")
    return ", ".join(f"{key}={result[key]}" for key in keys)
