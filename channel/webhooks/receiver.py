"""The receiver: `POST /hooks/orders/<channel_id>/`, called by the marketplace on every package change.

It does the least that makes a delivery safe, then answers:

    authenticate   the channel's configured method (x-api-key, or Basic), constant-time; else 401
    validate       Content-Length within WEBHOOK_BODY_MAX_BYTES (413), JSON, each package's
                   shipmentPackageId, status and lastModifiedDate (400); nothing is stored on a refusal
    store          one INSERT of every package (a repeated delivery inserts nothing)
    answer         200 {"stored": n}, after the commit
    enqueue        noted after the commit and done by the process's background thread
                   (`channel.webhooks.notifier`): one drain per channel (`channel.webhooks.queueing`)

    curl -X POST -H "x-api-key: $SECRET" -H "Content-Type: application/json" \\
         -d '{"page": 0, "size": 1, "totalPages": 1, "totalElements": 1, "content": [<package>]}' \\
         https://<host>/hooks/orders/1/
    -> 200 {"stored": 1}

A plain Django view on purpose: no session, no DRF, no cache or broker round trip while the sender waits.
"""
from __future__ import annotations

import logging

from django.db import transaction
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt

from channel.models import WebhookEvent
from channel.webhooks import credentials, parsing
from channel.webhooks.notifier import notifier
from security.bodies import BodyRefused

logger = logging.getLogger(__name__)


def refuse(status: int, message: str) -> JsonResponse:
    return JsonResponse({"error": message}, status=status)


@csrf_exempt
def receive(request: HttpRequest, channel_id: int) -> JsonResponse:
    if request.method != "POST":
        return refuse(405, "POST a package change here")
    found = credentials.lookup(channel_id)
    if found is None or not found.accept(request.headers.get("x-api-key"), request.headers.get("Authorization")):
        logger.warning("webhook for channel %s refused: wrong or missing credentials", channel_id)
        return refuse(401, "authentication failed")
    try:
        parsing.check_length(request.headers.get("Content-Length"))
        events = parsing.events(request.body)
    except BodyRefused as exc:
        return refuse(exc.status, str(exc))
    with transaction.atomic():
        WebhookEvent.objects.bulk_create(parsing.rows(channel_id, events, timezone.now()), ignore_conflicts=True)
        transaction.on_commit(lambda: notifier.notify(channel_id), robust=True)
    return JsonResponse({"stored": len(events)})
