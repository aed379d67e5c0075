"""Omnitron's error reports ("Marketplace Logs"), every kind a run writes, in one place.

* per object (`object_failures`): one report per catalog object that failed, with the
  marketplace's own reason, so the seller reads Trendyol's words next to the product;
* per package (`package_failed`, `address_failed`): a package has no Omnitron object yet, so the
  report names the channel (or the order) and carries the package id in `error_code`; an unknown
  place also gets Omnitron's address-mapping report, which is what lets an operator map it;
* per run (`run_report`): counts and batch ids, ok when nothing failed;
* a failed run (`run_failure`): flow, task id and error, once the run fails for good.

Object and package reports share one budget per run (`max_error_reports` option, default 100):
a run where every product fails must not double its request count; the run report and the
task result still hold every count. A failing report never fails the sync. Each stored report is followed by its operational event
(`omnitron.events`), as Akinon's channel app does, so Omnitron's monitoring sees this app the way
it sees theirs.
The body fields are described in docs/omnitron.md ("Error reports").
"""
from __future__ import annotations

import logging
import time
from typing import TYPE_CHECKING, Any

from omnitron.errors import APIError, OmnitronError
from omnitron.events import event_from_report, post_event

from channel.flows.orders.places import COUNTRY_REPORT_CODE, REPORT_CODES, AddressError

if TYPE_CHECKING:
    from omnitron.client import OmnitronClient

    from channel.flows.definition import WorkItem
    from channel.flows.runtime import Runtime

logger = logging.getLogger(__name__)

DEFAULT_MAX_REPORTS = 100
MAX_TEXT = 4000  # characters of an error text kept in a report


def _now() -> str:
    return time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime())


def content_type_id(client: OmnitronClient, model: str) -> int:
    return int(client.content_types.by_model(model)["id"])


def post(client: OmnitronClient, body: dict[str, Any], channel_id: int, model: str,
         event_type: str | None = None) -> bool:
    """Store one report, then its operational event (`model`: what the report is about;
    `event_type` when the model alone does not say it); False (and a warning) when Omnitron
    refuses the report or cannot be reached."""
    try:
        client.error_reports.create(dict(sorted(body.items())))
    except OmnitronError as exc:
        logger.warning("error report for channel %s not stored: %s", channel_id, exc)
        return False
    post_event(client, event_from_report(body, model, event_type))
    return True


def within_budget(rt: Runtime) -> bool:
    """Take one report from the run's budget; False once it is spent."""
    sent = rt.cache.setdefault("error_reports_sent", [0])
    if sent[0] >= int(rt.option("max_error_reports", DEFAULT_MAX_REPORTS)):
        return False
    sent[0] += 1
    return True


def _body(rt: Runtime, model: str, object_id: Any, code: str, ok: bool, response: str,
          modified: str | None = None, request: str = "") -> dict[str, Any]:
    client, channel = rt.omnitron, rt.ctx.channel_id
    return {
        "target_content_type": content_type_id(client, "channel"), "target_object_id": str(channel),
        "action_content_type": content_type_id(client, model), "action_object_id": object_id,
        "error_code": code, "error_desc": rt.summary.flow, "is_ok": ok,
        "obj_modified_date": _now() if modified is None else modified, "raw_request": request, "raw_response": response,
    }


def object_failures(rt: Runtime, batch: dict[str, Any], items: list[WorkItem]) -> None:
    """One report per failed catalog item, within the run's budget."""
    for item in items:
        if item.failure is None:
            continue
        if not within_budget(rt):
            return
        reason_type, reason = item.failure
        code = f"{batch.get('local_batch_id')}-Omnitron-{rt.summary.flow}"
        post(rt.omnitron, _body(rt, item.content_type, item.pk, code, False, f"{reason_type}-{reason}",
                                modified=item.version_date or ""), rt.ctx.channel_id, item.content_type)


