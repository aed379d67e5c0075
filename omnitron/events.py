"""Operational events: the second log sink Akinon's channel app writes beside error reports.

Akinon's channel app (0.0.161) posts one event to `channel/{ch}/operational_events/` right
after each error report it posts, so Omnitron's monitoring follows the app by event type and
level. `event_from_report` builds that event from an error-report body; `post_event` sends it
and never fails the caller. An Omnitron without the route answers 404: that is remembered per
host for a day, so a run does not pay one useless request per report.
"""
from __future__ import annotations

import hashlib
import logging
import re
from typing import TYPE_CHECKING, Any

from omnitron.errors import NotFound, OmnitronError

if TYPE_CHECKING:
    from omnitron.client import OmnitronClient

logger = logging.getLogger(__name__)

SOURCE = "channel_app"  # what Omnitron's monitoring groups channel apps by
ABSENT_TTL = 24 * 3600
# The model a report is about -> the event type monitoring filters on.
EVENT_TYPES = {
    "product": "product_error", "productprice": "product_price_error", "productstock": "product_stock_error",
    "productimage": "product_image_error", "order": "order_error", "orderitem": "order_error",
    "cancellationrequest": "cancellation_request_error", "categorytree": "category_error",
    "categorynode": "category_error", "batchrequest": "batch_request_error",
}
_SECRET_KEYS = r"(?:api[_-]?key|token|secret|password|passwd|authorization|e-?mail|phone|mobile|gsm)"
_KEY_VALUE = re.compile(rf"(?i)(\"?[\w-]*{_SECRET_KEYS}[\w-]*\"?\s*[:=]\s*)(\"[^\"]*\"|[^\s,&;}}]+)")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_LONG_NUMBER = re.compile(r"\d{10,}")


def mask(text: str | None) -> str | None:
    """Hide credentials, e-mail addresses, phone numbers and other long digit runs."""
    if text is None:
        return None
    text = _KEY_VALUE.sub(lambda m: m.group(1) + ('"***"' if m.group(2).startswith('"') else "***"), text)
    return _LONG_NUMBER.sub("***", _EMAIL.sub("***", text))


def event_from_report(report: dict[str, Any], model: str | None, event_type: str | None = None) -> dict[str, Any]:
    """The event for one error-report body (`model`: the report's object, e.g. "product")."""
    ok = bool(report.get("is_ok"))
    raw_request, raw_response = report.get("raw_request") or "", report.get("raw_response") or ""
    object_id = report.get("action_object_id")
    event = {
        "action_content_type": model,
        "action_object_id": int(str(object_id)) if str(object_id or "").isdigit() else None,
        "context": {"error_code": str(report.get("error_code") or ""),
                    "error_description": str(report.get("error_desc") or ""),
                    "modified_date": str(report.get("obj_modified_date") or "")},
        "event_type": event_type or EVENT_TYPES.get(model or "", "unknown_error"),
        "level": "info" if ok else "error",
        "message": mask(str(report.get("error_desc") or report.get("error_code") or "")),
        "parent_span_id": None,
        "raw_data": None if ok or not (raw_request or raw_response)
        else {"raw_request": mask(raw_request), "raw_response": mask(raw_response)},
        "source": SOURCE,
        "span_id": None,
        "tags": {"action_content_type": model or ""},
        "trace_id": None,
    }
    return dict(sorted(event.items()))


def post_event(client: OmnitronClient, event: dict[str, Any]) -> bool:
    """Send one event; False (and a log line) when Omnitron did not take it."""
    cache = client.transport.cache
    absent = "omnitron:operational-events-absent:" + hashlib.sha1(client.base_url.encode()).hexdigest()[:16]
    if cache.get(absent):
        return False
    try:
        client.operational_events.create(event)
    except NotFound:
        logger.info("%s has no operational_events route; not posting events for a day", client.base_url)
        cache.set(absent, True, ABSENT_TTL)
        return False
    except OmnitronError as exc:
        logger.warning("operational event for channel %s not stored: %s", client.channel_id, exc)
        return False
    return True
