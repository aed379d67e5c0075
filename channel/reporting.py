"""Report a failed sync run to Omnitron's error reports ("Marketplace Logs").

Operators already watch that screen in Omnitron, so a run that failed for good (retries spent,
or an error no retry can fix) shows up there with the flow, the task id and the error, beside
the per-object reports the engine writes.
"""
from __future__ import annotations

import logging
import time

from omnitron.errors import APIError, OmnitronError
from omnitron.factory import client_from_settings

logger = logging.getLogger(__name__)

MAX_TEXT = 4000


def failure_body(flow: str, channel_id: int, task_id: str, exc: BaseException, channel_ct: int) -> dict:
    """The error-report body of omnitron-api.md §3.4 for a run-level failure."""
    raw_request = f"{exc.method} - {exc.url}" if isinstance(exc, APIError) else ""
    return {
        "action_content_type": channel_ct,
        "action_object_id": channel_id,
        "error_code": f"{task_id}-Channel-{flow}-{time.time():.3f}",
        "error_desc": flow,
        "is_ok": False,
        "obj_modified_date": time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime()),
        "raw_request": raw_request,
        "raw_response": f"{exc.__class__.__name__}: {exc}"[:MAX_TEXT],
        "target_content_type": channel_ct,
        "target_object_id": str(channel_id),
    }


def report_run_failure(flow: str, channel_id: int, task_id: str, exc: BaseException) -> bool:
    """Post one error report; return whether Omnitron stored it (never raises an OmnitronError)."""
    try:
        client = client_from_settings(channel_id=channel_id)
        channel_ct = int(client.content_types.by_model("channel")["id"])
        client.error_reports.create(failure_body(flow, channel_id, task_id, exc, channel_ct))
    except OmnitronError as report_error:
        logger.warning("failure of %s[%s] not reported to Omnitron: %s", flow, task_id, report_error)
        return False
    logger.info("failure of %s[%s] reported to Omnitron channel %s", flow, task_id, channel_id)
    return True