def package_failed(rt: Runtime, package_id: str, reason: str, *, model: str = "channel",
                   object_id: Any = None, raw_request: str = "") -> None:
    """Count one failed package in the summary and post its report, within the run's budget."""
    rt.summary.add_error(package_id, reason, key=package_id)
    logger.warning("%s: package %s of channel %s failed: %s", rt.summary.flow, package_id, rt.ctx.channel_id, reason)
    if not within_budget(rt):
        return
    code = f"{rt.summary.flow}-{package_id}-{time.time():.3f}"
    target = object_id if object_id is not None else rt.ctx.channel_id
    post(rt.omnitron, _body(rt, model, target, code, False, reason[:2000], request=raw_request), rt.ctx.channel_id,
         model, event_type="order_error")


def address_failed(rt: Runtime, package_id: str, error: AddressError) -> None:
    """The mapping report for the unknown place, then the package's own report."""
    channel = rt.ctx.channel_id
    code = f"{channel}_{error.name}"
    if error.kind in REPORT_CODES:
        body = {"type": error.kind, "remote_code": code, "integration_type": "sales_channel",
                "err_code": REPORT_CODES[error.kind], **error.params,
                "err_desc": f"Address is not valid. channel: {channel} code:{code} model: {error.kind.title()}"}
        if error.kind != "city":
            body["name"] = error.name
        try:
            rt.omnitron.error_reports.create_address_report(error.kind, body)
        except OmnitronError as exc:
            logger.warning("address report for %s not stored: %s", code, exc)
    reason = str(error) if error.kind in REPORT_CODES else f"{error} ({COUNTRY_REPORT_CODE})"
    package_failed(rt, package_id, reason)


def run_report(rt: Runtime, result: dict[str, Any]) -> None:
    """The run-level log line of a run that wrote batches: counts and batch ids."""
    if not result["batch_ids"]:
        return
    last_batch = result["batch_ids"][-1]
    code = f"{last_batch}-Channel-{rt.summary.flow}-{time.time():.3f}"
    keys = ("fetched", "sent", "succeeded", "failed", "batch_ids", "remote_batch_ids")
    text = ", ".join(f"{key}={result[key]}" for key in keys)
    post(rt.omnitron, _body(rt, "batchrequest", last_batch, code, result["failed"] == 0, text), rt.ctx.channel_id,
         "batchrequest")


def failure_body(flow: str, channel_id: int, task_id: str, exc: BaseException, channel_ct: int) -> dict[str, Any]:
    """The report of a run that failed for good: the channel is both target and action object."""
    return {
        "action_content_type": channel_ct, "action_object_id": channel_id,
        "error_code": f"{task_id}-Channel-{flow}-{time.time():.3f}", "error_desc": flow, "is_ok": False,
        "obj_modified_date": _now(),
        "raw_request": f"{exc.method} - {exc.url}" if isinstance(exc, APIError) else "",
        "raw_response": f"{exc.__class__.__name__}: {exc}"[:MAX_TEXT],
        "target_content_type": channel_ct, "target_object_id": str(channel_id),
    }


def run_failure(flow: str, channel_id: int, task_id: str, exc: BaseException) -> bool:
    """Post the failed run's report on a fresh client (the run's own may be what broke);
    return whether Omnitron stored it (never raises an OmnitronError)."""
    from omnitron.factory import client_from_settings

    try:
        client = client_from_settings(channel_id=channel_id)
        body = failure_body(flow, channel_id, task_id, exc, content_type_id(client, "channel"))
    except OmnitronError as report_error:
        logger.warning("failure of %s[%s] not reported to Omnitron: %s", flow, task_id, report_error)
        return False
    # As channel_app does for a command that fails inside a batch: a batch_request_error event.
    if post(client, body, channel_id, "channel", event_type="batch_request_error"):
        logger.info("failure of %s[%s] reported to Omnitron channel %s", flow, task_id, channel_id)
        return True
    return False
