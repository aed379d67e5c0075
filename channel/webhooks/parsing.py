"""A delivery's body -> the event rows to store, or a clear refusal (400 / 413).

Trendyol posts the package in the getShipmentPackages page wrapper
(`{"totalElements", "totalPages", "page", "size", "content": [<package>]}`). Each package
must name its `shipmentPackageId`, a known `status` and its `lastModifiedDate`; those three
(with the channel) make an event unique, so a repeated delivery stores nothing new.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings

from security.bodies import BodyRefused, BodyTooLarge, depth

MAX_PACKAGES = 50
MAX_DEPTH = 12
#: Package statuses a delivery may carry (the stream's and the webhook's vocabulary).
STATUSES = frozenset({"Awaiting", "Created", "Picking", "Invoiced", "Shipped", "Cancelled", "Delivered",
                      "UnDelivered", "Returned", "AtCollectionPoint", "UnPacked", "UnSupplied", "Verified"})


@dataclass(frozen=True)
class Event:
    package_id: str
    status: str
    modified_ms: int
    body: dict[str, Any]


def max_bytes() -> int:
    return int(settings.WEBHOOK_BODY_MAX_BYTES)


def check_length(content_length: str | None) -> None:
    """Refuse before reading: a missing or oversized `Content-Length`."""
    try:
        length = int(content_length or "")
    except ValueError:
        raise BodyRefused("a Content-Length header is required") from None
    if length > max_bytes():
        raise BodyTooLarge(f"body is larger than {max_bytes()} bytes")


def events(raw: bytes) -> list[Event]:
    """The packages of one delivery, validated; raises BodyRefused."""
    if len(raw) > max_bytes():
        raise BodyTooLarge(f"body is larger than {max_bytes()} bytes")
    try:
        data = json.loads(raw)
    except (ValueError, RecursionError):
        raise BodyRefused("body is not JSON") from None
    if depth(data) > MAX_DEPTH:
        raise BodyRefused(f"JSON nested deeper than {MAX_DEPTH} levels")
    content = data.get("content") if isinstance(data, dict) else None
    if not isinstance(content, list) or not 1 <= len(content) <= MAX_PACKAGES:
        raise BodyRefused(f"content must be a list of 1 to {MAX_PACKAGES} packages")
    return [event(package, index) for index, package in enumerate(content)]


def event(package: Any, index: int) -> Event:
    if not isinstance(package, dict):
        raise BodyRefused(f"content[{index}] is not an object")
    package_id, status, modified = (package.get(k) for k in ("shipmentPackageId", "status", "lastModifiedDate"))
    if isinstance(package_id, bool) or not isinstance(package_id, (int, str)) or not str(package_id).isdigit():
        raise BodyRefused(f"content[{index}].shipmentPackageId must be a number")
    if status not in STATUSES:
        raise BodyRefused(f"content[{index}].status {status!r} is not a package status")
    if isinstance(modified, bool) or not isinstance(modified, int) or modified <= 0:
        raise BodyRefused(f"content[{index}].lastModifiedDate must be epoch milliseconds")
    return Event(str(package_id), str(status), modified, package)


def rows(channel_id: int, found: list[Event], now: datetime) -> list[Any]:
    from channel.models import WebhookEvent

    return [WebhookEvent(channel_id=channel_id, package_id=e.package_id, status=e.status, modified_ms=e.modified_ms,
                         body=e.body, received_at=now) for e in found]
