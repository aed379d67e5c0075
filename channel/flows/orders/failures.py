"""Error reports for packages that could not be imported or written back.

A package has no Omnitron object yet, so its report names the channel as action object and
carries the package id in `error_code` (`<flow>-<package id>`, like the reference's
`GetOrders_<number>`). Unknown places also get Omnitron's address-mapping report
(`error_reports/{city|township|district}/`, omnitron-api.md §3.4), which is what lets an
operator add the mapping. Reports share the run's `max_error_reports` budget with the catalog
flows (channel.flows.reports) and never fail a run.
"""
from __future__ import annotations

import logging
import time
from typing import TYPE_CHECKING, Any

from omnitron.errors import OmnitronError

from channel.flows import reports
from channel.flows.orders.places import COUNTRY_REPORT_CODE, REPORT_CODES, AddressError

if TYPE_CHECKING:
    from channel.flows.runtime import Runtime

logger = logging.getLogger(__name__)


def _budget_left(rt: Runtime) -> bool:
    sent = rt.cache.setdefault("error_reports_sent", [0])
    if sent[0] >= int(rt.option("max_error_reports", reports.DEFAULT_MAX_REPORTS)):
        return False
    sent[0] += 1
    return True


def package_failed(rt: Runtime, package_id: str, reason: str, *, model: str = "channel",
                   object_id: Any = None, raw_request: str = "") -> None:
    """Count one failed package in the summary and post its error report."""
    rt.summary.add_error(package_id, reason, key=package_id)
    logger.warning("%s: package %s of channel %s failed: %s", rt.summary.flow, package_id, rt.ctx.channel_id, reason)
    if not _budget_left(rt):
        return
    body = {
        **reports.channel_target(rt),
        "action_content_type": reports.content_type_id(rt, model),
        "action_object_id": object_id if object_id is not None else rt.ctx.channel_id,
        "error_code": f"{rt.summary.flow}-{package_id}-{time.time():.3f}",
        "error_desc": rt.summary.flow, "is_ok": False,
        "obj_modified_date": time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime()),
        "raw_request": raw_request, "raw_response": reason[:2000],
    }
    reports.post_report(rt, body)


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
