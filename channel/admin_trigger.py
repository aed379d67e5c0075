"""Starting a run from admin (dashboard buttons, periodic task action): lock check, queue, message.

The lock is checked before queueing so the operator is told at once that a run is going on
(the task would skip by itself too, but only its result row would say so).
"""
from __future__ import annotations

import logging
from typing import Any

from django.contrib import messages
from django.http import HttpRequest
from django.utils.translation import gettext as _

from channel.api.trigger import BrokerUnavailable, enqueue
from channel.flows.registry import Flow
from channel.locks import lock_holder

logger = logging.getLogger(__name__)


def trigger(request: HttpRequest, spec: Flow, channel_id: int, dry_run: bool = False,
            options: dict[str, Any] | None = None) -> str | None:
    """Queue a run and tell the operator what happened; returns the new task id, None when skipped."""
    names = {"flow": spec.name, "channel": channel_id}
    holder = lock_holder(spec.name, channel_id)
    if holder:
        messages.warning(request, _("Not started: %(flow)s for channel %(channel)s is already running as "
                                    "%(id)s.") % {**names, "id": holder})
        return None
    try:
        run = enqueue(spec, channel_id, dry_run, options)
    except BrokerUnavailable as exc:
        messages.error(request, _("Could not queue %(flow)s for channel %(channel)s: the broker is "
                                  "unavailable (%(error)s).") % {**names, "error": exc})
        return None
    logger.info("admin user %s queued %s for channel %s as %s", request.user, spec.name, channel_id, run.task_id)
    text = _("Queued a dry run of %(flow)s for channel %(channel)s as %(id)s.") if dry_run else \
        _("Queued %(flow)s for channel %(channel)s as %(id)s.")
    messages.success(request, text % {**names, "id": run.task_id})
    return run.task_id
